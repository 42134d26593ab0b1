import type { CampaignRules } from '../domain/rules.js';
import { auditViewsFromStream } from '../store/audit.js';
import type { Db } from '../store/client.js';
import { spotCellsFromStream } from '../store/positions.js';
import type { StreamDerivation } from './events.js';

/**
 * Everything the stream consumer keeps besides publishing events, in one derivation: new encounters
 * counted into their sleeping-spot cells, and a request's audit view fanned out to each subject's
 * trail. Each part looks at its own item type and is idempotent, so a record that comes twice is harmless.
 */
export function streamDerivations(db: Db, rules: Pick<CampaignRules, 'sleepingSpots'>): StreamDerivation {
  const parts = [spotCellsFromStream(db, rules), auditViewsFromStream(db)];
  return async (item) => {
    for (const part of parts) await part(item);
  };
}
