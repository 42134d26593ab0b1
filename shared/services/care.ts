import { randomUUID } from 'node:crypto';
import { ageReadingOf } from '../domain/age.js';
import { assertCareAccess, callerKey, mayActIn, primaryRole } from '../domain/access.js';
import {
  bedSexFor, daysInCare, extensionIssue, flagsOf, missingWhenLeaving, recordedTimeIssue, releaseIssue, statusAfterDischarge, stayDueOn, stayLimit,
  type CareFacts,
} from '../domain/care.js';
import { conflict, DomainError, forbidden, notFound, unprocessable, validationError } from '../domain/errors.js';
import type { WorkingDayCalendar } from '../domain/calendar.js';
import type { Facility } from '../domain/facility.js';
import type { ConcernFlag, Person } from '../domain/person.js';
import { careSummary, summarize, summaryViews, type PersonSummary } from '../domain/person-views.js';
import {
  bedSexes, careModeOf, stayRowView, stayView, type AdmissionInput, type BedSex, type CareModeChoice, type CareModeInput, type Discharge, type DischargeInput,
  type ExtensionInput, type Relative, type Stay, type StayRowView, type StaySummary, type StayView,
} from '../domain/stay.js';
import { occupancyView } from '../domain/occupancy.js';
import { careSinceOf, careStageAt, reviewDateOf, stageStarts } from '../domain/care-clock.js';
import { decideRouting } from './routing-decision.js';
import { eventPut } from '../events/events.js';
import { appendAudit, auditPut } from '../store/audit.js';
import { bedCountsFrom, bedHoldRelease, bedTake, bedTakeHeld, readBedCounts, type BedCounts } from '../store/beds.js';
import { fromPlacementItem, fromWaitlistItem, pendingArrivals, placementDecide, waitlistOf, waitlistRemove, waitlistsOfPerson } from '../store/placements.js';
import { isEncounterOf } from '../store/encounters.js';
import { fromFacilityItem } from '../store/facilities.js';
import { canonicalJson, idempotentWrite, readConsistently, type IdempotentRequest } from '../store/idempotency.js';
import { keys } from '../store/keys.js';
import { grantInForce } from '../store/lookups.js';
import type { Page, PageRequest } from '../store/pagination.js';
import { fromPersonItem, getPerson, personSummaries, personUpdateItems, storedSecrets as secretsOf, withStatus, type StoredPerson } from '../store/persons.js';
import { busy, ChangedMeanwhile, isBusy, pause } from './contention.js';
import { getStay, listStays, openStaysOf, stayCreate, stayReplace } from '../store/stays.js';
import { expiredOfferItems, freedBedItems, waitlistHead, bedCountKey, everyWaitlistLeft } from './waitlist.js';
import { writeChange, type Guard, type TransactItem } from '../store/transact.js';
import type { PersonContext } from './persons.js';
import { careModeCaseItems, closeCaseItems, missingCaseItems, openCaseItems } from './tracing.js';
import { fromTracingItem } from '../store/tracing.js';
import { type CloseReason, type TracingCase } from '../domain/tracing.js';

/**
 * Care in a facility (DOMAIN.md rules 9 and 10): admission takes a bed and starts a stay, discharge
 * ends it and frees the bed, each in one transaction with the person's status, the audit entry
 * and the event. Who may do what at which facility is `assertCareAccess`; the rules are `care.ts`.
 */
export type CareContext = PersonContext & { calendar: WorkingDayCalendar };

/** The care facts of a person (age evidence and risk factors); none known reads as any age, no risk factor. */
const factsOf = (person: PersonSummary | undefined): CareFacts => person ?? { riskFactors: [] };

/** A stay as staff see it, with the person's summary read beside it. */
export function viewStay(context: CareContext, stay: Stay, person: PersonSummary | undefined): StayView {
  const { now } = context.audit;
  const facts = factsOf(person);
  // Rule 9's limit counts from when care began, as the stages do: a transfer does not restart it.
  const limitFacts = { admittedAt: careSinceOf(stay), extensions: stay.extensions };
  return stayView.parse({
    ...stay,
    careSince: careSinceOf(stay),
    daysInCare: daysInCare(stay, now),
    limit: stayLimit(limitFacts, facts, context.rules),
    flags: flagsOf({ ...limitFacts, status: stay.status }, facts, now, context.rules),
    ageReading: ageReadingOf(facts, stay.discharge?.at ?? now, context.rules),
    careMode: careModeOf(stay.careMode),
    ...(person ? { person: summaryViews.full.parse(person) } : {}),
  });
}

