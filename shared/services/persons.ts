import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { mayActIn, primaryRole, type Actor } from '../domain/access.js';
import { conflict, DomainError, notFound, validationError, type FieldIssue } from '../domain/errors.js';
import { idNumberBlindIndex } from '../domain/idNumber.js';
import { nameQueryKey } from '../domain/names.js';
import {
  applyPersonPatch, mayBeSamePerson, personViewFor, registerPerson, summarize, summaryViewFor,
  type LastSeen, type Person, type PersonInput, type PersonPatch, type PersonSummary,
} from '../domain/person.js';
import { appendAudit, auditPut, type AuditContext } from '../store/audit.js';
import type { Db } from '../store/client.js';
import { idempotentWrite, type IdempotentRequest } from '../store/idempotency.js';
import { keys } from '../store/keys.js';
import { getPerson, personCreateItems, personsWithNameKey, personUpdateItems, type StoredPerson } from '../store/persons.js';
import { writeChange, type TransactItem } from '../store/transact.js';

/** What a person operation needs from its request. */
export type PersonContext = { db: Db; idIndexKey: string; audit: AuditContext };

const blindIndexOf = (context: PersonContext, idNumber: string | undefined) =>
  idNumber ? idNumberBlindIndex(idNumber, context.idIndexKey) : undefined;

/** The person as the caller's role may see it. */
export const viewPerson = (actor: Actor, person: Person) => personViewFor(primaryRole(actor)).parse(person);

/** A list of summaries as the caller's role may see them. */
export const viewSummaries = (actor: Actor, summaries: PersonSummary[]) =>
  summaries.map((summary) => summaryViewFor(primaryRole(actor)).parse(summary));

/** 409 naming the person who already holds an ID number. */
export async function idNumberTaken(db: Db, idIndex: string) {
  const holder = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.idNumber(idIndex), ConsistentRead: true }));
  return conflict('A person with this ID number is already registered.', { existingId: holder.Item?.['personId'] });
}

/** Possible duplicates of a new person: same name key in the district, compatible sex, age and area. */
async function possibleDuplicatesOf(db: Db, person: Person, now: Date): Promise<PersonSummary[]> {
  const key = person.name ? nameQueryKey(person.name) : null;
  if (!key) return [];
  const candidates = await personsWithNameKey(db, person.district, key);
  return candidates.filter((candidate) => mayBeSamePerson(candidate, summarize(person), now));
}

/**
 * Plans a person's registration: refuses a known ID number (409 naming the holder), flags
 * possible duplicates, and returns the items to write with the person.
 */
export async function planRegistration(
  context: PersonContext,
  input: PersonInput,
  prefetched: Map<string, Record<string, unknown>>,
  lastSeen?: (person: Person) => LastSeen,
): Promise<{ person: Person; items: TransactItem[]; possibleDuplicates: PersonSummary[]; idIndex: string | undefined }> {
  const { db } = context;
  const idIndex = blindIndexOf(context, input.idNumber);
  const holder = idIndex ? prefetched.get(keys.idNumber(idIndex).pk) : undefined;
  if (holder) throw conflict('A person with this ID number is already registered.', { existingId: holder['personId'] });
  const person = registerPerson(input, randomUUID(), context.audit.now);
  const possibleDuplicates = await possibleDuplicatesOf(db, person, context.audit.now);
  return { person, items: personCreateItems(db, person, idIndex, lastSeen?.(person)), possibleDuplicates, idIndex };
}

/** The keys a registration reads first (the ID-number holder), batched with the idempotency record. */
export const registrationPrefetch = (context: PersonContext, input: { idNumber?: string }) => {
  const idIndex = blindIndexOf(context, input.idNumber);
  return idIndex ? [keys.idNumber(idIndex)] : [];
};

/** Registers a person (POST /v1/persons), at most once per Idempotency-Key. */
export async function createPerson(context: PersonContext, request: IdempotentRequest, input: PersonInput) {
  const { db, audit } = context;
  if (!mayActIn(audit.actor, input.district)) throw new DomainError('forbidden', 'You may only register persons of your own district.');
  return idempotentWrite(
    db,
    request,
    async (prefetched) => {
      const plan = await planRegistration(context, input, prefetched);
      return {
        items: [...plan.items, auditPut(db, audit, { action: 'person.create', subjectType: 'person', subjectId: plan.person.id })],
        response: {
          status: 201,
          body: {
            person: viewPerson(audit.actor, plan.person),
            possibleDuplicates: viewSummaries(audit.actor, plan.possibleDuplicates),
          },
          headers: { location: `/v1/persons/${plan.person.id}`, etag: `"v${plan.person.version}"` },
        },
        onConditionFailed: async (index) => (index === 1 && plan.idIndex ? idNumberTaken(db, plan.idIndex) : 'retry'),
      };
    },
    registrationPrefetch(context, input),
  );
}

/** A person the caller may see, or 404 (a person outside the caller's district does not exist for them). */
export async function visiblePerson(context: PersonContext, id: string): Promise<StoredPerson> {
  const stored = await getPerson(context.db, id);
  if (!stored || !mayActIn(context.audit.actor, stored.person.district)) throw notFound('The person');
  return stored;
}

/** Reads a person for the caller, audited. */
export async function readPerson(context: PersonContext, id: string, reason?: string) {
  const stored = await visiblePerson(context, id);
  await appendAudit(context.db, context.audit, [{ action: 'person.read', subjectType: 'person', subjectId: id, ...(reason ? { reason } : {}) }]);
  return stored.person;
}

/** Finds a person by ID number through the blind index, audited. */
export async function lookupByIdNumber(context: PersonContext, idNumber: string) {
  const idIndex = blindIndexOf(context, idNumber) as string;
  const holder = await context.db.doc.send(new GetCommand({ TableName: context.db.tableName, Key: keys.idNumber(idIndex) }));
  const personId = holder.Item?.['personId'] as string | undefined;
  if (!personId) throw notFound('A person with this ID number');
  return readPerson(context, personId, 'lookup by ID number');
}

/** Changes a person (PATCH) if the caller holds the current version. */
export async function updatePerson(context: PersonContext, id: string, patch: PersonPatch, expectedVersion: number) {
  const { db, audit } = context;
  const before = await visiblePerson(context, id);
  if (before.person.version !== expectedVersion) throw stale();
  const applied = applyPersonPatch(before.person, patch, audit.now);
  if ('issues' in applied) {
    throw validationError(applied.issues.map((issue): FieldIssue => ({ path: ['body', ...issue.path.map(String)].join('.'), message: issue.message })));
  }
  if (!mayActIn(audit.actor, applied.person.district)) throw new DomainError('forbidden', 'You may not move a person out of your district.');
  const after = { person: applied.person, idIndex: blindIndexOf(context, applied.person.idNumber) };
  const items = personUpdateItems(db, before, after);
  await writeChange(db, [...items, auditPut(db, audit, { action: 'person.update', subjectType: 'person', subjectId: id })], (index) =>
    index === 1 && after.idIndex ? idNumberTaken(db, after.idIndex) : stale(),
  );
  return before.person.lastSeen ? { ...after.person, lastSeen: before.person.lastSeen } : after.person;
}

const stale = () =>
  new DomainError('precondition_failed', 'The person was changed by someone else; reload the record and try again.');

/** Audits the persons shown in a list or search result. */
export async function auditListed(context: PersonContext, summaries: { id: string }[], action: string) {
  await appendAudit(context.db, context.audit, summaries.map((summary) => ({ action, subjectType: 'person', subjectId: summary.id })));
}
