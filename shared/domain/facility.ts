import { z } from 'zod';
import { districtCode, latLng, text } from './common.js';
import { phone } from './person.js';

/** Kinds of facility (救助管理站 and the 公办福利机构 of rule 8). */
export const facilityTypes = ['aid_station', 'child_protection', 'welfare_home', 'psychiatric_welfare'] as const;
export type FacilityType = (typeof facilityTypes)[number];

const capacity = z.object({
  male: z.number().int().min(0).max(10_000),
  female: z.number().int().min(0).max(10_000),
});

/** What an admin sends to register a facility. */
export const facilityInput = z.strictObject({
  name: text(100),
  type: z.enum(facilityTypes),
  district: districtCode,
  address: text(200),
  location: latLng,
  capacity,
  /** The duty telephone a tracing notice gives families. */
  phone: phone.optional(),
});
export type FacilityInput = z.infer<typeof facilityInput>;

/** What an admin may change; a change of district or type moves the facility between lists. */
export const facilityPatch = facilityInput.partial().refine((patch) => Object.keys(patch).length > 0, {
  message: 'Send at least one field to change.',
});
export type FacilityPatch = z.infer<typeof facilityPatch>;

/** A facility as the API returns it. */
export const facility = facilityInput.extend({
  id: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type Facility = z.infer<typeof facility>;
