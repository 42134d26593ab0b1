import { randomUUID } from 'node:crypto';
import { assertCareAccess, mayActIn } from '../domain/access.js';
import { statusAfterDischarge } from '../domain/care.js';
import { careSinceOf, careStageAt, reviewDateOf, stageStarts } from '../domain/care-clock.js';
import { conflict, DomainError, notFound, validationError } from '../domain/errors.js';
import type { Facility } from '../domain/facility.js';
import type { Person } from '../domain/person.js';
import { summarize } from '../domain/person-views.js';
import {
  placementView, proposalView, type Placement, type PlacementInput, type PlacementKind, type PlacementStatus, type Proposal, type ProposalStage,
  type TransferInput, type WaitlistEntry,
} from '../domain/placement.js';
import { bestFit, rankCandidates, routePerson, typesFor, type CandidateFacility, type RoutingFacts } from '../domain/routing.js';
import { provinceOf, type OutreachRules } from '../domain/rules.js';
import { bedSexes, type BedSex, type DischargeReason, type Stay } from '../domain/stay.js';
import { eventPut } from '../events/events.js';
import { auditPut, type AuditContext } from '../store/audit.js';
import { bedCountsFrom, bedHold, bedTake, bedTakeHeld, readBedCounts } from '../store/beds.js';
import type { Db } from '../store/client.js';
import { fromFacilityItem, listFacilities } from '../store/facilities.js';
import { idempotentWrite, readConsistently, type IdempotentRequest } from '../store/idempotency.js';
import { keys } from '../store/keys.js';
import type { Page, PageRequest } from '../store/pagination.js';
import { fromPersonItem, personSummaries, personUpdateItems, storedSecrets, withStatus, type StoredPerson } from '../store/persons.js';
import { ChangedMeanwhile, withRetries } from './contention.js';
import {
  fromPlacementItem, fromProposalItem, listPlacements, placementCreate, placementDecide, proposalCreate,
} from '../store/placements.js';
import { getStay, stayCreate, stayReplace } from '../store/stays.js';
import { writeChange, type TransactItem } from '../store/transact.js';
import { noBedFree, viewStay, type CareContext } from './care.js';
import { freedBedItems, waitlistHead, bedCountKey, everyWaitlistLeft } from './waitlist.js';
import { decideRouting, kindOfMove } from './routing-decision.js';
import type { RoutingDecision } from '../domain/routing-check.js';

/**
 * Placement between facilities (DOMAIN.md rules 5, 7 and 8): proposals rank the facilities a person
 * may go to; a placement holds a bed at the receiving facility until its staff accept (the person's
 * stay moves there, old bed freed and held bed taken in one transaction) or decline (the hold
 * frees, the next candidate is named); a transfer moves a stay at once. Every bed that frees goes
 * to the head of that facility's waitlist first (`freedBedItems`).
 */
export type ProposalContext = { db: Db; audit: AuditContext; rules: OutreachRules };

/** Most candidate facilities of one type that routing reads (far above a province's). */
const MAX_CANDIDATES_PER_TYPE = 500;

/** Facilities of a type in a region (a district-code prefix), every page of one index query. */
async function facilitiesOfType(db: Db, type: Facility['type'], region: string): Promise<Facility[]> {
  const found: Facility[] = [];
  let cursor: string | undefined;
  do {
    const page = await listFacilities(db, { type, region }, { limit: 100, ...(cursor ? { cursor } : {}) });
    found.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && found.length < MAX_CANDIDATES_PER_TYPE);
  return found;
}

/** Free beds of a sex (or, for a person whose wing is not named, the better wing) of many facilities: batched strong reads. */
async function freeBedsOf(db: Db, facilities: Facility[], sex: BedSex | undefined): Promise<Map<string, number>> {
  const free = new Map<string, number>();
  for (let start = 0; start < facilities.length; start += 50) {
    const batch = facilities.slice(start, start + 50);
    const items = await readConsistently(db, batch.flatMap((facility) => bedSexes.map((bedSex) => keys.beds(facility.id, bedSex))));
    for (const facility of batch) {
      const counts = bedCountsFrom(facility, items);
      free.set(facility.id, sex ? counts[sex].free : Math.max(counts.male.free, counts.female.free));
    }
  }
  return free;
}

