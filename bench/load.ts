import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'node:http';
import { serve } from '@hono/node-server';
import { BatchGetCommand, QueryCommand, TransactWriteCommand, type BatchGetCommandInput, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DevTokenIssuer } from '../shared/http/dev-tokens.js';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { addMonths, cstDate } from '../shared/domain/cst.js';
import { campaignRules } from '../shared/domain/rules.js';
import { streamDerivations } from '../shared/events/derivations.js';
import { publishStreamEvents, type StreamRecord } from '../shared/events/events.js';
import { keys } from '../shared/store/keys.js';
import { queryAll } from '../shared/store/pagination.js';
import { spotCellsFromStream, spotCellsOf } from '../shared/store/positions.js';
import { localCredentials, localRegion } from '../infra/local/dynamo.js';
import { registeredPerson } from '../test/support/persons.js';
import { benchApp } from './harness.js';
import { ms, percentile, ratio, table } from './stats.js';
import { scale } from './mode.js';

/** Seconds each scenario runs, per concurrency. */
export const LOAD_SECONDS = scale(10, 2);
/** The budget's scenarios run in this many rounds of alternating slices (each LOAD_SECONDS / LOAD_ROUNDS), LOAD_SECONDS in all each. */
export const LOAD_ROUNDS = scale(4, 2);
export const LOAD_CONNECTIONS = [10, 50] as const;
/** Budget: encounter writes at least this share of raw TransactWriteItems at the same concurrency. */
export const LOAD_BUDGET_SHARE = 0.5;
/** Seconds of untimed requests before the first timed scenario: DynamoDB Local's JVM and Node compile their hot paths. */
export const LOAD_WARMUP_SECONDS = scale(2, 1);
/** Stream records delivered a second time, as a redelivering stream would (each kind's idempotency). */
export const REDELIVERED_RECORDS = scale(300, 100);
/** The register search's budget: at this concurrency, at least this share of a raw Query's requests/s (alternating slices). */
export const SEARCH_BUDGET_SHARE = 0.5;
export const SEARCH_BUDGET_CONNECTIONS = 10;

const uuidPattern = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/**
 * The DynamoDB requests of one encounter, to replay raw with fresh ids: the same read (its keys,
 * with `personId` standing for the person read) and the same transaction (every item, size and
 * index key), each id replaced by a new one. The person's update loses its version condition,
 * which only the app can satisfy; it then writes a new item.
 */
function rawEncounterWork(read: BatchGetCommandInput, write: TransactWriteCommandInput) {
  const capturedPerson = /PERSON#([0-9a-f-]{36})/.exec(JSON.stringify(read))?.[1];
  return (person: string) => {
    const fresh = new Map<string, string>();
    const renew = <T>(value: T, keepPerson: boolean): T => {
      const id = (found: string) => (keepPerson && found === capturedPerson ? person : (fresh.get(found) ?? (fresh.set(found, randomUUID()), fresh.get(found) as string)));
      const walk = (v: unknown): unknown =>
        typeof v === 'string' ? v.replace(uuidPattern, id)
        : v instanceof Set ? new Set([...v].map(walk))
        : Array.isArray(v) ? v.map(walk)
        : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]))
        : v;
      return walk(value) as T;
    };
    const batch = renew(read, true);
    const transaction = renew(write, false);
    for (const item of transaction.TransactItems ?? []) {
      const update = item.Update;
      if (!update?.ConditionExpression?.includes(':version')) continue;
      delete update.ConditionExpression;
      const used = (name: string) => update.UpdateExpression?.includes(name) ?? false;
      update.ExpressionAttributeNames = Object.fromEntries(Object.entries(update.ExpressionAttributeNames ?? {}).filter(([name]) => used(name)));
      update.ExpressionAttributeValues = Object.fromEntries(Object.entries(update.ExpressionAttributeValues ?? {}).filter(([name]) => used(name)));
      if (!Object.keys(update.ExpressionAttributeNames).length) delete update.ExpressionAttributeNames;
    }
    return { batch, transaction };
  };
}

