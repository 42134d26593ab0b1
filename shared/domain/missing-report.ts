import { z } from 'zod';
import { calendarDate, districtCode, instant, latLng, text } from './common.js';
import { cstDate, cstYear } from './cst.js';
import { homeRegion, phone, riskFactors, sexes } from './person.js';
import type { OutreachRules } from './rules.js';

/**
 * A missing-person report (走失人员报告 / 寻人启事) filed by a family. Reports are national: a report
 * filed in one district is matched against unidentified people in care anywhere. The fields, how a
 * client sends them, and how a change becomes a stored record.
 */

// "Not in the future" is read on the request's clock (`reportTimeIssues`), not the machine's.
const pastDate = calendarDate.refine((date) => date >= '1900-01-01', 'A date from 1900 on.');

export const reportStatuses = ['open', 'closed'] as const;
export const reportCloseReasons = ['found', 'withdrawn'] as const;

const reportShape = {
  name: text(50),
  aliases: z.array(text(50)).max(8),
  sex: z.enum(sexes),
  birthDate: pastDate.optional(),
  birthYear: z.number().int().min(1900).optional(),
  ageAtDisappearance: z.number().int().min(0).max(120).optional(),
  heightCm: z.number().int().min(40).max(250).optional(),
  marks: text(500).optional(),
  dialect: text(50).optional(),
  homeRegion: homeRegion.optional(),
  /** The register's risk-factor codes the family reports (dementia, a mental disorder…). */
  conditions: z.array(z.enum(riskFactors)).max(riskFactors.length),
  lastSeen: z.strictObject({
    at: instant,
    place: text(200),
    lat: latLng.shape.lat.optional(),
    lng: latLng.shape.lng.optional(),
    /** The district where they were last seen, when known: its tracers see the report too. */
    district: districtCode.optional(),
  }),
  clothing: text(300).optional(),
  reporter: z.strictObject({ name: text(50), relation: text(20), phone }),
};

function checkReport(report: Partial<z.infer<z.ZodObject<typeof reportShape>>>, ctx: z.RefinementCtx) {
  if (report.birthDate && report.birthYear !== undefined && Number(report.birthDate.slice(0, 4)) !== report.birthYear) {
    ctx.addIssue({ code: 'custom', path: ['birthYear'], message: 'The birth year contradicts the birth date.' });
  }
  if (report.lastSeen && (report.lastSeen.lat === undefined) !== (report.lastSeen.lng === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['lastSeen', 'lat'], message: 'Give both lat and lng, or neither.' });
  }
  if (report.aliases && new Set(report.aliases).size !== report.aliases.length) {
    ctx.addIssue({ code: 'custom', path: ['aliases'], message: 'Aliases repeat.' });
  }
  if (report.conditions && new Set(report.conditions).size !== report.conditions.length) {
    ctx.addIssue({ code: 'custom', path: ['conditions'], message: 'Conditions repeat.' });
  }
}

/** The fields of a report that lie in the future of `now` (a phone's clock may run a few minutes ahead). */
export function reportTimeIssues(
  report: Pick<ReportInput, 'birthDate' | 'birthYear' | 'lastSeen'>,
  now: Date,
  rules: Pick<OutreachRules, 'clockSkewMinutes'>,
): { path: string[]; message: string }[] {
  const issues: { path: string[]; message: string }[] = [];
  if (report.birthDate && report.birthDate > cstDate(now)) issues.push({ path: ['birthDate'], message: 'A date that is not in the future.' });
  if (report.birthYear !== undefined && report.birthYear > cstYear(now)) issues.push({ path: ['birthYear'], message: 'A birth year cannot be in the future.' });
  if (Date.parse(report.lastSeen.at) > now.getTime() + rules.clockSkewMinutes * 60_000) {
    issues.push({ path: ['lastSeen', 'at'], message: 'A person cannot be last seen in the future.' });
  }
  return issues;
}

/** POST /v1/missing-reports. */
export const reportInput = z
  .strictObject({ ...reportShape, aliases: reportShape.aliases.default([]), conditions: reportShape.conditions.default([]), district: districtCode.optional() })
  .superRefine(checkReport);
export type ReportInput = z.infer<typeof reportInput>;

/** PATCH /v1/missing-reports/{id}: any field; `null` clears an optional one. */
export const reportPatch = z
  .strictObject(
    Object.fromEntries(
      Object.entries(reportShape).map(([key, schema]) => [key, schema.safeParse(undefined).success ? schema.nullable() : schema.optional()]),
    ) as unknown as { [K in keyof typeof reportShape]: z.ZodOptional<z.ZodNullable<(typeof reportShape)[K]>> },
  )
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), 'Send at least one field to change.');
export type ReportPatch = z.infer<typeof reportPatch>;

/** POST /v1/missing-reports/{id}/reopen: why the report was closed wrongly. */
export const reportReopenInput = z.strictObject({ reason: text(500) });

/** POST /v1/missing-reports/{id}/close. */
export const reportCloseInput = z.strictObject({ reason: z.enum(reportCloseReasons), note: text(500).optional() });

export type MissingReport = Omit<ReportInput, 'district'> & {
  id: string;
  /** The filing district (the tracers who took the report). */
  district: string;
  status: (typeof reportStatuses)[number];
  closed?: { reason: (typeof reportCloseReasons)[number]; at: string; by: string; note?: string; personId?: string };
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  version: number;
};

/** A report after a change, or the field issues of the result. */
export function applyReportPatch(
  current: MissingReport,
  patch: ReportPatch,
  now: Date,
  rules: Pick<OutreachRules, 'clockSkewMinutes'>,
): { report: MissingReport } | { issues: { path: PropertyKey[]; message: string }[] } {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = value;
  }
  const { id, district, status, closed, createdAt, createdBy, updatedAt: _u, version, ...fields } = merged as MissingReport & Record<string, unknown>;
  const checked = reportInput.safeParse(fields);
  if (!checked.success) return { issues: checked.error.issues };
  const timeIssues = reportTimeIssues(checked.data, now, rules);
  if (timeIssues.length) return { issues: timeIssues };
  const { district: _d, ...input } = checked.data;
  return { report: { ...input, id, district, status, ...(closed ? { closed } : {}), createdAt, createdBy, updatedAt: now.toISOString(), version: version + 1 } };
}

/** A report as tracers see it (the whole record: they call the family). */
export const reportView = z.object({
  id: z.string(),
  name: z.string(),
  aliases: z.array(z.string()),
  sex: z.enum(sexes),
  birthDate: z.string().optional(),
  birthYear: z.number().optional(),
  ageAtDisappearance: z.number().optional(),
  heightCm: z.number().optional(),
  marks: z.string().optional(),
  dialect: z.string().optional(),
  homeRegion: homeRegion.optional(),
  conditions: z.array(z.enum(riskFactors)),
  lastSeen: z.object({ at: z.string(), place: z.string(), lat: z.number().optional(), lng: z.number().optional(), district: z.string().optional() }),
  clothing: z.string().optional(),
  reporter: z.object({ name: z.string(), relation: z.string(), phone: z.string() }),
  district: z.string(),
  status: z.enum(reportStatuses),
  closed: z.object({ reason: z.enum(reportCloseReasons), at: z.string(), by: z.string(), note: z.string().optional(), personId: z.string().optional() }).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});

/**
 * A report as a district sees it through a match candidate only, until the filing district accepts
 * the match: the fields a reviewer compares, never the reporter's contact or the conditions.
 */
export const reportReviewView = reportView.omit({ reporter: true, conditions: true, closed: true }).extend({ review: z.literal(true) });