/**
 * A proposal for a person (rule 8), not yet stored: the routing table's row, and the candidate
 * facilities of its types in the province (one index query per type, their bed counts in batches),
 * ranked from where the person is now (the current stay's facility, else the last sighting).
 */
export async function buildProposal(
  context: ProposalContext,
  person: Person,
  current: { stay: Stay; facility: Facility } | undefined,
  stage: ProposalStage,
): Promise<Proposal> {
  const { db, audit, rules } = context;
  const { now } = audit;
  const route = routePerson(person as RoutingFacts, now, rules);
  const kind: PlacementKind =
    stage === 'long_term' || (stage === 'requested' && current && careStageAt(careSinceOf(current.stay), now, rules) === 'long_term') ? 'long_term' : 'short_stay';
  const bedSex: BedSex | undefined = current?.stay.bedSex ?? (person.sex === 'unknown' ? undefined : person.sex);
  const district = current?.stay.district ?? person.district;
  const point = current ? current.facility.location : person.lastSeen ? { lat: person.lastSeen.lat, lng: person.lastSeen.lng } : undefined;
  // Candidates within the province (of the district code, rules.ts `divisionCodes`): placements cross districts, rarely provinces.
  const facilities = (await Promise.all(typesFor(route, kind).map((type) => facilitiesOfType(db, type, provinceOf(district))))).flat();
  const free = await freeBedsOf(db, facilities, bedSex);
  const candidates: CandidateFacility[] = facilities.map((facility) => ({
    id: facility.id,
    name: facility.name,
    type: facility.type,
    district: facility.district,
    location: facility.location,
    freeBeds: free.get(facility.id) ?? 0,
  }));
  const ranked = rankCandidates(route, kind, candidates, { district, ...(point ? { point } : {}) }, current ? [current.facility.id] : []);
  // It fits when the first candidate has a bed: a free bed of a fallback type does not hide a full right-category facility's waitlist.
  const fits = ranked[0]?.reasons.bedFree ?? false;
  const best = fits ? undefined : bestFit(ranked);
  return proposalView.parse({
    id: randomUUID(),
    personId: person.id,
    ...(current ? { stayId: current.stay.id, fromFacilityId: current.facility.id } : {}),
    district,
    stage,
    kind,
    ...(bedSex ? { bedSex } : {}),
    routing: { category: route.category, condition: route.row.when, reason: route.reason, tableVersion: route.tableVersion },
    candidates: ranked,
    fits,
    ...(best ? { waitlist: { facilityId: best.facilityId, href: `/v1/facilities/${best.facilityId}/waitlist` } } : {}),
    createdAt: now.toISOString(),
    createdBy: audit.actor.sub,
  });
}

/** The facility a proposal's staff are told about: the first candidate, else the waitlist's best fit. */
export const proposedFacility = (proposal: Proposal) => proposal.candidates[0] ?? undefined;

/** The person, their open stay and its facility, as the caller may act on them; 404 otherwise. */
async function personInCare(context: CareContext, personId: string) {
  const { db, audit } = context;
  const items = await readConsistently(db, [keys.person(personId)]);
  const stored = fromPersonItem(items.get(keys.person(personId).pk));
  if (!stored) throw notFound('The person');
  if (!stored.openStay) {
    if (!mayActIn(audit.actor, stored.person.district)) throw notFound('The person');
    return { stored, current: undefined };
  }
  const [stay, facilityItems] = await Promise.all([getStay(db, stored.openStay.stayId, true), readConsistently(db, [keys.facility(stored.openStay.facilityId)])]);
  const facility = fromFacilityItem(facilityItems.get(keys.facility(stored.openStay.facilityId).pk));
  if (!stay || !facility) throw new Error(`Person ${personId} names an open stay that is not on record.`);
  // Staff of another facility do not see this resident (404); the office works in its district.
  assertCareAccess(audit.actor, facility, 'act', 'The person');
  return { stored, current: { stay, facility } };
}

/**
 * Proposes facilities for a person (POST /v1/placements/proposals), stored so that a placement can
 * name it and a decline can offer the next candidate; at most once per Idempotency-Key, audited.
 */
