import { randomUUID } from 'node:crypto';
import { assertCareAccess, callerKey, mayActIn } from '../domain/access.js';
import { bedSexFor } from '../domain/care.js';
import { conflict, DomainError, notFound, validationError } from '../domain/errors.js';
import type { Facility } from '../domain/facility.js';
import { offerExpiresAt, waitlistEntryView, type WaitlistEntry } from '../domain/placement.js';
import type { OutreachRules } from '../domain/rules.js';
import { bedSexes, type BedSex } from '../domain/stay.js';
import { eventPut } from '../events/events.js';
import { appendAudit, auditPut, type AuditContext } from '../store/audit.js';
import { bedCapacitySet, bedCapacitySetHolding, bedCountsFrom, bedFullCheck, bedHeldCheck, bedHoldRelease, bedRelease, bedReleaseToHold, readBedCounts } from '../store/beds.js';
import { spendLookup } from '../store/lookups.js';
import type { Db } from '../store/client.js';
import { fromFacilityItem } from '../store/facilities.js';
import { idempotentWrite, readConsistently, type IdempotentRequest } from '../store/idempotency.js';
import { keys } from '../store/keys.js';
import { fromWaitlistItem, waitlistJoin, waitlistOf, waitlistRemove, waitlistReplace, waitlistsOfPerson } from '../store/placements.js';
import { fromPersonItem } from '../store/persons.js';
import { writeChange, type TransactItem } from '../store/transact.js';
import { ChangedMeanwhile, isBusy } from './contention.js';

/**
 * The waitlist of a facility, per sex, first come first served. A person joins it when no bed of
 * their sex is free; when a bed frees (a discharge, a transfer out, a declined placement) the head
 * of the list is offered it in the same transaction: the bed is held for them (`bed_offered`) for
 * `waitlistOfferHours`, taken by their admission, or passed to the next by the sweep when the
 * offer runs out.
 */
export type WaitlistContext = { db: Db; audit: AuditContext; rules: OutreachRules; idIndexKey: string };

/** The first person waiting for a bed of a sex at a facility (one query of GSI1), or undefined. */
export async function waitlistHead(db: Db, facilityId: string, sex: BedSex): Promise<WaitlistEntry | undefined> {
  return (await waitlistOf(db, facilityId, sex, 'waiting', 1))[0];
}

/** The entry of the head once offered a bed now. */
const offeredTo = (head: WaitlistEntry, now: Date, rules: Pick<OutreachRules, 'waitlistOfferHours'>): WaitlistEntry => ({
  ...head,
  status: 'offered',
  offer: { at: now.toISOString(), expiresAt: offerExpiresAt(now, rules.waitlistOfferHours) },
});

/** The `bed_offered` event of an offer, for the facility's staff. */
const offerEvent = (db: Db, entry: WaitlistEntry) =>
  eventPut(db, {
    kind: 'bed_offered',
    district: entry.district,
    severity: 'info',
    occurredAt: entry.offer?.at ?? new Date().toISOString(),
    subjectId: entry.personId,
    facilityId: entry.facilityId,
    payload: { entryId: entry.id, personId: entry.personId, facilityId: entry.facilityId, district: entry.district, bedSex: entry.bedSex, expiresAt: entry.offer?.expiresAt },
  });

/**
 * The transaction items of a bed that frees: with someone waiting, the bed is held for the head
 * of the list (taken → held, or a hold passed on) and offered to them; else it is free again.
 */
export function freedBedItems(
  db: Db,
  bed: { facilityId: string; sex: BedSex; from: 'taken' | 'held' },
  head: WaitlistEntry | undefined,
  now: Date,
  rules: Pick<OutreachRules, 'waitlistOfferHours'>,
): TransactItem[] {
  if (!head) return [bed.from === 'taken' ? bedRelease(db, bed.facilityId, bed.sex) : bedHoldRelease(db, bed.facilityId, bed.sex)];
  const offered = offeredTo(head, now, rules);
  return [
    bed.from === 'taken' ? bedReleaseToHold(db, bed.facilityId, bed.sex) : bedHeldCheck(db, bed.facilityId, bed.sex),
    waitlistReplace(db, offered, head),
    offerEvent(db, offered),
  ];
}

