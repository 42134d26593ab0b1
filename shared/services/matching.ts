import { z } from 'zod';
import { mayActIn } from '../domain/access.js';
import { conflict, notFound } from '../domain/errors.js';
import {
  blockingEntries, blockingQueries, fieldStates, materialFingerprint, matchFields, personProfile, reportProfile, scorePair,
  type MatchProfile, type MatchSide,
} from '../domain/matching.js';
import type { MissingReport } from '../domain/missing-report.js';
import type { Person } from '../domain/person.js';
import type { OutreachRules } from '../domain/rules.js';
import { eventPut, unmarshallStreamImage } from '../events/events.js';
import { logger } from '../logger.js';
import { appendAudit, auditPut } from '../store/audit.js';
import type { Db } from '../store/client.js';
import { keys } from '../store/keys.js';
import { batchWrite } from '../store/batch.js';
import { blockingItems, candidateItems, candidatesOf, readBlocking, type CandidateItem } from '../store/matching.js';
import { fromReportItem, reportReplace } from '../store/missing-reports.js';
import { fromPersonItem } from '../store/persons.js';
import { put, writeChange, type TransactItem } from '../store/transact.js';
import { visibleReport, type ReportContext } from './missing-reports.js';
import { identityConfirmedItems, tracingRecords, type TracingContext } from './tracing.js';

/**
 * Matching unidentified people with missing-person reports, and with register members who have
 * guardians (a registered person found without papers). Kept up to date from the table's stream:
 * when a person or a report is created or changes materially, its blocking entries are rewritten
 * and its candidates scored again. The same code runs in the matching Lambda and under `npm start`.
 */
export type MatchingDeps = { db: Db; rules: OutreachRules; now: () => Date };

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
  for (const pair of fresh.values()) puts.push(...candidateItems(pair));
  writes += await batchWrite(db, puts, deletes);
  return { candidates: fresh.size + puts.length / 2, writes };
}

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
export async function matchFromStream(deps: MatchingDeps, records: MatchingStreamRecord[]): Promise<{ applied: number }> {
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
  reasons: z.array(z.object({ field: z.enum(matchFields), state: z.enum(fieldStates), weight: z.number(), reason: z.string() })),
  previouslyRejected: z.boolean().optional(),
  decision: z.object({ decision: z.enum(['confirmed', 'rejected']), note: z.string(), by: z.string(), at: z.string() }).optional(),
});
export type CandidateView = z.infer<typeof candidateView>;

function viewCandidate(item: CandidateItem, from: 'person' | 'report'): CandidateView {
  return candidateView.parse({
    ...(from === 'report' ? { personId: item.personId } : item.otherSide === 'report' ? { reportId: item.otherId } : { registeredPersonId: item.otherId }),
    score: item.score,
    reasons: item.reasons,
    ...(item.previouslyRejected ? { previouslyRejected: true } : {}),
    ...(item.decision ? { decision: item.decision } : {}),
  });
}

/** Candidates as listed: at or above the threshold, rejected pairs left out, best first. */
const listed = (items: CandidateItem[], rules: OutreachRules) =>
  items.filter((item) => item.decision?.decision !== 'rejected' && item.score >= rules.matching.threshold).sort((a, b) => b.score - a.score);

/** GET /v1/persons/{id}/matches. */
export async function personMatches(context: TracingContext, personId: string) {
  await tracingRecords(context, personId, [], 'read');
  const items = await candidatesOf(context.db, 'person', personId);
  await appendAudit(context.db, context.audit, [{ action: 'matches.read', subjectType: 'person', subjectId: personId }]);
  return { candidates: listed(items, context.rules).map((item) => viewCandidate(item, 'person')) };
}

/** GET /v1/missing-reports/{id}/matches: only the persons in the caller's reach, unless the caller filed the report. */
export async function reportMatches(context: ReportContext & { rules: OutreachRules }, reportId: string) {
  const report = await visibleReport(context, reportId);
  const { actor } = context.audit;
  const filedHere = mayActIn(actor, report.district, 'read');
  const items = (await candidatesOf(context.db, 'report', reportId)).filter((item) => filedHere || mayActIn(actor, item.personDistrict, 'read'));
  await appendAudit(context.db, context.audit, [{ action: 'matches.read', subjectType: 'missingReport', subjectId: reportId }]);
  return { candidates: listed(items, context.rules).map((item) => viewCandidate(item, 'report')) };
}

export const decisionInput = z.strictObject({ decision: z.enum(['confirmed', 'rejected']), note: z.string().trim().min(1).max(500) });

/**
 * POST /v1/matches/{personId}/{reportId}/decision. A rejection is remembered on both sides of the
 * pair. A confirmation, in one transaction: the pair, the person identified (the report's name and
 * home region), `identity_confirmed` on the tracing case, the report closed as found, the audit
 * entry and a `match_confirmed` event to the person's district and to the report's.
 */
export async function decideMatch(context: TracingContext, personId: string, reportId: string, input: z.infer<typeof decisionInput>) {
  const { db, audit } = context;
  // The person, their case, the pair and the report: one read.
  const pairKeyOf = keys.candidate('person', personId, 'report', reportId);
  const { stored, tracing, items } = await tracingRecords(context, personId, [pairKeyOf, keys.missingReport(reportId)]);
  const pair = items.get(pairKeyOf.pk) as (CandidateItem & { type: string }) | undefined;
  const report = fromReportItem(items.get(keys.missingReport(reportId).pk));
  if (!pair || pair.type !== 'candidate' || !report) throw notFound('The match candidate');
  if (pair.decision) {
    if (pair.decision.decision === input.decision) return viewCandidate(pair, 'person');
    throw conflict(`The pair was already ${pair.decision.decision}.`);
  }
  const at = audit.now.toISOString();
  const decided: CandidateItem = { ...stripKeys(pair), decision: { decision: input.decision, note: input.note, by: audit.actor.sub, at } };
  const undecided = 'attribute_not_exists(decision)';
  const writes: TransactItem[] = [
    ...candidateItems(decided).map((item) => ({ ...put(db, item, undecided), guard: 'recordVersion' as const })),
    auditPut(db, audit, { action: `match.${input.decision}`, subjectType: 'person', subjectId: personId, reason: `report ${reportId}: ${input.note}` }),
  ];
  if (input.decision === 'confirmed') {
    if (report.status !== 'open') throw conflict('The report is closed.');
    if (stored.person.identityStatus !== 'unidentified') throw conflict('The person is already identified.');
    writes.push(
      ...identityConfirmedItems(context, stored, tracing, { name: report.name, homeRegion: report.homeRegion ?? {}, reportId }),
      reportReplace(db, { ...report, status: 'closed', closed: { reason: 'found', at, by: audit.actor.sub, personId }, updatedAt: at, version: report.version + 1 }, report.version),
      ...[...new Set([tracing?.district ?? stored.person.district, report.district])].map((district) =>
        eventPut(db, {
          kind: 'match_confirmed', district, severity: 'urgent', occurredAt: at, subjectId: personId,
          payload: { personId, reportId, personDistrict: tracing?.district ?? stored.person.district, reportDistrict: report.district, score: pair.score },
        }),
      ),
    );
  }
  await writeChange(db, writes, () => conflict('The pair or the records changed meanwhile; reload and decide again.'));
  return viewCandidate(decided, 'person');
}

const stripKeys = (item: CandidateItem & Record<string, unknown>): CandidateItem => {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  return rest as CandidateItem;
};
