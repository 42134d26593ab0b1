import { createRoute, z } from '@hono/zod-openapi';
import { careModeInput, dischargeInput, extensionInput } from '../../domain/stay.js';
import { chooseCareMode, discharge, extendStay, findStays, readStay } from '../../services/care.js';
import { allow } from '../auth.js';
import { admissionConflictSchema, stayRowSchema, stayViewSchema } from '../care-schemas.js';
import { transferInput } from '../../domain/placement.js';
import { transferStay } from '../../services/placements.js';
import { etagOf, sendStored } from '../respond.js';
import { idempotentRequest, newRouter } from '../router.js';
import { careContext } from '../service-context.js';
import {
  bearer, createResponses, errorResponses, idempotencyHeaders, jsonBody, jsonResponse, notFoundResponse, pageQuery, problemSchema,
} from '../schemas.js';

const idParam = z.object({ id: z.uuid({ error: 'A stay id is a UUID.' }) });

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['care'],
  summary: 'A facility’s open stays (first admitted first) or ended stays (last ended first)',
  description: 'Shelter staff see their own facility (the default); the office, facilities of its district.',
  security: bearer,
  middleware: [allow('shelter', 'admin')] as const,
  request: {
    query: z.object({
      facilityId: z.uuid({ error: 'A facility id is a UUID.' }).optional(),
      status: z.enum(['open', 'ended']).default('open'),
      ...pageQuery,
    }),
  },
  responses: {
    200: jsonResponse(z.object({ items: z.array(stayRowSchema), nextCursor: z.string().nullable() }), 'One page'),
    ...errorResponses,
    ...notFoundResponse,
  },
});

const read = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['care'],
  summary: 'One stay, with days in care, the rule-9 limit and flags (`overstay` past the limit)',
  security: bearer,
  middleware: [allow('shelter', 'admin')] as const,
  request: { params: idParam },
  responses: { 200: jsonResponse(stayViewSchema, 'The stay'), ...errorResponses, ...notFoundResponse },
});

const dischargeRoute = createRoute({
  method: 'post',
  path: '/{id}/discharge',
  tags: ['care'],
  summary: 'End a stay (离站) and free the bed; the person’s status follows the reason',
  description:
    'returned_home, collected_by_family and escorted_home (staff took them: `escort` names the staff member and the address): reunited; ' +
    'deceased: deceased; left_without_formalities: a capable adult is on the street, recorded as giving up assistance (rule 10), a possible ' +
    'minor or a person with dementia, a mental disorder or an intellectual disability is missing (`missing`: flagged missing_from_care, ' +
    'police_report_due and an urgent left_care event, the tracing case kept open); other (say what in `note`): unknown. A transfer or ' +
    'placement goes through its own route. Rule 9: a person who may be under 16 (an estimate read with its tolerance), or in special ' +
    'difficulty, leaves only to a relative on record whose identity was checked (`relative.verification`: document kind, last 4 characters, ' +
    'when), escorted home, or by a transfer or placement: 422 with `rule` and a `reason` code otherwise. The same discharge sent again ' +
    'returns the stay; a different one for an ended stay is a 409.',
  security: bearer,
  middleware: [allow('shelter', 'admin')] as const,
  request: { params: idParam, body: jsonBody(dischargeInput) },
  responses: {
    200: jsonResponse(stayViewSchema, 'The ended stay'),
    ...errorResponses,
    ...notFoundResponse,
    409: { description: 'The stay already ended differently, or is being changed.', content: { 'application/problem+json': { schema: problemSchema } } },
    422: { description: 'Refused by rule 9; `errors` names the missing field.', content: { 'application/problem+json': { schema: problemSchema } } },
  },
});

const extend = createRoute({
  method: 'post',
  path: '/{id}/extensions',
  tags: ['care'],
  summary: 'Extend the rule-9 stay limit to the end of a date, with the reason (audited)',
  security: bearer,
  middleware: [allow('shelter', 'admin')] as const,
  request: { params: idParam, headers: idempotencyHeaders, body: jsonBody(extensionInput) },
  responses: { 201: jsonResponse(stayViewSchema, 'The stay, extended'), ...errorResponses, ...notFoundResponse, ...createResponses },
});

const careMode = createRoute({
  method: 'post',
  path: '/{id}/care-mode',
  tags: ['care'],
  summary: 'Rule 5: choose the care mode once 滞留 began: in the station (the default), or outside care with the carer and the reason',
  description:
    'foster_family (家庭寄养) or contracted_institution (委托机构) need `carer` and `reason`. Shown on the stay and on the tracing case, audited. ' +
    'Before 滞留 (more than 10 days of care, as the sweep counts them) a 409 `not_stranded`; for an identified person a 409 `person_identified`. ' +
    'The same choice again returns the stay.',
  security: bearer,
  middleware: [allow('shelter', 'admin')] as const,
  request: { params: idParam, body: jsonBody(careModeInput) },
  responses: {
    200: jsonResponse(stayViewSchema, 'The stay with its care mode'),
    ...errorResponses,
    ...notFoundResponse,
    409: { description: 'Not yet 滞留, the person is identified, or the stay has ended.', content: { 'application/problem+json': { schema: problemSchema } } },
  },
});

const transfer = createRoute({
  method: 'post',
  path: '/{id}/transfer',
  tags: ['care'],
  summary: 'Move a person to another facility at once: the stay ends here, a bed is taken there, one transaction',
  description:
    'The freed bed goes to the head of this facility’s waitlist, if any. A full wing there is a 409 with its free beds and waitlist. ' +
    'Sending the same transfer again returns the new stay; a stay that ended otherwise is a 409.',
  security: bearer,
  middleware: [allow('shelter', 'admin')] as const,
  request: { params: idParam, body: jsonBody(transferInput) },
  responses: {
    200: jsonResponse(stayViewSchema, 'The new stay at the other facility'),
    ...errorResponses,
    ...notFoundResponse,
    409: { description: 'No bed free there, the stay has ended, or a placement is pending.', content: { 'application/problem+json': { schema: admissionConflictSchema } } },
  },
});

/** Stays (在站救助): shelter staff’s and the office’s views, discharge and extensions. */
export const staysRoutes = newRouter()
  .openapi(list, async (c) => {
    const { facilityId, status, limit, cursor } = c.req.valid('query');
    const page = await findStays(careContext(c), { ...(facilityId ? { facilityId } : {}), status }, { limit, cursor });
    return c.json(page, 200);
  })
  .openapi(read, async (c) => {
    const stay = await readStay(careContext(c), c.req.valid('param').id);
    return c.json(stay, 200, { etag: etagOf(stay.version) });
  })
  .openapi(dischargeRoute, async (c) => {
    const stay = await discharge(careContext(c), c.req.valid('param').id, c.req.valid('json'));
    return c.json(stay, 200, { etag: etagOf(stay.version) });
  })
  .openapi(careMode, async (c) => {
    const stay = await chooseCareMode(careContext(c), c.req.valid('param').id, c.req.valid('json'));
    return c.json(stay, 200, { etag: etagOf(stay.version) });
  })
  .openapi(transfer, async (c) => {
    const stay = await transferStay(careContext(c), c.req.valid('param').id, c.req.valid('json'));
    return c.json(stay, 200, { etag: etagOf(stay.version) });
  })
  .openapi(extend, async (c) => {
    const body = c.req.valid('json');
    const result = await extendStay(careContext(c), idempotentRequest(c, c.req.valid('header')['idempotency-key'], body), c.req.valid('param').id, body);
    return sendStored(c, result);
  });
