import { describe, expect, it } from 'vitest';
import { blockingEntries, blockingQueries, dialectGroupOf, materialFingerprint, reasonFor, reportProfile, scorePair, tokenOverlap, type FieldReason, type MatchProfile } from '../../shared/domain/matching.js';
import type { MissingReport } from '../../shared/domain/missing-report.js';
import { outreachRules } from '../../shared/domain/rules.js';

const found: MatchProfile = {
  side: 'person', id: 'p1', district: '500117', names: [], sex: 'male', birthYears: [1950, 1962], heightCm: 165, dialectGroup: 'southwest',
  marks: '左手背有烫伤疤痕', at: '2026-11-20T02:00:00Z', conditions: ['dementia'],
};
const sought: MatchProfile = {
  side: 'report', id: 'r1', district: '510106', names: ['王晓明'], sex: 'male', birthYears: [1956, 1956], heightCm: 166, dialectGroup: 'southwest',
  province: '四川', marks: '左手背烫伤疤痕', at: '2026-11-10T00:00:00Z', conditions: ['dementia'],
};
const field = (profileA: MatchProfile, profileB: MatchProfile, name: string) => scorePair(profileA, profileB, outreachRules).reasons.find((reason) => reason.field === name);

describe('scorePair', () => {
  it('is absolute: the same pair scores the same whatever else is listed, and in [0, 1]', () => {
    const once = scorePair(found, sought, outreachRules);
    expect(scorePair(found, sought, outreachRules)).toEqual(once);
    expect(once.score).toBeGreaterThan(0.5);
    expect(once.score).toBeLessThanOrEqual(1);
  });

  it('scores 0 for a different sex; unknown sex adds nothing', () => {
    expect(scorePair({ ...found, sex: 'female' }, sought, outreachRules).score).toBe(0);
    // Found the day before the last sighting (clocks, hearsay): within the slack.
    expect(scorePair({ ...found, at: '2026-11-09T00:00:00Z' }, sought, outreachRules).score).toBeGreaterThan(0);
    expect(field({ ...found, sex: 'unknown' }, sought, 'sex')).toMatchObject({ state: 'unknown', weight: 0 });
  });

  it('reads time as a soft window: found before the family’s "last seen" is weighed down by the gap (days to weeks less, months much less), years before rule it out', () => {
    const w = outreachRules.matching.weights;
    const score = (at: string) => scorePair({ ...found, at }, sought, outreachRules).score;
    const time = (at: string) => field({ ...found, at }, sought, 'time');
    // Nine days before: families of people living alone notice late.
    expect(time('2026-11-01T00:00:00Z')).toMatchObject({ state: 'disagree', weight: w.timeBeforeWeeks });
    expect(score('2026-11-01T00:00:00Z')).toBeGreaterThan(outreachRules.matching.threshold);
    expect(time('2026-08-01T00:00:00Z')).toMatchObject({ state: 'disagree', weight: w.timeBeforeMonths });
    expect(score('2026-08-01T00:00:00Z')).toBeLessThan(score('2026-11-01T00:00:00Z'));
    expect(score('2026-11-01T00:00:00Z')).toBeLessThan(score('2026-11-12T00:00:00Z'));
    expect(score('2024-06-01T00:00:00Z')).toBe(0);
  });

  it('reads names by sound: homophones, a surname alone, different names', () => {
    expect(field({ ...found, names: ['王小明'] }, sought, 'name')).toMatchObject({ state: 'agree', reason: expect.stringContaining('同音') });
    expect(field({ ...found, names: ['王晓明'] }, sought, 'name')).toMatchObject({ state: 'agree', reason: expect.stringContaining('相同') });
    expect(field({ ...found, names: ['王'] }, sought, 'name')?.state).toBe('agree');
    expect(field({ ...found, names: ['陈建国'] }, sought, 'name')?.state).toBe('disagree');
    expect(field(found, sought, 'name')?.state).toBe('unknown');
  });

  it('widens age with the estimate and separates heights by centimetres', () => {
    expect(field(found, sought, 'age')?.state).toBe('agree');
    expect(field({ ...found, birthYears: [1970, 1980] }, sought, 'age')?.state).toBe('disagree');
    expect(field({ ...found, heightCm: 169 }, sought, 'height')).toMatchObject({ state: 'agree' });
    expect(field({ ...found, heightCm: 180 }, sought, 'height')).toMatchObject({ state: 'disagree' });
  });

  it('weighs where a person was found against where they went missing: distance first, else the division codes', () => {
    const here = { ...found, place: { district: '510106', lat: 30.70, lng: 104.05 } };
    expect(field(here, { ...sought, place: { district: '510106', lat: 30.72, lng: 104.07 } }, 'place')).toMatchObject({ state: 'agree', weight: outreachRules.matching.weights.placeCounty });
    expect(field(here, { ...sought, place: { district: '500117', lat: 29.98, lng: 106.27 } }, 'place')).toMatchObject({ state: 'disagree' });
    expect(field({ ...found, place: { district: '510106' } }, { ...sought, place: { district: '510107' } }, 'place')).toMatchObject({ state: 'agree', weight: outreachRules.matching.weights.placeCity });
    expect(field({ ...found, place: { district: '510106' } }, { ...sought, place: { district: '511002' } }, 'place')).toMatchObject({ state: 'agree', weight: outreachRules.matching.weights.placeProvince });
    expect(field(found, sought, 'place')?.state).toBe('unknown');
    // A city of its own in the blocking index.
    expect(blockingEntries({ ...sought, place: { district: '510106' } }).map((entry) => entry.pk)).toContain('MB#report#C#m#5101');
  });

  it('weighs being found within days, and in the clothes they left in, above a looser agreement', () => {
    const w = outreachRules.matching.weights;
    expect(field({ ...found, at: '2026-11-13T00:00:00Z' }, sought, 'time')).toMatchObject({ state: 'agree', weight: w.timeDays });
    expect(field({ ...found, at: '2026-11-30T00:00:00Z' }, sought, 'time')).toMatchObject({ state: 'agree', weight: w.timeRecent });
    expect(w.timeDays).toBeGreaterThan(w.timeRecent);
    const dressed = { ...sought, clothing: '蓝色棉袄，黑色布鞋' };
    expect(field({ ...found, clothing: '蓝色棉袄，黑色布鞋' }, dressed, 'clothing')).toMatchObject({ state: 'agree', weight: w.clothingSame, reason: '衣着与走失时描述相同' });
    const alike = field({ ...found, clothing: '蓝色棉袄，灰色运动鞋' }, dressed, 'clothing');
    expect(alike?.state).toBe('agree');
    expect(alike?.weight).toBeLessThan(w.clothingSame);
    // Half of what the family described is not the same clothes, however well that half agrees.
    expect(field({ ...found, clothing: '蓝色棉袄' }, dressed, 'clothing')).toMatchObject({ state: 'agree', weight: w.clothingAgree });
  });

  it('never names a health condition in a reason; the shared codes ride along only for the person’s own station', () => {
    const { reasons } = scorePair(found, sought, outreachRules);
    expect(reasons.map((reason) => reason.reason).join()).not.toMatch(/dementia|痴呆|身心/);
    const conditions = reasons.find((reason) => reason.field === 'conditions') as FieldReason;
    expect(reasonFor(conditions, false)).toEqual({ field: 'other', state: 'agree', weight: conditions.weight, reason: '其他描述相符' });
    expect(reasonFor(conditions, true)).toMatchObject({ field: 'conditions', conditions: ['dementia'] });
  });
});

