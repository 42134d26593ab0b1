import { z } from 'zod';
import { mayActIn, primaryRole, type Actor, type Role } from '../domain/access.js';
import { riskFactors } from '../domain/person.js';
import { conflict, DomainError, forbidden, notFound } from '../domain/errors.js';
import {
  blockingEntries, blockingQueries, fieldStates, materialFingerprint, matchFields, personProfile, reasonFor, reportProfile, scorePair,
  type MatchProfile, type MatchSide,
} from '../domain/matching.js';
import type { MissingReport } from '../domain/missing-report.js';
import type { Person } from '../domain/person.js';
import type { OutreachRules } from '../domain/rules.js';
import type { RuleBookSource } from './rules.js';
import { eventPut, unmarshallStreamImage } from '../events/events.js';
import { logger } from '../logger.js';
import { appendAudit, auditPut } from '../store/audit.js';
import type { Db } from '../store/client.js';
import { keys } from '../store/keys.js';
import { batchWrite } from '../store/batch.js';
import { blockingItems, candidateItems, candidatesOf, readBlocking, type CandidateItem } from '../store/matching.js';
import { fromReportItem, reportReplace } from '../store/missing-reports.js';
import { fromPersonItem, type StoredPerson } from '../store/persons.js';
import { readConsistently } from '../store/idempotency.js';
import { fromTracingItem } from '../store/tracing.js';
import type { TracingCase } from '../domain/tracing.js';
import { put, writeChange, type TransactItem } from '../store/transact.js';
import { visibleReport, type ReportContext } from './missing-reports.js';
import { identityConfirmedItems, tracingRecords, type TracingContext } from './tracing.js';

/**
 * Matching unidentified people with missing-person reports, and with register members who have
 * guardians (a registered person found without papers). Kept up to date from the table's stream:
 * when a person or a report is created or changes materially, its blocking entries are rewritten
 * and its candidates scored again. The same code runs in the matching Lambda and under `npm start`.
 */
/** `ruleBook`: the editable rules in force (matching's are national), read instead of `rules` when given. */
export type MatchingDeps = { db: Db; rules: OutreachRules; now: () => Date; ruleBook?: RuleBookSource };

/** The profile a person takes part in matching with, if any: unidentified (found), or identified with guardians (sought). */
export function profileOfPerson(person: Person, rules: OutreachRules): MatchProfile | undefined {
  if (person.status === 'deceased' || person.status === 'reunited') return undefined;
  if (person.identityStatus === 'unidentified') return personProfile(person, 'person', person.createdAt, rules);
  if (person.guardians.length > 0 && person.riskFactors.length > 0) return personProfile(person, 'registered', undefined, rules);
  return undefined;
}

/** An open report's profile. */
export const profileOfReport = (report: MissingReport): MatchProfile | undefined => (report.status === 'open' ? reportProfile(report) : undefined);

/** The sides a profile is compared with. */
const othersOf = (side: MatchSide): MatchSide[] => (side === 'person' ? ['report', 'registered'] : ['person']);

/** A scored candidate: the other record's profile and the pair's score. */
export type Scored = { other: MatchProfile; score: number; reasons: CandidateItem['reasons'] };

/**
 * Candidates of a profile on another side: the narrow passes (names, surname and dialect group
 * within the age window) first; the wide age pass when they found nobody the rules call a confident
 * match. Returns the best ones whatever their score (`ranked`), those at or above the threshold
 * (`candidates`), both best first, and how many index entries were read and records scored.
 */
export async function findCandidates(
  deps: MatchingDeps,
  profile: MatchProfile,
  other: MatchSide,
): Promise<{ candidates: Scored[]; ranked: Scored[]; read: number; scored: number }> {
  const { matching } = deps.rules;
  const queries = blockingQueries(profile, other, deps.rules, deps.now());
  const score = (found: Map<string, MatchProfile>) =>
    [...found.values()]
      .filter((candidate) => candidate.id !== profile.id)
      .map((candidate): Scored => {
        const result = profile.side === 'person' ? scorePair(profile, candidate, deps.rules) : scorePair(candidate, profile, deps.rules);
        return { other: candidate, ...result };
      });
  const narrow = queries.narrow.length ? await readBlocking(deps.db, queries.narrow, matching.blocking.maxCandidatesRead) : { profiles: new Map<string, MatchProfile>(), read: 0 };
  let scored = score(narrow.profiles);
  let read = narrow.read;
  let count = narrow.profiles.size;
  if (!scored.some((candidate) => candidate.score >= matching.confidentScore)) {
    const wide = await readBlocking(deps.db, queries.wide, matching.blocking.maxCandidatesRead);
    const unseen = new Map([...wide.profiles].filter(([id]) => !narrow.profiles.has(id)));
    scored = scored.concat(score(unseen));
    read += wide.read;
    count += unseen.size;
  }
  const ranked = scored.sort((a, b) => b.score - a.score || a.other.id.localeCompare(b.other.id)).slice(0, matching.maxCandidates);
  return { candidates: ranked.filter((candidate) => candidate.score >= matching.threshold), ranked, read, scored: count };
}

