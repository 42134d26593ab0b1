import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { AidCase } from '../domain/aid.js';
import type { Db } from './client.js';
import { withHeldRef } from './held.js';
import { keys } from './keys.js';
import { queryPage, type Page, type PageRequest } from './pagination.js';
import { putIfVersion, putNew, type TransactItem } from './transact.js';

function aidCaseItem(aidCase: AidCase) {
  return {
    ...keys.aidCase(aidCase.id),
    type: 'aidCase',
    aidCase,
    gsi2pk: keys.aidCasesOfDistrict(aidCase.district, aidCase.status),
    gsi2sk: `${aidCase.dueAt}#${aidCase.id}`,
  };
}

/** The transaction items that open an aid case (with its reference beside the person). */
export const aidCaseCreate = (db: Db, aidCase: AidCase): TransactItem[] => withHeldRef(db, aidCase.personId, putNew(db, aidCaseItem(aidCase)));

/** The transaction item that stores a changed case, only if it is still at `expectedVersion`. */
export const aidCaseReplace = (db: Db, aidCase: AidCase, expectedVersion: number): TransactItem =>
  putIfVersion(db, aidCaseItem(aidCase), 'aidCase', expectedVersion);

/** One aid case, or undefined. */
export async function getAidCase(db: Db, id: string): Promise<AidCase | undefined> {
  const result = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.aidCase(id) }));
  return result.Item?.['aidCase'] as AidCase | undefined;
}

/** A district's cases in a state, soonest due first; `dueBefore` keeps only those due earlier (the overdue list). */
export async function listAidCases(
  db: Db,
  district: string,
  state: 'open' | 'paid',
  dueBefore: string | undefined,
  page: PageRequest,
): Promise<Page<AidCase>> {
  const pk = keys.aidCasesOfDistrict(district, state);
  const { items, nextCursor } = await queryPage(
    db,
    {
      IndexName: 'GSI2',
      KeyConditionExpression: dueBefore ? 'gsi2pk = :pk AND gsi2sk < :due' : 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': pk, ...(dueBefore ? { ':due': dueBefore } : {}) },
    },
    page,
    { partition: { gsi2pk: pk }, sortKeyWithin: (sk) => !dueBefore || sk < dueBefore },
  );
  return { items: items.map((item) => item['aidCase'] as AidCase), nextCursor };
}
