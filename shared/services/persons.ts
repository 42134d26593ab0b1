import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { callerKey, mayActIn, primaryRole, type Actor, type Intent } from '../domain/access.js';
import { conflict, DomainError, notFound, validationError, type FieldIssue } from '../domain/errors.js';
import { nameQueryKey } from '../domain/names.js';
import { mayBeSamePerson } from '../domain/duplicates.js';
import { followUpFactsOf, nextFollowUp } from '../domain/follow-ups.js';
import { idNumberBlindIndex, openIdNumber, sealIdNumber } from '../domain/idNumber.js';
import { applyPersonPatch, registerPerson, type ClinicalFindingInput, type Person, type PersonInput, type PersonPatch, type PersonRecordInput } from '../domain/person.js';
import { writeIssues } from '../domain/person-permissions.js';
import { recordedTimeIssue } from '../domain/care.js';
import { foundPersonView, personViewFor, summarize, summaryViewFor, type PersonSummary } from '../domain/person-views.js';
import type { OutreachRules } from '../domain/rules.js';
import { appendAudit, auditPut, type AuditContext } from '../store/audit.js';
import type { Db } from '../store/client.js';
import { idempotentWrite, type IdempotentRequest } from '../store/idempotency.js';
import { keys } from '../store/keys.js';
import { foundPersonGrantItem, spendLookup } from '../store/lookups.js';
import {
  clinicalFindingPut, concernFlagClear, followUpsDue, getPerson, listPersons, notePersonDistrict, personCreateItems, personsWithNameKey, personUpdateItems, searchPersons,
  type FollowUpRow, type IdNumberSecrets, type PersonFilter, type StoredPerson,
} from '../store/persons.js';
import type { Page, PageRequest } from '../store/pagination.js';
import { writeChange, type TransactItem } from '../store/transact.js';

/** What a person operation needs from its request. */
export type PersonContext = { db: Db; idIndexKey: string; audit: AuditContext; rules: OutreachRules };

const blindIndexOf = (context: PersonContext, idNumber: string | undefined) =>
  idNumber ? idNumberBlindIndex(idNumber, context.idIndexKey) : undefined;

/** How a person's ID number is stored: blind index and sealed number, or nothing. */
export const secretsOf = (context: PersonContext, idNumber: string | undefined): IdNumberSecrets =>
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
  if (role === 'tracer' || mayActIn(actor, person.district, 'read')) return personViewFor(role).parse(person);
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

/** 403 naming every field the caller's role may not write. */
function refuseFields(issues: FieldIssue[]) {
  if (issues.length > 0) throw new DomainError('forbidden', 'Your role may not write these fields.', { errors: issues });
}

/** The next follow-up of a person, from the record and what encounters keep beside it. */
export const withFollowUp = (person: Person, rules: OutreachRules): Person => {
  const followUp = nextFollowUp(followUpFactsOf(person), rules);
  const { nextFollowUp: _previous, ...rest } = person;
  return followUp ? { ...rest, nextFollowUp: followUp } : rest;
};

/**
 * 409 for an ID number already registered. The holder's id is named only to a caller who may see
 * that person; anyone else learns no more than that the number is taken.
 */
function idNumberHeld(actor: Actor, holder: Record<string, unknown> | undefined) {
  const district = holder?.['district'];
  const visible = typeof district === 'string' && mayActIn(actor, district, 'read');
  return conflict(
    visible ? 'A person with this ID number is already registered.' : 'A person with this ID number is registered in another district: look them up by ID number (POST /v1/persons/lookup).',
    visible ? { existingId: holder?.['personId'] } : {},
  );
}

/**
 * Spends one of the caller's ID-number probes: a lookup, or a write whose 409 tells that a number
 * is registered. Past the budget: audited under the caller, and a 429 with Retry-After.
 */
async function spendIdNumberProbe(context: PersonContext) {
  const { db, audit, rules } = context;
  const retryAfter = await spendLookup(db, callerKey(audit.actor, context.idIndexKey, 'subject'), rules.idLookup, audit.now);
  if (retryAfter === null) return;
  await appendAudit(db, audit, [{ action: 'person.lookup.refused', subjectType: 'caller', subjectId: audit.actor.sub, reason: 'ID-number budget spent' }]);
  throw new DomainError('too_many_requests', `Too many ID-number lookups: at most ${rules.idLookup.perCaller} per ${rules.idLookup.windowMinutes} minutes.`, {
    headers: { 'retry-after': String(retryAfter) },
  });
}

/**
 * The answer to a write that names a registered ID number: it tells the caller the number is
 * taken, so it is a probe of the register like a lookup (budgeted) and a read of the holder (audited).
 */
