import { careModeOf, careModeView, type CareModeChoice } from '../domain/stay.js';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { mayActIn, type Actor, type Intent, type Role } from '../domain/access.js';
import type { WorkingDayCalendar } from '../domain/calendar.js';
import { addDays, addMonths, cstDate } from '../domain/cst.js';
import { conflict, DomainError, forbidden, notFound, validationError, type FieldIssue } from '../domain/errors.js';
import { fromReportItem } from '../store/missing-reports.js';
import { applyPersonPatch, type Person } from '../domain/person.js';
import type { Stay } from '../domain/stay.js';
import type { OutreachRules } from '../domain/rules.js';
import {
  caseStages, closeCase, closeReasons, markMissingFromCare, deadlineNames, deadlinesOf, deadlineStates, nearestDue, nextAttention, openCase, stageOf, stepDetails,
  stepIssue, stepTimeIssue, type CaseStage, type CloseReason, type Deadline, type TracingCase, type TracingEventInput,
} from '../domain/tracing.js';
import { eventPut } from '../events/events.js';
import { appendAudit, auditPut } from '../store/audit.js';
import type { Db } from '../store/client.js';
import { idempotentWrite, readConsistently, type IdempotentRequest } from '../store/idempotency.js';
import { keys } from '../store/keys.js';
import type { Page, PageRequest } from '../store/pagination.js';
import { fromPersonItem, personUpdateItems, type StoredPerson } from '../store/persons.js';
import { fromTracingItem, tracingCaseOpen, tracingCaseReplace, tracingCasesDue, type TracingDerived, type TracingSummary } from '../store/tracing.js';
import type { TransactItem } from '../store/transact.js';
import { idNumberTaken, openPerson, secretsOf, withFollowUp, type PersonContext } from './persons.js';

/**
 * Family tracing cases (rules 3–7): opened with an unidentified person's admission, worked by
 * tracers through recorded steps, watched by the hourly sweep, closed by reunion or departure.
 * The clock is `domain/tracing.ts`; this module reads and writes cases and checks who may.
 */
export type TracingContext = PersonContext & { calendar: WorkingDayCalendar };

type Clock = { calendar: WorkingDayCalendar; rules: OutreachRules };

/** The case clock's view of a case at `now`, and the index keys it derives. */
export function clockOf(tracing: TracingCase, now: Date, clock: Clock): { deadlines: Deadline[]; derived: TracingDerived } {
  const deadlines = deadlinesOf(tracing, now, clock.calendar, clock.rules);
  const nearestDueAt = nearestDue(deadlines);
  const nextAttentionAt = nextAttention(tracing, deadlines, clock.rules);
  return { deadlines, derived: { ...(nearestDueAt ? { nearestDueAt } : {}), ...(nextAttentionAt ? { nextAttentionAt } : {}) } };
}

/**
 * The items that open a case for a person taken into care unidentified (in the admission's
 * transaction), or none when an open case already runs. A closed case is replaced by a new cycle.
 */
export function openCaseItems(
  db: Db,
  clock: Clock,
  facts: { person: Pick<Person, 'id' | 'identityStatus'>; stay: { id: string; facilityId: string; district: string; at: string }; by: string; now: Date; existing?: TracingCase },
): TransactItem[] {
  if (facts.person.identityStatus !== 'unidentified' || facts.existing?.status === 'open') return [];
  const tracing = openCase(
    {
      personId: facts.person.id, district: facts.stay.district, facilityId: facts.stay.facilityId, stayId: facts.stay.id, openedAt: facts.stay.at,
      by: facts.by, now: facts.now, ...(facts.existing ? { previous: facts.existing } : {}),
    },
    clock.rules,
  );
  const { derived } = clockOf(tracing, facts.now, clock);
  return [
    tracingCaseOpen(db, tracing, derived, facts.existing),
    eventPut(db, {
      kind: 'tracing_opened', district: tracing.district, severity: 'info', occurredAt: tracing.openedAt, subjectId: tracing.personId, facilityId: tracing.facilityId,
      payload: { personId: tracing.personId, stayId: tracing.stayId, facilityId: tracing.facilityId, district: tracing.district, noticeDueAt: derived.nearestDueAt },
    }),
  ];
}

