import { createRoute, z } from '@hono/zod-openapi';
import { DomainError } from '../../domain/errors.js';
import { changeRule, readRule, readRuleStates, ruleHistory } from '../../services/rules.js';
import { allow } from '../auth.js';
import { etagOf } from '../respond.js';
import { newRouter } from '../router.js';
import { ruleContext } from '../service-context.js';
import { bearer, errorResponses, jsonBody, jsonResponse, notFoundResponse, preconditionResponses } from '../schemas.js';

const ruleView = z
  .object({
    name: z.string(),
    value: z.unknown(),
    version: z.number(),
    source: z.string(),
    isDefault: z.boolean(),
    updatedAt: z.string().optional(),
    updatedBy: z.string().optional(),
  })
  .openapi('Rule');
const nameParam = z.object({ name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9.]{0,63}$/, 'A rule name, e.g. weather.national.') });

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['rules'],
  summary: 'The editable rules in force, each with its source and version (0: the default of rules.ts)',
  security: bearer,
  middleware: [allow('admin')] as const,
  responses: { 200: jsonResponse(z.object({ items: z.array(ruleView) }), 'The rules'), ...errorResponses },
});

const read = createRoute({
  method: 'get',
  path: '/{name}',
  tags: ['rules'],
  summary: 'One rule in force and its versions (who changed it, when)',
  security: bearer,
  middleware: [allow('admin')] as const,
  request: { params: nameParam },
  responses: {
    200: jsonResponse(ruleView.extend({ history: z.array(z.object({ version: z.number(), updatedAt: z.string(), updatedBy: z.string() })) }), 'The rule'),
    ...errorResponses,
    ...notFoundResponse,
  },
});

const change = createRoute({
  method: 'put',
  path: '/{name}',
  tags: ['rules'],
  summary: 'Replace a rule’s value (admin; If-Match with the ETag read, "v0" for the default)',
  description: 'Validated by the rule’s schema, kept as a new version, audited; the API reads rules with a short cache, so the change takes effect without a redeploy.',
  security: bearer,
  middleware: [allow('admin')] as const,
  request: { params: nameParam, headers: z.object({ 'if-match': z.string().optional() }), body: jsonBody(z.object({ value: z.unknown() })) },
  responses: { 200: jsonResponse(ruleView, 'The rule now'), ...errorResponses, ...notFoundResponse, ...preconditionResponses },
});

/** Rules the office may change: thresholds, campaign windows, follow-up intervals, the working-day calendar. */
export const rulesRoutes = newRouter()
  .openapi(list, async (c) => c.json({ items: (await readRuleStates(c.var.deps.db)).map((state) => ruleView.parse(state)) }, 200))
  .openapi(read, async (c) => {
    const { name } = c.req.valid('param');
    const state = await readRule(ruleContext(c), name);
    return c.json({ ...ruleView.parse(state), history: await ruleHistory(ruleContext(c), name) }, 200, { etag: etagOf(state.version) });
  })
  .openapi(change, async (c) => {
    const ifMatch = c.req.valid('header')['if-match'];
    if (ifMatch === undefined) throw new DomainError('precondition_required', 'Send If-Match with the ETag of the rule as read.');
    const match = /^"v(\d{1,9})"$/.exec(ifMatch.trim());
    if (!match) throw new DomainError('precondition_failed', 'The If-Match value is not a version of this rule.');
    const changed = await changeRule(ruleContext(c), c.req.valid('param').name, c.req.valid('json').value, Number(match[1]));
    return c.json(ruleView.parse(changed), 200, { etag: etagOf(changed.version) });
  });

