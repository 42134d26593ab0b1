import { shouldNotifyGuardians } from './encounter.js';
import { followUpFactsOf, nextFollowUp, refusalFollowUpDue, type FollowUp, type RefusalFollowUp } from './follow-ups.js';
import { policeConcerns, type ConcernFlag, type LastSeen, type MentalDisorderSuspicion, type Person, type PoliceConcern } from './person.js';
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
  /** Raise the rule-2 flag, or add new suspicions to it; `flagBefore` is the flag as read (null: none). */
  concernFlag?: ConcernFlag;
  flagBefore?: ConcernFlag | null;
  /** Set (a refusal) or clear (a later visit) the follow-up after a refusal. */
  refusalFollowUp?: RefusalFollowUp | null;
  /** The next follow-up, when it changes (null: none owed any more). */
  nextFollowUp?: FollowUp | null;
  /** A mental disorder suspected by this encounter, where none stands (none yet, or a clinician's finding has cleared the last one). */
  suspectedMentalDisorder?: MentalDisorderSuspicion;
};

/** An encounter's effect on the person met, and what it sets off. */
export type Sighting = {
  /** The person as they stand after the encounter. */
  person: Person;
  change: SightingChange;
  /** Tell the guardians the person was found (rule 12). */
  notifyGuardians: boolean;
  /** Suspicions this encounter adds to the rule-2 flag: a `police_report_due` event goes out for them, once. */
  newConcerns: PoliceConcern[];
  /** The follow-up the refusal scheduled (rule 1). */
  followUpDueOn?: string;
  /** A refusal recorded late, after a newer encounter already looked in on the person. */
  followedUpLater: boolean;
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
  // A flagged record is not flagged again, but a new suspicion is added to the flag and reported.
  const flag = person.concernFlag;
  const newConcerns = meeting.concerns.filter(isPoliceConcern).filter((concern) => !flag?.concerns.includes(concern));
  if (newConcerns.length > 0) {
    change.concernFlag = flag
      ? { ...flag, concerns: [...flag.concerns, ...newConcerns] }
      : { concerns: newConcerns, encounterId, at: occurredAt, raisedBy: meeting.recordedBy };
    change.flagBefore = flag ?? null;
  }
  // Rules 8 and 9: the suspicion follows the person into care until a clinician's finding made after it.
  if (meeting.concerns.includes('suspected_mental_disorder')) {
    const standing = person.suspectedMentalDisorder;
    const finding = person.clinicalFinding;
    const clearedSince = standing && finding && finding.at >= standing.at && finding.at < occurredAt;
    if (!standing || clearedSince) change.suspectedMentalDisorder = { encounterId, at: occurredAt, raisedBy: meeting.recordedBy };
  }
  const followUpDueOn = meeting.refusedHelp && isNewest ? refusalFollowUpDue(occurredAt, rules) : undefined;
  if (followUpDueOn) change.refusalFollowUp = { dueOn: followUpDueOn, encounterId };
  else if (isNewest && person.refusalFollowUp) change.refusalFollowUp = null;

  const after: Person = { ...person };
  if (change.lastSeen) after.lastSeen = change.lastSeen;
  if (change.concernFlag) after.concernFlag = change.concernFlag;
  if (change.suspectedMentalDisorder) after.suspectedMentalDisorder = change.suspectedMentalDisorder;
  if (change.refusalFollowUp) after.refusalFollowUp = change.refusalFollowUp;
  if (change.refusalFollowUp === null) delete after.refusalFollowUp;
  const followUp = nextFollowUp(followUpFactsOf(after), rules);
  if (followUp?.dueOn !== person.nextFollowUp?.dueOn || followUp?.reason !== person.nextFollowUp?.reason) change.nextFollowUp = followUp ?? null;
  if (followUp) after.nextFollowUp = followUp;
  else delete after.nextFollowUp;

  return {
    person: after,
    change,
    notifyGuardians,
    newConcerns,
    followedUpLater: meeting.refusedHelp && !isNewest,
    ...(followUpDueOn ? { followUpDueOn } : {}),
  };
}

/** Whether a sighting changes anything beside the record. */
export const changesAnything = (change: SightingChange) => Object.keys(change).length > 0;
