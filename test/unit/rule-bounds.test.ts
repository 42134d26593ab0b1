import { describe, expect, it } from 'vitest';
import { findRule } from '../../shared/domain/rule-registry.js';
import { campaignRules, outreachRules } from '../../shared/domain/rules.js';

/** The messages of a refused value, by path; undefined when the value passes. */
function refusal(name: string, value: unknown): Record<string, string> | undefined {
  const rule = findRule(name);
  if (!rule) throw new Error(`${name} is not an editable rule`);
  const parsed = rule.schema.safeParse(value);
  return parsed.success ? undefined : Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join('.'), issue.message]));
}

describe('the statutory values: an office may only shorten them', () => {
  const clock = outreachRules.tracingClock;

  it('refuses a tracing notice deadline over 24 hours and a DNA request over 7 working days, and takes shorter ones', () => {
    expect(refusal('tracing.caseClock', { ...clock, noticeWithinHours: 25 })).toHaveProperty('noticeWithinHours');
    expect(refusal('tracing.caseClock', { ...clock, noticeWithinHours: 48 })?.['noticeWithinHours']).toContain('24');
    expect(refusal('tracing.caseClock', { ...clock, dnaRequestWorkingDays: 8 })).toHaveProperty('dnaRequestWorkingDays');
    expect(refusal('tracing.caseClock', { ...clock, noticeWithinHours: 12, dnaRequestWorkingDays: 5 })).toBeUndefined();
  });

  it('refuses a stay limit over 10 days, 滞留 after more than 10 days and 落户安置 after more than 3 months', () => {
    expect(refusal('care.stayLimit', { ...outreachRules.stayLimit, days: 11 })).toHaveProperty('days');
    expect(refusal('care.stayLimit', { ...outreachRules.stayLimit, days: 7 })).toBeUndefined();
    expect(refusal('placement.stages', { stranded: { days: 11 }, longTerm: { months: 3 } })).toHaveProperty('stranded.days');
    expect(refusal('placement.stages', { stranded: { days: 10 }, longTerm: { months: 4 } })).toHaveProperty('longTerm.months');
    expect(refusal('placement.stages', { stranded: { days: 7 }, longTerm: { months: 2 } })).toBeUndefined();
  });
});

describe('the protective values: an office may only widen the protection', () => {
  it('keeps the release to a verified relative for every under-16, and may raise the age to 18', () => {
    expect(refusal('care.releaseAge', 15)).toBeDefined();
    expect(refusal('care.releaseAge', 18)).toBeUndefined();
  });

  it('keeps the stay limit off the under-16s and off mental disorder, intellectual disability and dementia', () => {
    expect(refusal('care.stayLimit', { ...outreachRules.stayLimit, fromAge: 14 })).toHaveProperty('fromAge');
    expect(refusal('care.stayLimit', { ...outreachRules.stayLimit, exemptRiskFactors: ['mental_disorder'] })).toHaveProperty('exemptRiskFactors');
  });

  it('keeps a possible minor without a guardian first and bound for a child-protection centre, and 落户安置 out of aid stations', () => {
    const table = outreachRules.placementRouting;
    const [minor, ...rest] = table.rows;
    expect(refusal('placement.routing', { ...table, rows: [...rest.slice(0, -1), minor, rest.at(-1)] })).toHaveProperty('rows.0');
    expect(refusal('placement.routing', { ...table, rows: [{ ...minor, category: 'welfare_home', types: ['welfare_home'] }, ...rest] })).toBeDefined();
    const otherwise = table.rows.at(-1)!;
    expect(refusal('placement.routing', { ...table, rows: [...table.rows.slice(0, -1), { ...otherwise, longTermTypes: ['aid_station'] }] })).toHaveProperty('rows.3.longTermTypes.0');
    expect(refusal('placement.routing', { ...table, rows: table.rows.slice(0, -1) })).toHaveProperty('rows');
    // Another preference among the types of a row is the office's choice.
    const elderly = table.rows[2]!;
    expect(refusal('placement.routing', { ...table, rows: [table.rows[0], table.rows[1], { ...elderly, types: ['welfare_home', 'psychiatric_welfare', 'aid_station'] }, otherwise] })).toBeUndefined();
  });

  it('keeps the campaign patrols and start levels of the domain, and the January and July visits', () => {
    expect(refusal('campaign', { ...campaignRules, patrolsPerDay: { ...campaignRules.patrolsPerDay, red: 1 } })).toHaveProperty('patrolsPerDay.red');
    expect(refusal('campaign', { ...campaignRules, startAt: { ...campaignRules.startAt, heat: 'red' } })).toHaveProperty('startAt.heat');
    expect(refusal('campaign', { ...campaignRules, startAt: { ...campaignRules.startAt, heat: 'yellow' } })).toBeUndefined();
    expect(refusal('followUps', { refusalFollowUpDays: 3, resurveyMonths: 6, visitMonths: [1] })).toHaveProperty('visitMonths');
    expect(refusal('followUps', { refusalFollowUpDays: 3, resurveyMonths: 12, visitMonths: [1, 7] })).toHaveProperty('resurveyMonths');
    expect(refusal('followUps', { refusalFollowUpDays: 3, resurveyMonths: 3, visitMonths: [1, 4, 7, 10] })).toBeUndefined();
  });
});

describe('the office’s other values', () => {
  it('holds a waitlist bed from 2 to 72 hours', () => {
    expect(refusal('placement.waitlistHold', 1)).toBeDefined();
    expect(refusal('placement.waitlistHold', 96)).toBeDefined();
    expect(refusal('placement.waitlistHold', 48)).toBeUndefined();
  });

  it('keeps each matching weight’s sign, the scores probabilities and a hard disagreement excluding', () => {
    const matching = outreachRules.matching;
    expect(refusal('matching', { ...matching, threshold: 0.05 })).toBeUndefined();
    expect(refusal('matching', { ...matching, threshold: 1.5 })).toHaveProperty('threshold');
    expect(refusal('matching', { ...matching, threshold: 0.9, confidentScore: 0.5 })).toHaveProperty('confidentScore');
    expect(refusal('matching', { ...matching, weights: { ...matching.weights, nameDiffer: 2 } })).toHaveProperty('weights.nameDiffer');
    expect(refusal('matching', { ...matching, weights: { ...matching.weights, hardDisagree: -2 } })).toHaveProperty('weights.hardDisagree');
  });

  it('says for every editable value which bounds apply and why, and where it may be set', () => {
    for (const name of ['tracing.caseClock', 'care.stayLimit', 'care.releaseAge', 'placement.routing', 'placement.stages', 'placement.waitlistHold', 'matching', 'calendar.arrangements']) {
      const rule = findRule(name);
      expect(rule?.bounds.length, name).toBeGreaterThan(20);
      expect(rule?.schema.safeParse(rule.defaultValue).success, name).toBe(true);
    }
    expect(findRule('calendar.arrangements')?.scope).toBe('national');
    expect(findRule('matching')?.scope).toBe('national');
    expect(findRule('care.stayLimit')?.scope).toBe('district');
  });
});
