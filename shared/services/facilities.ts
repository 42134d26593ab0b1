import { randomUUID } from 'node:crypto';
import { DomainError, notFound } from '../domain/errors.js';
import type { Facility, FacilityInput, FacilityPatch } from '../domain/facility.js';
import { auditPut, type AuditContext } from '../store/audit.js';
import type { Db } from '../store/client.js';
import { facilityCreate, facilityReplace, getFacility, listFacilities, type FacilityFilter } from '../store/facilities.js';
import { idempotentWrite, type IdempotentRequest } from '../store/idempotency.js';
import type { PageRequest } from '../store/pagination.js';
import { writeChange } from '../store/transact.js';

/** What a facility operation needs from its request. */
export type FacilityContext = { db: Db; audit: AuditContext };

/** Registers a facility, at most once per Idempotency-Key. */
export async function createFacility(context: FacilityContext, request: IdempotentRequest, input: FacilityInput) {
  const { db, audit } = context;
  return idempotentWrite(db, request, () => {
    const at = audit.now.toISOString();
    const created: Facility = { id: randomUUID(), ...input, createdAt: at, updatedAt: at, version: 1 };
    return {
      items: [facilityCreate(db, created), auditPut(db, audit, { action: 'facility.create', subjectType: 'facility', subjectId: created.id })],
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

/** Changes a facility; with an expected version, only if it still holds. */
export async function updateFacility(context: FacilityContext, id: string, patch: FacilityPatch, expectedVersion: number | undefined): Promise<Facility> {
  const { db, audit } = context;
  const current = await readFacility(context, id);
  if (expectedVersion !== undefined && expectedVersion !== current.version) throw stale();
  const changed: Facility = { ...current, ...patch, updatedAt: audit.now.toISOString(), version: current.version + 1 };
  await writeChange(
    db,
    [facilityReplace(db, changed, current.version), auditPut(db, audit, { action: 'facility.update', subjectType: 'facility', subjectId: id })],
    stale,
  );
  return changed;
}

const stale = () => new DomainError('precondition_failed', 'The facility was changed by someone else; reload it and try again.');
