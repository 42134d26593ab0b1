import { cstDate } from '../domain/cst.js';
import type { TracingCase } from '../domain/tracing.js';
import type { Db } from './client.js';
import { readConsistently } from './idempotency.js';
import { keys } from './keys.js';
import { queryAll, queryPage, type Page, type PageRequest } from './pagination.js';
import { putIfVersion, putNew, type TransactItem } from './transact.js';

/**
 * A tracing case is one item: the record (`tracing`) and its `summary` for the work list. An open
 * case is listed by its nearest deadline (GSI2: the tracers' work list) and by when the sweep must
 * next look at it (GSI3); both keys are derived by the case clock and rewritten with every change.
 */

/** What a work-list row carries (the index projection): ids, times and the nearest deadline, nothing personal. */
export type TracingSummary = {
  personId: string;
  district: string;
  facilityId: string;
  stayId: string;
  openedAt: string;
  /** The CST date of intake, which the stage filter compares. */
  openedOn: string;
  identifiedAt?: string;
  nearestDueAt?: string;
  cycle: number;
  closedAt?: string;
  closeReason?: TracingCase['closeReason'];
};

/** What the case clock derives for the indexes. */
export type TracingDerived = { nearestDueAt?: string; nextAttentionAt?: string };

/** After every real date: a case owing nothing sorts last on the work list. */
const NOTHING_DUE = '9999-12-31T23:59:59.999Z';

function tracingItem(tracing: TracingCase, derived: TracingDerived) {
  const open = tracing.status === 'open';
  const summary: TracingSummary = {
    personId: tracing.personId,
    district: tracing.district,
    facilityId: tracing.facilityId,
    stayId: tracing.stayId,
    openedAt: tracing.openedAt,
    openedOn: cstDate(tracing.openedAt),
    ...(tracing.identifiedAt ? { identifiedAt: tracing.identifiedAt } : {}),
    ...(derived.nearestDueAt ? { nearestDueAt: derived.nearestDueAt } : {}),
    cycle: tracing.cycle,
    ...(tracing.closedAt ? { closedAt: tracing.closedAt, ...(tracing.closeReason ? { closeReason: tracing.closeReason } : {}) } : {}),
  };
  return {
    ...keys.tracingCase(tracing.personId),
    type: 'tracingCase',
    tracing,
    summary,
    ...(open
      ? { gsi2pk: keys.tracingCasesOf(tracing.district), gsi2sk: `${derived.nearestDueAt ?? NOTHING_DUE}#${tracing.personId}` }
      : { gsi2pk: keys.closedTracingCasesOf(tracing.district), gsi2sk: `${tracing.closedAt ?? ''}#${tracing.personId}` }),
    ...(open && derived.nextAttentionAt ? { gsi3pk: keys.tracingAlertsOf(tracing.district), gsi3sk: `${derived.nextAttentionAt}#${tracing.personId}` } : {}),
  };
}

/** Opens a case: a new item, or a new cycle over a closed one still at the version read. */
export const tracingCaseOpen = (db: Db, tracing: TracingCase, derived: TracingDerived, previous?: TracingCase): TransactItem =>
  previous ? putIfVersion(db, tracingItem(tracing, derived), 'tracing', previous.version) : putNew(db, tracingItem(tracing, derived));

/** Replaces a case still at `expectedVersion`. */
export const tracingCaseReplace = (db: Db, tracing: TracingCase, derived: TracingDerived, expectedVersion: number): TransactItem =>
  putIfVersion(db, tracingItem(tracing, derived), 'tracing', expectedVersion);

export const fromTracingItem = (item: Record<string, unknown> | undefined) =>
  item?.['type'] === 'tracingCase' ? (item['tracing'] as TracingCase) : undefined;

/** A person's tracing case (strongly consistent: every caller is about to change or judge it). */
export async function getTracingCase(db: Db, personId: string): Promise<TracingCase | undefined> {
  const key = keys.tracingCase(personId);
  return fromTracingItem((await readConsistently(db, [key])).get(key.pk));
}

/**
 * Open cases of a district whose nearest deadline falls before the instant `dueBefore` (GSI2, nearest
 * first; '~' for all, those owing nothing last),
 * optionally only those opened within a range of CST dates or identified (the stage filter).
 */
export async function tracingCasesDue(
  db: Db,
  district: string,
  dueBefore: string,
  filter: { openedOnFrom?: string; openedOnTo?: string; identified?: boolean },
  page: PageRequest,
): Promise<Page<TracingSummary>> {
  const conditions: string[] = [];
  const values: Record<string, unknown> = { ':pk': keys.tracingCasesOf(district), ':before': dueBefore };
  if (filter.identified !== undefined) conditions.push(filter.identified ? 'attribute_exists(#s.identifiedAt)' : 'attribute_not_exists(#s.identifiedAt)');
  if (filter.openedOnFrom) {
    conditions.push('#s.openedOn >= :from');
    values[':from'] = filter.openedOnFrom;
  }
  if (filter.openedOnTo) {
    conditions.push('#s.openedOn <= :to');
    values[':to'] = filter.openedOnTo;
  }
  const result = await queryPage(
    db,
    {
      IndexName: 'GSI2',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :before',
      ExpressionAttributeValues: values,
      ...(conditions.length ? { FilterExpression: conditions.join(' AND '), ExpressionAttributeNames: { '#s': 'summary' } } : {}),
    },
    page,
    { partition: { gsi2pk: keys.tracingCasesOf(district) }, sortKeyWithin: (sortKey) => sortKey < dueBefore },
  );
  return { items: result.items.map((item) => item['summary'] as TracingSummary), nextCursor: result.nextCursor };
}

/** Person ids of the cases of a district the sweep must look at by `instant` (GSI3, every page). */
export async function tracingCasesNeedingAttention(db: Db, district: string, instant: string): Promise<string[]> {
  const items = await queryAll(db, {
    IndexName: 'GSI3',
    KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk <= :upTo',
    ExpressionAttributeValues: { ':pk': keys.tracingAlertsOf(district), ':upTo': `${instant}#~` },
  });
  return items.map((item) => (item['summary'] as TracingSummary).personId);
}

/** Cases of a district closed within a window of instants (GSI2, every page): the monthly report's reunions. */
export async function tracingCasesClosedBetween(db: Db, district: string, since: string, until: string): Promise<TracingSummary[]> {
  const items = await queryAll(db, {
    IndexName: 'GSI2',
    KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :since AND :until',
    ExpressionAttributeValues: { ':pk': keys.closedTracingCasesOf(district), ':since': since, ':until': until },
  });
  return items.map((item) => item['summary'] as TracingSummary).filter((row) => row.closedAt !== undefined && row.closedAt < until);
}
