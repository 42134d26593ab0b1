/**
 * The access matrix (test/support/access-table.ts), asserted on DynamoDB Local: every operation of
 * /openapi.json × role × (own district or facility, another district's object ids, no jurisdiction
 * claim) has its status, every token with two roles is refused, and every 2xx body satisfies the
 * role's output schema with no field beyond it (OWASP API1 and API3).
 *
 * ACCESS_RECORD=<file> writes the observed statuses there instead of asserting them (to review
 * before changing the table).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { importJWK, SignJWT } from 'jose';
import type { ZodType } from 'zod';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/domain/access.js';
import { testApp } from '../support/app.js';
import { accessMarkdown, accessTable, allMatrixRoles, expectedStatus, widerOfficeAccess, type MatrixRequest } from '../support/access-table.js';
import { buildSide, buildWorld, type Side, type World } from '../support/access-world.js';
import { operationsOf, responseSchemas, undeclaredFields, type OpenApiDocument } from '../support/contract.js';

const record = process.env['ACCESS_RECORD'];
let harness: Awaited<ReturnType<typeof testApp>>;
let world: World;
let operations: string[];
let schemas: ReturnType<typeof responseSchemas>;

beforeAll(async () => {
  // The deployed contract: no development routes.
  harness = await testApp({ stage: 'prod' });
  world = await buildWorld(harness);
  const doc = (await (await harness.app.request('/openapi.json')).json()) as OpenApiDocument;
  operations = operationsOf(doc).map((op) => op.key);
  schemas = responseSchemas(await harness.app.contract());
}, 120_000);

type Claims = { district?: string; facility?: string };
const claimsOf = (role: Role, side: Side): Claims => ({ district: side.district, ...(role === 'shelter' ? { facility: side.facilityId } : {}) });

async function send(headers: Record<string, string>, method: string, request: MatrixRequest) {
  const search = request.query ? `?${new URLSearchParams(request.query).toString()}` : '';
  const response = await harness.app.request(`${request.path}${search}`, {
    method,
    headers: {
      ...headers,
      ...request.headers,
      ...(request.body === undefined && method !== 'POST' ? {} : { 'content-type': 'application/json' }),
      ...(method === 'POST' ? { 'idempotency-key': randomUUID() } : {}),
    },
    ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined, text };
}

// The ETag as read by the office of the side's district, or by the system role (whose writes go to the national layer).
const etagIn = (side: Side, role?: Role) => async (path: string) => {
  const response = await harness.app.request(path, { headers: role === 'system' ? await harness.as('system') : await harness.as('admin', { district: side.district }) });
  return response.headers.get('etag') ?? '"v0"';
};

/** Checks a 2xx body against the role's output schema (or the route's declared one), strictly. */
function checkOutput(operation: string, role: Role, status: number, body: unknown) {
  const entry = accessTable[operation];
  const schema: ZodType | undefined = (role === 'system' ? undefined : entry?.output?.(role)) ?? schemas.get(operation)?.get(status);
  if (!schema) {
    expect(body, `${operation} ${status} has a body but declares none`).toBeUndefined();
    return;
  }
  const parsed = schema.safeParse(body);
  expect(parsed.success ? [] : parsed.error.issues, `${operation} as ${role}: body against the output schema`).toEqual([]);
  expect(undeclaredFields(body, parsed.data), `${operation} as ${role}: fields beyond the role's schema`).toEqual([]);
}

const observed: Record<string, { own: number[]; other: number[]; noClaim: number[]; wider?: number }> = {};
/** A province's code (GB/T 2260): the district's first two digits and 0000. */
const provinceOf = (district: string) => `${district.slice(0, 2)}0000`;