export async function propose(context: CareContext, request: IdempotentRequest, input: { personId: string }) {
  const { db, audit } = context;
  return idempotentWrite(db, request, async () => {
    const { stored, current } = await personInCare(context, input.personId);
    if (stored.person.status === 'deceased') throw conflict('The person is recorded as deceased.');
    const proposal = await buildProposal(context, stored.person, current, 'requested');
    return {
      items: [
        ...proposalCreate(db, proposal),
        auditPut(db, audit, { action: 'placement.propose', subjectType: 'person', subjectId: proposal.personId, reason: `proposal ${proposal.id}: ${proposal.routing.category}` }),
      ],
      response: { status: 201, body: proposal, headers: { location: `/v1/placements/proposals/${proposal.id}` } },
      subject: proposal.personId,
    };
  });
}

/**
 * Requests a placement (POST /v1/placements): `pending`, holding a bed of the person's wing at the
 * receiving facility (`used < capacity`, guard `bedFree`), the stay marked with it, the audit entry
 * and a `placement_requested` event for the receiving staff, in one transaction; at most once per
 * Idempotency-Key. Who: staff of the sending facility (the person's open stay) or the office.
 */
export async function requestPlacement(context: CareContext, request: IdempotentRequest, input: PlacementInput) {
  const { db, audit } = context;
  const { actor, now } = audit;
  const prefetch = [keys.person(input.personId), keys.facility(input.facilityId), ...bedSexes.map((sex) => keys.beds(input.facilityId, sex)), ...(input.proposalId ? [keys.proposal(input.proposalId)] : [])];
  return idempotentWrite(
    db,
    request,
    async (prefetched) => {
      const stored = fromPersonItem(prefetched.get(keys.person(input.personId).pk));
      if (!stored) throw notFound('The person');
      if (!stored.openStay) {
        if (!mayActIn(actor, stored.person.district)) throw notFound('The person');
        throw conflict('The person is in no open stay: admit them, then place them.');
      }
      const stay = await getStay(db, stored.openStay.stayId, true);
      if (!stay) throw new Error(`Person ${input.personId} names an open stay that is not on record.`);
      assertCareAccess(actor, { id: stay.facilityId, district: stay.district }, 'act', 'The person');
      if (stay.pendingPlacementId) throw conflict('A placement of this person is pending: wait for its answer.', { placementId: stay.pendingPlacementId });
      const facility = fromFacilityItem(prefetched.get(keys.facility(input.facilityId).pk));
      if (!facility) throw notFound('The facility');
      if (facility.id === stay.facilityId) throw validationError([{ path: 'body.facilityId', message: 'The person is at this facility already.' }]);
      const routing = decideRouting(actor, stored.person, facility, kindOfMove(stored.person, stay, now, context.rules, input.kind), now, context.rules, 'body.facilityId', input.routingOverride);
      if (input.proposalId) {
        const proposal = fromProposalItem(prefetched.get(keys.proposal(input.proposalId).pk));
        if (!proposal || proposal.personId !== stored.person.id) throw validationError([{ path: 'body.proposalId', message: 'Not a proposal for this person.' }]);
      }
      const counts = bedCountsFrom(facility, prefetched);
      if (counts[stay.bedSex].free === 0) throw noBedFree(facility, stay.bedSex, counts);
      const placement: Placement = {
        id: randomUUID(),
        personId: stored.person.id,
        stayId: stay.id,
        fromFacilityId: stay.facilityId,
        fromDistrict: stay.district,
        toFacilityId: facility.id,
        toDistrict: facility.district,
        kind: input.kind,
        bedSex: stay.bedSex,
        status: 'pending',
        ...(input.proposalId ? { proposalId: input.proposalId } : {}),
        requestedAt: now.toISOString(),
        requestedBy: actor.sub,
        expiresAt: new Date(now.getTime() + context.rules.placementHold.hours * 3_600_000).toISOString(),
        routing,
        version: 1,
      };
      return {
        items: [
          ...placementCreate(db, placement),
          stayReplace(db, { ...stay, pendingPlacementId: placement.id, version: stay.version + 1 }, stay.version),
          bedHold(db, facility, stay.bedSex),
          auditPut(db, audit, { action: 'placement.request', subjectType: 'person', subjectId: stored.person.id, reason: `placement ${placement.id} to facility ${facility.id} (${input.kind})` }),
          eventPut(db, {
            kind: 'placement_requested',
            district: facility.district,
            severity: 'info',
            occurredAt: placement.requestedAt,
            subjectId: stored.person.id,
            facilityId: facility.id,
            payload: { placementId: placement.id, personId: stored.person.id, fromFacilityId: stay.facilityId, facilityId: facility.id, district: facility.district, kind: input.kind, bedSex: stay.bedSex },
          }),
        ],
        response: { status: 201, body: placementView.parse(placement), headers: { location: `/v1/placements/${placement.id}` } },
        subject: placement.personId,
        onConditionFailed: async (guard) => {
          if (guard !== 'bedFree') return 'retry' as const;
          const fresh = await readBedCounts(db, facility);
          return fresh[stay.bedSex].free === 0 ? noBedFree(facility, stay.bedSex, fresh) : ('retry' as const);
        },
      };
    },
    prefetch,
  );
}

