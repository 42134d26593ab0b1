/**
 * Fuzzing from the contract: arbitrary and adversarial requests to every operation in /openapi.json,
 * derived from its schemas (test/support/contract.ts). For every request:
 * - never a 5xx;
 * - a 4xx is application/problem+json whose `status` is the response's;
 * - a 4xx writes nothing (the table's items are counted on DynamoDB Local; audit entries and the
 *   ID-lookup budget are left out: a refused lookup is audited and spends the budget on purpose);
 * - a 2xx JSON body satisfies the response schema the route declares, with no undeclared field.
 *
 * `npm test` runs FUZZ_RUNS (default 1,200) with a fixed seed (FUZZ_SEED, default below); `npm run
 * fuzz` runs more. A failure prints fast-check's seed, path and shrunk request, to replay with
 * FUZZ_SEED=<seed> (and fast-check's path).
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureTable, localCredentials, localRegion } from '../../infra/local/dynamo.js';
import { testApp } from '../support/app.js';
import {
  adversarialStrings,
  arbitraryOf,
  mutated,
  operationsOf,
  responseSchemas,
  undeclaredFields,
  type Hints,
  type OpenApiDocument,
  type Operation,
} from '../support/contract.js';
import { station } from '../support/facilities.js';
import { registeredPerson } from '../support/persons.js';

// About 15 runs per operation on average (there are some 80): with fewer, a random draw can leave one below the minimum.
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 1_200);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20_261_128);
/** Each operation must be exercised at least this often in a run, or the suite fails. */
const MIN_RUNS_PER_OPERATION = Math.min(5, Math.floor(RUNS / 100));

type FuzzRequest = {
  operation: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
};

const tableName = `outreach-fuzz-${randomUUID().slice(0, 8)}`;
let harness: Awaited<ReturnType<typeof testApp>>;
let doc: OpenApiDocument;
let operations: Operation[];
let hints: Hints;
let callers: Record<string, string>[];
let strangers: Record<string, string>[];

/** Items a rejected request must not change: everything but audit entries and lookup budgets. */
async function countItems(): Promise<number> {
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: localRegion, credentials: localCredentials }));
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: tableName,
        Select: 'COUNT',
        FilterExpression: 'NOT begins_with(pk, :audit) AND NOT begins_with(pk, :lookups)',
        ExpressionAttributeValues: { ':audit': 'AUDIT#', ':lookups': 'LOOKUPS#' },
        ExclusiveStartKey: start,
      }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  doc.destroy();
  return count;
}

beforeAll(async () => {
  await ensureTable(inject('dynamoEndpoint'), tableName);
  harness = await testApp({ tableName });
  const [home, away] = ['500117', '510104'];
  const ids: string[] = [];
  const facilities: Record<string, string> = {};
  for (const district of [home, away]) {
    const admin = await harness.as('admin', { district });
    const facility = (await (await harness.send('POST', '/v1/facilities', admin, station(district))).json()) as { id: string };
    facilities[district] = facility.id;
    const person = (await (await harness.send('POST', '/v1/persons', admin, registeredPerson(district))).json()) as { person: { id: string } };
    ids.push(facility.id, person.person.id);
  }
  hints = { districts: [home, away, '000000'], ids };
  callers = [
    ...(await Promise.all(
      [home, away].flatMap((district) => [
        harness.as('patrol', { district }),
        harness.as('shelter', { district, facility: facilities[district] }),
        harness.as('tracer', { district }),
        harness.as('admin', { district }),
      ]),
    )),
    await harness.as('shelter', { district: home }),
  ];
  // No token, a forged one, an unsigned one, another scheme.
  strangers = [
    {},
    { authorization: 'Bearer not-a-token' },
    { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' },
    { authorization: 'Basic \u00ff\u00fe' },
  ];
  doc = (await (await harness.app.request('/openapi.json')).json()) as OpenApiDocument;
  operations = operationsOf(doc);
}, 60_000);

/** A path segment; a lone surrogate goes out as the invalid UTF-8 a hostile client would send. */
function pathSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

/** The arbitrary request of one operation: path, query, headers and body from its schemas. */
function requestsOf(operation: Operation): fc.Arbitrary<FuzzRequest> {
  const params = (where: string) => operation.parameters.filter((p) => p.in === where);
  const valueOf = (p: { name: string; schema: object }) => fc.oneof({ weight: 6, arbitrary: arbitraryOf(p.schema, doc, hints, p.name) }, { weight: 1, arbitrary: fc.constantFrom(...adversarialStrings) });
  const pathValues = fc.tuple(...params('path').map((p) => fc.oneof({ weight: 4, arbitrary: arbitraryOf(p.schema, doc, hints, p.name) }, { weight: 1, arbitrary: fc.constantFrom(...adversarialStrings.filter(Boolean)) })));
  const query = fc.tuple(...params('query').map((p) => fc.option(valueOf(p), { freq: 2 }).map((value) => [p.name, value] as const)));
  const headers = fc.tuple(...params('header').map((p) => fc.option(valueOf(p), { freq: p.required ? 8 : 2 }).map((value) => [p.name, value] as const)));
  const bodyValue = operation.body
    ? fc.oneof(
        { weight: 6, arbitrary: arbitraryOf(operation.body, doc, hints).map((v) => JSON.stringify(v)) },
        { weight: 2, arbitrary: mutated(arbitraryOf(operation.body, doc, hints)).map((v) => JSON.stringify(v) ?? 'null') },
        { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
        { weight: 1, arbitrary: fc.constantFrom('', '{', '{"a":', 'null', '[]', '\u0000', '{"__proto__":{"x":1}}') },
      )
    : fc.option(fc.jsonValue({ maxDepth: 1 }).map((v) => JSON.stringify(v)), { freq: 8 });
  const contentType = fc.oneof(
    { weight: 12, arbitrary: fc.constant('application/json') },
    { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/merge-patch+json', 'application/json; charset=utf-16', 'application/xml', '') },
  );
  return fc.record({ caller: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...callers) }, { weight: 1, arbitrary: fc.constantFrom(...strangers) }), pathValues, query, headers, body: bodyValue, contentType }).map(({ caller, pathValues, query, headers, body, contentType }) => {
    let i = 0;
    const path = operation.path.replace(/\{[^}]+\}/g, () => pathSegment(String(pathValues[i++])));
    const search = new URLSearchParams(query.filter(([, value]) => value !== null).map(([name, value]): [string, string] => [name, String(value)])).toString();
    const headerValues = Object.fromEntries(
      headers.filter(([, value]) => value !== null).map(([name, value]) => [name, String(value).replace(/[^\x20-\x7e]/g, '?')]),
    );
    return {
      operation: operation.key,
      method: operation.method,
      url: `${path}${search ? `?${search}` : ''}`,
      headers: { ...caller, ...headerValues, ...(body === null || contentType === '' ? {} : { 'content-type': contentType }) },
      ...(body === null ? {} : { body }),
    };
  });
}

