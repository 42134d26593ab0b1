/**
 * Patrol areas (街道): a name, a district and a GeoJSON Polygon boundary in WGS-84 (RFC 7946:
 * positions are [longitude, latitude], rings closed, the first ring the outline, the others holes).
 * Point-in-polygon is the even-odd ray cast, a few lines, over planar degrees: an area spans a few
 * kilometres, where the curvature error is far below a phone's accuracy.
 */
import { z } from 'zod';
import { districtCode, storableNumber, text } from './common.js';
import type { LatLng } from './geo.js';

/** A township-level (乡级) administrative division code: the county's 6 digits and 3 more (GB/T 10114). */
const townshipCode = z.string().regex(/^[1-8]\d{8}$/, 'A 街道 code is 9 digits: the district code and 3 more.');

/** Bounds on a boundary: enough for a 街道 traced on a map, small enough for one item and a fast test. */
export const AREA_LIMITS = { rings: 10, positionsPerRing: 2000, positions: 5000 } as const;

const position = z.tuple([storableNumber().min(-180).max(180), storableNumber().min(-90).max(90)], {
  error: 'A position is [longitude, latitude] in WGS-84 degrees.',
});
const ring = z
  .array(position)
  .min(4, 'A ring has at least 4 positions (a triangle and its closing position).')
  .max(AREA_LIMITS.positionsPerRing, `A ring has at most ${AREA_LIMITS.positionsPerRing} positions.`)
  .superRefine((positions, ctx) => {
    const [first, last] = [positions[0], positions[positions.length - 1]];
    if (first && last && (first[0] !== last[0] || first[1] !== last[1])) {
      ctx.addIssue({ code: 'custom', message: 'A ring is closed: its last position repeats the first.' });
    }
    if (Math.abs(ringArea(positions)) < 1e-12) ctx.addIssue({ code: 'custom', message: 'A ring encloses no area.' });
    else if (crossesItself(positions)) ctx.addIssue({ code: 'custom', message: 'A ring must not cross or touch itself (RFC 7946: a linear ring is simple).' });
  });

/** A GeoJSON Polygon, bounded in size. */
export const polygon = z.strictObject({
  type: z.literal('Polygon', { error: 'The boundary is a GeoJSON Polygon.' }),
  coordinates: z
    .array(ring)
    .min(1, 'A polygon has an outline ring.')
    .max(AREA_LIMITS.rings, `A polygon has at most ${AREA_LIMITS.rings} rings.`)
    .refine((rings) => rings.reduce((sum, r) => sum + r.length, 0) <= AREA_LIMITS.positions, `A polygon has at most ${AREA_LIMITS.positions} positions.`),
});
export type Polygon = z.infer<typeof polygon>;

export const areaInput = z.strictObject({
  /** The Chinese name the weather service uses, e.g. 草街街道: warnings name areas by it. */
  name: text(50),
  district: districtCode,
  boundary: polygon,
  /** Altitude of the area (m): Chongqing limits heat signals to areas below a height (海拔400米以下). */
  altitudeM: z.number().int().min(-500).max(9000).optional(),
  /** The 街道's own administrative division code (乡级, 9 digits, within the district): warnings name areas by it. */
  divisionCode: townshipCode.optional(),
}).refine((area) => !area.divisionCode || area.divisionCode.startsWith(area.district), { path: ['divisionCode'], message: 'A 街道 code begins with its district code.' });
export type AreaInput = z.infer<typeof areaInput>;

export const areaPatch = z
  .strictObject({ name: text(50).optional(), boundary: polygon.optional(), altitudeM: z.number().int().min(-500).max(9000).nullable().optional(), divisionCode: townshipCode.nullable().optional() })
  .refine((patch) => Object.keys(patch).length > 0, 'Change at least one field.');
export type AreaPatch = z.infer<typeof areaPatch>;

