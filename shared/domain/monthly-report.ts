/**
 * The monthly statistics report the office sends upward (民政统计月报): pure tallies over what the
 * register, care and aid records hold for one district and one calendar month in China Standard Time.
 * Reunions count the tracing cases closed by reunion in the month (`reunions.source`), beside all
 * discharges to family.
 */
import { z } from 'zod';
import type { AidCase } from './aid.js';
import type { Encounter } from './encounter.js';
import type { FacilityType } from './facility.js';
import type { Placement } from './placement.js';
import type { PersonStatus } from './person.js';
import type { StaySummary } from './stay.js';

/** `YYYY-MM`, years 2000 to 2099 (the register starts long after 2000; a bound keeps keys sane). */
export const reportMonth = z.string().regex(/^20\d\d-(0[1-9]|1[0-2])$/, 'A month is YYYY-MM (2000-01 to 2099-12).');

/** The month's window as UTC instants: from CST midnight of the 1st to CST midnight of the next month's 1st (exclusive). */
export function monthWindow(month: string): { since: string; until: string } {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const since = new Date(Date.UTC(year, monthNumber - 1, 1) - 8 * 3_600_000);
  const until = new Date(Date.UTC(year, monthNumber, 1) - 8 * 3_600_000);
  return { since: since.toISOString(), until: until.toISOString() };
}

/** Longest span of the daily activity counts (a quarter). */
export const MAX_ACTIVITY_DAYS = 92;

/** Encounters per CST day from `since` to `until` (inclusive YYYY-MM-DD dates), zeros included. */
export function dailyEncounterCounts(occurredAts: string[], since: string, until: string): { date: string; encounters: number }[] {
  const days: { date: string; encounters: number }[] = [];
  const index = new Map<string, number>();
  for (let day = Date.parse(`${since}T00:00:00Z`); day <= Date.parse(`${until}T00:00:00Z`); day += 86_400_000) {
    const date = new Date(day).toISOString().slice(0, 10);
    index.set(date, days.length);
    days.push({ date, encounters: 0 });
  }
  for (const at of occurredAts) {
    const date = new Date(Date.parse(at) + 8 * 3_600_000).toISOString().slice(0, 10);
    const slot = index.get(date);
    if (slot !== undefined) days[slot]!.encounters++;
  }
  return days;
}

/** The UTC window of CST dates `since` to `until` inclusive. */
export const datesWindow = (since: string, until: string) => ({
  since: new Date(Date.parse(`${since}T00:00:00+08:00`)).toISOString(),
  until: new Date(Date.parse(`${until}T00:00:00+08:00`) + 86_400_000 - 1).toISOString(),
});

export type ReportInputs = {
  month: string;
  district: string;
  generatedAt: string;
  encounters: Pick<Encounter, 'occurredAt' | 'personId' | 'actions'>[];
  facilities: { id: string; type: FacilityType }[];
  /** What a tally reads of a stay (a summary has more). */
  stays: (Pick<StaySummary, 'facilityId' | 'admittedAt' | 'via' | 'bedSex' | 'discharge'> & Partial<StaySummary>)[];
  placements: (Pick<Placement, 'status' | 'kind'> & { decision?: { at: string } | undefined } & Partial<Omit<Placement, 'decision'>>)[];
  paidAidCases: Pick<AidCase, 'dueAt' | 'payment'>[];
  openAidCases: Pick<AidCase, 'dueAt'>[];
  registerStatuses: PersonStatus[];
  /** Tracing cases of the district closed in the month, with why. */
  closedTracingCases: { closedAt?: string | undefined; closeReason?: string | undefined }[];
};

/**
 * What an erased person's records counted for in a district's monthly reports: instants and codes
 * only, the person counted under a random token, so that the figures stay when the records go.
 */
export type ReportResidue = Pick<ReportInputs, 'encounters' | 'stays' | 'placements' | 'paidAidCases' | 'closedTracingCases'>;

export const emptyResidue = (): ReportResidue => ({ encounters: [], stays: [], placements: [], paidAidCases: [], closedTracingCases: [] });

/** The CST month (YYYY-MM) of an instant. */
export const monthOf = (instant: string) => new Date(Date.parse(instant) + 8 * 3600_000).toISOString().slice(0, 7);

/** The months a residue counts in: those of its instants. */
export function residueMonths(residue: ReportResidue): string[] {
  const instants = [
    ...residue.encounters.map((encounter) => encounter.occurredAt),
    ...residue.stays.flatMap((stay) => [stay.admittedAt, ...(stay.discharge ? [stay.discharge.at] : [])]),
    ...residue.placements.flatMap((placement) => (placement.decision ? [placement.decision.at] : [])),
    ...residue.paidAidCases.flatMap((aidCase) => (aidCase.payment ? [aidCase.payment.at] : [])),
    ...residue.closedTracingCases.flatMap((row) => (row.closedAt ? [row.closedAt] : [])),
  ];
  return [...new Set(instants.map(monthOf))].sort();
}

const within = (instant: string | undefined, window: { since: string; until: string }) =>
  instant !== undefined && Date.parse(instant) >= Date.parse(window.since) && Date.parse(instant) < Date.parse(window.until);

const tally = <K extends string>(keys: K[]) => keys.reduce((counts, key) => ({ ...counts, [key]: (counts[key] ?? 0) + 1 }), {} as Partial<Record<K, number>>);

