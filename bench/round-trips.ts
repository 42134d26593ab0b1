import type { DevTokenIssuer } from '../shared/http/dev-tokens.js';
import { registeredPerson } from '../test/support/persons.js';
import { benchStation } from './cold-start.js';
import { benchApp, type Harness, type RequestRecord } from './harness.js';
import { breakdown, ms, now, percentile, table } from './stats.js';
import { scale } from './mode.js';

/** Calls per route (latency p50 over these; counts must agree across them). */
export const CALLS_PER_ROUTE = scale(30, 5);

type Kind = 'read' | 'write' | 'replay';
/** The round-trip budget of ARCHITECTURE.md: 1 for a read or a replayed write; a new idempotent write reads once and writes once. */
const expectedRequests: Record<Kind, number> = { read: 1, write: 2, replay: 1 };

type Route = { label: string; kind: Kind; setup?: () => Promise<void>; call: (i: number) => Promise<unknown> };

export type RouteResult = {
  route: string;
  kind: Kind;
  requests: number;
  breakdown: string;
  byCommand: Record<string, number>;
  /** Different calls of the route needed different requests (e.g. a retry). */
  varies: boolean;
  indexes: string[];
  scan: boolean;
  p50Ms: number;
  p90Ms: number;
  overBudget: boolean;
};

/**
 * DynamoDB round trips per API call: each route is called CALLS_PER_ROUTE times, one at a time,
 * against DynamoDB Local; every call's requests are counted by command with `countRequests`.
 */
export async function roundTrips(options: { dynamoEndpoint: string; tokens: DevTokenIssuer; log: (line: string) => void }) {
  const harness = await benchApp(options.dynamoEndpoint, 'outreach-bench-routes', options.tokens);
  try {
    const routes = await plannedRoutes(harness);
    const results: RouteResult[] = [];
    for (const route of routes) {
      await route.setup?.();
      results.push(await measureRoute(harness, route));
      options.log(`  ${route.label}`);
    }
    const text = [
      table(
        ['route', 'kind', 'requests', 'breakdown', 'index', 'p50', 'p90', 'note'],
        results.map((r) => [
          r.route,
          r.kind,
          r.varies ? `${r.requests}*` : r.requests,
          r.breakdown,
          r.indexes.join(',') || '-',
          ms(r.p50Ms),
          ms(r.p90Ms),
          [r.scan ? 'SCAN' : '', r.overBudget ? overNote(r) : '', r.varies ? 'varies' : ''].filter(Boolean).join('; '),
        ]),
      ),
      '',
      `requests: per call (the most frequent pattern over ${CALLS_PER_ROUTE} calls; * = not the same for every call).`,
      `budget (ARCHITECTURE.md): read 1, replayed write 1, new idempotent write 2 (read + transaction). Latency: p50/p90 of ${CALLS_PER_ROUTE} calls, in process, DynamoDB Local (informational).`,
    ].join('\n');
    return { results, text };
  } finally {
    harness.destroy();
  }
}

async function measureRoute(harness: Harness, route: Route): Promise<RouteResult> {
  const latencies: number[] = [];
  const patterns = new Map<string, { count: number; byCommand: Record<string, number> }>();
  const indexes = new Set<string>();
  let scan = false;
  for (let i = 0; i < CALLS_PER_ROUTE; i += 1) {
    harness.requests.reset();
    harness.recorder.take();
    const started = now();
    await route.call(i);
    latencies.push(now() - started);
    const byCommand = harness.requests.byCommand();
    const records: RequestRecord[] = harness.recorder.take();
    for (const record of records) if (record.indexName) indexes.add(record.indexName);
    if ('Scan' in byCommand || records.some((record) => record.command === 'Scan')) scan = true;
    const key = breakdown(byCommand);
    const seen = patterns.get(key) ?? { count: 0, byCommand };
    seen.count += 1;
    patterns.set(key, seen);
  }
  const [modalKey, modal] = [...patterns].sort((a, b) => b[1].count - a[1].count)[0] ?? ['(none)', { count: 0, byCommand: {} }];
  const requests = Object.values(modal.byCommand).reduce((sum, n) => sum + n, 0);
  return {
    route: route.label,
    kind: route.kind,
    requests,
    breakdown: modalKey,
    byCommand: modal.byCommand,
    varies: patterns.size > 1,
    indexes: [...indexes].sort(),
    scan,
    p50Ms: percentile(latencies, 50),
    p90Ms: percentile(latencies, 90),
    overBudget: requests > expectedRequests[route.kind],
  };
}

