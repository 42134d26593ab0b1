import { createRoute, z } from '@hono/zod-openapi';
import { reunionInput, reunionView, reunite } from '../../services/reunion.js';
import { allow } from '../auth.js';
import { newRouter } from '../router.js';
import { careContext } from '../service-context.js';
import { bearer, errorResponses, jsonBody, jsonResponse, notFoundResponse, problem, documented } from '../schemas.js';

const reunion = createRoute({
  method: 'post',
  path: '/{id}/reunion',
  tags: ['tracing'],
  summary: 'Record a reunion (团聚): ends the stay, closes the tracing case and the report, sets the person reunited',
  description:
    'One transaction with the discharge (the bed freed). Rule 9: a person who may be under 16, or in special difficulty, goes only to a relative ' +
    'on record whose ID was checked (`relative.idVerified: true`); otherwise 422 naming the rule. Sending the same reunion again returns it.',
  security: bearer,
  middleware: [allow('tracer', 'shelter', 'admin')] as const,
  request: { params: z.object({ id: z.uuid({ error: 'A person id is a UUID.' }) }), body: jsonBody(reunionInput) },
  responses: {
    200: jsonResponse(documented(reunionView, 'Reunion'), 'Reunited'),
    ...errorResponses,
    ...notFoundResponse,
    409: problem('The person is deceased, or their records changed meanwhile.'),
    422: problem('Rule 9: the release needs a relative on record whose ID was checked.'),
  },
});

/** Reunion (mounted under /v1/persons). */
export const reunionRoutes = newRouter().openapi(reunion, async (c) => c.json(await reunite(careContext(c), c.req.valid('param').id, c.req.valid('json')), 200));
