import { createLocalJWKSet, createRemoteJWKSet, customFetch, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { fetchKeySet } from './key-set-fetch.js';
import { createMiddleware } from 'hono/factory';
import { DEFAULT_TOKEN_MAX_LIFETIME_SECONDS } from '../config.js';
import { roles, type Actor, type Role } from '../domain/access.js';
import { DomainError, forbidden } from '../domain/errors.js';
import { tokenRules } from '../domain/rules.js';
import type { AppEnv } from './context.js';

/** Verifies a bearer token and returns the caller. */
export type TokenVerifier = (token: string) => Promise<Actor>;

const unauthenticated = (detail: string) =>
  new DomainError('unauthenticated', detail, { headers: { 'www-authenticate': 'Bearer realm="outreach"' } });

/** Longest accepted `sub`: subjects are ids, and a claim of any size must not reach a key or a log. */
export const MAX_SUBJECT_LENGTH = 256;
const districtClaim = /^\d{6}$/;
/** How long a verified token is taken on trust again without checking its signature (at most until it expires). */
export const VERIFIED_TOKEN_CACHE_SECONDS = 300;
/** How many verified tokens are remembered per process (the oldest is forgotten first). */
const VERIFIED_TOKEN_CACHE_SIZE = 2_000;
/** A facility id: bounded, printable, no spaces. */
const facilityClaim = /^[\x21-\x7e]{1,128}$/;

/**
 * Builds the verifier for an issuer: RS256 only, issuer and audience checked, `exp` required and the
 * lifetime (`exp` − `iat`, or `exp` − now without `iat`) at most `maxLifetimeSeconds`. Cognito access
 * tokens carry the app client in `client_id` instead of `aud`, so either may match. Claims that reach
 * keys are checked here: a bounded `sub`, a 6-digit `custom:district`, a bounded `custom:facility`.
 */
export function createTokenVerifier(options: {
  issuer: string;
  audience: string[];
  keys: JWTVerifyGetKey;
  rolesClaim?: string;
  maxLifetimeSeconds?: number;
}): TokenVerifier {
  const rolesClaim = options.rolesClaim ?? 'cognito:groups';
  const maxLifetime = options.maxLifetimeSeconds ?? DEFAULT_TOKEN_MAX_LIFETIME_SECONDS;
  // A phone sends the same token with every request of a shift: a token that passed every check
  // below is remembered (by its whole text, signature included) until it expires or for
  // VERIFIED_TOKEN_CACHE_SECONDS, whichever comes first, so a key withdrawn from the issuer's set
  // stops a remembered token within that time. Failures are never remembered.
  const verified = new Map<string, { actor: Actor; until: number }>();
  const verify = async (token: string): Promise<{ actor: Actor; exp: number }> => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, options.keys, { issuer: options.issuer, algorithms: ['RS256'], requiredClaims: ['exp'] }));
    } catch {
      throw unauthenticated('The token is not valid.');
    }
    const audiences = [payload.aud ?? [], payload['client_id'] ?? []].flat();
    if (!audiences.some((aud) => typeof aud === 'string' && options.audience.includes(aud))) {
      throw unauthenticated('The token is not meant for this API.');
    }
    const now = Math.floor(Date.now() / 1000);
    const issuedAt = typeof payload.iat === 'number' ? payload.iat : undefined;
    if (issuedAt !== undefined && issuedAt > now + tokenRules.clockSkewSeconds) throw unauthenticated('The token is issued in the future.');
    if ((payload.exp as number) - (issuedAt ?? now) > maxLifetime) {
      throw unauthenticated(`The token lives longer than this API accepts (${maxLifetime} seconds): get a shorter-lived one.`);
    }
    if (typeof payload.sub !== 'string' || payload.sub === '') throw unauthenticated('The token names no subject.');
    if (payload.sub.length > MAX_SUBJECT_LENGTH) throw unauthenticated(`The token's subject is longer than ${MAX_SUBJECT_LENGTH} characters.`);
    const claimed = payload[rolesClaim];
    const groups = Array.isArray(claimed) ? claimed : typeof claimed === 'string' ? claimed.split(/[ ,]+/) : [];
    const district = payload['custom:district'];
    const facility = payload['custom:facility'];
    // A signed but malformed jurisdiction is the account's fault, not the token's: 403, naming the claim.
    if (district !== undefined && district !== '' && !(typeof district === 'string' && districtClaim.test(district))) {
      throw forbidden('Your account’s district (custom:district) is not a 6-digit administrative division code; ask an administrator to correct it.');
    }
    if (facility !== undefined && facility !== '' && !(typeof facility === 'string' && facilityClaim.test(facility))) {
      throw forbidden('Your account’s facility (custom:facility) is not a facility id (1 to 128 printable characters); ask an administrator to correct it.');
    }
    // A facility lies in a district: a facility claim without the district claim it must lie in names no jurisdiction.
    if (typeof facility === 'string' && facility && !(typeof district === 'string' && district)) {
      throw forbidden('Your account names a facility (custom:facility) but no district (custom:district) for it to lie in; ask an administrator to correct it.');
    }
    const actor: Actor = {
      sub: payload.sub,
      roles: [...new Set(groups.filter((group): group is Role => (roles as readonly string[]).includes(group)))],
      ...(typeof district === 'string' && district ? { district } : {}),
      ...(typeof facility === 'string' && facility ? { facility } : {}),
    };
    Object.freeze(actor.roles);
    return { actor: Object.freeze(actor), exp: payload.exp as number };
  };
  return async (token) => {
    const now = Date.now();
    const remembered = verified.get(token);
    if (remembered && now < remembered.until) return remembered.actor;
    if (remembered) verified.delete(token);
    const { actor, exp } = await verify(token);
    if (verified.size >= VERIFIED_TOKEN_CACHE_SIZE) verified.delete(verified.keys().next().value as string);
    verified.set(token, { actor, until: Math.min(exp * 1000, now + VERIFIED_TOKEN_CACHE_SECONDS * 1000) });
    return actor;
  };
}

/** The issuer's key set: remote (cached by jose) in the cloud, a local set in local mode and tests. */
/** The issuer's published key set, fetched over node:https (no undici on the cold start's path) and cached by jose. */
export function remoteKeySet(url: URL) {
  return createRemoteJWKSet(url, { [customFetch]: fetchKeySet as never });
}

export function issuerKeys(source: { jwksUrl: string } | { jwks: Parameters<typeof createLocalJWKSet>[0] }): JWTVerifyGetKey {
  return 'jwksUrl' in source ? remoteKeySet(new URL(source.jwksUrl)) : createLocalJWKSet(source.jwks);
}

/** Rejects requests without a valid bearer token; stores the caller on the context. */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw unauthenticated('Send an Authorization: Bearer <token> header.');
  const actor = await c.var.deps.verifyToken(match[1]);
  // One role per token: a token with several is refused rather than given the widest of them.
  if (actor.roles.length > 1) {
    throw forbidden(`A token must carry exactly one role of this system; this one carries ${actor.roles.length} (${actor.roles.join(', ')}).`);
  }
  c.set('actor', actor);
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
