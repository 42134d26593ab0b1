import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { createMiddleware } from 'hono/factory';
import { roles, type Actor, type Role } from '../domain/access.js';
import { DomainError } from '../domain/errors.js';
import type { AppEnv } from './context.js';

/** Verifies a bearer token and returns the caller. */
export type TokenVerifier = (token: string) => Promise<Actor>;

const unauthenticated = (detail: string) =>
  new DomainError('unauthenticated', detail, { headers: { 'www-authenticate': 'Bearer realm="outreach"' } });

/**
 * Builds the verifier for an issuer: RS256 only, issuer and audience checked. Cognito access tokens
 * carry the app client in `client_id` instead of `aud`, so either may match.
 */
export function createTokenVerifier(options: {
  issuer: string;
  audience: string[];
  keys: JWTVerifyGetKey;
  rolesClaim?: string;
}): TokenVerifier {
  const rolesClaim = options.rolesClaim ?? 'cognito:groups';
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, options.keys, { issuer: options.issuer, algorithms: ['RS256'] }));
    } catch {
      throw unauthenticated('The token is not valid.');
    }
    const audiences = [payload.aud ?? [], payload['client_id'] ?? []].flat();
    if (!audiences.some((aud) => typeof aud === 'string' && options.audience.includes(aud))) {
      throw unauthenticated('The token is not meant for this API.');
    }
    if (typeof payload.sub !== 'string' || payload.sub === '') throw unauthenticated('The token names no subject.');
    const claimed = payload[rolesClaim];
    const groups = Array.isArray(claimed) ? claimed : typeof claimed === 'string' ? claimed.split(/[ ,]+/) : [];
    const district = payload['custom:district'];
    const facility = payload['custom:facility'];
    return {
      sub: payload.sub,
      roles: groups.filter((group): group is Role => (roles as readonly string[]).includes(group)),
      ...(typeof district === 'string' && district ? { district } : {}),
      ...(typeof facility === 'string' && facility ? { facility } : {}),
    };
  };
}

/** The issuer's key set: remote (cached by jose) in the cloud, a local set in local mode and tests. */
export function issuerKeys(source: { jwksUrl: string } | { jwks: Parameters<typeof createLocalJWKSet>[0] }): JWTVerifyGetKey {
  return 'jwksUrl' in source ? createRemoteJWKSet(new URL(source.jwksUrl)) : createLocalJWKSet(source.jwks);
}

/** Rejects requests without a valid bearer token; stores the caller on the context. */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw unauthenticated('Send an Authorization: Bearer <token> header.');
  c.set('actor', await c.var.deps.verifyToken(match[1]));
  await next();
});

/** Lets only the given roles through (every route declares its roles with this). */
export const allow = (...allowed: Role[]) =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (!c.var.actor.roles.some((role) => allowed.includes(role))) {
      throw new DomainError('forbidden', `This needs one of the roles: ${allowed.join(', ')}.`);
    }
    await next();
  });
