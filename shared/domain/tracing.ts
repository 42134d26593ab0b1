import type { CareModeChoice } from './stay.js';
import { z } from 'zod';
import { addCalendarDays, type WorkingDayCalendar } from './calendar.js';
import { instant, text } from './common.js';
import { careStageAt, hasPassed, stageStarts } from './care-clock.js';
import { addMonths, cstDate } from './cst.js';
import { idNumberSchema } from './idNumber.js';
import { homeRegion } from './person.js';
import type { OutreachRules } from './rules.js';

/**
 * A tracing case (寻亲): opened when an unidentified person is taken into care (rules 3–7), closed
 * by reunion or when the person leaves care. The case clock turns the admission time and the steps
 * recorded into deadlines (due / done / overdue, provisional where a working-day year is not
 * loaded); the stage follows the time in care. Pure: the store and the sweep call these.
 *
 * Conventions: deadlines are instants; "within N working days" and "within 1 month" end at the
 * end of the CST day (calendar.ts); the 24-hour notice runs from the admission instant itself.
 */

/** The steps a tracer records on a case (POST /v1/persons/{id}/tracing/events). */
export const tracingEventKinds = [
  'notice_published', 'notice_refreshed', 'dna_requested', 'dna_sampled', 'lead', 'identity_confirmed', 'note',
] as const;
export type TracingEventKind = (typeof tracingEventKinds)[number];

/** Where a tracing notice is published. */
export const noticeChannels = ['national_tracing_site', 'social_media', 'newspaper', 'television', 'police', 'other'] as const;
/** Where a lead came from. */
export const leadSources = ['family', 'police', 'public', 'volunteer', 'other_station', 'other'] as const;

const at = instant.optional();
const url = z.url({ protocol: /^https?$/, error: 'An http(s) URL.' }).max(500);

/** A step as a client records it; `at` defaults to now, and may not lie before the case opened or in the future. */
export const tracingEventInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('notice_published'), at, channel: z.enum(noticeChannels), url: url.optional() }),
  z.strictObject({ kind: z.literal('notice_refreshed'), at, channel: z.enum(noticeChannels).optional(), url: url.optional() }),
  z.strictObject({ kind: z.literal('dna_requested'), at, note: text(500).optional() }),
  z.strictObject({ kind: z.literal('dna_sampled'), at, note: text(500).optional() }),
  z.strictObject({ kind: z.literal('lead'), at, source: z.enum(leadSources), summary: text(1000) }),
  z.strictObject({
    kind: z.literal('identity_confirmed'),
    at,
    name: text(50),
    idNumber: idNumberSchema.optional(),
    homeRegion,
    /** The missing-person report that found them, when one did. */
    reportId: z.uuid().optional(),
  }),
  z.strictObject({ kind: z.literal('note'), at, text: text(1000) }),
]);
export type TracingEventInput = z.infer<typeof tracingEventInput>;

/** A step as recorded on the case's timeline (an ID number is never kept here: it goes to the person record, sealed). */
export type TimelineEntry = {
  id: string;
  kind: TracingEventKind | 'case_opened' | 'stage_reached' | 'case_closed' | 'missing_from_care';
  at: string;
  recordedAt: string;
  by: string;
  details?: Record<string, string>;
};

/** The deadlines of the clock: tasks someone must do, and milestones the time in care reaches. */
export const deadlineNames = ['notice', 'dna_request', 'dna_sampling', 'notice_refresh', 'stranded', 'long_term'] as const;
export type DeadlineName = (typeof deadlineNames)[number];
export const deadlineStates = ['due', 'done', 'overdue', 'waiting', 'void'] as const;
export type DeadlineState = (typeof deadlineStates)[number];

export type Deadline = {
  name: DeadlineName;
  kind: 'task' | 'milestone';
  /** Absent while the deadline waits for another step (DNA sampling waits for the request). */
  dueAt?: string;
  state: DeadlineState;
  doneAt?: string;
  /** The due date counts days of a year whose working-day arrangement is not loaded. */
  provisional: boolean;
  /** DOMAIN.md rule and the rule set's version. */
  rule: string;
};

/** `missing_from_care`: a protected person left without formalities; the case stays open while they are sought (rule 2). */
export const caseStages = ['intake', 'stranded', 'long_term', 'missing_from_care', 'identified', 'closed'] as const;
export type CaseStage = (typeof caseStages)[number];

export const closeReasons = ['reunited', 'left_care', 'deceased', 'identified_elsewhere'] as const;
export type CloseReason = (typeof closeReasons)[number];