/** A list row of a stay, from its summary and the person's. */
function viewRow(context: CareContext, row: StaySummary, person: PersonSummary | undefined): StayRowView {
  const { now } = context.audit;
  const facts = factsOf(person);
  // Extensions only ever push the end later, so the latest one's date is the one that counts.
  const limitFacts = { admittedAt: careSinceOf(row), extensions: row.extendedUntil ? [{ until: row.extendedUntil }] : [] };
  return stayRowView.parse({
    ...row,
    daysInCare: daysInCare(row, now),
    limit: stayLimit(limitFacts, facts, context.rules),
    flags: flagsOf({ ...limitFacts, status: row.status }, facts, now, context.rules),
    ageReading: ageReadingOf(facts, row.discharge?.at ?? now, context.rules),
    careMode: row.careMode ?? 'in_station',
    ...(person ? { person: summaryViews.full.parse(person) } : {}),
  });
}

/** 409 for a full wing: the facility's free beds by sex and where to join its waitlist. */
export function noBedFree(facility: Pick<Facility, 'id'>, sex: BedSex, counts: BedCounts) {
  const waitlist = `/v1/facilities/${facility.id}/waitlist`;
  return conflict(`No ${sex} bed is free at this facility.`, {
    facilityId: facility.id,
    bedSex: sex,
    freeBeds: { male: counts.male.free, female: counts.female.free },
    waitlist,
    headers: { link: `<${waitlist}>; rel="waitlist"` },
  });
}

/** How often an admission is tried again while others hold the facility's bed count (each try re-reads it). */
const ADMISSION_ROUNDS = 8;

/**
 * Admits a person (POST /v1/admissions), at most once per Idempotency-Key: one read (the key's
 * record, the person, the facility, its bed counts and the caller's found-person grant) and one
 * transaction: the stay, the bed (`taken < capacity`, guard `bedFree`), the person in care (only
 * if at the version read and in no open stay), the audit entry and the `admitted` event. A full
 * wing is a 409 with the free beds by sex and the waitlist; a retry under the same key returns
 * the first answer and takes no second bed.
 */
