/**
 * The API function's lean fetch classes (shared/http/lean-fetch.ts): the production bundle, run in a
 * fresh Node process on API Gateway events, answers reads, writes, replays, refusals, a body over
 * the limit, CSV, XLSX and HTML exactly as the app answers them with Node's own classes, and never
 * loads undici. Beside it, the classes' own contract.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bundleLikeProduction } from '../../bench/bundle.js';
import { localCredentials, localRegion } from '../../infra/local/dynamo.js';
import { MAX_BODY_BYTES } from '../../shared/http/app.js';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../shared/http/dev-tokens.js';
import { LeanHeaders, LeanRequest, LeanResponse } from '../../shared/http/lean-fetch.js';
import { testApp, uniqueDistrict } from '../support/app.js';
import { station } from '../support/facilities.js';

type Answer = { statusCode?: number; headers?: Record<string, string>; body?: string; isBase64Encoded?: boolean };

const dir = mkdtempSync(join(tmpdir(), 'outreach-lean-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An API Gateway HTTP API (payload 2.0) event. */
function event(method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  const [rawPath, rawQueryString = ''] = path.split('?') as [string, string?];
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers: { host: 'api.example.cn', ...headers },
    requestContext: { accountId: '0', apiId: 'lean', domainName: 'api.example.cn', domainPrefix: 'api', http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' }, requestId: randomUUID(), routeKey: '$default', stage: '$default', time: '', timeEpoch: 0 },
    isBase64Encoded: false,
    ...(body === undefined ? {} : { body }),
  };
}

async function runBundle(bundle: string, child: string, env: Record<string, string>, events: unknown[]): Promise<{ undiciLoaded: boolean; answers: Answer[] }> {
  const eventsFile = join(dir, `events-${randomUUID()}.json`);
  writeFileSync(eventsFile, JSON.stringify(events));
  return new Promise((resolve, reject) => {
    const process_ = spawn(process.execPath, [child, bundle], { env: { ...env, LEAN_EVENTS_FILE: eventsFile }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    process_.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    process_.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    process_.on('error', reject);
    process_.on('close', (code) => {
      if (code !== 0) return reject(new Error(`child exited ${code}: ${stderr.slice(0, 2000)}`));
      try {
        resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as { undiciLoaded: boolean; answers: Answer[] });
      } catch (error) {
        reject(new Error(`unreadable child output ${stdout.slice(0, 500)} ${stderr.slice(0, 500)}: ${String(error)}`));
      }
    });
  });
}

describe('the API bundle on the lean fetch classes', () => {
  let harness: Awaited<ReturnType<typeof testApp>>;
  let bundle: string;
  let child: string;
  let env: Record<string, string>;
  const district = uniqueDistrict();

  beforeAll(async () => {
    harness = await testApp();
    const appDir = join(dir, 'app');
    mkdirSync(appDir, { recursive: true });
    bundle = (await bundleLikeProduction('bench/cold-entry.ts', appDir)).file;
    child = join(dir, 'child.mjs');
    await build({ entryPoints: ['test/support/lean-fetch-child.ts'], bundle: true, platform: 'node', target: 'node20', format: 'esm', outfile: child, logLevel: 'error' });
    env = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      TZ: 'UTC',
      AWS_REGION: localRegion,
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      STAGE: 'test',
      LOG_LEVEL: 'ERROR',
      TABLE_NAME: inject('tableName'),
      JWT_ISSUER: LOCAL_ISSUER,
      JWT_AUDIENCE: LOCAL_AUDIENCE,
      BENCH_JWKS: JSON.stringify(harness.tokens.jwks),
      BENCH_ID_INDEX_KEY: 'lean-id-index-key-0123456789abcdef',
    };
  }, 120_000);

  it('answers as the app does on Node’s classes, and never loads undici', { timeout: 120_000 }, async () => {
    const admin = await harness.as('admin', { district });
    const created = await harness.send('POST', '/v1/facilities', admin, station(district, { name: '合川区救助管理站（一）' }));
    expect(created.status).toBe(201);
    const facility = (await created.json()) as { id: string };
    const key = randomUUID();
    const json = { ...admin, 'content-type': 'application/json' };
    const newStation = JSON.stringify(station(district, { name: '合川区救助管理站（二）' }));
    const month = new Date().toISOString().slice(0, 7);
    const events = [
      event('GET', '/health'),
      event('GET', `/v1/facilities/${facility.id}`, admin),
      event('POST', '/v1/facilities', { ...json, 'idempotency-key': key }, newStation),
      event('POST', '/v1/facilities', { ...json, 'idempotency-key': key }, newStation),
      event('POST', '/v1/facilities', { ...json, 'idempotency-key': randomUUID() }, JSON.stringify({ name: '' })),
      event('POST', '/v1/facilities', { ...json, 'idempotency-key': randomUUID() }, 'x'.repeat(MAX_BODY_BYTES + 1)),
      event('GET', `/v1/facilities/${randomUUID()}`, admin),
      event('GET', `/v1/reports/monthly?month=${month}&district=${district}&format=csv`, admin),
      event('GET', `/v1/reports/monthly?month=${month}&district=${district}&format=xlsx`, admin),
      event('GET', '/docs'),
      event('GET', '/v1/facilities'),
    ];
    const { undiciLoaded, answers } = await runBundle(bundle, child, env, events);
    expect(undiciLoaded).toBe(false);
    expect(answers.map((answer) => answer.statusCode), JSON.stringify(answers.slice(2, 5))).toEqual([200, 200, 201, 201, 400, 413, 404, 200, 200, 200, 401]);

    // The same requests through the app on Node's own Request and Response.
    const [health, read, , , refused, , missing, csv, , docs] = answers as Answer[];
    const viaNode = await harness.app.request(`/v1/facilities/${facility.id}`, { headers: admin });
    expect(JSON.parse(read?.body ?? '')).toEqual(await viaNode.json());
    expect(read?.headers?.['content-type']).toBe(viaNode.headers.get('content-type'));
    expect(read?.headers?.['etag']).toBe(viaNode.headers.get('etag'));
    expect(JSON.parse(health?.body ?? '')).toEqual({ status: 'ok' });
    expect(JSON.parse(answers[3]?.body ?? '')).toEqual(JSON.parse(answers[2]?.body ?? ''));
    expect(refused?.headers?.['content-type']).toMatch(/^application\/problem\+json/);
    expect((JSON.parse(refused?.body ?? '') as { errors: { path: string }[] }).errors.map((error) => error.path)).toContain('body.name');
    expect(missing?.headers?.['content-type']).toMatch(/^application\/problem\+json/);
    const csvViaNode = await harness.app.request(`/v1/reports/monthly?month=${month}&district=${district}&format=csv`, { headers: admin });
    // Response.text() drops a leading BOM (UTF-8 decode); the lean response hands the body over as
    // written, so the CSV keeps the BOM that tells Excel it is UTF-8 (with Node's classes the Lambda
    // adapter lost it).
    const withoutTime = (text: string) => text.replace(/生成时间,[^\r\n]*/, '生成时间,');
    expect(withoutTime(csv?.body ?? '')).toBe(withoutTime(`\ufeff${await csvViaNode.text()}`));
    expect(answers[8]?.isBase64Encoded).toBe(true);
    expect(Buffer.from(answers[8]?.body ?? '', 'base64').subarray(0, 2).toString()).toBe('PK');
    expect(docs?.headers?.['content-type']).toMatch(/^text\/html/);
  });
});

