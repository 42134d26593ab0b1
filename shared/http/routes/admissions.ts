import { createRoute } from '@hono/zod-openapi';
import { admissionInput } from '../../domain/stay.js';
import { admit } from '../../services/care.js';
import { allow } from '../auth.js';
import { sendStored } from '../respond.js';
import { idempotentRequest, newRouter } from '../router.js';
import { careContext } from '../service-context.js';
import { admissionConflictSchema, stayViewSchema } from '../care-schemas.js';
import { bearer, createResponses, errorResponses, idempotencyHeaders, jsonBody, jsonResponse, notFoundResponse } from '../schemas.js';

const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['care'],
  summary: 'Admit a person to a facility (入站): takes a bed of their sex and starts a stay',
  description:
    'One transaction: the stay, the bed, the person (status in_care), the audit entry and an `admitted` event. ' +
    'For a person of unknown sex, staff name the wing in `bedSex`. Shelter staff admit to their own facility, patrol to facilities of its district.',
  security: bearer,
  middleware: [allow('patrol', 'shelter', 'admin')] as const,
  request: { headers: idempotencyHeaders, body: jsonBody(admissionInput) },
  responses: {
    201: jsonResponse(stayViewSchema, 'Admitted; Location names the stay'),
    ...errorResponses,
    ...notFoundResponse,
    ...createResponses,
    409: {
      description: 'No bed of the sex is free (with the free beds by sex and the waitlist), the person is already in care, or the same key is in flight.',
      content: { 'application/problem+json': { schema: admissionConflictSchema } },
    },
  },
});

/** Admissions (入站). */
export const admissionsRoutes = newRouter().openapi(create, async (c) => {
  const body = c.req.valid('json');
  const result = await admit(careContext(c), idempotentRequest(c, c.req.valid('header')['idempotency-key'], body), body);
  return sendStored(c, result);
});