export async function admit(context: CareContext, request: IdempotentRequest, input: AdmissionInput) {
  const { db, audit, rules } = context;
  const { actor, now } = audit;
  const timeIssue = recordedTimeIssue(input.at, now, rules);
  if (timeIssue) throw validationError([{ path: 'body.at', message: timeIssue }]);
  if (primaryRole(actor) === 'shelter') {
    // Checked before any read: these need no facility record.
    if (!actor.facility) throw forbidden('Your account names no facility (custom:facility): you may read, not admit.');
    if (actor.facility !== input.facilityId) throw notFound('The facility');
  }
  const grantKey = keys.foundPersonGrant(callerKey(actor, context.idIndexKey), input.personId);
  const waitlistKey = keys.waitlistEntry(input.facilityId, input.personId);
  const prefetch = [
    keys.person(input.personId), keys.facility(input.facilityId), ...bedSexes.map((sex) => keys.beds(input.facilityId, sex)), grantKey, waitlistKey,
    keys.tracingCase(input.personId),
  ];

  const attempt = () =>
    idempotentWrite(
      db,
      request,
      async (prefetched) => {
        const facility = fromFacilityItem(prefetched.get(keys.facility(input.facilityId).pk));
        if (!facility) throw notFound('The facility');
        assertCareAccess(actor, facility, 'act');
        const stored = fromPersonItem(prefetched.get(keys.person(input.personId).pk));
        if (!stored || !(mayActIn(actor, stored.person.district) || grantInForce(prefetched.get(grantKey.pk), now))) throw notFound('The person');
        const person = stored.person;
        if (person.status === 'deceased') throw conflict('The person is recorded as deceased.');
        if (stored.openStay) {
          throw conflict('The person is already in care: discharge or transfer the open stay first.', { facilityId: stored.openStay.facilityId });
        }
        const bed = bedSexFor(person.sex, input.bedSex);
        if ('issue' in bed) throw validationError([{ path: 'body.bedSex', message: bed.issue }]);
        // Rule 8 binds the first facility too: a possible minor without a guardian is not taken into an adult welfare home.
        const routing = decideRouting(actor, person, facility, 'short_stay', now, rules, 'body.facilityId', input.routingOverride);
        const counts = bedCountsFrom(facility, prefetched);
        // A bed offered to this person from the waitlist is held for them: they take it, full wing or not.
        const entry = fromWaitlistItem(prefetched.get(waitlistKey.pk));
        const offered = entry?.status === 'offered' && entry.bedSex === bed.sex ? entry : undefined;
        // A bed offered in the other wing (a person of unknown sex, admitted to another wing): its hold passes to the next in line.
        const otherWingOffer = entry?.status === 'offered' && !offered ? entry : undefined;
        if (!offered && counts[bed.sex].free === 0) throw noBedFree(facility, bed.sex, counts);
        if (input.encounterId && !(await isEncounterOf(db, person.id, input.encounterId))) {
          throw validationError([{ path: 'body.encounterId', message: 'Not an encounter with this person.' }]);
        }

        const existingCase = fromTracingItem(prefetched.get(keys.tracingCase(input.personId).pk));
        const nextInOtherWing = otherWingOffer ? await waitlistHead(db, facility.id, otherWingOffer.bedSex) : undefined;

        const stay: Stay = {
          id: randomUUID(),
          personId: person.id,
          facilityId: facility.id,
          district: facility.district,
          bedSex: bed.sex,
          status: 'open',
          admittedAt: new Date(input.at).toISOString(),
          via: input.via,
          ...(input.encounterId ? { encounterId: input.encounterId } : {}),
          admittedBy: actor.sub,
          recordedAt: now.toISOString(),
          extensions: [],
          // The earlier of the stay limit and the 滞留 stage: both are the office's to set (rule book).
          reviewDueOn: [stayDueOn(new Date(input.at).toISOString(), rules), reviewDateOf(stageStarts(new Date(input.at).toISOString(), rules).stranded)].sort()[0] as string,
          routing,
          version: 1,
        };
        const admitted = withStatus(person, 'in_care', now);
        return {
          items: [
            ...stayCreate(db, stay),
            offered ? bedTakeHeld(db, facility.id, bed.sex) : bedTake(db, facility, bed.sex),
            // Admitted, the person leaves the facility's waitlist (an offer taken, or a bed found before their turn).
            ...(otherWingOffer ? expiredOfferItems(db, otherWingOffer, nextInOtherWing, now, rules) : entry ? [waitlistRemove(db, entry)] : []),
            ...personUpdateItems(db, { person, idIndex: stored.idIndex }, { person: admitted, secrets: secretsOf(stored) }, { open: { stayId: stay.id, facilityId: facility.id } }),
            auditPut(db, audit, { action: 'stay.admit', subjectType: 'person', subjectId: person.id, reason: `stay ${stay.id} at facility ${facility.id}` }),
            // Rule 3: an unidentified person taken into care has a tracing case from this moment.
            ...openCaseItems(db, context, {
              person,
              stay: { id: stay.id, facilityId: facility.id, district: facility.district, at: stay.admittedAt },
              by: actor.sub,
              now,
              ...(existingCase ? { existing: existingCase } : {}),
            }),
            // Ids only: a subscriber with the right reads the rest from the table.
            eventPut(db, {
              kind: 'admitted',
              district: facility.district,
              severity: 'info',
              occurredAt: stay.admittedAt,
              subjectId: person.id,
              payload: { stayId: stay.id, personId: person.id, facilityId: facility.id, district: facility.district, identityStatus: person.identityStatus, bedSex: bed.sex },
            }),
          ],
          response: { status: 201, body: viewStay(context, stay, careSummary(admitted)), headers: { location: `/v1/stays/${stay.id}` } },
          subject: person.id,
          // The wing filled meanwhile: 409 with fresh counts. Anything else (the person changed, or was admitted elsewhere): plan again on fresh reads.
          onConditionFailed: async (guard: Guard | 'unnamed') => {
            if (guard !== 'bedFree') return 'retry' as const;
            const fresh = await readBedCounts(db, facility);
            return fresh[bed.sex].free === 0 ? noBedFree(facility, bed.sex, fresh) : ('retry' as const);
          },
        };
      },
      prefetch,
    );

  // Admissions to one facility contend for its bed count. `idempotentWrite` retries a few
  // collisions; past those, try again from the top (with jitter) while a bed may still be free,
  // so that a busy moment never turns away someone for whom a bed was free.
  for (let round = 1; ; round += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!isBusy(error) || round >= ADMISSION_ROUNDS) throw error;
      await pause(round);
    }
  }
}

