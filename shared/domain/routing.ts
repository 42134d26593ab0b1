import { mayBeElderly, mayBeMinor, type AgeEvidence } from './age.js';
import type { FacilityType } from './facility.js';
import { distanceMeters, type LatLng } from './geo.js';
import type { OutreachRules } from './rules.js';

/**
 * Routing (DOMAIN.md rule 8): which kind of facility a person belongs in, and which facilities to
 * propose, best first. Pure: the candidates, their free beds and where the person is now are read
 * by the caller.
 *
 * Conventions. The routing table (`placementRouting` in rules.ts) is read top to bottom; the first
 * row whose condition holds gives the category and the facility types in order of preference. Ages
 * use the protective reading (a person who may be a minor is routed as one). "Support" and
 * "relatives" are the guardians on record; an elderly person registered as living alone has none.
 * Candidates are ranked: the type's place in the row first (a facility of the wrong category never
 * ranks above a full one of the right category: its waitlist comes first), then a bed free for the
 * person's sex, the same district, and the great-circle distance (WGS-84) from where the person is now.
 */

type RoutingRules = Pick<OutreachRules, 'placementRouting' | 'minorBelowAge' | 'elderlyFromAge' | 'disablingRiskFactors' | 'ageEstimate'>;
export type RoutingRow = RoutingRules['placementRouting']['rows'][number];
export type RoutingCondition = RoutingRow['when'];

/**
 * What the rules read of a person's mental health: the recorded risk factors, a mental disorder
 * suspected on the street (an encounter's concern) and a clinician's finding on it.
 */
export type MentalHealthFacts = {
  riskFactors: readonly string[];
  suspectedMentalDisorder?: { at: string } | undefined;
  clinicalFinding?: { outcome: 'mental_disorder' | 'no_mental_disorder'; at: string } | undefined;
};

/**
 * Whether a person has a (suspected) mental disorder (rules 8 and 9): recorded, confirmed by a
 * clinician, or suspected on the street and not cleared by a clinician's finding made since.
 */
export function hasSuspectedMentalDisorder(person: MentalHealthFacts): boolean {
  if (person.riskFactors.includes('mental_disorder')) return true;
  const { suspectedMentalDisorder: suspicion, clinicalFinding: finding } = person;
  if (finding && (!suspicion || finding.at >= suspicion.at)) return finding.outcome === 'mental_disorder';
  return suspicion !== undefined;
}

/** The risk factors the rules read: the recorded ones, with `mental_disorder` while one is suspected (`hasSuspectedMentalDisorder`). */
export function riskFactorsAsRead(person: MentalHealthFacts): readonly string[] {
  return hasSuspectedMentalDisorder(person) && !person.riskFactors.includes('mental_disorder') ? [...person.riskFactors, 'mental_disorder'] : person.riskFactors;
}

/** What routing reads of a person: age evidence, risk factors (a suspicion included) and the guardians on record. */
export type RoutingFacts = AgeEvidence & MentalHealthFacts & { guardians: readonly unknown[] };

/** Whether a named condition of the routing table holds for a person on a date, and why (one line each). */
export function conditionHolds(condition: RoutingCondition, person: RoutingFacts, at: Date | string, rules: RoutingRules): string | null {
  const hasGuardian = person.guardians.length > 0;
  switch (condition) {
    case 'minor_without_guardian':
      return mayBeMinor(person, at, rules) && !hasGuardian ? `May be under ${rules.minorBelowAge}, no guardian on record.` : null;
    case 'mental_disorder_without_relatives':
      return hasSuspectedMentalDisorder(person) && !hasGuardian ? 'A (suspected) mental disorder, no relative on record.' : null;
    case 'elderly_or_disabled_without_support': {
      const supported = hasGuardian && !person.riskFactors.includes('elderly_alone');
      if (supported) return null;
      if (mayBeElderly(person, at, rules)) return `May be ${rules.elderlyFromAge} or older, without support.`;
      const disabling = riskFactorsAsRead(person).filter((factor) => (rules.disablingRiskFactors as readonly string[]).includes(factor));
      return disabling.length ? `Disabled (${disabling.join(', ')}), without support.` : null;
    }
    case 'otherwise':
      return 'None of the protective categories applies.';
  }
}

/** The routing of a person: the row of the table that applies, its category and why. */
export type Route = { row: RoutingRow; category: FacilityType; reason: string; tableVersion: string };

