import { randomUUID } from 'node:crypto';
import { mayActIn, primaryRole } from '../domain/access.js';
import { openAidCase, type AidCase } from '../domain/aid.js';
import type { WorkingDayCalendar } from '../domain/calendar.js';
import {
  encounterViewFor, nextSteps, occurredAtIssue, shouldNotifyGuardians, type Encounter, type EncounterInput,
} from '../domain/encounter.js';
import { DomainError, notFound, validationError } from '../domain/errors.js';
import { toWgs84 } from '../domain/geo.js';
import type { LastSeen, Person } from '../domain/person.js';
import type { OutreachRules } from '../domain/rules.js';
import { eventPut } from '../events/events.js';
import { aidCaseCreate } from '../store/aid-cases.js';
import { appendAudit, auditPut } from '../store/audit.js';
import { encounterCreate } from '../store/encounters.js';
import { idempotentWrite, type IdempotentRequest } from '../store/idempotency.js';
import { keys } from '../store/keys.js';
import { fromPersonItem, lastSeenUpdate } from '../store/persons.js';
import type { TransactItem } from '../store/transact.js';
import {
  idNumberTaken, openPerson, planRegistration, registrationPrefetch, viewPersonWritten, viewSummaries, type PersonContext,
} from './persons.js';

/** What recording an encounter needs beyond a person operation: the calendar and the rules. */
export type EncounterContext = PersonContext & { calendar: WorkingDayCalendar; rules: OutreachRules };

/** The encounter as the caller's role may see it. */
export const viewEncounter = (context: PersonContext, encounter: Encounter) =>
  encounterViewFor(primaryRole(context.audit.actor)).parse(encounter);

/**
 * Records a street encounter at most once per Idempotency-Key (phones resend hours later). One
 * read (the key's record with the person, or the ID-number holder of a new person) and one
 * transaction: the encounter, the person's last sighting or the new person, an aid case for an
 * `emergency_aid` referral, a `person_found` event for a registered at-risk person, the audit entry.
 */
