import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { MissingReport } from '../shared/domain/missing-report.js';
import { blockingEntries, personProfile, reportProfile, type MatchProfile } from '../shared/domain/matching.js';
import type { Person } from '../shared/domain/person.js';
import { outreachRules } from '../shared/domain/rules.js';
import { findCandidates } from '../shared/services/matching.js';
import { createDb } from '../shared/store/client.js';
import { batchWrite } from '../shared/store/batch.js';
import { blockingItems } from '../shared/store/matching.js';
import { ensureTable, localCredentials, localRegion } from '../infra/local/dynamo.js';
import { seededRandom } from './names.js';
import { mapConcurrent, median, ms, percentile, ratio, table } from './stats.js';
import { scale } from './mode.js';

/**
 * Matching evaluation (issue: family tracing, section 6). A seeded generator makes realistic true
 * pairs, a family's report and the same person found by a station, with what goes wrong in the
 * field: names heard as homophones, miswritten or not given at all, ages estimated years off,
 * heights off by centimetres, accents noted or not, sex not recorded, found before the family filed;
 * among distractor reports drawn from the same population. Each found person is matched against
 * every open report through the blocking index, as the matching function does.
 */

export const SEED = 20261128;
/** Found persons matched one at a time for the time figures (the rest are matched four at a time, for quality only). */
export const TIMED_MATCHES = 300;
/** Thresholds the evaluation reports precision at, beside the one in force. */
const THRESHOLDS = [0.02, 0.05, 0.2, 0.5, 0.9];
const NOW = new Date('2026-11-28T04:00:00Z');

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱武戴孔'];
/** Given-name characters with a homophone a clerk might write instead. */
const HOMOPHONES: Record<string, string> = {
  伟: '玮', 芳: '方', 英: '莹', 敏: '闽', 静: '婧', 丽: '莉', 强: '蔷', 磊: '垒', 军: '君', 洋: '阳', 勇: '永', 艳: '燕', 杰: '洁', 娟: '鹃', 涛: '韬',
  明: '鸣', 超: '潮', 兰: '岚', 霞: '侠', 平: '萍', 刚: '钢', 华: '桦', 红: '宏', 玉: '钰', 梅: '玫', 志: '智', 文: '雯', 斌: '彬', 林: '琳', 云: '芸',
  飞: '菲', 鹏: '朋', 辉: '晖', 宇: '雨', 浩: '皓', 凯: '恺', 健: '建', 俊: '骏', 帆: '凡', 旭: '序', 宁: '凝', 婷: '亭', 雪: '薛', 慧: '惠', 佳: '嘉',
  欣: '新', 东: '冬', 春: '椿', 秀: '袖', 国: '果',
};
const GIVEN = Object.keys(HOMOPHONES);
/** Provinces with the accent a station would note, and a rough share of reports. */
/** Provinces with their division code, the accent a station would note, and a rough share of reports. */
const PROVINCES: [string, string, string, number][] = [
  ['四川省', '51', '四川口音', 9], ['重庆市', '50', '重庆口音', 5], ['河南省', '41', '河南口音', 9], ['山东省', '37', '山东口音', 7], ['广东省', '44', '广东口音', 7],
  ['湖南省', '43', '湖南口音', 6], ['湖北省', '42', '湖北口音', 5], ['安徽省', '34', '安徽口音', 5], ['河北省', '13', '河北口音', 6], ['江苏省', '32', '苏北口音', 6],
  ['贵州省', '52', '贵州口音', 4], ['云南省', '53', '云南口音', 4], ['黑龙江省', '23', '东北口音', 4], ['辽宁省', '21', '东北口音', 4], ['陕西省', '61', '陕西口音', 4],
  ['江西省', '36', '江西口音', 4], ['福建省', '35', '闽南口音', 3], ['浙江省', '33', '浙江口音', 4], ['山西省', '14', '山西口音', 3], ['甘肃省', '62', '甘肃口音', 3],
];
/** A district code (区县) in a province: one of 15 cities, one of 10 counties. */
const districtIn = (random: () => number, province: string) =>
  `${province}${String(1 + Math.floor(random() * 15)).padStart(2, '0')}${String(1 + Math.floor(random() * 10)).padStart(2, '0')}`;