/** A tracing case as stored: one per person (key), reopened as a new cycle when they come back unidentified. */
export type TracingCase = {
  personId: string;
  /** Increases each time the case opens again (a person who left care and is taken in again). */
  cycle: number;
  /** The facility that took the person in owns the case (its district is the tracers' jurisdiction). */
  district: string;
  facilityId: string;
  stayId: string;
  openedAt: string;
  status: 'open' | 'closed';
  identifiedAt?: string;
  closedAt?: string;
  closeReason?: CloseReason;
  /** A protected person left care without formalities: a missing person, still sought (rules 2 and 10). */
  missingFromCare?: { at: string; stayId: string };
  /** Rule 5: the care mode chosen for the stay once 滞留 began (absent: in the station). */
  careMode?: CareModeChoice;
  timeline: TimelineEntry[];
  /** Alerts sent by the sweep: per deadline, the due date they were for and the states announced. */
  alerted: Partial<Record<DeadlineName, { dueAt: string; states: AlertState[] }>>;
  rules: { version: string; source: string };
  version: number;
};

export type AlertState = 'coming_due' | 'overdue' | 'reached';

/** The most steps a case keeps on its timeline (one item: a year of weekly notes fits well within it). */
export const MAX_TIMELINE = 400;

const firstOf = (tracing: Pick<TracingCase, 'timeline'>, kinds: TimelineEntry['kind'][]) =>
  tracing.timeline.filter((entry) => kinds.includes(entry.kind)).sort((a, b) => a.at.localeCompare(b.at))[0];
const lastOf = (tracing: Pick<TracingCase, 'timeline'>, kinds: TimelineEntry['kind'][]) =>
  tracing.timeline.filter((entry) => kinds.includes(entry.kind)).sort((a, b) => a.at.localeCompare(b.at)).at(-1);

/** The end of the CST day `date`, as an instant. */
const endOfCstDay = (date: string) => addCalendarDays(`${date}T12:00:00+08:00`, 0).dueAt;

/** The stage of a case at `now`. */
export function stageOf(
  tracing: Pick<TracingCase, 'status' | 'identifiedAt' | 'openedAt' | 'missingFromCare'>,
  now: Date,
  rules: Pick<OutreachRules, 'placementStages'>,
): CaseStage {
  if (tracing.status === 'closed') return 'closed';
  if (tracing.identifiedAt) return 'identified';
  if (tracing.missingFromCare) return 'missing_from_care';
  // The care clock: the stay's stages and rule 9's limit count the same way from the same instant.
  return careStageAt(tracing.openedAt, now, rules);
}

/**
 * The deadlines of a case at `now` (rules 3–7). A closed or identified case owes nothing more: its
 * open tasks are void. The notice refresh recurs: it is due a month after the later of the intake
 * and the last notice, from the first month on.
 */
export function deadlinesOf(tracing: TracingCase, now: Date, calendar: WorkingDayCalendar, rules: Pick<OutreachRules, 'placementStages' | 'tracingClock' | 'version'>): Deadline[] {
  const clock = rules.tracingClock;
  const ended = tracing.status === 'closed' || Boolean(tracing.identifiedAt);
  const rule = (n: number) => `rule ${n} (${rules.version})`;
  const task = (name: DeadlineName, due: { dueAt: string; provisional: boolean } | undefined, done: TimelineEntry | undefined, ruleText: string): Deadline => {
    const base = { name, kind: 'task' as const, provisional: due?.provisional ?? false, rule: ruleText };
    if (done) return { ...base, ...(due ? { dueAt: due.dueAt } : {}), state: 'done', doneAt: done.at };
    if (ended) return { ...base, ...(due ? { dueAt: due.dueAt } : {}), state: 'void' };
    if (!due) return { ...base, state: 'waiting' };
    return { ...base, dueAt: due.dueAt, state: Date.parse(due.dueAt) < now.getTime() ? 'overdue' : 'due' };
  };

  const notice = firstOf(tracing, ['notice_published']);
  const requested = firstOf(tracing, ['dna_requested']);
  const sampled = firstOf(tracing, ['dna_sampled']);
  const noticeDue = { dueAt: new Date(Date.parse(tracing.openedAt) + clock.noticeWithinHours * 3_600_000).toISOString(), provisional: false };
  const dnaRequestDue = calendar.addWorkingDays(tracing.openedAt, clock.dnaRequestWorkingDays);
  const samplingDue = requested ? { dueAt: endOfCstDay(addMonths(cstDate(requested.at), clock.dnaSamplingMonths)), provisional: false } : undefined;
  const lastNotice = lastOf(tracing, ['notice_published', 'notice_refreshed']);
  const refreshFrom = [addMonths(cstDate(tracing.openedAt), clock.noticeRefreshMonths), ...(lastNotice ? [addMonths(cstDate(lastNotice.at), clock.noticeRefreshMonths)] : [])].sort().at(-1) as string;
  const refreshDue = { dueAt: endOfCstDay(refreshFrom), provisional: false };

  const stages = stageStarts(tracing.openedAt, rules);
  const milestone = (name: 'stranded' | 'long_term', dueAt: string, ruleText: string): Deadline => {
    const reached = hasPassed(dueAt, now);
    const state: DeadlineState = reached ? 'done' : ended ? 'void' : 'due';
    return { name, kind: 'milestone', dueAt, state, ...(reached ? { doneAt: dueAt } : {}), provisional: false, rule: ruleText };
  };
  return [
    task('notice', noticeDue, notice, rule(3)),
    task('dna_request', dnaRequestDue, requested, rule(4)),
    task('dna_sampling', samplingDue, sampled, rule(4)),
    // Recurring: never done for good, only moved on by each refresh.
    task('notice_refresh', refreshDue, undefined, rule(6)),
    milestone('stranded', stages.stranded, rule(5)),
    milestone('long_term', stages.long_term, rule(7)),
  ];
}

