import { randomUUID } from 'node:crypto';
import { mayActIn, scopeDistrict } from '../domain/access.js';
import { conflict, DomainError, forbidden, notFound, validationError, type FieldIssue } from '../domain/errors.js';
import { applyReportPatch, reportReviewView, reportTimeIssues, reportView, type MissingReport, type ReportInput, type ReportPatch } from '../domain/missing-report.js';
import { appendAudit, auditPut, type AuditContext } from '../store/audit.js';
import type { OutreachRules } from '../domain/rules.js';
import type { Db } from '../store/client.js';
import { idempotentWrite, type IdempotentRequest } from '../store/idempotency.js';
import { candidateDistricts } from '../store/matching.js';
import type { Page, PageRequest } from '../store/pagination.js';
import { getReport, listReports, reportCreate, reportReplace, type ReportSummary } from '../store/missing-reports.js';
import { writeChange } from '../store/transact.js';
import { eventPut } from '../events/events.js';

/**
 * Missing-person reports (走失人员报告): filed by tracers for families, national in reach. Who may
 * see a report: the filing district, the district where the person was last seen, and any district
 * holding a person the report was matched with (a station in 重庆 reviewing a report from 四川).
 */
export type ReportContext = { db: Db; audit: AuditContext; rules: OutreachRules };

const view = (report: MissingReport) => reportView.parse(report);

/** A 400 naming each field of the body at fault. */
const fieldIssuesError = (issues: { path: PropertyKey[]; message: string }[]) =>
  validationError(issues.map((issue): FieldIssue => ({ path: ['body', ...issue.path.map(String)].join('.'), message: issue.message })));

/**
 * How the caller may see a report: whole (its filing district, the district where the person was
 * last seen, a district whose person the filing district accepted as a match), for review only (a
 * district holding a candidate person), or not at all.
 */
async function readingOf(context: ReportContext, report: MissingReport): Promise<'whole' | 'review' | undefined> {
  const { actor } = context.audit;
  if (mayActIn(actor, report.district, 'read') || (report.lastSeen.district && mayActIn(actor, report.lastSeen.district, 'read'))) return 'whole';
  const reach = (await candidateDistricts(context.db, report.id)).filter((candidate) => mayActIn(actor, candidate.district, 'read'));
  if (reach.some((candidate) => candidate.accepted)) return 'whole';
  return reach.length ? 'review' : undefined;
}

/** A report the caller may see, or 404, with how they may see it. */
export async function visibleReport(context: ReportContext, id: string): Promise<MissingReport> {
  return (await readableReport(context, id)).report;
}

async function readableReport(context: ReportContext, id: string): Promise<{ report: MissingReport; reading: 'whole' | 'review' }> {
  const report = await getReport(context.db, id);
  const reading = report ? await readingOf(context, report) : undefined;
  if (!report || !reading) throw notFound('The missing-person report');
  return { report, reading };
}

/** Files a report (POST /v1/missing-reports), at most once per Idempotency-Key, audited. */
export async function fileReport(context: ReportContext, request: IdempotentRequest, input: ReportInput) {
  const { db, audit } = context;
  const { district: named, ...fields } = input;
  const district = scopeDistrict(audit.actor, named);
  const timeIssues = reportTimeIssues(fields, audit.now, context.rules);
  if (timeIssues.length) throw fieldIssuesError(timeIssues);
  const now = audit.now.toISOString();
  return idempotentWrite(db, request, () => {
    const report: MissingReport = { ...fields, id: randomUUID(), district, status: 'open', createdAt: now, createdBy: audit.actor.sub, updatedAt: now, version: 1 };
    return {
      items: [reportCreate(db, report), auditPut(db, audit, { action: 'report.create', subjectType: 'missingReport', subjectId: report.id })],
      response: { status: 201, body: view(report), headers: { location: `/v1/missing-reports/${report.id}`, etag: `"v${report.version}"` } },
    };
  });
}

