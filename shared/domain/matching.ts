import { estimateSpread } from './age.js';
import { cstYear } from './cst.js';
import { compareMarks, markInWords, markKeys, type Mark } from './marks.js';
import { distanceMeters } from './geo.js';
import type { MissingReport } from './missing-report.js';
import { nameQueryKey, nameSimilarity, surnameOf } from './names.js';
import type { Person } from './person.js';
import { remembered } from './remembered.js';
import { prefectureOf, provinceOf, type OutreachRules } from './rules.js';

/**
 * Matching unidentified people with missing-person reports (DOMAIN.md "Family tracing: what counts
 * as evidence"). Pure: profiles of both sides, the blocking keys that find candidates through
 * indexes (never a scan), and an absolute, explainable score.
 *
 * The score is a probability: a prior log-odds for two unrelated records, plus one log-odds
 * weight per field that agrees or disagrees (unknown fields add nothing), through the logistic
 * function. It does not depend on the other candidates, so a threshold means the same everywhere.
 * Weights and tolerances are rule values (`rules.matching`).
 */

/** Which side of a match a profile is: a report, an unidentified person, or an identified register member with guardians. */
export type MatchSide = 'report' | 'person' | 'registered';
type SexKey = 'm' | 'f' | 'u';

/** What matching compares of a record: compact, nothing it does not use (no ID number, no health notes). */
export type MatchProfile = {
  side: MatchSide;
  id: string;
  district: string;
  /** Names and aliases as written. */
  names: string[];
  sex: 'male' | 'female' | 'unknown';
  /** The birth years the evidence allows (inclusive); absent when nothing is known of the age. */
  birthYears?: [number, number];
  heightCm?: number;
  /** The dialect group (方言区) of the accent or home region. */
  dialectGroup?: string;
  province?: string;
  county?: string;
  marks?: string;
  clothing?: string;
  /** Found (a person) or last seen (a report, a register member): the time window compares these. */
  at?: string;
  /** Where: found (a person: the district that met them, the sighting's position) or last seen (a report). */
  place?: { district?: string; lat?: number; lng?: number };
  conditions: string[];
};

// ---- Dialect groups: an accent places a person in a group of provinces, not one. -------------------

/** Provinces (short names) by dialect group; Sichuanese is heard across the south-west. */
const DIALECT_GROUPS: Record<string, string[]> = {
  southwest: ['四川', '重庆', '贵州', '云南'],
  northeast: ['辽宁', '吉林', '黑龙江'],
  yue: ['广东', '广西', '香港', '澳门'],
  min: ['福建', '台湾', '海南'],
  wu: ['上海', '浙江', '江苏'],
  xiang: ['湖南'],
  gan: ['江西'],
  jianghuai: ['安徽', '湖北'],
  central_plains: ['河南', '陕西'],
  jilu: ['北京', '天津', '河北', '山东'],
  jin: ['山西', '内蒙古'],
  northwest: ['甘肃', '宁夏', '青海', '新疆', '西藏'],
};
/** Dialect names heard in the field, by group. */
const DIALECT_WORDS: Record<string, string[]> = {
  southwest: ['川', '渝', '重庆', '贵州', '云南', '西南官话', '合川'],
  northeast: ['东北'],
  yue: ['粤', '广东', '白话', '广府'],
  min: ['闽', '潮汕', '福建', '海南'],
  wu: ['吴', '上海', '苏州', '温州', '宁波', '浙江'],
  xiang: ['湘', '湖南'],
  gan: ['赣', '江西'],
  jianghuai: ['江淮', '安徽', '湖北', '武汉'],
  central_plains: ['河南', '陕西', '中原'],
  jilu: ['山东', '河北', '天津', '北京', '京腔'],
  jin: ['山西', '晋'],
  northwest: ['甘肃', '宁夏', '青海', '新疆', '西北'],
};

