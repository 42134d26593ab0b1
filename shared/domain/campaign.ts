/**
 * Weather campaigns (夏季送清凉 / 寒冬送温暖), pure: which signal is in force for an area and hazard
 * (an official warning always wins over a computed one), what that means for the campaign (start,
 * escalate, fall quiet, end), the visit list in priority order, the message a patrol worker acts
 * on, and coverage from encounters. DOMAIN.md "Weather"; the values are `campaignRules` in rules.ts.
 */
import { mayBeElderly, mayBeMinor } from './age.js';
import { contains, type Area } from './area.js';
import { cstDate } from './cst.js';
import type { Encounter } from './encounter.js';
import { distanceMeters, type LatLng } from './geo.js';
import type { PersonSummary } from './person-views.js';
import { warningRules, type CampaignRules, type OutreachRules } from './rules.js';
import { levelRank, type ComputedSignal, type Hazard, type Level } from './weather.js';

export type CampaignKind = 'heat' | 'cold';
export const kindOf = (hazard: Hazard): CampaignKind => (hazard === 'heat' ? 'heat' : 'cold');

/** An official warning's state for one area and hazard, as the warnings received leave it. */
export type OfficialSignal = {
  areaId: string;
  hazard: Hazard;
  level: Level;
  warningId: string;
  sent: string;
  onset?: string;
  /** When the warning said it expires; none: in force until lifted, at most `warningRules.maxInForceHours`. */
  expires?: string;
  status: 'active' | 'cancelled';
  cancelledAt?: string;
};

/** The signal in force: a level and where it came from; none (quiet since when); or unknown (no forecast, no warning). */
export type EffectiveSignal =
  | { state: 'signal'; level: Level; source: { kind: 'official'; warningId: string } | { kind: 'computed'; rule: ComputedSignal['rule'] }; until: string }
  | { state: 'none'; since: string }
  | { state: 'unknown' };

/** Whether a CST date falls in a window of MM-DD bounds (inclusive; a window may run over the new year). */
export function inWindow(at: Date, window: { from: string; to: string }): boolean {
  const day = cstDate(at).slice(5);
  return window.from <= window.to ? day >= window.from && day <= window.to : day >= window.from || day <= window.to;
}

/**
 * Until when an official signal is in force: its `expires`; without one, `maxInForceHours` from its
 * onset or from when it was sent, whichever is later (each Update starts the count again).
 */
export function officialUntil(official: Pick<OfficialSignal, 'expires' | 'onset' | 'sent'>, maxInForceHours: number): string {
  if (official.expires) return official.expires;
  const from = Math.max(Date.parse(official.sent), official.onset ? Date.parse(official.onset) : 0);
  return new Date(from + maxInForceHours * 3600_000).toISOString();
}

/**
 * The signal in force for an area and hazard. An active official warning wins; a cancelled or
 * expired one still wins for the quiet period after it (a forecast does not overrule the service's
 * all-clear), and after it too while there is no forecast. A warning without `expires` that was
 * never lifted is stale after `maxInForceHours`: it no longer speaks, and the forecast decides as if
 * it had not come. Otherwise a computed signal counts inside the campaign window. With no forecast
 * (`computed` undefined) and no warning, the state is unknown: missing data never starts or ends a campaign.
 */
export function effectiveSignal(
  hazard: Hazard,
  official: OfficialSignal | undefined,
  computed: ComputedSignal | null | undefined,
  now: Date,
  rules: CampaignRules,
  maxInForceHours: number = warningRules.maxInForceHours,
): EffectiveSignal {
  const stale = official && official.status === 'active' && !official.expires && Date.parse(officialUntil(official, maxInForceHours)) <= now.getTime();
  if (official && !stale) {
    const until = officialUntil(official, maxInForceHours);
    if (official.status === 'active' && Date.parse(until) > now.getTime()) {
      return { state: 'signal', level: official.level, source: { kind: 'official', warningId: official.warningId }, until };
    }
    const endedAt = official.status === 'cancelled' ? (official.cancelledAt ?? official.sent) : until;
    // The service's all-clear is evidence of its own: without a forecast it stands, and the campaign can end on it.
    if (computed === undefined || now.getTime() - Date.parse(endedAt) < rules.quietHoursToEnd * 3600_000) return { state: 'none', since: endedAt };
  }
  if (computed === undefined) return { state: 'unknown' };
  if (computed && inWindow(now, rules.windows[kindOf(hazard)])) {
    return { state: 'signal', level: computed.level, source: { kind: 'computed', rule: computed.rule }, until: computed.period.to };
  }
  return { state: 'none', since: now.toISOString() };
}

