import { createRoute, z } from '@hono/zod-openapi';
import { scopeDistrict } from '../../domain/access.js';
import { isOverdue, paymentInput } from '../../domain/aid.js';
import { districtCode } from '../../domain/common.js';
import { validationError } from '../../domain/errors.js';
import { aidCasesOf, recordPayment, visibleAidCase } from '../../services/aid-cases.js';
import { allow } from '../auth.js';
import { newRouter } from '../router.js';
import { aidContext } from '../service-context.js';
import { bearer, createResponses, errorResponses, jsonBody, jsonResponse, notFoundResponse, pageQuery } from '../schemas.js';

const due = z.object({ dueAt: z.string(), provisional: z.boolean() });
const aidCaseView = z
  .object({
    id: z.string(),
    personId: z.string(),
    encounterId: z.string(),
    district: z.string(),
    discoveredAt: z.string(),
    due: z.object({ workingDays: due, calendarDays: due }),
    dueAt: z.string(),
    binding: z.enum(['working_days', 'calendar_days']),
    provisional: z.boolean(),
    overdue: z.boolean(),
    status: z.enum(['open', 'paid']),
    payment: z.object({ amount: z.number(), at: z.string(), paidBy: z.string() }).optional(),
    rules: z.object({ version: z.string(), source: z.string() }),
    createdAt: z.string(),
    version: z.number(),
  })
  .openapi('AidCase');

const roles = allow('patrol', 'shelter', 'admin');

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['emergency aid'],
  summary: 'Emergency aid cases (急难型临时救助) of a district, soonest due first; `overdue=true` for the late ones',
  security: bearer,
  middleware: [roles] as const,
  request: {
    query: z.object({
      overdue: z.enum(['true', 'false']).optional(),
      status: z.enum(['open', 'paid']).default('open'),
      district: districtCode.optional(),
      ...pageQuery,
    }),
  },
  responses: { 200: jsonResponse(z.object({ items: z.array(aidCaseView), nextCursor: z.string().nullable() }), 'One page'), ...errorResponses },
});

const read = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['emergency aid'],
  summary: 'One aid case with both deadlines',
  security: bearer,
  middleware: [roles] as const,
  request: { params: z.object({ id: z.uuid({ error: 'An aid case id is a UUID.' }) }) },
  responses: { 200: jsonResponse(aidCaseView, 'The case'), ...errorResponses, ...notFoundResponse },
});

const pay = createRoute({
  method: 'post',
  path: '/{id}/paid',
  tags: ['emergency aid'],
  summary: 'Record that the aid was paid (repeating the same payment is harmless)',
  security: bearer,
  middleware: [allow('patrol', 'admin')] as const,
  request: { params: z.object({ id: z.uuid({ error: 'An aid case id is a UUID.' }) }), body: jsonBody(paymentInput) },
  responses: { 200: jsonResponse(aidCaseView, 'The paid case'), ...errorResponses, ...notFoundResponse, 409: createResponses[409] },
});

/** Emergency temporary assistance cases opened by street referrals (rule 11). */
export const aidCasesRoutes = newRouter()
  .openapi(list, async (c) => {
    const { overdue, status, district, limit, cursor } = c.req.valid('query');
    if (overdue === 'true' && status === 'paid') {
      throw validationError([{ path: 'query.overdue', message: 'Only open cases can be overdue.' }]);
    }
    const now = c.var.deps.now();
    const dueBefore = overdue === 'true' && status === 'open' ? now.toISOString() : undefined;
    const page = await aidCasesOf(aidContext(c), scopeDistrict(c.var.actor, district), status, dueBefore, { limit, cursor });
    const items = page.items
      .map((aidCase) => ({ ...aidCase, overdue: isOverdue(aidCase, now) }))
      .filter((aidCase) => overdue !== 'false' || !aidCase.overdue);
    return c.json({ items: items.map((item) => aidCaseView.parse(item)), nextCursor: page.nextCursor }, 200);
  })
  .openapi(read, async (c) => {
    const aidCase = await visibleAidCase(aidContext(c), c.req.valid('param').id, 'read');
    return c.json(aidCaseView.parse({ ...aidCase, overdue: isOverdue(aidCase, c.var.deps.now()) }), 200);
  })
  .openapi(pay, async (c) => {
    const paid = await recordPayment(aidContext(c), c.req.valid('param').id, c.req.valid('json'));
    return c.json(aidCaseView.parse({ ...paid, overdue: false }), 200);
  });