async function refuseHeldIdNumber(context: PersonContext, holder: Record<string, unknown>) {
  await spendIdNumberProbe(context);
  await appendAudit(context.db, context.audit, [
    { action: 'person.idcheck', subjectType: 'person', subjectId: String(holder['personId']), reason: 'ID number already registered' },
  ]);
  return idNumberHeld(context.audit.actor, holder);
}

/** 409 for an ID number that another write took meanwhile, or that a change names (re-reads the holder). */
export async function idNumberTaken(context: PersonContext, idIndex: string) {
  const { db } = context;
  const holder = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.idNumber(idIndex), ConsistentRead: true }));
  return holder.Item ? refuseHeldIdNumber(context, holder.Item) : idNumberHeld(context.audit.actor, undefined);
}

/** Possible duplicates of a new person: every same-name record of the district, compatible sex, age and area. */
async function possibleDuplicatesOf(db: Db, person: Person, now: Date): Promise<PersonSummary[]> {
  const key = person.name ? nameQueryKey(person.name) : null;
  if (!key) return [];
  const candidates = await personsWithNameKey(db, person.district, key);
  return candidates.filter((candidate) => mayBeSamePerson(candidate, summarize(person), now));
}

/**
 * Plans a person's registration: refuses a known ID number (409 naming the holder) and flags
 * possible duplicates. The caller writes the person with `personCreateItems` once it has added
 * what its own write keeps beside the record (a first encounter's sighting).
 */
export async function planRegistration(
  context: PersonContext,
  input: PersonRecordInput,
  prefetched: Map<string, Record<string, unknown>>,
): Promise<{ person: Person; secrets: IdNumberSecrets; possibleDuplicates: PersonSummary[] }> {
  const { db } = context;
  const secrets = secretsOf(context, input.idNumber);
  const holder = secrets ? prefetched.get(keys.idNumber(secrets.idIndex).pk) : undefined;
  // Learning that a number is registered is itself a read of that person's record.
  if (holder) throw await refuseHeldIdNumber(context, holder);
  const person = withFollowUp(registerPerson(input, randomUUID(), context.audit.now), context.rules);
  const possibleDuplicates = await possibleDuplicatesOf(db, person, context.audit.now);
  return { person, secrets, possibleDuplicates };
}

/** The keys a registration reads first (the ID-number holder), batched with the idempotency record. */
export const registrationPrefetch = (context: PersonContext, input: { idNumber?: string }) => {
  const idIndex = blindIndexOf(context, input.idNumber);
  return idIndex ? [keys.idNumber(idIndex)] : [];
};

/** Maps a failed guard of a registration: a number registered meanwhile is a 409, anything else is planned again. */
export const onRegistrationConflict = (context: PersonContext, input: { idNumber?: string }) => async (guard: string) => {
  const idIndex = blindIndexOf(context, input.idNumber);
  return guard === 'idNumberUnique' && idIndex ? idNumberTaken(context, idIndex) : ('retry' as const);
};

/**
 * A registration's fields as the caller may write them: the same permissions as a change (a
 * patrol's registrations are its own, its statuses those of the street), the source settled.
 */
export function registrationFor(actor: Actor, input: PersonInput, sent: Record<string, unknown>, at = 'body'): PersonRecordInput {
  const role = primaryRole(actor);
  const identityStatus = input.identityStatus ?? (input.idNumber ? 'identified' : 'unidentified');
  refuseFields(writeIssues(role, sent, undefined, { status: input.status, identityStatus, idNumber: input.idNumber }, at));
  const registrationSource = input.registrationSource ?? (role === 'patrol' ? 'patrol' : undefined);
  if (!registrationSource) throw validationError([{ path: 'body.registrationSource', message: 'Say how the person came to the register: family, survey or patrol.' }]);
  return { ...input, registrationSource };
}

/** Registers a person (POST /v1/persons), at most once per Idempotency-Key. */
export async function createPerson(context: PersonContext, request: IdempotentRequest, input: PersonInput) {
  const { db, audit } = context;
  if (!mayActIn(audit.actor, input.district)) throw new DomainError('forbidden', 'You may only register persons of your own district.');
  const registration = registrationFor(audit.actor, input, input);
  const registered = await idempotentWrite(
    db,
    request,
    async (prefetched) => {
      const plan = await planRegistration(context, registration, prefetched);
      return {
        items: [...personCreateItems(db, plan.person, plan.secrets), auditPut(db, audit, { action: 'person.create', subjectType: 'person', subjectId: plan.person.id })],
        response: {
          status: 201,
          body: {
            person: viewPersonWritten(audit.actor, plan.person),
            possibleDuplicates: viewSummaries(audit.actor, plan.possibleDuplicates),
          },
          headers: { location: `/v1/persons/${plan.person.id}`, etag: `"v${plan.person.version}"` },
        },
        subject: plan.person.id,
        onConditionFailed: onRegistrationConflict(context, input),
      };
    },
    registrationPrefetch(context, input),
  );
  await notePersonDistrict(db, input.district);
  return registered;
}

