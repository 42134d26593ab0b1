import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { build } from 'esbuild';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, type DevTokenIssuer } from '../shared/http/dev-tokens.js';
import { localCredentials, localRegion } from '../infra/local/dynamo.js';
import { bundleLikeProduction, projectRoot } from './bundle.js';
import { benchApp } from './harness.js';
import { median, ms, ratio, table } from './stats.js';

/** Runs per variant, alternating; the ratio budget applies to the medians. */
export const COLD_RUNS = 10;
export const COLD_BUDGET_RATIO = 2;
/** What the Lambda function's environment sets (infra/lambda.ts). */
const PRODUCTION_NODE_OPTIONS = '--enable-source-maps';

type ChildTimings = { processStartMs: number; readyMs: number; importMs: number; answers: { elapsedMs: number; status: number | undefined }[] };

type Variant = { name: string; bundle: string; nodeOptions: string; expectStatuses: number[] };

export type ColdStartResult = {
  runs: number;
  variants: {
    name: string;
    nodeOptions: string;
    bundleBytes: number;
    medianReadyMs: number;
    medianImportMs: number;
    medianFirstAnswerMs: number;
    medianAuthAnswerMs: number;
    samplesFirstAnswerMs: number[];
  }[];
  ratioFirstAnswer: number;
  ratioAuthAnswer: number;
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

/** Spawns one fresh Node process that imports `bundle` and answers the events; returns its timings. */
function runChild(childScript: string, variant: Variant, env: Record<string, string>): Promise<ChildTimings> {
  return new Promise((resolve, reject) => {
    const spawnAt = performance.timeOrigin + performance.now();
    const child = spawn(process.execPath, [childScript, variant.bundle], {
      env: { ...env, BENCH_SPAWN_AT: String(spawnAt), ...(variant.nodeOptions ? { NODE_OPTIONS: variant.nodeOptions } : {}) },
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
 * Simulated cold start: a new Node process imports a handler bundle and answers GET /health, then
 * an authenticated GET /v1/facilities (one DynamoDB query). The app bundle and an empty handler
 * bundle run alternately, `COLD_RUNS` times each, with the Lambda function's NODE_OPTIONS; a third,
 * informational variant runs the app bundle without source-map support.
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

  // A few facilities, so that the first authenticated request reads real items.
  const harness = await benchApp(dynamoEndpoint, tableName, tokens);
  const admin = await harness.as('admin', district);
  for (let i = 0; i < 5; i += 1) {
    await harness.expect(201, 'POST', '/v1/facilities', admin, benchStation(district, i), harness.newKey());
  }
  harness.destroy();

  const appDir = join(tempDir, 'cold-app');
  const emptyDir = join(tempDir, 'cold-empty');
  const childDir = join(tempDir, 'cold-child');
  for (const dir of [appDir, emptyDir, childDir]) mkdirSync(dir, { recursive: true });
  const [appBundle, emptyBundle] = await Promise.all([
    bundleLikeProduction('bench/cold-entry.ts', appDir),
    bundleLikeProduction('bench/empty-entry.ts', emptyDir),
  ]);
  const childScript = join(childDir, 'child.mjs');
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
  const events = [httpApiEvent('GET', '/health'), httpApiEvent('GET', '/v1/facilities', { authorization: `Bearer ${token}` })];
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
    BENCH_EVENTS: JSON.stringify(events),
  };

  const variants: Variant[] = [
    { name: 'empty handler', bundle: emptyBundle.file, nodeOptions: PRODUCTION_NODE_OPTIONS, expectStatuses: [200, 200] },
    { name: 'API app', bundle: appBundle.file, nodeOptions: PRODUCTION_NODE_OPTIONS, expectStatuses: [200, 200] },
    { name: 'API app, no source maps', bundle: appBundle.file, nodeOptions: '', expectStatuses: [200, 200] },
  ];
  const bytes = new Map([
    [emptyBundle.file, emptyBundle.bytes],
    [appBundle.file, appBundle.bytes],
  ]);

  // One untimed run of each warms the file cache; then rounds rotate the order of the variants.
  for (const variant of variants) await runChild(childScript, variant, env);
  const samples = new Map<string, ChildTimings[]>(variants.map((variant) => [variant.name, []]));
  for (let round = 0; round < COLD_RUNS; round += 1) {
    const order = variants.map((_, i) => variants[(i + round) % variants.length] as Variant);
    for (const variant of order) samples.get(variant.name)?.push(await runChild(childScript, variant, env));
    log(`  cold start round ${round + 1}/${COLD_RUNS}`);
  }

  const summaries = variants.map((variant) => {
    const runs = samples.get(variant.name) ?? [];
    const first = runs.map((run) => run.answers[0]?.elapsedMs ?? Number.NaN);
    return {
      name: variant.name,
      nodeOptions: variant.nodeOptions,
      bundleBytes: bytes.get(variant.bundle) ?? 0,
      medianReadyMs: median(runs.map((run) => run.readyMs)),
      medianImportMs: median(runs.map((run) => run.importMs)),
      medianFirstAnswerMs: median(first),
      medianAuthAnswerMs: median(runs.map((run) => run.answers[1]?.elapsedMs ?? Number.NaN)),
      samplesFirstAnswerMs: first.map((value) => Math.round(value * 10) / 10),
    };
  });
  const [empty, app] = summaries;
  if (!empty || !app) throw new Error('missing cold start samples');
  const ratioFirstAnswer = app.medianFirstAnswerMs / empty.medianFirstAnswerMs;
  const ratioAuthAnswer = app.medianAuthAnswerMs / empty.medianAuthAnswerMs;
  const result: ColdStartResult = {
    runs: COLD_RUNS,
    variants: summaries,
    ratioFirstAnswer,
    ratioAuthAnswer,
    budgetRatio: COLD_BUDGET_RATIO,
    withinBudget: ratioFirstAnswer <= COLD_BUDGET_RATIO,
  };

  const text = [
    table(
      ['variant', 'NODE_OPTIONS', 'bundle', 'node ready', 'import', '→ 1st answer (/health)', '→ 2nd answer (/v1/facilities)'],
      summaries.map((s) => [
        s.name,
        s.nodeOptions || '(none)',
        `${(s.bundleBytes / 1024).toFixed(1)} KiB`,
        ms(s.medianReadyMs),
        ms(s.medianImportMs),
        ms(s.medianFirstAnswerMs),
        ms(s.medianAuthAnswerMs),
      ]),
    ),
    '',
    `Medians of ${COLD_RUNS} alternating runs, ms from spawn. Ratio API app / empty handler:`,
    `  spawn → first answer (GET /health):                ${ratio(ratioFirstAnswer)}  (budget ≤ ${COLD_BUDGET_RATIO}×: ${result.withinBudget ? 'ok' : 'BROKEN'})`,
    `  spawn → first authenticated DynamoDB answer:       ${ratio(ratioAuthAnswer)}  (informational)`,
    `  API app, no source maps / empty:                   ${ratio((summaries[2]?.medianFirstAnswerMs ?? Number.NaN) / empty.medianFirstAnswerMs)}  (informational)`,
    `  first-answer samples, API app: ${app.samplesFirstAnswerMs.join(', ')}`,
    `  first-answer samples, empty:   ${empty.samplesFirstAnswerMs.join(', ')}`,
    `The API app is bench/cold-entry.ts: functions/api.ts's app with the ID-number key and the JWKS from the`,
    `environment, so no Secrets Manager call and no JWKS download (both are network round trips in Lambda)` +
      (options.apiBundleBytes ? `; production bundle ${(options.apiBundleBytes / 1024).toFixed(1)} KiB.` : '.'),
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
