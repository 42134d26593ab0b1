import { describe, expect, it } from 'vitest';
import { isOverdue, openAidCase } from '../../shared/domain/aid.js';
import { createWorkingDayCalendar } from '../../shared/domain/calendar.js';
import { ageAt } from '../../shared/domain/age.js';
import { mayBeSamePerson } from '../../shared/domain/duplicates.js';
import { isRegisteredAtRisk, occurredAtIssue } from '../../shared/domain/encounter.js';
import { nextFollowUp } from '../../shared/domain/follow-ups.js';
import { nextSteps } from '../../shared/domain/next-steps.js';
import type { PersonSummary } from '../../shared/domain/person-views.js';
import { outreachRules } from '../../shared/domain/rules.js';

const encounter = (overrides: Partial<Parameters<typeof nextSteps>[0]> = {}) => ({
  occurredAt: '2026-11-28T02:00:00.000Z',
  condition: { health: 'well' as const },
  actions: [],
  referrals: [],
  concerns: [],
  ...overrides,
});
const adult = { riskFactors: [], guardians: [], birthYear: 1980 };
const codes = (steps: ReturnType<typeof nextSteps>) => steps.map((step) => `${step.code}:${step.done}`);

describe('next steps after an encounter (rules 1, 2, 11)', () => {
  it('asks nothing of a well adult who accepted help', () => {
    expect(nextSteps(encounter({ actions: ['offered_food'] }), adult, outreachRules)).toEqual([]);
  });

  it('escorts a minor: 17 the day before the 18th birthday, not on it', () => {
    const minor = { ...adult, birthYear: undefined, birthDate: '2008-11-29' };
    expect(codes(nextSteps(encounter(), minor, outreachRules))).toEqual(['escort_to_station:false']);
    expect(codes(nextSteps(encounter({ occurredAt: '2026-11-29T02:00:00.000Z' }), minor, outreachRules))).toEqual([]);
  });

  it('escorts the elderly from 60, the disabled, and anyone of limited mobility; done once escorted', () => {
    expect(codes(nextSteps(encounter(), { ...adult, birthYear: 1966 }, outreachRules))).toEqual(['escort_to_station:false']);
    expect(codes(nextSteps(encounter(), { ...adult, birthYear: 1967 }, outreachRules))).toEqual([]);
    expect(codes(nextSteps(encounter(), { ...adult, riskFactors: ['intellectual_disability'] }, outreachRules))).toEqual(['escort_to_station:false']);
    expect(codes(nextSteps(encounter({ condition: { health: 'well', limitedMobility: true }, actions: ['escorted_to_station'] }), adult, outreachRules))).toEqual(['escort_to_station:true']);
  });

  it('puts 120 first for the acutely ill; a medical referral counts as done', () => {
    const steps = nextSteps(encounter({ condition: { health: 'acutely_ill' }, referrals: [{ kind: 'medical' }] }), adult, outreachRules);
    expect(codes(steps)).toEqual(['call_120:true']);
  });

  it('reports a suspected trafficked person to the police at once', () => {
    const steps = nextSteps(encounter({ concerns: ['suspected_trafficked'] }), adult, outreachRules);
    expect(steps).toEqual([expect.objectContaining({ code: 'report_to_police', rule: 'rule 2', done: false, reason: expect.stringContaining('trafficked') })]);
    expect(codes(nextSteps(encounter({ concerns: ['suspected_lost'], referrals: [{ kind: 'police' }] }), adult, outreachRules))).toEqual(['report_to_police:true']);
  });

  it('for a refusal asks for supplies, contact and a follow-up instead of an escort', () => {
    const steps = nextSteps(encounter({ actions: ['refused_help', 'left_contact'] }), { ...adult, birthYear: 1940 }, outreachRules);
    expect(codes(steps)).toEqual(['provide_supplies:false', 'leave_contact:true', 'schedule_follow_up:false']);
  });

  it('still escorts a minor who refuses help (rules 1 and 9)', () => {
    const child = { ...adult, birthYear: undefined, estimatedAge: 12, estimatedAt: '2026-11-01' };
    const steps = nextSteps(encounter({ actions: ['refused_help'] }), child, outreachRules);
    expect(codes(steps)).toEqual(['escort_to_station:false', 'provide_supplies:false', 'leave_contact:false', 'schedule_follow_up:false']);
  });

  it('carries the aid deadline and the guardians notice', () => {
    const steps = nextSteps(encounter(), adult, outreachRules, { aid: { dueAt: '2026-12-01T15:59:59.999Z', binding: 'calendar_days' }, guardiansNotified: true });
    expect(steps).toEqual([
      expect.objectContaining({ code: 'pay_emergency_aid', dueAt: '2026-12-01T15:59:59.999Z', binding: 'calendar_days' }),
      expect.objectContaining({ code: 'notify_guardians', done: true }),
    ]);
  });
});