/** A placement the caller may see (`read`) or decide (`act`, the receiving facility's staff or office); 404 otherwise. */
async function accessiblePlacement(context: CareContext, id: string, intent: 'read' | 'act'): Promise<Placement> {
  const items = await readConsistently(context.db, [keys.placement(id)]);
  const placement = fromPlacementItem(items.get(keys.placement(id).pk));
  if (!placement) throw notFound('The placement');
  const sides = [
    { id: placement.toFacilityId, district: placement.toDistrict },
    ...(intent === 'read' ? [{ id: placement.fromFacilityId, district: placement.fromDistrict }] : []),
  ];
  assertAnySide(context, sides, intent, 'The placement');
  return placement;
}

/** The caller may work for one of these facilities (staff of it, the office of its district), else 404 naming `what`. */
function assertAnySide(context: CareContext, sides: { id: string; district: string }[], intent: 'read' | 'act', what: string) {
  const allowed = sides.some((side) => {
    try {
      assertCareAccess(context.audit.actor, side, intent, what);
      return true;
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not_found') return false;
      throw error;
    }
  });
  if (!allowed) throw notFound(what);
}

/**
 * One proposal (GET /v1/placements/proposals/{id}), where a proposal's Location points: for the
 * staff of the person's facility and of every facility proposed, and the office of their districts.
 */
export async function readProposal(context: CareContext, id: string): Promise<Proposal> {
  const items = await readConsistently(context.db, [keys.proposal(id)]);
  const proposal = fromProposalItem(items.get(keys.proposal(id).pk));
  if (!proposal) throw notFound('The proposal');
  const sides = [
    ...(proposal.fromFacilityId ? [{ id: proposal.fromFacilityId, district: proposal.district }] : []),
    ...proposal.candidates.map((candidate) => ({ id: candidate.facilityId, district: candidate.district })),
  ];
  assertAnySide(context, sides, 'read', 'The proposal');
  return proposal;
}

/** One placement (GET /v1/placements/{id}): staff of either facility, the office of either district. */
export const readPlacement = async (context: CareContext, id: string) => placementView.parse(await accessiblePlacement(context, id, 'read'));

/**
 * The transaction items that move a person's stay to another facility: the old stay ended (reason
 * `transferred`, or `placed` for 落户安置), its bed freed (to the head of that facility's waitlist,
 * if any), a new stay at the other facility (via `transfer`, care counted from when it began), the
 * person's open stay moved and status set.
 */
