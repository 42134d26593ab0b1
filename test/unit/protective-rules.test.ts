import { describe, expect, it } from 'vitest';
import * as age from '../../shared/domain/age.js';
import { ageRange, mayBeElderly, mayBeMinor } from '../../shared/domain/age.js';
import { protectedRelease, stayLimit } from '../../shared/domain/care.js';
import { routePerson } from '../../shared/domain/routing.js';
import { openAidCase } from '../../shared/domain/aid.js';
import { createWorkingDayCalendar } from '../../shared/domain/calendar.js';
import { addMonths } from '../../shared/domain/cst.js';
import { nextFollowUp, resurveyDue, visitDue } from '../../shared/domain/follow-ups.js';
import { nextSteps, stepsAfterPayment } from '../../shared/domain/next-steps.js';
import { applyPersonPatch, registerPerson, type Person } from '../../shared/domain/person.js';
import { writeIssues } from '../../shared/domain/person-permissions.js';
import { outreachRules } from '../../shared/domain/rules.js';
import { sightingOf, type Meeting } from '../../shared/domain/sighting.js';

const rules = outreachRules;
const encounter = (overrides: Partial<Parameters<typeof nextSteps>[0]> = {}) => ({
  occurredAt: '2026-03-01T02:00:00.000Z',
  condition: { health: 'well' as const },
  actions: [],
  referrals: [],
  concerns: [],
  ...overrides,
});
const codes = (steps: ReturnType<typeof nextSteps>) => steps.map((step) => `${step.code}:${step.done}`);

describe('age under uncertainty: the protective reading (rules 1, 9)', () => {
  it('treats someone born in 2008 and met on 1 March 2026 as possibly 17: a minor, escorted', () => {
    expect(ageRange({ birthYear: 2008 }, '2026-03-01T02:00:00Z')).toEqual({ min: 17, max: 18 });
    expect(mayBeMinor({ birthYear: 2008 }, '2026-03-01T02:00:00Z', rules)).toBe(true);
    expect(codes(nextSteps(encounter(), { riskFactors: [], birthYear: 2008 }, rules))).toEqual(['escort_to_station:false']);
    // Born in 2007: 18 at the latest on 31 December 2025, so an adult on 1 January 2026.
    expect(mayBeMinor({ birthYear: 2007 }, '2026-01-01T00:00:00+08:00', rules)).toBe(false);
  });

  it('treats someone who may be 60 as elderly', () => {
    expect(mayBeElderly({ birthYear: 1966 }, '2026-03-01T02:00:00Z', rules)).toBe(true);
    expect(codes(nextSteps(encounter(), { riskFactors: [], birthYear: 1966 }, rules))).toEqual(['escort_to_station:false']);
  });

  it('keeps an estimate made today at its age, in Asia/Shanghai (not a year younger)', () => {
    // Estimated 60 on 28 November (CST); met that same morning at 07:30 CST (27 November in UTC).
    expect(ageRange({ estimatedAge: 60, estimatedAt: '2026-11-28' }, '2026-11-27T23:30:00Z')).toEqual({ min: 60, max: 60 });
    expect(mayBeElderly({ estimatedAge: 60, estimatedAt: '2026-11-28' }, '2026-11-27T23:30:00Z', rules)).toBe(true);
    // The estimate's own year, before its tolerance: 17 a year and a day ago is 18 or 19 now.
    expect(ageRange({ estimatedAge: 17, estimatedAt: '2025-11-27' }, '2026-11-28T04:00:00Z')).toEqual({ min: 18, max: 19 });
    expect(ageRange({ estimatedAge: 17, estimatedAt: '2026-06-01' }, '2026-11-28T04:00:00Z')).toEqual({ min: 17, max: 18 });
  });

  it('reads an estimate with its tolerance (±2 years for a child, wider for an adult): 17 a year ago may be 16 now, or 21', () => {
    // Was read as exactly 18 or 19, so a child who looked 17 last year was an adult this year for every rule.
    expect(age.possibleAges({ estimatedAge: 17, estimatedAt: '2025-11-27' }, '2026-11-28T04:00:00Z', rules)).toEqual({ min: 16, max: 21 });
    expect(age.possibleAges({ estimatedAge: 30, estimatedAt: '2026-11-28' }, '2026-11-28T04:00:00Z', rules)).toEqual({ min: 27, max: 33 });
    expect(age.estimateSpread(60, rules)).toBe(6);
  });
});