/** The nearest deadline still owed (a task due or overdue), for the tracers' work list; undefined when none is. */
export function nearestDue(deadlines: Deadline[]): string | undefined {
  return deadlines
    .filter((deadline) => deadline.kind === 'task' && (deadline.state === 'due' || deadline.state === 'overdue') && deadline.dueAt)
    .map((deadline) => deadline.dueAt as string)
    .sort()[0];
}

/** An alert the sweep owes: one per deadline, due date and state, never twice. */
export type OwedAlert = { name: DeadlineName; state: AlertState; dueAt: string };

const announced = (tracing: TracingCase, name: DeadlineName, dueAt: string, state: AlertState) => {
  const sent = tracing.alerted[name];
  return sent?.dueAt === dueAt && sent.states.includes(state);
};

/**
 * The alerts owed at `now`: a task coming due within the warning window, a task overdue, a stage
 * reached. A task found already overdue gets the overdue alert only (the warning would be late).
 */
export function alertsOwed(tracing: TracingCase, deadlines: Deadline[], now: Date, rules: Pick<OutreachRules, 'tracingClock'>): OwedAlert[] {
  if (tracing.status === 'closed') return [];
  const warnMs = rules.tracingClock.warnHoursBefore * 3_600_000;
  const owed: OwedAlert[] = [];
  for (const deadline of deadlines) {
    if (!deadline.dueAt) continue;
    const dueAt = deadline.dueAt;
    if (deadline.kind === 'milestone') {
      if (deadline.state === 'done' && !announced(tracing, deadline.name, dueAt, 'reached')) owed.push({ name: deadline.name, state: 'reached', dueAt });
      continue;
    }
    if (deadline.state === 'overdue' && !announced(tracing, deadline.name, dueAt, 'overdue')) owed.push({ name: deadline.name, state: 'overdue', dueAt });
    else if (deadline.state === 'due' && Date.parse(dueAt) - warnMs <= now.getTime() && !announced(tracing, deadline.name, dueAt, 'coming_due')) {
      owed.push({ name: deadline.name, state: 'coming_due', dueAt });
    }
  }
  return owed;
}

/** The case with alerts marked as sent (a new due date starts a new record for that deadline). */
export function markAlerted(tracing: TracingCase, alerts: OwedAlert[]): TracingCase['alerted'] {
  const alerted = { ...tracing.alerted };
  for (const alert of alerts) {
    const sent = alerted[alert.name];
    const states = sent?.dueAt === alert.dueAt ? sent.states : [];
    // An overdue alert stands for the warning too: the warning is never sent after it.
    alerted[alert.name] = { dueAt: alert.dueAt, states: [...new Set([...states, alert.state, ...(alert.state === 'overdue' ? (['coming_due'] as const) : [])])] };
  }
  return alerted;
}

/**
 * When the sweep must next look at the case: the earliest moment an alert will be owed (a
 * warning window opening, a deadline passing, a stage beginning). Undefined when nothing is left.
 */
