/**
 * A person's rights over their information (个人信息保护法 arts. 44-49) and its end: a copy of
 * everything held (export), a correction request and its outcome, and erasure. The retention job
 * (`shared/sweep/retention-jobs.ts`) erases through the same `eraseHeld` as the office's request.
 */
import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mayActIn } from '../domain/access.js';
import { DomainError, notFound } from '../domain/errors.js';
import { blockingEntries, personProfile } from '../domain/matching.js';
import { emptyResidue, residueMonths, type ReportResidue } from '../domain/monthly-report.js';
import type { Person } from '../domain/person.js';
import { timeOrderedId } from '../domain/photo.js';
import {
  type Correction, type CorrectionDecisionInput, type CorrectionInput, type Erasure, type ErasureBasis, type ExportQuery,
} from '../domain/privacy.js';
import type { OutreachRules } from '../domain/rules.js';
import type { PhotoStore } from '../files/photo-store.js';
import { appendAudit, auditPut, type AuditContext } from '../store/audit.js';
import { batchWrite } from '../store/batch.js';
import type { Db } from '../store/client.js';
import { keys } from '../store/keys.js';
import { queryAll } from '../store/pagination.js';
import { auditTrail, heldAbout, keyOf, ofType, type HeldAbout } from '../store/person-data.js';
import { residueItems } from '../store/reports.js';
import { fromPersonItem } from '../store/persons.js';
import { TransactionCancelled, transactWrite } from '../store/transact.js';
import { openPerson } from './persons.js';
import { photoFiles } from './photos.js';

export type PrivacyContext = { db: Db; idIndexKey: string; audit: AuditContext; rules: OutreachRules; photos: PhotoStore };

type Item = Record<string, unknown>;

/** The person item read for a privacy request: a record (or one half erased), refused outside the caller's district. */
async function personFor(context: PrivacyContext, personId: string): Promise<{ held: HeldAbout; person: Person | undefined; erased?: Erasure }> {
  const held = await heldAbout(context.db, personId);
  const record = held.record;
  if (!record) throw notFound('The person');
  if (record['type'] === 'erasedPerson') {
    const erasure = record['erasure'] as Erasure;
    if (!mayActIn(context.audit.actor, String(record['district']), 'read')) throw notFound('The person');
    return { held, person: undefined, erased: erasure };
  }
  const stored = fromPersonItem({ ...record, erasing: undefined });
  if (!stored || !mayActIn(context.audit.actor, stored.person.district, 'act')) throw notFound('The person');
  return { held, person: openPerson(context, stored) };
}

// ---------------------------------------------------------------------------------------------
// Export (arts. 44-45)

const recordsOf = (items: Item[], type: string, field: string) => ofType(items, type).map((item) => item[field] as Item);

/**
 * Everything held about one person: the record (the ID number opened), encounters, stays,
 * placements and proposals, waitlist places, aid cases, the tracing case and its timeline, photos
 * (as links valid for minutes), match candidates with reports, corrections asked for, and the audit
 * trail of who read or changed the record. Audited with who asked and on which basis.
 */
export async function exportPerson(context: PrivacyContext, personId: string, query: Pick<ExportQuery, 'basis' | 'requester'>) {
  const { held, person } = await personFor(context, personId);
  if (!person) throw notFound('The person');
  const { db } = context;
  const [trail, photos] = await Promise.all([
    auditTrail(db, personId),
    Promise.all(
      ofType(held.partition, 'photo')
        .map((item) => item['photo'] as { id: string; status: string; purpose: string; contentType: string; createdAt: string; bytes: number })
        .map(async (photo) => ({
          ...photo,
          ...(photo.status === 'ready' ? { download: await context.photos.downloadUrl(photoFiles(personId, photo.id).clean, context.rules.photos.downloadSeconds) } : {}),
        })),
    ),
  ]);
  const portrait = ofType(held.partition, 'noticePortrait')[0];
  const exported = {
    exportedAt: context.audit.now.toISOString(),
    exportedBy: context.audit.actor.sub,
    basis: query.basis,
    requester: query.requester,
    person,
    encounters: recordsOf(held.partition, 'encounter', 'encounter'),
    stays: recordsOf(held.referenced, 'stay', 'stay'),
    placements: recordsOf(held.referenced, 'placement', 'placement'),
    proposals: recordsOf(held.referenced, 'proposal', 'proposal'),
    aidCases: recordsOf(held.referenced, 'aidCase', 'aidCase'),
    waitlist: held.waitlist.map((item) => item['summary'] as Item),
    tracing: (held.tracing?.['tracing'] as Item | undefined) ?? null,
    photos,
    noticePortrait: portrait ? { photoId: (portrait['choice'] as { photoId: string }).photoId } : null,
    matches: held.candidates.map((item) => {
      const { pk: _pk, sk: _sk, type: _type, ...candidate } = item;
      return candidate;
    }),
    corrections: recordsOf(held.partition, 'correction', 'correction'),
    audit: trail.map((entry) => ({
      at: entry['at'], actor: entry['actor'], role: entry['role'], action: entry['action'], ...(entry['reason'] ? { reason: entry['reason'] } : {}),
    })),
  };
  await appendAudit(db, context.audit, [{ action: 'person.export', subjectType: 'person', subjectId: personId, reason: `basis ${query.basis}; requested by ${query.requester}` }]);
  return exported;
}

