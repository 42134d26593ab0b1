import { randomUUID } from 'node:crypto';
import { callerKey, mayActIn, ownDistrict, primaryRole, type Actor } from '../domain/access.js';
import { openAidCase, type AidCase } from '../domain/aid.js';
import type { WorkingDayCalendar } from '../domain/calendar.js';
import { encounterViewFor, occurredAtIssue, type Encounter, type EncounterInput } from '../domain/encounter.js';
import { DomainError, forbidden, notFound, validationError } from '../domain/errors.js';
import { toWgs84 } from '../domain/geo.js';
import { nextSteps } from '../domain/next-steps.js';
import type { NewPersonInput, Person } from '../domain/person.js';
import type { PersonSummary } from '../domain/person-views.js';
import { changesAnything, sightingOf, type Meeting, type Sighting } from '../domain/sighting.js';
import { eventPut } from '../events/events.js';
import { aidCaseCreate } from '../store/aid-cases.js';
import { appendAudit, auditPut } from '../store/audit.js';
import { encounterCreate, encountersOfDistrict, encountersOfPerson } from '../store/encounters.js';
import type { PageRequest } from '../store/pagination.js';
import { idempotentWrite, type IdempotentRequest, type WritePlan } from '../store/idempotency.js';
import { keys } from '../store/keys.js';
import { grantInForce } from '../store/lookups.js';
import { lastPositionAttributes } from '../store/positions.js';
import { fromPersonItem, notePersonDistrict, personCreateItems, sightingUpdate } from '../store/persons.js';
import type { TransactItem } from '../store/transact.js';
import {
  onRegistrationConflict, openPerson, planRegistration, registrationFor, registrationPrefetch, viewPersonWritten, viewSummaries, visiblePerson,
  type PersonContext,
} from './persons.js';

/** What recording an encounter needs beyond a person operation: the working-day calendar. */
export type EncounterContext = PersonContext & { calendar: WorkingDayCalendar };

/** The encounter as the caller's role may see it. */
export const viewEncounter = (context: PersonContext, encounter: Encounter) =>
  encounterViewFor(primaryRole(context.audit.actor)).parse(encounter);

/** The person met and what meeting them writes. */
type PersonMet = { sighting: Sighting; items: TransactItem[]; possibleDuplicates?: PersonSummary[] };

/** The person's place in the position index if this encounter is their newest (the campaign visit lists read it). */
type PositionAt = (personId: string) => ReturnType<typeof lastPositionAttributes>;

/**
 * The district where the encounter happened, which owns the encounter and any aid case (rule 11:
 * aid is granted where the emergency happens, whatever the hukou): the caller's own, the office's
 * too (an office records in its district only).
 */
function districtMetIn(actor: Actor, input: EncounterInput): string {
  // A city's or province's office meets no one: encounters are recorded in a district.
  const district = ownDistrict(actor);
  if (input.district && input.district !== district) throw forbidden('You record encounters in your own district.');
  return district;
}

/**
 * A known person met: one of the caller's district, or one the caller found by ID number a short
 * while ago (the grant). Anyone else does not exist for the caller: 404, nothing written.
 */
function knownPersonMet(context: PersonContext, prefetched: Map<string, Record<string, unknown>>, personId: string, meeting: Meeting, positionAt: PositionAt): PersonMet {
  const { actor, now } = context.audit;
  const stored = fromPersonItem(prefetched.get(keys.person(personId).pk));
  const granted = grantInForce(prefetched.get(keys.foundPersonGrant(callerKey(actor, context.idIndexKey), personId).pk), now);
  if (!stored || !(mayActIn(actor, stored.person.district) || granted)) throw notFound('The person');
  const person = openPerson(context, stored);
  const sighting = sightingOf(person, meeting, { isNew: false, ...(stored.foundNoticeAt ? { lastNoticeAt: stored.foundNoticeAt } : {}) }, context.rules);
  return { sighting, items: changesAnything(sighting.change) ? [sightingUpdate(context.db, person, sighting.change, positionAt(person.id))] : [] };
}

