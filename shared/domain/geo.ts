/**
 * Coordinates. Phones and Chinese map SDKs (高德/腾讯) report GCJ-02 (火星坐标); storage and
 * distances use WGS-84. GCJ-02 → WGS-84 uses gcoord's iterative inverse (sub-metre error).
 * gcoord applies the offset only inside a rough bounding box of China (lng 72.004–137.8347,
 * lat 0.8293–55.8271): points outside it are returned unchanged, as GCJ-02 equals WGS-84 abroad.
 * The box also covers some neighbouring countries, where a point labelled GCJ-02 is still shifted.
 */
import gcoordModule from 'gcoord';

// gcoord is CommonJS whose typings declare a default export; at runtime the default import is
// already that object (Node) or carries it (some bundlers): accept both.
const gcoord = ((gcoordModule as { default?: unknown }).default ?? gcoordModule) as typeof gcoordModule.default;

export type Crs = 'WGS84' | 'GCJ02';
export type LatLng = { lat: number; lng: number };

const EARTH_RADIUS_M = 6_371_008.8;

/** Convert a point to WGS-84 (GCJ-02 is un-shifted; WGS-84 passes through). */
export function toWgs84(point: LatLng & { crs: Crs }): LatLng {
  if (point.crs === 'WGS84') return { lat: point.lat, lng: point.lng };
  const [lng, lat] = gcoord.transform([point.lng, point.lat], gcoord.CRSTypes.GCJ02, gcoord.CRSTypes.WGS84);
  return { lat, lng };
}

/** Great-circle distance in metres (haversine, mean Earth radius). */
export function distanceMeters(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}
