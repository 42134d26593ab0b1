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
import { registerStatuses, reportResidues } from '../store/reports.js';
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
 * The report of a district for a month (CST), counting what the records hold now and what erased
 * persons' records counted for (their residues). The register is a count of the persons held now.
 */
export async function monthlyReport(context: ReportContext, district: string, month: string): Promise<MonthlyReport> {
  const { db } = context;
  const window = monthWindow(month);
  const [encounters, facilities, paidAidCases, openAidCases, statuses, closedTracingCases, residues] = await Promise.all([
    everyPage<Encounter>((page) => encountersOfDistrict(db, district, window, page)),
    everyPage<Facility>((page) => listFacilities(db, { district }, page)),
    everyPage<AidCase>((page) => listAidCases(db, district, 'paid', undefined, page)),
    everyPage<AidCase>((page) => listAidCases(db, district, 'open', undefined, page)),
    registerStatuses(db, district),
    tracingCasesClosedBetween(db, district, window.since, window.until),
    reportResidues(db, district, month),
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
    // What erased persons counted for stays counted (their residues), the persons themselves gone.
    encounters: [...encounters, ...residues.flatMap((residue) => residue.encounters)],
    facilities,
    stays: [...perFacility.flatMap((facility) => facility.stays), ...residues.flatMap((residue) => residue.stays)],
    placements: [...perFacility.flatMap((facility) => facility.placements), ...residues.flatMap((residue) => residue.placements)],
    paidAidCases: [...paidAidCases, ...residues.flatMap((residue) => residue.paidAidCases)],
    openAidCases,
    registerStatuses: statuses,
    closedTracingCases: [...closedTracingCases, ...residues.flatMap((residue) => residue.closedTracingCases)],
  });
}

/** Encounters per CST day of a district: counts only, nothing about any person. */
export async function dailyActivity(context: ReportContext, district: string, since: string, until: string) {
  const encounters = await everyPage<Encounter>((page) => encountersOfDistrict(context.db, district, datesWindow(since, until), page));
  return { district, since, until, days: dailyEncounterCounts(encounters.map((encounter) => encounter.occurredAt), since, until) };
}