export type PersonExport = Awaited<ReturnType<typeof exportPerson>>;

// ---------------------------------------------------------------------------------------------
// Corrections (art. 46)

/** Records a correction request as received; the change itself goes through PATCH. */
export async function requestCorrection(context: PrivacyContext, personId: string, input: CorrectionInput): Promise<Correction> {
  const { person } = await personFor(context, personId);
  if (!person) throw notFound('The person');
  const correction: Correction = {
    ...input, id: timeOrderedId(context.audit.now), personId, receivedAt: context.audit.now.toISOString(), receivedBy: context.audit.actor.sub, status: 'open',
  };
  await transactWrite(context.db, [
    { Put: { TableName: context.db.tableName, Item: { ...keys.correction(personId, correction.id), type: 'correction', correction }, ConditionExpression: 'attribute_not_exists(pk)' } },
    auditPut(context.db, context.audit, { action: 'person.correction-requested', subjectType: 'person', subjectId: personId, reason: `correction ${correction.id}: ${input.fields.join(', ')}` }),
  ]);
  return correction;
}

/**
 * What was done with a correction: accepted (naming the record's version that carries it, which
 * must exist: the PATCH came first) or refused with the reason the person is told. Decided once.
 */
export async function decideCorrection(context: PrivacyContext, personId: string, correctionId: string, input: CorrectionDecisionInput): Promise<Correction> {
  const { held, person } = await personFor(context, personId);
  if (!person) throw notFound('The person');
  const item = held.partition.find((entry) => entry['sk'] === keys.correction(personId, correctionId).sk);
  if (!item) throw notFound('The correction');
  const correction = item['correction'] as Correction;
  if (correction.status !== 'open') throw new DomainError('conflict', 'This correction was already decided.', { reason: 'correction_decided' });
  if (input.outcome === 'accepted' && input.personVersion > person.version) {
    throw new DomainError('validation', 'The record has no such version yet: make the change (PATCH) first.', {
      errors: [{ path: 'personVersion', message: `At most ${person.version}, the record's version now.` }],
    });
  }
  const decided: Correction = {
    ...correction,
    status: input.outcome,
    decision: {
      at: context.audit.now.toISOString(), by: context.audit.actor.sub, outcome: input.outcome,
      ...(input.outcome === 'accepted' ? { personVersion: input.personVersion, ...(input.note ? { note: input.note } : {}) } : { reason: input.reason }),
    },
  };
  try {
    await transactWrite(context.db, [
      {
        guard: 'recordVersion',
        Put: {
          TableName: context.db.tableName,
          Item: { ...keys.correction(personId, correctionId), type: 'correction', correction: decided },
          ConditionExpression: '#c.#status = :open',
          ExpressionAttributeNames: { '#c': 'correction', '#status': 'status' },
          ExpressionAttributeValues: { ':open': 'open' },
        },
      },
      auditPut(context.db, context.audit, { action: `person.correction-${input.outcome}`, subjectType: 'person', subjectId: personId, reason: `correction ${correctionId}` }),
    ]);
  } catch (error) {
    if (error instanceof TransactionCancelled && error.failed('recordVersion')) {
      throw new DomainError('conflict', 'This correction was already decided.', { reason: 'correction_decided' });
    }
    throw error;
  }
  return decided;
}