/** A stay the caller may see (`read`) or act on (`act`), or 404/403. */
async function accessibleStay(context: CareContext, id: string, intent: 'read' | 'act', consistent = false): Promise<Stay> {
  const stay = await getStay(context.db, id, consistent);
  if (!stay) throw notFound('The stay');
  assertCareAccess(context.audit.actor, { id: stay.facilityId, district: stay.district }, intent, 'The stay');
  return stay;
}

/** One stay with the person's summary (audited as a read of the person). */
export async function readStay(context: CareContext, id: string): Promise<StayView> {
  const stay = await accessibleStay(context, id, 'read');
  const persons = await personSummaries(context.db, [stay.personId]);
  await appendAudit(context.db, context.audit, [{ action: 'stay.read', subjectType: 'person', subjectId: stay.personId, reason: `stay ${stay.id}` }]);
  return viewStay(context, stay, persons.get(stay.personId));
}

/** Whether a repeated discharge says the same as the recorded one (who recorded the check aside). */
function sameDischarge(recorded: Discharge, input: DischargeInput): boolean {
  const asSent = (discharge: Pick<Discharge, 'reason' | 'at' | 'note' | 'escort'> & { relative?: DischargeInput['relative'] | Relative | undefined }) => {
    const relative = discharge.relative;
    const check = relative?.verification;
    return canonicalJson({
      reason: discharge.reason,
      at: Date.parse(discharge.at),
      note: discharge.note,
      escort: discharge.escort,
      relative: relative && { name: relative.name, relation: relative.relation, check: check && { document: check.document, last4: check.last4, at: Date.parse(check.checkedAt) } },
    });
  };
  return asSent(recorded) === asSent(input);
}

/** How often a discharge is planned again when another write to the stay, the person or the bed count lands first. */
const DISCHARGE_ATTEMPTS = 6;

/**
 * Ends a stay (POST /v1/stays/{id}/discharge): the stay, the bed freed, the person's status
 * (`statusAfterDischarge`) and open stay, the audit entry and a `discharged` event in one
 * transaction. Rule 9 refuses a release to family of a protected person without a verified
 * relative (422). Safe to repeat: the same discharge again returns the stay; another one for an
 * ended stay is a 409. Three requests: the stay, the person, the transaction.
 */
