import { importJWK, SignJWT, type JWTPayload } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { loadTokenMaxLifetime } from '../../shared/config.js';
import { instant, text } from '../../shared/domain/common.js';
import { DomainError } from '../../shared/domain/errors.js';
import { createTokenVerifier, issuerKeys, VERIFIED_TOKEN_CACHE_SECONDS } from '../../shared/http/auth.js';
import { createDevTokenIssuer } from '../../shared/http/dev-tokens.js';
import { versionFromIfMatch } from '../../shared/http/respond.js';
import { openText, sealText } from '../../shared/sealing.js';

const SECRET = 'unit-security-secret-0123456789';

describe('sealed values', () => {
  it('open with their full 16-byte tag, and not with a tag cut short', () => {
    const sealed = sealText('PERSONS#500117|cursor', SECRET, 'cursor');
    expect(openText(sealed, SECRET, 'cursor')).toBe('PERSONS#500117|cursor');

    const [version, iv, body, tag] = sealed.split('.') as [string, string, string, string];
    const full = Buffer.from(tag, 'base64url');
    expect(full).toHaveLength(16);
    for (const length of [4, 8, 12, 15]) {
      const cut = [version, iv, body, full.subarray(0, length).toString('base64url')].join('.');
      expect(() => openText(cut, SECRET, 'cursor'), `${length}-byte tag`).toThrow();
    }
    const long = [version, iv, body, Buffer.concat([full, Buffer.from([0])]).toString('base64url')].join('.');
    expect(() => openText(long, SECRET, 'cursor')).toThrow();
  });
});

describe('the instant schema', () => {
  it('accepts instants whose UTC form lies in years 1900 to 9999', () => {
    for (const value of ['2026-11-28T09:30:00+08:00', '1900-01-01T00:00:00Z', '9999-12-31T22:59:59-01:00', '9999-12-31T23:59:59.999Z']) {
      expect(instant.safeParse(value).success, value).toBe(true);
    }
  });

  it('refuses instants an offset pushes beyond year 9999 or before 1900, and older ones', () => {
    for (const value of ['9999-12-31T23:00:00-01:00', '9999-12-31T23:30:00-00:31', '0000-01-01T00:30:00+01:00', '1899-12-31T23:59:59Z', '0001-01-01T00:00:00Z']) {
      const result = instant.safeParse(value);
      expect(result.success, value).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/1900 and 9999/);
    }
  });

  it('says only that a malformed value is malformed', () => {
    const result = instant.safeParse('tomorrow');
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(['An ISO 8601 date-time with offset.']);
  });
});

describe('the text schema', () => {
  const name = text(50);
  const notes = text(2000);

  it('stores text in NFC', () => {
    expect(name.parse('Jose\u0301')).toBe('José');
    expect(name.parse('  e\u0301  ')).toBe('\u00e9');
  });

  it('refuses C0, DEL and C1 control characters, line breaks and tabs included in short text', () => {
    for (const value of ['a\u0000b', 'a\u0001b', 'a\u001bb', 'a\u007fb', 'a\u0085b', 'a\u009fb', 'a\nb', 'a\tb', 'a\rb']) {
      const result = name.safeParse(value);
      expect(result.success, JSON.stringify(value)).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/control characters/);
    }
  });

  it('keeps line feeds and tabs in free text, turns CRLF into LF, and still refuses other controls', () => {
    expect(notes.parse('一行\r\n二行\n\t三行\r四行')).toBe('一行\n二行\n\t三行\n四行');
    for (const value of ['a\u0000b', 'a\u000bb', 'a\u000cb', 'a\u007fb', 'a\u0085b']) {
      expect(notes.safeParse(value).success, JSON.stringify(value)).toBe(false);
    }
    expect(text(50, { multiline: true }).parse('a\nb')).toBe('a\nb');
    expect(text(1000, { multiline: false }).safeParse('a\nb').success).toBe(false);
  });

  it('refuses bidirectional overrides, embeddings, isolates and marks', () => {
    for (const mark of ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c']) {
      const result = notes.safeParse(`王${mark}明`);
      expect(result.success, mark.codePointAt(0)!.toString(16)).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/bidirectional/);
    }
  });

  it('refuses lone surrogates and keeps paired ones', () => {
    for (const value of ['\ud800', 'a\udfff', '\udfff\ud800', '𠮷\ud842']) {
      const result = name.safeParse(value);
      expect(result.success, JSON.stringify(value)).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/lone surrogate/);
    }
    expect(name.parse('𠮷野家 🙂👨‍👩‍👧')).toBe('𠮷野家 🙂👨‍👩‍👧');
  });

  it('counts the length after normalizing', () => {
    expect(text(3).parse('e\u0301e\u0301e\u0301')).toBe('ééé');
  });
});

