import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** The little of a fetch response that jose reads from a key set's answer. */
type KeySetResponse = { status: number; json: () => Promise<unknown> };

/** At most this many bytes of a key set (a few keys are some 2 KB). */
const MAX_KEY_SET_BYTES = 1024 * 1024;

/**
 * A GET of the issuer's key set over node:https, for jose's `customFetch`: Node's own fetch would
 * load undici (20–30 ms) on the cold start's path. Redirects are not followed (jose asks for
 * `redirect: 'manual'` and wants a 200), and the request ends with the caller's signal.
 */
export function fetchKeySet(url: string, init: { headers?: Iterable<readonly [string, string]> | Record<string, string>; signal?: AbortSignal }): Promise<KeySetResponse> {
  const headers = init.headers ? Object.fromEntries(Symbol.iterator in Object(init.headers) ? [...(init.headers as Iterable<readonly [string, string]>)] : Object.entries(init.headers)) : {};
  const send = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(url, { method: 'GET', headers, ...(init.signal ? { signal: init.signal } : {}) }, (incoming) => {
      const chunks: Buffer[] = [];
      let size = 0;
      incoming.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_KEY_SET_BYTES) incoming.destroy(new Error('The key set is larger than 1 MiB'));
        else chunks.push(chunk);
      });
      incoming.on('error', reject);
      incoming.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: incoming.statusCode ?? 0, json: async () => JSON.parse(text) as unknown });
      });
    });
    outgoing.on('error', (error: Error) => reject(error.name === 'AbortError' && init.signal?.reason ? init.signal.reason : error));
    outgoing.end();
  });
}