/**
 * A person the caller may act on (or, with `read`, see), or 404: a person outside the caller's
 * jurisdiction does not exist for them.
 */
export async function visiblePerson(context: PersonContext, id: string, consistent = false, intent: Intent = 'act'): Promise<StoredPerson> {
  const stored = await getPerson(context.db, id, consistent);
  if (!stored || !mayActIn(context.audit.actor, stored.person.district, intent)) throw notFound('The person');
  return stored;
}

/** Reads a person for the caller, audited. */
export async function readPerson(context: PersonContext, id: string) {
  const stored = await visiblePerson(context, id, false, 'read');
  await appendAudit(context.db, context.audit, [{ action: 'person.read', subjectType: 'person', subjectId: id }]);
  return openPerson(context, stored);
}

/**
 * Finds a person by ID number through the blind index, audited, hit or miss. Unlike every other
 * read it crosses districts: a worker holding a person's ID card has that person in front of them,
 * and a registered person who wandered across a district line is exactly who the register exists
 * to find. So it is budgeted per caller (429 past the budget, against enumeration), and finding
 * another district's person grants this caller, for a while, the right to record encounters with them.
 */
export async function lookupByIdNumber(context: PersonContext, idNumber: string) {
  const { db, audit, rules } = context;
  const [, holder] = await Promise.all([
    spendIdNumberProbe(context),
    db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.idNumber(blindIndexOf(context, idNumber) as string) })),
  ]);
  const stored = holder.Item ? await getPerson(db, String(holder.Item['personId'])) : undefined;
  if (!stored) {
    // A miss names no person, so it is filed under the caller: who probed the register, and when.
    await appendAudit(db, audit, [{ action: 'person.lookup.miss', subjectType: 'caller', subjectId: audit.actor.sub, reason: 'ID number not registered' }]);
    throw notFound('A person with this ID number');
  }
  const elsewhere = !mayActIn(audit.actor, stored.person.district);
  const grant = elsewhere
    ? [foundPersonGrantItem(callerKey(audit.actor, context.idIndexKey), stored.person.id, new Date(audit.now.getTime() + rules.foundPersonGrantMinutes * 60_000))]
    : [];
  await appendAudit(
    db,
    audit,
    [{ action: 'person.lookup', subjectType: 'person', subjectId: stored.person.id, reason: elsewhere ? 'ID number, found outside the home district' : 'ID number' }],
    grant,
  );
  return openPerson(context, stored);
}

/** How often a change is planned again when an encounter lands between its read and its write. */
const CHANGE_ATTEMPTS = 3;

/** Items another concern writes in the same transaction as a person's change (a tracing case it opens). */
export type AlongsideChange = (before: StoredPerson, after: Person) => Promise<TransactItem[]>;

/** Changes a person (PATCH) if the caller holds the current version; `alongside` adds items to the same transaction. */
export async function updatePerson(context: PersonContext, id: string, patch: PersonPatch, expectedVersion: number, alongside?: AlongsideChange) {
  const { db, audit, rules } = context;
  for (let attempt = 1; ; attempt += 1) {
    const before = await visiblePerson(context, id, attempt > 1);
    if (before.person.version !== expectedVersion) throw stale();
    if (before.openStay && patch.status != null && patch.status !== before.person.status) {
      // The stay and the bed follow admission and discharge; a status edited beside them would leave a bed taken.
      throw conflict('The person is in care (an open stay): their status changes with the stay’s discharge.', { facilityId: before.openStay.facilityId });
    }
    const current = openPerson(context, before);
    if (current.lastSurveyAt && (patch.lastSurveyAt === null || (patch.lastSurveyAt && patch.lastSurveyAt < current.lastSurveyAt))) {
      // Only a new survey satisfies a re-survey: the date moves forward, never back or away.
      throw validationError([{ path: 'body.lastSurveyAt', message: `The survey date only moves forward (last survey ${current.lastSurveyAt}).` }]);
    }
    const applied = applyPersonPatch(current, patch, audit.now);
    if ('issues' in applied) {
      throw validationError(applied.issues.map((issue): FieldIssue => ({ path: ['body', ...issue.path.map(String)].join('.'), message: issue.message })));
    }
    refuseFields(writeIssues(primaryRole(audit.actor), patch, current, applied.person));
    if (!mayActIn(audit.actor, applied.person.district)) throw new DomainError('forbidden', 'You may not move a person out of your district.');
    const person = withFollowUp(applied.person, rules);
    const unchangedNumber = person.idNumber !== undefined && blindIndexOf(context, person.idNumber) === before.idIndex;
    const secrets =
      unchangedNumber && before.idIndex && before.idNumberSealed ? { idIndex: before.idIndex, sealed: before.idNumberSealed } : secretsOf(context, person.idNumber);
    const items = [...personUpdateItems(db, before, { person, secrets }), ...(alongside ? await alongside(before, person) : [])];
    try {
      await writeChange(db, [...items, auditPut(db, audit, { action: 'person.update', subjectType: 'person', subjectId: id })], (guard) =>
        guard === 'idNumberUnique' && secrets ? idNumberTaken(context, secrets.idIndex) : stale(),
      );
      return person;
    } catch (error) {
      // The version held but a sighting landed meanwhile (the follow-up depends on it): plan again.
      if (!(error instanceof DomainError && error.kind === 'precondition_failed') || attempt >= CHANGE_ATTEMPTS) throw error;
    }
  }
}

