import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { facility, facilityInput, facilityPatch, facilityTypes, type Facility } from '../../domain/facility.js';
import { districtCode } from '../../domain/common.js';
import { DomainError, notFound } from '../../domain/errors.js';
import { auditPut } from '../../store/audit.js';
import { facilityCreate, facilityReplace, getFacility, listFacilities } from '../../store/facilities.js';
import { idempotentWrite } from '../../store/idempotency.js';
import { writeChange } from '../../store/transact.js';
import { allow } from '../auth.js';
import { etagOf, sendStored, versionFromIfMatch } from '../respond.js';
import { auditContext, idempotentRequest, newRouter } from '../router.js';
import {
  bearer, createResponses, errorResponses, idempotencyHeaders, jsonBody, jsonResponse, notFoundResponse,
  pageQuery, preconditionResponses,
} from '../schemas.js';

const facilityView = facility.openapi('Facility');
const idParam = z.object({ id: z.uuid({ error: 'A facility id is a UUID.' }) });

const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['facilities'],
  summary: 'Register an aid station or public welfare facility (admin)',
  security: bearer,
  middleware: [allow('admin')] as const,
  request: { headers: idempotencyHeaders, body: jsonBody(facilityInput) },
  responses: { 201: jsonResponse(facilityView, 'The facility'), ...errorResponses, ...createResponses },
});

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['facilities'],
  summary: 'List facilities, by district and/or type',
  security: bearer,
  middleware: [allow('patrol', 'shelter', 'tracer', 'admin')] as const,
  request: { query: z.object({ type: z.enum(facilityTypes).optional(), district: districtCode.optional(), ...pageQuery }) },
  responses: {
    200: jsonResponse(z.object({ items: z.array(facilityView), nextCursor: z.string().nullable() }), 'One page'),
    ...errorResponses,
  },
});

const read = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['facilities'],
  summary: 'One facility',
  security: bearer,
  middleware: [allow('patrol', 'shelter', 'tracer', 'admin')] as const,
  request: { params: idParam },
  responses: { 200: jsonResponse(facilityView, 'The facility'), ...errorResponses, ...notFoundResponse },
});

const update = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['facilities'],
  summary: 'Change a facility (admin); If-Match is honoured when sent',
  security: bearer,
  middleware: [allow('admin')] as const,
  request: {
    params: idParam,
    headers: z.object({ 'if-match': z.string().optional() }),
    body: jsonBody(facilityPatch),
  },
  responses: {
    200: jsonResponse(facilityView, 'The changed facility'),
    ...errorResponses,
    ...notFoundResponse,
    ...preconditionResponses,
  },
});

/** Facilities: aid stations (救助管理站) and public welfare facilities (公办福利机构). */
export const facilitiesRoutes = newRouter()
  .openapi(create, async (c) => {
    const body = c.req.valid('json');
    const { db, now } = c.var.deps;
    const result = await idempotentWrite(db, idempotentRequest(c, c.req.valid('header')['idempotency-key'], body), () => {
      const at = now().toISOString();
      const created: Facility = { id: randomUUID(), ...body, createdAt: at, updatedAt: at, version: 1 };
      return {
        items: [
          facilityCreate(db, created),
          auditPut(db, auditContext(c), { action: 'facility.create', subjectType: 'facility', subjectId: created.id }),
        ],
        response: { status: 201, body: created, headers: { location: `/v1/facilities/${created.id}`, etag: etagOf(1) } },
      };
    });
    return sendStored(c, result);
  })
  .openapi(list, async (c) => {
    const { type, district, limit, cursor } = c.req.valid('query');
    const page = await listFacilities(c.var.deps.db, { type, district }, { limit, cursor });
    return c.json({ items: page.items.map((item) => facilityView.parse(item)), nextCursor: page.nextCursor }, 200);
  })
  .openapi(read, async (c) => {
    const found = await getFacility(c.var.deps.db, c.req.valid('param').id);
    if (!found) throw notFound('The facility');
    return c.json(facilityView.parse(found), 200, { etag: etagOf(found.version) });
  })
  .openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    const patch = c.req.valid('json');
    const ifMatch = c.req.valid('header')['if-match'];
    const { db, now } = c.var.deps;
    const current = await getFacility(db, id);
    if (!current) throw notFound('The facility');
    if (ifMatch !== undefined && versionFromIfMatch(ifMatch) !== current.version) throw stale();
    const changed: Facility = { ...current, ...patch, updatedAt: now().toISOString(), version: current.version + 1 };
    await writeChange(
      db,
      [facilityReplace(db, changed, current.version), auditPut(db, auditContext(c), { action: 'facility.update', subjectType: 'facility', subjectId: id })],
      stale,
    );
    return c.json(facilityView.parse(changed), 200, { etag: etagOf(changed.version) });
  });

const stale = () => new DomainError('precondition_failed', 'The facility was changed by someone else; reload it and try again.');