export async function discharge(context: CareContext, id: string, input: DischargeInput, options: DischargeOptions = {}): Promise<StayView> {
  const { db, audit, rules } = context;
  const { actor, now } = audit;
  const timeIssue = recordedTimeIssue(input.at, now, rules);
  if (timeIssue) throw validationError([{ path: 'body.at', message: timeIssue }]);
  const checkedAt = input.relative?.verification?.checkedAt;
  const checkIssue = checkedAt ? recordedTimeIssue(checkedAt, now, rules) : null;
  if (checkIssue) throw validationError([{ path: 'body.relative.verification.checkedAt', message: checkIssue }]);
  for (let attempt = 1; ; attempt += 1) {
    const stay = options.authorize ? await authorizedStay(context, id, options.authorize) : await accessibleStay(context, id, 'act', true);
    if (stay.discharge) {
      if (!sameDischarge(stay.discharge, input)) {
        throw conflict('The stay has already ended, differently: reload it.', { discharge: { reason: stay.discharge.reason, at: stay.discharge.at } });
      }
      const persons = await personSummaries(db, [stay.personId]);
      return viewStay(context, stay, persons.get(stay.personId));
    }
    if (Date.parse(input.at) < Date.parse(stay.admittedAt)) {
      throw validationError([{ path: 'body.at', message: `A discharge cannot precede the admission (${stay.admittedAt}).` }]);
    }
    // The person, the head of the wing's waitlist (who gets the bed) and a pending placement's record, side by side.
    // The person, their tracing case and a pending placement's record in one read; the head of the wing's waitlist (who gets the bed) beside it.
    // Reunited or dead (never missing, which only walking out can be), the person leaves every waitlist: their entries are read beside.
    const leavesWaitlists = ['reunited', 'deceased'].includes(statusAfterDischarge[input.reason]);
    const entries = leavesWaitlists ? waitlistsOfPerson(db, stay.personId) : undefined;
    const [records, head] = await Promise.all([
      readConsistently(db, [keys.person(stay.personId), keys.tracingCase(stay.personId), ...(stay.pendingPlacementId ? [keys.placement(stay.pendingPlacementId)] : [])]),
      waitlistHead(db, stay.facilityId, stay.bedSex),
      entries,
    ]);
    const stored = fromPersonItem(records.get(keys.person(stay.personId).pk));
    if (!stored) throw new Error(`Stay ${stay.id} names a person who is not on record.`);
    const tracing = fromTracingItem(records.get(keys.tracingCase(stay.personId).pk));
    const pendingPlacement = stay.pendingPlacementId ? fromPlacementItem(records.get(keys.placement(stay.pendingPlacementId).pk)) : undefined;
    const issue = releaseIssue(stored.person, input, rules);
    if (issue) throw unprocessable(issue.message, { rule: 'rule 9', reason: issue.code, errors: [{ path: issue.path, message: issue.message }] });
    // Rules 2 and 10: only a capable adult who walks out gives up assistance; anyone else is a missing person.
    const leftWithout = input.reason === 'left_without_formalities';
    const missing = leftWithout ? missingWhenLeaving(stored.person, input.at, rules) : null;
    const dischargedAt = new Date(input.at).toISOString();

    const personStatus = missing ? 'unknown' : statusAfterDischarge[input.reason];
    const ended: Stay = {
      ...stay,
      status: 'ended',
      discharge: {
        reason: input.reason,
        at: dischargedAt,
        ...(input.note ? { note: input.note } : {}),
        ...(input.relative ? { relative: recordedRelative(input.relative, actor.sub) } : {}),
        ...(input.escort ? { escort: input.escort } : {}),
        ...(missing ? { missing: true } : {}),
        rulesVersion: rules.version,
        personStatus,
        gaveUpAssistance: leftWithout && !missing,
        recordedAt: now.toISOString(),
        recordedBy: actor.sub,
      },
      version: stay.version + 1,
    };
    delete ended.pendingPlacementId;
    const after = withStatus(stored.person, personStatus, now);
    const flag = missing ? missingFlag(stored.person.concernFlag, stay.id, dischargedAt, actor.sub) : undefined;
    // A placement still pending ends with the stay: its held bed frees at the receiving facility.
    const withdrawn = pendingPlacement?.status === 'pending'
      ? { ...pendingPlacement, status: 'declined' as const, decision: { at: now.toISOString(), by: actor.sub, reason: `The stay ended (${input.reason}).` }, version: pendingPlacement.version + 1 }
      : undefined;
    const gaveUp = missing ? `, missing from care (${missing}, rule 2)` : leftWithout ? ', gave up assistance (rule 10)' : '';
    // Reunited or dead, the person waits for no bed: off every waitlist, any offered bed passed on (not the beds this discharge changes).
    const busyBeds = [bedCountKey(stay.facilityId, stay.bedSex), ...(withdrawn ? [bedCountKey(withdrawn.toFacilityId, withdrawn.bedSex)] : [])];
    const waitlists = entries ? await everyWaitlistLeft(db, stay.personId, now, rules, busyBeds, entries) : [];
    try {
      await writeChange(
        db,
        [
          stayReplace(db, ended, stay.version),
          ...freedBedItems(db, { facilityId: stay.facilityId, sex: stay.bedSex, from: 'taken' }, head, now, rules),
          ...waitlists,
          ...(withdrawn && pendingPlacement ? [placementDecide(db, withdrawn, pendingPlacement.version), bedHoldRelease(db, withdrawn.toFacilityId, withdrawn.bedSex)] : []),
          ...personUpdateItems(
            db,
            { person: stored.person, idIndex: stored.idIndex },
            { person: after, secrets: secretsOf(stored) },
            { close: stay.id },
            ...(flag ? [{ raise: flag }] : []),
          ),
          // Leaving care ends the tracing case; a missing person's stays open, sought.
          ...(missing
            ? missingCaseItems(db, context, tracing, stay.id, dischargedAt, actor.sub, now)
            : caseClosedBy[input.reason]
              ? closeCaseItems(db, context, tracing, caseClosedBy[input.reason] as CloseReason, dischargedAt, actor.sub, now)
              : []),
          auditPut(db, audit, { action: 'stay.discharge', subjectType: 'person', subjectId: stay.personId, reason: `stay ${stay.id}: ${input.reason}${gaveUp}` }),
          ...(options.alongside ? await options.alongside({ stay: ended, person: stored, tracing }) : []),
          eventPut(db, {
            kind: 'discharged',
            district: stay.district,
            severity: 'info',
            occurredAt: ended.discharge?.at ?? now.toISOString(),
            subjectId: stay.personId,
            payload: { stayId: stay.id, personId: stay.personId, facilityId: stay.facilityId, district: stay.district, reason: input.reason, bedSex: stay.bedSex },
          }),
          // A missing person: the police report is due at once (rule 2), and the staff are told now.
          ...(missing
            ? [
                eventPut(db, {
                  kind: 'police_report_due', district: stay.district, severity: 'urgent', occurredAt: dischargedAt, subjectId: stay.personId, facilityId: stay.facilityId,
                  payload: { personId: stay.personId, stayId: stay.id, facilityId: stay.facilityId, concerns: ['missing_from_care'], why: missing },
                }),
                eventPut(db, {
                  kind: 'left_care', district: stay.district, severity: 'urgent', occurredAt: dischargedAt, subjectId: stay.personId, facilityId: stay.facilityId,
                  payload: { personId: stay.personId, stayId: stay.id, facilityId: stay.facilityId, district: stay.district, why: missing, bedSex: stay.bedSex },
                }),
              ]
            : []),
        ],
        (guard) => {
          // A freed bed that was never counted: the count and the stays disagree; never paper over it.
          if (guard === 'bedTaken' || guard === 'bedHeld') return new DomainError('conflict', 'The bed count of this facility does not match its stays; the office must check it.');
          return new ChangedMeanwhile();
        },
      );
      return viewStay(context, ended, careSummary(after));
    } catch (error) {
      // The stay or the person changed between the reads and the write (another discharge, an edit),
      // or an admission held the bed count at that moment: read again.
      const again = error instanceof ChangedMeanwhile || isBusy(error);
      if (!again || attempt >= DISCHARGE_ATTEMPTS) throw error instanceof ChangedMeanwhile ? busy() : error;
      await pause(attempt);
    }
  }
}

