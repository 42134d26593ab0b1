import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testApp, uniqueDistrict } from '../support/app.js';
import { makeIdNumber, registeredPerson } from '../support/persons.js';
import { station } from '../support/facilities.js';
import { seededRandom } from '../support/random.js';

/**
 * Whatever a client sends, the API answers 4xx with a problem document, never 5xx. Bodies, query
 * strings and path ids below come from a fixed list plus field mutations picked by a seeded PRNG,
 * so every run sends the same requests.
 */

type Harness = Awaited<ReturnType<typeof testApp>>;
type Problem = { type?: string; status?: number; errors?: { path?: unknown; message?: unknown }[] };

/** A hostile request body, as raw text (so that invalid JSON and raw number tokens can be sent too). */
type BodyCase = { name: string; text: string | undefined; mayAccept?: boolean; notJson?: boolean };


const HUGE = 'x'.repeat(100_000);
const HUGE_EMOJI = '🙂'.repeat(50_000);
const deepObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const manyItems = (item: string, count = 10_000) => `[${Array.from({ length: count }, () => item).join(',')}]`;

/** Values that are the wrong type whatever the field (raw JSON). */
const wrongTypeFor = (value: unknown): string[] => {
  if (typeof value === 'string') return ['12345', 'true', '[]', '{}', '1e308', manyItems('"x"'), deepObject(200)];
  if (typeof value === 'number') return ['"12"', '"NaN"', '"Infinity"', '"1e308"', 'true', '[]', '{}', '1e308', '1e400', '-1e400', deepArray(200)];
  if (typeof value === 'boolean') return ['"true"', '1', '[]', 'null'];
  if (Array.isArray(value)) return ['"x"', '{}', '0', manyItems('"x"'), manyItems('{}'), '[null]', '[[]]', deepArray(200)];
  return ['"x"', '[]', '0', 'true', deepObject(200), manyItems('0')];
};

/** Strings a client may well send in a text field: accepted or refused, never a crash. */
const oddStrings = [
  '🙂👨‍👩‍👧‍👦🇨🇳',
  '\u202eمرحبا\u202c עברית',
  'a\u0000b',
  '\u0000',
  '\ud800',
  '\udfff\ud800',
  'e\u0301\u0301\u0301\u0301',
  '\ufeff\u200b\u2028\u2029',
  '  \t\n  ',
  '𠮷𠮷𠮷',
  '%00%2e%2e%2f',
  '${7*7}{{7*7}}<script>alert(1)</script>',
  "' OR 1=1 --",
  '#',
  'NAMEKEY#x',
];

type Leaf = { path: (string | number)[]; value: unknown };

/** Every path in a JSON value (objects and arrays included, the root excluded). */
function pathsOf(value: unknown, prefix: (string | number)[] = []): Leaf[] {
  const here: Leaf[] = prefix.length ? [{ path: prefix, value }] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((item, index) => pathsOf(item, [...prefix, index]))];
  if (value && typeof value === 'object') {
    return [...here, ...Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...prefix, key]))];
  }
  return here;
}

/** The valid body with the value at `path` replaced by raw JSON text. */
function withRaw(valid: unknown, path: (string | number)[], raw: string): string {
  const marker = `@@RAW${randomUUID()}@@`;
  const copy = structuredClone(valid) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = marker;
  return JSON.stringify(copy).replace(JSON.stringify(marker), raw);
}

/** The valid body with extra raw members spliced into the object at `path` (root when empty). */
function withMembers(valid: unknown, path: (string | number)[], members: string): string {
  if (path.length === 0) {
    const text = JSON.stringify(valid);
    return text === '{}' ? `{${members}}` : `{${members},${text.slice(1)}`;
  }
  const marker = `@@OBJ${randomUUID()}@@`;
  const copy = structuredClone(valid) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  const target = node[path[path.length - 1]!];
  node[path[path.length - 1]!] = marker;
  const inner = JSON.stringify(target);
  return JSON.stringify(copy).replace(JSON.stringify(marker), inner === '{}' ? `{${members}}` : `{${members},${inner.slice(1)}`);
}

/**
 * About `count` hostile bodies for a route whose valid body is `valid`: the whole-body cases, a
 * 100k-character string in every text field, then wrong types, odd strings and prototype keys
 * picked by the PRNG. `nullClears`: null is a valid value (PATCH of a person clears a field).
 */
