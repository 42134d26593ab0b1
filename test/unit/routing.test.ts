import { describe, expect, it } from 'vitest';
import { bestFit, rankCandidates, routePerson, typesFor, type CandidateFacility } from '../../shared/domain/routing.js';
import { outreachRules } from '../../shared/domain/rules.js';

const at = '2026-11-28T04:00:00Z';
const guardian = { name: '王芳', relation: '女儿', phone: '13812345678' };
const adult = { birthYear: 1980, riskFactors: [] as string[], guardians: [] as unknown[] };

describe('the routing table (rule 8), row by row', () => {
  it('is data with a source and a version, ending in a row for everyone', () => {
    expect(outreachRules.placementRouting.version).toMatch(/^\d{4}-\d{2}-\d{2}/);
    expect(outreachRules.placementRouting.source).toMatch(/rule 8/);
    expect(outreachRules.placementRouting.rows.at(-1)?.when).toBe('otherwise');
  });

  it('a possible minor without a guardian → child_protection (the protective reading: born 2008, may be 17)', () => {
    const route = routePerson({ ...adult, birthYear: 2008 }, at, outreachRules);
    expect(route).toMatchObject({ category: 'child_protection', row: { when: 'minor_without_guardian' } });
    expect(typesFor(route, 'short_stay')).toEqual(['child_protection', 'aid_station']);
    expect(typesFor(route, 'long_term')).toEqual(['child_protection']);
    // With a guardian on record, a minor is not routed to child protection.
    expect(routePerson({ ...adult, birthYear: 2012, guardians: [guardian] }, at, outreachRules).category).toBe('aid_station');
  });

  it('a (suspected) mental disorder without relatives → psychiatric_welfare first, then welfare_home', () => {
    const route = routePerson({ ...adult, riskFactors: ['mental_disorder'] }, at, outreachRules);
    expect(route.category).toBe('psychiatric_welfare');
    expect(typesFor(route, 'short_stay')).toEqual(['psychiatric_welfare', 'welfare_home', 'aid_station']);
    // With relatives: disabled but supported → otherwise.
    expect(routePerson({ ...adult, riskFactors: ['mental_disorder'], guardians: [guardian] }, at, outreachRules).category).toBe('aid_station');
  });

  it('elderly or disabled without support → welfare_home; living alone counts as without support', () => {
    expect(routePerson({ ...adult, birthYear: 1950 }, at, outreachRules)).toMatchObject({ category: 'welfare_home', reason: expect.stringMatching(/60 or older/) });
    expect(routePerson({ ...adult, riskFactors: ['physical_disability'] }, at, outreachRules).reason).toMatch(/Disabled \(physical_disability\)/);
    expect(routePerson({ ...adult, birthYear: 1950, guardians: [guardian], riskFactors: ['elderly_alone'] }, at, outreachRules).category).toBe('welfare_home');
    expect(routePerson({ ...adult, birthYear: 1950, guardians: [guardian] }, at, outreachRules).category).toBe('aid_station');
  });

  it('otherwise → aid_station for a short stay, a welfare home for 落户安置 (never an aid station, rule 7)', () => {
    const route = routePerson(adult, at, outreachRules);
    expect(route).toMatchObject({ category: 'aid_station', row: { when: 'otherwise' }, tableVersion: outreachRules.placementRouting.version });
    expect(typesFor(route, 'long_term')).toEqual(['welfare_home']);
    // No age evidence at all: may be any age, so may be a child (the protective reading).
    expect(routePerson({ riskFactors: [], guardians: [] }, at, outreachRules).category).toBe('child_protection');
  });
});

describe('ranking candidates', () => {
  const here = { lat: 29.98, lng: 106.27 };
  const facility = (id: string, overrides: Partial<CandidateFacility>): CandidateFacility => ({
    id, name: id, type: 'welfare_home', district: '500117', location: here, freeBeds: 1, ...overrides,
  });
  const route = routePerson({ ...adult, riskFactors: ['mental_disorder'] }, at, outreachRules);

  it('the type’s preference first (a full facility of the right category above a fallback with beds), then a free bed, the same district, the great-circle distance; others filtered out', () => {
    const ranked = rankCandidates(
      route,
      'short_stay',
      [
        facility('far-home', { location: { lat: 30.5, lng: 106.27 } }),
        facility('near-home', { location: { lat: 29.99, lng: 106.27 } }),
        facility('psych-full', { type: 'psychiatric_welfare', freeBeds: 0 }),
        facility('psych-other-district', { type: 'psychiatric_welfare', district: '500118' }),
        facility('psych', { type: 'psychiatric_welfare', location: { lat: 30.1, lng: 106.27 } }),
        facility('child', { type: 'child_protection' }),
        facility('current', { type: 'psychiatric_welfare' }),
      ],
      { district: '500117', point: here },
      ['current'],
    );
    expect(ranked.map((candidate) => candidate.facilityId)).toEqual(['psych', 'psych-other-district', 'psych-full', 'near-home', 'far-home']);
    expect(ranked[0]?.reasons).toMatchObject({ category: 'psychiatric_welfare', typeFit: 'preferred', preference: 1, bedFree: true, sameDistrict: true });
    // 0.12° of latitude ≈ 13.3 km on the WGS-84 mean sphere.
    expect(ranked[0]?.reasons.distanceMeters).toBeGreaterThan(13_000);
    expect(ranked[0]?.reasons.distanceMeters).toBeLessThan(13_500);
    expect(ranked[2]?.reasons).toMatchObject({ typeFit: 'preferred', bedFree: false });
    expect(ranked[3]?.reasons).toMatchObject({ typeFit: 'fallback', preference: 2 });
    expect(ranked.map((candidate) => candidate.rank)).toEqual([1, 2, 3, 4, 5]);
  });

  it('when nothing fits, the best fit (type, district, distance) names the waitlist', () => {
    const ranked = rankCandidates(
      route,
      'short_stay',
      [facility('home', { freeBeds: 0 }), facility('psych-far', { type: 'psychiatric_welfare', freeBeds: 0, district: '500118' }), facility('psych', { type: 'psychiatric_welfare', freeBeds: 0 })],
      { district: '500117' },
    );
    expect(ranked.every((candidate) => !candidate.reasons.bedFree)).toBe(true);
    expect(ranked[0]?.reasons.distanceMeters).toBeUndefined();
    expect(bestFit(ranked)?.facilityId).toBe('psych');
    expect(bestFit([])).toBeUndefined();
  });
});
