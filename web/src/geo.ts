/** Great-circle distance and bearing on WGS-84 (the phone's GPS and the API's stored coordinates). */
export type Point = { lat: number; lng: number };

const rad = (degrees: number) => (degrees * Math.PI) / 180;

export function distanceMeters(a: Point, b: Point): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function bearingDegrees(from: Point, to: Point): number {
  const y = Math.sin(rad(to.lng - from.lng)) * Math.cos(rad(to.lat));
  const x = Math.cos(rad(from.lat)) * Math.sin(rad(to.lat)) - Math.sin(rad(from.lat)) * Math.cos(rad(to.lat)) * Math.cos(rad(to.lng - from.lng));
  return ((Math.atan2(y, x) * 180) / Math.PI + 360) % 360;
}

const compass = ['北', '东北', '东', '东南', '南', '西南', '西', '西北'];
export const compassWord = (bearing: number) => compass[Math.round(bearing / 45) % 8]!;
export const arrow = (bearing: number) => ['↑', '↗', '→', '↘', '↓', '↙', '←', '↖'][Math.round(bearing / 45) % 8]!;

export function formatDistance(meters: number): string {
  return meters < 1000 ? `${Math.round(meters)} 米` : `${(meters / 1000).toFixed(meters < 10_000 ? 1 : 0)} 公里`;
}
