/**
 * Reads for the monthly report: whole key ranges through `queryAll`, reading only the attributes a
 * tally needs. The report is an office's monthly request, never a patrol's hot path.
 */
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
