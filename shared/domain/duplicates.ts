import { ageRange } from './age.js';
import { nameSimilarity } from './names.js';
import type { PersonSummary } from './person-views.js';

/** How far apart two ages may be and still suggest the same person. */
const DUPLICATE_AGE_TOLERANCE = 5;

/**
 * Whether an existing record may be the same person as a new one (the duplicate guard): similar
 * name, compatible sex, close age, same district or home county. Pure; the store finds candidates.
 */
export function mayBeSamePerson(candidate: PersonSummary, incoming: PersonSummary, now: Date): boolean {
  if (!candidate.name || !incoming.name || candidate.id === incoming.id) return false;
  if (nameSimilarity(candidate.name, incoming.name) < 0.99) return false;
  if (candidate.sex !== 'unknown' && incoming.sex !== 'unknown' && candidate.sex !== incoming.sex) return false;
  const [a, b] = [ageRange(candidate, now), ageRange(incoming, now)];
  // Ranges that come within the tolerance of each other may be the same person.
  if (a && b && (a.min - b.max > DUPLICATE_AGE_TOLERANCE || b.min - a.max > DUPLICATE_AGE_TOLERANCE)) return false;
  const sameCounty = candidate.homeRegion?.county && candidate.homeRegion.county === incoming.homeRegion?.county;
  return candidate.district === incoming.district || Boolean(sameCounty);
}
