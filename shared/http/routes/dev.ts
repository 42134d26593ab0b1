import { createRoute, z } from '@hono/zod-openapi';
import { roles } from '../../domain/access.js';
import { districtCode } from '../../domain/common.js';
import { notFound } from '../../domain/errors.js';
import { errorResponses, jsonBody, jsonResponse } from '../schemas.js';
import { newRouter } from '../router.js';

const issue = createRoute({
  method: 'post',
  path: '/tokens',
  tags: ['local development'],
  summary: 'Issue a development token (local stage only; absent in every other stage)',
  request: {
    body: jsonBody(
      z.strictObject({
        role: z.enum(roles),
        sub: z.string().trim().min(1).max(128),
        district: districtCode.optional(),
        facility: z.string().regex(/^[\x21-\x7e]{1,128}$/, 'A facility id: 1 to 128 printable characters, no spaces.').optional(),
      }),
    ),
  },
  responses: { 200: jsonResponse(z.object({ token: z.string(), expiresIn: z.number() }), 'A token valid for 12 hours'), 400: errorResponses[400] },
});

/** Development tokens: mounted only when the stage is `local`. */
export const devRoutes = newRouter().openapi(issue, async (c) => {
  const issuer = c.var.deps.devTokens;
  if (!issuer) throw notFound('The route');
  const expiresIn = issuer.lifetimeSeconds;
  return c.json({ token: await issuer.issue(c.req.valid('json'), expiresIn), expiresIn }, 200);
});
