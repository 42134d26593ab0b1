import { createHmac } from 'node:crypto';
import { forbidden, notFound } from './errors.js';

/**
 * The four user groups (DOMAIN.md, "Who uses it"), and `system`: the national operator, who changes
 * the national values of the rules (each district office overrides those of its district) and
 * nothing else.
 */
export const roles = ['patrol', 'shelter', 'tracer', 'admin', 'system'] as const;
export type Role = (typeof roles)[number];
/** The roles that work with persons and cases (every role but `system`). */
export type StaffRole = Exclude<Role, 'system'>;

/** The authenticated caller: who, in which roles, and where they may act. */
export type Actor = {
  sub: string;
  roles: Role[];
  /** 区县 code of the caller's jurisdiction (`custom:district`). */
  district?: string;
  /** Facility of shelter staff (`custom:facility`). */
  facility?: string;
};

/** The role whose view a caller gets when holding several: the widest first. */
export function primaryRole(actor: Actor): StaffRole {
  for (const role of ['admin', 'shelter', 'patrol', 'tracer'] as const) if (actor.roles.includes(role)) return role;
  throw forbidden('The token carries no role of this system.');
}

/** The role a caller acts in, as the audit log records it: the staff role, or `system`. */
export function actingRole(actor: Actor): Role {
  return actor.roles.length === 1 && actor.roles[0] === 'system' ? 'system' : primaryRole(actor);
}

/** What a caller wants with a district's objects: to read them, or to act on them (create, change, record). */
export type Intent = 'read' | 'act';

/**
 * The districts a jurisdiction code covers (GB/T 2260: 2 digits province, 2 city, 2 county): a
 * county-level code itself; a city code (`XXXX00`) the counties of that city; a province code
 * (`XX0000`) every county of the province. A county-level code never ends in `00`.
 */
export function covers(jurisdiction: string, district: string): boolean {
  if (jurisdiction === district) return true;
  if (jurisdiction.endsWith('0000')) return district.slice(0, 2) === jurisdiction.slice(0, 2);
  if (jurisdiction.endsWith('00')) return district.slice(0, 4) === jurisdiction.slice(0, 4);
  return false;
}

/** Whether the caller's district claim is a city or province (民政局 above the district office), not a district. */
export const isWiderJurisdiction = (actor: Actor): boolean => actor.roles.includes('admin') && !!actor.district?.endsWith('00');

/**
 * Whether the caller may read or act on objects of a district. Everyone acts in their own district
 * only, the office too; without a district claim nowhere. An office account of a city or province
 * (`custom:district` ending in `00`) reads the districts under it and acts in none (its reads are
 * audited like the district's own).
 */
export function mayActIn(actor: Actor, district: string, intent: Intent = 'act'): boolean {
  if (!actor.district) return false;
  // Not even in objects filed under its own code: a wider office writes nowhere.
  if (isWiderJurisdiction(actor)) return intent === 'read' && covers(actor.district, district);
  return actor.district === district;
}

/**
 * The district the caller acts in, for work that is a district's own (receiving its warnings,
 * running its campaign evaluation): 403 without a district, and for a city's or province's office.
 */
export function ownDistrict(actor: Actor): string {
  if (!actor.district) throw forbidden('Your account has no district.');
  if (isWiderJurisdiction(actor)) throw forbidden('Your account is a city’s or province’s: this is a district office’s work.');
  return actor.district;
}

/**
 * The district a caller's list or search is scoped to: the caller's own unless another is named;
 * an office of a city or province names one of the districts under it.
 */
export function scopeDistrict(actor: Actor, requested: string | undefined): string {
  if (!actor.district) throw forbidden('Your account has no district.');
  if (isWiderJurisdiction(actor)) {
    if (!requested) throw forbidden('Your account is a city’s or province’s: name a district under it to search in.');
    if (!covers(actor.district, requested)) throw forbidden('You may only see the districts under your jurisdiction.');
    return requested;
  }
  if (requested && requested !== actor.district) throw forbidden('You may only see your own district.');
  return actor.district;
}

/**
 * A caller's key: a fixed-length keyed digest of who they are (and, with `jurisdiction`, in which
 * roles and where). Whatever a token's claims hold, the keys built from it stay short, and a record
 * kept for one role or district is not found again under another.
 */
export function callerKey(actor: Actor, secret: string, scope: 'subject' | 'jurisdiction' = 'jurisdiction'): string {
  const identity = scope === 'subject' ? [actor.sub] : [actor.sub, [...actor.roles].sort(), actor.district ?? null, actor.facility ?? null];
  return createHmac('sha256', secret).update(`caller ${JSON.stringify(identity)}`).digest('base64url');
}

/** What a caller wants with a facility's care work: to read it (stays, occupancy) or to act (admit, discharge, extend). */
export type CareIntent = 'read' | 'act';

/**
 * Object-level access to a facility's care work. Shelter staff work for one facility
 * (`custom:facility`): another facility's work does not exist for them (404); without a facility
 * claim they may read their district's but not act (403). The office works in its district
 * (`facility.district`; elsewhere 404); a city's or province's office reads the districts under it. Patrol acts only by escorting someone in: admissions to
 * facilities of its own district (403 elsewhere). Throws the refusal; `what` names the object in a 404.
 */
export function assertCareAccess(actor: Actor, facility: { id: string; district: string }, intent: CareIntent, what = 'The facility'): void {
  const role = primaryRole(actor);
  if (role === 'admin') {
    if (!actor.district) throw forbidden('Your account has no district.');
    if (!mayActIn(actor, facility.district, intent)) throw notFound(what);
    return;
  }
  if (role === 'shelter') {
    if (actor.facility) {
      // The facility claim counts only inside the district claim: a token naming a facility of another district acts nowhere.
      if (actor.facility !== facility.id || actor.district !== facility.district) throw notFound(what);
      return;
    }
    if (actor.district !== facility.district) throw notFound(what);
    if (intent === 'act') throw forbidden('Your account names no facility (custom:facility): you may read your district’s stays, not admit or discharge.');
    return;
  }
  if (role === 'patrol' && intent === 'act') {
    if (actor.district !== facility.district) throw forbidden('Patrol escorts people to facilities of its own district.');
    return;
  }
  throw forbidden();
}