/**
 * A resident found not to be who they said (identity patched to unidentified while in care): the
 * items that open a case in the person's change, its clock starting now (a fresh 24-hour notice).
 */
export function caseOnIdentityLost(context: TracingContext) {
  return async (before: StoredPerson, after: Person): Promise<TransactItem[]> => {
    if (!before.openStay || before.person.identityStatus === 'unidentified' || after.identityStatus !== 'unidentified') return [];
    const { db, audit } = context;
    const items = await readConsistently(db, [keys.stay(before.openStay.stayId), keys.tracingCase(after.id)]);
    const stayItem = items.get(keys.stay(before.openStay.stayId).pk);
    const stay = stayItem?.['type'] === 'stay' ? (stayItem['stay'] as Stay) : undefined;
    if (!stay) return [];
    const existing = fromTracingItem(items.get(keys.tracingCase(after.id).pk));
    return openCaseItems(db, context, {
      person: after,
      stay: { id: stay.id, facilityId: stay.facilityId, district: stay.district, at: audit.now.toISOString() },
      by: audit.actor.sub,
      now: audit.now,
      ...(existing ? { existing } : {}),
    });
  };
}

/** The items that close an open case (a discharge, a reunion), or none when no case is open. */
export function closeCaseItems(db: Db, clock: Clock, tracing: TracingCase | undefined, reason: CloseReason, at: string, by: string, now: Date): TransactItem[] {
  if (tracing?.status !== 'open') return [];
  const closed = closeCase(tracing, reason, at, by, now);
  return [tracingCaseReplace(db, closed, clockOf(closed, now, clock).derived, tracing.version)];
}

/** The items that keep an open case open with the person missing from care (a protected person left), or none when no case is open. */
export function missingCaseItems(db: Db, clock: Clock, tracing: TracingCase | undefined, stayId: string, at: string, by: string, now: Date): TransactItem[] {
  if (tracing?.status !== 'open') return [];
  const missing = markMissingFromCare(tracing, stayId, at, by, now);
  return [tracingCaseReplace(db, missing, clockOf(missing, now, clock).derived, tracing.version)];
}

/** The items that show a stay's chosen care mode (rule 5) on the open case, or none when no case is open. */
export function careModeCaseItems(db: Db, clock: Clock, tracing: TracingCase | undefined, careMode: CareModeChoice, now: Date): TransactItem[] {
  if (tracing?.status !== 'open') return [];
  const next: TracingCase = { ...tracing, careMode, version: tracing.version + 1 };
  return [tracingCaseReplace(db, next, clockOf(next, now, clock).derived, tracing.version)];
}

/** Who may work tracing: the tracers, station staff and office of the case's district or the person's. */
const TRACING_ROLES: readonly Role[] = ['tracer', 'shelter', 'admin'];

/**
 * A person and their tracing case (if any), read strongly in one request with any `extra` keys the
 * caller needs beside them, for a caller who may work tracing in the case's or the person's
 * district: 403 for another role, 404 for anyone else (or when the person is missing).
 */
export async function tracingRecords(context: Pick<TracingContext, 'db' | 'audit'>, personId: string, extra: { pk: string; sk: string }[] = [], intent: Intent = 'act') {
  if (!context.audit.actor.roles.some((role) => TRACING_ROLES.includes(role))) throw forbidden();
  const items = await readConsistently(context.db, [keys.person(personId), keys.tracingCase(personId), ...extra]);
  return { ...reachableRecords(context.audit.actor, personId, items, intent), items };
}

