import { z } from 'zod';
import { addCalendarDays, type Due, type WorkingDayCalendar } from './calendar.js';
import { instant, storableNumber } from './common.js';
import type { OutreachRules } from './rules.js';

/**
 * An emergency temporary assistance case (急难型临时救助, rule 11): opened by an `emergency_aid`
 * referral on the street, due within 3 working days (the notice) and 3 calendar days (the 2026
 * national rule) of discovery. Both deadlines are kept; the earlier binds.
 */
export type AidCase = {
  id: string;
  personId: string;
  encounterId: string;
  district: string;
  discoveredAt: string;
  due: { workingDays: Due; calendarDays: Due };
  /** The binding deadline: the earlier of the two. */
  dueAt: string;
  /** Which of the two binds (on a tie the calendar-day one, which no holiday arrangement can move). */
  binding: 'working_days' | 'calendar_days';
  /** True only when the binding deadline itself counts days of a year whose working-day arrangement is not loaded. */
  provisional: boolean;
  status: 'open' | 'paid';
  payment?: Payment;
  rules: { version: string; source: string };
  createdAt: string;
  version: number;
};

export type Payment = { amount: number; at: string; paidBy: string };

/** A payment as recorded by the office: yuan with at most two decimals, and when it was paid. */
export const paymentInput = z.strictObject({
  amount: storableNumber()
    .positive('An amount in yuan above zero.')
    .max(100_000, 'Emergency aid above ¥100,000 is not recorded here.')
    .refine((amount) => Math.abs(amount * 100 - Math.round(amount * 100)) < 1e-6, 'At most two decimals (fen).'),
  at: instant,
});
export type PaymentInput = z.infer<typeof paymentInput>;

/** Opens an aid case at discovery, with both deadlines from the working-day calendar and the rules. */
export function openAidCase(
  facts: { id: string; personId: string; encounterId: string; district: string; discoveredAt: string; now: Date },
  calendar: WorkingDayCalendar,
  rules: OutreachRules,
): AidCase {
  const workingDays = calendar.addWorkingDays(facts.discoveredAt, rules.emergencyAid.workingDays);
  const calendarDays = addCalendarDays(facts.discoveredAt, rules.emergencyAid.calendarDays);
  const binding = workingDays.dueAt < calendarDays.dueAt ? 'working_days' : 'calendar_days';
  const bindingDue = binding === 'working_days' ? workingDays : calendarDays;
  return {
    id: facts.id,
    personId: facts.personId,
    encounterId: facts.encounterId,
    district: facts.district,
    discoveredAt: facts.discoveredAt,
    due: { workingDays, calendarDays },
    dueAt: bindingDue.dueAt,
    binding,
    // Provisional when the binding deadline counts days of an unloaded year, or when the working-day
    // deadline does and could, once the year's arrangement is loaded, come before the calendar one.
    provisional: bindingDue.provisional || (workingDays.provisional && rules.emergencyAid.workingDays < rules.emergencyAid.calendarDays),
    status: 'open',
    rules: { version: rules.version, source: rules.source },
    createdAt: facts.now.toISOString(),
    version: 1,
  };
}

/** Whether an aid case is past its binding deadline and still unpaid. */
export const isOverdue = (aidCase: Pick<AidCase, 'status' | 'dueAt'>, now: Date) =>
  aidCase.status === 'open' && Date.parse(aidCase.dueAt) < now.getTime();

/** What is wrong with a payment for a case, or null: not before discovery, not in the future. */
export function paymentIssue(aidCase: AidCase, payment: PaymentInput, now: Date, rules: OutreachRules): string | null {
  const at = Date.parse(payment.at);
  if (at < Date.parse(aidCase.discoveredAt)) return 'A payment cannot precede the discovery.';
  if (at > now.getTime() + rules.clockSkewMinutes * 60_000) return 'A payment cannot lie in the future.';
  return null;
}
