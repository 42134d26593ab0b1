/**
 * Which areas a warning's block reaches, and how (pure). A block names its areas three ways, and
 * any one of them is enough: an administrative division code in a <geocode> (GB/T 2260 county
 * codes and GB/T 10114 township codes: a province, city or county code covers every 街道 in it),
 * a <polygon> or <circle> that shares ground with the area's boundary, or an area description
 * that contains the area's name (合川区草街街道 names 草街街道). Each match says which ways held.
 */
import { intersectsRing, meetsCircle, type Area } from './area.js';
import type { WarningInfo } from './cap.js';

export const matchWays = ['geocode', 'polygon', 'circle', 'name'] as const;
export type MatchWay = (typeof matchWays)[number];
export type AreaMatch = { area: Area; by: MatchWay[] };

/** Province codes (GB/T 2260): a code outside them is some other scheme's (US SAME, Canada CLC, EMMA_ID). */
const provinces = new Set(['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82']);

/**
 * The prefix an administrative division code covers: 500000 → 50 (a province), 500100 → 5001 (a
 * city), 500117 → 500117 (a county), 500117001 and 500117001000 → 500117001 (a 街道). Not a
 * Chinese division code: null.
 */
export function divisionPrefix(code: string): string | null {
  let value = code.trim();
  if (!/^\d{6}(\d{3}(\d{3})?)?$/.test(value) || !provinces.has(value.slice(0, 2))) return null;
  if (value.length === 12 && value.endsWith('000')) value = value.slice(0, 9);
  if (value.length === 9 && value.endsWith('000')) value = value.slice(0, 6);
  if (value.length === 6) value = value.endsWith('0000') ? value.slice(0, 2) : value.endsWith('00') ? value.slice(0, 4) : value;
  return value;
}

/**
 * Whether a division code reaches an area: a code at county level or wider covers the areas of
 * the districts in it; a finer one reaches the area whose own 街道 code it lies in (an area
 * without a 街道 code is then reached by name or shape only, not by every 街道 of its county).
 */
function codeReaches(prefix: string, area: Pick<Area, 'district' | 'divisionCode'>): boolean {
  const own = area.divisionCode ?? area.district;
  return own.startsWith(prefix) || Boolean(area.divisionCode && prefix.startsWith(area.divisionCode));
}

/** The areas (of those given) a block reaches, each with the ways it does; those below its altitude limit only. */
export function areasReached(info: Pick<WarningInfo, 'areas' | 'geocodes' | 'polygons' | 'circles' | 'maxAltitudeM'>, areas: readonly Area[]): AreaMatch[] {
  const prefixes = info.geocodes.map((code) => divisionPrefix(code.value)).filter((prefix): prefix is string => Boolean(prefix));
  const rings = info.polygons.map((polygon) => polygon.map(([lat, lng]) => ({ lat, lng })));
  const matches: AreaMatch[] = [];
  for (const area of areas) {
    if (info.maxAltitudeM !== undefined && area.altitudeM !== undefined && area.altitudeM > info.maxAltitudeM) continue;
    const by: MatchWay[] = [];
    if (prefixes.some((prefix) => codeReaches(prefix, area))) by.push('geocode');
    if (rings.some((ring) => intersectsRing(area, ring))) by.push('polygon');
    if (info.circles.some((circle) => meetsCircle(area, circle, circle.radiusKm))) by.push('circle');
    if (info.areas.some((name) => name.includes(area.name))) by.push('name');
    if (by.length) matches.push({ area, by });
  }
  return matches;
}

/** The names a block gives that contain no known area's name (shown so the office can add or rename an area). */
export function namesUnmatched(info: Pick<WarningInfo, 'areas'>, areas: readonly Pick<Area, 'name'>[]): string[] {
  return info.areas.filter((name) => !areas.some((area) => name.includes(area.name)));
}
