import { createRoute, z } from '@hono/zod-openapi';
import { declineInput, placementInput, placementStatuses, placementView, proposalInput, proposalView } from '../../domain/placement.js';
import { acceptPlacement, declinePlacement, findPlacements, propose, readPlacement, readProposal, requestPlacement, withdrawPlacement } from '../../services/placements.js';
import { allow } from '../auth.js';
import { admissionConflictSchema } from '../care-schemas.js';
import { etagOf, sendStored } from '../respond.js';
import { idempotentRequest, newRouter } from '../router.js';
import { careContext } from '../service-context.js';
import {
  bearer, createResponses, errorResponses, idempotencyHeaders, jsonBody, jsonResponse, notFoundResponse, pageQuery, problemSchema, documented } from '../schemas.js';

const proposalSchema = documented(proposalView, 'PlacementProposal', {
  description: 'Facilities ranked for a person by rule 8: a bed free first, then the category’s order of types, the same district, the distance.',
});
const placementSchema = documented(placementView, 'Placement');
const idParam = z.object({ id: z.uuid({ error: 'A placement id is a UUID.' }) });
const conflict = (description: string) => ({ 409: { description, content: { 'application/problem+json': { schema: problemSchema } } } });

const proposeRoute = createRoute({
  method: 'post',
  path: '/proposals',
  tags: ['placement'],
  summary: 'Rank the facilities a person may be placed in (rule 8), with the reasons for each',
  description:
    'The category by rule 8 (a possible minor without a guardian: child_protection; a mental disorder without relatives: psychiatric_welfare ' +
    'first; elderly or disabled without support: welfare_home; otherwise aid_station), the free beds of the person’s wing, the same district ' +
    'and the great-circle distance from where the person is now. When no candidate has a free bed, `fits` is false and `waitlist` names the ' +
    'best fit’s waitlist. Staff of the person’s facility, or the office.',
  security: bearer,
  middleware: [allow('shelter', 'admin')] as const,
  request: { headers: idempotencyHeaders, body: jsonBody(proposalInput) },
  responses: { 201: jsonResponse(proposalSchema, 'The proposal'), ...errorResponses, ...notFoundResponse, ...createResponses },
});

const readProposalRoute = createRoute({
  method: 'get',
  path: '/proposals/{id}',
  tags: ['placement'],
  summary: 'One proposal: staff of the person’s facility or of a proposed one, and the office of their districts',
  security: bearer,
  middleware: [allow('shelter', 'admin')] as const,
  request: { params: z.object({ id: z.uuid({ error: 'A proposal id is a UUID.' }) }) },
  responses: { 200: jsonResponse(proposalSchema, 'The proposal'), ...errorResponses, ...notFoundResponse },
});

const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['placement'],
  summary: 'Request a placement: pending, holding a bed of the person’s wing at the receiving facility',
  description: 'Staff of the sending facility (the person’s open stay) or the office. One transaction: the placement, the hold, the stay marked, the audit entry and a `placement_requested` event.',
  security: bearer,
  middleware: [allow('shelter', 'admin')] as const,
  request: { headers: idempotencyHeaders, body: jsonBody(placementInput) },
  responses: {
    201: jsonResponse(placementSchema, 'Pending; Location names the placement'),
    ...errorResponses,
    ...notFoundResponse,
    ...createResponses,
    409: {
      description: 'No bed of the wing is free at the receiving facility (with its waitlist), the person is in no open stay, or a placement is pending.',
      content: { 'application/problem+json': { schema: admissionConflictSchema } },
    },
  },
});

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['placement'],
  summary: 'A facility’s placements by status: arriving (`incoming`, the default) or leaving (`outgoing`)',
  security: bearer,
  middleware: [allow('shelter', 'admin')] as const,
  request: {
    query: z.object({
      facilityId: z.uuid({ error: 'A facility id is a UUID.' }).optional(),
      status: z.enum(placementStatuses).default('pending'),
      direction: z.enum(['incoming', 'outgoing']).default('incoming'),
      ...pageQuery,
    }),
  },
  responses: {
    200: jsonResponse(z.object({ items: z.array(placementSchema), nextCursor: z.string().nullable() }), 'One page'),
    ...errorResponses,
    ...notFoundResponse,
  },
});