function moveItems(
  context: CareContext,
  moving: {
    stay: Stay;
    stored: StoredPerson;
    to: Facility;
    reason: Extract<DischargeReason, 'transferred' | 'placed'>;
    head: Parameters<typeof freedBedItems>[2];
    routing: RoutingDecision;
  },
  newBed: TransactItem,
) {
  const { db, audit, rules } = context;
  const { now } = audit;
  const { stay, stored, to, reason, head } = moving;
  const at = now.toISOString();
  const personStatus = statusAfterDischarge[reason];
  const nextId = randomUUID();
  const ended: Stay = {
    ...stay,
    status: 'ended',
    discharge: { reason, at, personStatus, gaveUpAssistance: false, movedTo: { stayId: nextId, facilityId: to.id }, recordedAt: at, recordedBy: audit.actor.sub },
    version: stay.version + 1,
  };
  delete ended.pendingPlacementId;
  const careSince = careSinceOf(stay);
  const starts = stageStarts(careSince, rules);
  const dates = { stranded: reviewDateOf(starts.stranded), long_term: reviewDateOf(starts.long_term) };
  const stages = stay.stages ?? {};
  // The next stage not yet proposed; a person placed for good (落户安置) has none.
  const reviewDueOn = reason === 'placed' ? undefined : !stages.stranded ? dates.stranded : !stages.long_term ? dates.long_term : undefined;
  const next: Stay = {
    id: nextId,
    personId: stay.personId,
    facilityId: to.id,
    district: to.district,
    bedSex: stay.bedSex,
    status: 'open',
    admittedAt: at,
    via: 'transfer',
    admittedBy: audit.actor.sub,
    recordedAt: at,
    extensions: [],
    ...(reviewDueOn ? { reviewDueOn } : {}),
    careSince,
    ...(stay.stages ? { stages: stay.stages } : {}),
    routing: moving.routing,
    version: 1,
  };
  const after = withStatus(stored.person, personStatus, now);
  return {
    ended,
    next,
    after,
    items: [
      stayReplace(db, ended, stay.version),
      ...freedBedItems(db, { facilityId: stay.facilityId, sex: stay.bedSex, from: 'taken' }, head, now, rules),
      ...stayCreate(db, next),
      newBed,
      ...personUpdateItems(db, { person: stored.person, idIndex: stored.idIndex }, { person: after, secrets: storedSecrets(stored) }, { move: { from: stay.id, to: { stayId: next.id, facilityId: to.id } } }),
    ],
  };
}

/**
 * Accepts a placement (POST /v1/placements/{id}/accept), by the receiving facility's staff or its
 * office: in one transaction the placement is accepted, the person's stay moves (old bed freed, the
 * held bed taken), the person is `placed` for a long-term placement, the audit entry and a
 * `placement_accepted` event. Accepting again returns the placement; a declined one is a 409.
 */
export async function acceptPlacement(context: CareContext, id: string) {
  const { db, audit } = context;
  return withRetries(async () => {
    const placement = await accessiblePlacement(context, id, 'act');
    if (placement.status === 'accepted') return placementView.parse(placement);
    if (placement.status !== 'pending') throw conflict(`The placement was ${placement.status}.`);
    const [items, head] = await Promise.all([
      readConsistently(db, [keys.stay(placement.stayId), keys.person(placement.personId), keys.facility(placement.toFacilityId)]),
      waitlistHead(db, placement.fromFacilityId, placement.bedSex),
    ]);
    const stayItem = items.get(keys.stay(placement.stayId).pk);
    const stay = stayItem?.['type'] === 'stay' ? (stayItem['stay'] as Stay) : undefined;
    const stored = fromPersonItem(items.get(keys.person(placement.personId).pk));
    const to = fromFacilityItem(items.get(keys.facility(placement.toFacilityId).pk));
    if (!stay || !stored || !to) throw new Error(`Placement ${id} names records that are not on record.`);
    if (stay.status !== 'open' || stay.pendingPlacementId !== placement.id) throw conflict('The stay this placement moves has ended or changed.');
    const reason = placement.kind === 'long_term' ? 'placed' : 'transferred';
    // Checked again on acceptance: the person's facts may have changed since the request (an override recorded then still holds).
    const kind = kindOfMove(stored.person, stay, audit.now, context.rules, placement.kind);
    const routing = decideRouting(audit.actor, stored.person, to, kind, audit.now, context.rules, 'placement', undefined, placement.routing?.override);
    const move = moveItems(context, { stay, stored, to, reason, head, routing }, bedTakeHeld(db, to.id, placement.bedSex));
    const accepted: Placement = { ...placement, routing, status: 'accepted', decision: { at: audit.now.toISOString(), by: audit.actor.sub, stayId: move.next.id }, version: placement.version + 1 };
    // Placed for the long term (落户安置), the person waits for no other bed: off every waitlist, any offered bed passed on.
    const waitlists =
      reason === 'placed'
        ? await everyWaitlistLeft(db, placement.personId, audit.now, context.rules, [bedCountKey(placement.fromFacilityId, stay.bedSex), bedCountKey(to.id, placement.bedSex)])
        : [];
    await writeChange(
      db,
      [
        placementDecide(db, accepted, placement.version),
        ...move.items,
        ...waitlists,
        auditPut(db, audit, { action: 'placement.accept', subjectType: 'person', subjectId: placement.personId, reason: `placement ${placement.id}: stay ${stay.id} → ${move.next.id}` }),
        eventPut(db, {
          kind: 'placement_accepted',
          district: placement.fromDistrict,
          severity: 'info',
          occurredAt: accepted.decision?.at ?? audit.now.toISOString(),
          subjectId: placement.personId,
          facilityId: placement.fromFacilityId,
          payload: { placementId: placement.id, personId: placement.personId, fromFacilityId: placement.fromFacilityId, facilityId: placement.toFacilityId, stayId: move.next.id, kind: placement.kind },
        }),
      ],
      (guard) => (guard === 'bedTaken' || guard === 'bedHeld' ? new DomainError('conflict', 'The bed counts do not match the stays and placements; the office must check them.') : new ChangedMeanwhile()),
    );
    return placementView.parse(accepted);
  });
}

