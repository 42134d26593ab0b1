import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { BlockingEntry, BlockingQuery, FieldReason, MatchProfile, MatchSide } from '../domain/matching.js';
import type { Db } from './client.js';
import { keys } from './keys.js';
import { queryAll } from './pagination.js';

/**
 * The matching indexes, kept from the stream (never by a request): blocking entries carry the
 * profile they index, so a candidate costs no second read; candidate items hold one scored pair,
 * mirrored under both sides, with the reviewer's decision.
 */

/** A scored pair as stored (under the person and, mirrored, under the report). */
export type CandidateItem = {
  personId: string;
  otherSide: Exclude<MatchSide, 'person'>;
  otherId: string;
  personDistrict: string;
  otherDistrict: string;
  score: number;
  reasons: FieldReason[];
  decision?: { decision: 'confirmed' | 'rejected'; note: string; by: string; at: string; rulesVersion?: string; overrideReason?: string };
  /** A confirmation one side proposed, with the record versions it was proposed on; the other side accepts it. */
  proposal?: {
    side: 'person' | 'report'; by: string; at: string; note: string; reportVersion: number; personVersion: number; overrideReason?: string; byOffice?: boolean;
  };
  /** A person registered minutes before being matched with this report from another province (told to the filing district). */
  flagged?: 'fresh_far';
  /** A pair rejected before one side changed materially, shown again. */
  previouslyRejected?: boolean;
  scoredAt: string;
};

/**
 * The blocking items of a profile. The profile rides along as one JSON string: a candidate read is
 * one attribute to decode, not a map of a dozen (the reads are most of a match's time).
 */
export const blockingItems = (entries: BlockingEntry[], profile: MatchProfile) => {
  const encoded = JSON.stringify(profile);
  return entries.map((entry) => ({ ...entry, type: 'blocking', profile: encoded }));
};

/** A blocking item's profile (entries written before the profile was a string hold it as a map). */
const profileOf = (item: Record<string, unknown>) => (typeof item['profile'] === 'string' ? (JSON.parse(item['profile']) as MatchProfile) : (item['profile'] as MatchProfile));

/**
 * The profiles the blocking queries find (deduplicated by id), the queries run side by side, up to
 * `maxRead` entries read in all; `read` counts them (the share of records scored).
 */
export async function readBlocking(db: Db, queries: BlockingQuery[], maxRead: number): Promise<{ profiles: Map<string, MatchProfile>; read: number }> {
  const results = await Promise.all(
    queries.map((query) =>
      queryAll(
        db,
        {
          KeyConditionExpression: query.from ? 'pk = :pk AND sk BETWEEN :from AND :to' : 'pk = :pk',
          ExpressionAttributeValues: { ':pk': query.pk, ...(query.from ? { ':from': query.from, ':to': query.to } : {}) },
          ProjectionExpression: 'profile',
        },
        maxRead,
      ),
    ),
  );
  const profiles = new Map<string, MatchProfile>();
  let read = 0;
  for (const items of results) {
    for (const item of items) {
      if (read >= maxRead) break;
      read += 1;
      const profile = profileOf(item);
      profiles.set(profile.id, profile);
    }
  }
  return { profiles, read };
}

/** The candidate items of a person or a report (one query). */
export async function candidatesOf(db: Db, side: 'person' | 'report', id: string): Promise<(CandidateItem & { pk: string; sk: string })[]> {
  const items = await queryAll(db, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.candidatesOf(side, id) } }, 500);
  return items.filter((item) => item['type'] === 'candidate') as (CandidateItem & { pk: string; sk: string })[];
}

/**
 * The districts of the persons a report was matched with (who may read the report for review), and
 * whether the filing district accepted the pair (a confirmation it proposed, or a confirmed match).
 */
export async function candidateDistricts(db: Db, reportId: string): Promise<{ district: string; accepted: boolean }[]> {
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.candidatesOf('report', reportId) },
      ProjectionExpression: 'personDistrict, decision, proposal',
      Limit: 200,
    }),
  );
  return (result.Items ?? []).map((item) => ({
    district: String(item['personDistrict']),
    accepted: (item['decision'] as { decision?: string } | undefined)?.decision === 'confirmed' || (item['proposal'] as { side?: string } | undefined)?.side === 'report',
  }));
}

/** The two mirrored items of a pair. */
export function candidateItems(candidate: CandidateItem) {
  const base = { type: 'candidate', ...candidate };
  const underPerson = { ...keys.candidate('person', candidate.personId, candidate.otherSide, candidate.otherId), ...base };
  return candidate.otherSide === 'report' ? [underPerson, { ...keys.candidate('report', candidate.otherId, 'person', candidate.personId), ...base }] : [underPerson];
}
