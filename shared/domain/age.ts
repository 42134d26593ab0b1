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

/**
 * The ages the evidence allows on a date (CST), or undefined when there is none. Each kind of
 * evidence is a range of possible dates of birth: a birth date is one day, a birth year its 365
 * days, an estimate of N years made on day D the year of days before D in which a person aged N
 * could have been born. The best evidence wins: birth date (or the ID number's), then year, then estimate.
 */
export function ageRange(evidence: AgeEvidence, at: Date | string): AgeRange | undefined {
  const on = cstDate(at);
  const fromId = evidence.idNumber ? parseIdNumber(evidence.idNumber) : undefined;
  const birthDate = evidence.birthDate ?? (fromId?.ok ? fromId.birthDate : undefined);
  let earliest: string, latest: string;
  if (birthDate) [earliest, latest] = [birthDate, birthDate];
  else if (evidence.birthYear !== undefined) [earliest, latest] = [`${evidence.birthYear}-01-01`, `${evidence.birthYear}-12-31`];
  else if (evidence.estimatedAge !== undefined && evidence.estimatedAt) {
    latest = addMonths(evidence.estimatedAt, -12 * evidence.estimatedAge);
    earliest = addDays(addMonths(evidence.estimatedAt, -12 * (evidence.estimatedAge + 1)), 1);
  } else return undefined;
  return { min: Math.max(0, yearsSince(latest, on)), max: Math.max(0, yearsSince(earliest, on)) };
}

/** The one age the evidence gives when it is exact, else the lower bound (for display and tolerances). */
export const ageAt = (evidence: AgeEvidence, at: Date | string) => ageRange(evidence, at)?.min;

/**
 * Whether the person may be a minor on that date: the protective reading of uncertain evidence
 * (rules 1 and 9). With no age on record at all, the person may be any age, a child included.
 */
export const mayBeMinor = (evidence: AgeEvidence, at: Date | string, rules: Pick<OutreachRules, 'minorBelowAge'>) => {
  const range = ageRange(evidence, at);
  return range === undefined || range.min < rules.minorBelowAge;
};

/** Whether the person may be elderly on that date (the protective reading, rule 1; no age on record: may be). */
export const mayBeElderly = (evidence: AgeEvidence, at: Date | string, rules: Pick<OutreachRules, 'elderlyFromAge'>) => {
  const range = ageRange(evidence, at);
  return range === undefined || range.max >= rules.elderlyFromAge;
};