/**
 * The items of a pending placement that ends unaccepted (declined, withdrawn, expired): the
 * placement as ended, its stay free for another move, and the held bed passed to the head of the
 * receiving wing's waitlist (or free again).
 */
export function pendingEndItems(db: Db, placement: Placement, ended: Placement, stay: Stay | undefined, head: WaitlistEntry | undefined, now: Date, rules: OutreachRules): TransactItem[] {
  const released = stay && stay.pendingPlacementId === placement.id ? { ...stay, version: stay.version + 1 } : undefined;
  if (released) delete released.pendingPlacementId;
  return [
    placementDecide(db, ended, placement.version),
    ...(released && stay ? [stayReplace(db, released, stay.version)] : []),
    ...freedBedItems(db, { facilityId: placement.toFacilityId, sex: placement.bedSex, from: 'held' }, head, now, rules),
  ];
}

/**
 * Declines a placement (POST /v1/placements/{id}/decline {reason}): the held bed frees (to the head
 * of the receiving facility's waitlist, if any), the stay is free for another placement, and the
 * next candidate of the proposal is named. Declining again with the same reason returns the
 * placement; an accepted one is a 409.
 */
export async function declinePlacement(context: CareContext, id: string, input: { reason: string }) {
  const { db, audit, rules } = context;
  return withRetries(async () => {
    const placement = await accessiblePlacement(context, id, 'act');
    if (placement.status === 'declined' && placement.decision?.reason === input.reason) return placementView.parse(placement);
    if (placement.status !== 'pending') throw conflict(`The placement was ${placement.status}.`);
    const [items, head] = await Promise.all([
      readConsistently(db, [keys.stay(placement.stayId), ...(placement.proposalId ? [keys.proposal(placement.proposalId)] : [])]),
      waitlistHead(db, placement.toFacilityId, placement.bedSex),
    ]);
    const stayItem = items.get(keys.stay(placement.stayId).pk);
    const stay = stayItem?.['type'] === 'stay' ? (stayItem['stay'] as Stay) : undefined;
    const proposal = placement.proposalId ? fromProposalItem(items.get(keys.proposal(placement.proposalId).pk)) : undefined;
    // The next candidate: the first of the proposal after this facility that had a bed free.
    const candidates = proposal?.candidates ?? [];
    const after = candidates.slice(candidates.findIndex((candidate) => candidate.facilityId === placement.toFacilityId) + 1);
    const nextCandidate = after.find((candidate) => candidate.reasons.bedFree) ?? after[0];
    const declined: Placement = {
      ...placement,
      status: 'declined',
      decision: { at: audit.now.toISOString(), by: audit.actor.sub, reason: input.reason },
      ...(nextCandidate ? { nextCandidate } : {}),
      version: placement.version + 1,
    };
    await writeChange(
      db,
      [
        ...pendingEndItems(db, placement, declined, stay, head, audit.now, rules),
        auditPut(db, audit, { action: 'placement.decline', subjectType: 'person', subjectId: placement.personId, reason: `placement ${placement.id}: ${input.reason}` }),
        eventPut(db, {
          kind: 'placement_declined',
          district: placement.fromDistrict,
          severity: 'info',
          occurredAt: declined.decision?.at ?? audit.now.toISOString(),
          subjectId: placement.personId,
          facilityId: placement.fromFacilityId,
          payload: { placementId: placement.id, personId: placement.personId, fromFacilityId: placement.fromFacilityId, facilityId: placement.toFacilityId, nextFacilityId: nextCandidate?.facilityId },
        }),
      ],
      (guard) => (guard === 'bedHeld' ? new DomainError('conflict', 'The bed counts do not match the placements; the office must check them.') : new ChangedMeanwhile()),
    );
    return placementView.parse(declined);
  });
}

