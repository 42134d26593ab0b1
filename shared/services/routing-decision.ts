import { primaryRole, type Actor } from '../domain/access.js';
import { careSinceOf, careStageAt } from '../domain/care-clock.js';
import { DomainError, unprocessable } from '../domain/errors.js';
import type { Facility } from '../domain/facility.js';
import type { Person } from '../domain/person.js';
import type { PlacementKind, RoutingFacts } from '../domain/routing.js';
import { checkRouting, type RoutingDecision } from '../domain/routing-check.js';
import type { OutreachRules } from '../domain/rules.js';
import type { Stay } from '../domain/stay.js';

/**
 * The kind of care a move gives: 落户安置 (long term) when asked for, for a person placed already,
 * or for an unidentified person past 3 months in care (rule 7); else a short stay.
 */
export function kindOfMove(person: Person, stay: Pick<Stay, 'admittedAt' | 'careSince'> | undefined, now: Date, rules: OutreachRules, asked?: PlacementKind): PlacementKind {
  if (asked === 'long_term' || person.status === 'placed') return 'long_term';
  if (stay && person.identityStatus === 'unidentified' && careStageAt(careSinceOf(stay), now, rules) === 'long_term') return 'long_term';
  return 'short_stay';
}

/**
 * The routing decision of taking a person to a facility (rules 7 and 8), or the refusal: a 422
 * naming the rule and the field, with a stable reason; an override only from the office (403 else).
 */
export function decideRouting(
  actor: Actor,
  person: Person,
  facility: Pick<Facility, 'type'>,
  kind: PlacementKind,
  now: Date,
  rules: OutreachRules,
  field: string,
  override?: { reason: string },
  recorded?: RoutingDecision['override'],
): RoutingDecision {
  if (override && primaryRole(actor) !== 'admin') {
    throw new DomainError('forbidden', 'Only the office overrides the routing table, with its reason.', { reason: 'override_needs_office' });
  }
  const overriding = override ? { reason: override.reason, by: actor.sub } : recorded ? { reason: recorded.reason, by: recorded.by } : undefined;
  const checked = checkRouting(person as RoutingFacts, facility.type, kind, now, rules, overriding);
  if ('issue' in checked) {
    throw unprocessable(checked.issue.message, { rule: checked.issue.rule, reason: checked.issue.reason, errors: [{ path: field, message: checked.issue.message }] });
  }
  return checked.decision;
}