/** The person's correction requests, oldest first. */
export async function listCorrections(context: PrivacyContext, personId: string): Promise<Correction[]> {
  const { person } = await personFor(context, personId);
  if (!person) throw notFound('The person');
  const items = await queryAll(context.db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.person(personId).pk, ':prefix': keys.correctionPrefix() },
  });
  return items.map((item) => item['correction'] as Correction);
}

// ---------------------------------------------------------------------------------------------
// Erasure (art. 47)

/** A duty that keeps the record whoever asks: the person must leave care (or the list) first. */
export function erasureRefusal(person: Person, held: HeldAbout): DomainError | undefined {
  if (person.status === 'in_care' || held.record?.['openStay']) {
    return new DomainError('conflict', 'The person is in care: discharge them before their record is erased.', { reason: 'erasure_in_care' });
  }
  if (held.waitlist.length) return new DomainError('conflict', 'The person is on a waitlist: take them off it first.', { reason: 'erasure_waitlisted' });
  const pending = ofType(held.referenced, 'placement').some((item) => (item['placement'] as { status: string }).status === 'pending');
  if (pending) return new DomainError('conflict', 'A placement of this person is pending: withdraw it first.', { reason: 'erasure_placement_pending' });
  const owed = ofType(held.referenced, 'aidCase').some((item) => (item['aidCase'] as { status: string }).status === 'open');
  if (owed) return new DomainError('conflict', 'Emergency aid is owed to this person: record its payment first.', { reason: 'erasure_aid_open' });
  return undefined;
}

export type ErasureRequest = { basis: ErasureBasis; requester: string; reason: string; rulesVersion?: string };

/** The office's erasure of a person (POST /v1/persons/{id}/erasure): done once; asked again, the erasure done is the answer. */
export async function erasePerson(context: PrivacyContext, personId: string, request: ErasureRequest): Promise<{ erasure: Erasure; replayed: boolean }> {
  const { held, person, erased } = await personFor(context, personId);
  if (erased) return { erasure: erased, replayed: true };
  if (!person) throw notFound('The person');
  const refusal = erasureRefusal(person, held);
  if (refusal) throw refusal;
  return { erasure: await eraseHeld(context, person, held, request), replayed: false };
}

/**
 * What the person's records counted for in the monthly reports, by district: instants and codes,
 * the person under `token` (a random id kept on the erasure marker, so that a retried erasure
 * writes the same items). The register count is of persons held now, so it has no residue.
 */
function residuesOf(held: HeldAbout, token: string): Map<string, ReportResidue> {
  const residues = new Map<string, ReportResidue>();
  const of = (district: string) => residues.get(district) ?? residues.set(district, emptyResidue()).get(district)!;
  for (const item of ofType(held.partition, 'encounter')) {
    const encounter = item['encounter'] as { district: string; occurredAt: string; actions: string[] };
    of(encounter.district).encounters.push({ occurredAt: encounter.occurredAt, personId: token, actions: encounter.actions as never });
  }
  for (const item of ofType(held.referenced, 'stay')) {
    const stay = item['stay'] as { district: string; facilityId: string; admittedAt: string; via: string; bedSex: string; discharge?: { at: string; reason: string } };
    of(stay.district).stays.push({
      facilityId: stay.facilityId, admittedAt: stay.admittedAt, via: stay.via, bedSex: stay.bedSex,
      ...(stay.discharge ? { discharge: { at: stay.discharge.at, reason: stay.discharge.reason } } : {}),
    } as ReportResidue['stays'][number]);
  }
  for (const item of ofType(held.referenced, 'placement')) {
    const placement = item['placement'] as { toDistrict: string; status: string; kind: string; decision?: { at: string } };
    if (placement.status !== 'accepted') continue;
    of(placement.toDistrict).placements.push({ status: placement.status, kind: placement.kind, ...(placement.decision ? { decision: { at: placement.decision.at } } : {}) } as ReportResidue['placements'][number]);
  }
  for (const item of ofType(held.referenced, 'aidCase')) {
    const aid = item['aidCase'] as { district: string; dueAt: string; payment?: { at: string; amount: number } };
    if (aid.payment) of(aid.district).paidAidCases.push({ dueAt: aid.dueAt, payment: { at: aid.payment.at, amount: aid.payment.amount, paidBy: 'erased' } });
  }
  const tracing = held.tracing?.['tracing'] as { district: string; status: string; closedAt?: string; closeReason?: string } | undefined;
  if (tracing?.status === 'closed' && tracing.closedAt) {
    of(tracing.district).closedTracingCases.push({ closedAt: tracing.closedAt, ...(tracing.closeReason ? { closeReason: tracing.closeReason } : {}) });
  }
  return residues;
}

