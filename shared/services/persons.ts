import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { mayActIn, primaryRole, type Actor, type Role } from '../domain/access.js';
import { conflict, DomainError, notFound, validationError, type FieldIssue } from '../domain/errors.js';
import { idNumberBlindIndex, openIdNumber, sealIdNumber } from '../domain/idNumber.js';
import { nameQueryKey } from '../domain/names.js';
import {
  applyPersonPatch, foundPersonView, mayBeSamePerson, personViewFor, registerPerson, summarize, summaryViewFor,
  type LastSeen, type Person, type PersonInput, type PersonPatch, type PersonSummary,
} from '../domain/person.js';
import { appendAudit, auditPut, type AuditContext } from '../store/audit.js';
import type { Db } from '../store/client.js';
import { idempotentWrite, type IdempotentRequest } from '../store/idempotency.js';
import { keys } from '../store/keys.js';
import {
  getPerson, personCreateItems, personsWithNameKey, personUpdateItems, type IdNumberSecrets, type StoredPerson,
} from '../store/persons.js';
import { writeChange, type TransactItem } from '../store/transact.js';

/** What a person operation needs from its request. */
export type PersonContext = { db: Db; idIndexKey: string; audit: AuditContext };

const blindIndexOf = (context: PersonContext, idNumber: string | undefined) =>
  idNumber ? idNumberBlindIndex(idNumber, context.idIndexKey) : undefined;

/** How a person's ID number is stored: blind index and sealed number, or nothing. */
const secretsOf = (context: PersonContext, idNumber: string | undefined): IdNumberSecrets =>
  idNumber ? { idIndex: idNumberBlindIndex(idNumber, context.idIndexKey), sealed: sealIdNumber(idNumber, context.idIndexKey) } : undefined;

/** A stored person with the ID number opened again. */
export function openPerson(context: PersonContext, stored: StoredPerson): Person {
  return stored.idNumberSealed ? { ...stored.person, idNumber: openIdNumber(stored.idNumberSealed, context.idIndexKey) } : stored.person;
}

/**
 * The person as the caller may see them: the role's view in the caller's district; the narrow
 * found-person view for a person of another district (reached through the ID-number lookup).
 */
export function viewPerson(actor: Actor, person: Person) {
  const role = primaryRole(actor);
  if (role === 'tracer' || mayActIn(actor, person.district)) return personViewFor(role).parse(person);
  return foundPersonView.parse(person);
}

/**
 * The person in a create's response. That response is kept with the Idempotency-Key for replays,
 * so it never holds the ID number (the caller just sent it; a read returns it to roles that see it).
 */
export const viewPersonWritten = (actor: Actor, person: Person) => viewPerson(actor, { ...person, idNumber: undefined });

/** A list of summaries as the caller's role may see them. */
export const viewSummaries = (actor: Actor, summaries: PersonSummary[]) =>
  summaries.map((summary) => summaryViewFor(primaryRole(actor)).parse(summary));

/**
 * 409 for an ID number already registered. The holder's id is named only to a caller who may see
 * that person; anyone else learns no more than that the number is taken.
 */
function idNumberHeld(actor: Actor, holder: Record<string, unknown> | undefined) {
  const district = holder?.['district'];
  const visible = typeof district === 'string' && mayActIn(actor, district);
  return conflict(
    visible ? 'A person with this ID number is already registered.' : 'A person with this ID number is registered in another district: look them up by ID number (POST /v1/persons/lookup).',
    visible ? { existingId: holder?.['personId'] } : {},
  );
}

