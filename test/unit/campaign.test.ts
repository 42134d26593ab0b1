import { describe, expect, it } from 'vitest';
import { contains, geometryOf, polygon, type Polygon } from '../../shared/domain/area.js';
import { campaignMessage, cellOf, clusterSpots, coverage, csvCell, visitList, type LastPosition, type SpotCell } from '../../shared/domain/campaign.js';
import type { Encounter } from '../../shared/domain/encounter.js';
import type { PersonSummary } from '../../shared/domain/person-views.js';
import { campaignRules, outreachRules } from '../../shared/domain/rules.js';

/** A square area around 草街 (29.98 N, 106.35 E), about 2 km a side, with a hole in its south-west corner. */
const boundary: Polygon = {
  type: 'Polygon',
  coordinates: [
    [[106.34, 29.97], [106.36, 29.97], [106.36, 29.99], [106.34, 29.99], [106.34, 29.97]],
    [[106.341, 29.971], [106.343, 29.971], [106.343, 29.973], [106.341, 29.973], [106.341, 29.971]],
  ],
};
const area = { boundary, ...geometryOf(boundary) };
const now = new Date('2026-12-01T02:00:00Z');

describe('areas', () => {
  it('contains points inside the outline, not in a hole, not outside, and has its centroid', () => {
    expect(contains(area, { lat: 29.98, lng: 106.35 })).toBe(true);
    expect(contains(area, { lat: 29.972, lng: 106.342 })).toBe(false);
    expect(contains(area, { lat: 29.991, lng: 106.35 })).toBe(false);
    expect(geometryOf({ type: 'Polygon', coordinates: [boundary.coordinates[0] as [number, number][]] }).centroid).toEqual({ lat: 29.98, lng: 106.35 });
  });

  it('refuses open rings, degenerate rings and oversized polygons', () => {
    const open = { type: 'Polygon', coordinates: [[[106.34, 29.97], [106.36, 29.97], [106.36, 29.99], [106.34, 29.99]]] };
    expect(polygon.safeParse(open).success).toBe(false);
    const flat = { type: 'Polygon', coordinates: [[[106.34, 29.97], [106.35, 29.97], [106.36, 29.97], [106.34, 29.97]]] };
    expect(polygon.safeParse(flat).success).toBe(false);
    const huge = Array.from({ length: 2001 }, (_, i) => [106 + Math.cos(i) / 100, 29 + Math.sin(i) / 100]);
    huge.push(huge[0] as number[]);
    expect(polygon.safeParse({ type: 'Polygon', coordinates: [huge] }).success).toBe(false);
  });
});

const person = (id: string, values: Partial<PersonSummary>): PersonSummary =>
  ({ id, name: `人${id}`, aliases: [], sex: 'male', riskFactors: ['repeat_rough_sleeper'], identityStatus: 'identified', status: 'on_street', district: '500117', registrationSource: 'survey', birthYear: 1980, ...values }) as PersonSummary;
const position = (personId: string, at: string, lat = 29.98, lng = 106.35, health = 'well'): LastPosition => ({ personId, at, lat, lng, health });