/** A record entering, changing in or leaving matching: its old and new profiles. */
export type MatchingChange = { before: MatchProfile | undefined; after: MatchProfile | undefined };

/** The pair's candidate item from a subject's point of view. */
function pairOf(subject: MatchProfile, scored: Scored, now: Date): CandidateItem {
  const [person, other] = subject.side === 'person' ? [subject, scored.other] : [scored.other, subject];
  return {
    personId: person.id,
    otherSide: other.side as CandidateItem['otherSide'],
    otherId: other.id,
    personDistrict: person.district,
    otherDistrict: other.district,
    score: scored.score,
    reasons: scored.reasons,
    scoredAt: now.toISOString(),
  };
}
const pairKey = (item: Pick<CandidateItem, 'personId' | 'otherSide' | 'otherId'>) => `${item.personId}|${item.otherSide}|${item.otherId}`;

/**
 * Applies a change: rewrites the record's blocking entries and, when it still takes part, scores
 * it again and rewrites its candidates. Decided pairs stay as decided, except that a rejected pair
 * that scores again after this material change comes back (marked `previouslyRejected`).
 */
export async function applyMatchingChange(deps: MatchingDeps, change: MatchingChange): Promise<{ candidates: number; writes: number }> {
  const { db } = deps;
  const now = deps.now();
  const beforeEntries = change.before ? blockingEntries(change.before) : [];
  const afterEntries = change.after ? blockingEntries(change.after) : [];
  const kept = new Set(afterEntries.map((entry) => `${entry.pk}|${entry.sk}`));
  const removed = beforeEntries.filter((entry) => !kept.has(`${entry.pk}|${entry.sk}`));
  let writes = await batchWrite(db, change.after ? blockingItems(afterEntries, change.after) : [], removed);

  const subject = change.after ?? change.before;
  if (!subject || subject.side === 'registered') {
    // A register member is sought, never a subject with its own list: new pairs land under the persons.
    if (change.after) {
      const found = await findCandidates(deps, change.after, 'person');
      writes += await batchWrite(db, found.candidates.flatMap((scored) => candidateItems(pairOf(change.after as MatchProfile, scored, now))), []);
      return { candidates: found.candidates.length, writes };
    }
    return { candidates: 0, writes };
  }

  const side = subject.side as 'person' | 'report';
  const existing = await candidatesOf(db, side, subject.id);
  const fresh = new Map<string, CandidateItem>();
  if (change.after) {
    for (const other of othersOf(subject.side)) {
      for (const scored of (await findCandidates(deps, change.after, other)).candidates) {
        const pair = pairOf(change.after, scored, now);
        fresh.set(pairKey(pair), pair);
      }
    }
  }
  const puts: Record<string, unknown>[] = [];
  const deletes: { pk: string; sk: string }[] = [];
  for (const item of existing) {
    const key = pairKey(item);
    const again = fresh.get(key);
    fresh.delete(key);
    if (item.decision?.decision === 'confirmed') continue;
    if (item.decision?.decision === 'rejected') {
      if (again) puts.push(...candidateItems({ ...again, previouslyRejected: true }));
      continue;
    }
    if (again) puts.push(...candidateItems(again));
    else deletes.push(...candidateItems(item).map(({ pk, sk }) => ({ pk, sk })));
  }
  let events = 0;
  for (const pair of fresh.values()) {
    const flagged = freshAndFar(change.after, pair, deps);
    puts.push(...candidateItems(flagged ? { ...pair, flagged: 'fresh_far' } : pair));
    if (flagged) {
      puts.push(flaggedEvent(db, pair, now));
      events += 1;
    }
  }
  writes += await batchWrite(db, puts, deletes);
  return { candidates: fresh.size + (puts.length - events) / 2, writes };
}