/**
 * Withdraws a pending placement (POST /v1/placements/{id}/withdraw {reason}), by the sending
 * facility's staff or its office: the held bed frees (to the head of the receiving facility's
 * waitlist, if any) and the stay is free for a transfer or another request, in one transaction with
 * the audit entry and a `placement_withdrawn` event for the receiving staff. Withdrawing again with
 * the same reason returns the placement; a decided one is a 409.
 */
export async function withdrawPlacement(context: CareContext, id: string, input: { reason: string }) {
  const { db, audit, rules } = context;
  return withRetries(async () => {
    const items0 = await readConsistently(db, [keys.placement(id)]);
    const placement = fromPlacementItem(items0.get(keys.placement(id).pk));
    if (!placement) throw notFound('The placement');
    assertCareAccess(audit.actor, { id: placement.fromFacilityId, district: placement.fromDistrict }, 'act', 'The placement');
    if (placement.status === 'withdrawn' && placement.decision?.reason === input.reason) return placementView.parse(placement);
    if (placement.status !== 'pending') throw conflict(`The placement was ${placement.status}.`, { reason: `placement_${placement.status}` });
    const [items, head] = await Promise.all([readConsistently(db, [keys.stay(placement.stayId)]), waitlistHead(db, placement.toFacilityId, placement.bedSex)]);
    const stayItem = items.get(keys.stay(placement.stayId).pk);
    const stay = stayItem?.['type'] === 'stay' ? (stayItem['stay'] as Stay) : undefined;
    const withdrawn: Placement = { ...placement, status: 'withdrawn', decision: { at: audit.now.toISOString(), by: audit.actor.sub, reason: input.reason }, version: placement.version + 1 };
    await writeChange(
      db,
      [
        ...pendingEndItems(db, placement, withdrawn, stay, head, audit.now, rules),
        auditPut(db, audit, { action: 'placement.withdraw', subjectType: 'person', subjectId: placement.personId, reason: `placement ${placement.id}: ${input.reason}` }),
        eventPut(db, {
          kind: 'placement_withdrawn',
          district: placement.toDistrict,
          severity: 'info',
          occurredAt: withdrawn.decision?.at ?? audit.now.toISOString(),
          subjectId: placement.personId,
          facilityId: placement.toFacilityId,
          payload: { placementId: placement.id, personId: placement.personId, fromFacilityId: placement.fromFacilityId, facilityId: placement.toFacilityId },
        }),
      ],
      (guard) => (guard === 'bedHeld' ? new DomainError('conflict', 'The bed counts do not match the placements; the office must check them.') : new ChangedMeanwhile()),
    );
    return placementView.parse(withdrawn);
  });
}

/**
 * Transfers a stay to another facility at once (POST /v1/stays/{id}/transfer): in one transaction
 * the stay ends (`transferred`), its bed frees (to that facility's waitlist head, if any), a bed is
 * taken at the other facility (`used < capacity`, guard `bedFree`: a full wing is a 409 with the
 * waitlist) and a new stay starts there; the audit entry and a `transferred` event for the
 * receiving staff. The stay must be open and have no pending placement: racing a discharge, exactly
 * one of them wins. Four requests: the stay, the person and the other facility's counts (one
 * batch), the waitlist head, the transaction.
 */
