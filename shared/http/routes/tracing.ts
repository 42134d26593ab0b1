import { createRoute, z } from '@hono/zod-openapi';
import { scopeDistrict } from '../../domain/access.js';
import { districtCode } from '../../domain/common.js';
import { addDays } from '../../domain/cst.js';
import { caseStages, tracingEventInput } from '../../domain/tracing.js';
import { readTracingCase, recordTracingStep, tracingCaseView, tracingRowView, tracingWorkList } from '../../services/tracing.js';
import { allow } from '../auth.js';
import { sendStored } from '../respond.js';
import { idempotentRequest, newRouter } from '../router.js';
import { tracingContext } from '../service-context.js';
import { bearer, createResponses, errorResponses, idempotencyHeaders, jsonBody, jsonResponse, notFoundResponse, pageQuery, dueBeforeQuery, documented } from '../schemas.js';

const personParam = z.object({ id: z.uuid({ error: 'A person id is a UUID.' }) });
const caseSchema = documented(tracingCaseView, 'TracingCase', {
  description: 'A tracing case (寻亲): stage, every deadline of the case clock (due / done / overdue / waiting / void, provisional when a working-day year is not loaded) and the timeline.',
});

const read = createRoute({
  method: 'get',
  path: '/{id}/tracing',
  tags: ['tracing'],
  summary: 'A person’s tracing case: stage, deadlines and timeline',
  description: 'Rules 3–7. The case opens when an unidentified person is admitted; tracers, station staff and the office of the case’s district read it.',
  security: bearer,
  middleware: [allow('tracer', 'shelter', 'admin')] as const,
  request: { params: personParam },
  responses: { 200: jsonResponse(caseSchema, 'The case'), ...errorResponses, ...notFoundResponse },
});

const recordStep = createRoute({
  method: 'post',
  path: '/{id}/tracing/events',
  tags: ['tracing'],
  summary: 'Record a tracing step; it completes the deadlines it satisfies',
  description:
    '`notice_published` (rule 3), `notice_refreshed` (rule 6), `dna_requested` and `dna_sampled` (rule 4), `lead`, `note`, and `identity_confirmed`, ' +
    'which makes the person identified (name, home region, ID number sealed) in the same transaction. `at` defaults to now.',
  security: bearer,
  middleware: [allow('tracer', 'shelter', 'admin')] as const,
  request: { params: personParam, headers: idempotencyHeaders, body: jsonBody(tracingEventInput) },
  responses: { 201: jsonResponse(caseSchema, 'The case with the step'), ...errorResponses, ...notFoundResponse, ...createResponses },
});

const workList = createRoute({
  method: 'get',
  path: '/cases',
  tags: ['tracing'],
  summary: 'The tracers’ work list: open cases of the district by nearest deadline, overdue first',
  description: '`due=before:2026-12-01` lists cases with a deadline on or before that CST date; `stage` filters by stage (intake, stranded, long_term, identified).',
  security: bearer,
  middleware: [allow('tracer', 'shelter', 'admin')] as const,
  request: {
    query: z.object({
      due: dueBeforeQuery.optional(),
      stage: z.enum(caseStages.filter((stage) => stage !== 'closed') as ['intake', 'stranded', 'long_term', 'identified']).optional(),
      district: districtCode.optional(),
      ...pageQuery,
    }),
  },
  responses: {
    200: jsonResponse(z.object({ items: z.array(documented(tracingRowView, 'TracingCaseRow')), nextCursor: z.string().nullable() }), 'One page'),
    ...errorResponses,
  },
});

/** The end of a CST date as the work list's bound: the start of the next day, in UTC. */
const afterCstDate = (date: string) => new Date(Date.parse(`${addDays(date, 1)}T00:00:00+08:00`)).toISOString();

/** A person's tracing case (mounted under /v1/persons). */
export const personTracingRoutes = newRouter()
  .openapi(read, async (c) => c.json(await readTracingCase(tracingContext(c), c.req.valid('param').id), 200))
  .openapi(recordStep, async (c) => {
    const body = c.req.valid('json');
    return sendStored(c, await recordTracingStep(tracingContext(c), idempotentRequest(c, c.req.valid('header')['idempotency-key'], body), c.req.valid('param').id, body));
  });

/** The tracers' work list (mounted under /v1/tracing). */
export const tracingRoutes = newRouter().openapi(workList, async (c) => {
  const { due, stage, district, limit, cursor } = c.req.valid('query');
  const page = await tracingWorkList(
    tracingContext(c),
    scopeDistrict(c.var.actor, district),
    { dueBefore: due ? afterCstDate(due) : '~', ...(stage ? { stage } : {}) },
    { limit, cursor },
  );
  return c.json(page, 200);
});
