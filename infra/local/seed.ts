/**
 * `npm run seed`: demo data for 合川区 (500117) through the same API paths as real work, against a
 * running `npm start` (SEED_URL, default http://localhost:3000): the district's aid station and
 * welfare facilities, 300 register members with realistic names and risk factors, a month of
 * patrol encounters around 草街街道, and a few admissions to the aid station.
 *
 * Safe to run twice: every create carries an Idempotency-Key derived from what it creates, and the
 * month is anchored to the first run's date (kept in the data directory), so a second run replays
 * the first one's answers and writes nothing new. Facilities are matched by name before creating.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const base = (process.env['SEED_URL'] ?? `http://localhost:${process.env['PORT'] || 3000}`).replace(/\/$/, '');
const district = '500117';
const dataDir = resolve(process.env['OUTREACH_DATA_DIR'] ?? join(process.cwd(), '.data'));
const PERSONS = Number(process.env['SEED_PERSONS'] || 300);
const DAY = 86_400_000;

/** A stable UUID-shaped key for one thing the seed creates. */
const keyFor = (what: string) => {
  const hex = createHash('sha256').update(`outreach-seed:v1:${what}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

/** A small seeded generator (mulberry32), so each run makes the same people. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(20241128);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const chance = (p: number) => rand() < p;

const surnames = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗', '梁', '宋', '郑', '谢', '唐', '冯', '邓', '曾', '彭', '蒋', '蔡', '余', '杜', '叶', '程', '袁', '熊', '谭', '廖', '冉'];
const givenMale = ['德贵', '国强', '建华', '志明', '永福', '海涛', '光荣', '文斌', '家兴', '明亮', '大勇', '树林', '正平', '成林', '世华', '长春', '小军', '天佑', '金山', '宏伟'];
const givenFemale = ['桂兰', '秀英', '玉珍', '淑芬', '凤英', '翠华', '小红', '丽娟', '春梅', '素芳', '晓燕', '金凤', '美玲', '秀珍', '兰英'];
const places = ['草街客运站', '草街农贸市场', '嘉陵江大桥桥洞', '草街街道办事处门口', '龙洞沱码头', '草街中学附近', '合川北站出站口', '草街卫生院门口', '文峰街', '沿江步道凉亭'];
const marks = ['左手背有烫伤疤痕', '右眉有痣', '门牙缺一颗', '左耳佩戴助听器', '右腿微跛', '额头有旧伤疤'];
const relations = ['女儿', '儿子', '妻子', '丈夫', '侄子', '兄弟'];
/** Near 草街街道, 合川区 (WGS-84). */
const caojie = { lat: 29.9852, lng: 106.3496 };

type Json = Record<string, unknown>;
const tokens = new Map<string, string>();
async function token(role: string, extra: Json = {}) {
  const cacheKey = `${role}${JSON.stringify(extra)}`;
  if (!tokens.has(cacheKey)) {
    const response = await fetch(`${base}/v1/dev/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role, sub: `seed-${role}`, district, ...extra }) });
    if (!response.ok) throw new Error(`POST /v1/dev/tokens answered ${response.status}: is \`npm start\` running on ${base}?`);
    tokens.set(cacheKey, ((await response.json()) as { token: string }).token);
  }
  return tokens.get(cacheKey)!;
}

