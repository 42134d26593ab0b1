import { randomUUID } from 'node:crypto';
import type { Actor } from '../domain/access.js';
import { mayActIn, scopeDistrict } from '../domain/access.js';
import type { Area } from '../domain/area.js';
import {
  campaignMessage, campaignStep, clusterSpots, coverage, csvCell, effectiveSignal, kindOf, visitList,
  type Campaign, type CampaignNews, type EffectiveSignal, type VisitTarget,
} from '../domain/campaign.js';
import { addMonths, cstDate } from '../domain/cst.js';
import { notFound } from '../domain/errors.js';
import { campaignRules, type CampaignRules, type OutreachRules, type weatherThresholds } from '../domain/rules.js';
import { computeSignals, hazards, type ComputedSignal, type Forecast, type Hazard } from '../domain/weather.js';
import { eventPut } from '../events/events.js';
import { logger } from '../logger.js';
import { allAreas, getArea } from '../store/areas.js';
import { appendAudit, auditPut, type AuditContext } from '../store/audit.js';
import { activeCampaignsOf, campaignChange, campaignStart, getCampaign, listCampaigns, visitChunk, visitChunkItems, visitTargets } from '../store/campaigns.js';
import type { Db } from '../store/client.js';
import { encountersOfDistrict } from '../store/encounters.js';
import type { Encounter } from '../domain/encounter.js';
import { keys } from '../store/keys.js';
import type { PageRequest } from '../store/pagination.js';
import { batchWrite } from '../store/batch.js';
import { lastSeenIn, spotCellsOf, type MembersLastSeen } from '../store/positions.js';
import { transactWrite, TransactionCancelled, type TransactItem } from '../store/transact.js';
import { officialSignalsOf } from '../store/warnings.js';
import { forecastsFor, type ForecastProvider } from '../weather/forecast.js';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';

/** The rule values an evaluation reads (the editable rules in force). */
export type CampaignRuleBook = { outreach: OutreachRules; campaign: CampaignRules; thresholds: typeof weatherThresholds };

export type EvaluationDeps = {
  db: Db;
  rules: CampaignRuleBook;
  /** The rules in force in a district (its overrides, then the national values); without it `rules` holds everywhere. */
  rulesIn?: (district: string) => Promise<CampaignRuleBook>;
  now: () => Date;
  /** No provider: forecasts are unavailable and campaigns follow official warnings only. */
  forecasts?: ForecastProvider;
  /** Concurrency and time budget of the forecast requests (default `forecastFetching`). */
  forecastFetching?: { concurrency?: number; budgetMs?: number };
  districts?: readonly string[];
  /** Who is acting, for the audit log: the office calling evaluate, or the sweep. */
  actor?: Actor;
  requestId?: string;
};

/** The sweep's identity in the audit log. */
export const evaluationActor: Actor = { sub: 'system:campaign-evaluation', roles: ['admin'] };

export type EvaluationReport = {
  areas: number; started: number; escalated: number; quiet: number; resumed: number; ended: number; rebuilt: number;
  forecastsMissing: number; staleAlerts: number;
  /** Areas whose forecast had not come when the run's budget ended (reported stale at once). */
  forecastsNotReached: number;
};

/** Per-district inputs of a visit list, read once per run and only when a campaign starts. */
type DistrictCache = Map<string, Promise<MembersLastSeen & { spots: ReturnType<typeof clusterSpots> }>>;

/**
 * The campaign evaluation (hourly, and on demand): for every area and hazard, the signal in force
 * (official warning first, else the forecast) decides a step: start, escalate, fall quiet, resume,
 * end. Idle, a run costs one query of the areas and two per district (official signals, active
 * campaigns), plus the forecasts; it writes only when something changes, so a second run on the
 * same facts writes nothing and sends nothing. Each change is one conditional transaction (the
 * lock item keeps one campaign per area and hazard; the version keeps an escalation to one alert).
 */
