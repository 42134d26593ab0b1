/** The bench's sections, run in order by bench/run.ts (see there). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDevTokenIssuer } from '../shared/http/dev-tokens.js';
import { startDynamoLocal, type DynamoLocal } from '../infra/local/dynamo.js';
import { bundleLikeProduction, heaviestInputs, heaviestPackages, projectRoot } from './bundle.js';
import { coldStart } from './cold-start.js';
import { load } from './load.js';
import { nameSearch } from './name-search.js';
import { roundTrips } from './round-trips.js';
import { writeUnits } from './write-units.js';
import { campaignBench } from './campaigns.js';
import { matchingEvaluation } from './matching.js';
import { errorText, kib, table } from './stats.js';
import { quick } from './mode.js';

const startedAt = performance.now();
const results: Record<string, unknown> = { startedAt: new Date().toISOString(), node: process.version };
const failures: string[] = [];
const log = (line: string) => process.stderr.write(`${line}\n`);
const print = (line = '') => process.stdout.write(`${line}\n`);
const heading = (title: string) => print(`\n== ${title} ${'='.repeat(Math.max(0, 76 - title.length))}`);

/** `npm run bench -- matching load`: only the sections named (keys below); the README and results.json are then left as they are. */
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));

/** How long each section took, printed at the end (and written with the results). */
const sectionSeconds: [string, number][] = [];

/** Runs one section; a failure is printed and remembered, and the next section still runs. */
async function section(key: string, title: string, run: () => Promise<void>) {
  if (only.length && !only.includes(key)) return;
  heading(title);
  const started = performance.now();
  try {
    await runSection(key, title, run);
  } finally {
    const seconds = (performance.now() - started) / 1000;
    sectionSeconds.push([key, seconds]);
  }
}