/**
 * The transaction items of an offer that ran out (the sweep): the entry leaves the list and the
 * held bed goes to the next person waiting, or is free again.
 */
export function expiredOfferItems(db: Db, expired: WaitlistEntry, next: WaitlistEntry | undefined, now: Date, rules: Pick<OutreachRules, 'waitlistOfferHours'>): TransactItem[] {
  return [waitlistRemove(db, expired), ...freedBedItems(db, { facilityId: expired.facilityId, sex: expired.bedSex, from: 'held' }, next, now, rules)];
}

/** A bed count's item named as one string (DynamoDB takes one operation per item in a transaction). */
export const bedCountKey = (facilityId: string, sex: BedSex) => `${facilityId}#${sex}`;

/**
 * The transaction items that take a person off every waitlist they are on, for a change after
 * which they need no bed (a reunion, a death, a long-term placement): each entry removed, and a
 * bed offered to them passed to the next in line or freed. `busyBeds` are the bed counts the
 * caller's transaction changes already (`bedCountKey`): an offer held there is left to run out
 * (the sweep passes it on), since one transaction cannot change one item twice. The entries are
 * read from an index; one joined a moment ago may be missed, and then waits until its offer runs out.
 */
export async function everyWaitlistLeft(
  db: Db,
  personId: string,
  now: Date,
  rules: Pick<OutreachRules, 'waitlistOfferHours'>,
  busyBeds: string[] = [],
  read?: Promise<WaitlistEntry[]>,
): Promise<TransactItem[]> {
  // `read`: the entries, when the caller started reading them beside its own reads.
  const entries = await (read ?? waitlistsOfPerson(db, personId));
  const items = await Promise.all(
    entries.map(async (entry): Promise<TransactItem[]> => {
      if (entry.status !== 'offered') return [waitlistRemove(db, entry)];
      if (busyBeds.includes(bedCountKey(entry.facilityId, entry.bedSex))) return [];
      return expiredOfferItems(db, entry, await waitlistHead(db, entry.facilityId, entry.bedSex), now, rules);
    }),
  );
  return items.flat();
}

/** Offers per change of capacity at most (two items each, in one transaction of at most 100). */
const MAX_OFFERS_PER_CHANGE = 40;

/**
 * When a facility's capacity is set: for each wing with free beds and people waiting, the beds
 * held for the heads of its list and offered to them (`bed_offered`), first come first served, in
 * the transaction that sets the capacity; the wings without either keep `bedCapacitySet`. The
 * counts are written only if still as read (guard `bedsChanged`: read again and retry).
 */
export async function capacityItems(db: Db, facility: Facility, capacity: Facility['capacity'], now: Date, rules: Pick<OutreachRules, 'waitlistOfferHours'>) {
  const counts = await readBedCounts(db, facility);
  const items: TransactItem[] = [];
  let offered = 0;
  for (const sex of bedSexes) {
    const used = counts[sex].taken + counts[sex].held;
    const free = capacity[sex] - used;
    const heads = free > 0 ? await waitlistOf(db, facility.id, sex, 'waiting', Math.min(free, MAX_OFFERS_PER_CHANGE - offered)) : [];
    if (!heads.length) {
      items.push(bedCapacitySet(db, facility.id, sex, capacity[sex]));
      continue;
    }
    items.push(bedCapacitySetHolding(db, facility.id, sex, capacity[sex], used, heads.length));
    for (const head of heads) {
      const offer = offeredTo(head, now, rules);
      items.push(waitlistReplace(db, offer, head), offerEvent(db, offer));
    }
    offered += heads.length;
  }
  return { items, offered };
}

