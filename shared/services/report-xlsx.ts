/** The monthly report as an .xlsx workbook (ExcelJS), imported only when a spreadsheet is asked for. */
import ExcelJS from 'exceljs';
import type { MonthlyReport } from '../domain/monthly-report.js';

export async function spreadsheet(report: MonthlyReport, rows: [string, string, number | string][]): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date(report.generatedAt);
  const sheet = workbook.addWorksheet(`${report.month} 月报`);
  sheet.columns = [
    { header: '分类', key: 'section', width: 24 },
    { header: '项目', key: 'item', width: 36 },
    { header: '数值', key: 'value', width: 16 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const [section, item, value] of rows) sheet.addRow({ section, item, value });
  return new Uint8Array(await workbook.xlsx.writeBuffer() as ArrayBuffer);
}