describe('ages under uncertainty: one tolerance, the protective reading on every route (rules 1, 8, 9)', () => {
  const today = '2026-11-28';
  const at = '2026-11-28T04:00:00Z';
  const estimate = (years: number) => ({ estimatedAge: years, estimatedAt: today, riskFactors: [] as Person['riskFactors'], guardians: [] as unknown[] });

  it('an estimate of 17 or 18 may be a minor; of 16 or 17 may be under 16; well above, neither', () => {
    expect(mayBeMinor(estimate(17), at, rules)).toBe(true);
    expect(mayBeMinor(estimate(18), at, rules)).toBe(true);
    expect(mayBeMinor(estimate(21), at, rules)).toBe(false);
    expect(age.mayBeUnder16(estimate(16), at, rules)).toBe(true);
    expect(age.mayBeUnder16(estimate(17), at, rules)).toBe(true);
    expect(age.mayBeUnder16(estimate(19), at, rules)).toBe(false);
  });

  it('next steps: a person estimated 18 who refuses help is still to be escorted, as possibly a minor', () => {
    const steps = nextSteps(encounter({ occurredAt: at, actions: ['refused_help'] }), estimate(18), rules);
    expect(steps[0]).toMatchObject({ code: 'escort_to_station', done: false, reason: expect.stringContaining('possibly a minor') });
  });

  it('routing: a person estimated 18 without a guardian goes to a child-protection centre', () => {
    expect(routePerson(estimate(18), at, rules)).toMatchObject({ category: 'child_protection', reason: expect.stringMatching(/May be under 18/) });
  });

  it('rule 9: a person estimated 17 is released to family only to a verified relative, and the 10-day limit does not bind', () => {
    expect(protectedRelease(estimate(17), at, rules)).toBe('may_be_under_age');
    expect(stayLimit({ admittedAt: at, extensions: [] }, estimate(16), rules)).toMatchObject({ applies: false, basis: 'may_be_under_age' });
    expect(stayLimit({ admittedAt: at, extensions: [] }, estimate(25), rules).applies).toBe(true);
  });

  it('says which reading applied: possibly under 16, certainly a minor, or an exact age', () => {
    expect(age.ageReadingOf(estimate(17), at, rules)).toEqual({ evidence: 'estimate', min: 15, max: 19, minor: 'possibly', under16: 'possibly' });
    expect(age.ageReadingOf(estimate(12), at, rules)).toMatchObject({ minor: 'yes', under16: 'yes' });
    expect(age.ageReadingOf({ birthDate: '2000-01-01' }, at, rules)).toEqual({ evidence: 'birth_date', min: 26, max: 26, minor: 'no', under16: 'no' });
    expect(age.ageReadingOf({}, at, rules)).toEqual({ evidence: 'none', minor: 'possibly', under16: 'possibly' });
  });
});

describe('no age on record, and the register saying elderly', () => {
  it('treats a person with no age on record as possibly a minor: escorted, even when refusing', () => {
    const steps = nextSteps(encounter({ actions: ['refused_help'] }), { riskFactors: [] }, rules);
    expect(steps[0]).toMatchObject({ code: 'escort_to_station', done: false, reason: expect.stringContaining('unknown age') });
  });

  it('escorts a register member living alone as elderly when no age is recorded', () => {
    const steps = nextSteps(encounter(), { riskFactors: ['elderly_alone'], birthYear: 1980 }, rules);
    expect(steps[0]).toMatchObject({ code: 'escort_to_station', reason: expect.stringContaining('elderly (register: elderly_alone)') });
  });
});