describe('encounter time', () => {
  const now = new Date('2026-11-28T04:00:00Z');
  it('accepts hours-old captures and small clock skew, refuses the future and the very old', () => {
    expect(occurredAtIssue('2026-11-27T20:00:00Z', now, outreachRules)).toBeNull();
    expect(occurredAtIssue('2026-11-28T04:04:00Z', now, outreachRules)).toBeNull();
    expect(occurredAtIssue('2026-11-28T04:06:00Z', now, outreachRules)).toMatch(/future/);
    expect(occurredAtIssue('2026-10-01T04:00:00Z', now, outreachRules)).toMatch(/older/);
  });
});

describe('the register', () => {
  it('computes age from birth date, birth year or an estimate (the lower bound where uncertain)', () => {
    const at = new Date('2026-11-28T00:00:00Z');
    expect(ageAt({ birthDate: '1950-12-01' }, at)).toBe(75);
    expect(ageAt({ birthYear: 1950 }, at)).toBe(75);
    expect(ageAt({ estimatedAge: 70, estimatedAt: '2024-11-01' }, at)).toBe(72);
    expect(ageAt({ idNumber: '11010519491231002X' }, at)).toBe(76);
    expect(ageAt({}, at)).toBeUndefined();
  });

  it('counts birthdays in China Standard Time', () => {
    // 2026-11-28T17:00Z is already 29 November, 01:00, in Chongqing.
    expect(ageAt({ birthDate: '2008-11-29' }, new Date('2026-11-28T17:00:00Z'))).toBe(18);
    expect(ageAt({ birthDate: '2008-11-29' }, new Date('2026-11-28T15:00:00Z'))).toBe(17);
    // Registered at 01:00 on 1 July in Chongqing (30 June in UTC): the July visit is due that day.
    expect(nextFollowUp({ riskFactors: ['dementia'], createdAt: '2026-06-30T17:00:00Z' }, outreachRules)).toEqual({ dueOn: '2026-07-01', reason: 'visit' });
  });

  it('schedules follow-ups each January and July, or a re-survey 6 months after the last (rule 12)', () => {
    const due = (facts: Partial<Parameters<typeof nextFollowUp>[0]>) =>
      nextFollowUp({ riskFactors: ['dementia'], createdAt: '2026-03-01T00:00:00Z', ...facts }, outreachRules)?.dueOn;
    expect(due({ riskFactors: [] })).toBeUndefined();
    expect(due({})).toBe('2026-07-01');
    expect(due({ createdAt: '2026-08-01T00:00:00Z' })).toBe('2027-01-01');
    expect(due({ lastSurveyAt: '2026-01-15' })).toBe('2026-07-01');
    expect(due({ lastSurveyAt: '2025-12-10' })).toBe('2026-06-10');
  });

  it('suspects a duplicate only with the same name sound, compatible sex, close age and the same area', () => {
    const now = new Date('2026-11-28T00:00:00Z');
    const base: PersonSummary = {
      id: 'a', name: '王小明', aliases: [], sex: 'male', birthYear: 1950, riskFactors: [],
      identityStatus: 'unidentified', status: 'on_street', district: '500117', registrationSource: 'family',
    };
    expect(mayBeSamePerson(base, { ...base, id: 'b', name: '王晓明', birthYear: 1953 }, now)).toBe(true);
    expect(mayBeSamePerson(base, { ...base, id: 'b', sex: 'unknown' }, now)).toBe(true);
    expect(mayBeSamePerson(base, { ...base, id: 'b', sex: 'female' }, now)).toBe(false);
    expect(mayBeSamePerson(base, { ...base, id: 'b', birthYear: 1960 }, now)).toBe(false);
    expect(mayBeSamePerson(base, { ...base, id: 'b', name: '李娜' }, now)).toBe(false);
    expect(mayBeSamePerson(base, { ...base, id: 'b', district: '500118' }, now)).toBe(false);
    expect(mayBeSamePerson(base, { ...base, id: 'a' }, now)).toBe(false);
  });

  it('notifies guardians only for register members who have one', () => {
    const guardians = [{ name: '王芳', relation: '女儿', phone: '13812345678' }];
    expect(isRegisteredAtRisk({ registrationSource: 'family', riskFactors: [], guardians })).toBe(true);
    expect(isRegisteredAtRisk({ registrationSource: 'patrol', riskFactors: ['dementia'], guardians })).toBe(true);
    expect(isRegisteredAtRisk({ registrationSource: 'patrol', riskFactors: [], guardians })).toBe(false);
    expect(isRegisteredAtRisk({ registrationSource: 'family', riskFactors: ['dementia'], guardians: [] })).toBe(false);
  });
});

