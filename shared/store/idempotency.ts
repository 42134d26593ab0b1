import { createHmac } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../domain/errors.js';
import { batchGetAll } from './batch.js';
import type { Db } from './client.js';
import { recordKeeping } from '../domain/rules.js';
import { expiresInDays, keys } from './keys.js';
import { putNew, transactWrite, TransactionCancelled, type Guard, type TransactItem } from './transact.js';

/** How long a key is remembered: phones may resend for weeks after a day offline (rules.ts `recordKeeping`). */
export const IDEMPOTENCY_TTL_DAYS = recordKeeping.idempotencyDays;

/** The response of the first request under a key; replays return it unchanged. */
export type StoredResponse = { status: number; body: unknown; headers?: Record<string, string> };

/** What a create writes: its items (all in one transaction) and the response to remember. */
export type WritePlan = {
  items: TransactItem[];
  response: StoredResponse;
  /** Maps a failed guard to a domain error, or to 'retry' to plan again on fresh reads. */
  onConditionFailed?: (guard: Guard | 'unnamed') => Promise<DomainError | 'retry'> | DomainError | 'retry';
  /**
   * The person the response is about, if any: the record is then listed under them (GSI3,
   * `heldAbout`), so that an erasure finds the replayable copies of their data without a scan.
   */
  subject?: string;
};

export type IdempotentRequest = {
  /** Keys are scoped to the caller: two workers cannot collide, nor read each other's results. */
  actor: string;
  key: string;
  /** Method, path and canonical body: the same key with anything else is a client error. */
  fingerprint: string;
};

type Key = { pk: string; sk: string };

/**
 * The fingerprint of a request: a keyed digest (HMAC-SHA256) of method, path and the body with its
 * keys sorted. Keyed, because it is stored for weeks beside records that hold every other field of
 * the body: a plain hash would let anyone with the table guess a body's ID number back.
 */
export function requestFingerprint(method: string, path: string, body: unknown, secret: string): string {
  return createHmac('sha256', secret).update(`${method} ${path}\n${canonicalJson(body)}`).digest('hex');
}

/** JSON with object keys sorted at every depth: equal values give equal text, whatever order a map came back in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const mismatch = () =>
  new DomainError('idempotency_mismatch', 'This Idempotency-Key was already used for a different request.');

function replayOf(record: Record<string, unknown> | undefined, request: IdempotentRequest): StoredResponse | null {
  if (!record) return null;
  if (record['fingerprint'] !== request.fingerprint) throw mismatch();
  return record['response'] as StoredResponse;
}

/**
 * Runs a create at most once per (caller, key). The first read asks for the key's record together
 * with whatever the plan needs (one BatchGetItem, or one GetItem when nothing else is needed); a
 * replay stops there. A new request writes its items and the key's record in one transaction, so a
 * record exists exactly when the key was used: concurrent duplicates lose the conditional put and
 * return the winner's response.
 */
export async function idempotentWrite(
  db: Db,
  request: IdempotentRequest,
  plan: (prefetched: Map<string, Record<string, unknown>>) => Promise<WritePlan> | WritePlan,
  prefetch: Key[] = [],
): Promise<StoredResponse & { replayed: boolean }> {
  const idemKey = keys.idempotency(request.actor, request.key);
  for (let attempt = 0; ; attempt += 1) {
    const fetched = await readConsistently(db, [idemKey, ...prefetch]);
    const replay = replayOf(fetched.get(idemKey.pk), request);
    if (replay) return { ...replay, replayed: true };

    const { items, response, onConditionFailed, subject } = await plan(fetched);
    const record = {
      ...idemKey,
      type: 'idempotency',
      fingerprint: request.fingerprint,
      response,
      expiresAt: expiresInDays(IDEMPOTENCY_TTL_DAYS),
      ...(subject ? { gsi3pk: keys.heldAbout(subject), gsi3sk: idemKey.pk } : {}),
    };
    try {
      await transactWrite(db, [putNew(db, record, 'idempotencyKey'), ...items]);
      return { ...response, replayed: false };
    } catch (error) {
      if (!(error instanceof TransactionCancelled)) throw error;
      if (error.failed('idempotencyKey') || error.collided('idempotencyKey')) {
        return { ...(await awaitFirstResult(db, idemKey, request)), replayed: true };
      }
      const [failed] = error.failedGuards;
      const outcome = failed ? await onConditionFailed?.(failed) : undefined;
      if (outcome instanceof DomainError) throw outcome;
      const retryable = outcome === 'retry' || error.collided();
      if (!retryable) throw error;
      if (attempt >= 4) {
        throw new DomainError('conflict', 'The records this request changes are busy; retry in a moment.', { headers: { 'retry-after': '1' } });
      }
      await sleep(20 * 2 ** attempt);
    }
  }
}

/** A duplicate lost the race: the winner's record is there, or will be in a moment. */
async function awaitFirstResult(db: Db, idemKey: Key, request: IdempotentRequest): Promise<StoredResponse> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const result = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: idemKey, ConsistentRead: true }));
    const replay = replayOf(result.Item, request);
    if (replay) return replay;
    await sleep(25 * 2 ** attempt);
  }
  throw new DomainError('idempotency_in_flight', 'A request with this Idempotency-Key is still being processed.', {
    headers: { 'retry-after': '1' },
  });
}

/** Strongly consistent reads of a few keys in one request (GetItem or BatchGetItem), keyed by `pk`. */
export async function readConsistently(db: Db, wanted: Key[]): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  if (wanted.length === 1) {
    const result = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: wanted[0], ConsistentRead: true }));
    if (result.Item) found.set(String(result.Item['pk']), result.Item);
    return found;
  }
  for (const item of await batchGetAll(db, wanted, { ConsistentRead: true })) found.set(String(item['pk']), item);
  return found;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
