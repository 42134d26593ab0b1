/** Times are shown in Asia/Shanghai whatever the device's zone. */
const zone = 'Asia/Shanghai';
const dateTime = new Intl.DateTimeFormat('zh-CN', { timeZone: zone, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
const dateOnly = new Intl.DateTimeFormat('zh-CN', { timeZone: zone, year: 'numeric', month: 'numeric', day: 'numeric' });
const isoDate = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });

export const formatDateTime = (instant: string | Date) => dateTime.format(new Date(instant));
export const formatDate = (instant: string | Date) => dateOnly.format(new Date(/^\d{4}-\d{2}-\d{2}$/.test(String(instant)) ? `${instant}T00:00:00+08:00` : instant));
/** The CST calendar date (YYYY-MM-DD) of an instant. */
export const cstDate = (instant: Date = new Date()) => isoDate.format(instant);
/** The CST date `days` after today. */
export const cstDateIn = (days: number, from: Date = new Date()) => cstDate(new Date(from.getTime() + days * 86_400_000));
/** Midnight CST of a YYYY-MM-DD date, as an instant. */
export const cstMidnight = (date: string) => new Date(`${date}T00:00:00+08:00`);
/** Whole days from now to an instant (negative when past). */
export const daysUntil = (instant: string, now = new Date()) => Math.ceil((new Date(instant).getTime() - now.getTime()) / 86_400_000);