/** A province's short name (四川省 → 四川, 广西壮族自治区 → 广西). */
export function shortProvince(province: string | undefined): string | undefined {
  if (!province) return undefined;
  const short = province.replace(/(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/u, '');
  return short || undefined;
}

/** The dialect group of an accent description, else of a province. */
export function dialectGroupOf(dialect: string | undefined, province: string | undefined): string | undefined {
  if (dialect) {
    for (const [group, words] of Object.entries(DIALECT_WORDS)) if (words.some((word) => dialect.includes(word))) return group;
  }
  const short = shortProvince(province);
  if (short) for (const [group, provinces] of Object.entries(DIALECT_GROUPS)) if (provinces.includes(short)) return group;
  return undefined;
}

// ---- Profiles -------------------------------------------------------------------------------------

type MatchRules = Pick<OutreachRules, 'matching' | 'ageEstimate' | 'minorBelowAge'>;

/** The possible birth years of an estimate: wider for adults, and wider with age (older faces are harder to read). */
function estimateYears(age: number, at: string, rules: MatchRules): [number, number] {
  const spread = estimateSpread(age, rules);
  const year = cstYear(new Date(at));
  return [year - age - spread - 1, year - age + spread];
}

/** An unidentified person's (or a register member's) profile; `foundAt` is when they were found. */
export function personProfile(person: Person & { clothing?: string }, side: 'person' | 'registered', foundAt: string | undefined, rules: MatchRules): MatchProfile {
  let birthYears: [number, number] | undefined;
  if (person.birthDate || person.birthYear !== undefined) {
    const year = person.birthDate ? Number(person.birthDate.slice(0, 4)) : (person.birthYear as number);
    birthYears = [year, year];
  } else if (person.estimatedAge !== undefined && person.estimatedAt) {
    birthYears = estimateYears(person.estimatedAge, `${person.estimatedAt}T12:00:00+08:00`, rules);
  }
  return compact({
    side,
    id: person.id,
    district: person.district,
    names: [...(person.name ? [person.name] : []), ...person.aliases],
    sex: person.sex,
    birthYears,
    heightCm: person.heightCm,
    dialectGroup: dialectGroupOf(person.dialect, person.homeRegion?.province),
    province: shortProvince(person.homeRegion?.province),
    county: person.homeRegion?.county,
    marks: person.marks,
    clothing: person.clothing,
    at: foundAt,
    place: { district: person.district, ...(person.lastSeen ? { lat: person.lastSeen.lat, lng: person.lastSeen.lng } : {}) },
    conditions: [...person.riskFactors],
  });
}

/** A missing-person report's profile. */
export function reportProfile(report: MissingReport): MatchProfile {
  let birthYears: [number, number] | undefined;
  if (report.birthDate || report.birthYear !== undefined) {
    const year = report.birthDate ? Number(report.birthDate.slice(0, 4)) : (report.birthYear as number);
    birthYears = [year, year];
  } else if (report.ageAtDisappearance !== undefined) {
    const year = cstYear(new Date(report.lastSeen.at)) - report.ageAtDisappearance;
    birthYears = [year - 1, year];
  }
  return compact({
    side: 'report',
    id: report.id,
    district: report.district,
    names: [report.name, ...report.aliases],
    sex: report.sex,
    birthYears,
    heightCm: report.heightCm,
    dialectGroup: dialectGroupOf(report.dialect, report.homeRegion?.province),
    province: shortProvince(report.homeRegion?.province),
    county: report.homeRegion?.county,
    marks: report.marks,
    clothing: report.clothing,
    at: report.lastSeen.at,
    // Last seen where the family says; else the district they filed in (families file where they live, near where most go missing).
    place: {
      district: report.lastSeen.district ?? report.district,
      ...(report.lastSeen.lat !== undefined && report.lastSeen.lng !== undefined ? { lat: report.lastSeen.lat, lng: report.lastSeen.lng } : {}),
    },
    conditions: [...report.conditions],
  });
}

const compact = (profile: MatchProfile): MatchProfile =>
  Object.fromEntries(Object.entries(profile).filter(([, value]) => value !== undefined)) as MatchProfile;

/** Keys sorted at every depth, so equal values give equal text (a replacer array would drop nested keys). */
const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value && typeof value === 'object'
      ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]))
      : value;

/** What a material change is: any field matching reads, nested ones included (a new name, age, where last seen…). */
export function materialFingerprint(profile: MatchProfile | undefined): string {
  if (!profile) return '';
  const { id: _id, district: _district, ...fields } = profile;
  return JSON.stringify(canonical(fields));
}

