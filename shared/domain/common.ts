import { z } from 'zod';

/** 6-digit administrative division code (行政区划代码) of a 区县, e.g. 500117 for 合川区. */
export const districtCode = z.string().regex(/^\d{6}$/, 'A district is a 6-digit administrative division code.');

/**
 * Numbers DynamoDB's Number type can hold: 0, or a magnitude from 1e-130 up to (not including)
 * 1e126. Outside that the write fails after validation; every number a request brings to the store
 * goes through `storableNumber` (or `measurement`, built on it) so that it is refused as a 400 naming the field.
 */
export const STORABLE_MAGNITUDE = { min: 1e-130, below: 1e126 } as const;

/** Whether DynamoDB can store the number. */
export const isStorable = (value: number): boolean =>
  Number.isFinite(value) && (value === 0 || (Math.abs(value) >= STORABLE_MAGNITUDE.min && Math.abs(value) < STORABLE_MAGNITUDE.below));

/** A number the store can hold (see STORABLE_MAGNITUDE). */
export const storableNumber = () =>
  z.number().refine(isStorable, `Not a storable number: send 0 or a magnitude from ${STORABLE_MAGNITUDE.min} to below ${STORABLE_MAGNITUDE.below}.`);

/**
 * A measured decimal between `min` and `max`. DynamoDB stores no number closer to zero than 1e-130,
 * so a subnormal value such as 1e-300 is refused here (naming the field) instead of failing the write.
 */
export const measurement = (min: number, max: number) =>
  storableNumber()
    .min(min)
    .max(max)
    .refine((value) => value === 0 || Math.abs(value) >= 1e-9, 'Too close to zero to be a measurement: send 0 or a value of at least 1e-9.');

/** A point on the earth in WGS-84 degrees. */
export const latLng = z.object({
  lat: measurement(-90, 90),
  lng: measurement(-180, 180),
});

/** C0 controls, DEL and C1 controls; free text lets its line feeds and tabs through. */
const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/;
const controlCharactersInFreeText = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
/** Bidirectional embeddings, overrides, isolates and marks: they make a name read as another (Trojan Source). */
const bidiControls = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** With the `u` flag a pair is one code point: only a lone surrogate matches. */
const loneSurrogate = /[\ud800-\udfff]/u;

/**
 * Trimmed, non-empty text up to `max` characters, in NFC (so that one name is stored and searched one
 * way). Control characters, bidirectional controls and lone surrogates are refused. Free text
 * (`multiline`, by default text of 500 characters or more) keeps line feeds and tabs; CRLF becomes LF.
 */
export const text = (max: number, options: { multiline?: boolean } = {}) => {
  const multiline = options.multiline ?? max >= 500;
  const base = multiline ? z.string().overwrite((value) => value.replace(/\r\n?/g, '\n')) : z.string();
  return base
    .normalize('NFC')
    .trim()
    .min(1, 'Must not be empty.')
    .max(max)
    .refine((value) => !(multiline ? controlCharactersInFreeText : controlCharacters).test(value), {
      message: multiline ? 'Must not contain control characters other than line feeds and tabs.' : 'Must not contain control characters (line breaks and tabs included).',
    })
    .refine((value) => !bidiControls.test(value), 'Must not contain bidirectional control characters (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C).')
    .refine((value) => !loneSurrogate.test(value), 'Must be well-formed Unicode (no lone surrogate).');
};

/** The years an instant may fall in, in UTC: four-digit ISO years sort as text, and none of this system's dates is older. */
export const INSTANT_YEARS = { min: 1900, max: 9999 } as const;

/**
 * An ISO 8601 instant with offset, e.g. 2026-11-28T09:30:00+08:00, whose UTC form lies in
 * INSTANT_YEARS: an offset can push 9999-12-31T23:00-01:00 into year 10000, whose ISO form
 * (+010000-…) neither sorts nor compares with the others.
 */
export const instant = z.iso.datetime({ offset: true, error: 'An ISO 8601 date-time with offset.' }).refine((value) => {
  const time = new Date(value).getTime();
  if (Number.isNaN(time)) return true; // the format check has said so already
  const year = new Date(time).getUTCFullYear();
  return year >= INSTANT_YEARS.min && year <= INSTANT_YEARS.max;
}, `An instant between the years ${INSTANT_YEARS.min} and ${INSTANT_YEARS.max} (in UTC).`);

/** A calendar date, YYYY-MM-DD. */
export const calendarDate = z.iso.date({ error: 'A date as YYYY-MM-DD.' });
