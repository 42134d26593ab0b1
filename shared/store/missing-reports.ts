import type { MissingReport } from '../domain/missing-report.js';
import type { Db } from './client.js';
import { readConsistently } from './idempotency.js';
import { keys } from './keys.js';
import { queryPage, type Page, type PageRequest } from './pagination.js';
import { putIfVersion, putNew, type TransactItem } from './transact.js';

/**
 * A missing-person report is one item: the record and its `summary` for lists. It is listed under
 * its filing district by status (GSI1) and, when it names where the person was last seen in another
 * district, under that district too (GSI2), newest first.
 */
export type ReportSummary = Pick<MissingReport, 'id' | 'name' | 'sex' | 'birthYear' | 'birthDate' | 'ageAtDisappearance' | 'district' | 'status' | 'createdAt'> & {
  lastSeen: { at: string; place: string; district?: string };
};

export const summarizeReport = (report: MissingReport): ReportSummary => ({
  id: report.id,
  name: report.name,
  sex: report.sex,
  ...(report.birthDate ? { birthDate: report.birthDate } : {}),
  ...(report.birthYear !== undefined ? { birthYear: report.birthYear } : {}),
  ...(report.ageAtDisappearance !== undefined ? { ageAtDisappearance: report.ageAtDisappearance } : {}),
  district: report.district,
  status: report.status,
  createdAt: report.createdAt,
  lastSeen: { at: report.lastSeen.at, place: report.lastSeen.place, ...(report.lastSeen.district ? { district: report.lastSeen.district } : {}) },
});

function reportItem(report: MissingReport) {
  const seenElsewhere = report.lastSeen.district && report.lastSeen.district !== report.district ? report.lastSeen.district : undefined;
  return {
    ...keys.missingReport(report.id),
    type: 'missingReport',
    report,
    summary: summarizeReport(report),
    gsi1pk: keys.reportsOf(report.district, report.status),
    gsi1sk: `${report.createdAt}#${report.id}`,
    ...(seenElsewhere ? { gsi2pk: keys.reportsSeenIn(seenElsewhere, report.status), gsi2sk: `${report.createdAt}#${report.id}` } : {}),
  };
}

export const reportCreate = (db: Db, report: MissingReport): TransactItem => putNew(db, reportItem(report));
export const reportReplace = (db: Db, report: MissingReport, expectedVersion: number): TransactItem => putIfVersion(db, reportItem(report), 'report', expectedVersion);
export const fromReportItem = (item: Record<string, unknown> | undefined) => (item?.['type'] === 'missingReport' ? (item['report'] as MissingReport) : undefined);

export async function getReport(db: Db, id: string): Promise<MissingReport | undefined> {
  const key = keys.missingReport(id);
  return fromReportItem((await readConsistently(db, [key])).get(key.pk));
}

/** Reports filed in a district (GSI1) or naming it as where the person was last seen (GSI2), by status, newest first. */
export async function listReports(db: Db, district: string, status: MissingReport['status'], listing: 'filed' | 'seen', page: PageRequest): Promise<Page<ReportSummary>> {
  const [index, pkName, pk] =
    listing === 'filed' ? (['GSI1', 'gsi1pk', keys.reportsOf(district, status)] as const) : (['GSI2', 'gsi2pk', keys.reportsSeenIn(district, status)] as const);
  const result = await queryPage(
    db,
    { IndexName: index, KeyConditionExpression: `${pkName} = :pk`, ExpressionAttributeValues: { ':pk': pk }, ScanIndexForward: false },
    page,
    { partition: { [pkName]: pk } },
  );
  return { items: result.items.map((item) => item['summary'] as ReportSummary), nextCursor: result.nextCursor };
}