function hostileBodies(valid: Record<string, unknown>, seed: number, options: { count?: number; nullClears?: boolean } = {}): BodyCase[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const text = JSON.stringify(valid);
  const whole: BodyCase[] = [
    { name: 'no body', text: undefined, notJson: true },
    { name: 'empty body', text: '', notJson: true },
    { name: 'null', text: 'null' },
    { name: '[]', text: '[]' },
    { name: '"str"', text: '"str"' },
    { name: '0', text: '0' },
    { name: '-0', text: '-0' },
    { name: 'true', text: 'true' },
    { name: '1e308', text: '1e308' },
    { name: '1e400', text: '1e400' },
    { name: '{}', text: '{}' },
    { name: 'valid body in an array', text: `[${text}]` },
    { name: 'object nested 200 deep', text: deepObject(200) },
    { name: 'array nested 200 deep', text: deepArray(200) },
    { name: 'array of 10k objects', text: manyItems('{}') },
    { name: 'truncated JSON', text: text.slice(0, -1), notJson: true },
    { name: 'NaN token', text: `{"x":NaN}`, notJson: true },
    { name: 'trailing garbage', text: `${text}}`, notJson: true },
    { name: 'body over the size limit', text: JSON.stringify({ ...valid, padding: 'x'.repeat(1_100_000) }) },
    { name: '__proto__ wraps the body', text: `{"__proto__":${text}}` },
    { name: '__proto__ member', text: withMembers(valid, [], '"__proto__":{"polluted":true,"roles":["admin"]}') },
    { name: 'constructor.prototype member', text: withMembers(valid, [], '"constructor":{"prototype":{"polluted":true}}') },
    { name: 'unknown member with a huge value', text: withMembers(valid, [], `"extra":${JSON.stringify(HUGE)}`) },
  ];

  const leaves = pathsOf(valid);
  const huge: BodyCase[] = leaves
    .filter((leaf) => typeof leaf.value === 'string')
    .map((leaf) => ({ name: `100k chars in ${leaf.path.join('.')}`, text: withRaw(valid, leaf.path, JSON.stringify(pick([HUGE, HUGE_EMOJI]))) }));

  const sampled: BodyCase[] = [];
  const target = Math.max(options.count ?? 40, whole.length + huge.length + 12);
  for (let guard = 0; whole.length + huge.length + sampled.length < target && guard < 1000; guard += 1) {
    const leaf = pick(leaves);
    const where = leaf.path.join('.');
    const kind = random();
    if (kind < 0.45) {
      const raw = pick(wrongTypeFor(leaf.value));
      sampled.push({ name: `${where} = ${raw.slice(0, 24)}`, text: withRaw(valid, leaf.path, raw) });
    } else if (kind < 0.7 && typeof leaf.value === 'string') {
      const odd = pick(oddStrings);
      sampled.push({ name: `${where} = ${JSON.stringify(odd)}`, text: withRaw(valid, leaf.path, JSON.stringify(odd)), mayAccept: true });
    } else if (kind < 0.8 && typeof leaf.value === 'number') {
      sampled.push({ name: `${where} = -0`, text: withRaw(valid, leaf.path, '-0'), mayAccept: true });
    } else if (kind < 0.9) {
      sampled.push({ name: `${where} = null`, text: withRaw(valid, leaf.path, 'null'), mayAccept: options.nullClears === true && leaf.path.length === 1 });
    } else if (leaf.value && typeof leaf.value === 'object' && !Array.isArray(leaf.value)) {
      const members = pick(['"__proto__":{"polluted":true}', '"constructor":{"prototype":{"polluted":true}}', '"toString":1,"valueOf":"x"']);
      sampled.push({ name: `${where} gets ${members.slice(0, 16)}`, text: withMembers(valid, leaf.path, members), mayAccept: true });
    }
  }
  return [...whole, ...huge, ...sampled];
}

type Verdict = { name: string; status: number; problem: string };

