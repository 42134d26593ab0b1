import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { importJWK, SignJWT, type JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import { callerKey } from '../../shared/domain/access.js';
import { keys } from '../../shared/store/keys.js';
import { TEST_SECRET, testApp, uniqueDistrict } from '../support/app.js';
import { station } from '../support/facilities.js';
import { registeredPerson } from '../support/persons.js';

/** Findings of a security review of a local instance, each closed and kept closed. */

type Harness = Awaited<ReturnType<typeof testApp>>;
type Problem = { status: number; detail?: string; errors?: { path: string; message: string }[] };

/** A token of the test issuer with exactly these claims (the dev issuer's helper cannot spell odd ones). */
async function signed(harness: Harness, claims: JWTPayload): Promise<{ authorization: string }> {
  const key = await importJWK(harness.tokens.privateJwk, 'RS256');
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ iss: harness.tokens.issuer, aud: harness.tokens.audience, iat: now, exp: now + 600, ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'local-1' })
    .sign(key);
  return { authorization: `Bearer ${token}` };
}

const problemOf = async (response: Response) => {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  return (await response.json()) as Problem;
};
const pathsOf = async (response: Response) => ((await problemOf(response)).errors ?? []).map((error) => error.path);

async function arrange() {
  const harness = await testApp();
  const district = uniqueDistrict();
  const admin = await harness.as('admin', { district });
  const register = async (overrides: Record<string, unknown> = {}) => {
    const response = await harness.send('POST', '/v1/persons', admin, registeredPerson(district, overrides));
    expect(response.status).toBe(201);
    return ((await response.json()) as { person: { id: string } }).person.id;
  };
  return { ...harness, district, admin, register };
}

const encounterOf = (personId: string, occurredAt = new Date(Date.now() - 3600_000).toISOString()) => ({
  personId,
  occurredAt,
  location: { lat: 29.9852, lng: 106.3496, accuracyM: 12, crs: 'WGS84', place: '草街客运站候车厅' },
  condition: { health: 'well', dressedForWeather: true },
  actions: ['offered_food'],
});

describe('time windows beyond the four-digit years', () => {
  it('are a 400 naming the field, never a 500 or every record', async () => {
    const { app, send, district, register } = await arrange();
    const patrol = await (await testApp()).as('patrol', { district });
    const personId = await register();
    expect((await send('POST', '/v1/encounters', patrol, encounterOf(personId))).status).toBe(201);

    const list = (query: string) => app.request(`/v1/encounters?${query}`, { headers: patrol });
    const cases: [string, string][] = [
      ['until=9999-12-31T23:00:00-01:00', 'query.until'],
      ['since=9999-12-31T23:30:00-01:00', 'query.since'],
      [`since=${encodeURIComponent('0000-01-01T00:30:00+01:00')}`, 'query.since'],
      ['until=1899-12-31T00:00:00Z', 'query.until'],
    ];
    for (const [query, path] of cases) {
      const response = await list(query);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect(await pathsOf(response)).toEqual([path]);
    }

    // At the edges of the range the window still compares as instants.
    const page = async (query: string) => ((await (await list(query)).json()) as { items: unknown[] }).items.length;
    expect(await page('since=9999-12-31T22:00:00-01:00')).toBe(0);
    expect(await page('until=1900-01-01T00:00:00Z')).toBe(0);
    expect(await page(`since=${encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString())}&until=9999-12-31T22:00:00-01:00`)).toBe(1);
  });

  it('an encounter that happened beyond year 9999 in UTC is a 400 on body.occurredAt', async () => {
    const { send, district, register } = await arrange();
    const patrol = await (await testApp()).as('patrol', { district });
    const response = await send('POST', '/v1/encounters', patrol, encounterOf(await register(), '9999-12-31T23:00:00-01:00'));
    expect(response.status).toBe(400);
    expect(await pathsOf(response)).toContain('body.occurredAt');
  });
});