export async function transferStay(context: CareContext, stayId: string, input: TransferInput) {
  const { db, audit } = context;
  return withRetries(async () => {
    const stay = await getStay(db, stayId, true);
    if (!stay) throw notFound('The stay');
    assertCareAccess(audit.actor, { id: stay.facilityId, district: stay.district }, 'act', 'The stay');
    if (stay.status !== 'open') {
      // The phone resends: the same transfer again returns the stay it started.
      const moved = stay.discharge?.reason === 'transferred' ? stay.discharge.movedTo : undefined;
      if (moved?.facilityId === input.toFacilityId) {
        const [next, persons] = await Promise.all([getStay(db, moved.stayId, true), personSummaries(db, [stay.personId])]);
        if (next) return viewStay(context, next, persons.get(stay.personId));
      }
      throw conflict('The stay has ended: there is nothing to transfer.', { discharge: stay.discharge ? { reason: stay.discharge.reason, at: stay.discharge.at } : undefined });
    }
    if (stay.pendingPlacementId) throw conflict('A placement of this person is pending: accept or decline it first.', { placementId: stay.pendingPlacementId });
    if (input.toFacilityId === stay.facilityId) throw validationError([{ path: 'body.toFacilityId', message: 'The person is at this facility already.' }]);
    const [items, head] = await Promise.all([
      readConsistently(db, [keys.person(stay.personId), keys.facility(input.toFacilityId), ...bedSexes.map((sex) => keys.beds(input.toFacilityId, sex))]),
      waitlistHead(db, stay.facilityId, stay.bedSex),
    ]);
    const to = fromFacilityItem(items.get(keys.facility(input.toFacilityId).pk));
    if (!to) throw notFound('The facility');
    const stored = fromPersonItem(items.get(keys.person(stay.personId).pk));
    if (!stored) throw new Error(`Stay ${stay.id} names a person who is not on record.`);
    const routing = decideRouting(audit.actor, stored.person, to, kindOfMove(stored.person, stay, audit.now, context.rules), audit.now, context.rules, 'body.toFacilityId', input.routingOverride);
    const counts = bedCountsFrom(to, items);
    if (counts[stay.bedSex].free === 0) throw noBedFree(to, stay.bedSex, counts);
    const move = moveItems(context, { stay, stored, to, reason: 'transferred', head, routing }, bedTake(db, to, stay.bedSex));
    await writeChange(
      db,
      [
        ...move.items,
        auditPut(db, audit, { action: 'stay.transfer', subjectType: 'person', subjectId: stay.personId, reason: `stay ${stay.id} → ${move.next.id} at facility ${to.id}${input.note ? `: ${input.note}` : ''}` }),
        eventPut(db, {
          kind: 'transferred',
          district: to.district,
          severity: 'info',
          occurredAt: move.next.admittedAt,
          subjectId: stay.personId,
          facilityId: to.id,
          payload: { personId: stay.personId, fromStayId: stay.id, stayId: move.next.id, fromFacilityId: stay.facilityId, facilityId: to.id, district: to.district, bedSex: stay.bedSex },
        }),
      ],
      async (guard) => {
        if (guard === 'bedFree') {
          const fresh = await readBedCounts(db, to);
          return fresh[stay.bedSex].free === 0 ? noBedFree(to, stay.bedSex, fresh) : new ChangedMeanwhile();
        }
        if (guard === 'bedTaken') return new DomainError('conflict', 'The bed count of this facility does not match its stays; the office must check it.');
        return new ChangedMeanwhile();
      },
    );
    return viewStay(context, move.next, summarize(move.after));
  });
}

/** The facility a placement list asks for, as the caller may read it. */
export async function findPlacements(
  context: CareContext,
  query: { facilityId?: string; status: PlacementStatus; direction: 'incoming' | 'outgoing' },
  page: PageRequest,
): Promise<Page<Placement>> {
  const { db, audit } = context;
  const facilityId = query.facilityId ?? audit.actor.facility;
  if (!facilityId) throw validationError([{ path: 'query.facilityId', message: 'Name the facility whose placements to list.' }]);
  const [items, placements] = await Promise.all([
    readConsistently(db, [keys.facility(facilityId)]),
    listPlacements(db, facilityId, query.direction === 'incoming' ? 'to' : 'from', query.status, page),
  ]);
  const facility = fromFacilityItem(items.get(keys.facility(facilityId).pk));
  if (!facility) throw notFound('The facility');
  assertCareAccess(audit.actor, facility, 'read');
  return { items: placements.items.map((placement) => placementView.parse(placement)), nextCursor: placements.nextCursor };
}