describe('emergency aid deadlines (rule 11)', () => {
  it('keeps both deadlines and binds the earlier; overdue only while unpaid', () => {
    const calendar = createWorkingDayCalendar();
    // Friday 2026-11-27 10:00 CST: 3 working days end Wednesday 2 Dec, 3 calendar days Monday 30 Nov.
    const aidCase = openAidCase(
      { id: 'c', personId: 'p', encounterId: 'e', district: '500117', discoveredAt: '2026-11-27T02:00:00.000Z', now: new Date('2026-11-27T03:00:00Z') },
      calendar,
      outreachRules,
    );
    expect(aidCase.due.workingDays.dueAt).toBe('2026-12-02T15:59:59.999Z');
    expect(aidCase.due.calendarDays.dueAt).toBe('2026-11-30T15:59:59.999Z');
    expect(aidCase.dueAt).toBe(aidCase.due.calendarDays.dueAt);
    expect(aidCase.provisional).toBe(false);
    expect(isOverdue(aidCase, new Date('2026-11-30T15:59:59.000Z'))).toBe(false);
    expect(isOverdue(aidCase, new Date('2026-11-30T16:00:00.000Z'))).toBe(true);
    expect(isOverdue({ ...aidCase, status: 'paid' }, new Date('2026-12-30T00:00:00Z'))).toBe(false);
  });

  it('is no longer provisional once the year’s arrangement is loaded', () => {
    // Wed 30 Dec 2026 with a hypothetical 2027 arrangement: 1 January off, Saturday 2 January worked.
    const calendar = createWorkingDayCalendar([{ year: 2027, source: 'test notice', holidays: ['2027-01-01'], workdays: ['2027-01-02'] }]);
    const aidCase = openAidCase(
      { id: 'c', personId: 'p', encounterId: 'e', district: '500117', discoveredAt: '2026-12-30T02:00:00.000Z', now: new Date('2026-12-30T03:00:00Z') },
      calendar,
      outreachRules,
    );
    expect(aidCase.due.workingDays).toEqual({ dueAt: '2027-01-04T15:59:59.999Z', provisional: false });
    expect(aidCase.due.calendarDays.dueAt).toBe('2027-01-02T15:59:59.999Z');
    expect(aidCase.provisional).toBe(false);
  });
});

describe('idempotency fingerprints', () => {
  it('are keyed: the same request under another secret has another fingerprint', async () => {
    const { requestFingerprint } = await import('../../shared/store/idempotency.js');
    const body = { name: '王小明', idNumber: '11010519491231002X', aliases: [] };
    const first = requestFingerprint('POST', '/v1/persons', body, 'secret-one-0123456789');
    expect(requestFingerprint('POST', '/v1/persons', { aliases: [], idNumber: '11010519491231002X', name: '王小明' }, 'secret-one-0123456789')).toBe(first);
    expect(requestFingerprint('POST', '/v1/persons', body, 'secret-two-0123456789')).not.toBe(first);
    const { createHash } = await import('node:crypto');
    expect(first).not.toBe(createHash('sha256').update(`POST /v1/persons\n${JSON.stringify(body)}`).digest('hex'));
  });
});