/** Checks one response: never 5xx, 4xx when refusal is required, problem+json when not 2xx, paths on a 400. */
async function judge(name: string, response: Response, mustReject: boolean, notJson = false): Promise<Verdict | null> {
  const { status } = response;
  const body = await response.text();
  if (status >= 500) return { name, status, problem: `server error: ${body.slice(0, 200)}` };
  if (status < 300) return mustReject ? { name, status, problem: 'accepted a body that must be refused' } : null;
  if (status < 400 || status >= 500) return { name, status, problem: 'neither success nor client error' };
  if (response.headers.get('content-type') !== 'application/problem+json') {
    return { name, status, problem: `content-type ${response.headers.get('content-type')}` };
  }
  let problem: Problem;
  try {
    problem = JSON.parse(body) as Problem;
  } catch {
    return { name, status, problem: 'problem body is not JSON' };
  }
  if (problem.status !== status || typeof problem.type !== 'string') return { name, status, problem: `malformed problem ${body.slice(0, 200)}` };
  if (notJson) return status === 400 ? null : { name, status, problem: 'a body that is not JSON is not a 400' };
  if (status === 400) {
    const paths = (problem.errors ?? []).map((error) => error.path);
    if (paths.length === 0 || !paths.every((path) => typeof path === 'string' && path.length > 0)) {
      return { name, status, problem: `400 without field paths: ${body.slice(0, 200)}` };
    }
  }
  return null;
}

/** Sends every case to one route and returns the verdicts that broke a rule. */
async function attack(
  cases: BodyCase[],
  send: (body: string | undefined) => Response | Promise<Response>,
  after?: (response: Response) => void,
): Promise<Verdict[]> {
  const broken: Verdict[] = [];
  for (const hostile of cases) {
    const response = await send(hostile.text);
    after?.(response);
    const verdict = await judge(hostile.name, response, !hostile.mayAccept, hostile.notJson);
    if (verdict) broken.push(verdict);
  }
  return broken;
}

const jsonRequest = (harness: Harness, method: string, path: string, headers: Record<string, string>) => (text: string | undefined) =>
  harness.app.request(path, {
    method,
    headers: { ...headers, 'content-type': 'application/json' },
    ...(text === undefined ? {} : { body: text }),
  });

const withKey = (headers: Record<string, string>) => ({ ...headers, 'idempotency-key': randomUUID() });


async function arrange() {
  const harness = await testApp();
  const district = uniqueDistrict();
  const admin = await harness.as('admin', { district, sub: `admin-${randomUUID()}` });
  return { harness, district, admin };
}

const noPollution = () => {
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  expect(({} as Record<string, unknown>)['roles']).toBeUndefined();
  expect(Object.prototype.toString.call({})).toBe('[object Object]');
};

