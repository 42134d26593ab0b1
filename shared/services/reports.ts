/** The monthly statistics report: reads a district's records for a month and tallies them (pure, in the domain). */
import { tracingCasesClosedBetween } from '../store/tracing.js';
import { buildMonthlyReport, dailyEncounterCounts, datesWindow, monthWindow, type MonthlyReport } from '../domain/monthly-report.js';
import type { AidCase } from '../domain/aid.js';
import type { Encounter } from '../domain/encounter.js';
import type { Facility } from '../domain/facility.js';
import type { Placement } from '../domain/placement.js';
import type { StaySummary } from '../domain/stay.js';
import { listAidCases } from '../store/aid-cases.js';
import type { Db } from '../store/client.js';
import { encountersOfDistrict } from '../store/encounters.js';
import { listFacilities } from '../store/facilities.js';
import type { Page, PageRequest } from '../store/pagination.js';
import { listPlacements } from '../store/placements.js';
import { freezeReport, frozenReport, registerStatuses } from '../store/reports.js';
import { cstDate } from '../domain/cst.js';
import { listStays } from '../store/stays.js';

export type ReportContext = { db: Db; now: () => Date };

/** Every page of a paged store read. */
async function everyPage<T>(read: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read({ limit: 1000, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/**
 * The report of a district for a month (CST): the one kept for a past month whose records were
 * partly deleted (an erasure, the retention job), else counting what the records hold now.
 */
export async function monthlyReport(context: ReportContext, district: string, month: string): Promise<MonthlyReport> {
  if (month < cstDate(context.now()).slice(0, 7)) {
    const kept = await frozenReport(context.db, district, month);
    if (kept) return kept;
  }
  return countedReport(context, district, month);
}

/**
 * Keeps the reports of the past months among `months` (district and month) before records behind
 * them are deleted, so that statistics survive the deletion (PIPL art. 47: the people go, the
 * aggregates stay). A month already kept keeps its first numbers. Returns how many were kept now.
 */
export async function freezeReports(context: ReportContext, months: Iterable<{ district: string; month: string }>): Promise<number> {
  const current = cstDate(context.now()).slice(0, 7);
  const unique = new Map([...months].filter((entry) => entry.month < current).map((entry) => [`${entry.district}|${entry.month}`, entry]));
  let kept = 0;
  for (const { district, month } of unique.values()) {
    if (await frozenReport(context.db, district, month)) continue;
    await freezeReport(context.db, await countedReport(context, district, month));
    kept += 1;
  }
  return kept;
}

/** The report of a district for a month counted from the records as they are. */
async function countedReport(context: ReportContext, district: string, month: string): Promise<MonthlyReport> {
  const { db } = context;
  const window = monthWindow(month);
  const [encounters, facilities, paidAidCases, openAidCases, statuses, closedTracingCases] = await Promise.all([
    everyPage<Encounter>((page) => encountersOfDistrict(db, district, window, page)),
    everyPage<Facility>((page) => listFacilities(db, { district }, page)),
    everyPage<AidCase>((page) => listAidCases(db, district, 'paid', undefined, page)),
    everyPage<AidCase>((page) => listAidCases(db, district, 'open', undefined, page)),
    registerStatuses(db, district),
    tracingCasesClosedBetween(db, district, window.since, window.until),
  ]);
  const perFacility = await Promise.all(
    facilities.map(async (facility) => {
      const [open, ended, accepted] = await Promise.all([
        everyPage<StaySummary>((page) => listStays(db, facility.id, 'open', page)),
        everyPage<StaySummary>((page) => listStays(db, facility.id, 'ended', page)),
        everyPage<Placement>((page) => listPlacements(db, facility.id, 'to', 'accepted', page)),
      ]);
      return { stays: [...open, ...ended], placements: accepted };
    }),
  );
  return buildMonthlyReport({
    month,
    district,
    generatedAt: context.now().toISOString(),
    encounters,
    facilities,
    stays: perFacility.flatMap((facility) => facility.stays),
    placements: perFacility.flatMap((facility) => facility.placements),
    paidAidCases,
    openAidCases,
    registerStatuses: statuses,
    closedTracingCases,
  });
}

/** Encounters per CST day of a district: counts only, nothing about any person. */
export async function dailyActivity(context: ReportContext, district: string, since: string, until: string) {
  const encounters = await everyPage<Encounter>((page) => encountersOfDistrict(context.db, district, datesWindow(since, until), page));
  return { district, since, until, days: dailyEncounterCounts(encounters.map((encounter) => encounter.occurredAt), since, until) };
}