describe('blocking', () => {
  it('indexes a record under its name sound, surname, dialect group and birth decade; queries stay within the age window', () => {
    const entries = blockingEntries(sought);
    expect(entries.map((entry) => entry.pk)).toEqual(['MB#report#N#wangxiaoming', 'MB#report#F#m#wang', 'MB#report#D#m#southwest', 'MB#report#K#m#burn.back_of_hand', 'MB#report#Y#m#195']);
    const { narrow, wide } = blockingQueries(found, 'report', outreachRules, new Date('2026-11-28T00:00:00Z'));
    expect(narrow.map((query) => query.pk)).toContain('MB#report#D#m#southwest');
    expect(wide.every((query) => !query.from || (query.from >= '1940' && (query.to ?? '') <= '1980'))).toBe(true);
  });

  it('finds a nameless person far from home by a placed mark, whatever side either writer gave; a mark with no part is no key', () => {
    const nameless: MatchProfile = { ...found, dialectGroup: undefined, place: { district: '440305' }, marks: '右手背烫伤' };
    const { narrow } = blockingQueries(nameless, 'report', outreachRules, new Date('2026-11-28T00:00:00Z'));
    const markQuery = narrow.find((query) => query.pass === 'mark' && query.from !== 'xxxx#');
    expect(markQuery?.pk).toBe('MB#report#K#m#burn.back_of_hand');
    const entry = blockingEntries(sought).find((candidate) => candidate.pk === markQuery?.pk);
    expect(entry && entry.sk >= (markQuery?.from ?? '') && entry.sk <= (markQuery?.to ?? '')).toBe(true);
    expect(blockingEntries({ ...sought, marks: '有一颗痣' }).some((candidate) => candidate.pk.includes('#K#'))).toBe(false);
    expect(blockingEntries({ ...sought, marks: '走路跛，左臂有刺青' }).filter((candidate) => candidate.pk.includes('#K#')).map((candidate) => candidate.pk))
      .toEqual(['MB#report#K#m#limp', 'MB#report#K#m#tattoo.arm']);
  });

  it('places accents in dialect groups', () => {
    expect(dialectGroupOf('四川口音', undefined)).toBe('southwest');
    expect(dialectGroupOf('重庆口音', undefined)).toBe('southwest');
    expect(dialectGroupOf(undefined, '广东省')).toBe('yue');
    expect(dialectGroupOf('听不懂', undefined)).toBeUndefined();
    expect(tokenOverlap('蓝色棉袄黑色布鞋', '蓝色棉袄')).toBe(1);
  });
});

