/**
 * Encounters wait here (IndexedDB) until the server has them. Each keeps the Idempotency-Key it was
 * made with, so a resend after a lost answer, a reload or a second tab never records it twice.
 * Network failures and 5xx retry with backoff; a 4xx is kept, with the server's reason, for correction.
 */
import { openDB, type IDBPDatabase } from 'idb';
import { signal } from '@preact/signals';
import { api, ApiError, type Schemas } from './api/client';
import { session } from './auth';
import type { paths } from './api/schema';
import { describeProblem, type Problem } from './i18n';

export type EncounterInput = paths['/v1/encounters']['post']['requestBody']['content']['application/json'];
export type NextStep = Extract<Schemas['Encounter'], { nextSteps: unknown }>['nextSteps'][number];

export type OutboxEntry = {
  key: string;
  /** Who recorded it: only their own session sends it, and only they see it. */
  sub: string;
  body: EncounterInput;
  /** What the worker sees in the list: who and where. */
  label: string;
  createdAt: string;
  state: 'waiting' | 'sent' | 'rejected';
  attempts: number;
  nextAttemptAt: number;
  sentAt?: string;
  nextSteps?: NextStep[];
  personId?: string;
  problem?: Problem;
  reason?: string;
};

const DB_NAME = 'outreach';
const STORE = 'outbox';
/** Sent entries are kept this long so the worker sees them, then dropped. */
const KEEP_SENT_MS = 3 * 86_400_000;

let dbPromise: Promise<IDBPDatabase> | undefined;
const db = () => (dbPromise ??= openDB(DB_NAME, 1, { upgrade: (database) => void database.createObjectStore(STORE, { keyPath: 'key' }) }));

export const outbox = signal<OutboxEntry[]>([]);

/** The signed-in worker's entries (a shared phone keeps each worker's apart). */
async function ownEntries(): Promise<OutboxEntry[]> {
  const sub = session.value?.sub;
  if (!sub) return [];
  return ((await (await db()).getAll(STORE)) as OutboxEntry[]).filter((entry) => entry.sub === sub);
}

async function refresh() {
  outbox.value = (await ownEntries()).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

const put = async (entry: OutboxEntry) => {
  await (await db()).put(STORE, entry);
  await refresh();
};

/** Backoff: 2 s, 4 s, 8 s … at most 2 minutes, with jitter so a district's phones do not resend at once. */
const backoff = (attempts: number) => Math.min(120_000, 2000 * 2 ** Math.min(attempts, 6)) * (0.75 + Math.random() * 0.5);

let flushing: Promise<void> | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;

async function sendOne(entry: OutboxEntry): Promise<OutboxEntry> {
  try {
    const { data, error, response } = await api.POST('/v1/encounters', { body: entry.body, params: { header: { 'idempotency-key': entry.key } } });
    if (response.ok && data) {
      const encounter = data.encounter as Extract<Schemas['Encounter'], { nextSteps: unknown }>;
      return { ...entry, state: 'sent', sentAt: new Date().toISOString(), nextSteps: encounter.nextSteps, personId: encounter.personId, problem: undefined, reason: undefined };
    }
    const problem = { ...(error as Problem), status: response.status };
    // 4xx other than "in flight" (409 with the same key) and rate limits: the server refused this body; keep it for correction.
    if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429 && !(response.status === 409 && /in flight|in progress/i.test(problem.detail ?? ''))) {
      return { ...entry, state: 'rejected', problem, reason: describeProblem(problem) };
    }
    return { ...entry, attempts: entry.attempts + 1, nextAttemptAt: Date.now() + backoff(entry.attempts), reason: describeProblem(problem) };
  } catch (error) {
    if (error instanceof ApiError) return { ...entry, state: 'rejected', problem: error.problem, reason: error.message };
    return { ...entry, attempts: entry.attempts + 1, nextAttemptAt: Date.now() + backoff(entry.attempts), reason: '无网络，恢复后自动发送' };
  }
}

/** Sends every waiting entry that is due (or all of them when `now`); one flush at a time. */
export function flush(now = false): Promise<void> {
  flushing ??= (async () => {
    try {
      for (const entry of await ownEntries()) {
        if (entry.state === 'sent' && Date.now() - Date.parse(entry.sentAt ?? entry.createdAt) > KEEP_SENT_MS) await (await db()).delete(STORE, entry.key);
        if (entry.state !== 'waiting' || (!now && entry.nextAttemptAt > Date.now())) continue;
        if (!navigator.onLine) break;
        await put(await sendOne(entry));
      }
      await refresh();
    } finally {
      flushing = undefined;
      schedule();
    }
  })();
  return flushing;
}

function schedule() {
  clearTimeout(timer);
  const waiting = outbox.value.filter((entry) => entry.state === 'waiting');
  if (!waiting.length) return;
  const next = Math.min(...waiting.map((entry) => entry.nextAttemptAt));
  timer = setTimeout(() => void flush(), Math.max(1000, next - Date.now()));
}

/** Keeps an encounter (before any network), then tries to send it; resolves with the stored entry. */
export async function record(body: EncounterInput, label: string): Promise<OutboxEntry> {
  const entry: OutboxEntry = { key: crypto.randomUUID(), sub: session.value?.sub ?? '', body, label, createdAt: new Date().toISOString(), state: 'waiting', attempts: 0, nextAttemptAt: 0 };
  await put(entry);
  if (navigator.onLine) await flush(true);
  else schedule();
  return ((await (await db()).get(STORE, entry.key)) as OutboxEntry | undefined) ?? entry;
}

/** A refused entry, corrected: nothing was written under its old key, so it goes again under a new one. */
export async function resubmit(entry: OutboxEntry, body: EncounterInput): Promise<OutboxEntry> {
  await (await db()).delete(STORE, entry.key);
  return record(body, entry.label);
}

export async function discard(entry: OutboxEntry) {
  await (await db()).delete(STORE, entry.key);
  await refresh();
}

/** At sign-out: what was sent leaves the phone; what waits stays for its worker's next sign-in. */
export async function forgetSent(sub: string) {
  const database = await db();
  for (const entry of (await database.getAll(STORE)) as OutboxEntry[]) if (entry.sub === sub && entry.state === 'sent') await database.delete(STORE, entry.key);
  outbox.value = [];
}

/** Loads the outbox and sends what waits whenever the signal returns (and at each sign-in). */
export function startOutbox() {
  void refresh().then(() => flush(true));
  let signedIn = session.value?.sub;
  session.subscribe((current) => {
    if (current?.sub === signedIn) return;
    if (signedIn && !current) void forgetSent(signedIn);
    signedIn = current?.sub;
    if (current) void refresh().then(() => flush(true));
  });
  addEventListener('online', () => void flush(true));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void flush(true);
  });
}
