import { randomUUID } from 'node:crypto';
import { mayActIn, scopeDistrict, type Intent } from '../domain/access.js';
import { geometryOf, type Area, type AreaInput, type AreaPatch } from '../domain/area.js';
import { conflict, DomainError, forbidden, notFound, validationError } from '../domain/errors.js';
import { areaCreate, areaReplace, getArea, listAreas } from '../store/areas.js';
import { auditPut, type AuditContext } from '../store/audit.js';
import type { Db } from '../store/client.js';
import { idempotentWrite, type IdempotentRequest } from '../store/idempotency.js';
import type { PageRequest } from '../store/pagination.js';
import { writeChange } from '../store/transact.js';

export type AreaContext = { db: Db; audit: AuditContext };

const nameTaken = (name: string) => conflict(`The district already has an area named ${name}.`);

/** Defines a patrol area, at most once per Idempotency-Key; its name is unique in the district. */
export async function createArea(context: AreaContext, request: IdempotentRequest, input: AreaInput) {
  const { db, audit } = context;
  if (!mayActIn(audit.actor, input.district)) throw forbidden('You define areas of your own district.');
  return idempotentWrite(db, request, () => {
    const at = audit.now.toISOString();
    const area: Area = { id: randomUUID(), ...input, ...geometryOf(input.boundary), createdAt: at, updatedAt: at, version: 1 };
    return {
      items: [...areaCreate(db, area), auditPut(db, audit, { action: 'area.create', subjectType: 'area', subjectId: area.id })],
      response: { status: 201, body: area, headers: { location: `/v1/areas/${area.id}`, etag: '"v1"' } },
      onConditionFailed: (guard) => (guard === 'areaNameUnique' ? nameTaken(input.name) : 'retry'),
    };
  });
}

/** One area of the caller's district (with `read`, one the caller may see), or 404. */
export async function readArea(context: AreaContext, id: string, intent: Intent = 'act'): Promise<Area> {
  const area = await getArea(context.db, id);
  if (!area || !mayActIn(context.audit.actor, area.district, intent)) throw notFound('The area');
  return area;
}

export const findAreas = (context: AreaContext, district: string | undefined, page: PageRequest) =>
  listAreas(context.db, scopeDistrict(context.audit.actor, district), page);

/** Changes an area (name, boundary, altitude, 街道 code); with an expected version, only if it still holds. */
export async function updateArea(context: AreaContext, id: string, patch: AreaPatch, expectedVersion: number | undefined): Promise<Area> {
  const { db, audit } = context;
  const current = await readArea(context, id);
  if (expectedVersion !== undefined && expectedVersion !== current.version) throw stale();
  const { altitudeM, divisionCode, ...rest } = patch;
  if (divisionCode && !divisionCode.startsWith(current.district)) {
    throw validationError([{ path: 'body.divisionCode', message: 'A 街道 code begins with its district code.' }]);
  }
  const changed: Area = { ...current, ...rest, updatedAt: audit.now.toISOString(), version: current.version + 1 };
  if (patch.boundary) Object.assign(changed, geometryOf(patch.boundary));
  if (altitudeM === null) delete changed.altitudeM;
  else if (altitudeM !== undefined) changed.altitudeM = altitudeM;
  if (divisionCode === null) delete changed.divisionCode;
  else if (divisionCode !== undefined) changed.divisionCode = divisionCode;
  await writeChange(db, [...areaReplace(db, changed, current), auditPut(db, audit, { action: 'area.update', subjectType: 'area', subjectId: id })], (guard) =>
    guard === 'areaNameUnique' ? nameTaken(changed.name) : stale(),
  );
  return changed;
}

const stale = () => new DomainError('precondition_failed', 'The area was changed by someone else; reload it and try again.');
