/**
 * A person's information from first encounter to deletion (个人信息保护法 arts. 44-49): who may ask
 * for a copy, a correction or an erasure, on which basis, and when the retention rules (rules.ts
 * `retention`) say a record has served its purpose. Pure: the store and the sweep act on it.
 */
import { z } from 'zod';
import { text } from './common.js';
import type { Person } from './person.js';
import type { OutreachRules } from './rules.js';

/**
 * Who asked, in law: the person (arts. 44-47), their guardian (art. 31 for a minor; a guardian of
 * an adult without capacity), a close relative of a deceased person (art. 49), an authority with a
 * power to ask (police, court, procuratorate), or the office itself (art. 47(1): the purpose achieved).
 */
export const requestBases = ['data_subject', 'guardian', 'close_relative_deceased', 'authority', 'office'] as const;
export type RequestBasis = (typeof requestBases)[number];

/** Why a record is erased: a request under art. 47, the purpose achieved, or the retention period over. */
export const erasureBases = ['subject_request', 'guardian_request', 'close_relative_request', 'purpose_achieved', 'retention_period'] as const;
export type ErasureBasis = (typeof erasureBases)[number];

/** GET /v1/persons/{id}/export: who asked and on which basis (both are audited), and the form. */
export const exportQuery = z.object({
  basis: z.enum(requestBases),
  requester: text(200),
  format: z.enum(['json', 'html']).default('json'),
});
export type ExportQuery = z.infer<typeof exportQuery>;

/** POST /v1/persons/{id}/erasure. */
export const erasureInput = z.strictObject({
  basis: z.enum(erasureBases),
  /**
   * Who asked (the person, a guardian or relative by relation, the office) and how they were verified:
   * kept with the erasure as proof of the request, so it must not repeat the person's own values.
   */
  requester: text(200),
  reason: text(500),
});
export type ErasureInput = z.infer<typeof erasureInput>;

/** The fields a correction may ask about: a person's own record (encounters and stays are the staff's accounts). */
export const correctableFields = [
  'name', 'aliases', 'sex', 'birthDate', 'birthYear', 'idNumber', 'heightCm', 'marks', 'clothing', 'dialect', 'homeRegion', 'address',
  'guardians', 'healthNotes', 'riskFactors', 'status', 'identityStatus', 'other',
] as const;

/** POST /v1/persons/{id}/corrections: what the person (or whoever asks for them) says is wrong. */
export const correctionInput = z.strictObject({
  basis: z.enum(requestBases),
  requester: text(200),
  fields: z.array(z.enum(correctableFields)).min(1).max(correctableFields.length),
  /** What they ask for, in their words. */
  asked: text(1000),
});
export type CorrectionInput = z.infer<typeof correctionInput>;

/**
 * POST /v1/persons/{id}/corrections/{correctionId}/decision: what was done. An accepted correction
 * names the version of the record that carries it (the change itself is a PATCH, under its rules);
 * a refusal says why (PIPL art. 50: the person is told the reason).
 */
export const correctionDecisionInput = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('accepted'), personVersion: z.number().int().min(1), note: text(500).optional() }),
  z.strictObject({ outcome: z.literal('refused'), reason: text(500) }),
]);
export type CorrectionDecisionInput = z.infer<typeof correctionDecisionInput>;

export type Correction = CorrectionInput & {
  id: string;
  personId: string;
  receivedAt: string;
  receivedBy: string;
  status: 'open' | 'accepted' | 'refused';
  decision?: { at: string; by: string; outcome: 'accepted' | 'refused'; personVersion?: number; note?: string; reason?: string };
};

export const correctionView = z.object({
  id: z.string(),
  personId: z.string(),
  basis: z.enum(requestBases),
  requester: z.string(),
  fields: z.array(z.enum(correctableFields)),
  asked: z.string(),
  receivedAt: z.string(),
  receivedBy: z.string(),
  status: z.enum(['open', 'accepted', 'refused']),
  decision: z
    .object({
      at: z.string(), by: z.string(), outcome: z.enum(['accepted', 'refused']), personVersion: z.number().optional(), note: z.string().optional(), reason: z.string().optional(),
    })
    .optional(),
});

