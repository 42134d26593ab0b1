import { shouldNotifyGuardians } from './encounter.js';
import { followUpFactsOf, nextFollowUp, refusalFollowUpDue, type FollowUp, type RefusalFollowUp } from './follow-ups.js';
import { policeConcerns, type ConcernFlag, type LastSeen, type Person, type PoliceConcern } from './person.js';
import type { OutreachRules } from './rules.js';

/** An encounter as it bears on the person met: when, where, what was done and suspected, by whom. */
export type Meeting = {
  encounterId: string;
  occurredAt: string;
  point: { lat: number; lng: number; place?: string };
  refusedHelp: boolean;
  concerns: readonly string[];
  recordedBy: string;
};

/**
 * What an encounter changes beside a person's record (never the record itself): the last sighting
 * when it is the newest, the found-person notice, the rule-2 flag, the follow-up after a refusal,
 * and the next follow-up, only where each changes.
 */
export type SightingChange = {
  lastSeen?: LastSeen;
  /** A found-person notice goes out: record it, unless another did within the quiet window. */
  notice?: { at: string; quietSince: string };
  /** Raise the rule-2 flag, unless the record is flagged already. */
  concernFlag?: ConcernFlag;
  /** Set (a refusal) or clear (a later visit) the follow-up after a refusal. */
  refusalFollowUp?: RefusalFollowUp | null;
  /** The next follow-up, when it changes (null: none owed any more). */
  nextFollowUp?: FollowUp | null;
};

/** An encounter's effect on the person met, and what it sets off. */
export type Sighting = {
  /** The person as they stand after the encounter. */
  person: Person;
  change: SightingChange;
  /** Tell the guardians the person was found (rule 12). */
  notifyGuardians: boolean;
  /** The rule-2 flag was raised by this encounter: a `police_report_due` event goes out, once. */
  flagRaised: boolean;
  /** The follow-up the refusal scheduled (rule 1). */
  followUpDueOn?: string;
};

const isPoliceConcern = (concern: string): concern is PoliceConcern => (policeConcerns as readonly string[]).includes(concern);

/**
 * The effect of meeting a person (pure). Only the newest encounter moves the last sighting and
 * the refusal follow-up (a later visit satisfies an earlier refusal's); any encounter may raise
 * the rule-2 flag, but a flagged record is not flagged again. The next follow-up is recomputed
 * from the facts it depends on (rules 1 and 12).
 */
export function sightingOf(
  person: Person,
  meeting: Meeting,
  known: { isNew: boolean; lastNoticeAt?: string },
  rules: OutreachRules,
): Sighting {
  const { occurredAt, encounterId } = meeting;
  const isNewest = !person.lastSeen || person.lastSeen.at < occurredAt;
  const change: SightingChange = {};
  if (isNewest) {
    change.lastSeen = { at: occurredAt, lat: meeting.point.lat, lng: meeting.point.lng, encounterId, ...(meeting.point.place ? { place: meeting.point.place } : {}) };
  }
  const notifyGuardians = !known.isNew && shouldNotifyGuardians(person, { occurredAt, isNewest, lastNoticeAt: known.lastNoticeAt }, rules);
  if (notifyGuardians) {
    change.notice = { at: occurredAt, quietSince: new Date(Date.parse(occurredAt) - rules.foundNoticeQuietHours * 3600_000).toISOString() };
  }
  const suspicions = meeting.concerns.filter(isPoliceConcern);
  if (suspicions.length > 0 && !person.concernFlag) {
    change.concernFlag = { concerns: suspicions, encounterId, at: occurredAt, raisedBy: meeting.recordedBy };
  }
  const followUpDueOn = meeting.refusedHelp ? refusalFollowUpDue(occurredAt, rules) : undefined;
  if (isNewest && followUpDueOn) change.refusalFollowUp = { dueOn: followUpDueOn, encounterId };
  else if (isNewest && person.refusalFollowUp) change.refusalFollowUp = null;

  const after: Person = { ...person };
  if (change.lastSeen) after.lastSeen = change.lastSeen;
  if (change.concernFlag) after.concernFlag = change.concernFlag;
  if (change.refusalFollowUp) after.refusalFollowUp = change.refusalFollowUp;
  if (change.refusalFollowUp === null) delete after.refusalFollowUp;
  const followUp = nextFollowUp(followUpFactsOf(after), rules);
  if (followUp?.dueOn !== person.nextFollowUp?.dueOn || followUp?.reason !== person.nextFollowUp?.reason) change.nextFollowUp = followUp ?? null;
  if (followUp) after.nextFollowUp = followUp;
  else delete after.nextFollowUp;

  return { person: after, change, notifyGuardians, flagRaised: change.concernFlag !== undefined, ...(followUpDueOn ? { followUpDueOn } : {}) };
}

/** Whether a sighting changes anything beside the record. */
export const changesAnything = (change: SightingChange) => Object.keys(change).length > 0;