// ---- Blocking ---------------------------------------------------------------------------------------

const sexKeyOf = (sex: MatchProfile['sex']): SexKey => (sex === 'male' ? 'm' : sex === 'female' ? 'f' : 'u');
/** The sexes whose records can be the same person: the same or unknown; all three when unknown. */
const sexKeysToQuery = (sex: MatchProfile['sex']): SexKey[] => (sex === 'unknown' ? ['m', 'f', 'u'] : [sexKeyOf(sex), 'u']);
const midYear = (profile: MatchProfile) => (profile.birthYears ? Math.round((profile.birthYears[0] + profile.birthYears[1]) / 2) : undefined);
const year4 = (year: number) => String(Math.min(9999, Math.max(0, year))).padStart(4, '0');
const decadeOf = (year: number | undefined) => (year === undefined ? 'x' : String(Math.floor(year / 10)));
/** Surname keys of a profile's names (pinyin): a surname alone is evidence, and an index. */
const surnamesOf = (profile: MatchProfile) => [...new Set(profile.names.map((name) => surnameOf(name)).filter((key): key is string => Boolean(key)))];
const markKeysOf = (profile: MatchProfile) => (profile.marks ? markKeys(profile.marks) : []);
const nameKeysOf = (profile: MatchProfile) => [...new Set(profile.names.map((name) => nameQueryKey(name)).filter((key): key is string => Boolean(key)))];

/** The city (地级, the first 4 digits of the district code) where a record was found or last seen. */
const cityOf = (profile: MatchProfile) => (profile.place?.district && /^\d{6}$/.test(profile.place.district) ? prefectureOf(profile.place.district) : undefined);

/** One index entry of a profile: partition and sort key (the profile rides along in the item). */
export type BlockingEntry = { pk: string; sk: string };

/**
 * The index entries of a record: its full-name pinyin (homophones collide on purpose), surname ×
 * sex, dialect group × sex, city × sex and each placed mark × sex by birth year, and sex × birth
 * decade by birth year.
 */
export function blockingEntries(profile: MatchProfile): BlockingEntry[] {
  const side = profile.side;
  const sex = sexKeyOf(profile.sex);
  const year = midYear(profile);
  const sortKey = `${year === undefined ? 'xxxx' : year4(year)}#${profile.id}`;
  return [
    ...nameKeysOf(profile).map((key) => ({ pk: `MB#${side}#N#${key}`, sk: profile.id })),
    ...surnamesOf(profile).map((surname) => ({ pk: `MB#${side}#F#${sex}#${surname}`, sk: sortKey })),
    ...(profile.dialectGroup ? [{ pk: `MB#${side}#D#${sex}#${profile.dialectGroup}`, sk: sortKey }] : []),
    ...(cityOf(profile) ? [{ pk: `MB#${side}#C#${sex}#${cityOf(profile)}`, sk: sortKey }] : []),
    ...markKeysOf(profile).map((mark) => ({ pk: `MB#${side}#K#${sex}#${mark}`, sk: sortKey })),
    { pk: `MB#${side}#Y#${sex}#${decadeOf(year)}`, sk: sortKey },
  ];
}

/** A query of the blocking index: a partition, optionally a range of sort keys. */
export type BlockingQuery = { pk: string; from?: string; to?: string; pass: 'name' | 'surname' | 'dialect' | 'place' | 'mark' | 'age' };

/**
 * The queries that find a profile's candidates on another side, in passes from the most selective:
 * names, then surname, dialect group, city and placed marks within the age window. The wide age
 * pass (sex × birth years) runs only when the narrow passes find nobody credible.
 */