describe('hostile bodies on every write route', () => {
  it('POST /v1/facilities', async () => {
    const { harness, district, admin } = await arrange();
    const cases = hostileBodies(station(district), 101);
    expect(cases.length).toBeGreaterThanOrEqual(40);
    const broken = await attack(cases, (text) => jsonRequest(harness, 'POST', '/v1/facilities', withKey(admin))(text));
    expect(broken).toEqual([]);
    noPollution();
  });

  it('PATCH /v1/facilities/{id}', async () => {
    const { harness, district, admin } = await arrange();
    const created = await harness.send('POST', '/v1/facilities', admin, station(district));
    const id = ((await created.json()) as { id: string }).id;
    const patch = { name: '改名', type: 'welfare_home', address: '合川区', location: { lat: 30, lng: 106 }, capacity: { male: 1, female: 2 } };
    const broken = await attack(hostileBodies(patch, 202), jsonRequest(harness, 'PATCH', `/v1/facilities/${id}`, admin));
    expect(broken).toEqual([]);
    noPollution();
  });

  it('POST /v1/persons', async () => {
    const { harness, district, admin } = await arrange();
    const person = registeredPerson(district, { idNumber: makeIdNumber('1948-03-02', 11, district), birthYear: undefined });
    const cases = hostileBodies(JSON.parse(JSON.stringify(person)) as Record<string, unknown>, 303, { count: 50 });
    const broken = await attack(cases, (text) => jsonRequest(harness, 'POST', '/v1/persons', withKey(admin))(text));
    expect(broken).toEqual([]);
    noPollution();
  });

  it('PATCH /v1/persons/{id} with If-Match', async () => {
    const { harness, district, admin } = await arrange();
    const created = await harness.send('POST', '/v1/persons', admin, registeredPerson(district));
    expect(created.status).toBe(201);
    const id = ((await created.json()) as { person: { id: string } }).person.id;
    let etag = created.headers.get('etag') ?? '"v1"';
    const patch = {
      name: '王晓明',
      aliases: ['明明'],
      heightCm: 170,
      homeRegion: { county: '合川区' },
      guardians: [{ name: '王芳', relation: '女儿', phone: '13812345678' }],
      status: 'in_care',
    };
    const broken = await attack(
      hostileBodies(patch, 404, { nullClears: true }),
      (text) => jsonRequest(harness, 'PATCH', `/v1/persons/${id}`, { ...admin, 'if-match': etag })(text),
      (response) => {
        if (response.status === 200) etag = response.headers.get('etag') ?? etag;
      },
    );
    expect(broken).toEqual([]);
    noPollution();
  });

  it('POST /v1/persons/lookup', async () => {
    const { harness, district, admin } = await arrange();
    const cases = hostileBodies({ idNumber: makeIdNumber('1950-01-01', 21, district) }, 505);
    const extra: BodyCase[] = ['１１０１０５１９５００１０１００２Ｘ', '110105195001010021 ', '11010519500101002', '110105195002300021', 'x'.repeat(100_000)].map(
      (idNumber) => ({ name: `idNumber ${idNumber.slice(0, 20)}`, text: JSON.stringify({ idNumber }), mayAccept: true }),
    );
    const broken = await attack([...cases, ...extra], jsonRequest(harness, 'POST', '/v1/persons/lookup', admin));
    expect(broken).toEqual([]);
  });

  it('POST /v1/encounters', async () => {
    const { harness, district, admin } = await arrange();
    const encounter = {
      newPerson: { name: '张三', sex: 'male', estimatedAge: 40, estimatedAt: '2026-01-01', district },
      occurredAt: new Date(Date.now() - 3600_000).toISOString(),
      location: { lat: 29.98, lng: 106.35, accuracyM: 10, crs: 'GCJ02', place: '草街客运站' },
      condition: { health: 'well', intoxicated: false, needs: '棉被' },
      actions: ['offered_food'],
      referrals: [{ kind: 'medical', note: '咳嗽' }],
      concerns: ['suspected_lost'],
      campaignId: 'winter-2026',
      notes: '夜间巡查',
    };
    const broken = await attack(hostileBodies(encounter, 606, { count: 50 }), (text) => jsonRequest(harness, 'POST', '/v1/encounters', withKey(admin))(text));
    expect(broken).toEqual([]);
    noPollution();
  });

  it('POST /v1/aid-cases/{id}/paid', async () => {
    const { harness, district, admin } = await arrange();
    const person = await harness.send('POST', '/v1/persons', admin, registeredPerson(district, { guardians: [] }));
    const personId = ((await person.json()) as { person: { id: string } }).person.id;
    const encounter = await harness.send('POST', '/v1/encounters', admin, {
      personId,
      occurredAt: new Date(Date.now() - 3600_000).toISOString(),
      location: { lat: 29.98, lng: 106.35, crs: 'WGS84' },
      referrals: [{ kind: 'emergency_aid' }],
    });
    expect(encounter.status).toBe(201);
    const aidCaseId = ((await encounter.json()) as { aidCase: { id: string } }).aidCase.id;
    const payment = { amount: 200.5, at: new Date(Date.now() - 60_000).toISOString() };
    const extra: BodyCase[] = [0.001, 1e-7, 0.1 + 0.2, 5e-324, 100_000.01, 99_999.995].map((amount) => ({
      name: `amount ${amount}`,
      text: JSON.stringify({ ...payment, amount }),
      mayAccept: true,
    }));
    const broken = await attack([...hostileBodies(payment, 707), ...extra], jsonRequest(harness, 'POST', `/v1/aid-cases/${aidCaseId}/paid`, admin));
    expect(broken).toEqual([]);
  });

  it('POST /v1/dev/tokens', async () => {
    const { harness, district } = await arrange();
    const broken = await attack(
      hostileBodies({ role: 'patrol', sub: 'worker-1', district, facility: 'facility-1' }, 808),
      jsonRequest(harness, 'POST', '/v1/dev/tokens', {}),
    );
    expect(broken).toEqual([]);
    noPollution();
  });
});

describe('names that multiply search keys', () => {
  it('a name of repeated ü syllables is refused or stored, never a 500', async () => {
    const { harness, district, admin } = await arrange();
    const broken: Verdict[] = [];
    for (const [name, body] of [
      ['name 吕吕吕吕吕', registeredPerson(district, { name: '吕吕吕吕吕', aliases: [] })],
      ['8 aliases 吕律绿', registeredPerson(district, { name: '吕律绿', aliases: ['吕绿律', '律吕绿', '律绿吕', '绿吕律', '绿律吕', '吕吕律', '绿绿吕', '律律绿'] })],
    ] as const) {
      const verdict = await judge(name, await harness.send('POST', '/v1/persons', admin, body), false);
      if (verdict) broken.push(verdict);
    }
    expect(broken).toEqual([]);
  });
});