describe('next steps (rule 1)', () => {
  const adult = { riskFactors: [] as Person['riskFactors'], birthYear: 1980 };

  it('escorts a person with a mental disorder, dementia or an intellectual disability', () => {
    for (const risk of ['mental_disorder', 'dementia', 'intellectual_disability'] as const) {
      expect(codes(nextSteps(encounter(), { ...adult, riskFactors: [risk] }, rules))).toEqual(['escort_to_station:false']);
    }
  });

  it('escorts a person with a mental disorder or dementia even when refusing; an intellectual disability alone not', () => {
    for (const risk of ['mental_disorder', 'dementia'] as const) {
      const steps = nextSteps(encounter({ actions: ['refused_help'] }), { ...adult, riskFactors: [risk] }, rules);
      expect(codes(steps)[0]).toBe('escort_to_station:false');
    }
    const steps = nextSteps(encounter({ actions: ['refused_help'] }), { ...adult, riskFactors: ['intellectual_disability'] }, rules);
    expect(codes(steps)).not.toContain('escort_to_station:false');
  });

  it('escorts a newcomer suspected of a mental disorder even when refusing, without a police step', () => {
    const steps = nextSteps(encounter({ actions: ['refused_help'], concerns: ['suspected_mental_disorder'] }), adult, rules);
    expect(codes(steps)).toEqual(['escort_to_station:false', 'provide_supplies:false', 'leave_contact:false', 'schedule_follow_up:false']);
  });

  it('counts guiding: persuaded to the station and arrived completes the step, and says how', () => {
    const elderly = { ...adult, birthYear: 1940 };
    expect(nextSteps(encounter({ actions: ['persuaded_to_station'] }), elderly, rules)[0]).toMatchObject({ done: false });
    expect(nextSteps(encounter({ actions: ['persuaded_to_station', 'arrived_at_station'] }), elderly, rules)[0]).toMatchObject({ done: true, completedBy: 'guided_to_station' });
    expect(nextSteps(encounter({ actions: ['escorted_to_station'] }), elderly, rules)[0]).toMatchObject({ done: true, completedBy: 'escorted_to_station' });
  });

  it('marks the follow-up step done when one is scheduled, with its date', () => {
    const steps = nextSteps(encounter({ actions: ['refused_help'] }), adult, rules, { followUpDueOn: '2026-03-04' });
    expect(steps.find((step) => step.code === 'schedule_follow_up')).toMatchObject({ done: true, dueAt: '2026-03-04' });
  });

  it('marks the aid step done by a payment, naming the binding deadline', () => {
    const steps = nextSteps(encounter(), adult, rules, { aid: { dueAt: '2026-03-04T15:59:59.999Z', binding: 'calendar_days' } });
    expect(steps[0]).toMatchObject({ code: 'pay_emergency_aid', done: false, binding: 'calendar_days' });
    expect(stepsAfterPayment(steps)[0]).toMatchObject({ code: 'pay_emergency_aid', done: true, completedBy: 'paid' });
  });
});

