import { ageRange, type AgeEvidence } from './age.js';
import { daysAfter, reviewDateOf } from './care-clock.js';
import { cstDate } from './cst.js';
import type { FieldIssue } from './errors.js';
import type { PersonStatus } from './person.js';
import type { OutreachRules } from './rules.js';
import type { BedCount, BedSex, DischargeReason, Relative, Stay, StayFlag } from './stay.js';

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

type CareRules = Pick<OutreachRules, 'stayLimit' | 'releaseOnlyToRelativeBelowAge' | 'specialDifficultyRiskFactors'>;

/** What the care rules read of a person: the age evidence and the risk factors. */
export type CareFacts = AgeEvidence & { riskFactors: readonly string[] };

const DAY_MS = 86_400_000;

/** What the stay limit reads of a stay: the admission and the extensions' dates. */
export type LimitFacts = { admittedAt: string; extensions: readonly { until: string }[] };

/** Whether the person may be younger than `age` on a date: yes when the evidence allows it, or when there is none. */
export function mayBeYoungerThan(evidence: AgeEvidence, at: Date | string, age: number): boolean {
  const range = ageRange(evidence, at);
  return range === undefined || range.min < age;
}

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
  if (person.riskFactors.some((factor) => (rules.stayLimit.exemptRiskFactors as readonly string[]).includes(factor))) {
    return { applies: false, basis: 'mental_or_intellectual_disability', days };
  }
  if (mayBeYoungerThan(person, stay.admittedAt, rules.stayLimit.fromAge)) return { applies: false, basis: 'may_be_under_age', days };
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
  if (mayBeYoungerThan(person, at, rules.releaseOnlyToRelativeBelowAge)) return 'may_be_under_age';
  if (person.riskFactors.some((factor) => (rules.specialDifficultyRiskFactors as readonly string[]).includes(factor))) return 'special_difficulty';
  return null;
}

/** Discharges that release a person to their family. */
export const familyReleases: readonly DischargeReason[] = ['returned_home', 'collected_by_family'];

/**
 * Rule 9: a release to family of a protected person needs a relative on record whose ID was
 * checked; the issue names the field that is missing, or null when the discharge may go ahead.
 */
export function releaseIssue(
  person: CareFacts,
  discharge: { reason: DischargeReason; at: string; relative?: Relative },
  rules: CareRules,
): FieldIssue | null {
  if (!familyReleases.includes(discharge.reason)) return null;
  const why = protectedRelease(person, discharge.at, rules);
  if (!why) return null;
  const who = why === 'may_be_under_age' ? `A person who may be under ${rules.releaseOnlyToRelativeBelowAge}` : 'A person in special difficulty';
  if (!discharge.relative) {
    return { path: 'body.relative', message: `Rule 9: ${who} is released to family only to a relative on record whose ID was checked; otherwise staff escort them home.` };
  }
  if (!discharge.relative.idVerified) {
    return { path: 'body.relative.idVerified', message: `Rule 9: ${who} is released only to a relative whose ID was checked: check it and record it.` };
  }
  return null;
}

/**
 * The person's status after a discharge. Home or with family: reunited. Left without formalities:
 * back on the street, having given up assistance (rule 10). Placed: placed. Transferred to another
 * institution: still in care, there. Other (a hospital, police custody, anything staff describe in
 * the note): whereabouts not established by this system, so unknown.
 */
export const statusAfterDischarge: Record<DischargeReason, PersonStatus> = {
  returned_home: 'reunited',
  collected_by_family: 'reunited',
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
