import { describe, it, expect } from 'vitest';
import { distanceMeters, toWgs84 } from '../../shared/domain/geo.js';

/** Independent WGS-84 → GCJ-02 forward transform (the published algorithm, Krasovsky 1940 ellipsoid). */
function wgs84ToGcj02(lat: number, lng: number): { lat: number; lng: number } {
  const a = 6378245.0;
  const ee = 0.00669342162296594323;
  const x = lng - 105.0;
  const y = lat - 35.0;
  let dLat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  dLat += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  dLat += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  dLat += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  let dLng = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  dLng += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  dLng += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  dLng += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  const radLat = (lat / 180) * Math.PI;
  const magic = 1 - ee * Math.sin(radLat) ** 2;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180) / (((a * (1 - ee)) / (magic * sqrtMagic)) * Math.PI);
  dLng = (dLng * 180) / ((a / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { lat: lat + dLat, lng: lng + dLng };
}

// WGS-84 reference points in Chongqing: 解放碑 (Yuzhong) and central 草街街道 (Hechuan).
const CHONGQING = [
  { name: 'Jiefangbei', lat: 29.5576, lng: 106.5772 },
  { name: 'Caojie', lat: 29.9852, lng: 106.3496 },
];

describe('toWgs84', () => {
  it.each(CHONGQING)('un-shifts a GCJ-02 point at $name to within 1 m', (p) => {
    const gcj = wgs84ToGcj02(p.lat, p.lng);
    const shift = distanceMeters(p, gcj);
    expect(shift).toBeGreaterThan(100);
    expect(shift).toBeLessThan(1000);
    const back = toWgs84({ ...gcj, crs: 'GCJ02' });
    expect(distanceMeters(back, p)).toBeLessThan(1);
  });

  it('passes WGS-84 through unchanged', () => {
    const p = CHONGQING[0]!;
    expect(toWgs84({ lat: p.lat, lng: p.lng, crs: 'WGS84' })).toEqual({ lat: p.lat, lng: p.lng });
  });

  it('leaves a GCJ-02 point outside the China box unchanged', () => {
    expect(toWgs84({ lat: 51.5007, lng: -0.1246, crs: 'GCJ02' })).toEqual({ lat: 51.5007, lng: -0.1246 });
  });
});

describe('distanceMeters', () => {
  it('is 0 for the same point and symmetric', () => {
    const [a, b] = CHONGQING as [(typeof CHONGQING)[0], (typeof CHONGQING)[0]];
    expect(distanceMeters(a, a)).toBe(0);
    expect(distanceMeters(a, b)).toBeCloseTo(distanceMeters(b, a), 6);
  });

  it('matches known distances', () => {
    // One degree of arc on the mean sphere: 6 371 008.8 m × π / 180.
    expect(distanceMeters({ lat: 0, lng: 0 }, { lat: 1, lng: 0 })).toBeCloseTo(111_195.08, 1);
    expect(distanceMeters({ lat: 0, lng: 179.5 }, { lat: 0, lng: -179.5 })).toBeCloseTo(111_195.08, 1);
    // Jiefangbei to central Caojie: about 52 km.
    const d = distanceMeters(CHONGQING[0]!, CHONGQING[1]!);
    expect(d).toBeGreaterThan(50_000);
    expect(d).toBeLessThan(55_000);
  });
});