/**
 * Removes a person everywhere and keeps what the law requires without what identifies them:
 *
 * 1. the record is marked as being erased, one version on, so that every reader finds no person
 *    and a write planned on the record as it was fails its version check;
 * 2. what their records counted for in the monthly reports is kept as residues (statistics survive);
 * 3. deleted: the partition (name keys, encounters, photos and the notice portrait, corrections,
 *    references), the ID-number item, the tracing case, match candidates on both sides, the
 *    blocking entries, the stays, placements, proposals, aid cases and waitlist places, the
 *    idempotency records whose responses carry them, their names on campaign visit lists and among
 *    the people of sleeping-spot cells, and the photo files;
 * 4. their audit trail is kept (who processed their information: PIPL art. 55-56) without the free
 *    text of its entries;
 * 5. the record becomes a tombstone naming only the erasure, with one audit entry for it.
 *
 * Each step can run again: an erasure interrupted is finished by asking again.
 */
export async function eraseHeld(context: PrivacyContext, person: Person, held: HeldAbout, request: ErasureRequest): Promise<Erasure> {
  const { db } = context;
  const now = context.audit.now;
  const personId = person.id;
  const marker = held.record?.['erasing'] as { token?: string } | undefined;
  const token = marker?.token ?? randomUUID();
  if (!marker) {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: keys.person(personId),
        UpdateExpression: 'SET erasing = :erasing, #person.#version = :next',
        ConditionExpression: '#person.#version = :version',
        ExpressionAttributeNames: { '#person': 'person', '#version': 'version' },
        ExpressionAttributeValues: { ':erasing': { at: now.toISOString(), by: context.audit.actor.sub, token }, ':version': person.version, ':next': person.version + 1 },
      }),
    ).catch((error: unknown) => {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') {
        throw new DomainError('conflict', 'The person changed meanwhile; ask again.', { reason: 'erasure_changed_meanwhile', headers: { 'retry-after': '1' } });
      }
      throw error;
    });
  }

  const removed: Record<string, number> = {};
  const count = (kind: string, n = 1) => (removed[kind] = (removed[kind] ?? 0) + n);
  const deletes: { pk: string; sk: string }[] = [];
  const drop = (kind: string, items: Item[]) => {
    for (const item of items) deletes.push(keyOf(item));
    if (items.length) count(kind, items.length);
  };
  const personKey = keys.person(personId);
  for (const item of held.partition) {
    if (item['sk'] === personKey.sk) continue;
    deletes.push(keyOf(item));
    count(String(item['type'] ?? 'item'));
  }
  const idIndex = held.record?.['idIndex'];
  if (typeof idIndex === 'string') drop('idNumber', [keys.idNumber(idIndex)]);
  if (held.tracing) drop('tracingCase', [held.tracing]);
  drop('candidate', held.candidates);
  deletes.push(...reportMirrorsOf(personId, held.candidates));
  // On either side the person may have been matched on: a status that ended matching may not have reached the stream consumer yet.
  const profiles = [personProfile(person, 'person', person.createdAt, context.rules), personProfile(person, 'registered', undefined, context.rules)];
  drop('blocking', profiles.flatMap((profile) => blockingEntries(profile)) as unknown as Item[]);
  for (const item of held.referenced) count(String(item['type']));
  deletes.push(...held.referenced.map(keyOf));
  drop('waitlistEntry', held.waitlist);
  deletes.push(...held.idempotency);
  if (held.idempotency.length) count('idempotency', held.idempotency.length);

  const visitPuts = await visitListsWithout(db, person.district, personId);
  if (visitPuts.length) count('visitListRow', visitPuts.length);

  // Sleeping-spot cells keep their counts (campaign statistics) without the person among their people.
  for (const item of ofType(held.partition, 'encounter')) {
    const cell = item['spotCell'];
    if (typeof cell !== 'string') continue;
    const encounter = item['encounter'] as { district: string };
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        // The encounter names the cell's sort key it was counted under.
        Key: { pk: keys.spotsOf(encounter.district), sk: cell },
        UpdateExpression: 'DELETE people :person',
        ExpressionAttributeValues: { ':person': new Set([personId]) },
      }),
    );
    count('spotCellPerson');
  }
  const residues = [...residuesOf(held, token)].flatMap(([district, residue]) => residueItems(district, token, residue, residueMonths(residue)));
  const photos = ofType(held.partition, 'photo').map((item) => (item['photo'] as { id: string }).id);
  await batchWrite(db, [...residues, ...visitPuts.map((entry) => entry.chunk)], deletes);
  await removePhotoFiles(context.photos, personId, photos);

  const trail = await auditTrail(db, personId, Number.POSITIVE_INFINITY);
  const scrubbed = trail.filter((entry) => entry['reason'] !== undefined).map((entry) => {
    const { reason: _reason, ...kept } = entry;
    return { ...kept, scrubbed: true };
  });
  await batchWrite(db, scrubbed);

  const erasure: Erasure = {
    personId,
    at: now.toISOString(),
    by: context.audit.actor.sub,
    basis: request.basis,
    requester: request.requester,
    reason: request.reason,
    removed,
    auditScrubbed: scrubbed.length,
    photosRemoved: photos.length,
    ...(request.rulesVersion ? { rulesVersion: request.rulesVersion } : {}),
  };
  await transactWrite(db, [
    {
      Put: {
        TableName: db.tableName,
        // The tombstone keeps the district (who may read the erasure) and nothing of the person.
        Item: { ...personKey, type: 'erasedPerson', district: person.district, erasure },
        ConditionExpression: 'attribute_exists(erasing)',
      },
    },
    auditPut(db, context.audit, { action: 'person.erase', subjectType: 'person', subjectId: personId, reason: `basis ${request.basis}${request.rulesVersion ? `; rules ${request.rulesVersion}` : ''}` }),
  ]);
  return erasure;
}

