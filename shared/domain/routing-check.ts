import { z } from 'zod';
import { text } from './common.js';
import type { FacilityType } from './facility.js';
import { routePerson, typesFor, type PlacementKind, type Route, type RoutingFacts } from './routing.js';
import type { OutreachRules } from './rules.js';

/**
 * Routing binds (DOMAIN.md rules 7 and 8): an admission, a transfer, a placement request and its
 * acceptance take a person only to a facility of a type the routing table allows them (rule 8), and
 * 落户安置 only to a welfare facility of the row's long-term types, never an aid station (rule 7).
 * The office may override with a recorded reason; the decision keeps the table and rules versions
 * it was made on. Pure: the person, the facility type and the kind come from the caller.
 */

/** The office's override of the routing table, with its reason (recorded on the decision). */
export const routingOverrideInput = z.strictObject({ reason: text(500) });
export type RoutingOverrideInput = z.infer<typeof routingOverrideInput>;

/** The routing a care decision was made on, as recorded on the stay or the placement. */
export const routingDecisionView = z.object({
  category: z.string(),
  condition: z.string(),
  kind: z.enum(['short_stay', 'long_term']),
  allowedTypes: z.array(z.string()),
  tableVersion: z.string(),
  rulesVersion: z.string(),
  override: z.object({ reason: z.string(), by: z.string(), at: z.string() }).optional(),
});
export type RoutingDecision = z.infer<typeof routingDecisionView>;

type CheckRules = Parameters<typeof routePerson>[2] & Pick<OutreachRules, 'version'>;

/** Why a facility type breaks the routing of a person, naming the rule; null when it fits. */
export function routingIssue(route: Route, kind: PlacementKind, type: FacilityType): { rule: 'rule 7' | 'rule 8'; reason: string; message: string } | null {
  const allowed = typesFor(route, kind);
  if (allowed.includes(type)) return null;
  if (kind === 'long_term') {
    return {
      rule: 'rule 7',
      reason: 'long_term_not_welfare_facility',
      message: `Rule 7: 落户安置 of this person goes to a welfare facility of the types ${allowed.join(', ')} (category ${route.category}: ${route.reason}), not a ${type}.`,
    };
  }
  return {
    rule: 'rule 8',
    reason: 'facility_type_not_routed',
    message: `Rule 8: this person is routed to ${allowed.join(', ')} (category ${route.category}: ${route.reason}), not to a ${type}.`,
  };
}

/**
 * Checks a care decision against the routing table: the decision as recorded when the facility
 * fits or the office overrides, else the issue (a 422 for the caller to raise).
 */
export function checkRouting(
  person: RoutingFacts,
  facilityType: FacilityType,
  kind: PlacementKind,
  at: Date,
  rules: CheckRules,
  override?: { reason: string; by: string } | undefined,
): { decision: RoutingDecision } | { issue: NonNullable<ReturnType<typeof routingIssue>> } {
  const route = routePerson(person, at, rules);
  const issue = routingIssue(route, kind, facilityType);
  if (issue && !override) return { issue };
  return {
    decision: {
      category: route.category,
      condition: route.row.when,
      kind,
      allowedTypes: [...typesFor(route, kind)],
      tableVersion: route.tableVersion,
      rulesVersion: rules.version,
      ...(issue && override ? { override: { reason: override.reason, by: override.by, at: at.toISOString() } } : {}),
    },
  };
}