const PLACES = ['左手背', '右手背', '左脸颊', '右脸颊', '额头', '左眉', '右耳', '脖子左侧', '左臂', '右小腿', '下巴', '后脑'];
const FEATURES = ['有烫伤疤痕', '有黑痣', '有刺青', '有胎记', '有刀疤', '有老年斑'];
const COLOURS = ['蓝色', '黑色', '灰色', '红色', '绿色', '白色', '棕色', '军绿色'];
const GARMENTS = ['棉袄', '夹克', '毛衣', '外套', '衬衫', '运动服', '羽绒服'];
const SHOES = ['布鞋', '运动鞋', '拖鞋', '皮鞋', '解放鞋'];

type Truth = {
  surname: string;
  given: string;
  sex: 'male' | 'female';
  birthYear: number;
  heightCm: number;
  province: string;
  accent: string;
  /** Where they lived and went missing. */
  district: string;
  marks: string[];
  clothing: string;
  lastSeenAt: Date;
};

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
const gauss = (random: () => number) => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
function weighted<T>(random: () => number, list: readonly (readonly [...unknown[], number])[]): T {
  const total = list.reduce((sum, row) => sum + (row.at(-1) as number), 0);
  let draw = random() * total;
  for (const row of list) {
    draw -= row.at(-1) as number;
    if (draw <= 0) return row as unknown as T;
  }
  return list[0] as unknown as T;
}

/** A person who went missing: the elderly with dementia and minors are over-represented, as in real reports. */
function truth(random: () => number): Truth {
  const band = random();
  const age = band < 0.45 ? 60 + Math.floor(random() * 30) : band < 0.7 ? 8 + Math.floor(random() * 10) : 18 + Math.floor(random() * 42);
  const sex = random() < 0.55 ? 'male' : 'female';
  const adultHeight = sex === 'male' ? 168 + 6 * gauss(random) : 157 + 5.5 * gauss(random);
  const heightCm = Math.round(age < 16 ? 120 + (adultHeight - 120) * ((age - 8) / 8) : age > 75 ? adultHeight - 3 : adultHeight);
  const [province, code, accent] = weighted<[string, string, string, number]>(random, PROVINCES);
  const lastSeenAt = new Date(NOW.getTime() - Math.floor(random() * 4 * 365 + 20) * 86_400_000);
  return {
    surname: SURNAMES[Math.floor(random() ** 2 * SURNAMES.length)] as string,
    given: pick(random, GIVEN) + (random() < 0.6 ? pick(random, GIVEN) : ''),
    sex,
    birthYear: NOW.getUTCFullYear() - age - Math.round((NOW.getTime() - lastSeenAt.getTime()) / (365 * 86_400_000)),
    heightCm: Math.max(100, Math.min(195, heightCm)),
    province,
    accent,
    district: districtIn(random, code),
    marks: random() < 0.8 ? [`${pick(random, PLACES)}${pick(random, FEATURES)}`] : [],
    clothing: `${pick(random, COLOURS)}${pick(random, GARMENTS)}，${pick(random, COLOURS)}${pick(random, SHOES)}`,
    lastSeenAt,
  };
}

/** The family's report: the true name and birth year (sometimes an age instead), a height they remember. */
function reportOf(person: Truth, id: string, random: () => number): MissingReport {
  const at = person.lastSeenAt.toISOString();
  const ageThen = person.lastSeenAt.getUTCFullYear() - person.birthYear;
  return {
    id,
    name: person.surname + person.given,
    aliases: random() < 0.2 ? [`小${person.given.slice(-1)}`] : [],
    sex: person.sex,
    ...(random() < 0.8 ? { birthYear: person.birthYear } : { ageAtDisappearance: ageThen }),
    ...(random() < 0.85 ? { heightCm: person.heightCm + Math.round(2 * gauss(random)) } : {}),
    ...(person.marks.length && random() < 0.8 ? { marks: person.marks.join('，') } : {}),
    ...(random() < 0.5 ? { dialect: person.accent.replace('口音', '话') } : {}),
    homeRegion: { province: person.province },
    conditions: [],
    lastSeen: { at, place: `${person.province}某地`, ...(random() < 0.6 ? { district: person.district } : {}) },
    ...(random() < 0.8 ? { clothing: person.clothing } : {}),
    reporter: { name: `${person.surname}某`, relation: '家属', phone: '13800000000' },
    // Families file where they live.
    district: person.district,
    status: 'open',
    createdAt: at,
    createdBy: 'bench',
    updatedAt: at,
    version: 1,
  };
}