export async function evaluateCampaigns(everywhere: EvaluationDeps): Promise<EvaluationReport> {
  const { db } = everywhere;
  let deps = everywhere;
  const now = deps.now();
  const report: EvaluationReport = { areas: 0, started: 0, escalated: 0, quiet: 0, resumed: 0, ended: 0, rebuilt: 0, forecastsMissing: 0, staleAlerts: 0, forecastsNotReached: 0 };
  const audit: AuditContext = { actor: deps.actor ?? evaluationActor, requestId: deps.requestId ?? `evaluation-${now.toISOString()}`, now };
  const areas = await allAreas(db, deps.districts);
  report.areas = areas.length;
  const byDistrict = new Map<string, Area[]>();
  for (const area of areas) byDistrict.set(area.district, [...(byDistrict.get(area.district) ?? []), area]);
  const cache: DistrictCache = new Map();
  // Every area's forecast first, concurrently and within a budget: a slow provider delays no district's evaluation past it.
  const run = deps.forecasts ? await forecastsFor(areas, deps.forecasts, everywhere.rules.campaign.forecastDays, deps.forecastFetching) : undefined;
  const notReached = new Set(run?.notReached ?? []);
  const forecastProblem = run?.failed.values().next().value;
  for (const [district, districtAreas] of byDistrict) {
    if (everywhere.rulesIn) deps = { ...everywhere, rules: await everywhere.rulesIn(district) };
    const { rules } = deps;
    const [signals, active] = await Promise.all([officialSignalsOf(db, district), activeCampaignsOf(db, district)]);
    let freshForecasts = 0;
    for (const area of districtAreas) {
      const forecast: Forecast | undefined = run?.forecasts.get(area.id);
      if (forecast) freshForecasts += 1;
      else report.forecastsMissing += 1;
      const setName = rules.campaign.thresholdSet;
      const computed = forecast ? computeSignals(forecast, rules.thresholds[setName], setName, area.id, now) : undefined;
      for (const hazard of hazards) {
        const official = signals.find((signal) => signal.areaId === area.id && signal.hazard === hazard);
        const forecastSignal: ComputedSignal | null | undefined = computed ? (computed.find((signal) => signal.hazard === hazard) ?? null) : undefined;
        const signal = effectiveSignal(hazard, official, forecastSignal, now, rules.campaign);
        const campaign = active.find((c) => c.areaId === area.id && c.hazard === hazard);
        if (campaign && !campaign.visits.built) report.rebuilt += await buildVisits(deps, cache, area, campaign, now);
        const step = campaignStep(hazard, campaign, signal, now, rules.campaign);
        if (step.action === 'none') continue;
        const changed = await applyStep(deps, cache, audit, area, hazard, campaign, signal, step, now);
        if (changed) report[({ start: 'started', escalate: 'escalated', quiet: 'quiet', resume: 'resumed', end: 'ended' } as const)[step.action]] += 1;
      }
    }
    if (deps.forecasts) report.staleAlerts += await trackFreshness(db, district, freshForecasts > 0, now, rules.campaign);
    const missed = districtAreas.filter((area) => notReached.has(area.id));
    if (missed.length) {
      report.forecastsNotReached += missed.length;
      report.staleAlerts += await reportNotReached(db, district, missed, now);
    }
  }
  if (forecastProblem) logger.warn('Forecasts unavailable; campaigns follow official warnings only', { problem: forecastProblem, missing: report.forecastsMissing });
  return report;
}

/** The visit list of an area now: the persons last seen in its district (positions, summaries) and its spot cells. */
async function targetsFor(deps: EvaluationDeps, cache: DistrictCache, area: Area, now: Date): Promise<VisitTarget[]> {
  const { db, rules } = deps;
  let inputs = cache.get(area.district);
  if (!inputs) {
    inputs = (async () => {
      const toMonth = cstDate(now).slice(0, 7);
      const fromMonth = addMonths(`${toMonth}-01`, -rules.campaign.sleepingSpots.months).slice(0, 7);
      const [members, cells] = await Promise.all([lastSeenIn(db, area.district), spotCellsOf(db, area.district, fromMonth, toMonth)]);
      return { ...members, spots: clusterSpots(cells, rules.campaign) };
    })();
    cache.set(area.district, inputs);
  }
  const { positions, summaries, spots, addresses } = await inputs;
  return visitList(area, positions, summaries, spots, now, rules.outreach, addresses);
}