/**
 * Puts a person on a facility's waitlist (POST /v1/facilities/{id}/waitlist), at most once per
 * Idempotency-Key and once per facility, with the reason they need a bed. Only a person who needs a
 * bed waits: on the street, or in care at another facility. A list is for a full wing: with a bed
 * free the answer is an admission, not a hold (409 `bed_free`), so that no list holds free beds.
 * Each caller has a budget of entries per window (`waitlistJoins`, 429 past it). Who may: those
 * who may admit to the facility.
 */
export async function joinWaitlist(
  context: WaitlistContext,
  request: IdempotentRequest,
  facilityId: string,
  input: { personId: string; bedSex?: BedSex | undefined; reason: string },
) {
  const { db, audit, rules } = context;
  const { actor, now } = audit;
  const prefetch = [keys.facility(facilityId), keys.person(input.personId), keys.waitlistEntry(facilityId, input.personId), ...bedSexes.map((sex) => keys.beds(facilityId, sex))];
  return idempotentWrite(
    db,
    request,
    async (prefetched) => {
      const facility = fromFacilityItem(prefetched.get(keys.facility(facilityId).pk));
      if (!facility) throw notFound('The facility');
      assertCareAccess(actor, facility, 'act');
      const stored = fromPersonItem(prefetched.get(keys.person(input.personId).pk));
      if (!stored || !mayActIn(actor, stored.person.district)) throw notFound('The person');
      if (stored.person.status === 'deceased') throw conflict('The person is recorded as deceased.', { reason: 'deceased' });
      if (stored.openStay?.facilityId === facility.id) throw conflict('The person is in care at this facility already.', { reason: 'in_care_here' });
      const awaitsBed = stored.person.status === 'on_street' || (stored.person.status === 'in_care' && Boolean(stored.openStay));
      if (!awaitsBed) {
        throw conflict(`The person is ${stored.person.status}: only a person on the street or in care at another facility waits for a bed.`, { reason: 'not_awaiting_bed', personStatus: stored.person.status });
      }
      if (fromWaitlistItem(prefetched.get(keys.waitlistEntry(facilityId, input.personId).pk))) throw conflict('The person is on this facility’s waitlist already.');
      const bed = bedSexFor(stored.person.sex, input.bedSex);
      if ('issue' in bed) throw validationError([{ path: 'body.bedSex', message: bed.issue }]);
      const counts = bedCountsFrom(facility, prefetched);
      if (counts[bed.sex].free > 0) {
        throw conflict(`A ${bed.sex} bed is free at this facility: admit the person (POST /v1/admissions) instead of putting them on its list.`, {
          reason: 'bed_free',
          facilityId: facility.id,
          bedSex: bed.sex,
          freeBeds: { male: counts.male.free, female: counts.female.free },
        });
      }
      const retryAfter = await spendLookup(db, `waitlist#${callerKey(actor, context.idIndexKey, 'subject')}`, rules.waitlistJoins, now);
      if (retryAfter !== null) {
        throw new DomainError('too_many_requests', `Too many waitlist entries: at most ${rules.waitlistJoins.perCaller} per ${rules.waitlistJoins.windowMinutes} minutes.`, {
          reason: 'waitlist_budget_spent',
          headers: { 'retry-after': String(retryAfter) },
        });
      }
      const entry: WaitlistEntry = {
        id: randomUUID(),
        facilityId: facility.id,
        district: facility.district,
        bedSex: bed.sex,
        personId: stored.person.id,
        joinedAt: now.toISOString(),
        joinedBy: actor.sub,
        reason: input.reason,
        status: 'waiting',
      };
      return {
        items: [
          waitlistJoin(db, entry),
          // The wing is still full when the entry lands (else the caller admits): checked by the database, not only the read.
          bedFullCheck(db, facility, bed.sex),
          auditPut(db, audit, { action: 'waitlist.join', subjectType: 'person', subjectId: stored.person.id, reason: `facility ${facility.id}, ${bed.sex} wing: ${input.reason}` }),
        ],
        response: { status: 201, body: waitlistEntryView.parse(entry), headers: { location: `/v1/facilities/${facility.id}/waitlist` } },
        subject: entry.personId,
        // The bed went meanwhile, or someone joined: plan again on fresh reads.
        onConditionFailed: () => 'retry' as const,
      };
    },
    prefetch,
  );
}

