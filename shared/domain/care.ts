import { ageRange, mayBeMinor, mayBeUnder16, mayBeYoungerThan, type AgeEvidence } from './age.js';
import { daysAfter, reviewDateOf } from './care-clock.js';
import { addDays, cstDate } from './cst.js';
import type { FieldIssue } from './errors.js';
import type { PersonStatus } from './person.js';
import { riskFactorsAsRead, type MentalHealthFacts } from './routing.js';
import type { OutreachRules } from './rules.js';
import type { BedCount, BedSex, DischargeReason, RelativeInput, Stay, StayFlag } from './stay.js';

/**
 * The rules of care in a facility (DOMAIN.md rules 9 and 10), pure functions over plain data:
 * which wing a person sleeps in, how long an adult may stay, who may be released to whom, and
 * what a discharge makes of the person's status.
 *
 * Conventions: instants are ISO strings (UTC); "days" are 24-hour periods from the admission
 * instant; an extension runs to the end of its CST date. Ages use the protective reading: where
 * the evidence is uncertain, a person who may be under an age is treated as under it, and a person
 * with no age evidence at all may be any age (so may be a child).
 */

type CareRules = Pick<OutreachRules, 'stayLimit' | 'releaseOnlyToRelativeBelowAge' | 'specialDifficultyRiskFactors' | 'ageEstimate' | 'minorBelowAge'>;

/**
 * What the care rules read of a person: the age evidence and the risk factors, a mental disorder
 * suspected on the street read as a recorded one until a clinician's finding clears it.
 */
export type CareFacts = AgeEvidence & MentalHealthFacts;

const DAY_MS = 86_400_000;

/** What the stay limit reads of a stay: the admission and the extensions' dates. */
export type LimitFacts = { admittedAt: string; extensions: readonly { until: string }[] };

/** The wing a person takes a bed in: their sex, or for a person of unknown sex the one staff name; else an issue for `body.bedSex`. */
export function bedSexFor(personSex: 'male' | 'female' | 'unknown', requested: BedSex | undefined): { sex: BedSex } | { issue: string } {
  if (personSex === 'unknown') return requested ? { sex: requested } : { issue: 'The person’s sex is not recorded: name the wing (male or female).' };
  if (requested && requested !== personSex) return { issue: `The person is recorded as ${personSex}: a ${personSex} bed, or correct the record first.` };
  return { sex: personSex };
}

/** Free beds of one sex: what is neither taken nor held, never below zero. */
export const freeBeds = (count: Pick<BedCount, 'capacity' | 'taken' | 'held'>) => Math.max(0, count.capacity - count.taken - count.held);

/** The rule-9 stay limit of a stay: whether it applies to the person, on what basis, and when it runs out. */
export type StayLimit = {
  applies: boolean;
  basis: 'adult' | 'may_be_under_age' | 'mental_or_intellectual_disability';
  days: number;
  endsAt?: string;
};

/**
 * Rule 9: an adult (16 and over at admission, by the protective reading) without a mental or
 * intellectual disability stays at most `stayLimit.days`, or until the end of the latest extension.
 */
export function stayLimit(stay: LimitFacts, person: CareFacts, rules: CareRules): StayLimit {
  const days = rules.stayLimit.days;
  if (riskFactorsAsRead(person).some((factor) => (rules.stayLimit.exemptRiskFactors as readonly string[]).includes(factor))) {
    return { applies: false, basis: 'mental_or_intellectual_disability', days };
  }
  if (mayBeYoungerThan(person, stay.admittedAt, rules.stayLimit.fromAge, rules)) return { applies: false, basis: 'may_be_under_age', days };
  return { applies: true, basis: 'adult', days, endsAt: limitEndsAt(stay, rules) };
}

/** When the limit runs out: `days` after admission, or the end of the latest extension's CST date if later. */
export function limitEndsAt(stay: LimitFacts, rules: Pick<OutreachRules, 'stayLimit'>): string {
  const base = Date.parse(daysAfter(stay.admittedAt, rules.stayLimit.days));
  const extended = stay.extensions.map((extension) => Date.parse(`${extension.until}T23:59:59.999+08:00`));
  return new Date(Math.max(base, ...extended)).toISOString();
}

/** The CST date a stay falls due for review (rules 5 and 9): `days` after admission. The sweep's index key. */
export const stayDueOn = (admittedAt: string, rules: Pick<OutreachRules, 'stayLimit'>) => reviewDateOf(daysAfter(admittedAt, rules.stayLimit.days));

/** Whole days in care: from admission to the discharge, or to now while the stay is open. */
export function daysInCare(stay: { admittedAt: string; discharge?: { at: string } }, now: Date): number {
  const end = stay.discharge ? Date.parse(stay.discharge.at) : now.getTime();
  return Math.max(0, Math.floor((end - Date.parse(stay.admittedAt)) / DAY_MS));
}

/**
 * Rule 9: why a person is released to family only to a verified relative (a possible under-16, or
 * a person in special difficulty), or null when they may leave with anyone.
 */
export function protectedRelease(person: CareFacts, at: Date | string, rules: CareRules): 'may_be_under_age' | 'special_difficulty' | null {
  if (mayBeUnder16(person, at, rules)) return 'may_be_under_age';
  if (inSpecialDifficulty(person, rules)) return 'special_difficulty';
  return null;
}

