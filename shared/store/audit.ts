import { randomUUID } from 'node:crypto';
import type { Actor } from '../domain/access.js';
import { actingRole, isWiderJurisdiction } from '../domain/access.js';
import { BATCH_WRITE_ITEMS, batchWrite } from './batch.js';
import type { Db } from './client.js';
import { recordKeeping } from '../domain/rules.js';
import { expiresInDays, keys } from './keys.js';
import { put, type TransactItem } from './transact.js';
import { queryPage, type Page, type PageRequest } from './pagination.js';

/** One line of the audit log: who did what to which subject, when, within which request, and why. */
export type AuditEntry = {
  id: string;
  at: string;
  actor: string;
  role: string;
  action: string;
  subjectType: string;
  subjectId: string;
  requestId: string;
  reason?: string;
};

export type AuditFact = { action: string; subjectType: string; subjectId: string; reason?: string };
export type AuditContext = { actor: Actor; requestId: string; now: Date };

/**
 * Builds the audit entry for a fact in the context of a request. What a city's or province's office
 * does in a district says so in the reason, with the jurisdiction it came from.
 */
export function auditEntry(context: AuditContext, fact: AuditFact): AuditEntry {
  const wider = isWiderJurisdiction(context.actor) ? `by the office of the wider jurisdiction ${context.actor.district}` : undefined;
  const reason = [fact.reason, wider].filter(Boolean).join('; ');
  return {
    id: randomUUID(),
    at: context.now.toISOString(),
    actor: context.actor.sub,
    role: actingRole(context.actor),
    requestId: context.requestId,
    ...fact,
    ...(reason ? { reason } : {}),
  };
}

/** An audit entry expires `recordKeeping.auditDays` after it was written (rules.ts: the legal minimums). */
const auditItem = (entry: AuditEntry) => ({
  ...keys.audit(entry.subjectId, entry.at, entry.id),
  type: 'audit',
  ...entry,
  expiresAt: expiresInDays(recordKeeping.auditDays, Date.parse(entry.at)),
});

/** The audit entry of a write, as an item of that write's transaction (the audit cannot be lost). */
export const auditPut = (db: Db, context: AuditContext, fact: AuditFact): TransactItem =>
  put(db, auditItem(auditEntry(context, fact)));

/** Facts one view item carries at most (about 100 bytes each, far below DynamoDB's 400 KB item limit). */
const FACTS_PER_VIEW = 200;
/** How long a view item stays after the stream has fanned it out (the per-subject entries are the trail). */
const VIEW_TTL_DAYS = recordKeeping.auditViewDays;

/**
 * Appends audit entries for reads of personal data, with any items that go with the read (a grant
 * it gives) in the same batches. One fact is written as its subject's entry at once. Many facts (a
 * list or a search shows many people) are one `auditView` item naming the caller and every subject
 * shown: a single put in the request, which the stream consumer fans out to each subject's trail
 * (`auditViewsFromStream`), so that a search costs one write, not one per person shown.
 */
export async function appendAudit(db: Db, context: AuditContext, facts: AuditFact[], alongside: Record<string, unknown>[] = []): Promise<void> {
  if (facts.length <= 1) {
    await batchWrite(db, [...facts.map((fact) => auditItem(auditEntry(context, fact))), ...alongside]);
    return;
  }
  const views = [];
  for (let start = 0; start < facts.length; start += FACTS_PER_VIEW) views.push(viewItem(context, facts.slice(start, start + FACTS_PER_VIEW)));
  if (alongside.length === 0 && views.length === 1) return groupCommit(db).write(views[0] as Record<string, unknown>);
  await batchWrite(db, [...views, ...alongside]);
}

/**
 * One view item. Facts of one action on one kind of subject without a reason (every list and
 * search) are stored as that action and the ids shown, a third of the bytes of a fact each.
 */
function viewItem(context: AuditContext, facts: AuditFact[]) {
  const id = randomUUID();
  const [first] = facts;
  const uniform = first !== undefined && facts.every((fact) => fact.action === first.action && fact.subjectType === first.subjectType && fact.reason === undefined);
  return {
    ...keys.auditView(id),
    type: 'auditView',
    id,
    at: context.now.toISOString(),
    actor: context.actor.sub,
    role: actingRole(context.actor),
    requestId: context.requestId,
    ...(uniform ? { action: first.action, subjectType: first.subjectType, subjectIds: facts.map((fact) => fact.subjectId) } : { facts }),
    expiresAt: expiresInDays(VIEW_TTL_DAYS, context.now.getTime()),
  };
}

/**
 * Group commit of view items: while one BatchWriteItem is in flight, the views of other requests
 * wait and then go together in the next (up to 25), each request answering only once its own view
 * is written. A Lambda instance answers one request at a time, so there every view is written at
 * once on its own; a process serving many requests (`npm start`) writes them in fewer requests.
 */
type PendingView = { item: Record<string, unknown>; resolve: () => void; reject: (error: unknown) => void };
const committers = new WeakMap<Db, { write: (item: Record<string, unknown>) => Promise<void> }>();

function groupCommit(db: Db) {
  let committer = committers.get(db);
  if (committer) return committer;
  const waiting: PendingView[] = [];
  let writing = false;
  const flush = async () => {
    writing = true;
    while (waiting.length > 0) {
      const batch = waiting.splice(0, BATCH_WRITE_ITEMS);
      try {
        await batchWrite(db, batch.map((view) => view.item));
        for (const view of batch) view.resolve();
      } catch (error) {
        for (const view of batch) view.reject(error);
      }
    }
    writing = false;
  };
  committer = {
    write: (item) =>
      new Promise<void>((resolve, reject) => {
        waiting.push({ item, resolve, reject });
        if (!writing) void flush();
      }),
  };
  committers.set(db, committer);
  return committer;
}

/** The per-subject entries of one view item; their ids derive from the view's, so a second delivery writes the same items again. */
export function auditEntriesOfView(view: Record<string, unknown>): AuditEntry[] {
  const facts = Array.isArray(view['subjectIds'])
    ? (view['subjectIds'] as string[]).map((subjectId) => ({ action: String(view['action']), subjectType: String(view['subjectType']), subjectId }))
    : (view['facts'] as AuditFact[]);
  return facts.map((fact, index) => ({
    id: `${String(view['id'])}.${index}`,
    at: String(view['at']),
    actor: String(view['actor']),
    role: String(view['role']),
    requestId: String(view['requestId']),
    ...fact,
  }));
}

/** The stream's part in the audit: each new view item fanned out to its subjects' trails, idempotently (a record may come twice). */
export const auditViewsFromStream =
  (db: Db) =>
  async (item: Record<string, unknown>): Promise<void> => {
    if (item['type'] === 'auditView') await batchWrite(db, auditEntriesOfView(item).map(auditItem));
  };

/** The audit trail of one subject, newest first. */
export async function listAudit(db: Db, subjectId: string, page: PageRequest): Promise<Page<AuditEntry>> {
  const pk = keys.auditOf(subjectId);
  const { items, nextCursor } = await queryPage(
    db,
    { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ScanIndexForward: false },
    page,
    { partition: { pk } },
  );
  return { items: items.map(({ pk: _pk, sk: _sk, type: _type, ...entry }) => entry as AuditEntry), nextCursor };
}