/** A person the register does not know yet, registered by the encounter (with its sighting). */
async function newPersonMet(
  context: PersonContext,
  prefetched: Map<string, Record<string, unknown>>,
  input: NewPersonInput & { district: string },
  meeting: Meeting,
  positionAt: PositionAt,
): Promise<PersonMet> {
  const registration = registrationFor(context.audit.actor, { ...input, registrationSource: 'patrol' }, input, 'body.newPerson');
  const plan = await planRegistration(context, registration, prefetched);
  const sighting = sightingOf(plan.person, meeting, { isNew: true }, context.rules);
  return { sighting, items: personCreateItems(context.db, sighting.person, plan.secrets, positionAt(sighting.person.id)), possibleDuplicates: plan.possibleDuplicates };
}

/** The events an encounter sets off: the guardians' notice (rule 12) and the police report (rule 2), each once. */
function eventsOf(context: PersonContext, person: Person, sighting: Sighting, encounter: Encounter): TransactItem[] {
  // Ids only: a subscriber with the right reads the place and the guardians from the table.
  const base = { occurredAt: encounter.occurredAt, subjectId: person.id, severity: 'urgent' as const };
  return [
    ...(sighting.notifyGuardians
      ? [eventPut(context.db, { ...base, kind: 'person_found', district: person.district, payload: { personId: person.id, encounterId: encounter.id, foundIn: encounter.district } })]
      : []),
    ...(sighting.newConcerns.length > 0
      ? [eventPut(context.db, { ...base, kind: 'police_report_due', district: encounter.district, payload: { personId: person.id, encounterId: encounter.id, concerns: sighting.newConcerns } })]
      : []),
  ];
}

/** The stored encounter: the facts as sent, the position in WGS-84, and the steps the rules require. */
function encounterOf(input: EncounterInput, meeting: Meeting, district: string, met: PersonMet, aidCase: AidCase | undefined, context: EncounterContext): Encounter {
  const facts = { occurredAt: meeting.occurredAt, condition: input.condition, actions: input.actions, referrals: input.referrals, concerns: input.concerns };
  return {
    id: meeting.encounterId,
    personId: met.sighting.person.id,
    district,
    recordedAt: context.audit.now.toISOString(),
    recordedBy: meeting.recordedBy,
    location: {
      lat: meeting.point.lat,
      lng: meeting.point.lng,
      reportedCrs: input.location.crs,
      ...(input.location.accuracyM !== undefined ? { accuracyM: input.location.accuracyM } : {}),
      ...(meeting.point.place ? { place: meeting.point.place } : {}),
    },
    ...facts,
    ...(input.campaignId ? { campaignId: input.campaignId } : {}),
    ...(input.notes ? { notes: input.notes } : {}),
    nextSteps: nextSteps(facts, met.sighting.person, context.rules, {
      ...(aidCase ? { aid: { dueAt: aidCase.dueAt, binding: aidCase.binding } } : {}),
      guardiansNotified: met.sighting.notifyGuardians,
      ...(met.sighting.followUpDueOn ? { followUpDueOn: met.sighting.followUpDueOn } : {}),
      followedUpLater: met.sighting.followedUpLater,
    }),
    ...(aidCase ? { aidCaseId: aidCase.id } : {}),
  };
}

/**
 * Records a street encounter at most once per Idempotency-Key (phones resend hours later). One
 * read (the key's record with the person and the caller's grant, or the ID-number holder of a new
 * person) and one transaction: the encounter, the person's sighting (with their last position for
 * the campaign visit lists) or the new person, an aid case for an `emergency_aid` referral, the
 * events it sets off, the audit entry. The sleeping-spot cells follow from the stream.
 */