/** Stores a campaign's visit list in chunks (BatchWriteItem, 25 chunks a request) and marks it built. */
async function buildVisits(deps: EvaluationDeps, cache: DistrictCache, area: Area, campaign: Campaign, now: Date, targets?: VisitTarget[]): Promise<number> {
  const list = targets ?? (await targetsFor(deps, cache, area, now));
  const chunks = visitChunkItems(campaign.id, list, deps.rules.campaign.visitsPerChunk);
  await batchWrite(deps.db, chunks);
  await deps.db.doc.send(
    new UpdateCommand({
      TableName: deps.db.tableName,
      Key: keys.campaign(campaign.id),
      UpdateExpression: 'SET #summary.visits = :visits',
      ExpressionAttributeNames: { '#summary': 'summary' },
      ExpressionAttributeValues: { ':visits': { ...campaign.visits, chunks: chunks.length, built: true } },
    }),
  );
  return 1;
}

/** Applies one step in one conditional transaction with its event; false when another run got there first. */
async function applyStep(
  deps: EvaluationDeps,
  cache: DistrictCache,
  audit: AuditContext,
  area: Area,
  hazard: Hazard,
  campaign: Campaign | undefined,
  signal: EffectiveSignal,
  step: Exclude<ReturnType<typeof campaignStep>, { action: 'none' }>,
  now: Date,
): Promise<boolean> {
  const { db, rules } = deps;
  const at = now.toISOString();
  const official = signal.state === 'signal' && signal.source.kind === 'official';
  const event = (news: CampaignNews, subject: Campaign, severity: 'urgent' | 'info'): TransactItem =>
    eventPut(db, {
      kind: 'campaign', district: area.district, severity, occurredAt: at, subjectId: subject.id,
      payload: { campaignId: subject.id, phase: news.phase, areaId: area.id, areaName: area.name, hazard, level: news.level, patrolsPerDay: subject.patrolsPerDay, persons: news.persons, spots: news.spots, message: campaignMessage(news, rules.campaign) },
    });
  try {
    if (step.action === 'start' && signal.state === 'signal') {
      const targets = await targetsFor(deps, cache, area, now);
      const persons = targets.filter((t) => t.kind === 'person').length;
      const started: Campaign = {
        id: randomUUID(), areaId: area.id, areaName: area.name, district: area.district, hazard, kind: kindOf(hazard), level: step.level,
        status: 'active', startedAt: at, trigger: signal.source, escalations: [], patrolsPerDay: rules.campaign.patrolsPerDay[step.level],
        visits: { persons, spots: targets.length - persons, chunks: 0, built: false }, version: 1,
      };
      const news: CampaignNews = { phase: 'started', hazard, level: step.level, areaName: area.name, official, persons, spots: targets.length - persons };
      await transactWrite(db, [...campaignStart(db, started), event(news, started, 'urgent'), auditPut(db, audit, { action: 'campaign.start', subjectType: 'campaign', subjectId: started.id, reason: `${hazard} ${step.level}` })]);
      await buildVisits(deps, cache, area, started, now, targets);
      return true;
    }
    if (!campaign) return false;
    const base = { ...campaign, version: campaign.version + 1 };
    if (step.action === 'escalate') {
      const changed: Campaign = { ...base, level: step.to, patrolsPerDay: rules.campaign.patrolsPerDay[step.to], escalations: [...campaign.escalations, { at, from: step.from, to: step.to }] };
      delete changed.quietSince;
      const news: CampaignNews = { phase: 'escalated', hazard, level: step.to, from: step.from, areaName: area.name, official, persons: campaign.visits.persons, spots: campaign.visits.spots };
      await transactWrite(db, [...campaignChange(db, changed, campaign.version), event(news, changed, 'urgent'), auditPut(db, audit, { action: 'campaign.escalate', subjectType: 'campaign', subjectId: campaign.id, reason: `${step.from} → ${step.to}` })]);
      return true;
    }
    if (step.action === 'quiet' || step.action === 'resume') {
      const changed: Campaign = { ...base };
      if (step.action === 'quiet') changed.quietSince = step.since;
      else delete changed.quietSince;
      await transactWrite(db, campaignChange(db, changed, campaign.version));
      return true;
    }
    const ended: Campaign = { ...base, status: 'ended', endedAt: at };
    const { report } = await coverageOf(db, ended, undefined, rules.campaign.spotVisitRadiusM);
    const news: CampaignNews = { phase: 'ended', hazard, level: campaign.level, areaName: area.name, official, persons: campaign.visits.persons, spots: campaign.visits.spots, reached: report.reached };
    await transactWrite(db, [...campaignChange(db, ended, campaign.version), event(news, ended, 'info'), auditPut(db, audit, { action: 'campaign.end', subjectType: 'campaign', subjectId: campaign.id })]);
    return true;
  } catch (error) {
    // Another run (or a retried sweep) made this change first: nothing more to do.
    if (error instanceof TransactionCancelled && (error.failed('noActiveCampaign') || error.failed('campaignState') || error.collided())) return false;
    throw error;
  }
}