describe(`fuzzing every operation of /openapi.json (${RUNS} runs, seed ${SEED})`, () => {
  it('has a request generator and response schemas for every operation', async () => {
    expect(operations.length).toBeGreaterThan(30);
    const schemas = responseSchemas(await harness.app.contract());
    const missing: string[] = [];
    for (const operation of operations) {
      try {
        fc.sample(requestsOf(operation), { numRuns: 3, seed: SEED });
      } catch (error) {
        missing.push(`${operation.key}: no generator (${error instanceof Error ? error.message : String(error)})`);
      }
      const declared = schemas.get(operation.key);
      if (!declared) missing.push(`${operation.key}: not in the app's OpenAPI registry`);
      for (const status of operation.statuses.filter((s) => s >= 200 && s < 300 && s !== 204)) {
        if (!declared?.has(status)) missing.push(`${operation.key}: no JSON schema for ${status}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('never answers 5xx; 4xx are problem+json and write nothing; 2xx match the declared schema', { timeout: 600_000 }, async () => {
    const schemas = responseSchemas(await harness.app.contract());
    const runsPerOperation = new Map(operations.map((op) => [op.key, 0]));
    const statuses = new Map<number, number>();
    let items = await countItems();

    await fc.assert(
      fc.asyncProperty(fc.oneof(...operations.map(requestsOf)), async (request) => {
        runsPerOperation.set(request.operation, (runsPerOperation.get(request.operation) ?? 0) + 1);
        const response = await harness.app.request(request.url, { method: request.method, headers: request.headers, ...(request.body === undefined || request.method === 'GET' ? {} : { body: request.body }) });
        const text = await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);

        expect(response.status, text.slice(0, 300)).toBeLessThan(500);
        if (response.status >= 400) {
          expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
          expect((JSON.parse(text) as { status: number }).status).toBe(response.status);
          // GETs write nothing but audit entries, which the count leaves out; count after the rest.
          if (request.method !== 'GET') expect(await countItems(), 'a rejected request wrote items').toBe(items);
          return;
        }
        if (request.method !== 'GET') items = await countItems();
        const schema = schemas.get(request.operation)?.get(response.status);
        if (!schema) {
          expect(text === '' || response.status === 204, `${request.operation} answered ${response.status} with a body it does not declare`).toBe(true);
          return;
        }
        // A declared binary answer (the monthly report as xlsx) has no JSON body to check.
        if (!/json/.test(response.headers.get('content-type') ?? '')) return;
        const body = JSON.parse(text) as unknown;
        const parsed = schema.safeParse(body);
        expect(parsed.success ? [] : parsed.error.issues, `${request.operation} ${response.status} body against its schema`).toEqual([]);
        expect(undeclaredFields(body, parsed.data)).toEqual([]);
      }),
      { numRuns: RUNS, seed: SEED, verbose: 0 },
    );

    const starved = [...runsPerOperation].filter(([, runs]) => runs < MIN_RUNS_PER_OPERATION);
    expect(starved, 'operations exercised too rarely').toEqual([]);
    // A fuzzer that never gets past validation proves little: some requests must succeed.
    expect([...statuses].filter(([status]) => status < 300).reduce((sum, [, n]) => sum + n, 0)).toBeGreaterThan(RUNS / 50);
    process.stdout.write(`fuzz: ${RUNS} runs, seed ${SEED}, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}\n`);
  });
});