/** What a campaign's state needs from the stored campaign. */
export type CampaignState = { level: Level; quietSince?: string };

export type CampaignStep =
  | { action: 'start'; level: Level }
  | { action: 'escalate'; from: Level; to: Level }
  | { action: 'resume' }
  | { action: 'quiet'; since: string }
  | { action: 'end' }
  | { action: 'none' };

/**
 * The step for an area and hazard: start at or above the hazard's start level, escalate to a higher
 * level (never down), fall quiet when the signal goes, resume when it comes back, end after
 * `quietHoursToEnd` of quiet. Repeating it on the same facts gives `none`: the hourly run is idempotent.
 */
export function campaignStep(hazard: Hazard, active: CampaignState | undefined, signal: EffectiveSignal, now: Date, rules: CampaignRules): CampaignStep {
  if (signal.state === 'unknown') return { action: 'none' };
  if (!active) {
    return signal.state === 'signal' && levelRank(signal.level) >= levelRank(rules.startAt[hazard]) ? { action: 'start', level: signal.level } : { action: 'none' };
  }
  if (signal.state === 'signal') {
    if (levelRank(signal.level) > levelRank(active.level)) return { action: 'escalate', from: active.level, to: signal.level };
    return active.quietSince ? { action: 'resume' } : { action: 'none' };
  }
  const quietSince = active.quietSince ?? signal.since;
  if (now.getTime() - Date.parse(quietSince) >= rules.quietHoursToEnd * 3600_000) return { action: 'end' };
  return active.quietSince ? { action: 'none' } : { action: 'quiet', since: signal.since };
}

/** Where a person was last seen, as the encounter that saw them last left it (the position index). */
export type LastPosition = { personId: string; at: string; lat: number; lng: number; health: string };

/** Encounter positions of one grid cell in one month (the sleeping-spot index). */
export type SpotCell = { cell: string; month: string; count: number; sumLat: number; sumLng: number; people: string[]; lastAt: string };

/** A sleeping spot: neighbouring cells with encounters, their centroid and the people met there. */
export type SleepingSpot = { id: string; centroid: LatLng; encounters: number; people: string[]; lastAt: string };

/**
 * Clusters cells into spots: cells of the last `months` that touch (8-neighbourhood) form one spot,
 * its centroid the mean of their encounter positions. Cell keys are `i:j` grid indexes.
 */
export function clusterSpots(cells: SpotCell[], rules: Pick<CampaignRules, 'sleepingSpots'>): SleepingSpot[] {
  const merged = new Map<string, { count: number; sumLat: number; sumLng: number; people: Set<string>; lastAt: string }>();
  for (const cell of cells) {
    const into = merged.get(cell.cell) ?? { count: 0, sumLat: 0, sumLng: 0, people: new Set<string>(), lastAt: '' };
    into.count += cell.count;
    into.sumLat += cell.sumLat;
    into.sumLng += cell.sumLng;
    for (const person of cell.people) into.people.add(person);
    if (cell.lastAt > into.lastAt) into.lastAt = cell.lastAt;
    merged.set(cell.cell, into);
  }
  const seen = new Set<string>();
  const spots: SleepingSpot[] = [];
  for (const start of [...merged.keys()].sort()) {
    if (seen.has(start)) continue;
    const members: string[] = [];
    const queue = [start];
    seen.add(start);
    while (queue.length) {
      const key = queue.pop() as string;
      members.push(key);
      const [i, j] = key.split(':').map(Number) as [number, number];
      for (let di = -1; di <= 1; di += 1) {
        for (let dj = -1; dj <= 1; dj += 1) {
          const next = `${i + di}:${j + dj}`;
          if (!seen.has(next) && merged.has(next)) (seen.add(next), queue.push(next));
        }
      }
    }
    const parts = members.map((key) => merged.get(key) as NonNullable<ReturnType<typeof merged.get>>);
    const count = parts.reduce((sum, part) => sum + part.count, 0);
    if (count < rules.sleepingSpots.minEncounters) continue;
    spots.push({
      id: members.sort()[0] as string,
      centroid: { lat: round6(parts.reduce((s, p) => s + p.sumLat, 0) / count), lng: round6(parts.reduce((s, p) => s + p.sumLng, 0) / count) },
      encounters: count,
      people: [...new Set(parts.flatMap((part) => [...part.people]))].sort(),
      lastAt: parts.reduce((latest, part) => (part.lastAt > latest ? part.lastAt : latest), ''),
    });
  }
  return spots;
}
const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

