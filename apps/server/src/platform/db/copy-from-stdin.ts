import type pg from 'pg';
import { COPY_FROM_STDIN } from './copy-rows.js';

type CopyResult = { command: 'COPY'; rowCount: number; rows: [] };

/** The parts of node-postgres's connection a submittable query talks to. */
type WireConnection = {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
};

/**
 * A node-postgres submittable that runs `COPY ... FROM STDIN` and sends the given text as its data. The
 * client hands it the connection when its turn comes and forwards the server's replies to its handlers.
 */
class CopyFromStdin {
  readonly result: Promise<CopyResult>;
  #resolve!: (result: CopyResult) => void;
  #reject!: (error: unknown) => void;
  #rowCount = 0;
  #failed = false;

  constructor(
    readonly statement: string,
    readonly data: string,
  ) {
    this.result = new Promise<CopyResult>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  submit(connection: WireConnection): void {
    connection.query(this.statement);
  }

  handleCopyInResponse(connection: WireConnection): void {
    const bytes = Buffer.from(this.data, 'utf8');
    // The server reads each CopyData message whole into memory, so large data goes in 1 MiB messages.
    for (let offset = 0; offset < bytes.length; offset += 1 << 20) {
      connection.sendCopyFromChunk(bytes.subarray(offset, offset + (1 << 20)));
    }
    connection.endCopyFrom();
  }

  handleCommandComplete(message: { text?: string }): void {
    this.#rowCount = Number(/^COPY (\d+)$/.exec(message.text ?? '')?.[1] ?? 0);
  }

  handleError(error: unknown): void {
    this.#failed = true;
    this.#reject(error);
  }

  handleReadyForQuery(): void {
    if (!this.#failed) this.#resolve({ command: 'COPY', rowCount: this.#rowCount, rows: [] });
  }

  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/**
 * Makes a pooled client run the statements of copyRows as COPY: such a statement comes with its data as
 * the only parameter. Every other query goes to node-postgres unchanged.
 */
export function enableCopyFromStdin(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const copyAware = (...args: unknown[]): unknown => {
    const [text, values] = args;
    if (
      typeof text === 'string' &&
      Array.isArray(values) &&
      values.length === 1 &&
      typeof values[0] === 'string' &&
      COPY_FROM_STDIN.test(text)
    ) {
      const copy = new CopyFromStdin(text, values[0]);
      query(copy);
      return copy.result;
    }
    return query(...args);
  };
  client.query = copyAware as typeof client.query;
}