/**
 * Whether a new pair is a person registered minutes ago matched at once with a report far away
 * (another province): the pattern of a made-up person entered to reach a family's report.
 */
function freshAndFar(subject: MatchProfile | undefined, pair: CandidateItem, deps: MatchingDeps): boolean {
  if (subject?.side !== 'person' || pair.otherSide !== 'report' || !subject.at) return false;
  const minutes = (deps.now().getTime() - Date.parse(subject.at)) / 60_000;
  const far = pair.personDistrict.slice(0, 2) !== pair.otherDistrict.slice(0, 2) && pair.reasons.find((reason) => reason.field === 'place')?.state !== 'agree';
  return minutes <= deps.rules.matching.freshPersonMinutes && far;
}

/** The event that tells the filing district of a flagged pair (an item of the same batch as the pair). */
const flaggedEvent = (db: Db, pair: CandidateItem, now: Date) =>
  eventPut(db, {
    kind: 'match_flagged', district: pair.otherDistrict, severity: 'urgent', occurredAt: now.toISOString(), subjectId: pair.otherId,
    payload: { reportId: pair.otherId, personId: pair.personId, personDistrict: pair.personDistrict, flag: 'fresh_far', score: pair.score },
  }).Put?.Item as Record<string, unknown>;

/** A stream record (only the fields used). */
export type MatchingStreamRecord = { eventName?: string; dynamodb?: { NewImage?: Record<string, unknown>; OldImage?: Record<string, unknown> } };

const profileOfImage = (image: Record<string, unknown> | undefined, rules: OutreachRules): MatchProfile | undefined => {
  if (!image) return undefined;
  const item = unmarshallStreamImage(image);
  if (item['type'] === 'person') {
    const stored = fromPersonItem(item);
    return stored ? profileOfPerson(stored.person, rules) : undefined;
  }
  if (item['type'] === 'missingReport') {
    const report = fromReportItem(item);
    return report ? profileOfReport(report) : undefined;
  }
  return undefined;
};

/**
 * The stream's person and report records, matched: each whose matching profile changed (created,
 * changed materially, closed, identified) is applied in order. Throws on a failure, so that the
 * batch is retried (every step is idempotent).
 */
export async function matchFromStream(given: MatchingDeps, records: MatchingStreamRecord[]): Promise<{ applied: number }> {
  const deps = given.ruleBook ? { ...given, rules: (await given.ruleBook.current()).outreach } : given;
  let applied = 0;
  for (const record of records) {
    const before = profileOfImage(record.dynamodb?.OldImage, deps.rules);
    const after = profileOfImage(record.dynamodb?.NewImage, deps.rules);
    if (!before && !after) continue;
    if (before && after && before.side === after.side && materialFingerprint(before) === materialFingerprint(after)) continue;
    await applyMatchingChange(deps, { before, after });
    applied += 1;
  }
  if (applied) logger.info('Matching applied', { records: records.length, applied });
  return { applied };
}

// ---- Reading and deciding ----------------------------------------------------------------------

export const candidateView = z.object({
  personId: z.string().optional(),
  reportId: z.string().optional(),
  registeredPersonId: z.string().optional(),
  score: z.number(),
  reasons: z.array(
    z.object({ field: z.enum([...matchFields, 'other']), state: z.enum(fieldStates), weight: z.number(), reason: z.string(), conditions: z.array(z.enum(riskFactors)).optional() }),
  ),
  previouslyRejected: z.boolean().optional(),
  decision: z.object({ decision: z.enum(['confirmed', 'rejected']), note: z.string(), by: z.string(), at: z.string(), rulesVersion: z.string().optional(), overrideReason: z.string().optional() }).optional(),
  /** A confirmation proposed by one side, waiting for the other to accept. */
  proposal: z.object({ side: z.enum(['person', 'report']), by: z.string(), at: z.string(), note: z.string(), overrideReason: z.string().optional() }).optional(),
  /** `fresh_far`: the person was registered minutes before being matched with this report from another province. */
  flagged: z.literal('fresh_far').optional(),
  /** The current ETags of the two records, to send back with a confirmation. */
  personEtag: z.string().optional(),
  reportEtag: z.string().optional(),
});
export type CandidateView = z.infer<typeof candidateView>;

/** The person's own station: its shelter staff and office (a tracer never reads health data, another district neither). */
const ownStationOf = (actor: Actor, item: Pick<CandidateItem, 'personDistrict'>) => primaryRole(actor) !== 'tracer' && mayActIn(actor, item.personDistrict);

