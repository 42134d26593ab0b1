import { addMonths, cstDate } from './cst.js';
import type { OutreachRules } from './rules.js';

/**
 * The one clock of time in care (DOMAIN.md rules 5, 7 and 9): the stay limit, the 滞留 and 落户安置
 * stages and the sweep that proposes placements all count from the same instant, the person's
 * care since (the first admission of a chain of transfers and placements), the same way.
 *
 * Conventions. "More than N days" is more than N × 24 hours after care began: 滞留 begins the
 * moment that much time has passed, and the stay limit runs out at the same moment. "After M
 * months" is the same clock time in Asia/Shanghai (UTC+08:00, no daylight saving) on the CST date
 * M calendar months later, clamped to the month's last day (30 November + 3 months is the end of
 * February). A stage has begun once the instant is passed (strictly later). The sweep keys a stay
 * by the CST date of the instant its next stage begins, and acts on the first run after it.
 */

const DAY_MS = 86_400_000;
const CST_OFFSET_MS = 8 * 3_600_000;

/** When a stay's care began: `careSince` when the person came by transfer or placement, else the admission. */
export const careSinceOf = (stay: { admittedAt: string; careSince?: string | undefined }) => stay.careSince ?? stay.admittedAt;

/** The instant `days` × 24 hours after `since`. */
export const daysAfter = (since: string, days: number) => new Date(Date.parse(since) + days * DAY_MS).toISOString();

/** The instant `months` calendar months after `since`: the same CST clock time, the day clamped to the month's end. */
export function monthsAfter(since: string, months: number): string {
  const at = Date.parse(since);
  const date = cstDate(since);
  const clock = (at + CST_OFFSET_MS) % DAY_MS;
  return new Date(Date.parse(`${addMonths(date, months)}T00:00:00Z`) - CST_OFFSET_MS + clock).toISOString();
}

/** The instants the stages of a stay begin (rules 5 and 7): 滞留 after `stranded.days`, 落户安置 after `longTerm.months`. */
export function stageStarts(since: string, rules: Pick<OutreachRules, 'placementStages'>): { stranded: string; long_term: string } {
  return { stranded: daysAfter(since, rules.placementStages.stranded.days), long_term: monthsAfter(since, rules.placementStages.longTerm.months) };
}

/** Whether an instant has passed at `now` (strictly: at the very instant, exactly N days have passed, not more). */
export const hasPassed = (instant: string, now: Date | string) => new Date(now).getTime() > Date.parse(instant);

/** The stage of time in care at `now`: 落户安置, 滞留 or neither yet. */
export function careStageAt(since: string, now: Date | string, rules: Pick<OutreachRules, 'placementStages'>): 'intake' | 'stranded' | 'long_term' {
  const starts = stageStarts(since, rules);
  return hasPassed(starts.long_term, now) ? 'long_term' : hasPassed(starts.stranded, now) ? 'stranded' : 'intake';
}

/** The CST date on which the sweep first looks at a stay for a stage beginning at `instant` (its review-list key). */
export const reviewDateOf = (instant: string) => cstDate(instant);