/** The grid cell of a position (`i:j`, cells of `cellDegrees`). */
export const cellOf = (point: LatLng, cellDegrees: number) => `${Math.floor(point.lat / cellDegrees)}:${Math.floor(point.lng / cellDegrees)}`;

/** One entry of a visit list: a register member or a sleeping spot, with why it ranks where it does. */
export type VisitTarget = {
  rank: number;
  kind: 'person' | 'spot';
  /** The person's id, or the spot's cell key. */
  id: string;
  lat: number;
  lng: number;
  /** When the person (or anyone at the spot) was last met. */
  lastSeenAt: string;
  /** Why first: minor, elderly, ill (unwell or acutely ill when last met), disabled. Empty for the rest. */
  priority: ('minor' | 'elderly' | 'ill' | 'disabled')[];
  /** Last seen sleeping rough (status on the street) rather than whereabouts unknown. */
  outdoors: boolean;
  /** Where a person is placed: where last seen, or (never seen there) the registered address. */
  placedBy?: 'last_seen' | 'address';
  /** People met at a spot (ids), or the person's name for a register member. */
  people?: string[];
  name?: string;
};

/** People named with a spot on a visit list, at most (its priority reads them all). */
export const PEOPLE_PER_SPOT = 20;

/** Statuses of a person who is not on the street: not on a visit list. */
const offStreet = new Set(['in_care', 'placed', 'reunited', 'deceased']);

/** Why a person goes first on a visit list (DOMAIN.md: minors, elderly and ill first; protective reading of age). */
function priorityOf(person: PersonSummary | undefined, health: string | undefined, at: Date, rules: OutreachRules): VisitTarget['priority'] {
  const reasons: VisitTarget['priority'] = [];
  if (person && mayBeMinor(person, at, rules)) reasons.push('minor');
  if (person && (mayBeElderly(person, at, rules) || person.riskFactors.some((factor) => (rules.elderlyRiskFactors as readonly string[]).includes(factor)))) reasons.push('elderly');
  if (health === 'unwell' || health === 'acutely_ill') reasons.push('ill');
  if (person?.riskFactors.some((factor) => (rules.disablingRiskFactors as readonly string[]).includes(factor))) reasons.push('disabled');
  return reasons;
}

/**
 * The visit list of an area, in priority order: the vulnerable first (minors, elderly, ill,
 * disabled; a spot ranks with the most vulnerable person met there), then last seen outdoors, then
 * the longest since last contact (a member never met first of all). Register members are those
 * with a risk factor who are not in care, placed, reunited or dead, and whose last position lies
 * in the area, or whose registered address does (registered by family or survey, never met here).
 */
