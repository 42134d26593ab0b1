/**
 * Retention (个人信息保护法 arts. 19, 47): what has served its purpose goes, in bounded batches,
 * from index queries, with one audit entry per subject saying what went and why. Whole items that
 * simply expire (idempotency records, events, audit views, audit entries) carry a DynamoDB TTL
 * instead; this job does what needs related items to go together:
 *
 * - persons whose duty ended (`retentionVerdict`): erased everywhere, as an office's erasure is;
 * - closed tracing cases: the photos (files too), the notice portrait and the match candidates,
 *   `tracingMaterialAfterCloseDays` after the close;
 * - closed missing-person reports: the report and its candidates, `closedReportDays` after the close.
 *
 * Each walk keeps a cursor per district (RETENTION#district) so that a run looks at most
 * `retentionBatch` records of each kind and the next run goes on where it stopped. The persons'
 * walk starts again from the oldest when it reaches the cutoff: a person kept for a duty is looked
 * at again on the next pass, when the duty may have ended.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Actor } from '../domain/access.js';
import { retentionCutoff, retentionVerdict } from '../domain/privacy.js';
import { recordKeeping } from '../domain/rules.js';
import type { TracingCase } from '../domain/tracing.js';
import type { PhotoStore } from '../files/photo-store.js';
import { appendAudit, type AuditContext } from '../store/audit.js';
import { batchGetAll, batchWrite } from '../store/batch.js';
import type { Db } from '../store/client.js';
import { keys } from '../store/keys.js';
import { heldAbout, keyOf, ofType } from '../store/person-data.js';
import { fromReportItem } from '../store/missing-reports.js';
import { fromPersonItem, personDistricts } from '../store/persons.js';
import { queryAll } from '../store/pagination.js';
import { eraseHeld, erasureRefusal, removePhotoFiles, reportMirrorsOf } from '../services/privacy.js';
import { careDistricts } from '../store/stays.js';
import { inDistrict } from './district-rules.js';
import type { SweepDeps, SweepJob } from './sweep.js';

type Item = Record<string, unknown>;

/** Counts a run's work by kind. */
const add = (counts: Record<string, number>, kind: string, n = 1) => (counts[kind] = (counts[kind] ?? 0) + n);

const keeper: Actor = { sub: 'system:retention', roles: ['admin'] };

type RetentionDeps = SweepDeps;

type Walk = 'persons' | 'tracingMaterial' | 'closedReports';

/** Where a walk stopped: the last key it read (an index key holds the table's key and the index's). */
async function cursorOf(db: Db, district: string, walk: Walk): Promise<Record<string, unknown> | undefined> {
  const item = (await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.retentionCursor(district, walk), ConsistentRead: true }))).Item;
  return item?.['after'] as Record<string, unknown> | undefined;
}

async function moveCursor(db: Db, district: string, walk: Walk, after: Record<string, unknown> | undefined) {
  const key = keys.retentionCursor(district, walk);
  if (after === undefined) await db.doc.send(new DeleteCommand({ TableName: db.tableName, Key: key }));
  else await db.doc.send(new PutCommand({ TableName: db.tableName, Item: { ...key, type: 'retentionCursor', after } }));
}

/**
 * One bounded step of a walk over an index partition in sort-key order, up to `before` (exclusive):
 * at most `limit` items after the cursor, and the cursor moved (cleared when the walk reached the end).
 */
async function walkStep(
  db: Db,
  district: string,
  walk: Walk,
  index: { name: 'GSI1' | 'GSI2'; pk: string },
  before: string,
  limit: number,
): Promise<Item[]> {
  const after = await cursorOf(db, district, walk);
  const [pkName, skName] = index.name === 'GSI1' ? ['gsi1pk', 'gsi1sk'] : ['gsi2pk', 'gsi2sk'];
  const page = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: index.name,
      KeyConditionExpression: `${pkName} = :pk AND ${skName} < :before`,
      ExpressionAttributeValues: { ':pk': index.pk, ':before': before },
      ExclusiveStartKey: after,
      Limit: limit,
    }),
  );
  await moveCursor(db, district, walk, page.LastEvaluatedKey);
  return page.Items ?? [];
}

const auditFor = (deps: SweepDeps, now: Date): AuditContext => ({ actor: keeper, requestId: `retention-${now.toISOString()}`, now });

/** Persons whose duty ended and whose retention period is over: erased, one audit entry each. */
async function sweepPersons(deps: RetentionDeps, district: string, limit: number, counts: Record<string, number>) {
  const { db, rules } = deps;
  const now = deps.now();
  const retention = rules.retention;
  // Nobody is due before the shorter period has passed since their last change.
  const before = retentionCutoff(now, Math.min(retention.personAfterDutyDays, retention.unregisteredPersonDays));
  const rows = await walkStep(db, district, 'persons', { name: 'GSI2', pk: keys.personsOfDistrict(district) }, before, limit);
  const items = rows.length ? await batchGetAll(db, rows.map(keyOf), { ConsistentRead: true }) : [];
  for (const item of items) {
    add(counts, 'personsLooked');
    const stored = fromPersonItem({ ...item, erasing: undefined });
    if (!stored) continue;
    const verdict = retentionVerdict(stored.person, { openStay: Boolean(stored.openStay), tracingOpen: false }, retention, now);
    if (!('erase' in verdict)) continue;
    const held = await heldAbout(db, stored.person.id);
    const tracing = held.tracing?.['tracing'] as TracingCase | undefined;
    // The protective reading: an open case, a waitlist place or a pending placement keeps the record.
    if (tracing?.status === 'open' || erasureRefusal(stored.person, held)) {
      add(counts, 'personsKept');
      continue;
    }
    await eraseHeld({ db, idIndexKey: '', audit: auditFor(deps, now), rules, photos: photosOf(deps) }, stored.person, held, {
      basis: 'retention_period',
      requester: 'retention rules',
      reason: `${verdict.erase} (${retention[verdict.erase]} days) passed on ${verdict.dueAt}`,
      rulesVersion: retention.version,
    });
    add(counts, 'personsErased');
  }
}