function viewCandidate(item: CandidateItem, from: 'person' | 'report', actor: Actor, etags?: { personEtag?: string; reportEtag?: string }): CandidateView {
  const ownStation = ownStationOf(actor, item);
  return candidateView.parse({
    ...(from === 'report' ? { personId: item.personId } : item.otherSide === 'report' ? { reportId: item.otherId } : { registeredPersonId: item.otherId }),
    score: item.score,
    reasons: item.reasons.map((reason) => reasonFor(reason, ownStation)),
    ...(item.previouslyRejected ? { previouslyRejected: true } : {}),
    ...(item.decision ? { decision: item.decision } : {}),
    ...(item.proposal ? { proposal: item.proposal } : {}),
    ...(item.flagged ? { flagged: item.flagged } : {}),
    ...(etags ?? {}),
  });
}

/** Candidates as listed: at or above the threshold, rejected pairs left out, best first. */
const listed = (items: CandidateItem[], rules: OutreachRules) =>
  items.filter((item) => item.decision?.decision !== 'rejected' && item.score >= rules.matching.threshold).sort((a, b) => b.score - a.score);

/** GET /v1/persons/{id}/matches. */
export async function personMatches(context: TracingContext, personId: string) {
  const { stored } = await tracingRecords(context, personId, [], 'read');
  const items = await candidatesOf(context.db, 'person', personId);
  await appendAudit(context.db, context.audit, [{ action: 'matches.read', subjectType: 'person', subjectId: personId }]);
  const shown = listed(items, context.rules);
  const reports = await readConsistently(context.db, shown.filter((item) => item.otherSide === 'report').map((item) => keys.missingReport(item.otherId)));
  const personEtag = `"v${stored.person.version}"`;
  return {
    candidates: shown.map((item) => {
      const report = item.otherSide === 'report' ? fromReportItem(reports.get(keys.missingReport(item.otherId).pk)) : undefined;
      return viewCandidate(item, 'person', context.audit.actor, { personEtag, ...(report ? { reportEtag: `"v${report.version}"` } : {}) });
    }),
  };
}

/** GET /v1/missing-reports/{id}/matches: only the persons in the caller's reach, unless the caller filed the report. */
export async function reportMatches(context: ReportContext, reportId: string) {
  const report = await visibleReport(context, reportId);
  const { actor } = context.audit;
  const filedHere = mayActIn(actor, report.district, 'read');
  const items = (await candidatesOf(context.db, 'report', reportId)).filter((item) => filedHere || mayActIn(actor, item.personDistrict, 'read'));
  await appendAudit(context.db, context.audit, [{ action: 'matches.read', subjectType: 'missingReport', subjectId: reportId }]);
  const shown = listed(items, context.rules);
  const persons = await readConsistently(context.db, shown.map((item) => keys.person(item.personId)));
  const reportEtag = `"v${report.version}"`;
  return {
    candidates: shown.map((item) => {
      const person = fromPersonItem(persons.get(keys.person(item.personId).pk));
      return viewCandidate(item, 'report', context.audit.actor, { reportEtag, ...(person ? { personEtag: `"v${person.person.version}"` } : {}) });
    }),
  };
}

export const decisionInput = z
  .strictObject({
    decision: z.enum(['confirmed', 'rejected']),
    note: z.string().trim().min(1).max(500),
    /** The ETags of the report and of the person as the reviewer saw them (a confirmation needs both). */
    reportEtag: z.string().max(40).optional(),
    personEtag: z.string().max(40).optional(),
    /** Why a pair below the confirmation floor is confirmed all the same (recorded with the decision). */
    overrideReason: z.string().trim().min(1).max(500).optional(),
  })
  .superRefine((input, ctx) => {
    if (input.decision !== 'confirmed') return;
    for (const field of ['reportEtag', 'personEtag'] as const) {
      if (!input[field]) ctx.addIssue({ code: 'custom', path: [field], message: 'A confirmation carries the ETag of the record as you reviewed it.' });
    }
  });

/** Which side of a pair a caller decides for: the person's (their station's district) or the report's (the filing district). */
function sidesOf(actor: Actor, person: Person, tracing: TracingCase | undefined, report: MissingReport) {
  return { person: mayActIn(actor, person.district) || Boolean(tracing && mayActIn(actor, tracing.district)), report: mayActIn(actor, report.district) };
}

