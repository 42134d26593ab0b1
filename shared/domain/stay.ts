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

/**
 * Why a stay ended. `escorted_home`: staff took the person home (rule 9's other way out for a
 * protected person). `left_without_formalities`: giving up assistance for a capable adult (rule
 * 10), a missing person for a protected one. `transferred` and `placed` are recorded only by the
 * transfer and placement routes, which open the next stay.
 */
export const dischargeReasons = [
  'returned_home',
  'collected_by_family',
  'escorted_home',
  'transferred',
  'placed',
  'left_without_formalities',
  'deceased',
  'other',
] as const;
export type DischargeReason = (typeof dischargeReasons)[number];

/** The reasons a client may send to POST /v1/stays/{id}/discharge: a move elsewhere goes through its own route. */
export const clientDischargeReasons = ['returned_home', 'collected_by_family', 'escorted_home', 'left_without_formalities', 'deceased', 'other'] as const satisfies readonly DischargeReason[];

/** Identity documents a relative's identity is checked against (rule 9). */
export const identityDocuments = ['resident_id_card', 'household_register', 'passport', 'travel_permit', 'other_official_id'] as const;

/** What staff checked of a relative's identity: the document's kind and its last 4 characters, and when. */
export const verificationInput = z.strictObject({
  document: z.enum(identityDocuments),
  last4: z.string().regex(/^[0-9A-Za-z]{4}$/, 'The last 4 characters of the document number.').transform((value) => value.toUpperCase()),
  checkedAt: instant,
});

/** The relative a person is released to; rule 9 wants their identity checked (`verification`). */
export const relative = z.strictObject({ name: text(50), relation: text(20), verification: verificationInput.optional() });
export type RelativeInput = z.infer<typeof relative>;
/** A relative as recorded: the check carries who made it (the staff member recording the release). */
export type Relative = Omit<RelativeInput, 'verification'> & { verification?: z.infer<typeof verificationInput> & { checkedBy: string } };

/** Staff who escort a person home (rule 9): who went, and to which address. */
export const escortInput = z.strictObject({ staff: text(50), address: text(200) });
export type Escort = z.infer<typeof escortInput>;

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
    reason: z.enum(clientDischargeReasons, {
      error: 'One of returned_home, collected_by_family, escorted_home, left_without_formalities, deceased, other; a transfer or a placement goes through its own route.',
    }),
    at: instant,
    note: text(1000).optional(),
    relative: relative.optional(),
    escort: escortInput.optional(),
  })
  .superRefine((discharge, ctx) => {
    if (discharge.reason === 'other' && !discharge.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'Say what happened when the reason is other.' });
    if (discharge.reason === 'escorted_home' && !discharge.escort) ctx.addIssue({ code: 'custom', path: ['escort'], message: 'Name the staff member and the address they took the person to.' });
    if (discharge.reason !== 'escorted_home' && discharge.escort) ctx.addIssue({ code: 'custom', path: ['escort'], message: 'An escort goes with the reason escorted_home only.' });
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
  /** Escorted home by staff: who, and where to. */
  escort?: Escort;
  /** The protected person left without formalities: a missing person, reported to the police (rule 2). */
  missing?: boolean;
  /** The rules version the discharge was decided on. */
  rulesVersion?: string;
  /** The status the person was given by the discharge. */
  personStatus: (typeof personStatuses)[number];
  /** Rule 10: a capable adult who left without formalities, recorded as having given up assistance. */
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
  /** Rule 5: the care mode chosen once 滞留 began; absent, care in the station (the default). */
  careMode?: CareModeChoice;
  version: number;
};

/**
 * Rule 5's care modes for a person at the 滞留 stage: care in the station (the default), or outside
 * care, in a foster family (家庭寄养) or a contracted institution (委托机构), with a recorded reason.
 */
export const careModes = ['in_station', 'foster_family', 'contracted_institution'] as const;
export type CareMode = (typeof careModes)[number];

