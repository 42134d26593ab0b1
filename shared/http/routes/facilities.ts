import { createRoute, z } from '@hono/zod-openapi';
import { facility, facilityInput, facilityPatch, facilityTypes } from '../../domain/facility.js';
import { districtCode } from '../../domain/common.js';
import { DomainError } from '../../domain/errors.js';
import { waitlistEntryView, waitlistInput } from '../../domain/placement.js';
import { createFacility, findFacilities, readFacility, updateFacility } from '../../services/facilities.js';
import { allow } from '../auth.js';
import { etagOf, sendStored, versionFromIfMatch } from '../respond.js';
import { idempotentRequest, newRouter } from '../router.js';
import { occupancySchema } from '../care-schemas.js';
import { careContext, facilityContext } from '../service-context.js';
import {
  bearer, createResponses, errorResponses, idempotencyHeaders, jsonBody, jsonResponse, notFoundResponse,
  pageQuery, preconditionResponses, problem, problemSchema, documented } from '../schemas.js';

// The care services (occupancy, the waitlist) and the persons, stays and tracing code they import are
// loaded on their routes' first call, not with this module: a request for a facility itself, often
// a function's first, needs none of them.
const careServices = () => import('../../services/care.js');
const waitlistServices = () => import('../../services/waitlist.js');

const facilityView = documented(facility, 'Facility');
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
    409: {
      description: 'A capacity below the beds in use (`beds` gives the numbers by sex), or another write in flight.',
      content: { 'application/problem+json': { schema: problemSchema } },
    },
    ...preconditionResponses,
  },
});

const occupancyRoute = createRoute({
  method: 'get',
  path: '/{id}/occupancy',
  tags: ['care'],
  summary: 'Beds by sex (capacity, taken, held, free) and the current residents with days in care and flags',
  description: 'Shelter staff see their own facility; the office, facilities of its district.',
  security: bearer,
  middleware: [allow('shelter', 'admin')] as const,
  request: { params: idParam },
  responses: { 200: jsonResponse(occupancySchema, 'The occupancy now'), ...errorResponses, ...notFoundResponse },
});

const waitlistEntrySchema = documented(waitlistEntryView, 'WaitlistEntry');
const wingWaitlist = z.object({ offered: z.array(waitlistEntrySchema), waiting: z.array(waitlistEntrySchema) });

const joinWaitlistRoute = createRoute({
  method: 'post',
  path: '/{id}/waitlist',
  tags: ['care'],
  summary: 'Put a person on the facility’s waitlist for a bed of their wing (first come first served)',
  description:
    'For a full wing only, with the reason the person needs a bed; a person on the street or in care at another facility. When a bed ' +
    'frees, the head of the list is offered it: the bed is held for them (`bed_offered`) for `waitlistOfferHours` and their admission ' +
    'takes it; an offer not taken goes to the next. With a bed free the answer is an admission (409 `bed_free`). Entries are budgeted ' +
    'per caller (`waitlistJoins`, 429). Those who may admit to the facility.',
  security: bearer,
  middleware: [allow('patrol', 'shelter', 'admin')] as const,
  request: { params: idParam, headers: idempotencyHeaders, body: jsonBody(waitlistInput) },
  responses: {
    201: jsonResponse(waitlistEntrySchema, 'On the waitlist, waiting'),
    ...errorResponses,
    ...notFoundResponse,
    ...createResponses,
    409: {
      description: 'A bed is free (`bed_free`: admit instead), on this waitlist already, in care here already, deceased, or not awaiting a bed (`not_awaiting_bed`).',
      content: { 'application/problem+json': { schema: problemSchema } },
    },
    429: { description: 'The caller’s waitlist budget is spent (`waitlist_budget_spent`); Retry-After says when.', content: { 'application/problem+json': { schema: problemSchema } } },
  },
});

const readWaitlistRoute = createRoute({
  method: 'get',
  path: '/{id}/waitlist',
  tags: ['care'],
  summary: 'The facility’s waitlist by wing: offers (beds held) and those waiting, first come first served',
  security: bearer,
  middleware: [allow('shelter', 'admin')] as const,
  request: { params: idParam },
  responses: {
    200: jsonResponse(z.object({ facilityId: z.string(), male: wingWaitlist, female: wingWaitlist }).openapi('Waitlist'), 'The waitlist'),
    ...errorResponses,
    ...notFoundResponse,
  },
});

const leaveWaitlistRoute = createRoute({
  method: 'delete',
  path: '/{id}/waitlist/{personId}',
  tags: ['care'],
  summary: 'Take a person off the facility’s waitlist (admitted elsewhere, placed, reunited, or no longer waiting)',
  description:
    'One transaction: the entry goes and, when it held an offered bed, the hold passes to the next in line (`bed_offered`) or the bed is free again. ' +
    'An admission to this facility takes the person off its list by itself; entries at other facilities stay until removed here. ' +
    'Those who may admit to the facility; audited.',
  security: bearer,
  middleware: [allow('patrol', 'shelter', 'admin')] as const,
  request: { params: idParam.extend({ personId: z.uuid({ error: 'A person id is a UUID.' }) }) },
  responses: {
    204: { description: 'Off the waitlist' },
    ...errorResponses,
    404: problem('No such facility, not visible to the caller, or the person is not on its waitlist.'),
    409: problem('The waitlist is being changed by someone else: retry (Retry-After).'),
  },
});

/** Facilities: aid stations (救助管理站) and public welfare facilities (公办福利机构). */
export const facilitiesRoutes = newRouter()
  .openapi(create, async (c) => {
    const body = c.req.valid('json');
    const result = await createFacility(facilityContext(c), idempotentRequest(c, c.req.valid('header')['idempotency-key'], body), body);
    return sendStored(c, result);
  })
  .openapi(list, async (c) => {
    const { type, district, limit, cursor } = c.req.valid('query');
    const page = await findFacilities(facilityContext(c), { type, district }, { limit, cursor });
    return c.json({ items: page.items.map((item) => facilityView.parse(item)), nextCursor: page.nextCursor }, 200);
  })
  .openapi(read, async (c) => {
    const found = await readFacility(facilityContext(c), c.req.valid('param').id);
    return c.json(facilityView.parse(found), 200, { etag: etagOf(found.version) });
  })
  .openapi(occupancyRoute, async (c) => c.json(await (await careServices()).occupancy(careContext(c), c.req.valid('param').id), 200))
  .openapi(joinWaitlistRoute, async (c) => {
    const body = c.req.valid('json');
    const request = idempotentRequest(c, c.req.valid('header')['idempotency-key'], body);
    return sendStored(c, await (await waitlistServices()).joinWaitlist(careContext(c), request, c.req.valid('param').id, body));
  })
  .openapi(readWaitlistRoute, async (c) => c.json(await (await waitlistServices()).readWaitlist(careContext(c), c.req.valid('param').id), 200))
  .openapi(leaveWaitlistRoute, async (c) => {
    const { id, personId } = c.req.valid('param');
    await (await waitlistServices()).leaveWaitlist(careContext(c), id, personId);
    return c.body(null, 204);
  })
  .openapi(update, async (c) => {
    const ifMatch = c.req.valid('header')['if-match'];
    const expected = ifMatch === undefined ? undefined : versionFromIfMatch(ifMatch);
    if (expected === null) throw new DomainError('precondition_failed', 'The If-Match value is not a version of this facility.');
    const changed = await updateFacility(facilityContext(c), c.req.valid('param').id, c.req.valid('json'), expected);
    return c.json(facilityView.parse(changed), 200, { etag: etagOf(changed.version) });
  });
