/**
 * Reads for the monthly report: whole key ranges through `queryAll`, reading only the attributes a
 * tally needs. The report is an office's monthly request, never a patrol's hot path.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { MonthlyReport } from '../domain/monthly-report.js';
import type { PersonStatus } from '../domain/person.js';
import type { Db } from './client.js';
import { keys } from './keys.js';
import { queryAll } from './pagination.js';

/** The status of every person of a district (the district index, projecting `status` only). */
export async function registerStatuses(db: Db, district: string): Promise<PersonStatus[]> {
  const items = await queryAll(db, {
    IndexName: 'GSI2',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.personsOfDistrict(district) },
    ProjectionExpression: '#status',
    ExpressionAttributeNames: { '#status': 'status' },
  });
  return items.map((item) => item['status']).filter((status): status is PersonStatus => typeof status === 'string');
}

/** The report of a past month as kept when records behind it were deleted, or undefined. */
export async function frozenReport(db: Db, district: string, month: string): Promise<MonthlyReport | undefined> {
  const result = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.frozenReport(district, month) }));
  return result.Item?.['type'] === 'frozenReport' ? (result.Item['report'] as MonthlyReport) : undefined;
}

/** Keeps a past month's report; the first one kept stays (the numbers before any deletion). */
export async function freezeReport(db: Db, report: MonthlyReport): Promise<void> {
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: { ...keys.frozenReport(report.district, report.month), type: 'frozenReport', report },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
  }
}