/** Raw query strings (already percent-encoded where needed). */
const hostileQueries: Record<string, string[]> = {
  '/v1/facilities': [
    'limit=0', 'limit=-1', 'limit=101', 'limit=1e308', 'limit=NaN', 'limit=1.5', 'limit=0x10', 'limit=%20', 'limit=', 'limit=1&limit=2',
    'type=%00', 'type=__proto__', 'type=constructor', 'district=..%2F..', 'district=%F0%9F%99%82', `district=${'9'.repeat(10_000)}`,
    'cursor=', `cursor=${'A'.repeat(3000)}`, 'cursor=%ED%A0%80', 'cursor=%', `cursor=${Buffer.from('null').toString('base64url')}`,
    `cursor=${Buffer.from('[1,2]').toString('base64url')}`, `cursor=${Buffer.from('{"pk":{"S":"x"}}').toString('base64url')}`,
    `cursor=${Buffer.from('{"__proto__":{"polluted":"1"}}').toString('base64url')}`, '__proto__[polluted]=1', 'constructor[prototype][polluted]=1',
  ],
  '/v1/persons': [
    'q=', 'q=%20%20', 'q=%00', 'q=%F0%9F%99%82', 'q=%E2%80%AE%D8%B9', 'q=%ED%A0%80', 'q=%', `q=${'a'.repeat(51)}`, `q=${encodeURIComponent('吕'.repeat(50))}`,
    `q=${encodeURIComponent('王'.repeat(50))}`, 'q=wang&q=li', 'q=%27%20OR%201%3D1', 'q=%23', 'q=NAMEKEY%23', 'q=%CC%81%CC%81', 'q=1e308',
    'status=__proto__', 'riskFactor=toString', 'identityStatus=%00', 'limit=1e999', `cursor=${Buffer.from('{"gsi1pk":"NAME#x"}').toString('base64url')}`,
    'q=wang&cursor=%7B%7D', 'district=000000&q=a',
  ],
  '/v1/encounters': [
    'since=x', 'since=', 'since=2026-13-01T00:00:00Z', 'since=2026-02-30T00:00:00Z', 'since=2026-01-01T24:00:00Z', 'since=2026-01-01T00:00:00%2B99:99',
    'since=2026-01-01T00:00:00%2B14:00', 'since=0000-01-01T00:00:00Z', 'since=9999-12-31T23:59:59.999999999Z', 'since=%2B275760-09-13T00:00:00Z',
    'since=2026-01-01', 'since=1e308', 'since=2026-01-01T00:00:00Z&until=2025-01-01T00:00:00Z', 'until=%00',
    'since=2026-01-01T00:00:00.000Z&since=2027-01-01T00:00:00Z', 'since=2026-01-01T00:00:00-00:00', 'limit=-0', `cursor=${'%25'.repeat(700)}`,
  ],
  '/v1/aid-cases': [
    'overdue=', 'overdue=1', 'overdue=TRUE', 'overdue=true&overdue=false', 'overdue=%00', 'overdue=__proto__', 'status=closed', 'status=',
    'status=paid&overdue=true', 'limit=1e3', 'district=abcdef', `district=${'5'.repeat(7)}`, 'cursor=e30', `cursor=${Buffer.from('{"gsi1pk":"AIDCASES#500117#paid"}').toString('base64url')}`,
  ],
};

describe('hostile query strings on the list routes', () => {
  for (const [route, queries] of Object.entries(hostileQueries)) {
    it(`GET ${route}`, async () => {
      const { harness, district } = await arrange();
      const broken: Verdict[] = [];
      for (const headers of [await harness.as('admin', { district }), await harness.as('patrol', { district })]) {
        for (const query of queries) {
          const response = await harness.app.request(`${route}?${query}`, { headers });
          const verdict = await judge(`${route}?${query.slice(0, 60)}`, response, false);
          if (verdict) broken.push(verdict);
        }
      }
      expect(broken).toEqual([]);
      noPollution();
    });
  }
});

const hostileIds = [
  'not-an-id',
  '%00',
  '..%2F..%2Fpersons',
  '%ED%A0%80',
  '%F0%9F%99%82',
  '%',
  '%ZZ',
  'x'.repeat(10_000),
  '__proto__',
  'constructor',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF',
  `${randomUUID()}%00`,
  `${randomUUID()}%23x`,
  `{${randomUUID()}}`,
];

