import { createRoute, z } from '@hono/zod-openapi';
import { DomainError } from '../../domain/errors.js';
import { changeRule, readRule, ruleHistory, rulesForCaller } from '../../services/rules.js';
import { allow } from '../auth.js';
import { etagOf } from '../respond.js';
import { newRouter } from '../router.js';
import { ruleContext } from '../service-context.js';
import { bearer, errorResponses, jsonBody, jsonResponse, notFoundResponse, preconditionResponses } from '../schemas.js';

const layerView = z
  .object({ district: z.string().optional(), version: z.number() })
  .describe('The layer the caller’s PUT writes (the national value for the system role, the district’s override for its office) and its version, the ETag.');
const ruleView = z
  .object({
    name: z.string(),
    value: z.unknown(),
    version: z.number().describe('Version of the value in force (0: the default of rules.ts).'),
    source: z.string(),
    bounds: z.string().describe('Which bounds apply to the value, and why.'),
    scope: z.enum(['national', 'district']).describe('`national`: one value for the country, changed by the system role; `district`: a district office may override it for its district.'),
    origin: z.enum(['default', 'national', 'district']).describe('Where the value in force comes from: the district’s override is read first, then the national value, then the default.'),
    district: z.string().optional(),
    isDefault: z.boolean(),
    updatedAt: z.string().optional(),
    updatedBy: z.string().optional(),
    layer: layerView,
  })
  .openapi('Rule');
const nameParam = z.object({ name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9.]{0,63}$/, 'A rule name, e.g. weather.national.') });
const history = z.array(z.object({ version: z.number(), updatedAt: z.string(), updatedBy: z.string() }));

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['rules'],
  summary: 'The editable rules in force, each with its source, bounds and version: a district office sees its district’s (its overrides, then the national values), the system role the national ones',
  security: bearer,
  middleware: [allow('admin', 'system')] as const,
  responses: { 200: jsonResponse(z.object({ items: z.array(ruleView) }), 'The rules'), ...errorResponses },
});

const read = createRoute({
  method: 'get',
  path: '/{name}',
  tags: ['rules'],
  summary: 'One rule in force, the versions of the layer in force (who changed it, when) and the layer the caller changes (ETag)',
  security: bearer,
  middleware: [allow('admin', 'system')] as const,
  request: { params: nameParam },
  responses: {
    200: jsonResponse(ruleView.extend({ history }), 'The rule'),
    ...errorResponses,
    ...notFoundResponse,
  },
});

const change = createRoute({
  method: 'put',
  path: '/{name}',
  tags: ['rules'],
  summary: 'Replace a rule’s value: the national value (system role) or the district’s override (its office, for rules of scope `district`); If-Match with the layer’s ETag, "v0" for a layer never written',
  description:
    'Validated by the rule’s schema and bounds (the law’s maximums may only be shortened), kept as a new version, audited; the API, the sweep and the matching function read rules with a short cache, so the change takes effect without a redeploy. A district office on a national rule is a 403 with reason `national_rule`.',
  security: bearer,
  middleware: [allow('admin', 'system')] as const,
  request: { params: nameParam, headers: z.object({ 'if-match': z.string().optional() }), body: jsonBody(z.object({ value: z.unknown() })) },
  responses: { 200: jsonResponse(ruleView, 'The rule now'), ...errorResponses, ...notFoundResponse, ...preconditionResponses },
});

/** Rules the office may change: thresholds, campaign windows, follow-up intervals, the working-day calendar, care, placement and matching values. */
export const rulesRoutes = newRouter()
  .openapi(list, async (c) => c.json({ items: (await rulesForCaller(ruleContext(c))).map((state) => ruleView.parse(state)) }, 200))
  .openapi(read, async (c) => {
    const { name } = c.req.valid('param');
    const state = await readRule(ruleContext(c), name);
    const shown = state.origin === 'district' ? { district: state.district } : {};
    return c.json({ ...ruleView.parse(state), history: await ruleHistory(ruleContext(c), name, shown) }, 200, { etag: etagOf(state.layer.version) });
  })
  .openapi(change, async (c) => {
    const ifMatch = c.req.valid('header')['if-match'];
    if (ifMatch === undefined) throw new DomainError('precondition_required', 'Send If-Match with the ETag of the rule as read.');
    const match = /^"v(\d{1,9})"$/.exec(ifMatch.trim());
    if (!match) throw new DomainError('precondition_failed', 'The If-Match value is not a version of this rule.');
    const changed = await changeRule(ruleContext(c), c.req.valid('param').name, c.req.valid('json').value, Number(match[1]));
    return c.json(ruleView.parse(changed), 200, { etag: etagOf(changed.layer.version) });
  });