const refused = (reason: string, message: string, kind: 'conflict' | 'unprocessable' | 'precondition_failed' = 'unprocessable') => new DomainError(kind, message, { reason });

/**
 * Why a confirmation may not go ahead, or nothing: the records as the reviewer saw them (else 412),
 * an open report and an unidentified person, an open tracing case for a person in care (or the
 * person's district's office deciding), and a score at the rule's floor or a recorded override.
 */
function confirmationRefusal(
  context: TracingContext,
  facts: { stored: StoredPerson; tracing: TracingCase | undefined; report: MissingReport; pair: CandidateItem; input: z.infer<typeof decisionInput> },
): DomainError | undefined {
  const { actor } = context.audit;
  const { stored, tracing, report, pair, input } = facts;
  if (versionFromEtag(input.reportEtag) !== report.version || versionFromEtag(input.personEtag) !== stored.person.version) {
    return refused('records_changed', 'The report or the person changed since you reviewed them; reload the pair and decide again.', 'precondition_failed');
  }
  const proposed = pair.proposal;
  if (proposed && (proposed.reportVersion !== report.version || proposed.personVersion !== stored.person.version)) {
    return refused('records_changed', 'The report or the person changed since the confirmation was proposed; propose it again.', 'precondition_failed');
  }
  if (report.status !== 'open') return refused('report_closed', 'The report is closed.', 'conflict');
  if (stored.person.identityStatus !== 'unidentified') return refused('person_identified', 'The person is already identified.', 'conflict');
  const inCare = Boolean(stored.openStay) && tracing?.status === 'open';
  const office = primaryRole(actor) === 'admin' && mayActIn(actor, stored.person.district);
  if (!inCare && !office && !(proposed?.byOffice)) {
    return refused('match_needs_case', 'A match is confirmed for a person in care with an open tracing case, or by the office of the person’s district.');
  }
  if (pair.score < context.rules.matching.confirmFloor && !input.overrideReason && !proposed?.overrideReason) {
    return refused('score_below_floor', `The score is below the confirmation floor (${context.rules.matching.confirmFloor}); record why you confirm it all the same (overrideReason).`);
  }
  return undefined;
}

/** A version from an ETag (`"v3"`, weak or strong), or null. */
const versionFromEtag = (etag: string | undefined) => {
  const match = etag?.trim().match(/^(?:W\/)?"v(\d+)"$/);
  return match ? Number(match[1]) : null;
};

/**
 * POST /v1/matches/{personId}/{reportId}/decision. A rejection (by either side) is remembered on
 * both sides of the pair. A confirmation is two-sided: the person's side (their station's
 * district) or the report's (the filing district) proposes, the other accepts, each with the ETags
 * of the records as reviewed; a caller who holds both sides confirms at once. The proposal sends
 * `match_proposed` to the other side. The acceptance, in one transaction: the pair, the person
 * identified (the report's name and home region), `identity_confirmed` on the tracing case, the
 * report closed as found, the audit entry and `match_confirmed` to both districts.
 */
