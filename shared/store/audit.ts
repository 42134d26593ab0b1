import { randomUUID } from 'node:crypto';
import type { Actor } from '../domain/access.js';
import { isWiderJurisdiction, primaryRole } from '../domain/access.js';
import { batchWrite } from './batch.js';
import type { Db } from './client.js';
import { keys } from './keys.js';
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
    role: primaryRole(context.actor),
    requestId: context.requestId,
    ...fact,
    ...(reason ? { reason } : {}),
  };
}

const auditItem = (entry: AuditEntry) => ({ ...keys.audit(entry.subjectId, entry.at, entry.id), type: 'audit', ...entry });

/** The audit entry of a write, as an item of that write's transaction (the audit cannot be lost). */
export const auditPut = (db: Db, context: AuditContext, fact: AuditFact): TransactItem =>
  put(db, auditItem(auditEntry(context, fact)));

/**
 * Appends audit entries for reads of personal data (batched, 25 per request, unprocessed items
 * retried), with any items that go with the read (a grant it gives) in the same batches.
 */
export async function appendAudit(db: Db, context: AuditContext, facts: AuditFact[], alongside: Record<string, unknown>[] = []): Promise<void> {
  await batchWrite(db, [...facts.map((fact) => auditItem(auditEntry(context, fact))), ...alongside]);
}

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