/** A relative as recorded: the identity check with who recorded it. */
function recordedRelative(input: NonNullable<DischargeInput['relative']>, by: string): Relative {
  const { verification, ...relative } = input;
  return { ...relative, ...(verification ? { verification: { ...verification, checkedAt: new Date(verification.checkedAt).toISOString(), checkedBy: by } } : {}) };
}

/** Rule 2: the flag of a protected person missing from care, added to one already raised. */
function missingFlag(current: ConcernFlag | undefined, stayId: string, at: string, by: string): ConcernFlag {
  if (current) return { ...current, concerns: current.concerns.includes('missing_from_care') ? current.concerns : [...current.concerns, 'missing_from_care'] };
  return { concerns: ['missing_from_care'], stayId, at, raisedBy: by };
}

/** What another operation adds to a discharge (a reunion): who may do it, and items for the same transaction. */
export type DischargeOptions = {
  /** Replaces the care check (shelter of the facility, office of the district) for the caller. */
  authorize?: (stay: Stay) => void;
  alongside?: (facts: { stay: Stay; person: StoredPerson; tracing: TracingCase | undefined }) => Promise<TransactItem[]> | TransactItem[];
};

/** A stay read strongly and checked by the caller's own rule. */
async function authorizedStay(context: CareContext, id: string, authorize: (stay: Stay) => void): Promise<Stay> {
  const stay = await getStay(context.db, id, true);
  if (!stay) throw notFound('The stay');
  authorize(stay);
  return stay;
}

