import { exportJWK, generateKeyPair, importJWK, SignJWT, type JSONWebKeySet, type JWK } from 'jose';
import type { Role } from '../domain/access.js';

/** Signs development tokens with a local RSA key; exists only in the local stage and in tests. */
export type DevTokenIssuer = {
  issuer: string;
  audience: string;
  jwks: JSONWebKeySet;
  issue: (claims: { role: Role; sub: string; district?: string; facility?: string }, ttlSeconds?: number) => Promise<string>;
  privateJwk: JWK;
};

export const LOCAL_ISSUER = 'https://local.outreach.invalid';
export const LOCAL_AUDIENCE = 'outreach-local';

/** Creates an issuer from a stored private key, or from a new key pair when none is given. */
export async function createDevTokenIssuer(storedPrivateJwk?: JWK): Promise<DevTokenIssuer> {
  const privateJwk = storedPrivateJwk ?? (await exportJWK((await generateKeyPair('RS256', { extractable: true })).privateKey));
  const kid = 'local-1';
  const privateKey = await importJWK(privateJwk, 'RS256');
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = privateJwk;
  return {
    issuer: LOCAL_ISSUER,
    audience: LOCAL_AUDIENCE,
    privateJwk,
    jwks: { keys: [{ ...publicJwk, kid, alg: 'RS256', use: 'sig' }] },
    issue: (claims, ttlSeconds = 12 * 3600) =>
      new SignJWT({
        'cognito:groups': [claims.role],
        ...(claims.district ? { 'custom:district': claims.district } : {}),
        ...(claims.facility ? { 'custom:facility': claims.facility } : {}),
      })
        .setProtectedHeader({ alg: 'RS256', kid })
        .setSubject(claims.sub)
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(privateKey),
  };
}
