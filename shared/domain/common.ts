import { z } from 'zod';

/** 6-digit administrative division code (行政区划代码) of a 区县, e.g. 500117 for 合川区. */
export const districtCode = z.string().regex(/^\d{6}$/, 'A district is a 6-digit administrative division code.');

/** A point on the earth in WGS-84 degrees. */
export const latLng = z.object({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
});

/** Trimmed, non-empty text up to `max` characters. */
export const text = (max: number) => z.string().trim().min(1, 'Must not be empty.').max(max);

/** An ISO 8601 instant with offset, e.g. 2026-11-28T09:30:00+08:00. */
export const instant = z.iso.datetime({ offset: true, error: 'An ISO 8601 date-time with offset.' });

/** A calendar date, YYYY-MM-DD. */
export const calendarDate = z.iso.date({ error: 'A date as YYYY-MM-DD.' });
