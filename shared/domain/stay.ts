import { z } from 'zod';
import { calendarDate, instant, text } from './common.js';
import { personStatuses } from './person.js';
import { summaryViews } from './person-views.js';
import { routingDecisionView, routingOverrideInput, type RoutingDecision } from './routing-check.js';

/**
 * A stay (在站救助): one person's time in one facility, from admission (入站) to discharge (离站).
 * The fields, what clients send, and what the API returns. The rules a stay follows (its limit,
 * who may be released to whom, the person's status afterwards) live in `care.ts`.
 */

/** Beds are kept by sex (rule 8: women are housed apart). */
export const bedSexes = ['male', 'female'] as const;
export type BedSex = (typeof bedSexes)[number];

/** How a person came to the facility. */
export const admissionRoutes = ['escorted_by_patrol', 'self_referred', 'police', 'hospital', 'transfer'] as const;

/** Why a stay ended (rule 10: leaving without formalities is giving up assistance). */
export const dischargeReasons = [
  'returned_home',
  'collected_by_family',
  'transferred',
  'placed',
  'left_without_formalities',
  'deceased',
  'other',
] as const;
export type DischargeReason = (typeof dischargeReasons)[number];

/** The relative a person is released to; rule 9 wants their ID checked (`idVerified`). */
export const relative = z.strictObject({ name: text(50), relation: text(20), idVerified: z.boolean() });
export type Relative = z.infer<typeof relative>;

/** POST /v1/admissions. */
export const admissionInput = z.strictObject({
  personId: z.uuid({ error: 'A person id is a UUID.' }),
  facilityId: z.uuid({ error: 'A facility id is a UUID.' }),
  at: instant,
  via: z.enum(admissionRoutes),
  encounterId: z.uuid({ error: 'An encounter id is a UUID.' }).optional(),
  /** The wing for a person whose sex is not recorded; staff name it. */
  bedSex: z.enum(bedSexes).optional(),
  /** The office takes the person to a facility the routing table does not give them (rule 8), with its reason. */
  routingOverride: routingOverrideInput.optional(),
});
export type AdmissionInput = z.infer<typeof admissionInput>;

/** POST /v1/stays/{id}/discharge. */
export const dischargeInput = z
  .strictObject({
    reason: z.enum(dischargeReasons),
    at: instant,
    note: text(1000).optional(),
    relative: relative.optional(),
  })
  .superRefine((discharge, ctx) => {
    if (discharge.reason === 'other' && !discharge.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'Say what happened when the reason is other.' });
  });
export type DischargeInput = z.infer<typeof dischargeInput>;

/** POST /v1/stays/{id}/extensions: the stay may last until the end of `until` (a CST date). */
export const extensionInput = z.strictObject({ reason: text(500), until: calendarDate });
export type ExtensionInput = z.infer<typeof extensionInput>;

/** An extension of the stay limit (rule 9), as recorded. */
export type Extension = { reason: string; until: string; recordedAt: string; recordedBy: string };

/** How a stay ended, as recorded. */
export type Discharge = {
  reason: DischargeReason;
  at: string;
  note?: string;
  relative?: Relative;
  /** The status the person was given by the discharge. */
  personStatus: (typeof personStatuses)[number];
  /** Rule 10: left without formalities, recorded as having given up assistance. */
  gaveUpAssistance: boolean;
  /** A transfer or placement: the stay that continues the person's care elsewhere. */
  movedTo?: { stayId: string; facilityId: string };
  recordedAt: string;
  recordedBy: string;
};

/** A stay as stored. `district` is the facility's, which owns the stay. */
export type Stay = {
  id: string;
  personId: string;
  facilityId: string;
  district: string;
  bedSex: BedSex;
  status: 'open' | 'ended';
  admittedAt: string;
  via: (typeof admissionRoutes)[number];
  encounterId?: string;
  admittedBy: string;
  recordedAt: string;
  extensions: Extension[];
  discharge?: Discharge;
  /**
   * The CST date an open stay next falls due for review (rules 5 and 9: 10 days in; the sweep moves
   * it to the next stage), its key on the district's review list. Kept on the record so that any
   * rewrite of the stay keeps it.
   */
  reviewDueOn?: string;
  /**
   * When the person's care began, when they came by transfer or placement from another facility
   * (rules 5 and 7 count time in care, not time in this facility); absent: `admittedAt`.
   */
  careSince?: string;
  /** The stages the sweep has handled (rules 5 and 7), at most once each: with the proposal made, or none for an identified person. */
  stages?: Partial<Record<'stranded' | 'long_term', { at: string; proposalId?: string }>>;
  /** A placement requested for the person and not yet accepted or declined: it holds a bed elsewhere. */
  pendingPlacementId?: string;
  /** The routing the admission or move was decided on (rules 7 and 8), with the versions and any override. */
  routing?: RoutingDecision;
  version: number;
};

