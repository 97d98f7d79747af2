// HTTP client of the vending benchmark, run as a child process of bench/vending.ts so that its CPU time is
// not counted as the server's. It receives the server's address, the selling API keys and the PANs over
// IPC, then sells on each `{ kind: 'sell' }` message and replies with each request's latency and status.
//
// Each vend goes to the next meter and agent in turn, for 10.00 to 49.00, with an Idempotency-Key unique
// to this process and counter.
import http from 'node:http';

/** The benchmark's set-up message. */
export type ClientSetup = {
  kind: 'setup';
  address: string;
  tokens: string[];
  pans: string[];
};

/** A request to sell `count` vends with `concurrency` in flight. */
export type ClientSell = { kind: 'sell'; count: number; concurrency: number };

/** The reply to a ClientSell: per vend, its milliseconds and HTTP status, and this process's CPU time. */
export type ClientResults = {
  kind: 'results';
  results: { ms: number; status: number }[];
  cpuSeconds: number;
};

let setup: ClientSetup | undefined;
let counter = 0;
// node:http with kept-alive connections took 0.14 ms of CPU a request where fetch (undici) took 0.54 on the
// benchmark's 2-core VM, and the client shares those cores with the server.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });

/** Posts a JSON body and returns the response's status once its body has arrived. */
function post(url: URL, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (response) => {
        response.on('data', () => {});
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

async function sell(): Promise<{ ms: number; status: number }> {
  const { address, tokens, pans } = setup!;
  counter += 1;
  const pan = pans[(counter * 7919) % pans.length]!;
  const token = tokens[counter % tokens.length]!;
  const amountMinor = String(1000 + ((counter * 37) % 40) * 100);
  const started = performance.now();
  const status = await post(
    new URL('/v1/prepaid/vends', address),
    {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': `bench-${process.pid}-${counter}`,
    },
    JSON.stringify({ pan, amountMinor, currency: 'ZAR' }),
  );
  return { ms: performance.now() - started, status };
}

/** Runs `count` sales with `concurrency` in flight at a time. */
async function runVends(count: number, concurrency: number): Promise<{ ms: number; status: number }[]> {
  const results: { ms: number; status: number }[] = [];
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started += 1;
      results.push(await sell());
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

process.on('message', (message: ClientSetup | ClientSell) => {
  if (message.kind === 'setup') {
    setup = message;
    process.send!({ kind: 'ready' });
    return;
  }
  const cpuBefore = process.cpuUsage();
  void runVends(message.count, message.concurrency).then((results) => {
    const cpu = process.cpuUsage(cpuBefore);
    const reply: ClientResults = { kind: 'results', results, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
    process.send!(reply);
  });
});