/**
 * Forecast freshness of a district: a fresh forecast sets `lastFreshAt`; without one for
 * `weatherStaleHours`, one `weather_stale` event goes out, and not again until forecasts come back.
 */
async function trackFreshness(db: Db, district: string, fresh: boolean, now: Date, rules: CampaignRules): Promise<number> {
  const key = keys.forecastStatus(district);
  const at = now.toISOString();
  if (fresh) {
    await db.doc.send(new UpdateCommand({ TableName: db.tableName, Key: key, UpdateExpression: 'SET lastFreshAt = :at REMOVE staleAlertedAt', ExpressionAttributeValues: { ':at': at } }));
    return 0;
  }
  const status = (await db.doc.send(new GetCommand({ TableName: db.tableName, Key: key, ConsistentRead: true }))).Item;
  if (!status) {
    await db.doc.send(new UpdateCommand({ TableName: db.tableName, Key: key, UpdateExpression: 'SET since = if_not_exists(since, :at)', ExpressionAttributeValues: { ':at': at } }));
    return 0;
  }
  const freshSince = String(status['lastFreshAt'] ?? status['since']);
  if (status['staleAlertedAt'] || now.getTime() - Date.parse(freshSince) < rules.weatherStaleHours * 3600_000) return 0;
  try {
    await transactWrite(db, [
      { Update: { TableName: db.tableName, Key: key, UpdateExpression: 'SET staleAlertedAt = :at', ConditionExpression: 'attribute_not_exists(staleAlertedAt)', ExpressionAttributeValues: { ':at': at } } },
      eventPut(db, { kind: 'weather_stale', district, severity: 'info', occurredAt: at, subjectId: district, payload: { district, lastFreshAt: freshSince, message: `天气预报数据已超过${rules.weatherStaleHours}小时未更新，专项行动暂按官方预警信号启动，请关注气象部门发布。` } }),
    ]);
    return 1;
  } catch (error) {
    if (error instanceof TransactionCancelled) return 0;
    throw error;
  }
}

/**
 * Areas whose forecast did not come within the run's budget: one `weather_stale` event for the
 * district at once (not after `weatherStaleHours`), naming them; their campaigns follow official
 * warnings until a run reaches them. Once per run: a repeated run at the same instant sends nothing.
 */
async function reportNotReached(db: Db, district: string, missed: Area[], now: Date): Promise<number> {
  const at = now.toISOString();
  const names = missed.map((area) => area.name);
  try {
    await transactWrite(db, [
      {
        Update: {
          TableName: db.tableName, Key: keys.forecastStatus(district), UpdateExpression: 'SET notReachedAt = :at',
          ConditionExpression: 'attribute_not_exists(notReachedAt) OR notReachedAt < :at', ExpressionAttributeValues: { ':at': at },
        },
      },
      eventPut(db, {
        kind: 'weather_stale', district, severity: 'info', occurredAt: at, subjectId: district,
        payload: {
          district, notReached: missed.slice(0, 100).map((area) => ({ areaId: area.id, areaName: area.name })), count: missed.length,
          message: `本次未能及时取得${names.slice(0, 5).join('、')}${missed.length > 5 ? `等${missed.length}个街道` : ''}的天气预报，专项行动暂按官方预警信号执行，请关注气象部门发布。`,
        },
      }),
    ]);
    return 1;
  } catch (error) {
    if (error instanceof TransactionCancelled) return 0;
    throw error;
  }
}

