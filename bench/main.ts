/** The bench's sections, run in order by bench/run.ts (see there). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDevTokenIssuer } from '../shared/http/dev-tokens.js';
import { startDynamoLocal, type DynamoLocal } from '../infra/local/dynamo.js';
import { bundleLikeProduction, heaviestInputs, heaviestPackages, projectRoot } from './bundle.js';
import { coldStart } from './cold-start.js';
import { nameSearch } from './name-search.js';
import { roundTrips } from './round-trips.js';
import { writeUnits } from './write-units.js';
import { campaignBench } from './campaigns.js';
import { errorText, kib, table } from './stats.js';

const startedAt = performance.now();
const results: Record<string, unknown> = { startedAt: new Date().toISOString(), node: process.version };
const failures: string[] = [];
const log = (line: string) => process.stderr.write(`${line}\n`);
const print = (line = '') => process.stdout.write(`${line}\n`);
const heading = (title: string) => print(`\n== ${title} ${'='.repeat(Math.max(0, 76 - title.length))}`);

/** Runs one section; a failure is printed and remembered, and the next section still runs. */
async function section(key: string, title: string, run: () => Promise<void>) {
  heading(title);
  const started = performance.now();
  try {
    await run();
  } catch (error) {
    failures.push(`${title}: ${error instanceof Error ? error.message : String(error)}`);
    results[key] = { error: errorText(error) };
    print(`FAILED: ${errorText(error)}`);
  }
  print(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

const tempDir = mkdtempSync(join(tmpdir(), 'outreach-bench-'));
let dynamo: DynamoLocal | undefined;
let scanSeen = false;
let coldBudgetBroken = false;
let apiBundleBytes: number | undefined;

try {
  await section('bundle', '1. API bundle (functions/api.ts, production esbuild options)', async () => {
    const bundle = await bundleLikeProduction('functions/api.ts', join(tempDir, 'api'));
    apiBundleBytes = bundle.bytes;
    const inputs = heaviestInputs(bundle.metafile, 10);
    const packages = heaviestPackages(bundle.metafile, 8);
    results['bundle'] = { bytes: bundle.bytes, gzipBytes: bundle.gzipBytes, sourceMapBytes: bundle.sourceMapBytes, topInputs: inputs, topPackages: packages };
    print(`index.mjs ${kib(bundle.bytes)} minified, ${kib(bundle.gzipBytes)} gzip (source map ${kib(bundle.sourceMapBytes)})`);
    print();
    print(table(['top inputs (bytes in output)', 'size', 'share'], inputs.map((i) => [i.input, kib(i.bytes), `${((100 * i.bytes) / bundle.bytes).toFixed(1)}%`])));
    print();
    print(table(['by package', 'size', 'share'], packages.map((p) => [p.input, kib(p.bytes), `${((100 * p.bytes) / bundle.bytes).toFixed(1)}%`])));
  });

  const tokens = await createDevTokenIssuer();
  const needDynamo = async () => (dynamo ??= await startDynamoLocal());

  await section('coldStart', '2. Simulated cold start (new Node process: import the bundle, answer)', async () => {
    const { result, text } = await coldStart({ tempDir, dynamoEndpoint: (await needDynamo()).endpoint, tokens, log, apiBundleBytes });
    results['coldStart'] = result;
    coldBudgetBroken = !result.withinBudget;
    print(text);
  });

  await section('roundTrips', '3. DynamoDB round trips per API call (DynamoDB Local)', async () => {
    const { results: routes, text } = await roundTrips({ dynamoEndpoint: (await needDynamo()).endpoint, tokens, log });
    results['roundTrips'] = routes;
    if (routes.some((route) => route.scan)) scanSeen = true;
    print(text);
  });

  await section('nameSearch', '4. Name search scaling (GET /v1/persons?q=)', async () => {
    const { rows, ratios, registration, text } = await nameSearch({ dynamoEndpoint: (await needDynamo()).endpoint, tokens, log });
    results['nameSearch'] = { registration, rows, ratios };
    if (registration.scan || rows.some((row) => row.scan)) scanSeen = true;
    print(text);
  });
  await section('writeUnits', '5. Write units per encounter (ReturnConsumedCapacity=INDEXES)', async () => {
    results['writeUnits'] = await writeUnits({ dynamoEndpoint: (await needDynamo()).endpoint, tokens, log: () => undefined }).then((text) => (print(text), text));
  });
  await section('campaigns', '6. Campaign visit list: a district-wide cold wave (5,000 members, 2,000 sleeping spots)', async () => {
    const { text, result } = await campaignBench({ dynamoEndpoint: (await needDynamo()).endpoint, tokens, log });
    results['campaigns'] = result;
    print(text);
  });
} finally {
  await dynamo?.stop();
  rmSync(tempDir, { recursive: true, force: true });
}

if (scanSeen) failures.push('a Scan was observed');
if (coldBudgetBroken) failures.push('cold start is over its ratio budget');
const seconds = (performance.now() - startedAt) / 1000;
results['durationSeconds'] = Math.round(seconds * 10) / 10;
results['failures'] = failures;
writeFileSync(join(projectRoot, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

heading('Summary');
print(failures.length ? failures.map((failure) => `FAIL  ${failure}`).join('\n') : 'all budgets given as ratios hold; no Scan');
print(`total ${seconds.toFixed(1)} s; results in bench/results.json`);
process.exit(failures.length ? 1 : 0);