/** The person and case among records read, or 404 when the person is missing or outside the caller's reach. */
function reachableRecords(actor: Actor, personId: string, items: Map<string, Record<string, unknown>>, intent: Intent = 'act') {
  const stored = fromPersonItem(items.get(keys.person(personId).pk));
  const tracing = fromTracingItem(items.get(keys.tracingCase(personId).pk));
  if (!stored || !(mayActIn(actor, stored.person.district, intent) || (tracing && mayActIn(actor, tracing.district, intent)))) throw notFound('The person');
  return { stored, tracing };
}

const timelineView = z.object({
  id: z.string(),
  kind: z.string(),
  at: z.string(),
  recordedAt: z.string(),
  by: z.string(),
  details: z.record(z.string(), z.string()).optional(),
});
export const deadlineView = z.object({
  name: z.enum(deadlineNames),
  kind: z.enum(['task', 'milestone']),
  dueAt: z.string().optional(),
  state: z.enum(deadlineStates),
  doneAt: z.string().optional(),
  provisional: z.boolean(),
  rule: z.string(),
});
/** A tracing case as tracers see it: stage, every deadline, the timeline. */
export const tracingCaseView = z.object({
  personId: z.string(),
  cycle: z.number().int(),
  district: z.string(),
  facilityId: z.string(),
  stayId: z.string(),
  status: z.enum(['open', 'closed']),
  stage: z.enum(caseStages),
  openedAt: z.string(),
  identifiedAt: z.string().optional(),
  closedAt: z.string().optional(),
  closeReason: z.enum(closeReasons).optional(),
  /** Rule 5: where the person is cared for once 滞留 began (in the station until one is chosen). */
  careMode: careModeView,
  deadlines: z.array(deadlineView),
  timeline: z.array(timelineView),
  rules: z.object({ version: z.string(), source: z.string() }),
  version: z.number().int(),
});
export type TracingCaseView = z.infer<typeof tracingCaseView>;

export function viewCase(tracing: TracingCase, now: Date, clock: Clock): TracingCaseView {
  return tracingCaseView.parse({ ...tracing, careMode: careModeOf(tracing.careMode), stage: stageOf(tracing, now, clock.rules), deadlines: clockOf(tracing, now, clock).deadlines });
}

/** The case and the person, in one read (or from a read already made); 404 when either is missing or out of reach. */
async function accessibleCase(context: TracingContext, personId: string, prefetched?: Map<string, Record<string, unknown>>, intent: Intent = 'act') {
  // Inside an idempotent write, its first read has fetched both records already.
  const { stored, tracing } = prefetched ? reachableRecords(context.audit.actor, personId, prefetched, intent) : await tracingRecords(context, personId, [], intent);
  if (!tracing) throw notFound('The tracing case');
  return { tracing, stored };
}

/** GET /v1/persons/{id}/tracing: the case, audited as a read of the person. */
export async function readTracingCase(context: TracingContext, personId: string): Promise<TracingCaseView> {
  const { tracing } = await accessibleCase(context, personId, undefined, 'read');
  await appendAudit(context.db, context.audit, [{ action: 'tracing.read', subjectType: 'person', subjectId: personId }]);
  return viewCase(tracing, context.audit.now, context);
}

/**
 * Records a step (POST /v1/persons/{id}/tracing/events), at most once per Idempotency-Key: the
 * case with the step on its timeline (completing the deadlines it satisfies) and the audit entry
 * in one transaction. `identity_confirmed` also makes the person identified, with their name,
 * home region and (sealed) ID number, in the same transaction.
 */