/** One report, audited as a read of personal data. */
export async function readReport(context: ReportContext, id: string) {
  const { report, reading } = await readableReport(context, id);
  await appendAudit(context.db, context.audit, [{ action: 'report.read', subjectType: 'missingReport', subjectId: id, reason: reading }]);
  return reading === 'whole' ? view(report) : reportReviewView.parse({ ...report, review: true });
}

/** Reports of a district by status: filed there, or naming it as where the person was last seen. */
export async function findReports(context: ReportContext, query: { district?: string; status: MissingReport['status']; listing: 'filed' | 'seen' }, page: PageRequest): Promise<Page<ReportSummary>> {
  const district = scopeDistrict(context.audit.actor, query.district);
  const result = await listReports(context.db, district, query.status, query.listing, page);
  await appendAudit(context.db, context.audit, result.items.map((row) => ({ action: 'report.list', subjectType: 'missingReport', subjectId: row.id })));
  return result;
}

const stale = () => new DomainError('precondition_failed', 'The report was changed by someone else; reload it and try again.');

/** Changes a report (PATCH, If-Match): only the filing district's tracers and office, only while open. */
export async function updateReport(context: ReportContext, id: string, patch: ReportPatch, expectedVersion: number) {
  const { db, audit } = context;
  const report = await visibleReport(context, id);
  if (!mayActIn(audit.actor, report.district)) throw forbidden('Only the district that filed the report changes it.');
  if (report.version !== expectedVersion) throw stale();
  if (report.status !== 'open') throw conflict('The report is closed.');
  const applied = applyReportPatch(report, patch, audit.now, context.rules);
  if ('issues' in applied) throw fieldIssuesError(applied.issues);
  await writeChange(db, [reportReplace(db, applied.report, report.version), auditPut(db, audit, { action: 'report.update', subjectType: 'missingReport', subjectId: id })], stale);
  return view(applied.report);
}

/** Closes a report (found or withdrawn); closing it again the same way returns it. */
export async function closeReport(context: ReportContext, id: string, input: { reason: 'found' | 'withdrawn'; note?: string | undefined }) {
  const { db, audit } = context;
  const report = await visibleReport(context, id);
  if (!mayActIn(audit.actor, report.district)) throw forbidden('Only the district that filed the report closes it.');
  if (report.status === 'closed') {
    if (report.closed?.reason === input.reason) return view(report);
    throw conflict('The report is already closed, differently.');
  }
  const closed: MissingReport = {
    ...report,
    status: 'closed',
    closed: { reason: input.reason, at: audit.now.toISOString(), by: audit.actor.sub, ...(input.note ? { note: input.note } : {}) },
    updatedAt: audit.now.toISOString(),
    version: report.version + 1,
  };
  await writeChange(db, [reportReplace(db, closed, report.version), auditPut(db, audit, { action: 'report.close', subjectType: 'missingReport', subjectId: id, reason: input.reason })], stale);
  return view(closed);
}


/** Reopens a report closed wrongly (POST /v1/missing-reports/{id}/reopen): only its filing district, with the reason, audited. */
export async function reopenReport(context: ReportContext, id: string, input: { reason: string }) {
  const { db, audit } = context;
  const report = await visibleReport(context, id);
  if (!mayActIn(audit.actor, report.district)) throw new DomainError('forbidden', 'Only the district that filed the report reopens it.', { reason: 'not_filing_district' });
  if (report.status === 'open') return view(report);
  const { closed: _closed, ...rest } = report;
  const reopened: MissingReport = { ...rest, status: 'open', updatedAt: audit.now.toISOString(), version: report.version + 1 };
  await writeChange(
    db,
    [
      reportReplace(db, reopened, report.version),
      auditPut(db, audit, { action: 'report.reopen', subjectType: 'missingReport', subjectId: id, reason: `${input.reason} (closed ${report.closed?.reason ?? ''} by ${report.closed?.by ?? ''})` }),
      eventPut(db, { kind: 'report_reopened', district: report.district, severity: 'info', occurredAt: audit.now.toISOString(), subjectId: id, payload: { reportId: id } }),
    ],
    stale,
  );
  return view(reopened);
}
