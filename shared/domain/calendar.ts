/**
 * Working-day calendar (工作日含调休): Monday–Friday, minus statutory holidays, plus swapped weekend
 * working days, from the State Council's yearly notice.
 *
 * Sources, per year: a loaded `YearArrangement` (admin-maintained, overrides the package for its
 * year), else the data shipped with the `chinese-days` package (2004–2026 in 1.5.7), else
 * Monday–Friday marked provisional.
 *
 * Time: all arithmetic is in China Standard Time, a fixed UTC+08:00 (no DST since 1991).
 * Deadline convention: "within N days of discovery" ends at 23:59:59.999 CST of the Nth counted day
 * after the discovery day; the discovery day itself never counts, and N = 0 means the end of that day.
 */
import { z } from 'zod';
import { LAZY_PACKAGES, onFirstUse } from './on-first-use.js';

type HolidayTable = { holidays: Record<string, string>; workdays: Record<string, string> };
// The holiday table is read when a calendar is first asked, not at cold start (see on-first-use.ts).
const holidayTable = onFirstUse<HolidayTable>(LAZY_PACKAGES.holidayData);

export type YearArrangement = { year: number; source: string; holidays: string[]; workdays: string[] };
export type DayStatus = { working: boolean; provisional: boolean };
export type Due = { dueAt: string; provisional: boolean };
/** Only China Standard Time is supported; it has a fixed offset. */
export type CalendarTimeZone = 'Asia/Shanghai';

export type WorkingDayCalendar = {
  /** Whether a local date 'YYYY-MM-DD' is a working day, and whether that is a Monday–Friday guess. */
  isWorkingDay(date: string): DayStatus;
  /** End of the Nth working day after the local day of `start`. */
  addWorkingDays(start: Date | string, n: number, timeZone?: CalendarTimeZone): Due;
  /** The years the calendar knows, with their source. */
  coverage(): { year: number; source: string }[];
};

const CST_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
const PACKAGE_SOURCE = 'chinese-days package data';

const isoDate = z.iso.date();

/** Schema of an official yearly arrangement, e.g. loaded from admin configuration. */
export const yearArrangementSchema = z
  .object({
    year: z.number().int().min(1900).max(2200),
    source: z.string().min(1),
    holidays: z.array(isoDate),
    workdays: z.array(isoDate),
  })
  .superRefine((a, ctx) => {
    for (const d of [...a.holidays, ...a.workdays]) {
      if (!d.startsWith(`${a.year}-`)) ctx.addIssue({ code: 'custom', message: `${d} is not in ${a.year}` });
    }
    const holidays = new Set(a.holidays);
    for (const d of a.workdays) {
      if (holidays.has(d)) ctx.addIssue({ code: 'custom', message: `${d} is both a holiday and a workday` });
    }
  });

type YearData = { source: string; holidays: Set<string>; workdays: Set<string> };

/** Index the package's holiday and workday dates by year. */
function packageYears(): Map<number, YearData> {
  const years = new Map<number, YearData>();
  const yearOf = (d: string): YearData => {
    const y = Number(d.slice(0, 4));
    let data = years.get(y);
    if (!data) years.set(y, (data = { source: PACKAGE_SOURCE, holidays: new Set(), workdays: new Set() }));
    return data;
  };
  const packageData = holidayTable();
  for (const d of Object.keys(packageData.holidays)) yearOf(d).holidays.add(d);
  for (const d of Object.keys(packageData.workdays)) yearOf(d).workdays.add(d);
  return years;
}

/** Parse an ISO instant with an explicit offset (or a Date) into a valid Date. */
function toInstant(start: Date | string): Date {
  const explicit = typeof start !== 'string' || /^\d{4}-\d{2}-\d{2}T.+(Z|[+-]\d{2}:\d{2})$/i.test(start);
  const t = typeof start === 'string' ? new Date(start) : start;
  if (!explicit || Number.isNaN(t.getTime())) throw new RangeError(`invalid instant: ${String(start)}`);
  return t;
}

/** Reject a time zone other than China Standard Time (JS callers bypass the type). */
function checkTimeZone(timeZone: string): void {
  if (timeZone !== 'Asia/Shanghai') throw new RangeError(`unsupported time zone: ${timeZone}`);
}

/** The CST calendar date of an instant. */
function localDate(t: Date): string {
  return new Date(t.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** A 'YYYY-MM-DD' date plus n days. */
function plusDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** 23:59:59.999 CST of a local date, as an ISO instant. */
function endOfDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS - CST_OFFSET_MS - 1).toISOString();
}

/** Reject a negative or fractional day count. */
function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`day count must be a non-negative integer: ${n}`);
}

/** Build a working-day calendar from the package data plus loaded yearly arrangements (which win). */
export function createWorkingDayCalendar(extra: YearArrangement[] = []): WorkingDayCalendar {
  const arrangements = extra.map((raw) => yearArrangementSchema.parse(raw));
  const loaded = new Set<number>();
  for (const a of arrangements) {
    if (loaded.has(a.year)) throw new Error(`two arrangements for ${a.year}`);
    loaded.add(a.year);
  }
  // The package's table is indexed on the first question, so building a calendar costs no cold start.
  let indexed: Map<number, YearData> | undefined;
  const yearTable = (): Map<number, YearData> => {
    if (indexed) return indexed;
    const years = packageYears();
    for (const a of arrangements) years.set(a.year, { source: a.source, holidays: new Set(a.holidays), workdays: new Set(a.workdays) });
    return (indexed = years);
  };

  const isWorkingDay = (date: string): DayStatus => {
    if (!isoDate.safeParse(date).success) throw new RangeError(`invalid date: ${date}`);
    const data = yearTable().get(Number(date.slice(0, 4)));
    if (data?.workdays.has(date)) return { working: true, provisional: false };
    if (data?.holidays.has(date)) return { working: false, provisional: false };
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return { working: weekday !== 0 && weekday !== 6, provisional: !data };
  };

  return {
    isWorkingDay,
    addWorkingDays(start, n, timeZone = 'Asia/Shanghai') {
      checkTimeZone(timeZone);
      checkCount(n);
      let day = localDate(toInstant(start));
      let provisional = false;
      for (let counted = 0; counted < n; ) {
        day = plusDays(day, 1);
        const status = isWorkingDay(day);
        provisional ||= status.provisional;
        if (status.working) counted++;
      }
      return { dueAt: endOfDay(day), provisional };
    },
    coverage() {
      return [...yearTable()].map(([year, d]) => ({ year, source: d.source })).sort((a, b) => a.year - b.year);
    },
  };
}

/** End of the Nth calendar day after the local day of `start` (same convention as working days). */
export function addCalendarDays(start: Date | string, n: number, timeZone: CalendarTimeZone = 'Asia/Shanghai'): Due {
  checkTimeZone(timeZone);
  checkCount(n);
  return { dueAt: endOfDay(plusDays(localDate(toInstant(start)), n)), provisional: false };
}

/** The earliest of several deadlines for the same obligation ("the earlier binds"). */
export function earlierDue(first: Due, ...rest: Due[]): Due {
  return rest.reduce((best, d) => (d.dueAt < best.dueAt ? d : best), first);
}