export function blockingQueries(profile: MatchProfile, other: MatchSide, rules: MatchRules, now: Date): { narrow: BlockingQuery[]; wide: BlockingQuery[] } {
  const { matching } = rules;
  const sexes = sexKeysToQuery(profile.sex);
  // The other side's records sit at their own middle year: widen by how uncertain theirs may be.
  const otherSpread = other === 'report' ? matching.blocking.reportYears : matching.blocking.personYears;
  const thisYear = cstYear(now);
  const window = (slack: number): [number, number] =>
    profile.birthYears ? [profile.birthYears[0] - otherSpread - slack, profile.birthYears[1] + otherSpread + slack] : [1900, thisYear];
  const ranged = (pk: string, [lo, hi]: [number, number], pass: BlockingQuery['pass']): BlockingQuery => ({ pk, from: `${year4(lo)}#`, to: `${year4(hi)}#~`, pass });
  const unknownAge = (pk: string, pass: BlockingQuery['pass']): BlockingQuery => ({ pk, from: 'xxxx#', to: 'xxxx#~', pass });

  const narrow: BlockingQuery[] = [
    ...nameKeysOf(profile).map((key): BlockingQuery => ({ pk: `MB#${other}#N#${key}`, pass: 'name' })),
    ...surnamesOf(profile).flatMap((surname) =>
      sexes.flatMap((sex) => [ranged(`MB#${other}#F#${sex}#${surname}`, window(matching.blocking.surnameSlackYears), 'surname'), unknownAge(`MB#${other}#F#${sex}#${surname}`, 'surname')]),
    ),
    ...(profile.dialectGroup
      ? sexes.flatMap((sex) => [ranged(`MB#${other}#D#${sex}#${profile.dialectGroup}`, window(0), 'dialect'), unknownAge(`MB#${other}#D#${sex}#${profile.dialectGroup}`, 'dialect')])
      : []),
    // Most people who wander off are found in the city they went missing from.
    ...(cityOf(profile)
      ? sexes.flatMap((sex) => [ranged(`MB#${other}#C#${sex}#${cityOf(profile)}`, window(0), 'place'), unknownAge(`MB#${other}#C#${sex}#${cityOf(profile)}`, 'place')])
      : []),
    // A mark of the body on the same part (a scar on the left hand): how a nameless person is found far from home.
    ...markKeysOf(profile).flatMap((mark) => sexes.flatMap((sex) => [ranged(`MB#${other}#K#${sex}#${mark}`, window(0), 'mark'), unknownAge(`MB#${other}#K#${sex}#${mark}`, 'mark')])),
  ];
  const [lo, hi] = window(0);
  const decades: string[] = [];
  for (let decade = Math.floor(lo / 10); decade <= Math.floor(hi / 10); decade += 1) decades.push(String(decade));
  const wide = sexes.flatMap((sex) => [
    ...decades.map((decade) => ranged(`MB#${other}#Y#${sex}#${decade}`, [lo, hi], 'age')),
    { pk: `MB#${other}#Y#${sex}#x`, pass: 'age' as const },
  ]);
  return { narrow, wide };
}

// ---- Scoring ----------------------------------------------------------------------------------------

export const fieldStates = ['agree', 'disagree', 'unknown'] as const;
export type FieldState = (typeof fieldStates)[number];
export const matchFields = ['sex', 'age', 'height', 'name', 'dialect', 'home_region', 'marks', 'clothing', 'time', 'place', 'conditions'] as const;
export type MatchField = (typeof matchFields)[number];
/** One field's verdict: its log-odds weight (0 when unknown) and a reason in Chinese for the reviewer. */
export type FieldReason = { field: MatchField; state: FieldState; weight: number; reason: string; conditions?: string[] };

/**
 * A reason as a viewer may read it: the conditions that agree only for the person's own station
 * (shelter staff and office of the person's district); for a tracer or another district the
 * field is `other`, "其他描述相符", so no reason reveals that the person's record holds a condition.
 */
export function reasonFor(reason: FieldReason, ownStation: boolean): Omit<FieldReason, 'field'> & { field: MatchField | 'other' } {
  if (reason.field !== 'conditions') return reason;
  if (ownStation) return { ...reason, reason: reason.state === 'agree' ? '身心状况描述相符' : '身心状况无可比较' };
  const { conditions: _conditions, ...rest } = reason;
  return { ...rest, field: 'other' };
}
export type MatchScore = { score: number; reasons: FieldReason[] };