/** Coverage of a campaign: its visit list against the district's encounters in its period (one query, paged). */
async function coverageOf(db: Db, campaign: Campaign, targets?: VisitTarget[], radiusM = campaignRules.spotVisitRadiusM) {
  const area = await getArea(db, campaign.areaId);
  const list = targets ?? (await visitTargets(db, campaign.id));
  const encounters: Encounter[] = [];
  let cursor: string | undefined;
  do {
    const page = await encountersOfDistrict(db, campaign.district, { since: campaign.startedAt, ...(campaign.endedAt ? { until: campaign.endedAt } : {}) }, { limit: 100, ...(cursor ? { cursor } : {}) });
    encounters.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const boundary = area ?? { boundary: { type: 'Polygon' as const, coordinates: [] }, bbox: [0, 0, 0, 0] as [number, number, number, number] };
  return coverage(campaign, boundary, list, encounters, { spotVisitRadiusM: radiusM });
}

export type CampaignContext = { db: Db; audit: AuditContext };

/** A campaign the caller may see (their district's; a wider office's, the districts under it), or 404. */
export async function readCampaign(context: CampaignContext, id: string): Promise<Campaign> {
  const campaign = await getCampaign(context.db, id);
  if (!campaign || !mayActIn(context.audit.actor, campaign.district, 'read')) throw notFound('The campaign');
  return campaign;
}

export const findCampaigns = (context: CampaignContext, status: 'active' | 'ended', district: string | undefined, page: PageRequest) =>
  listCampaigns(context.db, scopeDistrict(context.audit.actor, district), status, page);

/** One page (chunk) of a campaign's visit list with each visit's status; the persons listed are audited. */
export async function campaignVisits(context: CampaignContext, id: string, page: number) {
  const campaign = await readCampaign(context, id);
  const targets = (await visitChunk(context.db, id, page)) ?? [];
  const { statuses } = await coverageOf(context.db, campaign, targets);
  await appendAudit(context.db, context.audit, targets.filter((t) => t.kind === 'person').map((t) => ({ action: 'campaign.visit-list', subjectType: 'person', subjectId: t.id, reason: `campaign ${id}` })));
  return {
    campaign,
    visits: targets.map((target) => ({ ...target, ...(statuses.get(`${target.kind}#${target.id}`) ?? { reached: false }) })),
    nextPage: page + 1 < campaign.visits.chunks ? page + 1 : null,
  };
}

/**
 * A campaign's report: people reached, supplies given, referrals, and the listed visits not made.
 * The CSV export shows every person of the visit list (name, last position): each is audited, as the visit list is.
 */
export async function campaignReport(context: CampaignContext, id: string, format: 'json' | 'csv' = 'json') {
  const campaign = await readCampaign(context, id);
  const targets = await visitTargets(context.db, id);
  const { statuses, report } = await coverageOf(context.db, campaign, targets);
  const shown = format === 'csv' ? targets.filter((t) => t.kind === 'person').map((t) => ({ action: 'campaign.report-export', subjectType: 'person', subjectId: t.id, reason: `campaign ${id}` })) : [];
  await appendAudit(context.db, context.audit, [{ action: 'campaign.report', subjectType: 'campaign', subjectId: id }, ...shown]);
  return { campaign, report, targets, statuses };
}

/** The report as CSV: one row per visit, in rank order (spreadsheet formulas neutralised). */
export function reportCsv(result: Awaited<ReturnType<typeof campaignReport>>): string {
  const header = ['rank', 'kind', 'id', 'name', 'priority', 'lat', 'lng', 'lastSeenAt', 'reached', 'reachedAt', 'encounterId'];
  const rows = result.targets.map((target) => {
    const status = result.statuses.get(`${target.kind}#${target.id}`);
    return [target.rank, target.kind, target.id, target.name ?? '', target.priority.join(' '), target.lat, target.lng, target.lastSeenAt, status?.reached ? 'yes' : 'no', status?.reachedAt ?? '', status?.encounterId ?? ''];
  });
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
