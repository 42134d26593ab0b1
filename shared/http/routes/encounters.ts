import { createRoute, z } from '@hono/zod-openapi';
import { scopeDistrict } from '../../domain/access.js';
import { districtCode, instant } from '../../domain/common.js';
import { encounterInput, encounterViews } from '../../domain/encounter.js';
import { validationError } from '../../domain/errors.js';
import { encountersOfDistrictFor, encountersOfPersonFor, recordEncounter, viewEncounter } from '../../services/encounters.js';
import { allow } from '../auth.js';
import { sendStored } from '../respond.js';
import { idempotentRequest, newRouter } from '../router.js';
import {
  bearer, createResponses, errorResponses, idempotencyHeaders, jsonBody, jsonResponse, notFoundResponse, pageQuery,
} from '../schemas.js';
import { encounterContext, personContext } from '../service-context.js';

const encounterView = z.union([encounterViews.full, encounterViews.tracer]).openapi('Encounter');
const encounterPage = z.object({ items: z.array(encounterView), nextCursor: z.string().nullable() });

const create = createRoute({
  method: 'post',
  path: '/encounters',
  tags: ['encounters'],
  summary: 'Record a street encounter (街面巡查) with a known or a new person',
  description:
    'Idempotent: phones resend. GCJ-02 coordinates are stored as WGS-84. The response lists what the rules require next.',
  security: bearer,
  middleware: [allow('patrol', 'shelter', 'admin')] as const,
  request: { headers: idempotencyHeaders, body: jsonBody(encounterInput) },
  responses: {
    201: jsonResponse(
      z.object({ encounter: encounterView, person: z.record(z.string(), z.unknown()), possibleDuplicates: z.array(z.unknown()).optional(), aidCase: z.unknown().optional() }),
      'The encounter, the person as the caller sees them, and the next steps',
    ),
    ...errorResponses,
    ...notFoundResponse,
    ...createResponses,
  },
});

const windowQuery = z.object({
  since: instant.optional(),
  until: instant.optional(),
  district: districtCode.optional(),
  ...pageQuery,
});

const listByDistrict = createRoute({
  method: 'get',
  path: '/encounters',
  tags: ['encounters'],
  summary: "A district's encounters in a time window, newest first",
  security: bearer,
  middleware: [allow('patrol', 'shelter', 'tracer', 'admin')] as const,
  request: { query: windowQuery },
  responses: { 200: jsonResponse(encounterPage, 'One page'), ...errorResponses },
});

const listByPerson = createRoute({
  method: 'get',
  path: '/persons/{id}/encounters',
  tags: ['encounters'],
  summary: "A person's encounters, newest first",
  security: bearer,
  middleware: [allow('patrol', 'shelter', 'tracer', 'admin')] as const,
  request: { params: z.object({ id: z.uuid({ error: 'A person id is a UUID.' }) }), query: z.object(pageQuery) },
  responses: { 200: jsonResponse(encounterPage, 'One page'), ...errorResponses, ...notFoundResponse },
});

/** Street encounters: one contact with one person. */
export const encountersRoutes = newRouter()
  .openapi(create, async (c) => {
    const body = c.req.valid('json');
    const result = await recordEncounter(encounterContext(c), idempotentRequest(c, c.req.valid('header')['idempotency-key'], body), body);
    return sendStored(c, result);
  })
  .openapi(listByDistrict, async (c) => {
    const { since, until, district, limit, cursor } = c.req.valid('query');
    const window = { since: since && new Date(since).toISOString(), until: until && new Date(until).toISOString() };
    if (window.since && window.until && window.since > window.until) {
      throw validationError([{ path: 'query.until', message: 'The window ends before it starts.' }]);
    }
    const context = personContext(c);
    const page = await encountersOfDistrictFor(context, scopeDistrict(c.var.actor, district), window, { limit, cursor });
    return c.json({ items: page.items.map((encounter) => viewEncounter(context, encounter)), nextCursor: page.nextCursor }, 200);
  })
  .openapi(listByPerson, async (c) => {
    const { id } = c.req.valid('param');
    const { limit, cursor } = c.req.valid('query');
    const context = personContext(c);
    const page = await encountersOfPersonFor(context, id, { limit, cursor });
    return c.json({ items: page.items.map((encounter) => viewEncounter(context, encounter)), nextCursor: page.nextCursor }, 200);
  });
