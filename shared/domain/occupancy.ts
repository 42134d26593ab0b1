import { z } from 'zod';
import { placementView, waitlistEntryView } from './placement.js';
import { bedCountView, stayRowView } from './stay.js';

/** A facility's occupancy as shelter staff see it: beds, residents, arrivals pending acceptance, the waitlist. */
/** GET /v1/facilities/{id}/occupancy. */
export const occupancyView = z.object({
  facilityId: z.string(),
  district: z.string(),
  asOf: z.string(),
  beds: z.object({ male: bedCountView, female: bedCountView }),
  residents: z.array(stayRowView),
  /** Placements to this facility waiting for its staff to accept or decline (each holds a bed). */
  arrivals: z.array(placementView),
  /** The waitlist by sex: offers (a bed held until `offer.expiresAt`) and those waiting, first come first served. */
  waitlist: z.object({
    male: z.object({ offered: z.array(waitlistEntryView), waiting: z.array(waitlistEntryView) }),
    female: z.object({ offered: z.array(waitlistEntryView), waiting: z.array(waitlistEntryView) }),
  }),
});
