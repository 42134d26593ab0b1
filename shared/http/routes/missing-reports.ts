import { createRoute, z } from '@hono/zod-openapi';
import { districtCode } from '../../domain/common.js';
import { DomainError } from '../../domain/errors.js';
import { reportCloseInput, reportInput, reportPatch, reportReopenInput, reportReviewView, reportStatuses, reportView } from '../../domain/missing-report.js';
import { candidateView, reportMatches } from '../../services/matching.js';
import { closeReport, fileReport, findReports, readReport, reopenReport, updateReport } from '../../services/missing-reports.js';
import { allow } from '../auth.js';
import { etagOf, sendStored, versionFromIfMatch } from '../respond.js';
import { idempotentRequest, newRouter } from '../router.js';
import { reportContext } from '../service-context.js';
import {
  bearer, createResponses, errorResponses, idempotencyHeaders, jsonBody, jsonResponse, notFoundResponse, pageQuery, preconditionResponses, documented } from '../schemas.js';

const idParam = z.object({ id: z.uuid({ error: 'A report id is a UUID.' }) });
const reportSchema = documented(reportView, 'MissingReport', { description: 'A missing-person report (走失人员报告) as tracers see it.' });
const summarySchema = z
  .object({
    id: z.string(), name: z.string(), sex: z.string(), birthYear: z.number().optional(), birthDate: z.string().optional(), ageAtDisappearance: z.number().optional(),
    district: z.string(), status: z.enum(reportStatuses), createdAt: z.string(),
    lastSeen: z.object({ at: z.string(), place: z.string(), district: z.string().optional() }),
  })
  .openapi('MissingReportRow');
const TRACING = ['tracer', 'admin'] as const;

const create = createRoute({
  method: 'post', path: '/', tags: ['tracing'],
  summary: 'File a missing-person report for a family (national: any station may match it)',
  security: bearer, middleware: [allow(...TRACING)] as const,
  request: { headers: idempotencyHeaders, body: jsonBody(reportInput) },
  responses: { 201: jsonResponse(reportSchema, 'Filed; Location names the report, ETag its version'), ...errorResponses, ...createResponses },
});
const list = createRoute({
  method: 'get', path: '/', tags: ['tracing'],
  summary: 'Reports of the district by status: filed here (`listing=filed`) or naming the district as where the person was last seen (`listing=seen`)',
  security: bearer, middleware: [allow(...TRACING)] as const,
  request: { query: z.object({ status: z.enum(reportStatuses).default('open'), listing: z.enum(['filed', 'seen']).default('filed'), district: districtCode.optional(), ...pageQuery }) },
  responses: { 200: jsonResponse(z.object({ items: z.array(summarySchema), nextCursor: z.string().nullable() }), 'One page'), ...errorResponses },
});
const read = createRoute({
  method: 'get', path: '/{id}', tags: ['tracing'],
  summary: 'One report: for the filing district, the district where the person was last seen, and districts holding a person matched with it',
  security: bearer, middleware: [allow(...TRACING)] as const,
  request: { params: idParam },
  description: 'A district that holds a candidate person reads the report for review (the fields compared, no reporter contact, no conditions) until the filing district accepts the match.',
  responses: {
    200: jsonResponse(z.union([reportSchema, documented(reportReviewView, 'MissingReportForReview')]), 'The report; ETag carries the version'), ...errorResponses, ...notFoundResponse,
  },
});
const update = createRoute({
  method: 'patch', path: '/{id}', tags: ['tracing'],
  summary: 'Change an open report (the filing district); needs If-Match with the ETag last read',
  security: bearer, middleware: [allow(...TRACING)] as const,
  request: { params: idParam, headers: z.object({ 'if-match': z.string().optional() }), body: jsonBody(reportPatch) },
  responses: { 200: jsonResponse(reportSchema, 'The report'), ...errorResponses, ...notFoundResponse, ...preconditionResponses },
});
const close = createRoute({
  method: 'post', path: '/{id}/close', tags: ['tracing'],
  summary: 'Close a report: found or withdrawn (the filing district)',
  security: bearer, middleware: [allow(...TRACING)] as const,
  request: { params: idParam, body: jsonBody(reportCloseInput) },
  responses: { 200: jsonResponse(reportSchema, 'The closed report'), ...errorResponses, ...notFoundResponse },
});
const reopen = createRoute({
  method: 'post', path: '/{id}/reopen', tags: ['tracing'],
  summary: 'Reopen a report closed wrongly (the filing district), with the reason; audited',
  security: bearer, middleware: [allow(...TRACING)] as const,
  request: { params: idParam, body: jsonBody(reportReopenInput) },
  responses: { 200: jsonResponse(reportSchema, 'The open report'), ...errorResponses, ...notFoundResponse },
});
const matches = createRoute({
  method: 'get', path: '/{id}/matches', tags: ['tracing'],
  summary: 'Unidentified people who may be the reported person, best first, with the reasons field by field',
  security: bearer, middleware: [allow(...TRACING)] as const,
  request: { params: idParam },
  responses: { 200: jsonResponse(z.object({ candidates: z.array(documented(candidateView, 'MatchCandidate')) }), 'Candidates above the threshold'), ...errorResponses, ...notFoundResponse },
});

/** Missing-person reports (mounted under /v1/missing-reports). */
export const missingReportsRoutes = newRouter()
  .openapi(create, async (c) => {
    const body = c.req.valid('json');
    return sendStored(c, await fileReport(reportContext(c), idempotentRequest(c, c.req.valid('header')['idempotency-key'], body), body));
  })
  .openapi(list, async (c) => {
    const { status, listing, district, limit, cursor } = c.req.valid('query');
    return c.json(await findReports(reportContext(c), { status, listing, ...(district ? { district } : {}) }, { limit, cursor }), 200);
  })
  .openapi(read, async (c) => {
    const report = await readReport(reportContext(c), c.req.valid('param').id);
    return c.json(report, 200, { etag: etagOf(report.version) });
  })
  .openapi(update, async (c) => {
    const header = c.req.valid('header')['if-match'];
    if (header === undefined) throw new DomainError('precondition_required', 'Send If-Match with the ETag of the version you read.');
    const version = versionFromIfMatch(header);
    if (version === null) throw new DomainError('precondition_failed', 'The If-Match value is not a version of this report.');
    const report = await updateReport(reportContext(c), c.req.valid('param').id, c.req.valid('json'), version);
    return c.json(report, 200, { etag: etagOf(report.version) });
  })
  .openapi(close, async (c) => c.json(await closeReport(reportContext(c), c.req.valid('param').id, c.req.valid('json')), 200))
  .openapi(reopen, async (c) => c.json(await reopenReport(reportContext(c), c.req.valid('param').id, c.req.valid('json')), 200))
  .openapi(matches, async (c) => c.json(await reportMatches(reportContext(c), c.req.valid('param').id), 200));
