import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { build } from 'esbuild';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, type DevTokenIssuer } from '../shared/http/dev-tokens.js';
import { localCredentials, localRegion } from '../infra/local/dynamo.js';
import { FUNCTION_NODE_OPTIONS } from '../infra/bundle.js';
import { bundleLikeProduction, projectRoot } from './bundle.js';
import { keys } from '../shared/store/keys.js';
import { benchApp } from './harness.js';
import { median, ms, ratio, table } from './stats.js';
import { scale } from './mode.js';

/** Runs per variant, alternating; the ratio budget applies to the medians. */
export const COLD_RUNS = scale(10, 3);
/** Budget: spawn → first authenticated DynamoDB answer of the API ≤ this × the floor's first GetItem answer. */
export const COLD_BUDGET_RATIO = 1.3;

type ChildTimings = {
  processStartMs: number;
  readyMs: number;
  importMs: number;
  answers: { elapsedMs: number; status: number | undefined }[];
  memory: { rssBytes: number; heapUsedBytes: number };
};

type Variant = { name: string; bundle: string; nodeOptions: string; events: unknown[]; expectStatuses: number[]; role: 'floor' | 'api' | 'info' };

export type ColdStartResult = {
  runs: number;
  variants: {
    name: string;
    nodeOptions: string;
    bundleBytes: number;
    medianReadyMs: number;
    medianImportMs: number;
    medianFirstAnswerMs: number;
    medianRssMiB: number;
    medianHeapUsedMiB: number;
    samplesFirstAnswerMs: number[];
  }[];
  /** API (production options) first authenticated DynamoDB answer / floor's first GetItem answer. */
  ratioToFloor: number;
  budgetRatio: number;
  withinBudget: boolean;
};

/** An API Gateway HTTP API (payload 2.0) event, as Lambda hands it to the handler. */
export function httpApiEvent(method: string, path: string, headers: Record<string, string> = {}): APIGatewayProxyEventV2 {
  const at = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'bench.execute-api.cn-northwest-1.amazonaws.com.cn', 'user-agent': 'bench', ...headers },
    requestContext: {
      accountId: '000000000000',
      apiId: 'bench',
      domainName: 'bench.execute-api.cn-northwest-1.amazonaws.com.cn',
      domainPrefix: 'bench',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: `bench-${at.getTime()}`,
      routeKey: '$default',
      stage: '$default',
      time: at.toISOString(),
      timeEpoch: at.getTime(),
    },
    isBase64Encoded: false,
  };
}

/**
 * The Node binary the cold children run on: this process's, or `BENCH_NODE` (a path), to measure on
 * the functions' own runtime when this machine's Node is another major version.
 */
const childNode = process.env['BENCH_NODE'] || process.execPath;

/** Spawns one fresh Node process that imports `bundle` and answers the events; returns its timings. */
function runChild(childScript: string, variant: Variant, env: Record<string, string>): Promise<ChildTimings> {
  return new Promise((resolve, reject) => {
    const spawnAt = performance.timeOrigin + performance.now();
    const child = spawn(childNode, [childScript, variant.bundle], {
      env: { ...env, BENCH_SPAWN_AT: String(spawnAt), BENCH_EVENTS: JSON.stringify(variant.events), ...(variant.nodeOptions ? { NODE_OPTIONS: variant.nodeOptions } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`${variant.name}: child exited with ${code}: ${stderr.trim().slice(0, 800)}`));
      try {
        const timings = JSON.parse(stdout.trim().split('\n').pop() ?? '') as ChildTimings;
        const statuses = timings.answers.map((answer) => answer.status);
        if (JSON.stringify(statuses) !== JSON.stringify(variant.expectStatuses)) {
          return reject(new Error(`${variant.name}: answered ${JSON.stringify(statuses)}, expected ${JSON.stringify(variant.expectStatuses)}`));
        }
        resolve(timings);
      } catch (error) {
        reject(new Error(`${variant.name}: unreadable output ${JSON.stringify(stdout.slice(0, 300))}: ${String(error)}`));
      }
    });
  });
}