/** A care mode as chosen: by whom and when, with the reason and the carer for outside care. */
export type CareModeChoice = { mode: CareMode; reason?: string; carer?: string; chosenAt: string; chosenBy: string };

/** POST /v1/stays/{id}/care-mode: outside care names the carer and why. */
export const careModeInput = z
  .strictObject({
    mode: z.enum(careModes),
    /** Why this mode (required for outside care): the person's needs, the carer's suitability. */
    reason: text(500).optional(),
    /** The foster family or the institution (its name and address), for outside care. */
    carer: text(200).optional(),
  })
  .superRefine((input, ctx) => {
    if (input.mode === 'in_station') return;
    if (!input.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Outside care needs a recorded reason (rule 5).' });
    if (!input.carer) ctx.addIssue({ code: 'custom', path: ['carer'], message: 'Outside care names the foster family or institution (rule 5).' });
  });
export type CareModeInput = z.infer<typeof careModeInput>;

/** The care mode as the stay and the case show it: `chosen` false for the default, never chosen. */
export const careModeView = z.object({
  mode: z.enum(careModes),
  chosen: z.boolean(),
  reason: z.string().optional(),
  carer: z.string().optional(),
  chosenAt: z.string().optional(),
  chosenBy: z.string().optional(),
});
export type CareModeView = z.infer<typeof careModeView>;

/** The view of a stay's care mode (in the station until one is chosen). */
export const careModeOf = (choice: CareModeChoice | undefined): CareModeView => (choice ? { ...choice, chosen: true } : { mode: 'in_station', chosen: false });

/** What a stay's list rows carry (the index projections): the stay without notes, relatives or extension reasons. */
export type StaySummary = Pick<Stay, 'id' | 'personId' | 'facilityId' | 'district' | 'bedSex' | 'status' | 'admittedAt' | 'via' | 'careSince'> & {
  /** The latest extension's date, when one was recorded. */
  extendedUntil?: string;
  discharge?: Pick<Discharge, 'reason' | 'at'>;
  /** Rule 5's care mode, when one other than the default was chosen (the mode only: the carer and reason stay on the stay). */
  careMode?: CareMode;
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
    ...(stay.careMode ? { careMode: stay.careMode.mode } : {}),
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

/** Which reading of the age rules 8 and 9 applied (`ageReadingOf`): the app shows "可能未满16周岁" for `under16: possibly`. */
const ageReadingView = z.object({
  evidence: z.enum(['birth_date', 'birth_year', 'estimate', 'none']),
  min: z.number().int().optional(),
  max: z.number().int().optional(),
  minor: z.enum(['yes', 'possibly', 'no']),
  under16: z.enum(['yes', 'possibly', 'no']),
});

const extensionView = z.object({ reason: z.string(), until: z.string(), recordedAt: z.string(), recordedBy: z.string() });
const dischargeView = z.object({
  reason: z.enum(dischargeReasons),
  at: z.string(),
  note: z.string().optional(),
  relative: z
    .object({
      name: z.string(),
      relation: z.string(),
      verification: z.object({ document: z.enum(identityDocuments), last4: z.string(), checkedAt: z.string(), checkedBy: z.string() }).optional(),
    })
    .optional(),
  escort: z.object({ staff: z.string(), address: z.string() }).optional(),
  missing: z.boolean().optional(),
  rulesVersion: z.string().optional(),
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
  ageReading: ageReadingView,
  extensions: z.array(extensionView),
  discharge: dischargeView.optional(),
  /** When care began (the first admission of a chain of transfers and placements): rule 9's limit and the stages count from it. */
  careSince: z.string().optional(),
  routing: routingDecisionView.optional(),
  /** Rule 5: where the person is cared for once 滞留 began. */
  careMode: careModeView,
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
  ageReading: ageReadingView,
  extendedUntil: z.string().optional(),
  discharge: z.object({ reason: z.enum(dischargeReasons), at: z.string() }).optional(),
  /** Rule 5: where the person is cared for (in the station until another mode is chosen). */
  careMode: z.enum(careModes),
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