/** 409 for an ID number that another write took meanwhile (re-reads the holder). */
export async function idNumberTaken(context: PersonContext, idIndex: string) {
  const { db } = context;
  const holder = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.idNumber(idIndex), ConsistentRead: true }));
  return idNumberHeld(context.audit.actor, holder.Item);
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
  const secrets = secretsOf(context, input.idNumber);
  const holder = secrets ? prefetched.get(keys.idNumber(secrets.idIndex).pk) : undefined;
  if (holder) {
    // Learning that a number is registered is itself a read of that person's record.
    await appendAudit(db, context.audit, [
      { action: 'person.idcheck', subjectType: 'person', subjectId: String(holder['personId']), reason: 'ID number already registered' },
    ]);
    throw idNumberHeld(context.audit.actor, holder);
  }
  const person = registerPerson(input, randomUUID(), context.audit.now);
  const possibleDuplicates = await possibleDuplicatesOf(db, person, context.audit.now);
  return { person, items: personCreateItems(db, person, secrets, lastSeen?.(person)), possibleDuplicates, idIndex: secrets?.idIndex };
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
            person: viewPersonWritten(audit.actor, plan.person),
            possibleDuplicates: viewSummaries(audit.actor, plan.possibleDuplicates),
          },
          headers: { location: `/v1/persons/${plan.person.id}`, etag: `"v${plan.person.version}"` },
        },
        onConditionFailed: async (index) => (index === 1 && plan.idIndex ? idNumberTaken(context, plan.idIndex) : 'retry'),
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
export async function readPerson(context: PersonContext, id: string) {
  const stored = await visiblePerson(context, id);
  await appendAudit(context.db, context.audit, [{ action: 'person.read', subjectType: 'person', subjectId: id }]);
  return openPerson(context, stored);
}

/**
 * Finds a person by ID number through the blind index, audited. Unlike every other read it crosses
 * districts: a worker holding a person's ID card has that person in front of them, and a registered
 * person who wandered across a district line is exactly who the register exists to find.
 */
export async function lookupByIdNumber(context: PersonContext, idNumber: string) {
  const { db, audit } = context;
  const holder = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.idNumber(blindIndexOf(context, idNumber) as string) }));
  const stored = await getPerson(db, String(holder.Item?.['personId'] ?? ''));
  if (!holder.Item || !stored) throw notFound('A person with this ID number');
  const elsewhere = !mayActIn(audit.actor, stored.person.district);
  await appendAudit(db, audit, [
    { action: 'person.lookup', subjectType: 'person', subjectId: stored.person.id, reason: elsewhere ? 'ID number, found outside the home district' : 'ID number' },
  ]);
  return openPerson(context, stored);
}

/** Fields a role may not change because it may not see them (patrol: ID number, health notes, survey date). */
const unwritableBy: Partial<Record<Role, (keyof PersonPatch)[]>> = { patrol: ['idNumber', 'healthNotes', 'lastSurveyAt'] };

/** Changes a person (PATCH) if the caller holds the current version. */
export async function updatePerson(context: PersonContext, id: string, patch: PersonPatch, expectedVersion: number) {
  const { db, audit } = context;
  const hidden = (unwritableBy[primaryRole(audit.actor)] ?? []).filter((field) => patch[field] !== undefined);
  if (hidden.length > 0) {
    throw new DomainError('forbidden', 'Your role may not change these fields.', {
      errors: hidden.map((field) => ({ path: `body.${field}`, message: 'Not changeable by your role.' })),
    });
  }
  const before = await visiblePerson(context, id);
  if (before.person.version !== expectedVersion) throw stale();
  const applied = applyPersonPatch(openPerson(context, before), patch, audit.now);
  if ('issues' in applied) {
    throw validationError(applied.issues.map((issue): FieldIssue => ({ path: ['body', ...issue.path.map(String)].join('.'), message: issue.message })));
  }
  if (!mayActIn(audit.actor, applied.person.district)) throw new DomainError('forbidden', 'You may not move a person out of your district.');
  const unchangedNumber = applied.person.idNumber !== undefined && blindIndexOf(context, applied.person.idNumber) === before.idIndex;
  const secrets =
    unchangedNumber && before.idIndex && before.idNumberSealed
      ? { idIndex: before.idIndex, sealed: before.idNumberSealed }
      : secretsOf(context, applied.person.idNumber);
  const items = personUpdateItems(db, before, { person: applied.person, secrets });
  await writeChange(db, [...items, auditPut(db, audit, { action: 'person.update', subjectType: 'person', subjectId: id })], (index) =>
    index === 1 && secrets && secrets.idIndex !== before.idIndex ? idNumberTaken(context, secrets.idIndex) : stale(),
  );
  return before.person.lastSeen ? { ...applied.person, lastSeen: before.person.lastSeen } : applied.person;
}

const stale = () =>
  new DomainError('precondition_failed', 'The person was changed by someone else; reload the record and try again.');

/** Audits the persons shown in a list or search result. */
export async function auditListed(context: PersonContext, summaries: { id: string }[], action: string) {
  await appendAudit(context.db, context.audit, summaries.map((summary) => ({ action, subjectType: 'person', subjectId: summary.id })));
}