export async function recordEncounter(context: EncounterContext, request: IdempotentRequest, input: EncounterInput) {
  const { db, audit, rules } = context;
  const { actor, now } = audit;
  const timeIssue = occurredAtIssue(input.occurredAt, now, rules);
  if (timeIssue) throw validationError([{ path: 'body.occurredAt', message: timeIssue }]);
  const occurredAt = new Date(input.occurredAt).toISOString();
  const point = toWgs84(input.location);
  const place = input.location.place;

  const newPerson = input.newPerson
    ? { ...input.newPerson, district: input.newPerson.district ?? actor.district ?? '', registrationSource: 'patrol' as const }
    : undefined;
  if (newPerson && !newPerson.district) {
    throw validationError([{ path: 'body.newPerson.district', message: 'Your account has no district: name the person’s district.' }]);
  }
  if (newPerson && !mayActIn(actor, newPerson.district)) {
    throw new DomainError('forbidden', 'You may only register persons of your own district.');
  }
  const prefetch = input.personId ? [keys.person(input.personId)] : registrationPrefetch(context, newPerson ?? {});

  return idempotentWrite(
    db,
    request,
    async (prefetched) => {
      const encounterId = randomUUID();
      const sighting: LastSeen = { at: occurredAt, lat: point.lat, lng: point.lng, encounterId, ...(place ? { place } : {}) };
      const items: TransactItem[] = [];
      let person: Person;
      let possibleDuplicates: Awaited<ReturnType<typeof planRegistration>>['possibleDuplicates'] = [];
      let idIndex: string | undefined;
      let lastSeenIndex = -1;

      let notifyGuardians = false;
      if (input.personId) {
        // Any district's person may be met on the street: the id comes from this district's
        // register or from an ID-number lookup of someone who wandered across the line.
        const stored = fromPersonItem(prefetched.get(keys.person(input.personId).pk));
        if (!stored) throw notFound('The person');
        person = openPerson(context, stored);
        const isNewest = !person.lastSeen || person.lastSeen.at < occurredAt;
        notifyGuardians = shouldNotifyGuardians(person, { occurredAt, isNewest, lastNoticeAt: stored.foundNoticeAt }, rules);
        if (isNewest) {
          const quietSince = new Date(Date.parse(occurredAt) - rules.foundNoticeQuietHours * 3600_000).toISOString();
          lastSeenIndex = items.push(lastSeenUpdate(db, person.id, sighting, notifyGuardians ? { at: occurredAt, quietSince } : undefined)) - 1;
          person = { ...person, lastSeen: sighting };
        }
      } else {
        const plan = await planRegistration(context, newPerson as NonNullable<typeof newPerson>, prefetched, () => sighting);
        person = { ...plan.person, lastSeen: sighting };
        possibleDuplicates = plan.possibleDuplicates;
        idIndex = plan.idIndex;
        items.push(...plan.items);
      }

      const district = actor.district && !actor.roles.includes('admin') ? actor.district : person.district;
      const aidCase: AidCase | undefined = input.referrals.some((referral) => referral.kind === 'emergency_aid')
        ? openAidCase({ id: randomUUID(), personId: person.id, encounterId, district, discoveredAt: occurredAt, now }, context.calendar, rules)
        : undefined;

      const facts = { occurredAt, condition: input.condition, actions: input.actions, referrals: input.referrals, concerns: input.concerns };
      const encounter: Encounter = {
        id: encounterId,
        personId: person.id,
        district,
        recordedAt: now.toISOString(),
        recordedBy: actor.sub,
        location: {
          lat: point.lat,
          lng: point.lng,
          reportedCrs: input.location.crs,
          ...(input.location.accuracyM !== undefined ? { accuracyM: input.location.accuracyM } : {}),
          ...(place ? { place } : {}),
        },
        ...facts,
        ...(input.campaignId ? { campaignId: input.campaignId } : {}),
        ...(input.notes ? { notes: input.notes } : {}),
        nextSteps: nextSteps(facts, person, rules, { aidDueAt: aidCase?.dueAt, guardiansNotified: notifyGuardians }),
        ...(aidCase ? { aidCaseId: aidCase.id } : {}),
      };

      items.push(encounterCreate(db, encounter));
      if (aidCase) items.push(aidCaseCreate(db, aidCase));
      if (notifyGuardians) {
        items.push(
          eventPut(db, {
            kind: 'person_found',
            district: person.district,
            severity: 'urgent',
            occurredAt,
            subjectId: person.id,
            // Ids only: a subscriber with the right reads the place and the guardians from the table.
            payload: { personId: person.id, encounterId, foundIn: district },
          }),
        );
      }
      const elsewhere = !mayActIn(actor, person.district) ? ', found outside the home district' : '';
      items.push(auditPut(db, audit, { action: 'encounter.create', subjectType: 'person', subjectId: person.id, reason: `encounter ${encounterId}${elsewhere}` }));

      return {
        items,
        response: {
          status: 201,
          body: {
            encounter: viewEncounter(context, encounter),
            person: viewPersonWritten(actor, person),
            ...(input.newPerson ? { possibleDuplicates: viewSummaries(actor, possibleDuplicates) } : {}),
            ...(aidCase ? { aidCase } : {}),
          },
          headers: { location: `/v1/persons/${person.id}/encounters` },
        },
        onConditionFailed: async (index) => {
          if (index === lastSeenIndex) return 'retry';
          if (index === 1 && idIndex) return idNumberTaken(context, idIndex);
          return 'retry';
        },
      };
    },
    prefetch,
  );
}

/** Audits the persons whose encounters a list shows (one entry per person). */
export async function auditEncountersListed(context: PersonContext, encounters: Encounter[]) {
  const personIds = [...new Set(encounters.map((encounter) => encounter.personId))];
  await appendAudit(context.db, context.audit, personIds.map((subjectId) => ({ action: 'encounter.list', subjectType: 'person', subjectId })));
}