/** A facility's waitlist by sex: offers (beds held) and those waiting, first come first served; audited. */
export async function readWaitlist(context: WaitlistContext, facilityId: string) {
  const { db, audit } = context;
  const [items, lists] = await Promise.all([
    readConsistently(db, [keys.facility(facilityId)]),
    Promise.all(bedSexes.flatMap((sex) => (['offered', 'waiting'] as const).map((status) => waitlistOf(db, facilityId, sex, status)))),
  ]);
  const facility = fromFacilityItem(items.get(keys.facility(facilityId).pk));
  if (!facility) throw notFound('The facility');
  assertCareAccess(audit.actor, facility, 'read');
  const [maleOffered = [], maleWaiting = [], femaleOffered = [], femaleWaiting = []] = lists;
  const all = lists.flat();
  await appendAudit(db, audit, [...new Set(all.map((entry) => entry.personId))].map((subjectId) => ({ action: 'waitlist.read', subjectType: 'person', subjectId })));
  const view = (entries: WaitlistEntry[]) => entries.map((entry) => waitlistEntryView.parse(entry));
  return {
    facilityId: facility.id,
    male: { offered: view(maleOffered), waiting: view(maleWaiting) },
    female: { offered: view(femaleOffered), waiting: view(femaleWaiting) },
  };
}

/** How often a removal is planned again when the entry or the bed count changed between the reads and the write. */
const LEAVE_ATTEMPTS = 5;

/**
 * Takes a person off a facility's waitlist (DELETE /v1/facilities/{id}/waitlist/{personId}): the
 * person was admitted elsewhere, placed, reunited, or no longer wants the bed. One transaction: the
 * entry removed (only if still as read) and, when it held an offered bed, the hold passed to the
 * next person waiting (or released), and the audit entry. Who may: those who may admit to the
 * facility (its staff, the office, patrol of its district). Not on the list: 404. Requests: a batch
 * read (the facility and the entry), the head of the wing for an offer, the transaction.
 */
export async function leaveWaitlist(context: WaitlistContext, facilityId: string, personId: string): Promise<void> {
  const { db, audit, rules } = context;
  const { actor, now } = audit;
  for (let attempt = 1; ; attempt += 1) {
    const read = await readConsistently(db, [keys.facility(facilityId), keys.waitlistEntry(facilityId, personId)]);
    const facility = fromFacilityItem(read.get(keys.facility(facilityId).pk));
    if (!facility) throw notFound('The facility');
    assertCareAccess(actor, facility, 'act');
    const entry = fromWaitlistItem(read.get(keys.waitlistEntry(facilityId, personId).pk));
    if (!entry) throw notFound('The waitlist entry');
    const next = entry.status === 'offered' ? await waitlistHead(db, facility.id, entry.bedSex) : undefined;
    const released = entry.status === 'offered' ? (next ? `, the held bed offered to the next in line` : ', the held bed released') : '';
    try {
      await writeChange(
        db,
        [
          ...(entry.status === 'offered' ? expiredOfferItems(db, entry, next, now, rules) : [waitlistRemove(db, entry)]),
          auditPut(db, audit, { action: 'waitlist.leave', subjectType: 'person', subjectId: entry.personId, reason: `facility ${facility.id}, ${entry.bedSex} wing${released}` }),
        ],
        (guard) => (guard === 'bedHeld' || guard === 'bedTaken' ? conflict('The bed count of this facility does not match its waitlist; the office must check it.') : new ChangedMeanwhile()),
      );
      return;
    } catch (error) {
      // The entry was offered a bed, taken by an admission or removed meanwhile, or the next in line changed: read again.
      if (!(error instanceof ChangedMeanwhile || isBusy(error)) || attempt >= LEAVE_ATTEMPTS) {
        throw error instanceof ChangedMeanwhile ? conflict('The waitlist is being changed by someone else; retry in a moment.', { headers: { 'retry-after': '1' } }) : error;
      }
    }
  }
}