const logistic = (x: number) => 1 / (1 + Math.exp(-x));
const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** Character bigrams of a description, for overlap (Chinese has no spaces to split on). */
const bigrams = remembered((text: string): ReadonlySet<string> => {
  const chars = [...text.replace(/[\s，。、,.;；:：!！?？()（）]/gu, '')];
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i += 1) grams.add(`${chars[i]}${chars[i + 1]}`);
  return grams;
});
/** Overlap of two descriptions: shared bigrams over the shorter one's (`whole`: over the longer one's, the two as wholes). */
export function tokenOverlap(a: string, b: string, whole = false): number {
  const ga = bigrams(a);
  const gb = bigrams(b);
  if (ga.size === 0 || gb.size === 0) return 0;
  let shared = 0;
  for (const gram of ga) if (gb.has(gram)) shared += 1;
  return shared / (whole ? Math.max(ga.size, gb.size) : Math.min(ga.size, gb.size));
}

const SEX_ZH: Record<string, string> = { male: '男', female: '女', unknown: '不详' };

/** A weight of the rules (`rules.matching.weights`) by name. */
export type MatchWeight = keyof OutreachRules['matching']['weights'];
/** The evidence of a pair: each field's verdict, and the named weight (times a factor) it adds. */
export type PairEvidence = { reasons: FieldReason[]; terms: { weight: MatchWeight; factor: number }[]; hardNo: boolean };

/**
 * The evidence of a found person against a sought record (a report, or a register member): each
 * field agrees, disagrees or is unknown, each verdict through a named weight of the rules. Sex is
 * hard, time soft: a different sex, or found more than a year before the person went missing, rules the pair out.
 */
