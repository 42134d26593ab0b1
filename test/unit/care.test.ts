import { describe, expect, it } from 'vitest';
import {
  bedSexFor, daysInCare, extensionIssue, flagsOf, freeBeds, limitEndsAt, missingWhenLeaving, protectedRelease, recordedTimeIssue, releaseIssue,
  statusAfterDischarge, stayDueOn, stayLimit,
} from '../../shared/domain/care.js';
import { hasSuspectedMentalDisorder, routePerson } from '../../shared/domain/routing.js';
import { outreachRules } from '../../shared/domain/rules.js';

const admittedAt = '2026-11-10T02:00:00.000Z'; // 10:00 CST
const stay = { admittedAt, extensions: [] as { until: string }[] };
const adult = { birthYear: 1980, riskFactors: [] as string[] };
const verified = { name: '李军', relation: '父亲', verification: { document: 'resident_id_card' as const, last4: '001X', checkedAt: '2026-11-28T01:50:00Z' } };

describe('beds (rule 8: women housed apart)', () => {
  it('a person takes a bed of their sex; staff name the wing for a person of unknown sex', () => {
    expect(bedSexFor('male', undefined)).toEqual({ sex: 'male' });
    expect(bedSexFor('female', 'female')).toEqual({ sex: 'female' });
    expect(bedSexFor('unknown', 'female')).toEqual({ sex: 'female' });
    expect(bedSexFor('unknown', undefined)).toEqual({ issue: expect.stringMatching(/name the wing/) });
    expect(bedSexFor('male', 'female')).toEqual({ issue: expect.stringMatching(/recorded as male/) });
  });

  it('counts free beds as neither taken nor held, never below zero', () => {
    expect(freeBeds({ capacity: 5, taken: 2, held: 1 })).toBe(2);
    expect(freeBeds({ capacity: 2, taken: 3, held: 0 })).toBe(0);
  });
});

describe('the stay limit (rule 9)', () => {
  it('applies to an adult: 10 days from admission, or the end of the latest extension’s CST date', () => {
    expect(stayLimit(stay, adult, outreachRules)).toEqual({ applies: true, basis: 'adult', days: 10, endsAt: '2026-11-20T02:00:00.000Z' });
    expect(limitEndsAt({ admittedAt, extensions: [{ until: '2026-11-25' }, { until: '2026-12-01' }] }, outreachRules)).toBe('2026-12-01T15:59:59.999Z');
    // An extension that would end sooner than the 10 days does not shorten the stay.
    expect(limitEndsAt({ admittedAt, extensions: [{ until: '2026-11-12' }] }, outreachRules)).toBe('2026-11-20T02:00:00.000Z');
    expect(stayDueOn(admittedAt, outreachRules)).toBe('2026-11-20');
  });

  it('reads the age on the day of admission, protectively: 16 on that day is an adult, possibly 15 is not, unknown is not', () => {
    expect(stayLimit(stay, { birthDate: '2010-11-10', riskFactors: [] }, outreachRules).applies).toBe(true);
    expect(stayLimit(stay, { birthDate: '2010-11-11', riskFactors: [] }, outreachRules)).toMatchObject({ applies: false, basis: 'may_be_under_age' });
    expect(stayLimit(stay, { birthYear: 2010, riskFactors: [] }, outreachRules)).toMatchObject({ applies: false, basis: 'may_be_under_age' });
    expect(stayLimit(stay, { riskFactors: [] }, outreachRules)).toMatchObject({ applies: false, basis: 'may_be_under_age' });
  });

  it('does not apply with a mental disorder, an intellectual disability or dementia; a physical disability keeps it', () => {
    for (const factor of ['mental_disorder', 'intellectual_disability', 'dementia']) {
      expect(stayLimit(stay, { ...adult, riskFactors: [factor] }, outreachRules)).toMatchObject({ applies: false, basis: 'mental_or_intellectual_disability' });
    }
    expect(stayLimit(stay, { ...adult, riskFactors: ['physical_disability'] }, outreachRules).applies).toBe(true);
  });

  it('flags an open stay past its end, marks extensions, and counts whole days in care', () => {
    const at = (iso: string) => new Date(iso);
    expect(flagsOf({ ...stay, status: 'open' }, adult, at('2026-11-20T01:59:00Z'), outreachRules)).toEqual([]);
    expect(flagsOf({ ...stay, status: 'open' }, adult, at('2026-11-20T02:01:00Z'), outreachRules)).toEqual(['overstay']);
    expect(flagsOf({ ...stay, status: 'ended' }, adult, at('2026-12-20T00:00:00Z'), outreachRules)).toEqual([]);
    expect(flagsOf({ admittedAt, extensions: [{ until: '2026-11-30' }], status: 'open' }, adult, at('2026-11-25T00:00:00Z'), outreachRules)).toEqual(['extended']);
    expect(flagsOf({ ...stay, status: 'open' }, { birthYear: 2015, riskFactors: [] }, at('2026-12-20T00:00:00Z'), outreachRules)).toEqual(['release_to_verified_relative_only']);
    expect(daysInCare({ admittedAt }, at('2026-11-11T01:59:00Z'))).toBe(0);
    expect(daysInCare({ admittedAt }, at('2026-11-11T02:00:00Z'))).toBe(1);
    expect(daysInCare({ admittedAt, discharge: { at: '2026-11-13T02:00:00Z' } }, at('2026-12-30T00:00:00Z'))).toBe(3);
  });

  it('an extension must reach past the current end', () => {
    expect(extensionIssue(stay, '2026-11-19', outreachRules)).toMatch(/2026-11-20/);
    expect(extensionIssue(stay, '2026-11-20', outreachRules)).toBeNull();
    expect(extensionIssue({ admittedAt, extensions: [{ until: '2026-12-01' }] }, '2026-12-01', outreachRules)).toMatch(/2026-12-01/);
  });
});