describe('materialFingerprint', () => {
  const report: MissingReport = {
    id: 'r1', district: '510106', status: 'open', createdAt: '2026-11-10T00:00:00Z', createdBy: 'u', updatedAt: '2026-11-10T00:00:00Z', version: 1,
    name: '王晓明', aliases: ['小明'], sex: 'male', birthYear: 1956, heightCm: 166, marks: '左手背烫伤疤痕', dialect: '四川话', clothing: '蓝色棉袄',
    homeRegion: { province: '四川省', city: '成都市', county: '金牛区' }, conditions: ['dementia'],
    lastSeen: { at: '2026-11-10T08:00:00+08:00', place: '成都市金牛区茶店子公交站', district: '510106', lat: 30.7, lng: 104.05 },
    reporter: { name: '王芳', relation: '女儿', phone: '13812345678' },
  };
  const fingerprint = (changed: Partial<MissingReport>) => materialFingerprint(reportProfile({ ...report, ...changed }));

  // Every field that feeds a blocking key or a weight, nested ones included.
  const corrections: [string, Partial<MissingReport>][] = [
    ['name', { name: '王小敏' }],
    ['aliases', { aliases: ['明娃'] }],
    ['sex', { sex: 'unknown' }],
    ['birthYear', { birthYear: 1957 }],
    ['ageAtDisappearance', { birthYear: undefined, ageAtDisappearance: 70 }],
    ['heightCm', { heightCm: 170 }],
    ['marks', { marks: '右耳垂有痣' }],
    ['dialect', { dialect: '广东话' }],
    ['clothing', { clothing: '灰色外套' }],
    ['homeRegion.province', { homeRegion: { province: '重庆市', city: '成都市', county: '金牛区' } }],
    ['homeRegion.county', { homeRegion: { province: '四川省', city: '成都市', county: '武侯区' } }],
    ['conditions', { conditions: ['dementia', 'elderly_alone'] }],
    ['lastSeen.at', { lastSeen: { ...report.lastSeen, at: '2026-10-10T08:00:00+08:00' } }],
    ['lastSeen.district', { lastSeen: { ...report.lastSeen, district: '500117' } }],
    ['lastSeen.lat', { lastSeen: { ...report.lastSeen, lat: 29.98 } }],
    ['lastSeen.lng', { lastSeen: { ...report.lastSeen, lng: 106.27 } }],
  ];
  it('changes with a correction of every field that feeds a blocking key or a weight, and only with those', () => {
    const changed = corrections.filter(([, correction]) => fingerprint(correction) !== fingerprint({})).map(([name]) => name);
    expect(changed).toEqual(corrections.map(([name]) => name));
    // What matching does not read: the reporter, the place in words.
    expect(fingerprint({ reporter: { name: '王强', relation: '儿子', phone: '13912345678' } })).toBe(fingerprint({}));
    expect(fingerprint({ lastSeen: { ...report.lastSeen, place: '茶店子' } })).toBe(fingerprint({}));
  });

  it('sees a found person’s position', () => {
    const person: MatchProfile = { ...found, place: { district: '500117', lat: 29.98, lng: 106.27 } };
    expect(materialFingerprint({ ...person, place: { district: '500117', lat: 30.5, lng: 106.27 } })).not.toBe(materialFingerprint(person));
  });
});