export type Area = Omit<AreaInput, 'altitudeM' | 'divisionCode'> & {
  id: string;
  altitudeM?: number;
  divisionCode?: string;
  /** The boundary's centroid (forecasts are asked for this point). */
  centroid: LatLng;
  /** [west, south, east, north]: a cheap test before the ray cast. */
  bbox: [number, number, number, number];
  createdAt: string;
  updatedAt: string;
  version: number;
};

/** Which side of the line a→b the point c lies on: 1 left, -1 right, 0 on it. */
function side(a: readonly number[], b: readonly number[], c: readonly number[]): number {
  const cross = ((b[0] as number) - (a[0] as number)) * ((c[1] as number) - (a[1] as number)) - ((b[1] as number) - (a[1] as number)) * ((c[0] as number) - (a[0] as number));
  return Math.sign(cross);
}

/** Whether c, known to lie on the line a→b, lies within the segment's box. */
const within = (a: readonly number[], b: readonly number[], c: readonly number[]) =>
  Math.min(a[0] as number, b[0] as number) <= (c[0] as number) && (c[0] as number) <= Math.max(a[0] as number, b[0] as number) &&
  Math.min(a[1] as number, b[1] as number) <= (c[1] as number) && (c[1] as number) <= Math.max(a[1] as number, b[1] as number);

/** Whether the segments p–q and r–s share any point (crossing, touching or overlapping). */
function segmentsMeet(p: readonly number[], q: readonly number[], r: readonly number[], s: readonly number[]): boolean {
  const [d1, d2, d3, d4] = [side(r, s, p), side(r, s, q), side(p, q, r), side(p, q, s)];
  if (d1 * d2 < 0 && d3 * d4 < 0) return true;
  return (d1 === 0 && within(r, s, p)) || (d2 === 0 && within(r, s, q)) || (d3 === 0 && within(p, q, r)) || (d4 === 0 && within(p, q, s));
}

/**
 * Whether a closed ring crosses or touches itself: any two of its edges that are not neighbours
 * meet. A figure-eight encloses an area but has no inside the ray cast can agree on. Repeated
 * consecutive positions are one vertex. Pairwise, O(n²): a ring has at most AREA_LIMITS.positionsPerRing positions.
 */
export function crossesItself(positions: readonly (readonly [number, number])[]): boolean {
  const vertices = positions.filter((p, i) => i === 0 || p[0] !== positions[i - 1]?.[0] || p[1] !== positions[i - 1]?.[1]);
  const edges = vertices.length - 1;
  for (let i = 0; i < edges; i += 1) {
    for (let j = i + 2; j < edges; j += 1) {
      if (i === 0 && j === edges - 1) continue; // the first and last edges meet at the closing vertex
      if (segmentsMeet(vertices[i] as [number, number], vertices[i + 1] as [number, number], vertices[j] as [number, number], vertices[j + 1] as [number, number])) return true;
    }
  }
  return false;
}

/** Twice the signed area of a ring in square degrees (shoelace). */
function ringArea(positions: readonly (readonly [number, number])[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < positions.length; i += 1) {
    const [x1, y1] = positions[i] as [number, number];
    const [x2, y2] = positions[i + 1] as [number, number];
    sum += x1 * y2 - x2 * y1;
  }
  return sum;
}

/** The outline's centroid (area-weighted) and the bounding box of a boundary. */
export function geometryOf(boundary: Polygon): Pick<Area, 'centroid' | 'bbox'> {
  const outline = boundary.coordinates[0] as [number, number][];
  let cx = 0;
  let cy = 0;
  for (let i = 0; i + 1 < outline.length; i += 1) {
    const [x1, y1] = outline[i] as [number, number];
    const [x2, y2] = outline[i + 1] as [number, number];
    const cross = x1 * y2 - x2 * y1;
    cx += (x1 + x2) * cross;
    cy += (y1 + y2) * cross;
  }
  const a = ringArea(outline) * 3;
  const lngs = outline.map((p) => p[0]);
  const lats = outline.map((p) => p[1]);
  return {
    centroid: { lat: round6(cy / a), lng: round6(cx / a) },
    bbox: [Math.min(...lngs), Math.min(...lats), Math.max(...lngs), Math.max(...lats)],
  };
}
const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