export async function decideMatch(context: TracingContext, personId: string, reportId: string, input: z.infer<typeof decisionInput>) {
  const { db, audit } = context;
  const { actor } = audit;
  if (!actor.roles.some((role) => (['tracer', 'shelter', 'admin'] as Role[]).includes(role))) throw forbidden();
  // The person, their case, the pair and the report: one read.
  const pairKeyOf = keys.candidate('person', personId, 'report', reportId);
  const items = await readConsistently(db, [keys.person(personId), keys.tracingCase(personId), pairKeyOf, keys.missingReport(reportId)]);
  const stored = fromPersonItem(items.get(keys.person(personId).pk));
  const tracing = fromTracingItem(items.get(keys.tracingCase(personId).pk));
  const pair = items.get(pairKeyOf.pk) as (CandidateItem & { type: string }) | undefined;
  const report = fromReportItem(items.get(keys.missingReport(reportId).pk));
  const sides = stored && report ? sidesOf(actor, stored.person, tracing, report) : { person: false, report: false };
  if (!stored || !report || !pair || pair.type !== 'candidate' || !(sides.person || sides.report)) throw notFound('The match candidate');
  const mySide: 'person' | 'report' = sides.person ? 'person' : 'report';
  if (pair.decision) {
    if (pair.decision.decision === input.decision) return viewCandidate(pair, 'person', actor);
    throw refused('already_decided', `The pair was already ${pair.decision.decision}.`, 'conflict');
  }
  const at = audit.now.toISOString();
  // The pair as read: undecided, and with the same proposal (or none), so two sides racing decide once.
  const proposedAt = pair.proposal?.at;
  const pairPuts = (next: CandidateItem): TransactItem[] =>
    candidateItems(next).map((item) => ({
      Put: {
        TableName: db.tableName,
        Item: item,
        ConditionExpression: proposedAt ? 'attribute_not_exists(decision) AND proposal.#at = :proposedAt' : 'attribute_not_exists(decision) AND attribute_not_exists(proposal)',
        ...(proposedAt ? { ExpressionAttributeNames: { '#at': 'at' }, ExpressionAttributeValues: { ':proposedAt': proposedAt } } : {}),
      },
      guard: 'recordVersion' as const,
    }));
  const changed = () => conflict('The pair or the records changed meanwhile; reload and decide again.');
  const personDistrict = tracing?.district ?? stored.person.district;

  if (input.decision === 'rejected') {
    const decided: CandidateItem = { ...stripKeys(pair), decision: { decision: 'rejected', note: input.note, by: actor.sub, at } };
    await writeChange(db, [...pairPuts(decided), auditPut(db, audit, { action: 'match.rejected', subjectType: 'person', subjectId: personId, reason: `report ${reportId}: ${input.note}` })], changed);
    return viewCandidate(decided, 'person', actor);
  }

  const refusal = confirmationRefusal(context, { stored, tracing, report, pair, input });
  if (refusal) throw refusal;
  const completes = (sides.person && sides.report) || (pair.proposal !== undefined && pair.proposal.side !== mySide);
  if (!completes) {
    // The first side proposes; the same side proposing again is answered with the pair as it stands.
    if (pair.proposal) return viewCandidate(pair, 'person', actor);
    const proposed: CandidateItem = {
      ...stripKeys(pair),
      proposal: {
        side: mySide, by: actor.sub, at, note: input.note, reportVersion: report.version, personVersion: stored.person.version,
        ...(input.overrideReason ? { overrideReason: input.overrideReason } : {}),
        ...(primaryRole(actor) === 'admin' && mayActIn(actor, stored.person.district) ? { byOffice: true } : {}),
      },
    };
    await writeChange(db, [
      ...pairPuts(proposed),
      auditPut(db, audit, { action: 'match.proposed', subjectType: 'person', subjectId: personId, reason: `report ${reportId}: ${input.note}${input.overrideReason ? `; override: ${input.overrideReason}` : ''}` }),
      eventPut(db, {
        kind: 'match_proposed', district: mySide === 'person' ? report.district : personDistrict, severity: 'urgent', occurredAt: at, subjectId: personId,
        payload: { personId, reportId, personDistrict, reportDistrict: report.district, proposedBy: mySide, score: pair.score },
      }),
    ], changed);
    return viewCandidate(proposed, 'person', actor);
  }

  const decided: CandidateItem = {
    ...stripKeys(pair),
    decision: { decision: 'confirmed', note: input.note, by: actor.sub, at, rulesVersion: context.rules.matching.version, ...(input.overrideReason ?? pair.proposal?.overrideReason ? { overrideReason: (input.overrideReason ?? pair.proposal?.overrideReason) as string } : {}) },
  };
  const writes: TransactItem[] = [
    ...pairPuts(decided),
    auditPut(db, audit, { action: 'match.confirmed', subjectType: 'person', subjectId: personId, reason: `report ${reportId}: ${input.note}` }),
    ...identityConfirmedItems(context, stored, tracing, { name: report.name, homeRegion: report.homeRegion ?? {}, reportId }),
    reportReplace(db, { ...report, status: 'closed', closed: { reason: 'found', at, by: actor.sub, personId }, updatedAt: at, version: report.version + 1 }, report.version),
    ...[...new Set([personDistrict, report.district])].map((district) =>
      eventPut(db, {
        kind: 'match_confirmed', district, severity: 'urgent', occurredAt: at, subjectId: personId,
        payload: { personId, reportId, personDistrict, reportDistrict: report.district, score: pair.score },
      }),
    ),
  ];
  await writeChange(db, writes, changed);
  return viewCandidate(decided, 'person', actor);
}

const stripKeys = (item: CandidateItem & Record<string, unknown>): CandidateItem => {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  return rest as CandidateItem;
};
