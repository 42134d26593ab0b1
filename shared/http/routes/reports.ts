import { createRoute, z } from '@hono/zod-openapi';
import { scopeDistrict } from '../../domain/access.js';
import { districtCode } from '../../domain/common.js';
import { MAX_ACTIVITY_DAYS, reportCsv, reportMonth, reportRows } from '../../domain/monthly-report.js';
import { validationError } from '../../domain/errors.js';
import { dailyActivity, monthlyReport } from '../../services/reports.js';
import { allow } from '../auth.js';
import { newRouter } from '../router.js';
import { bearer, errorResponses } from '../schemas.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const counts = z.record(z.string(), z.number());

const reportView = z
  .object({
    month: z.string(),
    district: z.string(),
    window: z.object({ since: z.string(), until: z.string() }),
    generatedAt: z.string(),
    encounters: z.object({ total: z.number(), personsMet: z.number(), escortedToStation: z.number(), refusedHelp: z.number() }),
    admissions: z.object({ total: z.number(), byFacilityType: counts, byVia: counts, byBedSex: counts }),
    discharges: z.object({ total: z.number(), byReason: counts }),
    placements: z.object({ accepted: z.number(), byKind: counts }),
    emergencyAid: z.object({ paid: z.number(), paidOnTime: z.number(), amountYuan: z.number(), openOverdueNow: z.number() }),
    reunions: z.object({ total: z.number(), dischargedToFamily: z.number(), source: z.enum(['tracing_cases']) }),
    register: z.object({ total: z.number(), byStatus: counts }),
  })
  .openapi('MonthlyReport');

const monthly = createRoute({
  method: 'get',
  path: '/monthly',
  tags: ['reports'],
  summary: 'The monthly statistics report of a district (admin): JSON, CSV or XLSX',
  description:
    'Counts for one calendar month in China Standard Time: encounters, admissions by facility type and by way in, discharges, ' +
    'placements accepted, emergency aid paid and paid on time, and the register by status (as of now). ' +
    'Reunions are the tracing cases closed by reunion in the month (`reunions.source`). `format` picks the representation.',
  security: bearer,
  middleware: [allow('admin')] as const,
  request: {
    query: z.object({
      month: reportMonth,
      district: districtCode.optional(),
      format: z.enum(['json', 'csv', 'xlsx']).default('json'),
    }),
  },
  responses: {
    200: {
      description: 'The report',
      content: {
        'application/json': { schema: reportView },
        'text/csv': { schema: z.string() },
        [XLSX]: { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
    ...errorResponses,
  },
});

const cstDate = z.iso.date({ error: 'A date is YYYY-MM-DD.' }).refine((date) => date >= '2000-01-01' && date <= '2099-12-31', 'A date lies in 2000 to 2099.');

const daily = createRoute({
  method: 'get',
  path: '/daily',
  tags: ['reports'],
  summary: 'Encounters per day of a district (admin): counts only, for the dashboard',
  description: `Days are China Standard Time dates, \`since\` to \`until\` inclusive, at most ${MAX_ACTIVITY_DAYS} days.`,
  security: bearer,
  middleware: [allow('admin')] as const,
  request: { query: z.object({ since: cstDate, until: cstDate, district: districtCode.optional() }) },
  responses: {
    200: {
      description: 'Counts per day',
      content: {
        'application/json': {
          schema: z
            .object({ district: z.string(), since: z.string(), until: z.string(), days: z.array(z.object({ date: z.string(), encounters: z.number() })) })
            .openapi('DailyActivity'),
        },
      },
    },
    ...errorResponses,
  },
});

/** Reports the office sends upward, and the dashboard's counts. */
export const reportsRoutes = newRouter()
  .openapi(daily, async (c) => {
    const { since, until, district } = c.req.valid('query');
    const span = (Date.parse(until) - Date.parse(since)) / 86_400_000 + 1;
    if (span < 1) throw validationError([{ path: 'query.until', message: 'until lies on or after since.' }]);
    if (span > MAX_ACTIVITY_DAYS) throw validationError([{ path: 'query.until', message: `At most ${MAX_ACTIVITY_DAYS} days.` }]);
    return c.json(await dailyActivity({ db: c.var.deps.db, now: c.var.deps.now }, scopeDistrict(c.var.actor, district), since, until), 200);
  })
  .openapi(monthly, async (c) => {
  const { month, district, format } = c.req.valid('query');
  const scoped = scopeDistrict(c.var.actor, district);
  const report = reportView.parse(await monthlyReport({ db: c.var.deps.db, now: c.var.deps.now }, scoped, month));
  const filename = `monthly-report-${scoped}-${month}`;
  if (format === 'csv') {
    return c.body(reportCsv(report), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}.csv"` }) as never;
  }
  if (format === 'xlsx') {
    // The spreadsheet library loads only on this path, never on the API's cold start.
    const { spreadsheet } = await import('../../services/report-xlsx.js');
    return c.body(await spreadsheet(report, reportRows(report)), 200, { 'content-type': XLSX, 'content-disposition': `attachment; filename="${filename}.xlsx"` }) as never;
  }
  return c.json(report, 200);
});