describe('visit lists', () => {
  it('puts minors, elderly and ill first, then those last seen outdoors, then the longest unseen; leaves out the settled and those outside', () => {
    const persons = new Map([
      ['adult-old', person('adult-old', {})],
      ['adult-new', person('adult-new', {})],
      ['minor', person('minor', { birthYear: 2012 })],
      ['elder', person('elder', { birthYear: 1950 })],
      ['ill', person('ill', {})],
      ['unknown-status', person('unknown-status', { status: 'unknown' })],
      ['in-care', person('in-care', { status: 'in_care' })],
      ['no-risk', person('no-risk', { riskFactors: [] })],
      ['outside', person('outside', {})],
    ]);
    const positions = [
      position('adult-new', '2026-11-20T00:00:00Z'),
      position('adult-old', '2026-10-01T00:00:00Z'),
      position('minor', '2026-11-25T00:00:00Z'),
      position('elder', '2026-11-26T00:00:00Z'),
      position('ill', '2026-11-27T00:00:00Z', 29.98, 106.35, 'unwell'),
      position('unknown-status', '2026-09-01T00:00:00Z'),
      position('in-care', '2026-11-01T00:00:00Z'),
      position('no-risk', '2026-11-01T00:00:00Z'),
      position('outside', '2026-11-01T00:00:00Z', 30.5, 106.35),
    ];
    const list = visitList(area, positions, persons, [], now, outreachRules);
    expect(list.map((t) => t.id)).toEqual(['minor', 'elder', 'ill', 'adult-old', 'adult-new', 'unknown-status']);
    expect(list.map((t) => t.rank)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(list[0]?.priority).toEqual(['minor']);
  });

  it('clusters neighbouring cells into one spot with its centroid and people; a spot ranks with its most vulnerable person', () => {
    const size = campaignRules.sleepingSpots.cellDegrees;
    const a = { lat: 29.9801, lng: 106.3501 };
    const b = { lat: a.lat + size, lng: a.lng };
    const far = { lat: 29.985, lng: 106.355 };
    const cell = (point: { lat: number; lng: number }, month: string, people: string[], count = 1): SpotCell => ({
      cell: cellOf(point, size), month, count, sumLat: point.lat * count, sumLng: point.lng * count, people, lastAt: `${month}-15T00:00:00Z`,
    });
    const spots = clusterSpots([cell(a, '2026-10', ['minor']), cell(a, '2026-11', ['p2']), cell(b, '2026-11', ['p3']), cell(far, '2026-11', ['p4'], 2)], campaignRules);
    expect(spots).toHaveLength(2);
    const joined = spots.find((spot) => spot.people.includes('minor'));
    expect(joined).toMatchObject({ encounters: 3, people: ['minor', 'p2', 'p3'] });
    expect(joined?.centroid.lat).toBeCloseTo((a.lat * 2 + b.lat) / 3, 6);
    const list = visitList(area, [position('minor', '2026-11-25T00:00:00Z')], new Map([['minor', person('minor', { birthYear: 2012 })]]), spots, now, outreachRules);
    expect(list.map((t) => `${t.kind}:${t.priority.join('+')}`)).toEqual(['spot:minor', 'person:minor', 'spot:']); // the spot was last visited longer ago
  });
});

describe('coverage and messages', () => {
  const encounter = (values: Partial<Encounter>): Encounter =>
    ({ id: 'e', personId: 'x', district: '500117', occurredAt: '2026-12-01T03:00:00.000Z', recordedAt: '', recordedBy: 'w', location: { lat: 29.98, lng: 106.35, reportedCrs: 'WGS84' }, condition: { health: 'well' }, actions: [], referrals: [], concerns: [], nextSteps: [], ...values }) as Encounter;

  it('ticks off persons met and spots visited within the radius, inside the area or under the campaign id, within the period', () => {
    const campaign = { id: 'c1', startedAt: '2026-12-01T00:00:00.000Z' };
    const targets = [
      { rank: 1, kind: 'person' as const, id: 'p1', lat: 29.98, lng: 106.35, lastSeenAt: '', priority: [], outdoors: true },
      { rank: 2, kind: 'spot' as const, id: 's1', lat: 29.985, lng: 106.355, lastSeenAt: '', priority: [], outdoors: true },
      { rank: 3, kind: 'person' as const, id: 'p2', lat: 29.98, lng: 106.35, lastSeenAt: '', priority: [], outdoors: true },
      { rank: 4, kind: 'person' as const, id: 'p3', lat: 29.98, lng: 106.35, lastSeenAt: '', priority: [], outdoors: true },
    ];
    const encounters = [
      encounter({ id: 'e1', personId: 'p1', actions: ['offered_clothing', 'offered_bedding'], referrals: [{ kind: 'aid_station' }] }),
      encounter({ id: 'e2', personId: 'new', location: { lat: 29.9855, lng: 106.3551, reportedCrs: 'WGS84' } }),
      encounter({ id: 'e3', personId: 'p2', location: { lat: 31, lng: 107, reportedCrs: 'WGS84' }, campaignId: 'c1' }),
      encounter({ id: 'e4', personId: 'p3', occurredAt: '2026-11-30T23:00:00.000Z' }),
    ];
    const { statuses, report } = coverage(campaign, area, targets, encounters, campaignRules);
    expect(statuses.get('person#p1')).toMatchObject({ reached: true, encounterId: 'e1' });
    expect(statuses.get('spot#s1')).toMatchObject({ reached: true, encounterId: 'e2' });
    expect(statuses.get('person#p2')).toMatchObject({ reached: true, encounterId: 'e3' });
    expect(statuses.get('person#p3')).toEqual({ reached: false });
    expect(report).toMatchObject({ targets: 4, reached: 3, peopleReached: 3, supplies: { clothing: 1, bedding: 1 }, referrals: { aid_station: 1 }, notFound: [{ kind: 'person', id: 'p3', rank: 4 }] });
  });

  it('tells a patrol what, where, how often, how many and what to take', () => {
    const message = campaignMessage({ phase: 'started', hazard: 'cold_wave', level: 'orange', areaName: '草街街道', official: true, persons: 12, spots: 5 }, campaignRules);
    expect(message).toBe('【寒冬送温暖】草街街道寒潮橙色预警：即日起每日巡查2次，24小时值守，开放临时取暖点。走访在册人员 12 人、露宿点 5 处（未成年人、老人、病人优先）。携带：御寒衣物、棉被、热食热水。遇急症先拨120。');
    expect(campaignMessage({ phase: 'escalated', hazard: 'heat', level: 'red', from: 'orange', areaName: '草街街道', official: false, persons: 1, spots: 0 }, campaignRules)).toContain('由橙色升为红色');
  });

  it('neutralises spreadsheet formulas in CSV cells', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('王小明')).toBe('"王小明"');
  });
});

describe('bounds', () => {
  it('names at most PEOPLE_PER_SPOT people with a spot, while its priority reads them all', async () => {
    const { PEOPLE_PER_SPOT } = await import('../../shared/domain/campaign.js');
    const people = Array.from({ length: 50 }, (_, i) => `p${String(i).padStart(2, '0')}`);
    const spot = { id: 'cell', centroid: { lat: 29.98, lng: 106.35 }, encounters: 50, people, lastAt: '2026-11-01T00:00:00Z' };
    const persons = new Map([['p49', person('p49', { birthYear: 2014 })]]);
    const [target] = visitList(area, [position('p49', '2026-11-01T00:00:00Z', 40, 100)], persons, [spot], now, outreachRules);
    expect(target?.people).toHaveLength(PEOPLE_PER_SPOT);
    expect(target?.priority).toEqual(['minor']);
  });
});