/** The report-side mirrors of a person's match candidates. */
export const reportMirrorsOf = (personId: string, candidates: Item[]) =>
  candidates.filter((candidate) => candidate['otherSide'] === 'report').map((candidate) => keys.candidate('report', String(candidate['otherId']), 'person', personId));

/** Removes the files (clean copy and upload) of a person's photos; a missing file is no error. */
export async function removePhotoFiles(store: PhotoStore, personId: string, photoIds: string[]) {
  for (const photoId of photoIds) {
    const files = photoFiles(personId, photoId);
    await Promise.all([store.remove(files.clean), store.remove(files.upload)]);
  }
}

/** The visit-list chunks of a district's campaigns that name the person, rewritten without them. */
async function visitListsWithout(db: Db, district: string, personId: string): Promise<{ chunk: Item }[]> {
  const campaigns = (
    await Promise.all(
      (['active', 'ended'] as const).map((status) =>
        queryAll(db, { IndexName: 'GSI1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.campaignsOf(district, status) }, ProjectionExpression: 'pk' }),
      ),
    )
  ).flat();
  const rewritten: { chunk: Item }[] = [];
  for (const campaign of campaigns) {
    const chunks = await queryAll(db, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': String(campaign['pk']), ':prefix': keys.visitChunkPrefix() },
    });
    for (const chunk of chunks) {
      const targets = chunk['targets'] as { kind: string; id: string; people?: string[] }[];
      const named = targets.some((target) => (target.kind === 'person' && target.id === personId) || target.people?.includes(personId));
      if (!named) continue;
      const kept = targets
        .filter((target) => !(target.kind === 'person' && target.id === personId))
        .map((target) => (target.people?.includes(personId) ? { ...target, people: target.people.filter((id) => id !== personId) } : target));
      rewritten.push({ chunk: { ...chunk, targets: kept } });
    }
  }
  return rewritten;
}
