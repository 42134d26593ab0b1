/**
 * Reads for the monthly report: whole key ranges through `queryAll`, reading only the attributes a
 * tally needs. The report is an office's monthly request, never a patrol's hot path.
 */
import type { ReportResidue } from '../domain/monthly-report.js';
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

/** The residues of erased persons counted in a district's report of a month. */
export async function reportResidues(db: Db, district: string, month: string): Promise<ReportResidue[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :month)',
    ExpressionAttributeValues: { ':pk': keys.reportResiduesOf(district), ':month': `${month}#` },
  });
  return items.map((item) => item['residue'] as ReportResidue);
}

/** The items that keep a residue for each month it counts in (a put of the same token again is the same item). */
export const residueItems = (district: string, token: string, residue: ReportResidue, months: readonly string[]) =>
  months.map((month) => ({ ...keys.reportResidue(district, month, token), type: 'reportResidue', district, month, residue }));