const tally = { created: 0, replayed: 0, skipped: 0 };
async function call(method: string, path: string, role: string, body?: Json, key?: string): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${await token(role)}`, ...(body ? { 'content-type': 'application/json' } : {}), ...(key ? { 'idempotency-key': keyFor(key) } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const parsed = (await response.json().catch(() => ({}))) as Json;
  if (method === 'POST') {
    if (response.ok) tally[response.headers.get('idempotent-replayed') === 'true' ? 'replayed' : 'created']++;
    else {
      tally.skipped++;
      if (response.status >= 500) throw new Error(`${method} ${path} answered ${response.status}`);
      const fields = ((parsed['errors'] as { path?: string; message?: string }[] | undefined) ?? []).map((error) => `${error.path}: ${error.message}`).join('; ');
      process.stderr.write(`\n  ${method} ${path}: ${response.status} ${String(parsed['detail'] ?? parsed['title'] ?? '')}${fields ? ` (${fields})` : ''}\n`);
    }
  }
  return { status: response.status, body: parsed };
}

/** One line per step on a terminal (rewritten in place), a line every quarter elsewhere. */
function progress(label: string, done: number, total: number) {
  const quarter = Math.max(1, Math.ceil(total / 4));
  if (process.stdout.isTTY) process.stdout.write(`\r  ${label} ${done}/${total}${done === total ? '\n' : ''}`);
  else if (done === total || done % quarter === 0) process.stdout.write(`  ${label} ${done}/${total}\n`);
}

/** Runs `work` over items, `width` at a time, reporting progress. */
async function each<T>(label: string, items: T[], work: (item: T, index: number) => Promise<void>, width = 4) {
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index]!, index);
        progress(label, ++done, items.length);
      }
    }),
  );
  if (!items.length) progress(label, 0, 0);
}

/** The first run's date: later runs build the same bodies, so their keys replay. */
function anchor(): number {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'seed-anchor.json');
  if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { at: number }).at;
  const at = Math.floor(Date.now() / 60_000) * 60_000;
  writeFileSync(file, JSON.stringify({ at }));
  return at;
}

const facilities = [
  { name: '合川区救助管理站', type: 'aid_station', address: '重庆市合川区南津街街道南屏路', location: { lat: 29.9876, lng: 106.2705 }, capacity: { male: 30, female: 12 } },
  { name: '合川区社会福利院', type: 'welfare_home', address: '重庆市合川区钓鱼城街道', location: { lat: 30.0124, lng: 106.2902 }, capacity: { male: 60, female: 50 } },
  { name: '合川区未成年人救助保护中心', type: 'child_protection', address: '重庆市合川区合阳城街道', location: { lat: 29.9745, lng: 106.2631 }, capacity: { male: 10, female: 10 } },
  { name: '合川区精神卫生福利院', type: 'psychiatric_welfare', address: '重庆市合川区草街街道', location: { lat: 29.9903, lng: 106.3442 }, capacity: { male: 40, female: 30 } },
];

async function main() {
  const now = anchor();
  const ageDays = Math.floor((Date.now() - now) / DAY);
  process.stdout.write(`Seeding ${base} (district ${district}, 合川区)${ageDays ? `; demo month anchored ${ageDays} days ago` : ''}\n`);

  // Facilities, matched by name so a second run (or an office that made them by hand) adds none.
  const existing = (await call('GET', `/v1/facilities?district=${district}&limit=100`, 'admin')).body['items'] as { id: string; name: string }[];
  const facilityIds: Record<string, string> = {};
  await each('facilities', facilities, async (facility) => {
    const found = existing.find((item) => item.name === facility.name);
    if (found) return void (facilityIds[facility.type] = found.id);
    const created = await call('POST', '/v1/facilities', 'admin', { ...facility, district }, `facility:${facility.name}`);
    facilityIds[facility.type] = String(created.body['id']);
  });

  // Register members: names, ages and risk factors as a survey would find them.
  const people = Array.from({ length: PERSONS }, (_, index) => {
    const sex = chance(0.72) ? 'male' : 'female';
    const risks = new Set<string>();
    const age = chance(0.08) ? 12 + Math.floor(rand() * 5) : 35 + Math.floor(rand() * 50);
    if (age < 18) risks.add('minor_in_difficulty');
    if (age >= 65 && chance(0.5)) risks.add('elderly_alone');
    if (age >= 70 && chance(0.35)) risks.add('dementia');
    if (chance(0.18)) risks.add('mental_disorder');
    if (chance(0.07)) risks.add('intellectual_disability');
    if (chance(0.08)) risks.add('physical_disability');
    if (chance(0.3)) risks.add('repeat_rough_sleeper');
    const name = `${pick(surnames)}${pick(sex === 'male' ? givenMale : givenFemale)}`;
    const surveyedDaysAgo = 10 + Math.floor(rand() * 200);
    return {
      index,
      body: {
        name,
        aliases: [],
        sex,
        birthYear: new Date(now).getUTCFullYear() - age,
        homeRegion: { province: '重庆市', city: '重庆市', county: pick(['合川区', '合川区', '合川区', '铜梁区', '潼南区', '北碚区']) },
        riskFactors: [...risks],
        ...(chance(0.3) ? { marks: pick(marks) } : {}),
        ...(chance(0.5) ? { dialect: '重庆话' } : {}),
        status: 'on_street',
        guardians: chance(0.45) ? [{ name: `${name.slice(0, 1)}${pick(givenFemale)}`, relation: pick(relations), phone: `13${String(800000000 + Math.floor(rand() * 199999999)).padStart(9, '0')}` }] : [],
        registrationSource: 'survey',
        lastSurveyAt: new Date(now - surveyedDaysAgo * DAY).toISOString().slice(0, 10),
        district,
      } as Json,
      personId: '',
    };
  });
  await each('register members', people, async (person) => {
    const created = await call('POST', '/v1/persons', 'admin', person.body, `person:${person.index}`);
    person.personId = String((created.body['person'] as Json | undefined)?.['id'] ?? '');
  });

  // A month of patrol encounters around 草街街道: most with registered people, some with newcomers.
  const met = people.filter((person) => person.personId).slice(0, Math.floor(PERSONS * 0.6));
  const encounters = Array.from({ length: Math.round(PERSONS * 1.3) }, (_, index) => {
    const daysAgo = Math.floor(rand() * 27);
    const hour = pick([7, 8, 9, 10, 14, 15, 16, 19, 20, 21]);
    // That CST hour of the day, a day earlier when it has not come yet today (the API refuses a future time).
    const at = now - daysAgo * DAY - (now % DAY) + (hour - 8) * 3_600_000 + Math.floor(rand() * 3_600_000);
    const occurredAt = new Date(at > now - 60_000 ? at - DAY : at).toISOString();
    const known = chance(0.85) ? pick(met) : undefined;
    const actions = [...new Set([pick(['offered_food', 'offered_water', 'offered_clothing', 'offered_bedding']), ...(chance(0.25) ? ['persuaded_to_station'] : []), ...(chance(0.1) ? ['refused_help'] : []), ...(chance(0.15) ? ['left_contact'] : [])])];
    return {
      index,
      known,
      body: {
        ...(known ? { personId: known.personId } : { newPerson: { sex: chance(0.75) ? 'male' : 'female', estimatedAge: 30 + Math.floor(rand() * 50), estimatedAt: occurredAt.slice(0, 10) } }),
        occurredAt,
        location: { lat: caojie.lat + (rand() - 0.5) * 0.02, lng: caojie.lng + (rand() - 0.5) * 0.02, accuracyM: 5 + Math.floor(rand() * 40), crs: 'WGS84', place: pick(places) },
        condition: { health: pick(['well', 'well', 'well', 'unwell', 'unknown']), dressedForWeather: chance(0.6) },
        actions,
        concerns: chance(0.04) ? ['suspected_lost'] : [],
      } as Json,
    };
  }).sort((a, b) => String(a.body['occurredAt']).localeCompare(String(b.body['occurredAt'])));
  await each('encounters', encounters, async (encounter) => {
    await call('POST', '/v1/encounters', 'patrol', encounter.body, `encounter:${encounter.index}`);
  }, 2);

  // A few admissions to the aid station, so the shelter screen has residents with deadlines.
  const station = facilityIds['aid_station'];
  const admitted = people.filter((person) => person.personId && (person.body['riskFactors'] as string[]).length > 0).slice(0, 12);
  if (station) {
    await each('admissions', admitted, async (person, index) => {
      await call('POST', '/v1/admissions', 'admin', { personId: person.personId, facilityId: station, at: new Date(now - (index % 12) * DAY - 3_600_000).toISOString(), via: pick(['escorted_by_patrol', 'police', 'self_referred']) }, `admission:${person.index}`);
    }, 2);
  }

  // Family tracing: people who cannot say who they are, admitted to the station (each opens a tracing
  // case), and families' missing-person reports, three of them describing a person here (the local
  // stream poller matches them within seconds of the seed).
  type Found = { name?: string; sex: 'male' | 'female'; age: number; heightCm: number; marks?: string; dialect?: string; province?: string; county?: string; daysAgo: number };
  const found: Found[] = [
    { name: '周德贵', sex: 'male', age: 78, heightCm: 163, marks: '左手背有烫伤疤痕', dialect: '四川口音', province: '四川省', county: '广安区', daysAgo: 6 },
    { name: '李秀英', sex: 'female', age: 81, heightCm: 151, marks: '右眉有痣', dialect: '重庆口音', province: '重庆市', county: '铜梁区', daysAgo: 12 },
    { name: '张小军', sex: 'male', age: 15, heightCm: 160, marks: '额头有旧伤疤', dialect: '贵州口音', province: '贵州省', county: '遵义市', daysAgo: 3 },
    { sex: 'male', age: 55, heightCm: 170, marks: '右小腿有刺青', daysAgo: 20 },
    { sex: 'female', age: 40, heightCm: 158, daysAgo: 9 },
    { sex: 'male', age: 68, heightCm: 166, marks: '脖子左侧有胎记', dialect: '河南口音', daysAgo: 15 },
  ];
  const unidentified: string[] = [];
  await each('unidentified people', found, async (person, index) => {
    const at = new Date(now - person.daysAgo * DAY);
    const created = await call('POST', '/v1/persons', 'admin', {
      aliases: [], sex: person.sex, estimatedAge: person.age, estimatedAt: at.toISOString().slice(0, 10), heightCm: person.heightCm,
      ...(person.marks ? { marks: person.marks } : {}), ...(person.dialect ? { dialect: person.dialect } : {}),
      riskFactors: person.age >= 60 ? ['dementia'] : person.age < 18 ? ['minor_in_difficulty'] : [], status: 'on_street', identityStatus: 'unidentified', registrationSource: 'patrol', district,
    }, `unidentified:${index}`);
    const personId = String((created.body['person'] as Json | undefined)?.['id'] ?? '');
    unidentified[index] = personId;
    if (station && personId) await call('POST', '/v1/admissions', 'admin', { personId, facilityId: station, at: new Date(at.getTime() + 3_600_000).toISOString(), via: 'escorted_by_patrol' }, `unidentified-admission:${index}`);
  }, 2);
  const reports = [
    // The families of the first three, filed where they live.
    ...found.slice(0, 3).map((person) => ({
      name: person.name as string, sex: person.sex, birthYear: new Date(now).getUTCFullYear() - person.age, heightCm: person.heightCm + 1, marks: person.marks,
      dialect: person.dialect?.replace('口音', '话'), homeRegion: { province: person.province as string, county: person.county }, daysAgo: person.daysAgo + 4,
    })),
    // Others no one here matches.
    { name: '王桂兰', sex: 'female', birthYear: 1950, heightCm: 155, marks: '左耳佩戴助听器', dialect: '四川话', homeRegion: { province: '四川省' }, daysAgo: 40 },
    { name: '陈大勇', sex: 'male', birthYear: 1992, heightCm: 175, dialect: '湖南话', homeRegion: { province: '湖南省' }, daysAgo: 70 },
    { name: '刘春梅', sex: 'female', birthYear: 2011, heightCm: 150, marks: '右手背有胎记', homeRegion: { province: '重庆市', county: '北碚区' }, daysAgo: 18 },
  ];
  await each('missing-person reports', reports, async (report, index) => {
    const { daysAgo, ...body } = report;
    await call('POST', '/v1/missing-reports', 'tracer', {
      ...body, aliases: [], conditions: [],
      lastSeen: { at: new Date(now - daysAgo * DAY).toISOString(), place: `${body.homeRegion.province}${body.homeRegion.county ?? ''}` },
      reporter: { name: `${body.name.slice(0, 1)}${pick(givenFemale)}`, relation: pick(relations), phone: `139${String(10000000 + index * 1234567).slice(0, 8)}` },
    }, `report:${index}`);
  }, 2);

  // An active campaign: 草街街道 as an area, and today's cold-wave warning (orange) for it; the
  // campaign evaluation starts 寒冬送温暖 at once, and the patrol screen lists its visits.
  await call('POST', '/v1/areas', 'admin', { name: '草街街道', district, altitudeM: 230, boundary: {
    type: 'Polygon', coordinates: [[[106.33, 29.97], [106.37, 29.97], [106.37, 30.0], [106.33, 30.0], [106.33, 29.97]]],
  } }, 'area:草街街道');
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const sent = new Date(`${today}T08:00:00+08:00`);
  await call('POST', '/v1/weather/warnings', 'admin', {
    identifier: `seed-cold-wave-${today}`, sender: `office:${district}`, sent: sent.toISOString(), msgType: 'Alert', event: '寒潮', level: 'orange',
    onset: sent.toISOString(), expires: new Date(sent.getTime() + 48 * 3_600_000).toISOString(), areas: ['草街街道'],
  });

  process.stdout.write(
    [
      `Done: ${tally.created} created, ${tally.replayed} already there (replayed), ${tally.skipped} refused.`,
      `Open ${base}/ and sign in: patrol, tracer or admin with district ${district}; shelter staff with facility ${station ?? '(see the office\'s 机构 page)'}.`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`\nnpm run seed stopped: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