/** Every record of a table's stream so far, shard by shard from its start (DynamoDB Local). */
async function wholeStream(endpoint: string, tableName: string): Promise<StreamRecord[]> {
  const options = { endpoint, region: localRegion, credentials: localCredentials };
  const table = new DynamoDBClient(options);
  const streams = new DynamoDBStreamsClient(options);
  try {
    const streamArn = (await table.send(new DescribeTableCommand({ TableName: tableName }))).Table?.LatestStreamArn;
    if (!streamArn) throw new Error(`${tableName} has no stream`);
    const records: StreamRecord[] = [];
    for (const shard of (await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }))).StreamDescription?.Shards ?? []) {
      let iterator = (await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
      while (iterator) {
        const batch = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        records.push(...((batch.Records ?? []) as StreamRecord[]));
        // An open shard has no end: stop once it has nothing more.
        iterator = batch.Records?.length ? batch.NextShardIterator : undefined;
      }
    }
    return records;
  } finally {
    table.destroy();
    streams.destroy();
  }
}

type Sample = { ms: number; status: number };
type Run = { samples: Sample[]; elapsed: number; cpuMs: number };
type Row = { scenario: string; connections: number; requests: number; rps: number; p50: number; p99: number; statuses: Record<string, number>; meanMs: number; cpuMs: number };

/**
 * The load client: node:http with keep-alive, one socket per connection. It shares this process
 * with the app, so it is the leanest client Node has (fetch costs the app's CPU twice as much).
 */