describe('lean fetch classes', () => {
  it('headers: case-insensitive, sorted, set-cookie kept apart, built from pairs, records and headers', () => {
    const headers = new LeanHeaders({ 'Content-Type': 'application/json', Vary: ['Accept', 'Origin'] });
    headers.append('set-cookie', 'a=1');
    headers.append('Set-Cookie', 'b=2');
    expect(headers.get('content-type')).toBe('application/json');
    expect(headers.get('VARY')).toBe('Accept, Origin');
    expect([...headers]).toEqual([['content-type', 'application/json'], ['set-cookie', 'a=1'], ['set-cookie', 'b=2'], ['vary', 'Accept, Origin']]);
    expect(headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect([...new LeanHeaders(headers)]).toEqual([...headers]);
    expect(new LeanHeaders([['X-A', '1']]).get('x-a')).toBe('1');
    headers.delete('Vary');
    expect(headers.has('vary')).toBe(false);
  });

  it('a request body reads once, as text, JSON or bytes; a copy reads again; a stream is there when asked', async () => {
    const request = new LeanRequest('https://api.example.cn/v1/x?a=1', { method: 'post', headers: { 'content-type': 'application/json' }, body: new TextEncoder().encode('{"a":1}') });
    expect(request.method).toBe('POST');
    expect(request.body).not.toBeNull();
    const copy = new LeanRequest(request);
    expect(await copy.json()).toEqual({ a: 1 });
    expect(await request.text()).toBe('{"a":1}');
    expect(request.bodyUsed).toBe(true);
    await expect(request.text()).rejects.toThrow(TypeError);
    expect(new LeanRequest('https://api.example.cn/').body).toBeNull();
  });

  it('a response keeps status and headers, types a string body, and reads a stream body', async () => {
    const response = new LeanResponse('hello', { status: 201, headers: { 'x-a': '1' } });
    expect([response.status, response.ok, response.headers.get('content-type'), response.headers.get('x-a')]).toEqual([201, true, 'text/plain;charset=UTF-8', '1']);
    const again = new LeanResponse(response.body, { status: 418, headers: response.headers });
    expect(await again.text()).toBe('hello');
    expect(new LeanResponse(null, response).status).toBe(201);
    expect(() => new LeanResponse(null, { status: 99 })).toThrow(RangeError);
    expect(await LeanResponse.json({ a: 1 }).json()).toEqual({ a: 1 });
  });
});
