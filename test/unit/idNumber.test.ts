import { describe, it, expect } from 'vitest';
import {
  idNumberBlindIndex,
  idNumberCheckChar,
  idNumberSchema,
  normalizeIdNumber,
  parseIdNumber,
} from '../../shared/domain/idNumber.js';

/** Independent ISO 7064 MOD 11-2: weights 2^(17-i) mod 11, check value (12 - sum mod 11) mod 11, 10 → X. */
function withCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const c = (12 - (sum % 11)) % 11;
  return first17 + (c === 10 ? 'X' : String(c));
}

/** A wrong check character for the same 17 digits. */
const wrongCheck = (id: string): string => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');

const NOW = new Date('2026-03-01T00:00:00Z');

describe('parseIdNumber', () => {
  it('accepts published examples', () => {
    expect(parseIdNumber('11010519491231002X', NOW)).toEqual({
      ok: true,
      idNumber: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female',
      regionCode: '110105',
    });
    expect(parseIdNumber('110101199003074477', NOW)).toMatchObject({ ok: true, birthDate: '1990-03-07', sex: 'male' });
  });

  it.each([
    ['1990-03-07', '19900307', '123', 'male'],
    ['1956-02-29', '19560229', '046', 'female'],
    ['2024-02-29', '20240229', '001', 'male'],
    ['1900-01-01', '19000101', '998', 'female'],
    ['2012-12-31', '20121231', '305', 'male'],
  ] as const)('accepts a generated 500117 number born %s', (birthDate, ymd, seq, sex) => {
    const id = withCheck(`500117${ymd}${seq}`);
    expect(idNumberCheckChar(id)).toBe(id[17]);
    expect(parseIdNumber(id, NOW)).toEqual({ ok: true, idNumber: id, birthDate, sex, regionCode: '500117' });
  });

  it('finds numbers whose check character is X and normalizes x, spaces and full-width digits', () => {
    const seqs = Array.from({ length: 200 }, (_, i) => String(i).padStart(3, '0'));
    const withX = seqs.map((s) => withCheck(`50011719850615${s}`)).find((id) => id.endsWith('X'));
    expect(withX).toBeDefined();
    const id = withX!;
    expect(parseIdNumber(id.toLowerCase(), NOW)).toMatchObject({ ok: true, idNumber: id });
    expect(parseIdNumber(` ${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14).toLowerCase()} `, NOW)).toMatchObject({
      ok: true,
      idNumber: id,
    });
    const fullWidth = [...id].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
    expect(normalizeIdNumber(fullWidth)).toBe(id);
  });

  it.each([
    ['a wrong check digit', wrongCheck(withCheck('50011719900307123')), 'invalid check digit'],
    ['Feb 30', withCheck('50011719900230123'), 'invalid birth date'],
    ['Feb 29 in a non-leap year', withCheck('50011719000229123'), 'invalid birth date'],
    ['month 13', withCheck('50011719901301123'), 'invalid birth date'],
    ['day 00', withCheck('50011719900100123'), 'invalid birth date'],
    ['a future birth date', withCheck('50011720260302123'), 'birth date in the future'],
    ['a birth date before 1900', withCheck('50011718991231123'), 'birth date before 1900'],
    ['17 characters', '50011719900307123', 'must be 18 characters'],
    ['19 characters', '5001171990030712345', 'must be 18 characters'],
    ['letters', '50011719900307A234', 'must be 17 digits followed by a digit or X'],
    ['X not at the end', '5001171990030712X4', 'must be 17 digits followed by a digit or X'],
    ['an empty string', '', 'must be 18 characters'],
  ])('rejects %s', (_, raw, reason) => {
    expect(parseIdNumber(raw, NOW)).toEqual({ ok: false, reason });
  });

  it('judges "today" in China Standard Time', () => {
    const bornToday = withCheck('50011720260301123');
    expect(parseIdNumber(bornToday, new Date('2026-02-28T16:00:00Z')).ok).toBe(true);
    expect(parseIdNumber(bornToday, new Date('2026-02-28T15:59:59Z'))).toEqual({
      ok: false,
      reason: 'birth date in the future',
    });
  });
});

describe('idNumberSchema', () => {
  it('outputs the normalized number', () => {
    expect(idNumberSchema.parse('11010519491231002x')).toBe('11010519491231002X');
  });

  it('reports the reason as the issue message', () => {
    const r = idNumberSchema.safeParse(wrongCheck('11010519491231002X'));
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('invalid check digit');
    expect(idNumberSchema.safeParse('12345').error?.issues[0]?.message).toBe('must be 18 characters');
  });
});

describe('idNumberBlindIndex', () => {
  const key = 'test-key-0123456789abcdef';

  it('is a stable HMAC-SHA256 hex digest of the normalized number', () => {
    const a = idNumberBlindIndex('11010519491231002X', key);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(idNumberBlindIndex(' 11010519491231002x ', key)).toBe(a);
    expect(idNumberBlindIndex('11010519491231002X', new TextEncoder().encode(key))).toBe(a);
    expect(a).not.toContain('110105');
  });

  it('differs by number and by key', () => {
    const a = idNumberBlindIndex('11010519491231002X', key);
    expect(idNumberBlindIndex('110101199003074477', key)).not.toBe(a);
    expect(idNumberBlindIndex('11010519491231002X', `${key}!`)).not.toBe(a);
  });

  it('refuses a short key', () => {
    expect(() => idNumberBlindIndex('11010519491231002X', 'short')).toThrow(RangeError);
  });
});