describe('a sighting (rules 1, 2, 12)', () => {
  const person = registerPerson(
    { sex: 'male', aliases: [], riskFactors: [], status: 'on_street', guardians: [], registrationSource: 'patrol', district: '500117', name: '李四' },
    'p1',
    new Date('2026-02-01T00:00:00Z'),
  );
  const meeting = (overrides: Partial<Meeting> = {}): Meeting => ({
    encounterId: 'e1', occurredAt: '2026-03-01T02:00:00.000Z', point: { lat: 30, lng: 106 }, refusedHelp: false, concerns: [], recordedBy: 'w1', ...overrides,
  });

  it('flags the record on a rule-2 suspicion once; a new suspicion is added to the flag and reported, a repeated one not', () => {
    const first = sightingOf(person, meeting({ concerns: ['suspected_trafficked'] }), { isNew: false }, rules);
    expect(first.newConcerns).toEqual(['suspected_trafficked']);
    expect(first.person.concernFlag).toEqual({ concerns: ['suspected_trafficked'], encounterId: 'e1', at: '2026-03-01T02:00:00.000Z', raisedBy: 'w1' });
    const repeated = sightingOf(first.person, meeting({ encounterId: 'e2', occurredAt: '2026-03-02T02:00:00.000Z', concerns: ['suspected_trafficked'] }), { isNew: false }, rules);
    expect(repeated.newConcerns).toEqual([]);
    expect(repeated.change.concernFlag).toBeUndefined();
    const added = sightingOf(first.person, meeting({ encounterId: 'e3', occurredAt: '2026-03-03T02:00:00.000Z', concerns: ['suspected_lost'] }), { isNew: false }, rules);
    expect(added.newConcerns).toEqual(['suspected_lost']);
    expect(added.person.concernFlag).toMatchObject({ concerns: ['suspected_trafficked', 'suspected_lost'], encounterId: 'e1' });
    expect(sightingOf(person, meeting({ concerns: ['suspected_mental_disorder'] }), { isNew: false }, rules).newConcerns).toEqual([]);
  });

  it('keeps a mental disorder suspected on the street beside the record; only a suspicion after a clinician’s finding raises it again', () => {
    const suspected = sightingOf(person, meeting({ concerns: ['suspected_mental_disorder'] }), { isNew: false }, rules);
    expect(suspected.change.suspectedMentalDisorder).toEqual({ encounterId: 'e1', at: '2026-03-01T02:00:00.000Z', raisedBy: 'w1' });
    expect(suspected.person.suspectedMentalDisorder).toMatchObject({ encounterId: 'e1' });
    // Suspected again while the first stands: nothing new to keep.
    const again = sightingOf(suspected.person, meeting({ encounterId: 'e2', occurredAt: '2026-03-02T02:00:00.000Z', concerns: ['suspected_mental_disorder'] }), { isNew: false }, rules);
    expect(again.change.suspectedMentalDisorder).toBeUndefined();
    const cleared = { ...suspected.person, clinicalFinding: { outcome: 'no_mental_disorder' as const, clinician: '刘医生', at: '2026-03-05T02:00:00.000Z', recordedBy: 's1', recordedAt: '2026-03-05T03:00:00.000Z' } };
    const later = sightingOf(cleared, meeting({ encounterId: 'e3', occurredAt: '2026-03-09T02:00:00.000Z', concerns: ['suspected_mental_disorder'] }), { isNew: false }, rules);
    expect(later.change.suspectedMentalDisorder).toMatchObject({ encounterId: 'e3' });
  });

  it('a refusal recorded after a newer encounter schedules nothing: the newer one already looked in', () => {
    const visited = sightingOf(person, meeting({ encounterId: 'e5', occurredAt: '2026-03-05T02:00:00.000Z' }), { isNew: false }, rules).person;
    const late = sightingOf(visited, meeting({ encounterId: 'e4', occurredAt: '2026-03-04T02:00:00.000Z', refusedHelp: true }), { isNew: false }, rules);
    expect(late).toMatchObject({ followedUpLater: true, change: {} });
    expect(late.followUpDueOn).toBeUndefined();
    const steps = nextSteps(encounter({ actions: ['refused_help'] }), { riskFactors: [], birthYear: 1980 }, rules, { followedUpLater: true });
    expect(steps.find((step) => step.code === 'schedule_follow_up')).toMatchObject({ done: true, completedBy: 'later_encounter' });
  });

  it('schedules a follow-up after a refusal, and a later visit satisfies it', () => {
    const refused = sightingOf(person, meeting({ refusedHelp: true }), { isNew: false }, rules);
    expect(refused.person.nextFollowUp).toEqual({ dueOn: '2026-03-04', reason: 'after_refusal' });
    const visited = sightingOf(refused.person, meeting({ encounterId: 'e2', occurredAt: '2026-03-03T02:00:00.000Z' }), { isNew: false }, rules);
    expect(visited.change.refusalFollowUp).toBeNull();
    expect(visited.person.nextFollowUp).toBeUndefined();
    // An older encounter arriving late changes neither.
    const late = sightingOf(refused.person, meeting({ encounterId: 'e0', occurredAt: '2026-02-28T02:00:00.000Z' }), { isNew: false }, rules);
    expect(late.change).toEqual({});
  });
});

