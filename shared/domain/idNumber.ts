/**
 * 居民身份证号 (GB 11643-1999): 6-digit region code, 8-digit birth date, 3-digit sequence (odd =
 * male), ISO 7064 MOD 11-2 check character. The region code is only checked to be digits: codes
 * change over time and a number stays valid after its region is renamed or merged.
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { openText, sealText } from '../sealing.js';

export type IdNumberResult =
  | { ok: true; idNumber: string; birthDate: string; sex: 'male' | 'female'; regionCode: string }
  | { ok: false; reason: string };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
const CST_OFFSET_MS = 8 * 3600_000;

/** Normalize typed input: full-width characters to ASCII, whitespace removed, x → X. */
export function normalizeIdNumber(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

/** The ISO 7064 MOD 11-2 check character for the first 17 digits. */
export function idNumberCheckChar(first17: string): string {
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(first17[i]), 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

/** Parse and validate a resident ID number; `now` bounds the birth date (China Standard Time). */
export function parseIdNumber(raw: string, now: Date = new Date()): IdNumberResult {
  const id = normalizeIdNumber(raw);
  if (id.length !== 18) return { ok: false, reason: 'must be 18 characters' };
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, reason: 'must be 17 digits followed by a digit or X' };
  const [y, m, d] = [id.slice(6, 10), id.slice(10, 12), id.slice(12, 14)].map(Number) as [number, number, number];
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) {
    return { ok: false, reason: 'invalid birth date' };
  }
  const birthDate = birth.toISOString().slice(0, 10);
  if (y < 1900) return { ok: false, reason: 'birth date before 1900' };
  if (birthDate > new Date(now.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10)) {
    return { ok: false, reason: 'birth date in the future' };
  }
  if (idNumberCheckChar(id) !== id[17]) return { ok: false, reason: 'invalid check digit' };
  const sex = Number(id[16]) % 2 === 1 ? 'male' : 'female';
  return { ok: true, idNumber: id, birthDate, sex, regionCode: id.slice(0, 6) };
}

/** Zod schema: validates a resident ID number and outputs it normalized (upper-case X). */
export const idNumberSchema = z.string().transform((raw, ctx) => {
  const r = parseIdNumber(raw);
  if (r.ok) return r.idNumber;
  ctx.addIssue({ code: 'custom', message: r.reason });
  return z.NEVER;
});

/** Blind index for exact lookup: HMAC-SHA256 (hex) of the normalized number under a secret key of 16+ bytes. */
export function idNumberBlindIndex(idNumber: string, key: string | Uint8Array): string {
  const keyBytes = typeof key === 'string' ? Buffer.byteLength(key) : key.byteLength;
  if (keyBytes < 16) throw new RangeError('blind-index key must be at least 16 bytes');
  return createHmac('sha256', key).update(normalizeIdNumber(idNumber)).digest('hex');
}

/**
 * Seals an ID number for storage (AES-256-GCM): stored sealed, it appears in clear in no item and
 * no index projection; only a holder of the secret can open it.
 */
export const sealIdNumber = (idNumber: string, secret: string | Uint8Array) => sealText(idNumber, secret, 'id-number');

/** Opens a sealed ID number; throws if it was altered or sealed under another secret. */
export const openIdNumber = (sealed: string, secret: string | Uint8Array) => openText(sealed, secret, 'id-number');