/** What an erasure did, kept in place of the record (no field of the person in it). */
export type Erasure = {
  personId: string;
  at: string;
  by: string;
  basis: ErasureBasis;
  requester: string;
  reason: string;
  /** Items removed by kind, and audit entries kept without their free text. */
  removed: Record<string, number>;
  auditScrubbed: number;
  photosRemoved: number;
  /** The rules the retention job decided on, when it was the job. */
  rulesVersion?: string;
};

export const erasureView = z.object({
  personId: z.string(),
  at: z.string(),
  by: z.string(),
  basis: z.enum(erasureBases),
  requester: z.string(),
  reason: z.string(),
  removed: z.record(z.string(), z.number()),
  auditScrubbed: z.number(),
  photosRemoved: z.number(),
  rulesVersion: z.string().optional(),
});

/** Why a person is kept however old the record: a duty that lasts. */
export type DutyLasts = 'in_care' | 'tracing_open' | 'follow_up_owed' | 'on_register' | 'whereabouts_unknown' | 'flagged' | 'unidentified';

/** What the retention job may do with a person now. */
export type RetentionVerdict =
  | { keep: DutyLasts }
  | { keep: 'not_due'; dueAt: string }
  | { erase: 'personAfterDutyDays' | 'unregisteredPersonDays'; dueAt: string };

const DAY = 86_400_000;

/** The last time anything happened to a person: a change of the record or a sighting. */
export const lastActivityOf = (person: Pick<Person, 'updatedAt' | 'lastSeen'>): string =>
  person.lastSeen && person.lastSeen.at > person.updatedAt ? person.lastSeen.at : person.updatedAt;

/**
 * Whether a person's record has served its purpose (PIPL art. 47(1)-(2)). Kept while a duty lasts,
 * the protective reading first: in care, with an open tracing case, owing a follow-up (a refusal to
 * follow up, a re-survey), flagged to the police, on the at-risk register (any risk factor), or
 * whereabouts unknown. Otherwise a person whose duty ended (reunited, deceased) is erased
 * `personAfterDutyDays` after the last activity, and one met on the street and never on the
 * register (identified, on the street, no risk factor) `unregisteredPersonDays` after it.
 * An unidentified person is never swept by age: a family may be looking for them.
 */
export function retentionVerdict(
  person: Pick<Person, 'status' | 'identityStatus' | 'riskFactors' | 'updatedAt' | 'lastSeen' | 'nextFollowUp' | 'concernFlag'>,
  facts: { openStay: boolean; tracingOpen: boolean },
  rules: Pick<OutreachRules['retention'], 'personAfterDutyDays' | 'unregisteredPersonDays'>,
  now: Date,
): RetentionVerdict {
  if (facts.openStay || person.status === 'in_care' || person.status === 'placed') return { keep: 'in_care' };
  if (facts.tracingOpen) return { keep: 'tracing_open' };
  if (person.concernFlag) return { keep: 'flagged' };
  if (person.nextFollowUp) return { keep: 'follow_up_owed' };
  if (person.status === 'unknown') return { keep: 'whereabouts_unknown' };
  const ended = person.status === 'reunited' || person.status === 'deceased';
  if (!ended && person.riskFactors.length > 0) return { keep: 'on_register' };
  if (!ended && person.identityStatus !== 'identified') return { keep: 'unidentified' };
  const period = ended ? 'personAfterDutyDays' : 'unregisteredPersonDays';
  const dueAt = new Date(Date.parse(lastActivityOf(person)) + rules[period] * DAY).toISOString();
  return dueAt <= now.toISOString() ? { erase: period, dueAt } : { keep: 'not_due', dueAt };
}

/** The instant before which something closed has served its purpose for `days`. */
export const retentionCutoff = (now: Date, days: number) => new Date(now.getTime() - days * DAY).toISOString();