/** What a stay's list rows carry (the index projections): the stay without notes, relatives or extension reasons. */
export type StaySummary = Pick<Stay, 'id' | 'personId' | 'facilityId' | 'district' | 'bedSex' | 'status' | 'admittedAt' | 'via' | 'careSince'> & {
  /** The latest extension's date, when one was recorded. */
  extendedUntil?: string;
  discharge?: Pick<Discharge, 'reason' | 'at'>;
};

/** The summary of a stay, as list indexes carry it. */
export function summarizeStay(stay: Stay): StaySummary {
  const { id, personId, facilityId, district, bedSex, status, admittedAt, via } = stay;
  const extendedUntil = stay.extensions.at(-1)?.until;
  return {
    id, personId, facilityId, district, bedSex, status, admittedAt, via,
    ...(stay.careSince ? { careSince: stay.careSince } : {}),
    ...(extendedUntil ? { extendedUntil } : {}),
    ...(stay.discharge ? { discharge: { reason: stay.discharge.reason, at: stay.discharge.at } } : {}),
  };
}

/** Flags on a stay for the staff's work list. */
export const stayFlags = [
  /** Rule 9: past the stay limit (with any extension). */
  'overstay',
  /** Rule 9: an extension of the limit is recorded. */
  'extended',
  /** Rule 9: may be under 16 or in special difficulty: released to family only to a verified relative. */
  'release_to_verified_relative_only',
] as const;
export type StayFlag = (typeof stayFlags)[number];

/** Why the stay limit does or does not apply (rule 9). */
export const limitBases = ['adult', 'may_be_under_age', 'mental_or_intellectual_disability'] as const;

const limitView = z.object({
  applies: z.boolean(),
  basis: z.enum(limitBases),
  days: z.number().int(),
  /** When the stay should end, with any extension; absent when the limit does not apply. */
  endsAt: z.string().optional(),
});

const extensionView = z.object({ reason: z.string(), until: z.string(), recordedAt: z.string(), recordedBy: z.string() });
const dischargeView = z.object({
  reason: z.enum(dischargeReasons),
  at: z.string(),
  note: z.string().optional(),
  relative: z.object({ name: z.string(), relation: z.string(), idVerified: z.boolean() }).optional(),
  personStatus: z.enum(personStatuses),
  gaveUpAssistance: z.boolean(),
  movedTo: z.object({ stayId: z.string(), facilityId: z.string() }).optional(),
  recordedAt: z.string(),
  recordedBy: z.string(),
});

/** A stay as staff see it: the record, the person's summary, days in care, the limit and the flags. */
export const stayView = z.object({
  id: z.string(),
  personId: z.string(),
  facilityId: z.string(),
  district: z.string(),
  bedSex: z.enum(bedSexes),
  status: z.enum(['open', 'ended']),
  admittedAt: z.string(),
  via: z.enum(admissionRoutes),
  encounterId: z.string().optional(),
  admittedBy: z.string(),
  recordedAt: z.string(),
  daysInCare: z.number().int(),
  limit: limitView,
  flags: z.array(z.enum(stayFlags)),
  extensions: z.array(extensionView),
  discharge: dischargeView.optional(),
  /** When care began (the first admission of a chain of transfers and placements): rule 9's limit and the stages count from it. */
  careSince: z.string().optional(),
  routing: routingDecisionView.optional(),
  person: summaryViews.full.optional(),
  version: z.number().int(),
});
export type StayView = z.infer<typeof stayView>;

/** A row of a stay list or of the residents of a facility. */
export const stayRowView = z.object({
  id: z.string(),
  personId: z.string(),
  facilityId: z.string(),
  bedSex: z.enum(bedSexes),
  status: z.enum(['open', 'ended']),
  admittedAt: z.string(),
  via: z.enum(admissionRoutes),
  daysInCare: z.number().int(),
  limit: limitView,
  flags: z.array(z.enum(stayFlags)),
  extendedUntil: z.string().optional(),
  discharge: z.object({ reason: z.enum(dischargeReasons), at: z.string() }).optional(),
  person: summaryViews.full.optional(),
});
export type StayRowView = z.infer<typeof stayRowView>;

/** Beds of one sex at a facility: `held` are reserved for arrivals (placements, waitlist offers). */
export const bedCountView = z.object({
  capacity: z.number().int(),
  taken: z.number().int(),
  held: z.number().int(),
  free: z.number().int(),
});
export type BedCount = z.infer<typeof bedCountView>;