describe('claims that reach keys', () => {
  it('a subject of 2 KB or more is a 401, never a 500', async () => {
    const harness = await arrange();
    for (const length of [2048, 4096]) {
      const headers = await signed(harness, { sub: 's'.repeat(length), 'cognito:groups': ['admin'], 'custom:district': harness.district });
      const created = await harness.send('POST', '/v1/facilities', headers, station(harness.district));
      expect(created.status).toBe(401);
      expect((await problemOf(created)).detail).toMatch(/subject/);
    }
  });

  it('the idempotency record is keyed by a fixed-length digest of the caller, not by the subject', async () => {
    const harness = await arrange();
    const sub = `${'s'.repeat(200)}-${randomUUID()}`;
    const key = randomUUID();
    const headers = await harness.as('admin', { district: harness.district, sub });
    expect((await harness.send('POST', '/v1/facilities', headers, station(harness.district), key)).status).toBe(201);

    const actor = { sub, roles: ['admin' as const], district: harness.district };
    const digestKey = keys.idempotency(callerKey(actor, TEST_SECRET), key);
    const stored = await harness.db.doc.send(new GetCommand({ TableName: harness.db.tableName, Key: digestKey, ConsistentRead: true }));
    expect(stored.Item?.['type']).toBe('idempotency');
    expect(digestKey.pk).not.toContain(sub);
    expect(digestKey.pk.length).toBeLessThan(200);
  });

  it('a malformed district or facility claim is a 403 naming the claim, never a 500', async () => {
    const harness = await arrange();
    const claims: JWTPayload[] = [
      { 'custom:district': 'd'.repeat(3000) },
      { 'custom:district': '50011' },
      { 'custom:district': 500117 },
      { 'custom:district': harness.district, 'custom:facility': 'f'.repeat(3000) },
    ];
    for (const claim of claims) {
      const headers = await signed(harness, { sub: `admin-${randomUUID()}`, 'cognito:groups': ['admin'], ...claim });
      for (const response of [
        await harness.send('POST', '/v1/facilities', headers, station(harness.district)),
        await harness.app.request(`/v1/persons?district=${harness.district}`, { headers }),
      ]) {
        expect(response.status).toBe(403);
        expect((await problemOf(response)).detail).toMatch(/custom:(district|facility)/);
      }
    }
  });
});

describe('a replay under another role or jurisdiction', () => {
  it('is evaluated afresh, never handed the stored response', async () => {
    const { send, district, as } = await arrange();
    const other = uniqueDistrict();
    const sub = `worker-${randomUUID()}`;
    const key = randomUUID();
    // What patrol may write: no health notes, and its registrations are its own.
    const { healthNotes: _healthNotes, ...body } = registeredPerson(district, { registrationSource: 'patrol' });

    const first = await send('POST', '/v1/persons', await as('patrol', { district, sub }), body, key);
    expect(first.status).toBe(201);
    const firstId = ((await first.json()) as { person: { id: string } }).person.id;

    // The same subject, moved to another district: its own district rules apply, no replay.
    const moved = await send('POST', '/v1/persons', await as('patrol', { district: other, sub }), body, key);
    expect(moved.status).toBe(403);
    expect(moved.headers.get('idempotent-replayed')).toBeNull();
    expect(JSON.stringify(await moved.json())).not.toContain(firstId);

    // The same subject as the office: a new caller, so a new record.
    const promoted = await send('POST', '/v1/persons', await as('admin', { district, sub }), body, key);
    expect(promoted.status).toBe(201);
    expect(promoted.headers.get('idempotent-replayed')).toBeNull();
    expect(((await promoted.json()) as { person: { id: string } }).person.id).not.toBe(firstId);

    // Back in the first role and district, the key still replays the first response.
    const again = await send('POST', '/v1/persons', await as('patrol', { district, sub }), body, key);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(((await again.json()) as { person: { id: string } }).person.id).toBe(firstId);
  });

  it('an encounter replayed from another district is refused, not replayed', async () => {
    const { send, district, as, register } = await arrange();
    const personId = await register();
    const sub = `patrol-${randomUUID()}`;
    const key = randomUUID();
    const body = encounterOf(personId);

    const first = await send('POST', '/v1/encounters', await as('patrol', { district, sub }), body, key);
    expect(first.status).toBe(201);
    const moved = await send('POST', '/v1/encounters', await as('patrol', { district: uniqueDistrict(), sub }), body, key);
    expect([403, 404]).toContain(moved.status);
    expect(moved.headers.get('idempotent-replayed')).toBeNull();
    expect(JSON.stringify(await moved.json())).not.toContain(personId);
  });
});

describe('token lifetime and roles', () => {
  it('a token without exp, or living longer than the maximum, is a 401', async () => {
    const harness = await arrange();
    const now = Math.floor(Date.now() / 1000);
    const base = { sub: `admin-${randomUUID()}`, 'cognito:groups': ['admin'], 'custom:district': harness.district };
    for (const claims of [
      { exp: undefined },
      { exp: undefined, iat: undefined },
      { iat: now, exp: now + 30 * 86_400 },
      { iat: undefined, exp: now + 13 * 3600 },
    ]) {
      const response = await harness.app.request('/v1/facilities', { headers: await signed(harness, { ...base, ...claims }) });
      expect({ claims, status: response.status }).toEqual({ claims, status: 401 });
    }
    const fine = await harness.app.request('/v1/facilities', { headers: await signed(harness, { ...base, iat: now, exp: now + 12 * 3600 }) });
    expect(fine.status).toBe(200);
  });

  it('a token with two roles of this system is a 403 saying a token carries exactly one role', async () => {
    const harness = await arrange();
    const headers = await signed(harness, { sub: `x-${randomUUID()}`, 'cognito:groups': ['tracer', 'admin'], 'custom:district': harness.district });
    for (const response of [
      await harness.app.request('/v1/facilities', { headers }),
      await harness.send('POST', '/v1/facilities', headers, station(harness.district)),
    ]) {
      expect(response.status).toBe(403);
      expect((await problemOf(response)).detail).toMatch(/exactly one role/);
    }
    // Groups that are not roles of this system do not count.
    const one = await signed(harness, { sub: `x-${randomUUID()}`, 'cognito:groups': ['tracer', 'volunteers'], 'custom:district': harness.district });
    expect((await harness.app.request('/v1/facilities', { headers: one })).status).toBe(200);
  });
});