describe('If-Match', () => {
  it('compares strongly: a weak tag matches no version', () => {
    expect(versionFromIfMatch('"v3"')).toBe(3);
    expect(versionFromIfMatch(' "v3" ')).toBe(3);
    expect(versionFromIfMatch('W/"v3"')).toBeNull();
    expect(versionFromIfMatch('w/"v3"')).toBeNull();
  });
});

describe('the token verifier', async () => {
  const issuer = await createDevTokenIssuer();
  const privateKey = await importJWK(issuer.privateJwk, 'RS256');
  const verify = (maxLifetimeSeconds?: number) =>
    createTokenVerifier({
      issuer: issuer.issuer,
      audience: [issuer.audience],
      keys: issuerKeys({ jwks: issuer.jwks }),
      ...(maxLifetimeSeconds ? { maxLifetimeSeconds } : {}),
    });
  const nowSeconds = () => Math.floor(Date.now() / 1000);
  /** A token of the dev issuer with exactly these claims (no iat or exp unless given). */
  const sign = (claims: JWTPayload) =>
    new SignJWT({ iss: issuer.issuer, aud: issuer.audience, sub: 'worker-1', 'cognito:groups': ['patrol'], ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'local-1' })
      .sign(privateKey);
  const refusal = async (token: string, verifier = verify()) => {
    try {
      await verifier(token);
    } catch (error) {
      if (error instanceof DomainError) return { kind: error.kind, message: error.message };
      throw error;
    }
    return null;
  };

  it('accepts a token within the lifetime, with or without iat', async () => {
    const now = nowSeconds();
    await expect(verify()(await sign({ iat: now, exp: now + 3600 }))).resolves.toMatchObject({ sub: 'worker-1', roles: ['patrol'] });
    await expect(verify()(await sign({ exp: now + 3600 }))).resolves.toMatchObject({ sub: 'worker-1' });
    await expect(verify()(await issuer.issue({ role: 'admin', sub: 'a' }))).resolves.toMatchObject({ roles: ['admin'] });
  });

  it('refuses a token without exp', async () => {
    expect(await refusal(await sign({ iat: nowSeconds() }))).toMatchObject({ kind: 'unauthenticated' });
  });

  it('refuses a token that lives longer than the maximum lifetime (12 hours by default, or as configured)', async () => {
    const now = nowSeconds();
    expect(await refusal(await sign({ iat: now, exp: now + 12 * 3600 + 1 }))).toMatchObject({ kind: 'unauthenticated', message: expect.stringMatching(/43200 seconds/) });
    expect(await refusal(await sign({ iat: now - 3600, exp: now + 100 * 86_400 }))).toMatchObject({ kind: 'unauthenticated' });
    expect(await refusal(await sign({ exp: now + 13 * 3600 }))).toMatchObject({ kind: 'unauthenticated' });
    expect(await refusal(await sign({ iat: now, exp: now + 3600 }), verify(600))).toMatchObject({ kind: 'unauthenticated', message: expect.stringMatching(/600 seconds/) });
    expect(await refusal(await sign({ iat: now, exp: now + 600 }), verify(600))).toBeNull();
  });

  it('refuses a token issued in the future (which would stretch its lifetime)', async () => {
    const now = nowSeconds();
    expect(await refusal(await sign({ iat: now + 30 * 86_400, exp: now + 30 * 86_400 + 60 }))).toMatchObject({ kind: 'unauthenticated' });
  });

  it('refuses a subject over 256 characters with 401', async () => {
    const now = nowSeconds();
    expect(await refusal(await sign({ exp: now + 60, sub: 'x'.repeat(256) }))).toBeNull();
    expect(await refusal(await sign({ exp: now + 60, sub: 'x'.repeat(257) }))).toMatchObject({ kind: 'unauthenticated' });
    expect(await refusal(await sign({ exp: now + 60, sub: 'x'.repeat(4096) }))).toMatchObject({ kind: 'unauthenticated' });
  });

  it('refuses a malformed district or facility claim with 403 naming the claim', async () => {
    const exp = nowSeconds() + 60;
    for (const district of ['50011', '5001170', 'abcdef', '500117#x', 500117, ['500117'], { code: '500117' }, 'x'.repeat(3000)]) {
      expect(await refusal(await sign({ exp, 'custom:district': district })), JSON.stringify(district).slice(0, 30)).toMatchObject({
        kind: 'forbidden',
        message: expect.stringMatching(/custom:district/),
      });
    }
    for (const facility of ['x'.repeat(129), 'a b', '站点', 42, ['f']]) {
      expect(await refusal(await sign({ exp, 'custom:facility': facility })), JSON.stringify(facility).slice(0, 30)).toMatchObject({
        kind: 'forbidden',
        message: expect.stringMatching(/custom:facility/),
      });
    }
    await expect(verify()(await sign({ exp, 'custom:district': '500117', 'custom:facility': '0b6f1c9e-2d1f-4c55-9a57-1f3e8f7d2a10' }))).resolves.toEqual({
      sub: 'worker-1',
      roles: ['patrol'],
      district: '500117',
      facility: '0b6f1c9e-2d1f-4c55-9a57-1f3e8f7d2a10',
    });
  });

  it('returns every role of this system the token carries, once each (the app refuses more than one)', async () => {
    const exp = nowSeconds() + 60;
    await expect(verify()(await sign({ exp, 'cognito:groups': ['patrol', 'patrol', 'viewers'] }))).resolves.toMatchObject({ roles: ['patrol'] });
    await expect(verify()(await sign({ exp, 'cognito:groups': ['admin', 'tracer'] }))).resolves.toMatchObject({ roles: ['admin', 'tracer'] });
  });

  it('checks a token\'s signature once while it is remembered, never past its expiry or the cache time, and never remembers a refusal', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      let keyLookups = 0;
      const localKeys = issuerKeys({ jwks: issuer.jwks });
      const verifier = createTokenVerifier({
        issuer: issuer.issuer,
        audience: [issuer.audience],
        keys: async (header, token) => ((keyLookups += 1), localKeys(header, token)),
      });
      const now = nowSeconds();
      const token = await sign({ iat: now, exp: now + 3600 });
      await verifier(token);
      await verifier(token);
      expect(keyLookups).toBe(1);
      // After the cache time, the signature is checked again.
      vi.setSystemTime(Date.now() + (VERIFIED_TOKEN_CACHE_SECONDS + 1) * 1000);
      await verifier(token);
      expect(keyLookups).toBe(2);
      // A remembered token is refused once it expires.
      const shortLived = await sign({ iat: nowSeconds(), exp: nowSeconds() + 30 });
      await verifier(shortLived);
      vi.setSystemTime(Date.now() + 31_000);
      expect(await refusal(shortLived, verifier)).toMatchObject({ kind: 'unauthenticated' });
      // A refused token is checked again each time (and refused again).
      const lookupsBefore = keyLookups;
      const tooLong = await sign({ iat: nowSeconds(), exp: nowSeconds() + 13 * 3600 });
      expect(await refusal(tooLong, verifier)).toMatchObject({ kind: 'unauthenticated' });
      expect(await refusal(tooLong, verifier)).toMatchObject({ kind: 'unauthenticated' });
      expect(keyLookups).toBe(lookupsBefore + 2);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('development tokens', () => {
  it('live the issuer’s lifetime, exp − iat exactly', async () => {
    const issuer = await createDevTokenIssuer(undefined, 900);
    const token = await issuer.issue({ role: 'tracer', sub: 't' });
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { iat: number; exp: number };
    expect(payload.exp - payload.iat).toBe(900);
    expect(issuer.lifetimeSeconds).toBe(900);
  });
});

describe('TOKEN_MAX_LIFETIME_SECONDS', () => {
  it('defaults to 12 hours and is refused by name when malformed', () => {
    expect(loadTokenMaxLifetime({})).toBe(43_200);
    expect(loadTokenMaxLifetime({ TOKEN_MAX_LIFETIME_SECONDS: '3600' })).toBe(3600);
    for (const bad of ['', 'soon', '1.5', '0', '30', String(30 * 86_400)]) {
      expect(() => loadTokenMaxLifetime({ TOKEN_MAX_LIFETIME_SECONDS: bad }), bad).toThrow(/TOKEN_MAX_LIFETIME_SECONDS/);
    }
  });
});