function httpClient(base: string, connections: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const url = new URL(base);
  const send = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    new Promise<{ status: number; text: string; headers: Record<string, string | string[] | undefined> }>((resolve, reject) => {
      const req = request({ agent, host: url.hostname, port: url.port, method, path, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  return { send, close: () => agent.destroy() };
}

/** Runs `task` on `connections` loops for `seconds`; returns each call's latency and status. */
async function drive(connections: number, seconds: number, task: (worker: number, i: number) => Promise<number>): Promise<Run> {
  const samples: Sample[] = [];
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async (_, worker) => {
      for (let i = 0; performance.now() < until; i += 1) {
        const t = performance.now();
        let status: number;
        try {
          status = await task(worker, i);
        } catch {
          status = 0;
        }
        samples.push({ ms: performance.now() - t, status });
      }
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  return { samples, elapsed: (performance.now() - started) / 1000, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/**
 * Runs several tasks in turn, `rounds` slices of `sliceSeconds` each, the order rotated every round,
 * and merges each task's slices: the tasks a ratio compares meet the same background load (the
 * machine is shared), not one quiet and one busy stretch. `onSlice` names the task about to run.
 */
async function alternate(connections: number, rounds: number, sliceSeconds: number, tasks: ((worker: number, i: number) => Promise<number>)[], onSlice: (index: number | undefined) => void = () => undefined): Promise<Run[]> {
  const runs: Run[] = tasks.map(() => ({ samples: [], elapsed: 0, cpuMs: 0 }));
  for (let round = 0; round < rounds; round += 1) {
    for (let k = 0; k < tasks.length; k += 1) {
      const index = (round + k) % tasks.length;
      onSlice(index);
      const slice = await drive(connections, sliceSeconds, tasks[index] as (typeof tasks)[number]);
      onSlice(undefined);
      const run = runs[index] as Run;
      run.samples.push(...slice.samples);
      run.elapsed += slice.elapsed;
      run.cpuMs += slice.cpuMs;
    }
  }
  return runs;
}

function summarize(scenario: string, connections: number, run: Run): Row {
  const statuses: Record<string, number> = {};
  for (const s of run.samples) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
  const latencies = run.samples.map((s) => s.ms);
  return { scenario, connections, requests: run.samples.length, rps: run.samples.length / run.elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), statuses, meanMs: latencies.reduce((sum, t) => sum + t, 0) / Math.max(1, latencies.length), cpuMs: run.cpuMs / Math.max(1, run.samples.length) };
}

/**
 * Local load: the API on Node over HTTP (keep-alive fetch) against DynamoDB Local, beside raw
 * document-client TransactWriteItems, PutItem and Query at the same concurrency in the same run.
 * Scenarios: POST /v1/encounters (a fresh Idempotency-Key each, spread over 50 persons), a replay of
 * earlier encounters (same key and body), a register search by pinyin. Afterwards every encounter
 * answered 201 is counted back through the API (none lost, none twice) with its audit entry, and
 * the table's stream is handed to the events consumer twice, as a redelivering stream would: the
 * sleeping-spot cells must then count every stored encounter exactly once.
 */
export async function load(options: { dynamoEndpoint: string; tokens: DevTokenIssuer; log: (line: string) => void }) {
  const tableName = 'outreach-bench-load';
  const district = '500117';
  const harness = await benchApp(options.dynamoEndpoint, tableName, options.tokens);
  const admin = await harness.as('admin', district);
  const patrol = await harness.as('patrol', district);
  const personIds: string[] = [];
  for (let i = 0; i < 50; i += 1) {
    const created = await harness.expect<{ person: { id: string } }>(201, 'POST', '/v1/persons', admin, registeredPerson(district, { name: i % 2 ? '王小明' : '李娟', guardians: [] }), harness.newKey());
    personIds.push(created.body.person.id);
  }
  const server = serve({ fetch: harness.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = httpClient(base, Math.max(...LOAD_CONNECTIONS));

  let sequence = 0;
  const created = new Map<string, number>();
  const encounter = (personId: string) => ({
    personId,
    occurredAt: new Date(Date.now() - 60_000 - (sequence++ % 1000) * 1000).toISOString(),
    location: { lat: 29.9852, lng: 106.3496, crs: 'WGS84' },
    actions: ['offered_water'],
  });
  const post = async (body: unknown, key: string) => {
    const response = await client.send('POST', '/v1/encounters', { ...patrol, 'content-type': 'application/json', 'idempotency-key': key }, JSON.stringify(body));
    const text = response.text;
    if (response.status === 201 && response.headers['idempotent-replayed'] !== 'true') {
      const id = (JSON.parse(text) as { encounter: { id: string } }).encounter.id;
      created.set(id, (created.get(id) ?? 0) + 1);
    }
    return response.status;
  };
  const replays = await Promise.all(
    personIds.slice(0, 10).map(async (personId) => {
      const body = encounter(personId);
      const key = randomUUID();
      await post(body, key);
      return { body, key };
    }),
  );

  // One encounter's DynamoDB requests, captured to be replayed raw (the same work without the app).
  const captured: { read?: BatchGetCommandInput; write?: TransactWriteCommandInput } = {};
  harness.db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'BatchGetItemCommand' && !captured.write) captured.read = structuredClone(args.input as BatchGetCommandInput);
      if (context.commandName === 'TransactWriteItemsCommand' && !captured.write) captured.write = structuredClone(args.input as TransactWriteCommandInput);
      return next(args);
    },
    { step: 'initialize', name: 'benchCaptureEncounter' },
  );
  await post(encounter(personIds[11] ?? ''), randomUUID());
  harness.db.doc.middlewareStack.remove('benchCaptureEncounter');
  if (!captured.read || !captured.write) throw new Error('the encounter did not read and write as expected');
  const encounterWork = rawEncounterWork(captured.read, captured.write);
  const itemCount = captured.write.TransactItems?.length ?? 0;

  // Where an encounter's time goes: the app's DynamoDB calls, timed in the new-keys slices.
  const dynamoTime = { on: false, byCommand: new Map<string, { calls: number; ms: number }>() };
  harness.db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      if (!dynamoTime.on) return next(args);
      const started = performance.now();
      try {
        return await next(args);
      } finally {
        const name = String(context.commandName).replace(/Command$/, '');
        const seen = dynamoTime.byCommand.get(name) ?? { calls: 0, ms: 0 };
        dynamoTime.byCommand.set(name, { calls: seen.calls + 1, ms: seen.ms + performance.now() - started });
      }
    },
    { step: 'initialize', name: 'benchDynamoTime' },
  );
  const whereTimeGoes: { connections: number; perEncounter: Record<string, { calls: number; ms: number }> }[] = [];

  const rows: Row[] = [];
  const raw = harness.db;
  const newEncounter = (w: number, i: number) => post(encounter(personIds[(w * 7 + i) % personIds.length] ?? ''), randomUUID());
  const rawTransaction = async () => {
    const id = randomUUID();
    await raw.doc.send(new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: tableName, Item: { pk: `RAW#${id}`, sk: 'RAW', at: Date.now() }, ConditionExpression: 'attribute_not_exists(pk)' } },
        { Put: { TableName: tableName, Item: { pk: `RAWIDEM#${id}`, sk: 'IDEM', at: Date.now() }, ConditionExpression: 'attribute_not_exists(pk)' } },
      ],
    }));
    return 200;
  };
  // As the app does (shared/store/idempotency.ts): a transaction cancelled by a concurrent one is
  // read and sent again after 20, 40, 80… ms, at most five times.
  const rawEncounter = async (w: number, i: number) => {
    const { batch, transaction } = encounterWork(personIds[(w * 7 + i) % personIds.length] ?? '');
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await raw.doc.send(new BatchGetCommand(batch));
      try {
        await raw.doc.send(new TransactWriteCommand(transaction));
        return 200;
      } catch (error) {
        if ((error as { name?: string }).name !== 'TransactionCanceledException') throw error;
        await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
      }
    }
    return 409;
  };
  // The register search as a patrol worker sends it; every person shown must reach their audit trail.
  const shownBySearch = new Map<string, number>();
  const search = async () => {
    const response = await client.send('GET', `/v1/persons?q=wangxiaoming&district=${district}`, patrol);
    const text = response.text;
    if (response.status === 200) for (const item of (JSON.parse(text) as { items: { id: string }[] }).items) shownBySearch.set(item.id, (shownBySearch.get(item.id) ?? 0) + 1);
    return response.status;
  };
  const rawQuery = async () => {
    await raw.doc.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `PERSON#${personIds[0]}` }, Limit: 20 }));
    return 200;
  };
  // Warm-up, untimed, so that the first timed scenario does not pay for a cold JVM and cold code.
  options.log(`  warm-up (${LOAD_WARMUP_SECONDS} s)`);
  await drive(LOAD_CONNECTIONS[0], LOAD_WARMUP_SECONDS, newEncounter);
  await drive(LOAD_CONNECTIONS[0], LOAD_WARMUP_SECONDS, rawTransaction);
  await drive(LOAD_CONNECTIONS[0], LOAD_WARMUP_SECONDS, rawEncounter);
  for (const connections of LOAD_CONNECTIONS) {
    options.log(`  load at ${connections} connections`);
    // The budget's three rows in alternating slices: the app, its baseline, and its own raw work.
    dynamoTime.byCommand.clear();
    const [api, baseline, sameWork] = (await alternate(connections, LOAD_ROUNDS, LOAD_SECONDS / LOAD_ROUNDS, [newEncounter, rawTransaction, rawEncounter], (index) => {
      dynamoTime.on = index === 0;
    })) as [Run, Run, Run];
    const n = Math.max(1, api.samples.length);
    whereTimeGoes.push({ connections, perEncounter: Object.fromEntries([...dynamoTime.byCommand].map(([name, t]) => [name, { calls: t.calls / n, ms: t.ms / n }])) });
    rows.push(summarize('POST /v1/encounters (new keys)', connections, api));
    rows.push(summarize('raw TransactWriteItems (2 puts)', connections, baseline));
    rows.push(summarize(`raw encounter work (read + ${itemCount} items)`, connections, sameWork));
    rows.push(summarize('POST /v1/encounters (replay)', connections, await drive(connections, LOAD_SECONDS, (w, i) => {
      const replay = replays[(w + i) % replays.length];
      return replay ? post(replay.body, replay.key) : Promise.resolve(0);
    })));
    // The search and its baseline, a raw Query, in alternating slices (the search budget compares them).
    const [searchRun, queryRun] = (await alternate(connections, LOAD_ROUNDS, LOAD_SECONDS / LOAD_ROUNDS, [search, rawQuery])) as [Run, Run];
    rows.push(summarize('GET /v1/persons?q=wangxiaoming', connections, searchRun));
    rows.push(summarize('raw Query', connections, queryRun));
  }
  client.close();
  server.close();

  // Count back: every encounter answered 201 is stored once, and nothing else was.
  let stored = 0;
  for (const personId of personIds) {
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await harness.expect(200, 'GET', `/v1/persons/${personId}/encounters?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, admin);
      for (const item of page.body.items) if (!created.has(item.id)) throw new Error(`encounter ${item.id} stored but never answered 201`);
      stored += page.body.items.length;
      cursor = page.body.nextCursor;
    } while (cursor);
  }
  const duplicated = [...created.values()].filter((n) => n > 1).length;
  /** How many entries of one action a person's audit trail holds. */
  const auditCount = async (personId: string, action: string) =>
    (
      await queryAll(harness.db, {
        KeyConditionExpression: 'pk = :pk',
        FilterExpression: '#action = :action',
        ExpressionAttributeNames: { '#action': 'action' },
        ExpressionAttributeValues: { ':pk': keys.auditOf(personId), ':action': action },
      })
    ).length;
  // Each stored encounter's audit entry, written in its transaction.
  let audited = 0;
  for (const personId of personIds) audited += await auditCount(personId, 'encounter.create');
  // The events consumer over the run's stream, read once: the app's encounters (into their spot
  // cells) and the searches' audit views (fanned out to each person shown), all in stream order,
  // then an even sample of them again, as a redelivering stream would.
  options.log('  stream: encounters and audit views of the run, then a sample again');
  // The app's encounters only: the raw rows wrote encounter-shaped items of persons that do not exist.
  const partitions = new Set(personIds.map((personId) => keys.person(personId).pk));
  const attribute = (record: StreamRecord, name: string) => (record.dynamodb?.NewImage?.[name] as { S?: string } | undefined)?.S;
  const runRecords = (await wholeStream(options.dynamoEndpoint, tableName)).filter(
    (record) => record.eventName === 'INSERT' && ((attribute(record, 'type') === 'encounter' && partitions.has(attribute(record, 'pk') ?? '')) || attribute(record, 'type') === 'auditView'),
  );
  const encounterRecords = runRecords.filter((record) => attribute(record, 'type') === 'encounter');
  const viewRecords = runRecords.filter((record) => attribute(record, 'type') === 'auditView');
  const consumer = streamDerivations(harness.db, campaignRules);
  const deliver = async (records: StreamRecord[]) => {
    const outcome = await publishStreamEvents(records, { publish: async () => undefined }, consumer);
    if (outcome.failedSequenceNumber) throw outcome.error;
  };
  const streamStarted = performance.now();
  await deliver(runRecords);
  const firstPassSeconds = (performance.now() - streamStarted) / 1000;
  const step = Math.max(1, Math.floor(runRecords.length / REDELIVERED_RECORDS));
  const redelivered = runRecords.filter((_, index) => index % step === 0);
  await deliver(redelivered);
  const month = cstDate(new Date()).slice(0, 7);
  const cells = await spotCellsOf(harness.db, district, addMonths(`${month}-01`, -1).slice(0, 7), month);
  const counted = cells.reduce((sum, cell) => sum + cell.count, 0);
  const redeliveredKinds = { encounters: redelivered.filter((record) => attribute(record, 'type') === 'encounter').length, views: redelivered.filter((record) => attribute(record, 'type') === 'auditView').length };

  // Every person shown has one person.search entry per time shown.
  let searchAudited = 0;
  let searchAuditMissing = 0;
  for (const [personId, shown] of shownBySearch) {
    const entries = await auditCount(personId, 'person.search');
    searchAudited += entries;
    if (entries !== shown) searchAuditMissing += 1;
  }
  const searchShown = [...shownBySearch.values()].reduce((sum, n) => sum + n, 0);
  harness.destroy();

  const serverErrors = rows.reduce((sum, row) => sum + Object.entries(row.statuses).filter(([s]) => Number(s) >= 500 || s === '0').reduce((a, [, n]) => a + n, 0), 0);
  const shares = LOAD_CONNECTIONS.map((connections) => {
    const api = rows.find((r) => r.connections === connections && r.scenario.includes('new keys'));
    const rawRow = rows.find((r) => r.connections === connections && r.scenario.startsWith('raw Transact'));
    const sameWork = rows.find((r) => r.connections === connections && r.scenario.startsWith('raw encounter work'));
    return { connections, share: (api?.rps ?? 0) / (rawRow?.rps ?? Number.NaN), ofSameWork: (api?.rps ?? 0) / (sameWork?.rps ?? Number.NaN) };
  });
  const searchShares = LOAD_CONNECTIONS.map((connections) => {
    const searchRow = rows.find((r) => r.connections === connections && r.scenario.startsWith('GET /v1/persons?q='));
    const queryRow = rows.find((r) => r.connections === connections && r.scenario === 'raw Query');
    return { connections, share: (searchRow?.rps ?? 0) / (queryRow?.rps ?? Number.NaN) };
  });
  const searchShare = searchShares.find((s) => s.connections === SEARCH_BUDGET_CONNECTIONS)?.share ?? 0;
  const failures = [
    ...(searchShare >= SEARCH_BUDGET_SHARE ? [] : [`register search at ${SEARCH_BUDGET_CONNECTIONS} connections is ${ratio(searchShare)} of raw Query (budget ≥ ${SEARCH_BUDGET_SHARE}×)`]),
    ...(searchAudited === searchShown && searchAuditMissing === 0 ? [] : [`register search: ${searchShown} persons shown, ${searchAudited} person.search audit entries (${searchAuditMissing} persons off by some)`]),
    ...(serverErrors > 0 ? [`${serverErrors} 5xx or failed requests under load`] : []),
    ...(stored !== created.size || duplicated > 0 ? [`encounters: ${created.size} answered 201, ${stored} stored, ${duplicated} twice`] : []),
    ...(audited !== stored ? [`encounters: ${stored} stored, ${audited} audit entries`] : []),
    ...(counted !== stored ? [`spot cells count ${counted} encounters of ${stored} stored (a sample of the stream delivered twice)`] : []),
    ...shares.filter((s) => !(s.share >= LOAD_BUDGET_SHARE)).map((s) => `encounter writes at ${s.connections} connections are ${ratio(s.share)} of raw TransactWriteItems (budget ≥ ${LOAD_BUDGET_SHARE}×)`),
  ];
  const text = [
    table(
      ['scenario', 'conns', 'requests', 'req/s', 'p50', 'p99', 'statuses'],
      rows.map((r) => [r.scenario, r.connections, r.requests, r.rps.toFixed(0), ms(r.p50), ms(r.p99), Object.entries(r.statuses).map(([s, n]) => `${s}:${n}`).join(' ')]),
    ),
    '',
    `${LOAD_SECONDS} s per scenario and concurrency after a ${LOAD_WARMUP_SECONDS} s warm-up, HTTP keep-alive to the app on Node, DynamoDB Local in the same run;`,
    `new keys, raw TransactWriteItems and raw encounter work in ${LOAD_ROUNDS} rounds of alternating ${LOAD_SECONDS / LOAD_ROUNDS} s slices (${LOAD_SECONDS} s each), so that the ratios compare the same background load.`,
    `An encounter is one BatchGetItem (${captured.read.RequestItems?.[tableName]?.Keys?.length ?? 0} keys) and one TransactWriteItems of ${itemCount} items; "raw encounter work" sends the same two requests with fresh ids.`,
    ...shares.map((s) => `  encounter writes / raw TransactWriteItems at ${s.connections} connections: ${ratio(s.share)} (budget ≥ ${LOAD_BUDGET_SHARE}×); / raw encounter work: ${ratio(s.ofSameWork)}`),
    ...whereTimeGoes.map(({ connections, perEncounter }) => {
      const api = rows.find((r) => r.connections === connections && r.scenario.includes('new keys'));
      const rawRow = rows.find((r) => r.connections === connections && r.scenario.startsWith('raw Transact'));
      const inDynamo = Object.values(perEncounter).reduce((sum, t) => sum + t.ms, 0);
      const calls = Object.entries(perEncounter).map(([name, t]) => `${name} ${t.calls.toFixed(2)}× ${ms(t.ms)}`).join(' + ');
      return `  where an encounter's time goes at ${connections} connections: ${ms(api?.meanMs ?? 0)} on average, ${ms(inDynamo)} of it in DynamoDB calls (${calls}); Node CPU ${ms(api?.cpuMs ?? 0)} an encounter (app and load client, one process) against ${ms(rawRow?.cpuMs ?? 0)} a raw 2-put transaction`;
    }),
    `  encounters answered 201: ${created.size}; stored: ${stored}; stored twice: ${duplicated}; audit entries: ${audited}; 5xx: ${serverErrors}`,
    ...searchShares.map((s) => `  register search / raw Query at ${s.connections} connections: ${ratio(s.share)}${s.connections === SEARCH_BUDGET_CONNECTIONS ? ` (budget ≥ ${SEARCH_BUDGET_SHARE}×)` : ''}`),
    `  register search audit: ${searchShown} persons shown in ${[...rows].filter((r) => r.scenario.startsWith('GET /v1/persons?q=')).reduce((sum, r) => sum + (r.statuses['200'] ?? 0), 0)} searches; ${searchAudited} person.search entries on their trails after the stream's fan-out (${viewRecords.length} views)`,
    `  spot cells from the stream: ${counted} encounters counted of ${stored} stored`,
    `  the events consumer, one in stream order: ${runRecords.length} records (${encounterRecords.length} encounters, ${viewRecords.length} views) in ${firstPassSeconds.toFixed(1)} s, ${(runRecords.length / firstPassSeconds).toFixed(0)} records/s; then ${redelivered.length} of them again (${redeliveredKinds.encounters} encounters, ${redeliveredKinds.views} views), adding nothing`,
  ].join('\n');
  return { rows, shares, searchShares, searchAudit: { shown: searchShown, audited: searchAudited, views: viewRecords.length }, stored, answered: created.size, audited, spotCellCount: counted, serverErrors, failures, text };
}