export async function recordTracingStep(context: TracingContext, request: IdempotentRequest, personId: string, input: TracingEventInput) {
  const { db, audit, rules } = context;
  const { actor, now } = audit;
  return idempotentWrite(
    db,
    request,
    async (prefetched) => {
      const { tracing, stored } = await accessibleCase(context, personId, prefetched);
      const at = input.at ? new Date(input.at).toISOString() : now.toISOString();
      const timeIssue = stepTimeIssue(tracing, at, now, rules);
      if (timeIssue) throw validationError([{ path: 'body.at', message: timeIssue }]);
      const issue = stepIssue(tracing, input);
      if (issue) throw conflict(issue);
      if (input.kind === 'identity_confirmed' && input.reportId) await assertReportActionable(context, personId, input.reportId);
      const entry = { id: randomUUID(), kind: input.kind, at, recordedAt: now.toISOString(), by: actor.sub, ...detailsOf(input) };
      const next: TracingCase = {
        ...tracing,
        timeline: [...tracing.timeline, entry],
        ...(input.kind === 'identity_confirmed' ? { identifiedAt: at } : {}),
        version: tracing.version + 1,
      };
      const items: TransactItem[] = [
        tracingCaseReplace(db, next, clockOf(next, now, context).derived, tracing.version),
        auditPut(db, audit, { action: `tracing.${input.kind}`, subjectType: 'person', subjectId: personId, reason: `case cycle ${tracing.cycle}` }),
      ];
      if (input.kind === 'identity_confirmed') items.push(...identifiedPersonItems(context, stored, input));
      return {
        items,
        response: { status: 201, body: viewCase(next, now, context), headers: { location: `/v1/persons/${personId}/tracing` } },
        subject: personId,
        onConditionFailed: async (guard) => {
          if (guard === 'idNumberUnique' && input.kind === 'identity_confirmed' && input.idNumber) {
            return idNumberTaken(context, secretsOf(context, input.idNumber)?.idIndex as string);
          }
          return 'retry' as const;
        },
      };
    },
    [keys.tracingCase(personId), keys.person(personId)],
  );
}

/**
 * A report named in a step must be one the caller may act on: filed in their district, or paired
 * with this person by a confirmed (two-sided) match. Anything else is 404, so that no report
 * elsewhere in the country can be closed by naming its id.
 */
async function assertReportActionable(context: TracingContext, personId: string, reportId: string) {
  const pairKey = keys.candidate('person', personId, 'report', reportId);
  const items = await readConsistently(context.db, [keys.missingReport(reportId), pairKey]);
  const report = fromReportItem(items.get(keys.missingReport(reportId).pk));
  const pair = items.get(pairKey.pk) as { decision?: { decision: string } } | undefined;
  if (!report || !(mayActIn(context.audit.actor, report.district) || pair?.decision?.decision === 'confirmed')) {
    throw new DomainError('not_found', 'The missing-person report was not found.', { reason: 'report_not_actionable' });
  }
}

const detailsOf = (input: TracingEventInput) => {
  const details = stepDetails(input);
  return details && Object.keys(details).length ? { details } : {};
};

/**
 * A confirmed identity outside a recorded step (a confirmed match): the person identified and, when
 * a case is open, `identity_confirmed` on its timeline.
 */
export function identityConfirmedItems(
  context: TracingContext,
  stored: StoredPerson,
  tracing: TracingCase | undefined,
  identity: { name: string; homeRegion: { province?: string | undefined; city?: string | undefined; county?: string | undefined }; reportId?: string },
): TransactItem[] {
  const { audit } = context;
  const at = audit.now.toISOString();
  const input = { kind: 'identity_confirmed' as const, name: identity.name, homeRegion: identity.homeRegion, ...(identity.reportId ? { reportId: identity.reportId } : {}) };
  const items = identifiedPersonItems(context, stored, input);
  if (tracing?.status === 'open' && !tracing.identifiedAt) {
    const next: TracingCase = {
      ...tracing,
      timeline: [...tracing.timeline, { id: randomUUID(), kind: 'identity_confirmed', at, recordedAt: at, by: audit.actor.sub, ...detailsOf(input) }],
      identifiedAt: at,
      version: tracing.version + 1,
    };
    items.push(tracingCaseReplace(context.db, next, clockOf(next, audit.now, context).derived, tracing.version));
  }
  return items;
}