const inSpecialDifficulty = (person: CareFacts, rules: Pick<OutreachRules, 'specialDifficultyRiskFactors'>) =>
  riskFactorsAsRead(person).some((factor) => (rules.specialDifficultyRiskFactors as readonly string[]).includes(factor));

/**
 * Rules 2 and 10: why a person who leaves without formalities is a missing person (a possible
 * minor, or a person in special difficulty: dementia, a mental disorder, an intellectual
 * disability), or null for a capable adult, who gives up assistance.
 */
export function missingWhenLeaving(person: CareFacts, at: Date | string, rules: CareRules): 'may_be_minor' | 'special_difficulty' | null {
  if (mayBeMinor(person, at, rules)) return 'may_be_minor';
  if (inSpecialDifficulty(person, rules)) return 'special_difficulty';
  return null;
}

/** Discharges that release a person to their family. */
export const familyReleases: readonly DischargeReason[] = ['returned_home', 'collected_by_family'];

/** Why rule 9 refuses a discharge, as a stable code. */
export type ReleaseRefusalCode = 'relative_required' | 'relative_not_verified' | 'release_not_allowed';
export type ReleaseRefusal = FieldIssue & { code: ReleaseRefusalCode };

/**
 * Rule 9 binds every way a protected person (a possible under-16, or a person in special
 * difficulty) leaves care: to family only with a relative on record whose identity was checked,
 * or escorted home by staff, or moved by a transfer or placement. `other` does not release them.
 * Leaving without formalities or dying is no release (the first makes them a missing person).
 * The refusal names the field and a stable code, or null when the discharge may go ahead.
 */
export function releaseIssue(
  person: CareFacts,
  discharge: { reason: DischargeReason; at: string; relative?: RelativeInput | undefined },
  rules: CareRules,
): ReleaseRefusal | null {
  const why = protectedRelease(person, discharge.at, rules);
  if (!why) return null;
  const who = why === 'may_be_under_age' ? `A person who may be under ${rules.releaseOnlyToRelativeBelowAge}` : 'A person in special difficulty';
  if (discharge.reason === 'other') {
    return {
      path: 'body.reason',
      code: 'release_not_allowed',
      message: `Rule 9: ${who} leaves care only to a verified relative, escorted home by staff (escorted_home), or by a transfer or placement: not as other.`,
    };
  }
  if (!familyReleases.includes(discharge.reason)) return null;
  if (!discharge.relative) {
    return { path: 'body.relative', code: 'relative_required', message: `Rule 9: ${who} is released to family only to a relative on record whose identity was checked; otherwise staff escort them home.` };
  }
  if (!discharge.relative.verification) {
    return {
      path: 'body.relative.verification',
      code: 'relative_not_verified',
      message: `Rule 9: ${who} is released only to a relative whose identity was checked: record the document, its last 4 characters and when.`,
    };
  }
  return null;
}

/**
 * The person's status after a discharge. Home or with family (escorted home too): reunited. Left
 * without formalities: back on the street (a capable adult gives up assistance, rule 10; anyone
 * else is missing, `missingWhenLeaving`). Placed: placed. Transferred to another institution:
 * still in care, there. Other (a hospital, police custody, anything staff describe in the note):
 * whereabouts not established by this system, so unknown.
 */
export const statusAfterDischarge: Record<DischargeReason, PersonStatus> = {
  returned_home: 'reunited',
  collected_by_family: 'reunited',
  escorted_home: 'reunited',
  transferred: 'in_care',
  placed: 'placed',
  left_without_formalities: 'on_street',
  deceased: 'deceased',
  other: 'unknown',
};

/** The flags of a stay for staff: past the limit, extended, release to a verified relative only. */
export function flagsOf(stay: LimitFacts & Pick<Stay, 'status'>, person: CareFacts, now: Date, rules: CareRules): StayFlag[] {
  const flags: StayFlag[] = [];
  const limit = stayLimit(stay, person, rules);
  if (stay.status === 'open' && limit.endsAt && now.getTime() > Date.parse(limit.endsAt)) flags.push('overstay');
  if (stay.extensions.length > 0) flags.push('extended');
  if (stay.status === 'open' && protectedRelease(person, now, rules)) flags.push('release_to_verified_relative_only');
  return flags;
}

/** An extension must reach past the current end of the limit; returns an issue for `body.until`, or null. */
export function extensionIssue(stay: LimitFacts, until: string, rules: Pick<OutreachRules, 'stayLimit'>): string | null {
  const currentEnd = limitEndsAt(stay, rules);
  if (Date.parse(`${until}T23:59:59.999+08:00`) <= Date.parse(currentEnd)) {
    return `An extension reaches past the current end of the stay (${cstDate(currentEnd)}).`;
  }
  return null;
}

/** When staff say something happened (an admission, a discharge): not in the future beyond clock skew, nor older than records may arrive. */
export function recordedTimeIssue(at: string, now: Date, rules: Pick<OutreachRules, 'clockSkewMinutes' | 'offlineCaptureDays'>): string | null {
  const time = Date.parse(at);
  if (time > now.getTime() + rules.clockSkewMinutes * 60_000) return 'The time cannot lie in the future.';
  if (time < now.getTime() - rules.offlineCaptureDays * DAY_MS) return `A time more than ${rules.offlineCaptureDays} days ago is not accepted.`;
  return null;
}
