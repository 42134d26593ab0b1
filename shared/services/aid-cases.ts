import { mayActIn, type Intent } from '../domain/access.js';
import { paymentIssue, type AidCase, type PaymentInput } from '../domain/aid.js';
import { conflict, notFound, validationError } from '../domain/errors.js';
import type { OutreachRules } from '../domain/rules.js';
import { stepsAfterPayment } from '../domain/next-steps.js';
import { aidCaseReplace, getAidCase, listAidCases } from '../store/aid-cases.js';
import type { PageRequest } from '../store/pagination.js';
import { encounterStepsUpdate, getEncounter } from '../store/encounters.js';
import { auditPut, type AuditContext } from '../store/audit.js';
import type { Db } from '../store/client.js';
import { writeChange } from '../store/transact.js';

export type AidContext = { db: Db; audit: AuditContext; rules: OutreachRules };

/** A district's aid cases in a state, soonest due first; `dueBefore` keeps the overdue ones. */
export const aidCasesOf = (context: AidContext, district: string, state: 'open' | 'paid', dueBefore: string | undefined, page: PageRequest) =>
  listAidCases(context.db, district, state, dueBefore, page);

/** An aid case the caller may act on (with `read`, see), or 404. */
export async function visibleAidCase(context: AidContext, id: string, intent: Intent = 'act'): Promise<AidCase> {
  const aidCase = await getAidCase(context.db, id);
  if (!aidCase || !mayActIn(context.audit.actor, aidCase.district, intent)) throw notFound('The aid case');
  return aidCase;
}

/**
 * Records the payment of an aid case, and marks the encounter's aid step done. Safe to repeat: the same payment again returns the case as
 * paid; a different one for a paid case is a conflict.
 */
export async function recordPayment(context: AidContext, id: string, payment: PaymentInput): Promise<AidCase> {
  const { db, audit, rules } = context;
  const current = await visibleAidCase(context, id);
  const at = new Date(payment.at).toISOString();
  if (current.status === 'paid') {
    if (current.payment?.amount === payment.amount && current.payment.at === at) return current;
    throw conflict('This aid case is already paid.', { payment: current.payment });
  }
  const issue = paymentIssue(current, payment, audit.now, rules);
  if (issue) throw validationError([{ path: 'body.at', message: issue }]);
  const paid: AidCase = {
    ...current,
    status: 'paid',
    payment: { amount: payment.amount, at, paidBy: audit.actor.sub },
    version: current.version + 1,
  };
  // The encounter's pay_emergency_aid step is done by this payment, in the same transaction.
  const encounter = await getEncounter(db, current.personId, current.discoveredAt, current.encounterId);
  await writeChange(
    db,
    [
      aidCaseReplace(db, paid, current.version),
      ...(encounter ? [encounterStepsUpdate(db, encounter, stepsAfterPayment(encounter.nextSteps))] : []),
      auditPut(db, audit, { action: 'aid.paid', subjectType: 'person', subjectId: current.personId, reason: `aid case ${id}` }),
    ],
    () => conflict('The aid case changed meanwhile; reload it.'),
  );
  return paid;
}