describe('register follow-ups (rule 12)', () => {
  it('has the January visit due on 1 January', () => {
    expect(visitDue({ createdAt: '2025-09-01T00:00:00Z', lastVisitAt: '2025-09-10T00:00:00Z' }, rules)).toBe('2026-01-01');
    expect(visitDue({ createdAt: '2025-12-31T16:00:00Z' }, rules)).toBe('2026-01-01'); // 00:00 on 1 January in CST
    expect(visitDue({ createdAt: '2026-01-01T00:00:00Z', lastVisitAt: '2026-01-05T00:00:00Z' }, rules)).toBe('2026-07-01');
  });

  it('re-surveys a 31 August survey on the last day of February', () => {
    expect(resurveyDue('2026-08-31', rules)).toBe('2027-02-28');
    expect(resurveyDue('2027-08-31', rules)).toBe('2028-02-29');
    expect(addMonths('2026-03-31', 6)).toBe('2026-09-30');
  });

  it('never moves an overdue visit on an edit: only a survey or a visit does', () => {
    const registered = registerPerson(
      { sex: 'female', aliases: [], riskFactors: ['dementia'], status: 'on_street', guardians: [], registrationSource: 'family', district: '500117', name: '王芳' },
      'p2',
      new Date('2026-02-01T00:00:00Z'),
    );
    const owed = nextFollowUp({ ...registered, riskFactors: ['dementia'] }, rules);
    expect(owed).toEqual({ dueOn: '2026-07-01', reason: 'visit' });
    // An edit in November, long after the July visit fell due, leaves it due.
    const edited = applyPersonPatch(registered, { marks: '右耳缺损' }, new Date('2026-11-28T04:00:00Z'));
    if (!('person' in edited)) throw new Error('patch refused');
    expect(nextFollowUp({ ...edited.person, createdAt: edited.person.createdAt }, rules)).toEqual(owed);
  });

  it('owes nothing for a person recorded as deceased, and re-surveys a member never surveyed from registration', () => {
    const facts = { riskFactors: ['dementia'], createdAt: '2026-03-01T00:00:00Z' };
    expect(nextFollowUp({ ...facts, lastVisitAt: '2026-03-02T00:00:00Z' }, rules)).toEqual({ dueOn: '2026-07-01', reason: 'visit' });
    expect(nextFollowUp({ ...facts, createdAt: '2026-01-10T00:00:00Z', lastVisitAt: '2026-07-02T00:00:00Z' }, rules)).toEqual({ dueOn: '2026-07-10', reason: 'resurvey' });
    expect(nextFollowUp({ ...facts, status: 'deceased' }, rules)).toBeUndefined();
  });

  it('keeps the rule values in rules.ts with their source', () => {
    expect(rules).toMatchObject({ resurveyMonths: 6, visitMonths: [1, 7], refusalFollowUpDays: 3 });
    expect(rules.source).toMatch(/DOMAIN.md rules 1, 2, .*12/);
  });
});

describe('emergency aid (rule 11)', () => {
  it('is provisional only when the binding deadline depends on an unloaded year', () => {
    const calendar = createWorkingDayCalendar();
    const aid = openAidCase({ id: 'a', personId: 'p', encounterId: 'e', district: '500117', discoveredAt: '2026-12-30T02:00:00Z', now: new Date() }, calendar, rules);
    expect(aid.due.workingDays.provisional).toBe(true);
    expect(aid).toMatchObject({ binding: 'calendar_days', provisional: false });
  });
});

describe('field permissions: create and change alike', () => {
  it('refuses patrol health notes, survey date and another registration source on create', () => {
    const sent = { healthNotes: 'x', lastSurveyAt: '2026-01-01', registrationSource: 'family' };
    expect(writeIssues('patrol', sent, undefined, { status: 'on_street' }).map((issue) => issue.path)).toEqual([
      'body.healthNotes', 'body.lastSurveyAt', 'body.registrationSource',
    ]);
    expect(writeIssues('patrol', { registrationSource: 'patrol' }, undefined, { status: 'on_street' })).toEqual([]);
    expect(writeIssues('shelter', sent, undefined, { status: 'on_street' })).toEqual([]);
  });

  it('lets patrol set street statuses only, and only the office reverse a death', () => {
    expect(writeIssues('patrol', { status: 'deceased' }, { status: 'on_street' }, { status: 'deceased' })[0]?.path).toBe('body.status');
    expect(writeIssues('patrol', { status: 'unknown' }, { status: 'on_street' }, { status: 'unknown' })).toEqual([]);
    expect(writeIssues('shelter', { status: 'on_street' }, { status: 'deceased' }, { status: 'on_street' })[0]?.path).toBe('body.status');
    expect(writeIssues('admin', { status: 'on_street' }, { status: 'deceased' }, { status: 'on_street' })).toEqual([]);
  });

  it('lets patrol add a risk factor, not take one away (off the register is not patrol’s call)', () => {
    const before = { status: 'on_street' as const, riskFactors: ['dementia'] };
    expect(writeIssues('patrol', { riskFactors: [] }, before, { ...before, riskFactors: [] })[0]?.path).toBe('body.riskFactors');
    expect(writeIssues('patrol', { riskFactors: ['dementia', 'elderly_alone'] }, before, { ...before, riskFactors: ['dementia', 'elderly_alone'] })).toEqual([]);
    expect(writeIssues('shelter', { riskFactors: [] }, before, { ...before, riskFactors: [] })).toEqual([]);
  });

  it('does not let patrol unidentify an ID holder', () => {
    const before = { status: 'on_street' as const, identityStatus: 'identified', idNumber: '11010519491231002X' };
    const issues = writeIssues('patrol', { identityStatus: 'unidentified' }, before, { ...before, identityStatus: 'unidentified' });
    expect(issues.map((issue) => issue.path)).toEqual(['body.identityStatus']);
  });
});
