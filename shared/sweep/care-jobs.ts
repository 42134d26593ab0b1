import { careSinceOf, hasPassed, reviewDateOf, stageStarts } from '../domain/care-clock.js';
import { cstDate } from '../domain/cst.js';
import type { Actor } from '../domain/access.js';
import type { Facility } from '../domain/facility.js';
import type { Placement, Proposal } from '../domain/placement.js';
import type { Stay } from '../domain/stay.js';
import { eventPut } from '../events/events.js';
import { buildProposal, pendingEndItems } from '../services/placements.js';
import { expiredOfferItems, waitlistHead } from '../services/waitlist.js';
import { auditPut, type AuditContext } from '../store/audit.js';
import { fromFacilityItem } from '../store/facilities.js';
import { readConsistently } from '../store/idempotency.js';
import { keys } from '../store/keys.js';
import { offersDueBy, placementDecide, placementsDueBy, proposalCreate } from '../store/placements.js';
import { fromPersonItem, type StoredPerson } from '../store/persons.js';
import { careDistricts, stayStageMark, staysDueBy } from '../store/stays.js';
import { TransactionCancelled, transactWrite, type TransactItem } from '../store/transact.js';
import { inDistrict } from './district-rules.js';
import type { SweepDeps, SweepJob } from './sweep.js';

/** The districts a run reads: those named, else every district with care work (one query). */
const districtsOf = async (deps: SweepDeps) => deps.districts ?? (await careDistricts(deps.db));

/** The sweep acts as the system, audited under this subject. */
const sweeper: Actor = { sub: 'system:sweep', roles: ['admin'] };
const auditOf = (now: Date): AuditContext => ({ actor: sweeper, requestId: `sweep-${now.toISOString()}`, now });

/** Writes a sweep step; a condition that failed or a collision means another run (or a change) got there first: skipped. */
async function writeStep(deps: SweepDeps, items: TransactItem[]): Promise<boolean> {
  try {
    await transactWrite(deps.db, items);
    return true;
  } catch (error) {
    if (error instanceof TransactionCancelled) return false;
    throw error;
  }
}

/** The stage of a stay begun by `now` and not yet handled, or undefined (the care clock: more than 10 days, after 3 months). */
function dueStage(stay: Stay, now: Date, deps: SweepDeps): 'stranded' | 'long_term' | undefined {
  const starts = stageStarts(careSinceOf(stay), deps.rules);
  if (!stay.stages?.stranded && hasPassed(starts.stranded, now)) return 'stranded';
  if (!stay.stages?.long_term && hasPassed(starts.long_term, now)) return 'long_term';
  return undefined;
}

/**
 * Rules 5 and 7: at 10 days of an unidentified person's stay (滞留) and at 3 months (落户安置), a
 * placement is proposed and a `placement_proposed` event tells the first candidate's staff
 * (attributes: that facility and its district). The stage is marked on the stay in the same
 * transaction, only if not marked yet (guard `stageNotProposed`): two runs, one proposal. A stay of
 * an identified person has its stages marked without a proposal. The stay's review date moves to
 * the next stage, and off the due list after the last.
 */
async function advanceStay(deps: SweepDeps, stay: Stay, stored: StoredPerson, facility: Facility) {
  const now = deps.now();
  const audit = auditOf(now);
  const done = { proposed: 0, identified: 0, skipped: 0 };
  let current = stay;
  for (let stage = dueStage(current, now, deps); stage; stage = dueStage(current, now, deps)) {
    const nextReview = stage === 'stranded' && !current.stages?.long_term ? reviewDateOf(stageStarts(careSinceOf(current), deps.rules).long_term) : undefined;
    const unidentified = stored.person.identityStatus === 'unidentified';
    const proposal: Proposal | undefined = unidentified
      ? await buildProposal({ db: deps.db, audit, rules: deps.rules }, stored.person, { stay: current, facility }, stage)
      : undefined;
    const marked: Stay = {
      ...current,
      stages: { ...current.stages, [stage]: { at: now.toISOString(), ...(proposal ? { proposalId: proposal.id } : {}) } },
      version: current.version + 1,
    };
    if (nextReview) marked.reviewDueOn = nextReview;
    else delete marked.reviewDueOn;
    const receiving = proposal?.candidates[0];
    const items: TransactItem[] = [stayStageMark(deps.db, marked, stage, current.version)];
    if (proposal) {
      items.push(
        ...proposalCreate(deps.db, proposal),
        auditPut(deps.db, audit, { action: 'placement.propose', subjectType: 'person', subjectId: stay.personId, reason: `proposal ${proposal.id} at stage ${stage} of stay ${stay.id}` }),
        eventPut(deps.db, {
          kind: 'placement_proposed',
          district: receiving?.district ?? stay.district,
          severity: 'info',
          occurredAt: now.toISOString(),
          subjectId: stay.personId,
          ...(receiving ? { facilityId: receiving.facilityId } : {}),
          payload: {
            proposalId: proposal.id, stage, personId: stay.personId, stayId: stay.id, fromFacilityId: stay.facilityId,
            facilityId: receiving?.facilityId, district: receiving?.district ?? stay.district, fits: proposal.fits,
            candidateFacilityIds: proposal.candidates.map((candidate) => candidate.facilityId), waitlistFacilityId: proposal.waitlist?.facilityId,
          },
        }),
      );
    }
    if (!(await writeStep(deps, items))) {
      done.skipped += 1;
      break;
    }
    if (proposal) done.proposed += 1;
    else done.identified += 1;
    current = marked;
  }
  return done;
}