describe('hostile path ids', () => {
  it('are refused with 4xx problems on every route that takes an id', async () => {
    const { harness, district, admin } = await arrange();
    const broken: Verdict[] = [];
    const routes: [string, (id: string) => string, string | undefined][] = [
      ['GET', (id) => `/v1/facilities/${id}`, undefined],
      ['PATCH', (id) => `/v1/facilities/${id}`, JSON.stringify({ name: 'x' })],
      ['GET', (id) => `/v1/persons/${id}`, undefined],
      ['PATCH', (id) => `/v1/persons/${id}`, JSON.stringify({ name: '王一' })],
      ['GET', (id) => `/v1/persons/${id}/encounters`, undefined],
      ['GET', (id) => `/v1/aid-cases/${id}`, undefined],
      ['POST', (id) => `/v1/aid-cases/${id}/paid`, JSON.stringify({ amount: 1, at: '2026-11-26T04:30:00Z' })],
    ];
    for (const [method, path, body] of routes) {
      for (const id of hostileIds) {
        const response = await harness.app.request(path(id), {
          method,
          headers: { ...admin, 'content-type': 'application/json', 'if-match': '"v1"' },
          ...(body === undefined ? {} : { body }),
        });
        const verdict = await judge(`${method} ${path(id).slice(0, 80)}`, response, true);
        if (verdict) broken.push(verdict);
      }
    }
    expect(broken).toEqual([]);
    expect(district).toMatch(/^\d{6}$/);
  });

  it('hostile If-Match and Idempotency-Key headers are client errors', async () => {
    const { harness, district, admin } = await arrange();
    const created = await harness.send('POST', '/v1/persons', admin, registeredPerson(district));
    const id = ((await created.json()) as { person: { id: string } }).person.id;
    const broken: Verdict[] = [];
    for (const ifMatch of ['*', '', 'v1', '"v0"', '"v-1"', '"v1e3"', '"v99999999999"', '"v999999999"', 'W/"v2"', '"v1", "v2"', `"v${'1'.repeat(5000)}"`]) {
      const response = await harness.app.request(`/v1/persons/${id}`, {
        method: 'PATCH',
        headers: { ...admin, 'content-type': 'application/json', 'if-match': ifMatch },
        body: JSON.stringify({ heightCm: 171 }),
      });
      const verdict = await judge(`If-Match ${ifMatch.slice(0, 20)}`, response, true);
      if (verdict) broken.push(verdict);
    }
    for (const key of ['', 'short', ' '.repeat(20), 'clé-clé-clé-clé', 'x'.repeat(129), 'a\tb\tc\td\te\tf', 'key\u0001\u0001\u0001\u0001']) {
      const response = await harness.app.request('/v1/facilities', {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(station(district)),
      });
      const verdict = await judge(`Idempotency-Key ${key.slice(0, 20)}`, response, true);
      if (verdict) broken.push(verdict);
    }
    expect(broken).toEqual([]);
  });
});

describe('a body that is not JSON', () => {
  it('is a 400 whose errors name the body', async () => {
    const { harness, district, admin } = await arrange();
    const valid = JSON.stringify(station(district));
    for (const text of [valid.slice(0, -1), '', `{"name":NaN}`]) {
      const response = await jsonRequest(harness, 'POST', '/v1/facilities', withKey(admin))(text);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const problem = (await response.json()) as Problem;
      expect(problem.errors?.map((error) => error.path)).toEqual(['body']);
    }
  });
});

describe('a PATCH that names one field of a person', () => {
  it('leaves every other field as it was (an empty body is refused)', async () => {
    const { harness, district, admin } = await arrange();
    const created = await harness.send('POST', '/v1/persons', admin, registeredPerson(district));
    const before = ((await created.json()) as { person: Record<string, unknown> }).person;
    const patch = (body: unknown) =>
      harness.app.request(`/v1/persons/${String(before['id'])}`, {
        method: 'PATCH',
        headers: { ...admin, 'content-type': 'application/json', 'if-match': '"v1"' },
        body: JSON.stringify(body),
      });

    expect((await patch({})).status).toBe(400);
    const changed = await patch({ heightCm: 171 });

    expect(changed.status).toBe(200);
    const after = (await changed.json()) as Record<string, unknown>;
    expect(after).toMatchObject({ heightCm: 171, version: 2 });
    for (const field of ['aliases', 'riskFactors', 'guardians', 'status', 'nextFollowUp']) {
      expect({ field, value: after[field] }).toEqual({ field, value: before[field] });
    }
  });
});
