import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { districtCode } from '../../domain/common.js';
import { ownDistrict } from '../../domain/access.js';
import { campaignReport, campaignVisits, evaluateCampaigns, findCampaigns, reportCsv } from '../../services/campaigns.js';
import { ruleBookOf } from '../../services/rules.js';
import { allow } from '../auth.js';
import type { AppEnv } from '../context.js';
import { newRouter } from '../router.js';
import { campaignContext } from '../service-context.js';
import { bearer, errorResponses, jsonResponse, notFoundResponse, pageQuery } from '../schemas.js';

/** The campaign rules in force: the editable ones when the app reads them, else rules.ts. */
export const campaignBook = async (c: Context<AppEnv>) => (c.var.deps.ruleBook ? c.var.deps.ruleBook.current(c.var.actor.district) : ruleBookOf([]));

/** Runs the campaign evaluation now for some districts, as the caller (audited under them). */
export async function evaluateNow(c: Context<AppEnv>, districts: string[]) {
  const { deps, actor, requestId } = c.var;
  const book = await campaignBook(c);
  const { ruleBook } = deps;
  // Each district evaluates on its own rules in force.
  const rulesIn = ruleBook ? { rulesIn: (district: string) => ruleBook.current(district) } : {};
  return evaluateCampaigns({ db: deps.db, rules: book, ...rulesIn, now: deps.now, districts, actor, requestId, ...(deps.forecasts ? { forecasts: deps.forecasts } : {}) });
}

const level = z.enum(['blue', 'yellow', 'orange', 'red']);
const campaignView = z
  .object({
    id: z.string(),
    areaId: z.string(),
    areaName: z.string(),
    district: z.string(),
    hazard: z.enum(['heat', 'cold_wave', 'road_icing']),
    kind: z.enum(['heat', 'cold']),
    level,
    status: z.enum(['active', 'ended']),
    startedAt: z.string(),
    endedAt: z.string().optional(),
    trigger: z.union([
      z.object({ kind: z.literal('official'), warningId: z.string() }),
      z.object({ kind: z.literal('computed'), rule: z.object({ name: z.string(), version: z.string(), detail: z.string() }) }),
    ]),
    escalations: z.array(z.object({ at: z.string(), from: level, to: level })),
    quietSince: z.string().optional(),
    patrolsPerDay: z.number(),
    visits: z.object({ persons: z.number(), spots: z.number(), chunks: z.number(), built: z.boolean() }),
    version: z.number(),
  })
  .openapi('Campaign');
const visitView = z
  .object({
    rank: z.number(),
    kind: z.enum(['person', 'spot']),
    id: z.string(),
    name: z.string().optional(),
    lat: z.number(),
    lng: z.number(),
    lastSeenAt: z.string(),
    priority: z.array(z.enum(['minor', 'elderly', 'ill', 'disabled'])),
    outdoors: z.boolean(),
    placedBy: z.enum(['last_seen', 'address']).optional(),
    people: z.array(z.string()).optional(),
    reached: z.boolean(),
    reachedAt: z.string().optional(),
    encounterId: z.string().optional(),
  })
  .openapi('Visit');
const reportView = z
  .object({
    targets: z.number(),
    reached: z.number(),
    peopleReached: z.number(),
    supplies: z.record(z.string(), z.number()),
    referrals: z.record(z.string(), z.number()),
    escorted: z.number(),
    notFound: z.array(z.object({ kind: z.enum(['person', 'spot']), id: z.string(), rank: z.number() })),
  })
  .openapi('CampaignReport');
const idParam = z.object({ id: z.uuid({ error: 'A campaign id is a UUID.' }) });
const staff = ['patrol', 'shelter', 'admin'] as const;

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['campaigns'],
  summary: 'Campaigns of a district by status (active by default), newest first',
  security: bearer,
  middleware: [allow(...staff)] as const,
  request: { query: z.object({ status: z.enum(['active', 'ended']).default('active'), district: districtCode.optional(), ...pageQuery }) },
  responses: { 200: jsonResponse(z.object({ items: z.array(campaignView), nextCursor: z.string().nullable() }), 'One page'), ...errorResponses },
});

const read = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['campaigns'],
  summary: 'A campaign and one page of its visit list (priority order) with each visit’s status',
  description: 'Pages are the stored chunks of the list (`visitsPerChunk` a page); `nextPage` names the next. The persons listed are audited.',
  security: bearer,
  middleware: [allow(...staff)] as const,
  request: { params: idParam, query: z.object({ page: z.coerce.number().int().min(0).max(100_000).default(0) }) },
  responses: {
    200: jsonResponse(z.object({ campaign: campaignView, visits: z.array(visitView), nextPage: z.number().nullable() }), 'The campaign'),
    ...errorResponses,
    ...notFoundResponse,
  },
});

const report = createRoute({
  method: 'get',
  path: '/{id}/report',
  tags: ['campaigns'],
  summary: 'Coverage report: people reached, supplies given, referrals, visits not made (JSON, or CSV with ?format=csv or Accept: text/csv)',
  security: bearer,
  middleware: [allow(...staff)] as const,
  request: { params: idParam, query: z.object({ format: z.enum(['json', 'csv']).optional() }) },
  responses: {
    200: {
      description: 'The report',
      content: { 'application/json': { schema: z.object({ campaign: campaignView, report: reportView }) }, 'text/csv': { schema: z.string() } },
    },
    ...errorResponses,
    ...notFoundResponse,
  },
});

const evaluate = createRoute({
  method: 'post',
  path: '/evaluate',
  tags: ['campaigns'],
  summary: 'Run the campaign evaluation now for the caller’s district (admin); the hourly sweep runs the same',
  security: bearer,
  middleware: [allow('admin')] as const,
  responses: {
    200: jsonResponse(z.object({ district: z.string(), result: z.record(z.string(), z.number()) }), 'What the evaluation did, counted'),
    ...errorResponses,
  },
});

/** Weather campaigns (夏季送清凉 / 寒冬送温暖). */
export const campaignsRoutes = newRouter()
  .openapi(evaluate, async (c) => {
    const district = ownDistrict(c.var.actor);
    return c.json({ district, result: await evaluateNow(c, [district]) }, 200);
  })
  .openapi(list, async (c) => {
    const { status, district, limit, cursor } = c.req.valid('query');
    const page = await findCampaigns(campaignContext(c), status, district, { limit, cursor });
    return c.json({ items: page.items.map((item) => campaignView.parse(item)), nextCursor: page.nextCursor }, 200);
  })
  .openapi(report, async (c) => {
    const wantsCsv = c.req.valid('query').format === 'csv' || (!c.req.valid('query').format && /text\/csv/i.test(c.req.header('accept') ?? ''));
    const result = await campaignReport(campaignContext(c), c.req.valid('param').id, wantsCsv ? 'csv' : 'json');
    if (wantsCsv) {
      return c.body(reportCsv(result), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="campaign-${result.campaign.id}.csv"` });
    }
    return c.json({ campaign: campaignView.parse(result.campaign), report: reportView.parse(result.report) }, 200);
  })
  .openapi(read, async (c) => {
    const result = await campaignVisits(campaignContext(c), c.req.valid('param').id, c.req.valid('query').page);
    return c.json({ campaign: campaignView.parse(result.campaign), visits: result.visits.map((visit) => visitView.parse(visit)), nextPage: result.nextPage }, 200);
  });