export function nextAttention(tracing: TracingCase, deadlines: Deadline[], rules: Pick<OutreachRules, 'tracingClock'>): string | undefined {
  if (tracing.status === 'closed') return undefined;
  const warnMs = rules.tracingClock.warnHoursBefore * 3_600_000;
  const moments: number[] = [];
  for (const deadline of deadlines) {
    if (!deadline.dueAt || deadline.state === 'void') continue;
    const due = Date.parse(deadline.dueAt);
    if (deadline.kind === 'milestone') {
      if (!announced(tracing, deadline.name, deadline.dueAt, 'reached')) moments.push(due);
      continue;
    }
    if (deadline.state === 'done') continue;
    if (!announced(tracing, deadline.name, deadline.dueAt, 'coming_due')) moments.push(due - warnMs);
    else if (!announced(tracing, deadline.name, deadline.dueAt, 'overdue')) moments.push(due);
  }
  const next = Math.min(...moments);
  return Number.isFinite(next) ? new Date(next).toISOString() : undefined;
}

/** What is wrong with the time of a step, or null: not before the case opened, not in the future. */
export function stepTimeIssue(tracing: Pick<TracingCase, 'openedAt'>, at: string, now: Date, rules: Pick<OutreachRules, 'clockSkewMinutes'>): string | null {
  if (Date.parse(at) < Date.parse(tracing.openedAt)) return `A step cannot precede the case (opened ${tracing.openedAt}).`;
  if (Date.parse(at) > now.getTime() + rules.clockSkewMinutes * 60_000) return 'A step cannot lie in the future.';
  return null;
}

/** What is wrong with recording a step on a case as it stands, or null. */
export function stepIssue(tracing: TracingCase, input: TracingEventInput): string | null {
  if (tracing.status === 'closed') return 'The case is closed.';
  if (tracing.timeline.length >= MAX_TIMELINE) return `A case keeps at most ${MAX_TIMELINE} steps; close it or ask the office.`;
  if (tracing.identifiedAt && input.kind !== 'note' && input.kind !== 'lead') return 'The person is identified: only notes and leads are recorded until reunion.';
  if (input.kind === 'dna_sampled' && !firstOf(tracing, ['dna_requested'])) return 'Record the DNA request before the sampling.';
  if (input.kind === 'notice_refreshed' && !firstOf(tracing, ['notice_published'])) return 'Publish the notice before refreshing it.';
  return null;
}

/** The timeline details of a step: what it says, without the ID number (which goes to the person record, sealed). */
export function stepDetails(input: TracingEventInput): Record<string, string> | undefined {
  switch (input.kind) {
    case 'notice_published':
    case 'notice_refreshed':
      return { ...(input.channel ? { channel: input.channel } : {}), ...(input.url ? { url: input.url } : {}) };
    case 'dna_requested':
    case 'dna_sampled':
      return input.note ? { note: input.note } : undefined;
    case 'lead':
      return { source: input.source, summary: input.summary };
    case 'identity_confirmed':
      return { name: input.name, ...(input.reportId ? { reportId: input.reportId } : {}) };
    case 'note':
      return { text: input.text };
  }
}

/** A new case for a person taken into care unidentified. */
export function openCase(
  facts: { personId: string; district: string; facilityId: string; stayId: string; openedAt: string; by: string; now: Date; previous?: TracingCase },
  rules: Pick<OutreachRules, 'version' | 'source'>,
): TracingCase {
  return {
    personId: facts.personId,
    cycle: (facts.previous?.cycle ?? 0) + 1,
    district: facts.district,
    facilityId: facts.facilityId,
    stayId: facts.stayId,
    openedAt: facts.openedAt,
    status: 'open',
    timeline: [{ id: `${facts.stayId}:opened`, kind: 'case_opened', at: facts.openedAt, recordedAt: facts.now.toISOString(), by: facts.by }],
    alerted: {},
    rules: { version: rules.version, source: rules.source },
    version: (facts.previous?.version ?? 0) + 1,
  };
}

/** The case closed, with the reason on its timeline. */
/** The case of a protected person who left care without formalities: open, missing from care since `at`. */
export function markMissingFromCare(tracing: TracingCase, stayId: string, at: string, by: string, now: Date): TracingCase {
  return {
    ...tracing,
    missingFromCare: { at, stayId },
    timeline: [...tracing.timeline, { id: `missing:${tracing.cycle}:${stayId}`, kind: 'missing_from_care', at, recordedAt: now.toISOString(), by, details: { stayId } }],
    version: tracing.version + 1,
  };
}

export function closeCase(tracing: TracingCase, reason: CloseReason, at: string, by: string, now: Date): TracingCase {
  return {
    ...tracing,
    status: 'closed',
    closedAt: at,
    closeReason: reason,
    timeline: [...tracing.timeline, { id: `closed:${tracing.cycle}`, kind: 'case_closed', at, recordedAt: now.toISOString(), by, details: { reason } }],
    version: tracing.version + 1,
  };
}
