import { createRoute, z } from '@hono/zod-openapi';
import { areaInput, areaPatch } from '../../domain/area.js';
import { districtCode } from '../../domain/common.js';
import { DomainError } from '../../domain/errors.js';
import { createArea, findAreas, readArea, updateArea } from '../../services/areas.js';
import { allow } from '../auth.js';
import { etagOf, sendStored, versionFromIfMatch } from '../respond.js';
import { idempotentRequest, newRouter } from '../router.js';
import { areaContext } from '../service-context.js';
import { bearer, createResponses, errorResponses, idempotencyHeaders, jsonBody, jsonResponse, notFoundResponse, pageQuery, preconditionResponses, problem } from '../schemas.js';

const areaView = z
  .object({
    id: z.string(),
    name: z.string(),
    district: z.string(),
    boundary: z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.tuple([z.number(), z.number()]))) }),
    altitudeM: z.number().optional(),
    divisionCode: z.string().optional(),
    centroid: z.object({ lat: z.number(), lng: z.number() }),
    bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
  })
  .openapi('Area');
const idParam = z.object({ id: z.uuid({ error: 'An area id is a UUID.' }) });

const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['campaigns'],
  summary: 'Define a patrol area (街道) with its GeoJSON Polygon boundary in WGS-84 (admin)',
  description: 'Warnings name areas by their Chinese name (unique in the district), by administrative division code (the district’s, or the 街道’s own `divisionCode`) and by <polygon>/<circle>. At most 10 rings, 2,000 positions a ring, 5,000 in all.',
  security: bearer,
  middleware: [allow('admin')] as const,
  request: { headers: idempotencyHeaders, body: jsonBody(areaInput) },
  responses: { 201: jsonResponse(areaView, 'The area'), ...errorResponses, ...createResponses },
});

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['campaigns'],
  summary: 'The areas of a district, by name',
  security: bearer,
  middleware: [allow('patrol', 'shelter', 'admin')] as const,
  request: { query: z.object({ district: districtCode.optional(), ...pageQuery }) },
  responses: { 200: jsonResponse(z.object({ items: z.array(areaView), nextCursor: z.string().nullable() }), 'One page'), ...errorResponses },
});

const read = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['campaigns'],
  summary: 'One area',
  security: bearer,
  middleware: [allow('patrol', 'shelter', 'admin')] as const,
  request: { params: idParam },
  responses: { 200: jsonResponse(areaView, 'The area'), ...errorResponses, ...notFoundResponse },
});

const update = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['campaigns'],
  summary: 'Change an area’s name, boundary or altitude (admin); If-Match is honoured when sent',
  security: bearer,
  middleware: [allow('admin')] as const,
  request: { params: idParam, headers: z.object({ 'if-match': z.string().optional() }), body: jsonBody(areaPatch) },
  responses: {
    200: jsonResponse(areaView, 'The changed area'),
    ...errorResponses,
    ...notFoundResponse,
    409: problem('Another area of the district has the name, or another write is in flight.'),
    ...preconditionResponses,
  },
});

/** Patrol areas (街道): where campaigns run and warnings apply. */
export const areasRoutes = newRouter()
  .openapi(create, async (c) => {
    const body = c.req.valid('json');
    return sendStored(c, await createArea(areaContext(c), idempotentRequest(c, c.req.valid('header')['idempotency-key'], body), body));
  })
  .openapi(list, async (c) => {
    const { district, limit, cursor } = c.req.valid('query');
    const page = await findAreas(areaContext(c), district, { limit, cursor });
    return c.json({ items: page.items.map((area) => areaView.parse(area)), nextCursor: page.nextCursor }, 200);
  })
  .openapi(read, async (c) => {
    const area = await readArea(areaContext(c), c.req.valid('param').id, 'read');
    return c.json(areaView.parse(area), 200, { etag: etagOf(area.version) });
  })
  .openapi(update, async (c) => {
    const ifMatch = c.req.valid('header')['if-match'];
    const expected = ifMatch === undefined ? undefined : versionFromIfMatch(ifMatch);
    if (expected === null) throw new DomainError('precondition_failed', 'The If-Match value is not a version of this area.');
    const changed = await updateArea(areaContext(c), c.req.valid('param').id, c.req.valid('json'), expected);
    return c.json(areaView.parse(changed), 200, { etag: etagOf(changed.version) });
  });