export async function recordEncounter(context: EncounterContext, request: IdempotentRequest, input: EncounterInput) {
  const { db, audit, rules } = context;
  const { actor, now } = audit;
  const timeIssue = occurredAtIssue(input.occurredAt, now, rules);
  if (timeIssue) throw validationError([{ path: 'body.occurredAt', message: timeIssue }]);
  const district = districtMetIn(actor, input);
  const newPerson = input.newPerson ? { ...input.newPerson, district: input.newPerson.district ?? district } : undefined;
  if (newPerson && !mayActIn(actor, newPerson.district)) throw new DomainError('forbidden', 'You may only register persons of your own district.');
  const prefetch = [
    ...(input.personId
      ? [keys.person(input.personId), keys.foundPersonGrant(callerKey(actor, context.idIndexKey), input.personId)]
      : registrationPrefetch(context, newPerson ?? {})),
    ...(input.campaignId ? [keys.campaign(input.campaignId)] : []),
  ];

  const recorded = await idempotentWrite(
    db,
    request,
    async (prefetched): Promise<WritePlan> => {
      if (input.campaignId) campaignOfDistrict(prefetched.get(keys.campaign(input.campaignId).pk), district);
      const point = toWgs84(input.location);
      const meeting: Meeting = {
        encounterId: randomUUID(),
        occurredAt: new Date(input.occurredAt).toISOString(),
        point: { lat: point.lat, lng: point.lng, ...(input.location.place ? { place: input.location.place } : {}) },
        refusedHelp: input.actions.includes('refused_help'),
        concerns: input.concerns,
        recordedBy: actor.sub,
      };
      const positionAt: PositionAt = (personId) =>
        lastPositionAttributes({ personId, at: meeting.occurredAt, lat: meeting.point.lat, lng: meeting.point.lng, health: input.condition.health }, district);
      const met = input.personId
        ? knownPersonMet(context, prefetched, input.personId, meeting, positionAt)
        : await newPersonMet(context, prefetched, newPerson as NonNullable<typeof newPerson>, meeting, positionAt);
      const person = met.sighting.person;
      const aidCase = input.referrals.some((referral) => referral.kind === 'emergency_aid')
        ? openAidCase({ id: randomUUID(), personId: person.id, encounterId: meeting.encounterId, district, discoveredAt: meeting.occurredAt, now }, context.calendar, rules)
        : undefined;
      const encounter = encounterOf(input, meeting, district, met, aidCase, context);
      const elsewhere = !mayActIn(actor, person.district) ? ', found outside the home district' : '';
      return {
        items: [
          ...met.items,
          // The sleeping-spot cells are counted from the stream (functions/events.ts), off this request.
          encounterCreate(db, encounter),
          ...(aidCase ? aidCaseCreate(db, aidCase) : []),
          ...eventsOf(context, person, met.sighting, encounter),
          auditPut(db, audit, { action: 'encounter.create', subjectType: 'person', subjectId: person.id, reason: `encounter ${encounter.id}${elsewhere}` }),
        ],
        response: {
          status: 201,
          body: {
            encounter: viewEncounter(context, encounter),
            person: viewPersonWritten(actor, person),
            ...(met.possibleDuplicates ? { possibleDuplicates: viewSummaries(actor, met.possibleDuplicates) } : {}),
            ...(aidCase ? { aidCase } : {}),
          },
          headers: { location: `/v1/persons/${person.id}/encounters` },
        },
        subject: person.id,
        // A newer sighting or an edit got there first: plan again on fresh reads. A number registered meanwhile is a 409.
        onConditionFailed: onRegistrationConflict(context, newPerson ?? {}),
      };
    },
    prefetch,
  );
  if (newPerson) await notePersonDistrict(db, newPerson.district);
  return recorded;
}

/**
 * The campaign an encounter counts towards must be one of the district the encounter is recorded
 * in: a visit counted in another district's coverage report would be a visit nobody made there.
 */
function campaignOfDistrict(item: Record<string, unknown> | undefined, district: string) {
  const campaign = item?.['type'] === 'campaign' ? (item['summary'] as { district?: string }) : undefined;
  if (campaign?.district !== district) throw validationError([{ path: 'body.campaignId', message: 'No campaign of the district the encounter is recorded in has this id.' }]);
}

/** A district's encounters in a time window, newest first, audited. */
export async function encountersOfDistrictFor(context: PersonContext, district: string, window: { since?: string; until?: string }, page: PageRequest) {
  const found = await encountersOfDistrict(context.db, district, window, page);
  await auditEncountersListed(context, found.items);
  return found;
}

/** A person's encounters, newest first, for a caller who may see the person, audited. */
export async function encountersOfPersonFor(context: PersonContext, personId: string, page: PageRequest) {
  await visiblePerson(context, personId, false, 'read');
  const found = await encountersOfPerson(context.db, personId, page);
  await auditEncountersListed(context, found.items);
  return found;
}

/** Audits the persons whose encounters a list shows (one entry per person). */
async function auditEncountersListed(context: PersonContext, encounters: Encounter[]) {
  const personIds = [...new Set(encounters.map((encounter) => encounter.personId))];
  await appendAudit(context.db, context.audit, personIds.map((subjectId) => ({ action: 'encounter.list', subjectType: 'person', subjectId })));
}
