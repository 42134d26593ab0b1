import { describe, it, expect } from 'vitest';
import { distanceMeters, toWgs84 } from '../../shared/domain/geo.js';
import { wgs84ToGcj02 } from '../support/geo.js';

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