const stale = () =>
  new DomainError('precondition_failed', 'The person was changed by someone else; reload the record and try again.');

/**
 * Clears the rule-2 flag (the police report was made and the suspicion resolved), with the
 * reason, audited. Only the flag the caller saw is cleared: one raised meanwhile stays.
 */
export async function clearConcernFlag(context: PersonContext, id: string, clearance: { encounterId?: string | undefined; stayId?: string | undefined; reason: string }) {
  const { db, audit } = context;
  const stored = await visiblePerson(context, id, true);
  const flag = stored.person.concernFlag;
  const raisedBy = clearance.encounterId ? flag?.encounterId === clearance.encounterId : flag?.stayId !== undefined && flag.stayId === clearance.stayId;
  if (!flag || !raisedBy) throw conflict('The person is not flagged by this encounter or stay; reload the record.');
  await writeChange(
    db,
    [concernFlagClear(db, id, flag), auditPut(db, audit, { action: 'person.flag.clear', subjectType: 'person', subjectId: id, reason: clearance.reason })],
    () => conflict('The flag changed meanwhile; reload the record.'),
  );
  const { concernFlag: _cleared, ...person } = openPerson(context, stored);
  return person as Person;
}

/**
 * Records a clinician's finding on a (suspected) mental disorder (rules 8 and 9): from it on, a
 * suspicion raised before it no longer counts (or, found, counts as recorded). Audited; sending
 * the same finding again changes nothing; one older than the finding on record is a 409.
 */
export async function recordClinicalFinding(context: PersonContext, id: string, input: ClinicalFindingInput) {
  const { db, audit } = context;
  const timeIssue = recordedTimeIssue(input.at, audit.now, context.rules);
  if (timeIssue) throw validationError([{ path: 'body.at', message: timeIssue }]);
  const stored = await visiblePerson(context, id, true);
  const finding = { ...input, at: new Date(input.at).toISOString(), recordedBy: audit.actor.sub, recordedAt: audit.now.toISOString() };
  const recorded = stored.person.clinicalFinding;
  if (recorded && recorded.at === finding.at && recorded.outcome === finding.outcome && recorded.clinician === finding.clinician && recorded.note === finding.note) {
    return openPerson(context, stored);
  }
  await writeChange(
    db,
    [clinicalFindingPut(db, id, finding), auditPut(db, audit, { action: 'person.clinical_finding', subjectType: 'person', subjectId: id, reason: input.outcome })],
    () => conflict('A later clinical finding is on record; reload the person.'),
  );
  return { ...openPerson(context, stored), clinicalFinding: finding };
}

/** Searches the register by name, or lists a district, audited. */
export async function findPersons(context: PersonContext, district: string, query: { searchKey?: string; filter: PersonFilter }, page: PageRequest) {
  const found = query.searchKey !== undefined
    ? await searchPersons(context.db, district, query.searchKey, query.filter, page)
    : await listPersons(context.db, district, query.filter, page);
  await auditListed(context, found.items, query.searchKey !== undefined ? 'person.search' : 'person.list');
  return found;
}

/** The follow-up work list of a district: persons whose follow-up is due on or before a date, soonest first, audited. */
export async function listFollowUps(context: PersonContext, district: string, dueBy: string, page: PageRequest): Promise<Page<FollowUpRow>> {
  const rows = await followUpsDue(context.db, district, dueBy, page);
  await auditListed(context, rows.items, 'person.followups');
  return rows;
}

/** Audits the persons shown in a list or search result. */
export async function auditListed(context: PersonContext, summaries: { id: string }[], action: string) {
  await appendAudit(context.db, context.audit, summaries.map((summary) => ({ action, subjectType: 'person', subjectId: summary.id })));
}
