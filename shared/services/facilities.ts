import { randomUUID } from 'node:crypto';
import { mayActIn } from '../domain/access.js';
import { conflict, DomainError, forbidden, notFound } from '../domain/errors.js';
import type { Facility, FacilityInput, FacilityPatch } from '../domain/facility.js';
import { bedSexes } from '../domain/stay.js';
import { auditPut, type AuditContext } from '../store/audit.js';
import { bedCountsCreate, readBedCounts } from '../store/beds.js';
import type { Db } from '../store/client.js';
import { facilityCreate, facilityReplace, getFacility, listFacilities, type FacilityFilter } from '../store/facilities.js';
import { idempotentWrite, type IdempotentRequest } from '../store/idempotency.js';
import type { PageRequest } from '../store/pagination.js';
import { careDistrictPut } from '../store/stays.js';
import { writeChange } from '../store/transact.js';
import type { OutreachRules } from '../domain/rules.js';
import { ChangedMeanwhile } from './contention.js';

/** What a facility operation needs from its request. */
export type FacilityContext = { db: Db; audit: AuditContext; rules: Pick<OutreachRules, 'waitlistOfferHours'> };

/** Registers a facility with its bed counts (nothing taken), at most once per Idempotency-Key. */
export async function createFacility(context: FacilityContext, request: IdempotentRequest, input: FacilityInput) {
  const { db, audit } = context;
  if (!mayActIn(audit.actor, input.district)) throw forbidden('You register facilities of your own district.');
  return idempotentWrite(db, request, () => {
    const at = audit.now.toISOString();
    const created: Facility = { id: randomUUID(), ...input, createdAt: at, updatedAt: at, version: 1 };
    return {
      items: [
        facilityCreate(db, created),
        ...bedCountsCreate(db, created),
        // Care work happens only at facilities: the district is listed for the sweep once, here, not by every admission.
        careDistrictPut(db, created.district),
        auditPut(db, audit, { action: 'facility.create', subjectType: 'facility', subjectId: created.id }),
      ],
      response: { status: 201, body: created, headers: { location: `/v1/facilities/${created.id}`, etag: `"v1"` } },
    };
  });
}

/** Facilities by district and/or type. */
export const findFacilities = (context: FacilityContext, filter: FacilityFilter, page: PageRequest) => listFacilities(context.db, filter, page);

/** One facility, or 404. */
export async function readFacility(context: FacilityContext, id: string): Promise<Facility> {
  const found = await getFacility(context.db, id);
  if (!found) throw notFound('The facility');
  return found;
}

/**
 * Changes a facility; with an expected version, only if it still holds. A capacity change sets the
 * bed counts in the same transaction, each only if it still covers the beds taken (the database
 * checks it against admissions in flight): below that, a 409 with the numbers.
 */
export async function updateFacility(context: FacilityContext, id: string, patch: FacilityPatch, expectedVersion: number | undefined): Promise<Facility> {
  const { db, audit, rules } = context;
  const capacity = patch.capacity;
  for (let attempt = 1; ; attempt += 1) {
    const current = await readFacility(context, id);
    // Another district's facility (its phone is the one its published notices give families) is not this office's to change.
    if (!mayActIn(audit.actor, current.district)) throw notFound('The facility');
    if (patch.district !== undefined && !mayActIn(audit.actor, patch.district)) throw forbidden('You may not move a facility out of your district.');
    if (expectedVersion !== undefined && expectedVersion !== current.version) throw stale();
    const changed: Facility = { ...current, ...patch, updatedAt: audit.now.toISOString(), version: current.version + 1 };
    // Waitlist fairness: beds a new capacity frees go to the heads of the waitlist, in the same transaction.
    const beds = capacity ? await (await import('./waitlist.js')).capacityItems(db, current, capacity, audit.now, rules) : { items: [], offered: 0 };
    try {
      await writeChange(
        db,
        [
          facilityReplace(db, changed, current.version),
          ...beds.items,
          ...(changed.district !== current.district ? [careDistrictPut(db, changed.district)] : []),
          auditPut(db, audit, { action: 'facility.update', subjectType: 'facility', subjectId: id, ...(beds.offered ? { reason: `${beds.offered} beds offered to the waitlist` } : {}) }),
        ],
        (guard) => (guard === 'bedsChanged' ? new ChangedMeanwhile() : guard === 'bedsCoverOccupancy' && capacity ? capacityBelowOccupancy(context, current, capacity) : stale()),
      );
      return changed;
    } catch (error) {
      // Beds were taken or freed between the read and the write: read again.
      if (!(error instanceof ChangedMeanwhile) || attempt >= 3) throw error instanceof ChangedMeanwhile ? conflict('Beds of this facility are changing; retry in a moment.', { headers: { 'retry-after': '1' } }) : error;
    }
  }
}

/** 409 for a capacity below the beds taken, naming each wing's numbers. */
async function capacityBelowOccupancy(context: FacilityContext, facility: Facility, requested: Facility['capacity']) {
  const counts = await readBedCounts(context.db, facility);
  const short = bedSexes.filter((sex) => requested[sex] < counts[sex].taken + counts[sex].held);
  const detail = short.length
    ? short.map((sex) => `${counts[sex].taken + counts[sex].held} ${sex} beds are taken or held, more than the ${requested[sex]} asked for`).join('; ')
    : 'Beds were taken meanwhile';
  return conflict(`${detail}: a capacity cannot go below the beds in use.`, {
    beds: Object.fromEntries(bedSexes.map((sex) => [sex, { requested: requested[sex], capacity: counts[sex].capacity, taken: counts[sex].taken, held: counts[sex].held }])),
  });
}

const stale = () => new DomainError('precondition_failed', 'The facility was changed by someone else; reload it and try again.');