/** The person made identified by a confirmed identity: name, home region, ID number (sealed, unique). */
function identifiedPersonItems(context: TracingContext, stored: StoredPerson, input: Extract<TracingEventInput, { kind: 'identity_confirmed' }>): TransactItem[] {
  const current = openPerson(context, stored);
  const applied = applyPersonPatch(
    current,
    { name: input.name, homeRegion: input.homeRegion, identityStatus: 'identified', ...(input.idNumber ? { idNumber: input.idNumber } : {}) },
    context.audit.now,
  );
  if ('issues' in applied) {
    throw validationError(applied.issues.map((issue): FieldIssue => ({ path: ['body', ...issue.path.map(String)].join('.'), message: issue.message })));
  }
  const person = withFollowUp(applied.person, context.rules);
  const secrets = person.idNumber ? secretsOf(context, person.idNumber) : undefined;
  return personUpdateItems(context.db, { person: stored.person, idIndex: stored.idIndex }, { person, secrets });
}

/** The stage filter as bounds on the intake date (stages follow the time in care). */
function stageFilter(stage: CaseStage | undefined, now: Date, rules: OutreachRules) {
  if (!stage) return {};
  if (stage === 'identified') return { identified: true };
  if (stage === 'closed') throw validationError([{ path: 'query.stage', message: 'The work list holds open cases; closed ones are read per person.' }]);
  const today = cstDate(now);
  // A case opened on or before this date has reached the stage today (stageDatesOf, inverted).
  const strandedBy = addDays(today, -rules.placementStages.stranded.days);
  const longTermBy = lastOpenedOnReaching(today, rules.placementStages.longTerm.months);
  if (stage === 'intake') return { identified: false, openedOnFrom: addDays(strandedBy, 1) };
  if (stage === 'stranded') return { identified: false, openedOnFrom: addDays(longTermBy, 1), openedOnTo: strandedBy };
  return { identified: false, openedOnTo: longTermBy };
}

/** The latest intake date whose stage `months` later has begun by `today` (month ends clamp: 30 Nov + 3 months is 28 Feb). */
function lastOpenedOnReaching(today: string, months: number): string {
  let latest = addMonths(today, -months);
  while (addMonths(addDays(latest, 1), months) <= today) latest = addDays(latest, 1);
  return latest;
}

export const tracingRowView = z.object({
  personId: z.string(),
  district: z.string(),
  facilityId: z.string(),
  stayId: z.string(),
  openedAt: z.string(),
  stage: z.enum(caseStages),
  nearestDueAt: z.string().optional(),
  overdue: z.boolean(),
});

/** GET /v1/tracing/cases: the district's open cases by nearest deadline (one GSI2 query), audited per person. */
export async function tracingWorkList(
  context: TracingContext,
  district: string,
  query: { dueBefore: string; stage?: CaseStage },
  page: PageRequest,
): Promise<Page<z.infer<typeof tracingRowView>>> {
  const { db, audit, rules } = context;
  const rows: Page<TracingSummary> = await tracingCasesDue(db, district, query.dueBefore, stageFilter(query.stage, audit.now, rules), page);
  await appendAudit(db, audit, rows.items.map((row) => ({ action: 'tracing.list', subjectType: 'person', subjectId: row.personId })));
  return {
    items: rows.items.map((row) =>
      tracingRowView.parse({
        ...row,
        stage: stageOf({ status: 'open', openedAt: row.openedAt, ...(row.identifiedAt ? { identifiedAt: row.identifiedAt } : {}) }, audit.now, rules),
        overdue: Boolean(row.nearestDueAt && Date.parse(row.nearestDueAt) < audit.now.getTime()),
      }),
    ),
    nextCursor: rows.nextCursor,
  };
}