/** Rule 8: the first row of the routing table whose condition holds for the person. */
export function routePerson(person: RoutingFacts, at: Date | string, rules: RoutingRules): Route {
  for (const row of rules.placementRouting.rows) {
    const reason = conditionHolds(row.when, person, at, rules);
    if (reason) return { row, category: row.category, reason, tableVersion: rules.placementRouting.version };
  }
  throw new Error('The routing table has no row for everyone (its last row must be `otherwise`).');
}

/** Short stays follow the row's types; 落户安置 (rule 7) its long-term types. */
export type PlacementKind = 'short_stay' | 'long_term';

/** The facility types a placement of this kind may go to, in order of preference. */
export const typesFor = (route: Route, kind: PlacementKind): readonly FacilityType[] => (kind === 'long_term' ? route.row.longTermTypes : route.row.types);

/** A facility that may receive the person, with its free beds of the person's sex. */
export type CandidateFacility = { id: string; name: string; type: FacilityType; district: string; location: LatLng; freeBeds: number };

/** A ranked candidate and the reasons for its place. */
export type RankedCandidate = {
  facilityId: string;
  name: string;
  type: FacilityType;
  district: string;
  rank: number;
  reasons: {
    /** The category of rule 8, and whether this facility is of it (`preferred`) or a fallback type of the row. */
    category: FacilityType;
    typeFit: 'preferred' | 'fallback';
    /** The type's place in the row's order of preference, from 1. */
    preference: number;
    bedFree: boolean;
    freeBeds: number;
    sameDistrict: boolean;
    /** Great-circle distance in metres from where the person is now; absent when that is unknown. */
    distanceMeters?: number;
  };
};

/** Where the person is now, for distances and "same district". */
export type Whereabouts = { district: string; point?: LatLng };

/**
 * Ranks candidates for a person: only facilities of the kind's types (and not the one they are in);
 * the type's preference first, then a free bed, the same district, the distance; ties by id.
 */
export function rankCandidates(
  route: Route,
  kind: PlacementKind,
  candidates: readonly CandidateFacility[],
  whereabouts: Whereabouts,
  exclude: readonly string[] = [],
): RankedCandidate[] {
  const types = typesFor(route, kind);
  const scored = candidates
    .filter((candidate) => types.includes(candidate.type) && !exclude.includes(candidate.id))
    .map((candidate) => ({
      candidate,
      typeIndex: types.indexOf(candidate.type),
      sameDistrict: candidate.district === whereabouts.district,
      distance: whereabouts.point ? Math.round(distanceMeters(whereabouts.point, candidate.location)) : undefined,
    }));
  scored.sort(
    (a, b) =>
      a.typeIndex - b.typeIndex ||
      Number(b.candidate.freeBeds > 0) - Number(a.candidate.freeBeds > 0) ||
      Number(b.sameDistrict) - Number(a.sameDistrict) ||
      (a.distance ?? Infinity) - (b.distance ?? Infinity) ||
      (a.candidate.id < b.candidate.id ? -1 : a.candidate.id > b.candidate.id ? 1 : 0),
  );
  return scored.map(({ candidate, typeIndex, sameDistrict, distance }, index) => ({
    facilityId: candidate.id,
    name: candidate.name,
    type: candidate.type,
    district: candidate.district,
    rank: index + 1,
    reasons: {
      category: route.category,
      typeFit: typeIndex === 0 ? 'preferred' : 'fallback',
      preference: typeIndex + 1,
      bedFree: candidate.freeBeds > 0,
      freeBeds: candidate.freeBeds,
      sameDistrict,
      ...(distance !== undefined ? { distanceMeters: distance } : {}),
    },
  }));
}

/**
 * When no candidate has a free bed: the best fit whose waitlist to offer, by type preference, same
 * district and distance (beds aside); undefined when there is no candidate at all.
 */
export function bestFit(ranked: readonly RankedCandidate[]): RankedCandidate | undefined {
  return [...ranked].sort(
    (a, b) =>
      a.reasons.preference - b.reasons.preference ||
      Number(b.reasons.sameDistrict) - Number(a.reasons.sameDistrict) ||
      (a.reasons.distanceMeters ?? Infinity) - (b.reasons.distanceMeters ?? Infinity) ||
      a.rank - b.rank,
  )[0];
}