/** Where a station finds them: mostly in the city they went missing from, some in the province, some far away. */
function foundIn(person: Truth, random: () => number): string {
  const draw = random();
  if (draw < 0.65) return `${person.district.slice(0, 4)}${String(1 + Math.floor(random() * 10)).padStart(2, '0')}`;
  if (draw < 0.8) return districtIn(random, person.district.slice(0, 2));
  return districtIn(random, (pick(random, PROVINCES) as [string, string, string, number])[1]);
}

export type FoundCase = 'exact_name' | 'homophone_name' | 'typo_name' | 'surname_only' | 'no_name';

/** The same person found by a station: what they could say, and what staff estimate and measure. */
function foundOf(person: Truth, id: string, random: () => number): { person: Person; kind: FoundCase; foundAt: string } {
  const draw = random();
  const kind: FoundCase = draw < 0.2 ? 'exact_name' : draw < 0.4 ? 'homophone_name' : draw < 0.5 ? 'typo_name' : draw < 0.6 ? 'surname_only' : 'no_name';
  const given = [...person.given];
  const name =
    kind === 'exact_name' ? person.surname + person.given
    : kind === 'homophone_name' ? person.surname + given.map((char, index) => (index === given.length - 1 ? (HOMOPHONES[char] ?? char) : char)).join('')
    : kind === 'typo_name' ? person.surname + given.slice(0, -1).join('') + pick(random, GIVEN.filter((char) => char !== given.at(-1)))
    : kind === 'surname_only' ? person.surname
    : undefined;
  // Found within days to a year after going missing; some before the family filed (the report's time is when they went missing).
  const foundAt = new Date(Math.min(NOW.getTime() - 86_400_000, person.lastSeenAt.getTime() + Math.floor(random() ** 2 * 365) * 86_400_000 + 3_600_000));
  const trueAge = foundAt.getUTCFullYear() - person.birthYear;
  // Estimates are off by years, more for older faces.
  const error = Math.round(gauss(random) * (trueAge < 18 ? 1.2 : trueAge > 60 ? 3 : 2.5));
  const estimatedAt = foundAt.toISOString().slice(0, 10);
  const at = foundAt.toISOString();
  return {
    kind,
    foundAt: at,
    person: {
      id,
      ...(name ? { name } : {}),
      aliases: [],
      sex: random() < 0.05 ? 'unknown' : person.sex,
      estimatedAge: Math.max(1, trueAge + error),
      estimatedAt,
      heightCm: person.heightCm + Math.round(gauss(random)),
      ...(person.marks.length && random() < 0.85 ? { marks: person.marks.map((mark) => mark.replace('有', '')).join('，') } : {}),
      ...(random() < 0.6 ? { dialect: person.accent } : {}),
      // Still in the clothes they left in when found within a month; a station records them on intake.
      ...(random() < 0.8 ? { clothing: foundAt.getTime() - person.lastSeenAt.getTime() < 30 * 86_400_000 ? person.clothing : `${pick(random, COLOURS)}${pick(random, GARMENTS)}` } : {}),
      riskFactors: [],
      identityStatus: 'unidentified',
      status: 'in_care',
      guardians: [],
      registrationSource: 'patrol',
      district: foundIn(person, random),
      createdAt: at,
      updatedAt: at,
      version: 1,
    } as Person,
  };
}

/** The seeded evaluation set: `reports` reports, the first `pairs` of them with their person found. */
export function evaluationSet(reports: number, pairs: number, seed = SEED) {
  const random = seededRandom(seed);
  const truths = Array.from({ length: pairs }, () => truth(random));
  const all: MissingReport[] = [];
  for (let index = 0; index < reports; index += 1) {
    const person = index < pairs ? (truths[index] as Truth) : truth(random);
    all.push(reportOf(person, `r${String(index).padStart(6, '0')}`, random));
  }
  const found = truths.map((person, index) => foundOf(person, `p${String(index).padStart(6, '0')}`, random));
  return { all, found, now: NOW };
}