export function visitList(
  area: Pick<Area, 'boundary' | 'bbox'>,
  positions: LastPosition[],
  persons: Map<string, PersonSummary>,
  spots: SleepingSpot[],
  now: Date,
  rules: OutreachRules,
  addresses: ReadonlyMap<string, LatLng> = new Map(),
): VisitTarget[] {
  const personTargets: Omit<VisitTarget, 'rank'>[] = [];
  const priorityById = new Map<string, VisitTarget['priority']>();
  const lastPositions = new Map(positions.map((position) => [position.personId, position]));
  for (const person of persons.values()) {
    const position = lastPositions.get(person.id);
    const priority = priorityOf(person, position?.health, now, rules);
    priorityById.set(person.id, priority);
    if (person.riskFactors.length === 0 || offStreet.has(person.status)) continue;
    const address = addresses.get(person.id);
    const place = position && contains(area, position) ? { ...position, placedBy: 'last_seen' as const } : address && contains(area, address) ? { ...address, at: '', placedBy: 'address' as const } : undefined;
    if (!place) continue;
    personTargets.push({
      kind: 'person', id: person.id, lat: place.lat, lng: place.lng, lastSeenAt: position?.at ?? '', priority, placedBy: place.placedBy,
      outdoors: person.status === 'on_street', ...(person.name ? { name: person.name } : {}),
    });
  }
  const spotTargets: Omit<VisitTarget, 'rank'>[] = spots
    .filter((spot) => contains(area, spot.centroid))
    .map((spot) => ({
      // The people named with a spot are bounded, so that a chunk of 100 visits stays well inside one item.
      kind: 'spot', id: spot.id, lat: spot.centroid.lat, lng: spot.centroid.lng, lastSeenAt: spot.lastAt, outdoors: true, people: spot.people.slice(0, PEOPLE_PER_SPOT),
      priority: [...new Set(spot.people.flatMap((id) => priorityById.get(id) ?? []))].sort() as VisitTarget['priority'],
    }));
  return [...personTargets, ...spotTargets]
    .sort((a, b) =>
      Number(b.priority.length > 0) - Number(a.priority.length > 0) ||
      Number(b.outdoors) - Number(a.outdoors) ||
      (a.lastSeenAt < b.lastSeenAt ? -1 : a.lastSeenAt > b.lastSeenAt ? 1 : 0) ||
      (a.kind === b.kind ? 0 : a.kind === 'person' ? -1 : 1) ||
      (a.id < b.id ? -1 : 1),
    )
    .map((target, index) => ({ ...target, rank: index + 1 }));
}

const hazardNames: Record<Hazard, string> = { heat: '高温', cold_wave: '寒潮', road_icing: '道路结冰' };
const levelNames: Record<Level, string> = { blue: '蓝色', yellow: '黄色', orange: '橙色', red: '红色' };
const campaignNames: Record<CampaignKind, string> = { heat: '夏季送清凉', cold: '寒冬送温暖' };
const supplies: Record<CampaignKind, string> = { heat: '清凉包（防暑药品）、饮用水', cold: '御寒衣物、棉被、热食热水' };
const points: Record<CampaignKind, string> = { heat: '开放避暑纳凉点', cold: '开放临时取暖点' };

/** What a campaign message tells: which phase, where, at what level, and how many visits. */
export type CampaignNews = {
  phase: 'started' | 'escalated' | 'ended';
  hazard: Hazard;
  level: Level;
  from?: Level;
  areaName: string;
  official: boolean;
  persons: number;
  spots: number;
  reached?: number;
};

/** The zh-CN message a patrol worker acts on: what, where, how often, how many to visit, what to take. */
export function campaignMessage(news: CampaignNews, rules: CampaignRules): string {
  const kind = kindOf(news.hazard);
  const signal = `${hazardNames[news.hazard]}${levelNames[news.level]}${news.official ? '预警' : '预警（据预报）'}`;
  if (news.phase === 'ended') {
    return `【${campaignNames[kind]}·结束】${news.areaName}${hazardNames[news.hazard]}专项行动结束，走访完成 ${news.reached ?? 0}/${news.persons + news.spots}，请在系统中补录未登记的走访。`;
  }
  const head = news.phase === 'escalated' ? `【${campaignNames[kind]}·升级】${news.areaName}${hazardNames[news.hazard]}预警由${levelNames[news.from ?? news.level]}升为${levelNames[news.level]}` : `【${campaignNames[kind]}】${news.areaName}${signal}`;
  return (
    `${head}：即日起每日巡查${rules.patrolsPerDay[news.level]}次，24小时值守，${points[kind]}。` +
    `走访在册人员 ${news.persons} 人、露宿点 ${news.spots} 处（未成年人、老人、病人优先）。携带：${supplies[kind]}。遇急症先拨120。`
  );
}

