import type { SweepDeps } from './sweep.js';

/**
 * The sweep's deps for one district's work: with a rule book, the rules and the working-day calendar
 * in force there (the district's overrides, then the national values, then the defaults); without
 * one, the rules given.
 */
export async function inDistrict(deps: SweepDeps, district: string): Promise<SweepDeps> {
  if (!deps.ruleBook) return deps;
  const book = await deps.ruleBook.current(district);
  return { ...deps, rules: book.outreach, calendar: book.calendar };
}