async function runSection(key: string, title: string, run: () => Promise<void>) {
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
const readmeTables: string[] = [];
const loadFailures: string[] = [];
const matchingFailures: string[] = [];

try {
  await section('bundle', '1. Function bundles (infra/bundle.ts, as the stack builds them)', async () => {
    const functions = ['functions/api.ts', 'functions/events.ts', 'functions/sweep.ts'];
    const bundles = await Promise.all(functions.map((entry) => bundleLikeProduction(entry, join(tempDir, entry.replace(/\W/g, '-')))));
    const api = bundles[0];
    if (!api) throw new Error('no API bundle');
    const apiCodeBytes = api.bytes + api.chunkBytes;
    apiBundleBytes = apiCodeBytes;
    const inputs = heaviestInputs(api.metafile, 10);
    const packages = heaviestPackages(api.metafile, 8);
    results['bundle'] = {
      functions: Object.fromEntries(functions.map((entry, i) => [entry, { bytes: bundles[i]?.bytes, startBytes: bundles[i]?.startBytes, chunkBytes: bundles[i]?.chunkBytes, gzipBytes: bundles[i]?.gzipBytes, sourceMapBytes: bundles[i]?.sourceMapBytes, lazyBytes: bundles[i]?.lazyBytes }])),
      topInputs: inputs,
      topPackages: packages,
    };
    const bundleTable = table(
      ['function', 'code read at start', 'all code', 'gzip', 'data on first use', 'source maps (not loaded)'],
      functions.map((entry, i) => [entry, kib(bundles[i]?.startBytes ?? 0), kib((bundles[i]?.bytes ?? 0) + (bundles[i]?.chunkBytes ?? 0)), kib(bundles[i]?.gzipBytes ?? 0), kib(bundles[i]?.lazyBytes ?? 0), kib(bundles[i]?.sourceMapBytes ?? 0)]),
    );
    readmeTables.push(bundleTable);
    print(bundleTable);
    print();
    print(table(['API: top inputs (bytes in output)', 'size', 'share'], inputs.map((i) => [i.input, kib(i.bytes), `${((100 * i.bytes) / apiCodeBytes).toFixed(1)}%`])));
    print();
    print(table(['API: by package', 'size', 'share'], packages.map((p) => [p.input, kib(p.bytes), `${((100 * p.bytes) / apiCodeBytes).toFixed(1)}%`])));
  });

  const tokens = await createDevTokenIssuer();
  const needDynamo = async () => (dynamo ??= await startDynamoLocal());

  await section('coldStart', '2. Simulated cold start (new Node process: import the bundle, answer)', async () => {
    const { result, text } = await coldStart({ tempDir, dynamoEndpoint: (await needDynamo()).endpoint, tokens, log, apiBundleBytes });
    results['coldStart'] = result;
    coldBudgetBroken = !result.withinBudget;
    readmeTables.push(text);
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

  await section('load', '7. Local load (HTTP to the app on Node, DynamoDB Local)', async () => {
    // On a DynamoDB Local of its own, as matching below: the JVM the sections above filled answers
    // a raw Query several times slower than a fresh one, and the budgets compare the app with it.
    await dynamo?.stop();
    dynamo = undefined;
    const own = await startDynamoLocal();
    const outcome = await load({ dynamoEndpoint: own.endpoint, tokens, log }).finally(() => own.stop());
    results['load'] = { rows: outcome.rows, shares: outcome.shares, searchShares: outcome.searchShares, searchAudit: outcome.searchAudit, answered: outcome.answered, stored: outcome.stored, audited: outcome.audited, spotCellCount: outcome.spotCellCount, serverErrors: outcome.serverErrors };
    loadFailures.push(...outcome.failures);
    readmeTables.push(outcome.text);
    print(outcome.text);
  });

  await section('matching', '8. Family tracing: matching one found person against the open reports', async () => {
    // On a DynamoDB Local of its own: after the sections above, a shared one (one JVM holding their
    // tables and streams) loaded the index entries some twenty times slower than a fresh one.
    const own = await startDynamoLocal();
    const { evaluation, text } = await matchingEvaluation({ dynamoEndpoint: own.endpoint, log }).finally(() => own.stop());
    results['matching'] = evaluation;
    if (evaluation.recallAt5 < 0.95) matchingFailures.push(`matching recall@5 ${(100 * evaluation.recallAt5).toFixed(1)}% is under 95%`);
    if (evaluation.medianScoredShare > 0.02) matchingFailures.push(`matching scores ${(100 * evaluation.medianScoredShare).toFixed(1)}% of reports per person (budget 2%)`);
    if (evaluation.medianMs > 100) matchingFailures.push(`matching one person takes ${evaluation.medianMs.toFixed(1)} ms at the median (budget 100 ms)`);
    readmeTables.push(text);
    print(text);
  });
} finally {
  await dynamo?.stop();
  rmSync(tempDir, { recursive: true, force: true });
}

if (scanSeen) failures.push('a Scan was observed');
if (coldBudgetBroken) failures.push('cold start is over its ratio budget');
failures.push(...loadFailures, ...matchingFailures);
const seconds = (performance.now() - startedAt) / 1000;
results['durationSeconds'] = Math.round(seconds * 10) / 10;
results['sectionSeconds'] = Object.fromEntries(sectionSeconds.map(([key, s]) => [key, Math.round(s * 10) / 10]));
results['failures'] = failures;
// A partial or quick run leaves the recorded results and the README as they were.
const writes = !only.length && !quick;
if (writes) writeFileSync(join(projectRoot, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

// The README shows the latest run's tables (between its bench markers).
const readmePath = join(projectRoot, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const [start, end] = ['<!-- bench: written by npm run bench -->', '<!-- /bench -->'];
if (writes && readme.includes(start) && readme.includes(end) && readmeTables.length) {
  const timings = `Sections (s): ${sectionSeconds.map(([key, s]) => `${key} ${s.toFixed(0)}`).join(', ')}; total ${seconds.toFixed(0)} s.`;
  const block = [`Run of ${String(results['startedAt']).slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}, ${failures.length ? `failing: ${failures.join('; ')}` : 'every budget holds'}.`, timings, '', '```text', readmeTables.join('\n\n'), '```'].join('\n');
  writeFileSync(readmePath, `${readme.slice(0, readme.indexOf(start) + start.length)}\n${block}\n${readme.slice(readme.indexOf(end))}`);
}

heading('Summary');
print(table(['section', 'seconds'], [...sectionSeconds.map(([key, s]) => [key, s.toFixed(1)]), ['total', seconds.toFixed(1)]]));
print(failures.length ? failures.map((failure) => `FAIL  ${failure}`).join('\n') : 'all budgets given as ratios hold; no Scan');
print(`total ${seconds.toFixed(1)} s; ${quick ? 'quick run (small scale): results.json and the README left as they were' : only.length ? `sections ${only.join(', ')} only: results.json and the README left as they were` : 'results in bench/results.json'}`);
process.exit(failures.length ? 1 : 0);