export function pairEvidence(found: MatchProfile, sought: MatchProfile, rules: MatchRules): PairEvidence {
  const w = rules.matching.weights;
  const reasons: FieldReason[] = [];
  const terms: PairEvidence['terms'] = [];
  const add = (field: MatchField, state: FieldState, weight: MatchWeight | null, reason: string, factor = 1) => {
    reasons.push({ field, state, weight: weight ? round3(w[weight] * factor) : 0, reason });
    if (weight) terms.push({ weight, factor });
  };
  let hardNo = false;

  // Sex.
  if (found.sex === 'unknown' || sought.sex === 'unknown') add('sex', 'unknown', null, '性别不详');
  else if (found.sex === sought.sex) add('sex', 'agree', 'sexAgree', `性别相同（${SEX_ZH[found.sex]}）`);
  else {
    add('sex', 'disagree', 'hardDisagree', `性别不同（${SEX_ZH[found.sex]} / ${SEX_ZH[sought.sex]}）`);
    hardNo = true;
  }

  // Time, a soft window: found before "last seen" is weighed down by the gap; only a gap of more than the rule's year rules the pair out.
  if (found.at && sought.at) {
    const daysAfter = (Date.parse(found.at) - Date.parse(sought.at)) / 86_400_000;
    const before = rules.matching.foundBefore;
    if (daysAfter < -before.excludeDays) {
      add('time', 'disagree', 'hardDisagree', `发现时间早于走失时间 ${Math.round(-daysAfter)} 天`);
      hardNo = true;
    } else if (daysAfter < -before.weeksDays) add('time', 'disagree', 'timeBeforeMonths', `发现时间早于走失时间 ${Math.round(-daysAfter)} 天`);
    else if (daysAfter < -before.slackDays) add('time', 'disagree', 'timeBeforeWeeks', `发现时间早于走失时间 ${Math.round(-daysAfter)} 天`);
    else if (daysAfter <= rules.matching.daysDays) add('time', 'agree', 'timeDays', `走失后 ${Math.max(0, Math.round(daysAfter))} 天内被发现`);
    else if (daysAfter <= rules.matching.recentDays) add('time', 'agree', 'timeRecent', `走失后 ${Math.max(0, Math.round(daysAfter))} 天内被发现`);
    else if (daysAfter <= rules.matching.monthsDays) add('time', 'agree', 'timeMonths', `走失后约 ${Math.round(daysAfter / 30)} 个月被发现`);
    else add('time', 'agree', 'timeLate', `走失后约 ${Math.round(daysAfter / 30)} 个月被发现`);
  } else add('time', 'unknown', null, '时间无法比较');

  // Place: found near where they went missing (by position when both have one, else by district code).
  const near = rules.matching.placeKm;
  const [p, q] = [found.place, sought.place];
  if (p?.lat !== undefined && p.lng !== undefined && q?.lat !== undefined && q.lng !== undefined) {
    const km = distanceMeters({ lat: p.lat, lng: p.lng }, { lat: q.lat, lng: q.lng }) / 1000;
    if (km <= near.close) add('place', 'agree', 'placeCounty', `发现地距走失地约 ${Math.round(km)} 公里`);
    else if (km <= near.region) add('place', 'agree', 'placeCity', `发现地距走失地约 ${Math.round(km)} 公里`);
    else add('place', 'disagree', 'placeFar', `发现地距走失地约 ${Math.round(km)} 公里`);
  } else if (p?.district && q?.district) {
    if (p.district === q.district) add('place', 'agree', 'placeCounty', '在走失的区县被发现');
    else if (prefectureOf(p.district) === prefectureOf(q.district)) add('place', 'agree', 'placeCity', '在走失的城市被发现');
    else if (provinceOf(p.district) === provinceOf(q.district)) add('place', 'agree', 'placeProvince', '在走失的省份被发现');
    else add('place', 'disagree', 'placeFar', '在外省被发现');
  } else add('place', 'unknown', null, '地点无法比较');

  // Age: the two birth-year ranges, apart by how many years.
  if (found.birthYears && sought.birthYears) {
    const gap = Math.max(0, found.birthYears[0] - sought.birthYears[1], sought.birthYears[0] - found.birthYears[1]);
    if (gap === 0) {
      // Inside each other's range: closer middles weigh more (a wide estimate that merely covers the year says less).
      const middle = (range: [number, number]) => (range[0] + range[1]) / 2;
      const halfWidth = (found.birthYears[1] - found.birthYears[0] + sought.birthYears[1] - sought.birthYears[0]) / 2 + 1;
      const closeness = 1 - Math.min(1, Math.abs(middle(found.birthYears) - middle(sought.birthYears)) / halfWidth);
      add('age', 'agree', 'ageAgree', '年龄相符', (0.4 + 0.6 * closeness));
    }
    else if (gap <= rules.matching.ageNearYears) add('age', 'agree', 'ageNear', `年龄相差约 ${gap} 岁，在估计误差内`);
    else if (gap <= rules.matching.ageFarYears) add('age', 'disagree', 'ageApart', `年龄相差约 ${gap} 岁`);
    else add('age', 'disagree', 'ageFar', `年龄相差 ${gap} 岁以上`);
  } else add('age', 'unknown', null, '年龄不详');

  // Height.
  if (found.heightCm !== undefined && sought.heightCm !== undefined) {
    const gap = Math.abs(found.heightCm - sought.heightCm);
    const { close, near, apart } = rules.matching.heightCm;
    if (gap <= close) add('height', 'agree', 'heightClose', `身高相差 ${gap} 厘米`);
    else if (gap <= near) add('height', 'agree', 'heightNear', `身高相差 ${gap} 厘米`);
    else if (gap <= apart) add('height', 'disagree', 'heightApart', `身高相差 ${gap} 厘米`);
    else add('height', 'disagree', 'heightFar', `身高相差 ${gap} 厘米`);
  } else add('height', 'unknown', null, '身高不详');

  // Names: the best pair of names and aliases.
  if (found.names.length && sought.names.length) {
    let best = { similarity: 0, exact: false, a: '', b: '' };
    for (const a of found.names) {
      for (const b of sought.names) {
        const exact = a === b;
        const similarity = exact ? 1 : nameSimilarity(a, b);
        if (similarity > best.similarity || (similarity === best.similarity && exact)) best = { similarity, exact, a, b };
      }
    }
    const surnameOnly = found.names.concat(sought.names).some((name) => [...name].length === 1);
    if (best.exact) add('name', 'agree', 'nameExact', `姓名相同（${best.a}）`);
    else if (best.similarity >= 1) add('name', 'agree', 'nameHomophone', `姓名同音（${best.a} / ${best.b}）`);
    else if (best.similarity >= 0.7) add('name', 'agree', 'nameSurnameInitials', `姓氏和拼音首字母相同（${best.a} / ${best.b}）`);
    else if (best.similarity >= 0.5) add('name', 'agree', surnameOnly ? 'nameSurnameInitials' : 'nameSurname', `姓氏相同（${best.a} / ${best.b}）`);
    else add('name', 'disagree', 'nameDiffer', `姓名不同（${found.names[0]} / ${sought.names[0]}）`);
  } else add('name', 'unknown', null, '一方姓名不详');

  // Dialect group and home region.
  if (found.dialectGroup && sought.dialectGroup) {
    if (found.dialectGroup === sought.dialectGroup) add('dialect', 'agree', 'dialectAgree', '口音与籍贯地区相符');
    else add('dialect', 'disagree', 'dialectDiffer', '口音与籍贯地区不符');
  } else add('dialect', 'unknown', null, '口音不详');
  if (found.province && sought.province) {
    if (found.province !== sought.province) add('home_region', 'disagree', 'regionDiffer', `籍贯不同（${found.province} / ${sought.province}）`);
    else if (found.county && sought.county && found.county === sought.county) add('home_region', 'agree', 'countyAgree', `籍贯同为${found.province}${found.county}`);
    else add('home_region', 'agree', 'provinceAgree', `籍贯同为${found.province}`);
  } else add('home_region', 'unknown', null, '籍贯不详');

  // Marks: the same kind on the same part is strong evidence; free text that names no known mark compares by shared character pairs.
  if (found.marks && sought.marks) {
    const marks = compareMarks(found.marks, sought.marks);
    if (marks.agreement === 'same') add('marks', 'agree', 'marksSame', `体貌特征相同（${markInWords(marks.mark as Mark)}）`);
    else if (marks.agreement === 'kind') add('marks', 'agree', 'marksKind', `都有${markInWords({ kind: (marks.mark as Mark).kind })}，一方未写部位`);
    else if (marks.agreement === 'differ') add('marks', 'disagree', 'marksDiffer', '体貌特征描述不同');
    else {
      const overlap = tokenOverlap(found.marks, sought.marks);
      if (overlap >= rules.matching.marksOverlap) add('marks', 'agree', 'marksAgree', `体貌特征相似（重合 ${Math.round(overlap * 100)}%）`, Math.min(1, overlap / 0.6));
      else add('marks', 'disagree', 'marksDiffer', '体貌特征描述不同');
    }
  } else add('marks', 'unknown', null, '体貌特征不详');
  if (found.clothing && sought.clothing) {
    const overlap = tokenOverlap(found.clothing, sought.clothing);
    // The same clothes: the two descriptions as wholes (a blue jacket alone is not the blue jacket and black cloth shoes).
    if (tokenOverlap(found.clothing, sought.clothing, true) >= rules.matching.clothingSame) add('clothing', 'agree', 'clothingSame', '衣着与走失时描述相同');
    else if (overlap >= rules.matching.marksOverlap) add('clothing', 'agree', 'clothingAgree', `衣着相似（重合 ${Math.round(overlap * 100)}%）`, Math.min(1, overlap / 0.8));
    else add('clothing', 'unknown', null, '衣着不同（衣着常会更换）');
  } else add('clothing', 'unknown', null, '衣着不详');

  // Conditions (dementia, a disability): health data. The reason says only that other descriptions agree;
  // the codes ride along for the person's own station (`reasonFor`), never for a tracer or another district.
  const shared = found.conditions.filter((condition) => sought.conditions.includes(condition));
  if (shared.length) {
    add('conditions', 'agree', 'conditionAgree', '其他描述相符', Math.min(2, shared.length));
    (reasons.at(-1) as FieldReason).conditions = shared;
  } else add('conditions', 'unknown', null, '其他描述无可比较');

  return { reasons, terms, hardNo };
}

/** The score of a pair: the prior and every field's weight through the logistic function; 0 when a hard field rules it out. */
export function scorePair(found: MatchProfile, sought: MatchProfile, rules: MatchRules): MatchScore {
  const { reasons, terms, hardNo } = pairEvidence(found, sought, rules);
  if (hardNo) return { score: 0, reasons };
  const w = rules.matching.weights;
  const total = rules.matching.priorLogOdds + terms.reduce((sum, term) => sum + w[term.weight] * term.factor, 0);
  return { score: round3(logistic(total)), reasons };
}
