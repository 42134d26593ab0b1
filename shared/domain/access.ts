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

/** Whether the caller may act on objects of a district: admin everywhere, everyone else in their own district. */
export function mayActIn(actor: Actor, district: string): boolean {
  return actor.roles.includes('admin') || actor.district === district;
}

/** The district a caller's list or search is scoped to: admin may name any, others get their own. */
export function scopeDistrict(actor: Actor, requested: string | undefined): string {
  if (actor.roles.includes('admin')) {
    if (requested) return requested;
    if (actor.district) return actor.district;
    throw forbidden('Name a district to search in.');
  }
  if (!actor.district) throw forbidden('Your account has no district.');
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
 * (`facility.district`; elsewhere 404). Patrol acts only by escorting someone in: admissions to
 * facilities of its own district (403 elsewhere). Throws the refusal; `what` names the object in a 404.
 */
export function assertCareAccess(actor: Actor, facility: { id: string; district: string }, intent: CareIntent, what = 'The facility'): void {
  const role = primaryRole(actor);
  if (role === 'admin') {
    if (!actor.district) throw forbidden('Your account has no district.');
    if (actor.district !== facility.district) throw notFound(what);
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
