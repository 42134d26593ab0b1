import { createRoute, z } from '@hono/zod-openapi';
import { candidateView, decideMatch, decisionInput, personMatches } from '../../services/matching.js';
import { allow } from '../auth.js';
import { newRouter } from '../router.js';
import { tracingContext } from '../service-context.js';
import { bearer, errorResponses, jsonBody, jsonResponse, notFoundResponse, documented } from '../schemas.js';

const candidateSchema = documented(candidateView, 'MatchCandidate');

const personMatchesRoute = createRoute({
  method: 'get', path: '/{id}/matches', tags: ['tracing'],
  summary: 'Missing-person reports (and register members with guardians) that may be this unidentified person, best first',
  description: 'Scores are absolute in [0, 1]; each reason says whether a field agrees, disagrees or is unknown, its weight and why (zh-CN). Rejected pairs are left out.',
  security: bearer, middleware: [allow('tracer', 'shelter', 'admin')] as const,
  request: { params: z.object({ id: z.uuid({ error: 'A person id is a UUID.' }) }) },
  responses: { 200: jsonResponse(z.object({ candidates: z.array(candidateSchema) }), 'Candidates above the threshold'), ...errorResponses, ...notFoundResponse },
});

const decide = createRoute({
  method: 'post', path: '/{personId}/{reportId}/decision', tags: ['tracing'],
  summary: 'Confirm or reject a suggested match',
  description:
    'A rejected pair does not come back unless one side changes materially. A confirmation identifies the person (the report’s name and home region), ' +
    'records identity_confirmed on the tracing case, closes the report as found and sends match_confirmed to both districts, in one transaction.',
  security: bearer, middleware: [allow('tracer', 'shelter', 'admin')] as const,
  request: {
    params: z.object({ personId: z.uuid({ error: 'A person id is a UUID.' }), reportId: z.uuid({ error: 'A report id is a UUID.' }) }),
    body: jsonBody(decisionInput),
  },
  responses: { 200: jsonResponse(candidateSchema, 'The pair as decided'), ...errorResponses, ...notFoundResponse },
});

/** A person's match candidates (mounted under /v1/persons). */
export const personMatchesRoutes = newRouter().openapi(personMatchesRoute, async (c) => c.json(await personMatches(tracingContext(c), c.req.valid('param').id), 200));

/** Match decisions (mounted under /v1/matches). */
export const matchesRoutes = newRouter().openapi(decide, async (c) => {
  const { personId, reportId } = c.req.valid('param');
  return c.json(await decideMatch(tracingContext(c), personId, reportId, c.req.valid('json')), 200);
});