describe('release to family (rule 9) and the status after a discharge (rule 10)', () => {
  const release = (person: { birthYear?: number; birthDate?: string; riskFactors: string[] }, discharge: Record<string, unknown>) =>
    releaseIssue(person, { reason: 'collected_by_family', at: '2026-11-28T02:00:00Z', ...discharge } as Parameters<typeof releaseIssue>[1], outreachRules);

  it('protects a possible under-16 and a person in special difficulty; an adult without one may go with anyone', () => {
    expect(protectedRelease({ birthYear: 2010, riskFactors: [] }, '2026-11-28T02:00:00Z', outreachRules)).toBe('may_be_under_age');
    expect(protectedRelease({ birthDate: '2010-11-28', riskFactors: [] }, '2026-11-28T02:00:00Z', outreachRules)).toBeNull();
    expect(protectedRelease({ riskFactors: [] }, '2026-11-28T02:00:00Z', outreachRules)).toBe('may_be_under_age');
    for (const factor of ['mental_disorder', 'intellectual_disability', 'dementia', 'minor_in_difficulty']) {
      expect(protectedRelease({ ...adult, riskFactors: [factor] }, '2026-11-28T02:00:00Z', outreachRules)).toBe('special_difficulty');
    }
    expect(protectedRelease({ ...adult, riskFactors: ['elderly_alone', 'physical_disability'] }, '2026-11-28T02:00:00Z', outreachRules)).toBeNull();
  });

  it('a protected person goes to family only to a relative on record whose ID was checked', () => {
    const child = { birthYear: 2014, riskFactors: [] };
    expect(release(child, {})).toMatchObject({ path: 'body.relative', message: expect.stringMatching(/^Rule 9: A person who may be under 16/) });
    expect(release(child, { relative: { name: '李军', relation: '父亲' } })).toMatchObject({ path: 'body.relative.verification', code: 'relative_not_verified' });
    expect(release(child, { relative: verified })).toBeNull();
    expect(release(child, { reason: 'returned_home' })).toMatchObject({ path: 'body.relative', code: 'relative_required' });
    // Escorted home by staff, or moved by a transfer or placement: rule 9's other ways out. Leaving and dying are no release.
    for (const reason of ['escorted_home', 'left_without_formalities', 'deceased', 'transferred', 'placed']) expect(release(child, { reason })).toBeNull();
    expect(release(adult, {})).toBeNull();
    expect(release(adult, { reason: 'other' })).toBeNull();
  });

  it('rule 9 binds every release: other never releases a possible under-16 or a person in special difficulty', () => {
    // `other` (with a note) used to release a child with no relative at all.
    expect(release({ birthYear: 2014, riskFactors: [] }, { reason: 'other' })).toMatchObject({ path: 'body.reason', code: 'release_not_allowed' });
    expect(release({ ...adult, riskFactors: ['dementia'] }, { reason: 'other' })).toMatchObject({ code: 'release_not_allowed' });
  });

  it('walking out: a possible minor or a person in special difficulty is missing; a capable adult gives up assistance', () => {
    const at = '2026-11-28T02:00:00Z';
    expect(missingWhenLeaving({ birthYear: 2009, riskFactors: [] }, at, outreachRules)).toBe('may_be_minor');
    expect(missingWhenLeaving({ estimatedAge: 18, estimatedAt: '2026-11-28', riskFactors: [] }, at, outreachRules)).toBe('may_be_minor');
    for (const factor of ['mental_disorder', 'intellectual_disability', 'dementia']) {
      expect(missingWhenLeaving({ ...adult, riskFactors: [factor] }, at, outreachRules)).toBe('special_difficulty');
    }
    expect(missingWhenLeaving({ ...adult, riskFactors: ['physical_disability'] }, at, outreachRules)).toBeNull();
  });

  it('a mental disorder suspected on the street is read as a recorded one until a clinician’s finding clears it', () => {
    const at = '2026-11-28T02:00:00Z';
    const suspected = { ...adult, guardians: [] as unknown[], suspectedMentalDisorder: { at: '2026-11-20T02:00:00Z' } };
    expect(hasSuspectedMentalDisorder(suspected)).toBe(true);
    expect(routePerson(suspected, at, outreachRules).category).toBe('psychiatric_welfare');
    expect(protectedRelease(suspected, at, outreachRules)).toBe('special_difficulty');
    expect(stayLimit(stay, suspected, outreachRules)).toMatchObject({ applies: false, basis: 'mental_or_intellectual_disability' });
    const cleared = { ...suspected, clinicalFinding: { outcome: 'no_mental_disorder' as const, at: '2026-11-25T02:00:00Z' } };
    expect(hasSuspectedMentalDisorder(cleared)).toBe(false);
    expect(routePerson(cleared, at, outreachRules).category).toBe('aid_station');
    expect(protectedRelease(cleared, at, outreachRules)).toBeNull();
    // A new suspicion after the finding counts again; a finding of a disorder counts like a recorded one.
    expect(hasSuspectedMentalDisorder({ ...cleared, suspectedMentalDisorder: { at: '2026-11-27T02:00:00Z' } })).toBe(true);
    expect(hasSuspectedMentalDisorder({ ...adult, clinicalFinding: { outcome: 'mental_disorder', at } })).toBe(true);
  });

  it('gives each reason its status', () => {
    expect(statusAfterDischarge).toEqual({
      returned_home: 'reunited',
      collected_by_family: 'reunited',
      escorted_home: 'reunited',
      transferred: 'in_care',
      placed: 'placed',
      left_without_formalities: 'on_street',
      deceased: 'deceased',
      other: 'unknown',
    });
  });

  it('accepts times a little ahead (clock skew) and up to 30 days back', () => {
    const now = new Date('2026-11-28T04:00:00Z');
    expect(recordedTimeIssue('2026-11-28T04:04:00Z', now, outreachRules)).toBeNull();
    expect(recordedTimeIssue('2026-11-28T04:06:00Z', now, outreachRules)).toMatch(/future/);
    expect(recordedTimeIssue('2026-10-28T03:00:00Z', now, outreachRules)).toMatch(/30 days/);
  });
});
