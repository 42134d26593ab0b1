import type { DynamoDBStreamEvent } from 'aws-lambda';
import { outreachRules } from '../shared/domain/rules.js';
import { matchFromStream, type MatchingStreamRecord } from '../shared/services/matching.js';
import { ruleBookSource } from '../shared/services/rules.js';
import { createDb } from '../shared/store/client.js';

// Cold start: the table only (matching reads no token and seals nothing).
const tableName = process.env['TABLE_NAME'];
if (!tableName) throw new Error('Invalid configuration: TABLE_NAME is required');
const db = createDb(tableName, {}, 'matching-seals-no-cursor');
// The matching weights and threshold in force (`/v1/rules/matching`), read with a short cache.
const ruleBook = ruleBookSource(db);

/**
 * Stream → matching: person and report records whose matching profile changed are scored again.
 * Every step is idempotent, so a failed batch is simply retried (then bisected, then parked in the DLQ).
 */
export const handler = async (event: DynamoDBStreamEvent) => {
  await matchFromStream({ db, rules: outreachRules, now: () => new Date(), ruleBook }, event.Records as MatchingStreamRecord[]);
};