/** A target's coverage: reached by which encounter, when. */
export type VisitStatus = { reached: boolean; reachedAt?: string; encounterId?: string };

export type CoverageReport = {
  targets: number;
  reached: number;
  /** People met by the campaign's encounters (listed or not). */
  peopleReached: number;
  supplies: Record<string, number>;
  referrals: Record<string, number>;
  escorted: number;
  /** Listed targets no encounter reached. */
  notFound: { kind: VisitTarget['kind']; id: string; rank: number }[];
};

/**
 * Coverage of a visit list by encounters: those with the campaign's id, or inside its area, within
 * its period, count. A person is reached by an encounter with them; a spot by one within
 * `spotVisitRadiusM` of its centroid. Reading coverage from the encounters (never a counter that
 * every patrol would update) keeps patrols from waiting on one another.
 */
export function coverage(
  campaign: { id: string; startedAt: string; endedAt?: string },
  area: Pick<Area, 'boundary' | 'bbox'>,
  targets: VisitTarget[],
  encounters: Encounter[],
  rules: Pick<CampaignRules, 'spotVisitRadiusM'>,
): { statuses: Map<string, VisitStatus>; report: CoverageReport } {
  const counted = encounters
    .filter((e) => e.occurredAt >= campaign.startedAt && (!campaign.endedAt || e.occurredAt <= campaign.endedAt))
    .filter((e) => e.campaignId === campaign.id || contains(area, e.location))
    .sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : 1));
  const statuses = new Map<string, VisitStatus>();
  const firstWithPerson = new Map<string, Encounter>();
  for (const e of counted) if (!firstWithPerson.has(e.personId)) firstWithPerson.set(e.personId, e);
  for (const target of targets) {
    const hit =
      target.kind === 'person'
        ? firstWithPerson.get(target.id)
        : counted.find((e) => distanceMeters(e.location, target) <= rules.spotVisitRadiusM);
    statuses.set(`${target.kind}#${target.id}`, hit ? { reached: true, reachedAt: hit.occurredAt, encounterId: hit.id } : { reached: false });
  }
  const supplies: Record<string, number> = {};
  const referrals: Record<string, number> = {};
  let escorted = 0;
  for (const e of counted) {
    for (const action of e.actions) {
      if (action.startsWith('offered_')) supplies[action.slice('offered_'.length)] = (supplies[action.slice('offered_'.length)] ?? 0) + 1;
      if (action === 'escorted_to_station') escorted += 1;
    }
    for (const referral of e.referrals) referrals[referral.kind] = (referrals[referral.kind] ?? 0) + 1;
  }
  const notFound = targets.filter((t) => !statuses.get(`${t.kind}#${t.id}`)?.reached).map((t) => ({ kind: t.kind, id: t.id, rank: t.rank }));
  return {
    statuses,
    report: { targets: targets.length, reached: targets.length - notFound.length, peopleReached: firstWithPerson.size, supplies, referrals, escorted, notFound },
  };
}

/** A CSV cell: quoted, quotes doubled, and a leading = + - @ (or tab, CR) neutralised so that no spreadsheet runs it as a formula. */
export function csvCell(value: unknown): string {
  let cell = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(cell)) cell = `'${cell}`;
  return `"${cell.replace(/"/g, '""')}"`;
}

/** A campaign: one area, one hazard, from start to end. */
export type Campaign = {
  id: string;
  areaId: string;
  areaName: string;
  district: string;
  hazard: Hazard;
  kind: CampaignKind;
  level: Level;
  status: 'active' | 'ended';
  startedAt: string;
  endedAt?: string;
  /** What started it: an official warning (its id) or a computed signal (the rule that fired). */
  trigger: EffectiveSignal extends infer S ? (S extends { state: 'signal'; source: infer Source } ? Source : never) : never;
  escalations: { at: string; from: Level; to: Level }[];
  /** Since when no signal is in force (a Cancel, an expiry, a forecast gone quiet). */
  quietSince?: string;
  patrolsPerDay: number;
  visits: { persons: number; spots: number; chunks: number; built: boolean };
  version: number;
};
