/**
 * Dates in China Standard Time (Asia/Shanghai, UTC+08:00 all year, no daylight saving). Dates of
 * birth, estimates, surveys and follow-ups are CST calendar dates (YYYY-MM-DD); arithmetic on them
 * is pure string-and-UTC arithmetic, never the machine's time zone.
 */
const CST_OFFSET_MS = 8 * 3600_000;

/** The CST calendar date of an instant. */
export const cstDate = (at: Date | string) => new Date(new Date(at).getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);

/** This CST calendar year. */
export const cstYear = (at: Date) => Number(cstDate(at).slice(0, 4));

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysInMonth = (year: number, month: number) => [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] as number;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const parts = (date: string) => date.split('-').map(Number) as [number, number, number];

/** A date `months` later (or earlier), on the same day or the last day of a shorter month (31 Aug + 6 → 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = parts(date);
  const index = year * 12 + (month - 1) + months;
  const [y, m] = [Math.floor(index / 12), (index % 12) + 1];
  return `${pad(y, 4)}-${pad(m)}-${pad(Math.min(day, daysInMonth(y, m)))}`;
}

/** A date `days` later (or earlier). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whole years from a date of birth to a date (the age on that date). */
export function yearsSince(birthDate: string, date: string): number {
  return Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4)) - (date.slice(5) < birthDate.slice(5) ? 1 : 0);
}