const read = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['placement'],
  summary: 'One placement (staff of either facility, the office of either district)',
  security: bearer,
  middleware: [allow('shelter', 'admin')] as const,
  request: { params: idParam },
  responses: { 200: jsonResponse(placementSchema, 'The placement'), ...errorResponses, ...notFoundResponse },
});

const accept = createRoute({
  method: 'post',
  path: '/{id}/accept',
  tags: ['placement'],
  summary: 'Accept a placement: the person’s stay moves here (old bed freed, held bed taken) in one transaction',
  description: 'The receiving facility’s staff or its office. A long-term placement (落户安置) makes the person `placed`. Accepting again returns the placement.',
  security: bearer,
  middleware: [allow('shelter', 'admin')] as const,
  request: { params: idParam },
  responses: { 200: jsonResponse(placementSchema, 'Accepted'), ...errorResponses, ...notFoundResponse, ...conflict('The placement was declined, or its stay changed.') },
});

const decline = createRoute({
  method: 'post',
  path: '/{id}/decline',
  tags: ['placement'],
  summary: 'Decline a placement with the reason: the held bed frees; `nextCandidate` names the proposal’s next facility',
  security: bearer,
  middleware: [allow('shelter', 'admin')] as const,
  request: { params: idParam, body: jsonBody(declineInput) },
  responses: { 200: jsonResponse(placementSchema, 'Declined'), ...errorResponses, ...notFoundResponse, ...conflict('The placement was accepted, or declined otherwise.') },
});

const withdraw = createRoute({
  method: 'post',
  path: '/{id}/withdraw',
  tags: ['placement'],
  summary: 'Withdraw a pending placement with the reason (the sending side): the held bed frees, the stay is free for another move',
  security: bearer,
  middleware: [allow('shelter', 'admin')] as const,
  request: { params: idParam, body: jsonBody(declineInput) },
  responses: { 200: jsonResponse(placementSchema, 'Withdrawn'), ...errorResponses, ...notFoundResponse, ...conflict('The placement was decided already.') },
});

/** Placement between facilities (安置): proposals, requests, acceptance, decline and withdrawal. */
export const placementsRoutes = newRouter()
  .openapi(proposeRoute, async (c) => {
    const body = c.req.valid('json');
    return sendStored(c, await propose(careContext(c), idempotentRequest(c, c.req.valid('header')['idempotency-key'], body), body));
  })
  .openapi(readProposalRoute, async (c) => c.json(await readProposal(careContext(c), c.req.valid('param').id), 200))
  .openapi(create, async (c) => {
    const body = c.req.valid('json');
    return sendStored(c, await requestPlacement(careContext(c), idempotentRequest(c, c.req.valid('header')['idempotency-key'], body), body));
  })
  .openapi(list, async (c) => {
    const { facilityId, status, direction, limit, cursor } = c.req.valid('query');
    return c.json(await findPlacements(careContext(c), { ...(facilityId ? { facilityId } : {}), status, direction }, { limit, cursor }), 200);
  })
  .openapi(read, async (c) => {
    const placement = await readPlacement(careContext(c), c.req.valid('param').id);
    return c.json(placement, 200, { etag: etagOf(placement.version) });
  })
  .openapi(accept, async (c) => {
    const placement = await acceptPlacement(careContext(c), c.req.valid('param').id);
    return c.json(placement, 200, { etag: etagOf(placement.version) });
  })
  .openapi(decline, async (c) => {
    const placement = await declinePlacement(careContext(c), c.req.valid('param').id, c.req.valid('json'));
    return c.json(placement, 200, { etag: etagOf(placement.version) });
  })
  .openapi(withdraw, async (c) => {
    const placement = await withdrawPlacement(careContext(c), c.req.valid('param').id, c.req.valid('json'));
    return c.json(placement, 200, { etag: etagOf(placement.version) });
  });