/** How a discharge ends the person's tracing case; transfers and placements keep it open. */
const caseClosedBy: Record<DischargeInput['reason'], CloseReason | undefined> = {
  returned_home: 'reunited',
  collected_by_family: 'reunited',
  escorted_home: 'reunited',
  left_without_formalities: 'left_care',
  deceased: 'deceased',
  other: 'left_care',
};


/**
 * Records an extension of the stay limit (rule 9) with its reason, at most once per
 * Idempotency-Key, audited. It must reach past the current end; the stay must be open.
 */
export async function extendStay(context: CareContext, request: IdempotentRequest, id: string, input: ExtensionInput) {
  const { db, audit, rules } = context;
  return idempotentWrite(
    db,
    request,
    async (prefetched) => {
      const item = prefetched.get(keys.stay(id).pk);
      const stay = item?.['type'] === 'stay' ? (item['stay'] as Stay) : undefined;
      if (!stay) throw notFound('The stay');
      assertCareAccess(audit.actor, { id: stay.facilityId, district: stay.district }, 'act', 'The stay');
      if (stay.status !== 'open') throw conflict('The stay has ended: there is nothing to extend.');
      const issue = extensionIssue(stay, input.until, rules);
      if (issue) throw validationError([{ path: 'body.until', message: issue }]);
      const extended: Stay = {
        ...stay,
        extensions: [...stay.extensions, { reason: input.reason, until: input.until, recordedAt: audit.now.toISOString(), recordedBy: audit.actor.sub }],
        version: stay.version + 1,
      };
      const persons = await personSummaries(db, [stay.personId]);
      return {
        items: [
          stayReplace(db, extended, stay.version),
          auditPut(db, audit, { action: 'stay.extend', subjectType: 'person', subjectId: stay.personId, reason: `stay ${stay.id} until ${input.until}: ${input.reason}` }),
        ],
        response: { status: 201, body: viewStay(context, extended, persons.get(stay.personId)), headers: { location: `/v1/stays/${stay.id}` } },
        subject: stay.personId,
        onConditionFailed: () => 'retry' as const,
      };
    },
    [keys.stay(id)],
  );
}

/**
 * Rule 5: chooses the care mode of a stay once 滞留 began (POST /v1/stays/{id}/care-mode): care in
 * the station (the default), or outside care with the carer and a recorded reason; shown on the
 * stay and on the tracing case, audited. Before 滞留 (10 days of care, counted as the sweep counts
 * them) or for an identified person it is a 409 with its reason; the same choice again changes nothing.
 */
export async function chooseCareMode(context: CareContext, id: string, input: CareModeInput): Promise<StayView> {
  const { db, audit, rules } = context;
  for (let attempt = 1; ; attempt += 1) {
    const stay = await accessibleStay(context, id, 'act', true);
    if (stay.status !== 'open') throw conflict('The stay has ended.', { reason: 'stay_ended' });
    const records = await readConsistently(db, [keys.person(stay.personId), keys.tracingCase(stay.personId)]);
    const stored = fromPersonItem(records.get(keys.person(stay.personId).pk));
    if (!stored) throw new Error(`Stay ${stay.id} names a person who is not on record.`);
    const summary = summarize(stored.person);
    const same = stay.careMode && stay.careMode.mode === input.mode && stay.careMode.reason === input.reason && stay.careMode.carer === input.carer;
    if (same) return viewStay(context, stay, summary);
    if (stored.person.identityStatus !== 'unidentified') throw conflict('Rule 5 applies to a person whose identity is not established.', { reason: 'person_identified' });
    if (careStageAt(careSinceOf(stay), audit.now, rules) === 'intake') {
      throw conflict(`滞留 begins after ${rules.placementStages.stranded.days} days in care; the care mode is chosen then (rule 5).`, { reason: 'not_stranded' });
    }
    const choice: CareModeChoice = {
      mode: input.mode, ...(input.reason ? { reason: input.reason } : {}), ...(input.carer ? { carer: input.carer } : {}),
      chosenAt: audit.now.toISOString(), chosenBy: audit.actor.sub,
    };
    const changed: Stay = { ...stay, careMode: choice, version: stay.version + 1 };
    const tracing = fromTracingItem(records.get(keys.tracingCase(stay.personId).pk));
    try {
      await writeChange(
        db,
        [
          stayReplace(db, changed, stay.version),
          ...careModeCaseItems(db, context, tracing, choice, audit.now),
          auditPut(db, audit, { action: 'stay.care-mode', subjectType: 'person', subjectId: stay.personId, reason: `stay ${stay.id}: ${input.mode}${input.reason ? ` (${input.reason})` : ''}` }),
        ],
        () => new ChangedMeanwhile(),
      );
      return viewStay(context, changed, summary);
    } catch (error) {
      if (!(error instanceof ChangedMeanwhile) || attempt >= 3) throw error instanceof ChangedMeanwhile ? conflict('The stay or the case changed meanwhile; reload and try again.') : error;
    }
  }
}

