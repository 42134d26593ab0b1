import { z } from '@hono/zod-openapi';
import { occupancyView } from '../domain/occupancy.js';
import { bedSexes, stayRowView, stayView } from '../domain/stay.js';
import { problemSchema, documented } from './schemas.js';

/** The named OpenAPI schemas of care (stays, occupancy), shared by the admissions, stays and facilities routes. */
export const stayViewSchema = documented(stayView, 'Stay', {
  description: 'A stay with the person’s summary, days in care, the rule-9 limit (`limit.endsAt` when it applies) and flags.',
});
export const stayRowSchema = documented(stayRowView, 'StayRow');
export const occupancySchema = documented(occupancyView, 'Occupancy', {
  description: 'Beds by sex as counted (`held`: reserved for arrivals) and the current residents.',
});

/** 409 of an admission: for a full wing, the free beds by sex and where to join the waitlist. */
export const admissionConflictSchema = problemSchema
  .extend({
    facilityId: z.string().optional(),
    bedSex: z.enum(bedSexes).optional(),
    freeBeds: z.object({ male: z.number().int(), female: z.number().int() }).optional(),
    waitlist: z.string().optional().openapi({ description: 'Where to join the facility’s waitlist.' }),
  })
  .openapi('AdmissionConflict');