/** The routes in an order where each finds the records it needs. */
async function plannedRoutes(h: Harness): Promise<Route[]> {
  const district = '500118';
  const admin = await h.as('admin', district);
  const patrol = await h.as('patrol', district);
  const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3600_000).toISOString();
  const encounterOf = (personId: string, occurredAt: string, extra: Record<string, unknown> = {}) => ({
    personId,
    occurredAt,
    location: { lat: 29.9852, lng: 106.3496, accuracyM: 12, crs: 'WGS84', place: '草街客运站候车厅' },
    condition: { health: 'well', dressedForWeather: false, needs: '棉被' },
    actions: ['offered_food', 'offered_bedding'],
    ...extra,
  });

  const facilityIds: string[] = [];
  const personIds: string[] = [];
  const aidCaseIds: string[] = [];
  const facilityReplay = { key: h.newKey(), body: benchStation(district, 999) };
  const personReplay = { key: h.newKey(), body: registeredPerson(district, { name: '李娜', aliases: [] }) };
  let encounterReplay: { key: string; body: unknown } | undefined;

  return [
    {
      label: 'POST /v1/facilities (new)',
      kind: 'write',
      call: async (i) => {
        const { body } = await h.expect<{ id: string }>(201, 'POST', '/v1/facilities', admin, benchStation(district, i), h.newKey());
        facilityIds.push(body.id);
      },
    },
    {
      label: 'POST /v1/facilities (replay)',
      kind: 'replay',
      setup: async () => void (await h.expect(201, 'POST', '/v1/facilities', admin, facilityReplay.body, facilityReplay.key)),
      call: async () => replayed(await h.expect(201, 'POST', '/v1/facilities', admin, facilityReplay.body, facilityReplay.key)),
    },
    {
      label: 'GET /v1/facilities/{id}',
      kind: 'read',
      call: (i) => h.expect(200, 'GET', `/v1/facilities/${pick(facilityIds, i)}`, admin),
    },
    { label: 'GET /v1/facilities', kind: 'read', call: () => h.expect(200, 'GET', '/v1/facilities', admin) },
    {
      label: 'POST /v1/persons (new)',
      kind: 'write',
      call: async () => {
        const { body } = await h.expect<{ person: { id: string } }>(201, 'POST', '/v1/persons', admin, registeredPerson(district), h.newKey());
        personIds.push(body.person.id);
      },
    },
    {
      label: 'POST /v1/persons (replay)',
      kind: 'replay',
      setup: async () => void (await h.expect(201, 'POST', '/v1/persons', admin, personReplay.body, personReplay.key)),
      call: async () => replayed(await h.expect(201, 'POST', '/v1/persons', admin, personReplay.body, personReplay.key)),
    },
    { label: 'GET /v1/persons/{id}', kind: 'read', call: (i) => h.expect(200, 'GET', `/v1/persons/${pick(personIds, i)}`, admin) },
    {
      label: 'GET /v1/persons?q=wangxiaoming',
      kind: 'read',
      call: async () => {
        const { body } = await h.expect<{ items: unknown[] }>(200, 'GET', '/v1/persons?q=wangxiaoming', admin);
        if (body.items.length === 0) throw new Error('the name search found nobody');
      },
    },
    {
      label: 'PATCH /v1/persons/{id}',
      kind: 'write',
      call: (i) => h.expect(200, 'PATCH', `/v1/persons/${pick(personIds, i)}`, { ...admin, 'if-match': '"v1"' }, { status: 'in_care' }),
    },
    {
      label: 'POST /v1/encounters known person (new)',
      kind: 'write',
      call: async (i) => {
        const key = h.newKey();
        const body = encounterOf(pick(personIds, i), hoursAgo(1));
        await h.expect(201, 'POST', '/v1/encounters', patrol, body, key);
        encounterReplay ??= { key, body };
      },
    },
    {
      label: 'POST /v1/encounters (replay)',
      kind: 'replay',
      call: async () => {
        if (!encounterReplay) throw new Error('no encounter to replay');
        replayed(await h.expect(201, 'POST', '/v1/encounters', patrol, encounterReplay.body, encounterReplay.key));
      },
    },
    {
      label: 'POST /v1/encounters newPerson',
      kind: 'write',
      call: () =>
        h.expect(201, 'POST', '/v1/encounters', patrol, {
          ...encounterOf('', hoursAgo(2)),
          personId: undefined,
          newPerson: { sex: 'male', estimatedAge: 14, estimatedAt: new Date().toISOString().slice(0, 10), marks: '穿蓝色校服', dialect: '四川话' },
        }, h.newKey()),
    },
    {
      label: 'GET /v1/persons/{id}/encounters',
      kind: 'read',
      call: (i) => h.expect(200, 'GET', `/v1/persons/${pick(personIds, i)}/encounters`, patrol),
    },
    { label: 'GET /v1/encounters', kind: 'read', call: () => h.expect(200, 'GET', '/v1/encounters', patrol) },
    {
      label: 'GET /v1/aid-cases?overdue=true',
      kind: 'read',
      // Emergency aid referrals 20 days back: their deadlines have passed, so the list has items.
      setup: async () => {
        for (let i = 0; i < CALLS_PER_ROUTE; i += 1) {
          const { body } = await h.expect<{ aidCase: { id: string } }>(
            201, 'POST', '/v1/encounters', patrol,
            encounterOf(pick(personIds, i), hoursAgo(20 * 24), { referrals: [{ kind: 'emergency_aid', note: '钱包被盗，无钱返乡' }] }),
            h.newKey(),
          );
          aidCaseIds.push(body.aidCase.id);
        }
      },
      call: async () => {
        const { body } = await h.expect<{ items: unknown[] }>(200, 'GET', '/v1/aid-cases?overdue=true', patrol);
        if (body.items.length === 0) throw new Error('no overdue aid case listed');
      },
    },
    {
      label: 'POST /v1/aid-cases/{id}/paid',
      kind: 'write',
      call: (i) =>
        h.expect(200, 'POST', `/v1/aid-cases/${pick(aidCaseIds, i)}/paid`, patrol, { amount: 200, at: new Date(Date.now() - 60_000).toISOString() }),
    },
  ];
}

/** Why a route is over its budget, as far as the commands tell: the only batch write is the audit of personal-data reads. */
function overNote(r: RouteResult): string {
  const note = `over ${expectedRequests[r.kind]}`;
  return r.kind === 'read' && r.byCommand['BatchWriteItem'] ? `${note} (+audit BatchWriteItem)` : note;
}

function pick<T>(list: T[], i: number): T {
  const item = list[i % Math.max(1, list.length)];
  if (item === undefined) throw new Error('a route ran before the records it needs were created');
  return item;
}

function replayed(response: { headers: Headers }) {
  if (response.headers.get('idempotent-replayed') !== 'true') throw new Error('the replay was not answered from the idempotency record');
}