/** The facility a list asks for: the one named, or a shelter worker's own. */
function facilityOfList(context: CareContext, facilityId: string | undefined): string {
  const named = facilityId ?? context.audit.actor.facility;
  if (!named) throw validationError([{ path: 'query.facilityId', message: 'Name the facility whose stays to list.' }]);
  return named;
}

/** Audits the persons a list of stays shows (one entry per person). */
async function auditStaysListed(context: CareContext, rows: { personId: string }[], action: string) {
  const personIds = [...new Set(rows.map((row) => row.personId))];
  await appendAudit(context.db, context.audit, personIds.map((subjectId) => ({ action, subjectType: 'person', subjectId })));
}

/** A facility's open or ended stays (GET /v1/stays), for a caller who may read them, audited. */
export async function findStays(context: CareContext, query: { facilityId?: string; status: 'open' | 'ended' }, page: PageRequest): Promise<Page<StayRowView>> {
  const { db } = context;
  const facilityId = facilityOfList(context, query.facilityId);
  // The facility (for the access check) and the page are read side by side; nothing is shown before the check.
  const [facilityItem, stays] = await Promise.all([readConsistently(db, [keys.facility(facilityId)]), listStays(db, facilityId, query.status, page)]);
  const facility = fromFacilityItem(facilityItem.get(keys.facility(facilityId).pk));
  if (!facility) throw notFound('The facility');
  assertCareAccess(context.audit.actor, facility, 'read');
  const persons = await personSummaries(db, stays.items.map((row) => row.personId));
  await auditStaysListed(context, stays.items, 'stay.list');
  return { items: stays.items.map((row) => viewRow(context, row, persons.get(row.personId))), nextCursor: stays.nextCursor };
}

/**
 * A facility's occupancy (GET /v1/facilities/{id}/occupancy): beds by sex as counted (strongly
 * consistent, the numbers admissions are checked against) and the current residents with their
 * days in care and flags, audited.
 */
export async function occupancy(context: CareContext, facilityId: string) {
  const { db, audit } = context;
  const [items, residents, arrivals, waitlist] = await Promise.all([
    readConsistently(db, [keys.facility(facilityId), ...bedSexes.map((sex) => keys.beds(facilityId, sex))]),
    openStaysOf(db, facilityId),
    pendingArrivals(db, facilityId),
    Promise.all(bedSexes.flatMap((sex) => (['offered', 'waiting'] as const).map((status) => waitlistOf(db, facilityId, sex, status)))),
  ]);
  const facility = fromFacilityItem(items.get(keys.facility(facilityId).pk));
  if (!facility) throw notFound('The facility');
  assertCareAccess(audit.actor, facility, 'read');
  const persons = await personSummaries(db, residents.map((row) => row.personId));
  await auditStaysListed(context, [...residents, ...arrivals, ...waitlist.flat()], 'stay.occupancy');
  const [maleOffered = [], maleWaiting = [], femaleOffered = [], femaleWaiting = []] = waitlist;
  return occupancyView.parse({
    facilityId: facility.id,
    district: facility.district,
    asOf: audit.now.toISOString(),
    beds: bedCountsFrom(facility, items),
    residents: residents.map((row) => viewRow(context, row, persons.get(row.personId))),
    arrivals,
    waitlist: { male: { offered: maleOffered, waiting: maleWaiting }, female: { offered: femaleOffered, waiting: femaleWaiting } },
  });
}