/** Whether a point lies inside a ring (even-odd ray cast towards +longitude). */
function inRing(point: LatLng, positions: readonly (readonly [number, number])[]): boolean {
  let inside = false;
  for (let i = 0, j = positions.length - 1; i < positions.length; j = i, i += 1) {
    const [xi, yi] = positions[i] as [number, number];
    const [xj, yj] = positions[j] as [number, number];
    if (yi > point.lat !== yj > point.lat && point.lng < ((xj - xi) * (point.lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether a WGS-84 point lies inside an area: in its outline and in none of its holes. */
export function contains(area: Pick<Area, 'boundary' | 'bbox'>, point: LatLng): boolean {
  const [west, south, east, north] = area.bbox;
  if (point.lng < west || point.lng > east || point.lat < south || point.lat > north) return false;
  const [outline, ...holes] = area.boundary.coordinates;
  return Boolean(outline && inRing(point, outline)) && !holes.some((hole) => inRing(point, hole));
}

/**
 * Whether a polygon (a ring of WGS-84 points, e.g. a warning's <polygon>) shares any ground with an
 * area's outline: one inside the other, or their edges meeting. Holes are ignored: a warning that
 * reaches into a hole still reaches the area around it.
 */
export function intersectsRing(area: Pick<Area, 'boundary' | 'bbox'>, ring: readonly LatLng[]): boolean {
  if (ring.length < 3) return false;
  const [west, south, east, north] = area.bbox;
  const lngs = ring.map((p) => p.lng);
  const lats = ring.map((p) => p.lat);
  if (Math.max(...lngs) < west || Math.min(...lngs) > east || Math.max(...lats) < south || Math.min(...lats) > north) return false;
  const outline = area.boundary.coordinates[0] ?? [];
  const positions = ring.map((p) => [p.lng, p.lat] as const);
  if (ring.some((point) => inRing(point, outline))) return true;
  if (outline.some(([lng, lat]) => inRing({ lat, lng }, positions))) return true;
  for (let i = 0; i + 1 < outline.length; i += 1) {
    for (let j = 0; j + 1 < positions.length; j += 1) {
      if (segmentsMeet(outline[i] as readonly number[], outline[i + 1] as readonly number[], positions[j] as readonly number[], positions[j + 1] as readonly number[])) return true;
    }
  }
  return false;
}

/** Whether a circle (centre, radius in km; e.g. a warning's <circle>) reaches an area's outline. */
export function meetsCircle(area: Pick<Area, 'boundary' | 'bbox'>, centre: LatLng, radiusKm: number): boolean {
  if (contains(area, centre) || inRing(centre, area.boundary.coordinates[0] ?? [])) return true;
  // Distances on a plane tangent at the centre (metres): exact enough for a 街道 and a warning's circle.
  const metresPerDegLat = 111_320;
  const metresPerDegLng = 111_320 * Math.cos((centre.lat * Math.PI) / 180);
  const project = ([lng, lat]: readonly number[]) => [((lng as number) - centre.lng) * metresPerDegLng, ((lat as number) - centre.lat) * metresPerDegLat] as const;
  const outline = (area.boundary.coordinates[0] ?? []).map(project);
  const radius = radiusKm * 1000;
  for (let i = 0; i + 1 < outline.length; i += 1) {
    const [ax, ay] = outline[i] as readonly [number, number];
    const [bx, by] = outline[i + 1] as readonly [number, number];
    const [dx, dy] = [bx - ax, by - ay];
    const t = dx === 0 && dy === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy)));
    if (Math.hypot(ax + t * dx, ay + t * dy) <= radius) return true;
  }
  return false;
}
