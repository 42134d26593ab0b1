import { z } from 'zod';
import { text } from './common.js';
import { facilityTypes } from './facility.js';
import { routingDecisionView, routingOverrideInput } from './routing-check.js';
import { bedSexes, type BedSex } from './stay.js';

/**
 * Placement (安置) between facilities: proposals (rule 8's ranked facilities), placements that hold
 * a bed at the receiving facility until its staff accept or decline, transfers, and the waitlist of
 * a facility. The fields, what clients send and what the API returns; routing lives in `routing.ts`.
 */

export const placementKinds = ['short_stay', 'long_term'] as const;
export type PlacementKind = (typeof placementKinds)[number];
export const placementStatuses = ['pending', 'accepted', 'declined', 'withdrawn', 'expired'] as const;
export type PlacementStatus = (typeof placementStatuses)[number];

/** Why a proposal was made: on request, or by the sweep at a stage of an unidentified person's stay (rules 5 and 7). */
export const proposalStages = ['requested', 'stranded', 'long_term'] as const;
export type ProposalStage = (typeof proposalStages)[number];

/** POST /v1/placements/proposals. */
export const proposalInput = z.strictObject({ personId: z.uuid({ error: 'A person id is a UUID.' }) });

/** POST /v1/placements. */
export const placementInput = z.strictObject({
  personId: z.uuid({ error: 'A person id is a UUID.' }),
  facilityId: z.uuid({ error: 'A facility id is a UUID.' }),
  kind: z.enum(placementKinds),
  proposalId: z.uuid({ error: 'A proposal id is a UUID.' }).optional(),
  /** The office places the person where the routing table does not send them (rules 7 and 8), with its reason. */
  routingOverride: routingOverrideInput.optional(),
});
export type PlacementInput = z.infer<typeof placementInput>;

/** POST /v1/placements/{id}/decline. */
export const declineInput = z.strictObject({ reason: text(500) });

/** POST /v1/stays/{id}/transfer. */
export const transferInput = z.strictObject({
  toFacilityId: z.uuid({ error: 'A facility id is a UUID.' }),
  note: text(500).optional(),
  /** The office moves the person where the routing table does not send them (rules 7 and 8), with its reason. */
  routingOverride: routingOverrideInput.optional(),
});
export type TransferInput = z.infer<typeof transferInput>;

/**
 * POST /v1/facilities/{id}/waitlist: a person waits for a bed of their sex (staff name the wing for an unknown sex),
 * with the reason they need one.
 */
export const waitlistInput = z.strictObject({
  personId: z.uuid({ error: 'A person id is a UUID.' }),
  bedSex: z.enum(bedSexes).optional(),
  reason: text(500),
});

const candidateView = z.object({
  facilityId: z.string(),
  name: z.string(),
  type: z.enum(facilityTypes),
  district: z.string(),
  rank: z.number().int(),
  reasons: z.object({
    category: z.enum(facilityTypes),
    typeFit: z.enum(['preferred', 'fallback']),
    preference: z.number().int(),
    bedFree: z.boolean(),
    freeBeds: z.number().int(),
    sameDistrict: z.boolean(),
    distanceMeters: z.number().int().optional(),
  }),
});
export type CandidateView = z.infer<typeof candidateView>;

/** A proposal as stored and returned. */
export const proposalView = z.object({
  id: z.string(),
  personId: z.string(),
  stayId: z.string().optional(),
  /** The district that owns the proposal: the stay's facility's, else the person's. */
  district: z.string(),
  fromFacilityId: z.string().optional(),
  stage: z.enum(proposalStages),
  kind: z.enum(placementKinds),
  bedSex: z.enum(bedSexes).optional(),
  routing: z.object({
    category: z.enum(facilityTypes),
    condition: z.string(),
    reason: z.string(),
    tableVersion: z.string(),
  }),
  candidates: z.array(candidateView),
  /** Whether some candidate has a bed free now; when none has, `waitlist` names the best fit's. */
  fits: z.boolean(),
  waitlist: z.object({ facilityId: z.string(), href: z.string() }).optional(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type Proposal = z.infer<typeof proposalView>;

/** A placement as stored and returned. */
export const placementView = z.object({
  id: z.string(),
  personId: z.string(),
  stayId: z.string(),
  fromFacilityId: z.string(),
  fromDistrict: z.string(),
  toFacilityId: z.string(),
  toDistrict: z.string(),
  kind: z.enum(placementKinds),
  bedSex: z.enum(bedSexes),
  status: z.enum(placementStatuses),
  proposalId: z.string().optional(),
  requestedAt: z.string(),
  requestedBy: z.string(),
  /** While pending: when the held bed is released if nobody answered (rule value `placementHold.hours`). */
  expiresAt: z.string().optional(),
  /** When the receiving staff were reminded that the hold runs out. */
  remindedAt: z.string().optional(),
  decision: z.object({ at: z.string(), by: z.string(), reason: z.string().optional(), stayId: z.string().optional() }).optional(),
  /** After a decline: the next facility of the proposal, when there is one. */
  nextCandidate: candidateView.optional(),
  /** The routing the request was decided on (rules 7 and 8), with the versions and any override; checked again on acceptance. */
  routing: routingDecisionView.optional(),
  version: z.number().int(),
});
export type Placement = z.infer<typeof placementView>;

export const waitlistStatuses = ['waiting', 'offered'] as const;

/** A waitlist entry as stored and returned. */
export const waitlistEntryView = z.object({
  id: z.string(),
  facilityId: z.string(),
  district: z.string(),
  bedSex: z.enum(bedSexes),
  personId: z.string(),
  joinedAt: z.string(),
  joinedBy: z.string(),
  /** Why the person needs a bed here (entries made before reasons were required have none). */
  reason: z.string().optional(),
  status: z.enum(waitlistStatuses),
  /** A bed offered and held for this person until `expiresAt`. */
  offer: z.object({ at: z.string(), expiresAt: z.string() }).optional(),
});
export type WaitlistEntry = z.infer<typeof waitlistEntryView> & { bedSex: BedSex };

/** When a bed offered now stops being held (rule value `waitlistOfferHours`). */
export const offerExpiresAt = (now: Date, hours: number) => new Date(now.getTime() + hours * 3600_000).toISOString();