/** Rules 5 and 7, every district with care work: one query of its due stays, one strong batch read of their records. */
export const careStagesJob: SweepJob = {
  name: 'care-stages',
  run: async (deps) => {
    const { db } = deps;
    const today = cstDate(deps.now());
    const counts = { districts: 0, due: 0, proposed: 0, identified: 0, skipped: 0 };
    for (const district of await districtsOf(deps)) {
      counts.districts += 1;
      const local = await inDistrict(deps, district);
      const due = await staysDueBy(db, district, today);
      counts.due += due.length;
      for (let start = 0; start < due.length; start += 30) {
        const rows = due.slice(start, start + 30);
        const wanted = new Map<string, { pk: string; sk: string }>();
        for (const row of rows) for (const key of [keys.stay(row.id), keys.person(row.personId), keys.facility(row.facilityId)]) wanted.set(key.pk, key);
        const items = await readConsistently(db, [...wanted.values()]);
        for (const row of rows) {
          const stayItem = items.get(keys.stay(row.id).pk);
          const stay = stayItem?.['type'] === 'stay' ? (stayItem['stay'] as Stay) : undefined;
          const stored = fromPersonItem(items.get(keys.person(row.personId).pk));
          const facility = fromFacilityItem(items.get(keys.facility(row.facilityId).pk));
          if (!stay || stay.status !== 'open' || !stored || !facility) continue;
          const done = await advanceStay(local, stay, stored, facility);
          counts.proposed += done.proposed;
          counts.identified += done.identified;
          counts.skipped += done.skipped;
        }
      }
    }
    return counts;
  },
};

/** Waitlist offers whose hold ran out: the entry leaves the list and the bed goes to the next person waiting, or is free again. */
export const expiredOffersJob: SweepJob = {
  name: 'expired-offers',
  run: async (deps) => {
    const { db } = deps;
    const now = deps.now();
    const counts = { expired: 0, passedOn: 0, skipped: 0 };
    for (const district of await districtsOf(deps)) {
      const { rules } = await inDistrict(deps, district);
      for (const expired of await offersDueBy(db, district, now.toISOString())) {
        const next = await waitlistHead(db, expired.facilityId, expired.bedSex);
        if (await writeStep(deps, expiredOfferItems(db, expired, next, now, rules))) {
          counts.expired += 1;
          if (next) counts.passedOn += 1;
        } else counts.skipped += 1;
      }
    }
    return counts;
  },
};

/**
 * Pending placements (the receiving staff have not answered): `placementHold.reminderHours` before
 * the hold runs out a `placement_reminder` goes to the receiving staff (once); when it runs out, the
 * placement expires in one transaction: the held bed frees (to the head of that waitlist, if any),
 * the person's stay is free for another request, a `placement_expired` event tells the sending side.
 * A pending placement never blocks a transfer or another placement for longer than the hold.
 */
export const pendingPlacementsJob: SweepJob = {
  name: 'pending-placements',
  run: async (deps) => {
    const { db, rules } = deps;
    const now = deps.now();
    const audit = auditOf(now);
    const counts = { reminded: 0, expired: 0, skipped: 0 };
    const remindBy = new Date(now.getTime() + rules.placementHold.reminderHours * 3_600_000).toISOString();
    for (const district of await districtsOf(deps)) {
      for (const placement of await placementsDueBy(db, district, remindBy)) {
        if (!placement.expiresAt) continue;
        if (Date.parse(placement.expiresAt) <= now.getTime()) {
          const [items, head] = await Promise.all([readConsistently(db, [keys.stay(placement.stayId)]), waitlistHead(db, placement.toFacilityId, placement.bedSex)]);
          const stayItem = items.get(keys.stay(placement.stayId).pk);
          const stay = stayItem?.['type'] === 'stay' ? (stayItem['stay'] as Stay) : undefined;
          const expired: Placement = { ...placement, status: 'expired', decision: { at: now.toISOString(), by: sweeper.sub, reason: `No answer within ${rules.placementHold.hours} hours.` }, version: placement.version + 1 };
          const written = await writeStep(deps, [
            ...pendingEndItems(db, placement, expired, stay, head, now, rules),
            auditPut(db, audit, { action: 'placement.expire', subjectType: 'person', subjectId: placement.personId, reason: `placement ${placement.id}: no answer by ${placement.expiresAt}` }),
            eventPut(db, {
              kind: 'placement_expired',
              district: placement.fromDistrict,
              severity: 'info',
              occurredAt: now.toISOString(),
              subjectId: placement.personId,
              facilityId: placement.fromFacilityId,
              payload: { placementId: placement.id, personId: placement.personId, fromFacilityId: placement.fromFacilityId, facilityId: placement.toFacilityId },
            }),
          ]);
          if (written) counts.expired += 1;
          else counts.skipped += 1;
        } else if (!placement.remindedAt) {
          const reminded: Placement = { ...placement, remindedAt: now.toISOString(), version: placement.version + 1 };
          const written = await writeStep(deps, [
            placementDecide(db, reminded, placement.version),
            eventPut(db, {
              kind: 'placement_reminder',
              district: placement.toDistrict,
              severity: 'info',
              occurredAt: now.toISOString(),
              subjectId: placement.personId,
              facilityId: placement.toFacilityId,
              payload: { placementId: placement.id, personId: placement.personId, facilityId: placement.toFacilityId, expiresAt: placement.expiresAt },
            }),
          ]);
          if (written) counts.reminded += 1;
          else counts.skipped += 1;
        }
      }
    }
    return counts;
  },
};