describe('text fields', () => {
  it('refuse bidirectional controls, control characters and lone surrogates with 400 naming the field', async () => {
    const { send, district, admin } = await arrange();
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '王\u202e明' }, 'body.name'],
      [{ name: '王\u2067明\u2069' }, 'body.name'],
      [{ name: '王\u0000明' }, 'body.name'],
      [{ name: '王\u0085明' }, 'body.name'],
      [{ name: '王\u007f' }, 'body.name'],
      [{ name: '王\ud800' }, 'body.name'],
      [{ aliases: ['小\u200f明'] }, 'body.aliases.0'],
      [{ guardians: [{ name: '王\u001b芳', relation: '女儿', phone: '13812345678' }] }, 'body.guardians.0.name'],
      [{ marks: '疤痕\u0000' }, 'body.marks'],
    ];
    for (const [overrides, path] of cases) {
      const response = await send('POST', '/v1/persons', admin, registeredPerson(district, overrides));
      expect({ overrides, status: response.status }).toEqual({ overrides, status: 400 });
      expect(await pathsOf(response)).toEqual([path]);
    }
  });

  it('are stored in NFC, and free text keeps its line breaks', async () => {
    const { send, district, admin, app } = await arrange();
    const response = await send('POST', '/v1/persons', admin, registeredPerson(district, { name: 'Jose\u0301', marks: '左手背\r\n烫伤疤痕' }));
    expect(response.status).toBe(201);
    const { person } = (await response.json()) as { person: { id: string; name: string; marks: string } };
    expect(person.name).toBe('Jos\u00e9');
    const read = (await (await app.request(`/v1/persons/${person.id}`, { headers: admin })).json()) as { name: string; marks: string };
    expect(read).toMatchObject({ name: 'Jos\u00e9', marks: '左手背\n烫伤疤痕' });
  });

  it('the name search refuses the same characters in q', async () => {
    const { app, district, admin } = await arrange();
    for (const q of ['王\u202e', '\u0000', '王\u0007', '王\u2066']) {
      const response = await app.request(`/v1/persons?district=${district}&q=${encodeURIComponent(q)}`, { headers: admin });
      expect({ q, status: response.status }).toEqual({ q, status: 400 });
      expect(await pathsOf(response)).toEqual(['query.q']);
    }
    expect((await app.request(`/v1/persons?district=${district}&q=${encodeURIComponent('王')}`, { headers: admin })).status).toBe(200);
  });
});

describe('protocol', () => {
  it('a weak If-Match is a 412 (If-Match compares strongly)', async () => {
    const { app, admin, register } = await arrange();
    const id = await register();
    const patch = (ifMatch: string) =>
      app.request(`/v1/persons/${id}`, {
        method: 'PATCH',
        headers: { ...admin, 'content-type': 'application/json', 'if-match': ifMatch },
        body: JSON.stringify({ heightCm: 171 }),
      });
    expect((await patch('W/"v1"')).status).toBe(412);
    expect((await patch('"v1"')).status).toBe(200);
  });

  it('a body is application/json, or application/merge-patch+json on a PATCH; any other type is a 415', async () => {
    const { app, admin, district, register } = await arrange();
    const post = (type: string) =>
      app.request('/v1/facilities', {
        method: 'POST',
        headers: { ...admin, 'content-type': type, 'idempotency-key': randomUUID() },
        body: JSON.stringify(station(district)),
      });
    for (const type of ['application/vnd.api+json', 'application/merge-patch+json', 'application/problem+json', 'application/x.anything+json', 'application/jsonx']) {
      const response = await post(type);
      expect({ type, status: response.status }).toEqual({ type, status: 415 });
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
    expect((await post('application/json; charset=utf-8')).status).toBe(201);

    const id = await register();
    const patch = (type: string, version: number) =>
      app.request(`/v1/persons/${id}`, {
        method: 'PATCH',
        headers: { ...admin, 'content-type': type, 'if-match': `"v${version}"` },
        body: JSON.stringify({ heightCm: 170 + version }),
      });
    expect((await patch('application/vnd.api+json', 1)).status).toBe(415);
    expect((await patch('application/merge-patch+json', 1)).status).toBe(200);
    expect((await patch('application/json', 2)).status).toBe(200);
  });
});
