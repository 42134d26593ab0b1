import { addDays, addMonths, cstDate } from './cst.js';
import type { OutreachRules } from './rules.js';

/**
 * Follow-ups (rules 1 and 12). A register member (anyone with a risk factor) is re-surveyed some
 * months after the last survey and visited in the visit months (January and July); a person who
 * refused help is looked in on a few days later. Each follow-up is satisfied only by what it asks
 * for: a survey (`lastSurveyAt`) or a visit (an encounter). Nothing else moves one, so an edit made
 * after the due date cannot erase an overdue visit: the due date is a function of those facts alone.
 */

/** Why a follow-up is due. */
export const followUpReasons = ['resurvey', 'visit', 'after_refusal'] as const;
export type FollowUpReason = (typeof followUpReasons)[number];

/** The next follow-up of a person: the CST date it is due from, and why. */
export type FollowUp = { dueOn: string; reason: FollowUpReason };

/** A follow-up scheduled after a refusal (rule 1), satisfied by the next encounter. */
export type RefusalFollowUp = { dueOn: string; encounterId: string };

/** The facts a follow-up is computed from. */
export type FollowUpFacts = {
  /** A person recorded as deceased is owed nothing. */
  status?: string;
  riskFactors: readonly string[];
  lastSurveyAt?: string;
  /** When the person entered the register (an instant). */
  createdAt: string;
  /** The newest encounter with the person (an instant): the last visit. */
  lastVisitAt?: string;
  refusalFollowUp?: RefusalFollowUp;
};

type FollowUpRules = Pick<OutreachRules, 'resurveyMonths' | 'visitMonths' | 'refusalFollowUpDays'>;

/** The re-survey date: the same day some months on, or the last day of a shorter month. */
export const resurveyDue = (lastSurveyAt: string, rules: FollowUpRules) => addMonths(lastSurveyAt, rules.resurveyMonths);

/** The first day of a visit month on or after a date. */
function visitMonthStartFrom(date: string, rules: FollowUpRules): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const months = [...rules.visitMonths].sort((a, b) => a - b);
  const next = months.find((visitMonth) => visitMonth > month || (visitMonth === month && day === 1));
  return next !== undefined ? `${year}-${String(next).padStart(2, '0')}-01` : `${year + 1}-${String(months[0]).padStart(2, '0')}-01`;
}

/**
 * The visit due: the first visit month, from the day the person entered the register, that no
 * visit has yet satisfied. A visit satisfies every visit month that began on or before it.
 */
export function visitDue(facts: Pick<FollowUpFacts, 'createdAt' | 'lastVisitAt'>, rules: FollowUpRules): string {
  const registered = visitMonthStartFrom(cstDate(facts.createdAt), rules);
  if (!facts.lastVisitAt) return registered;
  const afterVisit = visitMonthStartFrom(addDays(cstDate(facts.lastVisitAt), 1), rules);
  return afterVisit > registered ? afterVisit : registered;
}

/** The follow-up a refusal schedules: some days after the encounter (rule 1). */
export const refusalFollowUpDue = (occurredAt: string, rules: FollowUpRules) => addDays(cstDate(occurredAt), rules.refusalFollowUpDays);

/** The next follow-up of a person, the soonest of what is owed, or undefined when nothing is. */
export function nextFollowUp(facts: FollowUpFacts, rules: FollowUpRules): FollowUp | undefined {
  const owed: FollowUp[] = [];
  if (facts.status === 'deceased') return undefined;
  if (facts.refusalFollowUp) owed.push({ dueOn: facts.refusalFollowUp.dueOn, reason: 'after_refusal' });
  if (facts.riskFactors.length > 0) {
    // Entering the register is the first survey: a member never surveyed since is re-surveyed from then.
    owed.push({ dueOn: resurveyDue(facts.lastSurveyAt ?? cstDate(facts.createdAt), rules), reason: 'resurvey' });
    owed.push({ dueOn: visitDue(facts, rules), reason: 'visit' });
  }
  return owed.reduce<FollowUp | undefined>((soonest, next) => (!soonest || next.dueOn < soonest.dueOn ? next : soonest), undefined);
}

/** The follow-up facts of a person record and what encounters keep beside it. */
export const followUpFactsOf = (person: {
  status?: string;
  riskFactors: readonly string[];
  lastSurveyAt?: string;
  createdAt: string;
  lastSeen?: { at: string };
  refusalFollowUp?: RefusalFollowUp;
}): FollowUpFacts => ({
  ...(person.status ? { status: person.status } : {}),
  riskFactors: person.riskFactors,
  createdAt: person.createdAt,
  ...(person.lastSurveyAt ? { lastSurveyAt: person.lastSurveyAt } : {}),
  ...(person.lastSeen ? { lastVisitAt: person.lastSeen.at } : {}),
  ...(person.refusalFollowUp ? { refusalFollowUp: person.refusalFollowUp } : {}),
});
