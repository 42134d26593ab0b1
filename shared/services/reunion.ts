import { z } from 'zod';
import { assertCareAccess, mayActIn, primaryRole, type Actor } from '../domain/access.js';
import { releaseIssue, recordedTimeIssue } from '../domain/care.js';
import { instant, text } from '../domain/common.js';
import { conflict, forbidden, notFound, unprocessable, validationError } from '../domain/errors.js';
import type { MissingReport } from '../domain/missing-report.js';
import { relative, type DischargeReason, type Stay } from '../domain/stay.js';
import type { TracingCase } from '../domain/tracing.js';
import { everyWaitlistLeft } from './waitlist.js';
import { eventPut } from '../events/events.js';
import { auditPut } from '../store/audit.js';
import { readConsistently } from '../store/idempotency.js';
import { keys } from '../store/keys.js';
import { candidatesOf } from '../store/matching.js';
import { fromReportItem, reportReplace } from '../store/missing-reports.js';
import { fromPersonItem, personUpdateItems, type StoredPerson } from '../store/persons.js';
import { fromTracingItem } from '../store/tracing.js';
import { writeChange, type TransactItem } from '../store/transact.js';
import { discharge, type CareContext } from './care.js';
import { closeCaseItems } from './tracing.js';

/**
 * Reunion (团聚): the person goes home or is collected. One transaction ends the stay (the care
 * discharge: bed freed, rule 9 checked), closes the tracing case and the report that found them,
 * sets the person reunited and tells the district (`reunited`).
 */
export const reunionMethods = ['family_pickup', 'escorted_home', 'self_return'] as const;
export const reunionInput = z.strictObject({ method: z.enum(reunionMethods), relative, at: instant, note: text(500).optional() });
export type ReunionInput = z.infer<typeof reunionInput>;

/** The discharge a reunion is: collected by family, or home (escorted, or on their own). */
const dischargeReasonOf: Record<ReunionInput['method'], Extract<DischargeReason, 'collected_by_family' | 'returned_home'>> = {
  family_pickup: 'collected_by_family',
  escorted_home: 'returned_home',
  self_return: 'returned_home',
};

export const reunionView = z.object({
  personId: z.string(),
  status: z.literal('reunited'),
  method: z.enum(reunionMethods),
  at: z.string(),
  stayId: z.string().optional(),
  closedReportIds: z.array(z.string()),
});

/** Tracers of the case's (or person's) district, the station's staff and the district's office. */
function authorizeReunion(actor: Actor, person: StoredPerson, tracing: TracingCase | undefined, stay: Pick<Stay, 'facilityId' | 'district'> | undefined) {
  if (primaryRole(actor) === 'tracer') {
    if (!(mayActIn(actor, person.person.district) || (tracing && mayActIn(actor, tracing.district)))) throw notFound('The person');
    return;
  }
  if (stay) return assertCareAccess(actor, { id: stay.facilityId, district: stay.district }, 'act', 'The person');
  if (primaryRole(actor) === 'patrol') throw forbidden();
  if (!mayActIn(actor, person.person.district)) throw notFound('The person');
}

/** The open reports that found the person: confirmed matches, and a report named by a confirmed identity. */
async function reportsToClose(context: CareContext, personId: string, tracing: TracingCase | undefined): Promise<MissingReport[]> {
  const confirmed = (await candidatesOf(context.db, 'person', personId))
    .filter((item) => item.otherSide === 'report' && item.decision?.decision === 'confirmed')
    .map((item) => item.otherId);
  const named = (tracing?.timeline ?? []).flatMap((entry) => (entry.kind === 'identity_confirmed' && entry.details?.['reportId'] ? [entry.details['reportId']] : []));
  const ids = [...new Set([...confirmed, ...named])];
  if (!ids.length) return [];
  const items = await readConsistently(context.db, ids.map((id) => keys.missingReport(id)));
  return ids.map((id) => fromReportItem(items.get(keys.missingReport(id).pk))).filter((report): report is MissingReport => report?.status === 'open');
}

