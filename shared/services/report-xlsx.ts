/**
 * The monthly report as an .xlsx workbook (write-excel-file, on fflate), imported only when a
 * spreadsheet is asked for.
 */
import writeXlsxFile from 'write-excel-file/node';
import type { MonthlyReport } from '../domain/monthly-report.js';

export async function spreadsheet(report: MonthlyReport, rows: [string, string, number | string][]): Promise<Uint8Array<ArrayBuffer>> {
  const header = ['分类', '项目', '数值'].map((value) => ({ value, fontWeight: 'bold' as const }));
  const data = [header, ...rows.map((row) => row.map((value) => ({ value })))];
  const buffer = await writeXlsxFile(data, { sheet: `${report.month} 月报`, columns: [{ width: 24 }, { width: 36 }, { width: 16 }] }).toBuffer();
  return new Uint8Array(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer);
}
