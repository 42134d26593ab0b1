import { addDays, addMonths, cstDate, yearsSince } from './cst.js';
import { parseIdNumber } from './idNumber.js';
import type { OutreachRules } from './rules.js';

/** What the register may know of a person's age: a date of birth, a year, or an estimate made on a date. */
export type AgeEvidence = {
  birthDate?: string;
  birthYear?: number;
  estimatedAge?: number;
  estimatedAt?: string;
  idNumber?: string;
};

/** The ages a person may have on a date, given the evidence: exact for a date of birth, a range otherwise. */
export type AgeRange = { min: number; max: number };

/** How wide an estimate is read: ± years around it (`ageEstimate` in rules.ts). */
export type EstimateTolerance = Pick<OutreachRules, 'ageEstimate' | 'minorBelowAge'>;

/** The ± years an estimate of `age` is read with: closer for a child, wider for an adult and with age. */
export function estimateSpread(age: number, rules: EstimateTolerance): number {
  const tolerance = rules.ageEstimate;
  return age < rules.minorBelowAge ? tolerance.minorYears : Math.max(tolerance.adultMinYears, Math.round(age * tolerance.adultFraction));
}

/**
 * The ages the evidence allows on a date (CST), or undefined when there is none. Each kind of
 * evidence is a range of possible dates of birth: a birth date is one day, a birth year its 365
 * days, an estimate of N years made on day D the year of days before D in which a person aged N
 * could have been born. The best evidence wins: birth date (or the ID number's), then year, then estimate.
 * With `tolerance`, an estimate of N is read as any age within N ± its spread (`estimateSpread`).
 */
export function ageRange(evidence: AgeEvidence, at: Date | string, tolerance?: EstimateTolerance): AgeRange | undefined {
  const on = cstDate(at);
  const fromId = evidence.idNumber ? parseIdNumber(evidence.idNumber) : undefined;
  const birthDate = evidence.birthDate ?? (fromId?.ok ? fromId.birthDate : undefined);
  let earliest: string, latest: string;
  if (birthDate) [earliest, latest] = [birthDate, birthDate];
  else if (evidence.birthYear !== undefined) [earliest, latest] = [`${evidence.birthYear}-01-01`, `${evidence.birthYear}-12-31`];
  else if (evidence.estimatedAge !== undefined && evidence.estimatedAt) {
    const spread = tolerance ? estimateSpread(evidence.estimatedAge, tolerance) : 0;
    latest = addMonths(evidence.estimatedAt, -12 * Math.max(0, evidence.estimatedAge - spread));
    earliest = addDays(addMonths(evidence.estimatedAt, -12 * (evidence.estimatedAge + spread + 1)), 1);
  } else return undefined;
  return { min: Math.max(0, yearsSince(latest, on)), max: Math.max(0, yearsSince(earliest, on)) };
}

/** The one age the evidence gives when it is exact, else the lower bound (for display and tolerances). */
export const ageAt = (evidence: AgeEvidence, at: Date | string) => ageRange(evidence, at)?.min;

/** The ages a person may have on a date, an estimate read with its tolerance: what every protective reading uses. */
export const possibleAges = (evidence: AgeEvidence, at: Date | string, rules: EstimateTolerance) => ageRange(evidence, at, rules);

/**
 * Whether the person may be younger than `age` on a date: yes when the evidence allows it (an
 * estimate with its tolerance), or when there is none.
 */
export function mayBeYoungerThan(evidence: AgeEvidence, at: Date | string, age: number, rules: EstimateTolerance): boolean {
  const range = possibleAges(evidence, at, rules);
  return range === undefined || range.min < age;
}

/**
 * Whether the person may be a minor on that date: the protective reading of uncertain evidence
 * (rules 1, 8 and 9). With no age on record at all, the person may be any age, a child included.
 */
export const mayBeMinor = (evidence: AgeEvidence, at: Date | string, rules: EstimateTolerance) => mayBeYoungerThan(evidence, at, rules.minorBelowAge, rules);

/** Whether the person may be under 16 on that date (rule 9's release age), by the same protective reading. */
export const mayBeUnder16 = (evidence: AgeEvidence, at: Date | string, rules: EstimateTolerance & Pick<OutreachRules, 'releaseOnlyToRelativeBelowAge'>) =>
  mayBeYoungerThan(evidence, at, rules.releaseOnlyToRelativeBelowAge, rules);

/** Whether the person may be elderly on that date (the protective reading, rule 1; no age on record: may be). */
export const mayBeElderly = (evidence: AgeEvidence, at: Date | string, rules: EstimateTolerance & Pick<OutreachRules, 'elderlyFromAge'>) => {
  const range = possibleAges(evidence, at, rules);
  return range === undefined || range.max >= rules.elderlyFromAge;
};

/** How sure a reading of an age line is: certainly under it, possibly (uncertain evidence, or none), or not. */
export type AgeCertainty = 'yes' | 'possibly' | 'no';

/** Which reading of the age applied, for the views ("可能未满16周岁"): the evidence, the ages it allows, and each age line. */
export type AgeReading = {
  evidence: 'birth_date' | 'birth_year' | 'estimate' | 'none';
  /** The ages the evidence allows (an estimate with its tolerance); absent with no evidence. */
  min?: number;
  max?: number;
  minor: AgeCertainty;
  under16: AgeCertainty;
};

/** The reading of a person's age on a date, as the protective rules apply it. */
export function ageReadingOf(evidence: AgeEvidence, at: Date | string, rules: EstimateTolerance & Pick<OutreachRules, 'releaseOnlyToRelativeBelowAge'>): AgeReading {
  const range = possibleAges(evidence, at, rules);
  const fromId = evidence.idNumber ? parseIdNumber(evidence.idNumber) : undefined;
  const kind: AgeReading['evidence'] = evidence.birthDate || fromId?.ok
    ? 'birth_date'
    : evidence.birthYear !== undefined ? 'birth_year' : range ? 'estimate' : 'none';
  const below = (age: number): AgeCertainty => (!range ? 'possibly' : range.max < age ? 'yes' : range.min < age ? 'possibly' : 'no');
  return {
    evidence: kind,
    ...(range ? { min: range.min, max: range.max } : {}),
    minor: below(rules.minorBelowAge),
    under16: below(rules.releaseOnlyToRelativeBelowAge),
  };
}
