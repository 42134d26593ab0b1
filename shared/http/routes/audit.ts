import { createRoute, z } from '@hono/zod-openapi';
import { auditTrail } from '../../services/audit.js';
import { allow } from '../auth.js';
import { newRouter } from '../router.js';
import { bearer, errorResponses, jsonResponse, pageQuery } from '../schemas.js';

const auditEntryView = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.string(),
    role: z.string(),
    action: z.string(),
    subjectType: z.string(),
    subjectId: z.string(),
    requestId: z.string(),
    reason: z.string().optional(),
  })
  .openapi('AuditEntry');

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['audit'],
  summary: "A subject's audit trail, newest first (admin)",
  security: bearer,
  middleware: [allow('admin')] as const,
  request: { query: z.object({ subjectId: z.string().trim().min(1).max(256), ...pageQuery }) },
  responses: {
    200: jsonResponse(z.object({ items: z.array(auditEntryView), nextCursor: z.string().nullable() }), 'One page'),
    ...errorResponses,
  },
});

/** The audit log: who read or changed what, when and why. */
export const auditRoutes = newRouter().openapi(list, async (c) => {
  const { subjectId, limit, cursor } = c.req.valid('query');
  const page = await auditTrail(c.var.deps.db, subjectId, { limit, cursor });
  return c.json({ items: page.items.map((entry) => auditEntryView.parse(entry)), nextCursor: page.nextCursor }, 200);
});
