import { exportJWK, generateKeyPair, importJWK, SignJWT, type JSONWebKeySet, type JWK } from 'jose';
import { DEFAULT_TOKEN_MAX_LIFETIME_SECONDS } from '../config.js';
import type { Role } from '../domain/access.js';

/** Signs development tokens with a local RSA key; exists only in the local stage and in tests. */
export type DevTokenIssuer = {
  issuer: string;
  audience: string;
  jwks: JSONWebKeySet;
  /** The lifetime of an issued token unless told otherwise: at most what the API accepts. */
  lifetimeSeconds: number;
  issue: (claims: { role: Role; sub: string; district?: string; facility?: string }, ttlSeconds?: number) => Promise<string>;
  privateJwk: JWK;
};

export const LOCAL_ISSUER = 'https://local.outreach.invalid';
export const LOCAL_AUDIENCE = 'outreach-local';

/**
 * Creates an issuer from a stored private key, or from a new key pair when none is given. Tokens
 * live `lifetimeSeconds` (keep it within the verifier's maximum lifetime).
 */
export async function createDevTokenIssuer(storedPrivateJwk?: JWK, lifetimeSeconds = DEFAULT_TOKEN_MAX_LIFETIME_SECONDS): Promise<DevTokenIssuer> {
  const privateJwk = storedPrivateJwk ?? (await exportJWK((await generateKeyPair('RS256', { extractable: true })).privateKey));
  const kid = 'local-1';
  const privateKey = await importJWK(privateJwk, 'RS256');
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = privateJwk;
  return {
    issuer: LOCAL_ISSUER,
    audience: LOCAL_AUDIENCE,
    privateJwk,
    lifetimeSeconds,
    jwks: { keys: [{ ...publicJwk, kid, alg: 'RS256', use: 'sig' }] },
    issue: (claims, ttlSeconds = lifetimeSeconds) => {
      // iat and exp from one reading of the clock, so that exp − iat is exactly the lifetime.
      const issuedAt = Math.floor(Date.now() / 1000);
      return new SignJWT({
        'cognito:groups': [claims.role],
        ...(claims.district ? { 'custom:district': claims.district } : {}),
        ...(claims.facility ? { 'custom:facility': claims.facility } : {}),
      })
        .setProtectedHeader({ alg: 'RS256', kid })
        .setSubject(claims.sub)
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ttlSeconds)
        .sign(privateKey);
    },
  };
}
