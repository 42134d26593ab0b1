import { describe, expect, it } from 'vitest';
import { geometryOf, intersectsRing, meetsCircle, type Area } from '../../shared/domain/area.js';
import { areasReached, divisionPrefix, namesUnmatched } from '../../shared/domain/warning-areas.js';

/** 草街街道: a square of about 2 km around 29.98 N, 106.35 E, in 合川区 (500117). */
const boundary = { type: 'Polygon' as const, coordinates: [[[106.34, 29.97], [106.36, 29.97], [106.36, 29.99], [106.34, 29.99], [106.34, 29.97]]] as [number, number][][] };
const areaOf = (name: string, extra: Partial<Area> = {}): Area => ({
  id: name, name, district: '500117', boundary, ...geometryOf(boundary), createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', version: 1, ...extra,
});
const caojie = areaOf('草街街道', { divisionCode: '500117004' });
const block = (fields: Partial<Parameters<typeof areasReached>[0]>) => ({ areas: [], geocodes: [], polygons: [], circles: [], ...fields });

describe('division codes', () => {
  it('reads a code as the prefix it covers, and ignores codes of other schemes', () => {
    expect(divisionPrefix('500000')).toBe('50');
    expect(divisionPrefix('500100')).toBe('5001');
    expect(divisionPrefix('500117')).toBe('500117');
    expect(divisionPrefix('500117004')).toBe('500117004');
    expect(divisionPrefix('500117004000')).toBe('500117004');
    for (const foreign of ['006037', '048100', '3558003', 'FI801', 'MNZ020']) expect(divisionPrefix(foreign), foreign).toBeNull();
  });
});

describe('which areas a warning block reaches, and how', () => {
  it('by a county code (all its 街道), a province code, the 街道’s own code; not by another 街道’s code', () => {
    const other = areaOf('钱塘镇');
    expect(areasReached(block({ geocodes: [{ valueName: 'ADCODE', value: '500117' }] }), [caojie, other]).map((m) => [m.area.name, m.by])).toEqual([['草街街道', ['geocode']], ['钱塘镇', ['geocode']]]);
    expect(areasReached(block({ geocodes: [{ valueName: 'ADCODE', value: '500000' }] }), [caojie]).map((m) => m.by)).toEqual([['geocode']]);
    expect(areasReached(block({ geocodes: [{ valueName: 'ADCODE', value: '500117004000' }] }), [caojie, other]).map((m) => m.area.name)).toEqual(['草街街道']);
    expect(areasReached(block({ geocodes: [{ valueName: 'ADCODE', value: '500118' }] }), [caojie])).toEqual([]);
    expect(areasReached(block({ geocodes: [{ valueName: 'SAME', value: '006037' }] }), [caojie])).toEqual([]);
  });

  it('by a polygon crossing, inside or around the boundary, and not one beside it', () => {
    const crossing = [[29.985, 106.355], [29.985, 106.37], [30.0, 106.37], [30.0, 106.355], [29.985, 106.355]] as [number, number][];
    const around = [[29.9, 106.3], [29.9, 106.4], [30.1, 106.4], [30.1, 106.3], [29.9, 106.3]] as [number, number][];
    const inside = [[29.975, 106.345], [29.975, 106.346], [29.976, 106.346], [29.975, 106.345]] as [number, number][];
    const beside = [[29.975, 106.37], [29.975, 106.38], [29.985, 106.38], [29.975, 106.37]] as [number, number][];
    for (const polygon of [crossing, around, inside]) expect(areasReached(block({ polygons: [polygon] }), [caojie]).map((m) => m.by)).toEqual([['polygon']]);
    expect(areasReached(block({ polygons: [beside] }), [caojie])).toEqual([]);
    expect(intersectsRing(caojie, beside.map(([lat, lng]) => ({ lat, lng })))).toBe(false);
  });

  it('by a circle whose centre is inside or whose radius reaches the boundary', () => {
    expect(meetsCircle(caojie, { lat: 29.98, lng: 106.35 }, 0)).toBe(true);
    // 106.37 E is about 965 m east of the boundary at this latitude.
    expect(meetsCircle(caojie, { lat: 29.98, lng: 106.37 }, 1)).toBe(true);
    expect(meetsCircle(caojie, { lat: 29.98, lng: 106.37 }, 0.9)).toBe(false);
    expect(areasReached(block({ circles: [{ lat: 29.98, lng: 106.37, radiusKm: 1 }] }), [caojie]).map((m) => m.by)).toEqual([['circle']]);
  });

  it('by a name that contains the area’s name, listing every way that held, and the names that matched none', () => {
    const info = block({ areas: ['合川区草街街道', '钱塘镇'], geocodes: [{ valueName: 'ADCODE', value: '500117' }] });
    expect(areasReached(info, [caojie]).map((m) => m.by)).toEqual([['geocode', 'name']]);
    expect(namesUnmatched(info, [caojie])).toEqual(['钱塘镇']);
  });

  it('keeps a heat block’s altitude limit (海拔400米以下)', () => {
    expect(areasReached(block({ areas: ['草街街道'], maxAltitudeM: 400 }), [{ ...caojie, altitudeM: 600 }])).toEqual([]);
  });
});