describe('the access matrix', () => {
  it('has an entry for every operation of /openapi.json, and none for an operation that is gone', () => {
    expect(operations.filter((op) => !(op in accessTable))).toEqual([]);
    expect(Object.keys(accessTable).filter((op) => !operations.includes(op))).toEqual([]);
  });

  it('has the province office’s status for every operation', () => {
    expect(Object.keys(widerOfficeAccess).sort()).toEqual(Object.keys(accessTable).sort());
  });

  it('is the access table in the README', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme, 'run npm run access-table').toContain(accessMarkdown());
  });

  for (const [operation, entry] of Object.entries(accessTable)) {
    const [method = 'GET'] = operation.split(' ');
    it(operation, { timeout: 120_000 }, async () => {
      const seen: { own: number[]; other: number[]; noClaim: number[]; wider?: number } = { own: [], other: [], noClaim: [] };
      // A route that changes state runs each own case on fresh objects, and the other cases on one more
      // set each (so one role's success does not decide another's); read routes share the world.
      const fresh = entry.mutates ? await Promise.all(Array.from({ length: allMatrixRoles.length + 2 }, () => buildSide(harness))) : [];
      const refusals: World = { home: world.home, away: fresh[0] ?? world.away };
      const unclaimed: Side = fresh[1] ?? world.away;
      for (const [i, role] of allMatrixRoles.entries()) {
        const mine = fresh[i + 2] ?? world.home;
        const own = await send(await harness.as(role, claimsOf(role, mine)), method, await entry.request(mine, etagIn(mine, role)));
        seen.own.push(own.status);
        if (!record) {
          expect(own.status, `${operation} as ${role}, own district: ${own.text.slice(0, 300)}`).toBe(expectedStatus(entry, role, 'own'));
          if (own.status < 300) checkOutput(operation, role, own.status, own.body);
        }

        // Another district's objects, asked for by a caller of this district (OWASP API1).
        const other = await send(await harness.as(role, claimsOf(role, refusals.home)), method, await entry.request(refusals.away, etagIn(refusals.away, role)));
        seen.other.push(other.status);
        if (!record) {
          expect(other.status, `${operation} as ${role}, another district's ids: ${other.text.slice(0, 300)}`).toBe(expectedStatus(entry, role, 'other'));
          if (other.status < 300) checkOutput(operation, role, other.status, other.body);
        }

        // The role without a jurisdiction claim, on objects of some district.
        const bare = await send(await harness.as(role), method, await entry.request(unclaimed, etagIn(unclaimed, role)));
        seen.noClaim.push(bare.status);
        if (!record) {
          expect(bare.status, `${operation} as ${role} without district or facility: ${bare.text.slice(0, 300)}`).toBe(expectedStatus(entry, role, 'noClaim'));
          if (bare.status < 300) checkOutput(operation, role, bare.status, bare.body);
        }
      }

      // The office of the province the other district lies in, on that district's objects (refused above,
      // so unchanged): it reads, never writes.
      const province = await harness.as('admin', { district: provinceOf(refusals.away.district) });
      const wider = await send(province, method, await entry.request(refusals.away, etagIn(refusals.away)));
      seen.wider = wider.status;
      if (!record) {
        expect(wider.status, `${operation} as the province's office: ${wider.text.slice(0, 300)}`).toBe(widerOfficeAccess[operation]);
        if (wider.status < 300) checkOutput(operation, 'admin', wider.status, wider.body);
      }

      // Two roles in one token: refused, whichever they are.
      const twoRoles = await new SignJWT({ 'cognito:groups': ['patrol', 'admin'], 'custom:district': world.home.district })
        .setProtectedHeader({ alg: 'RS256', kid: 'local-1' })
        .setSubject(`two-roles-${randomUUID()}`)
        .setIssuer(harness.tokens.issuer)
        .setAudience(harness.tokens.audience)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(await importJWK(harness.tokens.privateJwk, 'RS256'));
      const both = await send({ authorization: `Bearer ${twoRoles}` }, method, await entry.request(world.home, etagIn(world.home)));
      expect(both.status).toBe(403);
      // No token at all.
      expect((await send({}, method, await entry.request(world.home, etagIn(world.home)))).status).toBe(401);
      observed[operation] = seen;
      if (record) writeFileSync(record, JSON.stringify(observed, null, 1));
    });
  }
});