/** A closed tracing case's photos, notice portrait and candidates, once its material has served. */
async function sweepTracingMaterial(deps: RetentionDeps, district: string, limit: number, counts: Record<string, number>) {
  const { db, rules } = deps;
  const now = deps.now();
  const days = rules.retention.tracingMaterialAfterCloseDays;
  const rows = await walkStep(db, district, 'tracingMaterial', { name: 'GSI2', pk: keys.closedTracingCasesOf(district) }, retentionCutoff(now, days), limit);
  for (const row of rows) {
    const tracing = (await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keyOf(row), ConsistentRead: true }))).Item?.['tracing'] as TracingCase | undefined;
    if (!tracing || tracing.status !== 'closed') continue;
    const id = tracing.personId;
    const held = await heldAbout(db, id);
    const photos = ofType(held.partition, 'photo');
    const portrait = ofType(held.partition, 'noticePortrait');
    const candidates = held.candidates;
    if (!photos.length && !portrait.length && !candidates.length) continue;
    const deletes = [
      ...photos.map(keyOf),
      ...portrait.map(keyOf),
      ...candidates.map(keyOf),
      ...reportMirrorsOf(id, candidates),
    ];
    await batchWrite(db, [], deletes);
    await removePhotoFiles(photosOf(deps), id, photos.map((photo) => (photo['photo'] as { id: string }).id));
    await appendAudit(db, auditFor(deps, now), [{
      action: 'person.retention-material', subjectType: 'person', subjectId: id,
      reason: `tracing case closed ${tracing.closedAt}; after ${days} days: ${photos.length} photos, ${portrait.length} notice portrait, ${candidates.length} match candidates removed (rules ${rules.retention.version})`,
    }]);
    add(counts, 'casesPurged');
    add(counts, 'photosRemoved', photos.length);
  }
}

/** Missing-person reports closed longer than `closedReportDays`: the report and its candidates (the monthly report counts no report). */
async function sweepClosedReports(deps: RetentionDeps, district: string, limit: number, counts: Record<string, number>) {
  const { db, rules } = deps;
  const now = deps.now();
  const days = rules.retention.closedReportDays;
  const cutoff = retentionCutoff(now, days);
  // Listed by creation; a report closed before the cutoff was created before it too.
  const rows = await walkStep(db, district, 'closedReports', { name: 'GSI1', pk: keys.reportsOf(district, 'closed') }, cutoff, limit);
  // The index holds summaries: the reports themselves, read strongly (one may have been reopened meanwhile).
  const items = rows.length ? await batchGetAll(db, rows.map(keyOf), { ConsistentRead: true }) : [];
  for (const item of items) {
    const report = fromReportItem(item);
    if (!report || report.status !== 'closed' || !report.closed || report.closed.at > cutoff) continue;
    const candidates = await queryAll(db, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.candidatesOf('report', report.id) }, ConsistentRead: true });
    const mirrors = candidates
      .filter((candidate) => candidate['otherSide'] === 'person')
      .map((candidate) => keys.candidate('person', String(candidate['otherId']), 'report', report.id));
    await batchWrite(db, [], [keys.missingReport(report.id), ...candidates.map(keyOf), ...mirrors]);
    await appendAudit(db, auditFor(deps, now), [{
      action: 'report.retention-erase', subjectType: 'report', subjectId: report.id,
      reason: `closed ${report.closed.at} (${report.closed.reason}); after ${days} days: the report and ${candidates.length} match candidates removed (rules ${rules.retention.version})`,
    }]);
    add(counts, 'reportsErased');
  }
}

const photosOf = (deps: RetentionDeps): PhotoStore => {
  if (!deps.photos) throw new Error('The retention job needs the photo store (SweepDeps.photos).');
  return deps.photos;
};

/** The retention job of the hourly sweep: every district that holds persons or care work. */
export const retentionJob: SweepJob = {
  name: 'retention',
  run: async (deps: RetentionDeps) => {
    const counts: Record<string, number> = {};
    const limit = deps.retentionBatch ?? recordKeeping.retentionBatch;
    const districts = deps.districts ?? [...new Set([...(await personDistricts(deps.db)), ...(await careDistricts(deps.db))])];
    for (const district of districts) {
      add(counts, 'districts');
      const local = (await inDistrict(deps, district)) as RetentionDeps;
      await sweepPersons(local, district, limit, counts);
      await sweepTracingMaterial(local, district, limit, counts);
      await sweepClosedReports(local, district, limit, counts);
    }
    return counts;
  },
};