export type MatchingEvaluation = {
  reports: number;
  truePairs: number;
  recallAt1: number;
  recallAt5: number;
  precisionAtThreshold: number;
  listedPerPerson: number;
  medianMs: number;
  p95Ms: number;
  getItemMedianMs: number;
  medianScored: number;
  medianScoredShare: number;
  loadSeconds: number;
  byCase: Record<FoundCase, { n: number; recallAt5: number }>;
  withinBudget: boolean;
  thresholds: { threshold: number; listedPerPerson: number; precision: number; truePairListed: number }[];
};

/** Loads `reports` open reports (true pairs among them) with BatchWriteItem, then matches every found person. */
export async function matchingEvaluation(options: { dynamoEndpoint: string; log: (line: string) => void; reports?: number; pairs?: number }) {
  const reports = options.reports ?? Number(process.env['BENCH_MATCHING_REPORTS'] ?? scale(100_000, 10_000));
  const pairs = options.pairs ?? Number(process.env['BENCH_MATCHING_PAIRS'] ?? scale(1_000, 200));
  const tableName = 'outreach-bench-matching';
  // The app's table without its stream: nothing here reads the stream, and DynamoDB Local writes
  // twice as fast without one (the index load is most of this section's time).
  await ensureTable(options.dynamoEndpoint, tableName, { stream: false });
  const db = createDb(tableName, { endpoint: options.dynamoEndpoint, region: localRegion, credentials: localCredentials }, 'bench-matching-0123456789abcdef');
  const deps = { db, rules: outreachRules, now: () => NOW };
  const { all, found } = evaluationSet(reports, pairs);

  // Load the blocking index as the matching function writes it, 25 items a request, 16 requests at a time.
  const loadStarted = performance.now();
  const items = all.flatMap((report) => {
    const profile = reportProfile(report);
    return blockingItems(blockingEntries(profile), profile);
  });
  const chunks: Record<string, unknown>[][] = [];
  for (let start = 0; start < items.length; start += 250) chunks.push(items.slice(start, start + 250));
  let done = 0;
  await mapConcurrent(chunks, 16, async (chunk) => {
    await batchWrite(db, chunk);
    done += chunk.length;
    if (done % 50_000 < chunk.length) options.log(`  loaded ${done} of ${items.length} index entries`);
  });
  const loadSeconds = (performance.now() - loadStarted) / 1000;

  // The floor: one GetItem round trip on the same table, measured between the matches.
  const getItemTimes: number[] = [];
  const times: number[] = [];
  const scored: number[] = [];
  let hits1 = 0;
  let hits5 = 0;
  let listed = 0;
  let listedTrue = 0;
  const byCase = {} as Record<FoundCase, { n: number; hits: number }>;
  /** At other thresholds: candidates listed and true pairs among them. */
  const atThreshold = new Map(THRESHOLDS.map((threshold) => [threshold, { listed: 0, truePairs: 0 }]));
  // Quality over every found person; time over the first TIMED_MATCHES, matched one at a time
  // beside a GetItem each (the floor), and the rest four at a time so that the run stays short.
  let matched = 0;
  const evaluate = async (index: number, entry: (typeof found)[number], timed: boolean) => {
    const profile: MatchProfile = personProfile(entry.person, 'person', entry.foundAt, outreachRules);
    const started = performance.now();
    const result = await findCandidates(deps, profile, 'report');
    if (timed) {
      times.push(performance.now() - started);
      const getStarted = performance.now();
      await db.doc.send(new GetCommand({ TableName: tableName, Key: { pk: 'MB#none', sk: 'none' } }));
      getItemTimes.push(performance.now() - getStarted);
    }
    scored.push(result.scored);
    const trueId = (all[index] as MissingReport).id;
    const rank = result.ranked.findIndex((candidate) => candidate.other.id === trueId);
    const listedRank = result.candidates.findIndex((candidate) => candidate.other.id === trueId);
    if (rank === 0) hits1 += 1;
    if (rank >= 0 && rank < 5) hits5 += 1;
    listed += result.candidates.length;
    for (const [threshold, tally] of atThreshold) {
      const shown = result.ranked.filter((candidate) => candidate.score >= threshold);
      tally.listed += shown.length;
      if (shown.some((candidate) => candidate.other.id === trueId)) tally.truePairs += 1;
    }
    if (listedRank >= 0) listedTrue += 1;
    const bucket = (byCase[entry.kind] ??= { n: 0, hits: 0 });
    bucket.n += 1;
    if (rank >= 0 && rank < 5) bucket.hits += 1;
    matched += 1;
    if (matched % 500 === 0) options.log(`  matched ${matched} of ${found.length}`);
  };
  const timedCount = Math.min(found.length, TIMED_MATCHES);
  for (let index = 0; index < timedCount; index += 1) await evaluate(index, found[index] as (typeof found)[number], true);
  const rest = found.slice(timedCount).map((entry, k) => ({ entry, index: timedCount + k }));
  await mapConcurrent(rest, 4, ({ entry, index }) => evaluate(index, entry, false));

  const evaluation: MatchingEvaluation = {
    reports,
    truePairs: pairs,
    recallAt1: hits1 / pairs,
    recallAt5: hits5 / pairs,
    precisionAtThreshold: listed ? listedTrue / listed : 0,
    listedPerPerson: listed / pairs,
    medianMs: median(times),
    p95Ms: percentile(times, 95),
    getItemMedianMs: median(getItemTimes),
    medianScored: median(scored),
    medianScoredShare: median(scored) / reports,
    loadSeconds,
    byCase: Object.fromEntries(Object.entries(byCase).map(([kind, bucket]) => [kind, { n: bucket.n, recallAt5: bucket.hits / bucket.n }])) as MatchingEvaluation['byCase'],
    withinBudget: false,
    thresholds: [...atThreshold].map(([threshold, tally]) => ({
      threshold,
      listedPerPerson: tally.listed / pairs,
      precision: tally.listed ? tally.truePairs / tally.listed : 0,
      truePairListed: tally.truePairs / pairs,
    })),
  };
  evaluation.withinBudget = evaluation.recallAt5 >= 0.95 && evaluation.medianScoredShare <= 0.02 && evaluation.medianMs <= 100;
  const percent = (value: number) => `${(100 * value).toFixed(1)}%`;
  const text = [
    `${reports} open reports (${pairs} true pairs), seed ${SEED}; index loaded in ${loadSeconds.toFixed(1)} s`,
    '',
    table(
      ['measure', 'value', 'budget'],
      [
        ['recall@1', percent(evaluation.recallAt1), ''],
        ['recall@5', percent(evaluation.recallAt5), '≥ 95%'],
        [`precision at threshold ${outreachRules.matching.threshold}`, percent(evaluation.precisionAtThreshold), ''],
        ['candidates listed per person', evaluation.listedPerPerson.toFixed(2), ''],
        ['median reports scored per person', `${evaluation.medianScored} (${percent(evaluation.medianScoredShare)})`, '≤ 2%'],
        [`median time to match one person (first ${Math.min(pairs, TIMED_MATCHES)}, one at a time)`, ms(evaluation.medianMs), '≤ 100 ms'],
        ['p95 time', ms(evaluation.p95Ms), ''],
        ['median GetItem on the same table', `${ms(evaluation.getItemMedianMs)} (match = ${ratio(evaluation.medianMs / evaluation.getItemMedianMs)})`, ''],
      ],
    ),
    '',
    table(
      ['threshold', 'listed per person', 'precision', 'true pair listed'],
      [...atThreshold].map(([threshold, tally]) => [threshold, (tally.listed / pairs).toFixed(2), percent(tally.listed ? tally.truePairs / tally.listed : 0), percent(tally.truePairs / pairs)]),
    ),
    '',
    table(['found person', 'n', 'recall@5'], Object.entries(evaluation.byCase).map(([kind, bucket]) => [kind, bucket.n, percent(bucket.recallAt5)])),
  ].join('\n');
  return { evaluation, text };
}