/** The report: every count a plain number, every breakdown a map from code to count. */
export function buildMonthlyReport(input: ReportInputs) {
  const window = monthWindow(input.month);
  const encounters = input.encounters.filter((encounter) => within(encounter.occurredAt, window));
  const facilityType = new Map(input.facilities.map((facility) => [facility.id, facility.type]));
  const admitted = input.stays.filter((stay) => within(stay.admittedAt, window));
  const discharged = input.stays.filter((stay) => within(stay.discharge?.at, window));
  const placed = input.placements.filter((placement) => placement.status === 'accepted' && within(placement.decision?.at, window));
  const paid = input.paidAidCases.filter((aidCase) => within(aidCase.payment?.at, window));
  const paidOnTime = paid.filter((aidCase) => aidCase.payment && Date.parse(aidCase.payment.at) <= Date.parse(aidCase.dueAt));
  const toFamily = discharged.filter((stay) => stay.discharge?.reason === 'returned_home' || stay.discharge?.reason === 'collected_by_family');

  return {
    month: input.month,
    district: input.district,
    window,
    generatedAt: input.generatedAt,
    encounters: {
      total: encounters.length,
      personsMet: new Set(encounters.map((encounter) => encounter.personId)).size,
      escortedToStation: encounters.filter((encounter) => encounter.actions.includes('escorted_to_station')).length,
      refusedHelp: encounters.filter((encounter) => encounter.actions.includes('refused_help')).length,
    },
    admissions: {
      total: admitted.length,
      byFacilityType: tally(admitted.map((stay) => facilityType.get(stay.facilityId) ?? 'aid_station')),
      byVia: tally(admitted.map((stay) => stay.via)),
      byBedSex: tally(admitted.map((stay) => stay.bedSex)),
    },
    discharges: { total: discharged.length, byReason: tally(discharged.map((stay) => stay.discharge!.reason)) },
    placements: { accepted: placed.length, byKind: tally(placed.map((placement) => placement.kind)) },
    emergencyAid: {
      paid: paid.length,
      paidOnTime: paidOnTime.length,
      amountYuan: Math.round(paid.reduce((sum, aidCase) => sum + (aidCase.payment?.amount ?? 0), 0) * 100) / 100,
      openOverdueNow: input.openAidCases.filter((aidCase) => Date.parse(aidCase.dueAt) < Date.parse(input.generatedAt)).length,
    },
    reunions: {
      total: input.closedTracingCases.filter((row) => row.closeReason === 'reunited' && within(row.closedAt, window)).length,
      dischargedToFamily: toFamily.length,
      source: 'tracing_cases' as const,
    },
    register: { total: input.registerStatuses.length, byStatus: tally(input.registerStatuses) },
  };
}

export type MonthlyReport = ReturnType<typeof buildMonthlyReport>;

/** The report as rows of (section, item, value), the shape of the CSV and the spreadsheet. */
export function reportRows(report: MonthlyReport): [string, string, number | string][] {
  const rows: [string, string, number | string][] = [
    ['报表', '月份', report.month],
    ['报表', '区县', report.district],
    ['报表', '生成时间', report.generatedAt],
    ['街面巡查', '遇见次数', report.encounters.total],
    ['街面巡查', '遇见人数', report.encounters.personsMet],
    ['街面巡查', '护送入站', report.encounters.escortedToStation],
    ['街面巡查', '拒绝救助', report.encounters.refusedHelp],
    ['入站', '合计', report.admissions.total],
  ];
  for (const [key, value] of Object.entries(report.admissions.byFacilityType)) rows.push(['入站（按机构类型）', key, value ?? 0]);
  for (const [key, value] of Object.entries(report.admissions.byVia)) rows.push(['入站（按来源）', key, value ?? 0]);
  rows.push(['离站', '合计', report.discharges.total]);
  for (const [key, value] of Object.entries(report.discharges.byReason)) rows.push(['离站（按原因）', key, value ?? 0]);
  rows.push(['安置', '接收', report.placements.accepted]);
  for (const [key, value] of Object.entries(report.placements.byKind)) rows.push(['安置（按类型）', key, value ?? 0]);
  rows.push(
    ['急难型临时救助', '已发放', report.emergencyAid.paid],
    ['急难型临时救助', '按时发放', report.emergencyAid.paidOnTime],
    ['急难型临时救助', '发放金额（元）', report.emergencyAid.amountYuan],
    ['急难型临时救助', '当前逾期未发放', report.emergencyAid.openOverdueNow],
    ['寻亲', '寻亲团聚', report.reunions.total],
    ['寻亲', '离站返家或亲属接回', report.reunions.dischargedToFamily],
    ['登记', '在册人数', report.register.total],
  );
  for (const [key, value] of Object.entries(report.register.byStatus)) rows.push(['登记（按状态）', key, value ?? 0]);
  return rows;
}

/** RFC 4180 CSV with a BOM (so spreadsheet programs read the Chinese as UTF-8). */
export function reportCsv(report: MonthlyReport): string {
  const cell = (value: string | number) => {
    const text = String(value);
    // A leading = + - @ would be read as a formula by a spreadsheet: quote it with an apostrophe.
    const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return `\uFEFF${[['分类', '项目', '数值'], ...reportRows(report)].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