/** POST /v1/persons/{id}/reunion. */
export async function reunite(context: CareContext, personId: string, input: ReunionInput) {
  const { db, audit, rules } = context;
  const { actor, now } = audit;
  const timeIssue = recordedTimeIssue(input.at, now, rules);
  if (timeIssue) throw validationError([{ path: 'body.at', message: timeIssue }]);
  const records = await readConsistently(db, [keys.person(personId), keys.tracingCase(personId)]);
  const stored = fromPersonItem(records.get(keys.person(personId).pk));
  if (!stored) throw notFound('The person');
  const tracing = fromTracingItem(records.get(keys.tracingCase(personId).pk));
  const at = new Date(input.at).toISOString();
  const reports = await reportsToClose(context, personId, tracing);
  // Each report closed here is the filing district's: it is told, and may reopen one closed wrongly.
  const closeReports = () =>
    reports.flatMap((report) => [
      reportReplace(db, { ...report, status: 'closed', closed: { reason: 'found', at, by: actor.sub, personId }, updatedAt: now.toISOString(), version: report.version + 1 }, report.version),
      eventPut(db, { kind: 'report_closed', district: report.district, severity: 'urgent', occurredAt: at, subjectId: report.id, payload: { reportId: report.id, personId, reason: 'found', by: 'reunion' } }),
    ]);
  const reunited = (district: string, stayId?: string) =>
    eventPut(db, {
      kind: 'reunited', district, severity: 'info', occurredAt: at, subjectId: personId,
      payload: { personId, method: input.method, ...(stayId ? { stayId } : {}), reportIds: reports.map((report) => report.id) },
    });
  const view = (stayId?: string) =>
    reunionView.parse({ personId, status: 'reunited', method: input.method, at, ...(stayId ? { stayId } : {}), closedReportIds: reports.map((report) => report.id) });

  if (stored.openStay) {
    const stayId = stored.openStay.stayId;
    await discharge(
      context,
      stayId,
      { reason: dischargeReasonOf[input.method], at: input.at, relative: input.relative, ...(input.note ? { note: input.note } : {}) },
      {
        authorize: (stay) => authorizeReunion(actor, stored, tracing, stay),
        // The discharge closes the case (reunited) itself; the reports and the event go with it.
        alongside: ({ stay }) => [...closeReports(), reunited(stay.district, stay.id)],
      },
    );
    return view(stayId);
  }

  // Not in care (found and reunited from the street, or after a placement ended): the same facts without a stay.
  authorizeReunion(actor, stored, tracing, undefined);
  if (stored.person.status === 'reunited') return view();
  if (stored.person.status === 'deceased') throw conflict('The person is recorded as deceased.');
  const issue = releaseIssue(stored.person, { reason: dischargeReasonOf[input.method], at: input.at, relative: input.relative }, rules);
  if (issue) throw unprocessable(issue.message, { rule: 'rule 9', reason: issue.code, errors: [{ path: issue.path, message: issue.message }] });
  const after = { ...stored.person, status: 'reunited' as const, updatedAt: now.toISOString(), version: stored.person.version + 1 };
  const secrets = stored.idIndex && stored.idNumberSealed ? { idIndex: stored.idIndex, sealed: stored.idNumberSealed } : undefined;
  const items: TransactItem[] = [
    ...personUpdateItems(db, { person: stored.person, idIndex: stored.idIndex }, { person: after, secrets }),
    // Reunited, the person waits for no bed: off every waitlist, any offered bed passed on.
    ...(await everyWaitlistLeft(db, personId, now, rules)),
    ...closeCaseItems(db, context, tracing, 'reunited', at, actor.sub, now),
    ...closeReports(),
    auditPut(db, audit, { action: 'person.reunite', subjectType: 'person', subjectId: personId, reason: input.method }),
    reunited(tracing?.district ?? stored.person.district),
  ];
  await writeChange(db, items, () => conflict('The person or the case changed meanwhile; reload and try again.'));
  return view();
}
