import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { isPrivateAddress, publicOnlyLookup } from '../domain/webhook-target.js';

/**
 * Posts a webhook body and resolves with the receiver's status code. Redirects are not followed, the
 * response body is discarded, and unless private targets are allowed, the connection may only go to a
 * public address: IP literals are checked here, names at the moment the socket resolves them.
 */
export function postWebhook(
  url: URL,
  headers: Record<string, string>,
  body: string,
  options: { timeoutMs: number; allowPrivateTargets: boolean },
): Promise<number> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivateTargets && isIP(host) !== 0 && isPrivateAddress(host)) {
    return Promise.reject(
      new Error(`${host} is a private address; set CIS_WEBHOOKS_ALLOW_PRIVATE=true to allow such targets`),
    );
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        timeout: options.timeoutMs,
        ...(options.allowPrivateTargets ? {} : { lookup: publicOnlyLookup }),
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no response within ${options.timeoutMs} ms`)));
    request.on('error', reject);
    request.end(body);
  });
}