/**
 * Simulated cold start: a new Node process imports a handler bundle and answers its first request.
 * The floor (a bundle that builds the DynamoDB document client and answers one GetItem) and the API
 * (an authenticated GET /v1/facilities/{id}: token check, one GetItem) run alternately, `COLD_RUNS`
 * times each, with the Lambda function's NODE_OPTIONS; the empty handler and the API with
 * `--enable-source-maps` run beside them for information.
 */
export async function coldStart(options: {
  tempDir: string;
  dynamoEndpoint: string;
  tokens: DevTokenIssuer;
  log: (line: string) => void;
  /** Size of the production bundle (section 1), to show what the bench entry leaves out. */
  apiBundleBytes?: number;
}): Promise<{
  result: ColdStartResult;
  text: string;
}> {
  const { tempDir, dynamoEndpoint, tokens, log } = options;
  const tableName = 'outreach-bench-cold';
  const district = '500117';

  // A few facilities, so that the first authenticated request reads a real item.
  const harness = await benchApp(dynamoEndpoint, tableName, tokens);
  const admin = await harness.as('admin', district);
  const facilityIds: string[] = [];
  for (let i = 0; i < 5; i += 1) {
    facilityIds.push((await harness.expect<{ id: string }>(201, 'POST', '/v1/facilities', admin, benchStation(district, i), harness.newKey())).body.id);
  }
  harness.destroy();

  const dirs = { app: join(tempDir, 'cold-app'), floor: join(tempDir, 'cold-floor'), empty: join(tempDir, 'cold-empty'), child: join(tempDir, 'cold-child') };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  const [appBundle, floorBundle, emptyBundle] = await Promise.all([
    bundleLikeProduction('bench/cold-entry.ts', dirs.app),
    bundleLikeProduction('bench/floor-entry.ts', dirs.floor),
    bundleLikeProduction('bench/empty-entry.ts', dirs.empty),
  ]);
  const childScript = join(dirs.child, 'child.mjs');
  await build({
    entryPoints: [join(projectRoot, 'bench/cold-child.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    outfile: childScript,
    logLevel: 'error',
  });

  const token = await tokens.issue({ role: 'admin', sub: 'bench-cold-admin', district });
  const apiEvents = [httpApiEvent('GET', `/v1/facilities/${facilityIds[0]}`, { authorization: `Bearer ${token}` })];
  // A Lambda-like environment: nothing inherited from this process (no tsx loader), region and
  // credentials from variables, DynamoDB Local through the SDK's endpoint variable.
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    TZ: 'UTC',
    AWS_REGION: localRegion,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    STAGE: 'bench',
    POWERTOOLS_SERVICE_NAME: 'outreach-api',
    TABLE_NAME: tableName,
    JWT_ISSUER: LOCAL_ISSUER,
    JWT_AUDIENCE: LOCAL_AUDIENCE,
    BENCH_JWKS: JSON.stringify(tokens.jwks),
    BENCH_ID_INDEX_KEY: 'bench-id-index-key-0123456789abcdef',
  };

  const production = FUNCTION_NODE_OPTIONS;
  const variants: Variant[] = [
    { name: 'floor: document client + GetItem', role: 'floor', bundle: floorBundle.file, nodeOptions: production, events: [{ key: keys.facility(facilityIds[0] ?? '') }], expectStatuses: [200] },
    { name: 'API: GET /v1/facilities/{id}', role: 'api', bundle: appBundle.file, nodeOptions: production, events: apiEvents, expectStatuses: [200] },
    { name: 'empty handler', role: 'info', bundle: emptyBundle.file, nodeOptions: production, events: [{}], expectStatuses: [200] },
    { name: 'API, --enable-source-maps', role: 'info', bundle: appBundle.file, nodeOptions: '--enable-source-maps', events: apiEvents, expectStatuses: [200] },
  ];
  const bytes = new Map([
    [emptyBundle.file, emptyBundle.startBytes],
    [floorBundle.file, floorBundle.startBytes],
    [appBundle.file, appBundle.startBytes],
  ]);

  // One untimed run of each warms the file cache; then rounds rotate the order of the variants.
  for (const variant of variants) await runChild(childScript, variant, env);
  const samples = new Map<string, ChildTimings[]>(variants.map((variant) => [variant.name, []]));
  for (let round = 0; round < COLD_RUNS; round += 1) {
    const order = variants.map((_, i) => variants[(i + round) % variants.length] as Variant);
    for (const variant of order) samples.get(variant.name)?.push(await runChild(childScript, variant, env));
    log(`  cold start round ${round + 1}/${COLD_RUNS}`);
  }

  const mib = (value: number) => Math.round((value / 1024 / 1024) * 10) / 10;
  const summaries = variants.map((variant) => {
    const runs = samples.get(variant.name) ?? [];
    const first = runs.map((run) => run.answers[0]?.elapsedMs ?? Number.NaN);
    return {
      name: variant.name,
      role: variant.role,
      nodeOptions: variant.nodeOptions,
      bundleBytes: bytes.get(variant.bundle) ?? 0,
      medianReadyMs: median(runs.map((run) => run.readyMs)),
      medianImportMs: median(runs.map((run) => run.importMs)),
      medianFirstAnswerMs: median(first),
      medianRssMiB: mib(median(runs.map((run) => run.memory.rssBytes))),
      medianHeapUsedMiB: mib(median(runs.map((run) => run.memory.heapUsedBytes))),
      samplesFirstAnswerMs: first.map((value) => Math.round(value * 10) / 10),
    };
  });
  const floor = summaries.find((s) => s.role === 'floor');
  const api = summaries.find((s) => s.role === 'api');
  if (!floor || !api) throw new Error('missing cold start samples');
  const ratioToFloor = api.medianFirstAnswerMs / floor.medianFirstAnswerMs;
  const result: ColdStartResult = {
    runs: COLD_RUNS,
    variants: summaries,
    ratioToFloor,
    budgetRatio: COLD_BUDGET_RATIO,
    withinBudget: ratioToFloor <= COLD_BUDGET_RATIO,
  };

  const text = [
    table(
      ['variant', 'NODE_OPTIONS', 'read at start', 'node ready', 'import', 'spawn → 1st answer', 'vs floor', 'RSS after', 'heap used'],
      summaries.map((s) => [
        s.name,
        s.nodeOptions || '(none)',
        `${(s.bundleBytes / 1024).toFixed(1)} KiB`,
        ms(s.medianReadyMs),
        ms(s.medianImportMs),
        ms(s.medianFirstAnswerMs),
        ratio(s.medianFirstAnswerMs / floor.medianFirstAnswerMs),
        `${s.medianRssMiB} MiB`,
        `${s.medianHeapUsedMiB} MiB`,
      ]),
    ),
    '',
    `Medians of ${COLD_RUNS} alternating runs, ms from spawn, on Node ${execFileSync(childNode, ['--version']).toString().trim()}; production NODE_OPTIONS: ${production || '(none)'}.`,
    `  API first authenticated DynamoDB answer / floor:  ${ratio(ratioToFloor)}  (budget ≤ ${COLD_BUDGET_RATIO}×: ${result.withinBudget ? 'ok' : 'BROKEN'})`,
    `  samples, API:   ${api.samplesFirstAnswerMs.join(', ')}`,
    `  samples, floor: ${floor.samplesFirstAnswerMs.join(', ')}`,
    `The API is bench/cold-entry.ts: functions/api.ts's app with the ID-number key and the JWKS from the`,
    `environment, so no Secrets Manager call and no JWKS download (network round trips in Lambda that`,
    `functions/api.ts starts together at init)` +
      (options.apiBundleBytes ? `; production bundle ${(options.apiBundleBytes / 1024).toFixed(1)} KiB of code with its chunks.` : '.'),
  ].join('\n');
  return { result, text };
}

/** A valid facility body (an aid station of a district). */
export function benchStation(district: string, i: number) {
  return {
    name: `救助管理站 ${i + 1}`,
    type: 'aid_station',
    district,
    address: '重庆市合川区南津街街道',
    location: { lat: 29.98, lng: 106.27 },
    capacity: { male: 30, female: 12 },
  };
}
