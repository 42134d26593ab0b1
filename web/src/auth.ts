/**
 * Sign-in. Local stage: pick a role and district or facility, and the dev-token route signs a token.
 * Cloud: OpenID Connect authorization code with PKCE against the issuer that /app-config.json names;
 * the ID token is sent to the API (it carries the role and jurisdiction claims).
 */
import { signal } from '@preact/signals';
import { api, must } from './api/client';

export type Role = 'patrol' | 'shelter' | 'tracer' | 'admin';
export type Session = { token: string; role: Role; sub: string; district?: string; facility?: string; expiresAt: number };
import type { MapTiles } from '../../shared/web/map-config';

export type AppConfig = ({ mode: 'local' } | { mode: 'oidc'; issuer: string; clientId: string; scope?: string; rolesClaim?: string }) & { map?: MapTiles };

const SESSION_KEY = 'outreach.session';
const CONFIG_KEY = 'outreach.config';
const PKCE_KEY = 'outreach.pkce';
/** The patrol work list kept for use without signal; names of vulnerable people, so it goes at sign-out. */
export const WORKLIST_KEY = 'outreach.worklist';

function decodeClaims(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  const json = decodeURIComponent(
    Array.from(atob(part.replace(/-/g, '+').replace(/_/g, '/')), (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''),
  );
  return JSON.parse(json) as Record<string, unknown>;
}

/** A session from a token's claims (the API checks the signature; the app only reads who it is). */
export function sessionFromToken(token: string, rolesClaim = 'cognito:groups'): Session {
  const claims = decodeClaims(token);
  const roles = claims[rolesClaim];
  const role = (Array.isArray(roles) ? roles[0] : roles) as Role;
  return {
    token,
    role,
    sub: String(claims['sub'] ?? ''),
    district: typeof claims['custom:district'] === 'string' ? claims['custom:district'] : undefined,
    facility: typeof claims['custom:facility'] === 'string' ? claims['custom:facility'] : undefined,
    expiresAt: Number(claims['exp'] ?? 0) * 1000,
  };
}

function storedSession(): Session | null {
  try {
    const stored = JSON.parse(localStorage.getItem(SESSION_KEY) ?? 'null') as Session | null;
    return stored && stored.expiresAt > Date.now() ? stored : null;
  } catch {
    return null;
  }
}

export const session = signal<Session | null>(storedSession());
export const signOutNotice = signal<string>('');

export function signIn(next: Session) {
  localStorage.setItem(SESSION_KEY, JSON.stringify(next));
  signOutNotice.value = '';
  session.value = next;
}

export function signOut(notice = '') {
  localStorage.removeItem(SESSION_KEY);
  localStorage.removeItem(WORKLIST_KEY);
  signOutNotice.value = notice;
  session.value = null;
}

/** The deployment's sign-in settings; the last one seen is kept for opening offline. */
export async function appConfig(): Promise<AppConfig> {
  try {
    const response = await fetch('/app-config.json', { cache: 'no-store' });
    if (response.ok) {
      const config = (await response.json()) as AppConfig;
      localStorage.setItem(CONFIG_KEY, JSON.stringify(config));
      return config;
    }
  } catch {
    // offline: fall through to the stored copy
  }
  return (JSON.parse(localStorage.getItem(CONFIG_KEY) ?? 'null') as AppConfig | null) ?? { mode: 'local' };
}

/** Local stage: a token from POST /v1/dev/tokens. */
export async function devSignIn(claims: { role: Role; sub: string; district?: string; facility?: string }): Promise<Session> {
  const { token } = await must(api.POST('/v1/dev/tokens', { body: claims }));
  const next = sessionFromToken(token);
  signIn(next);
  return next;
}

/**
 * Local stage: the facilities of a district, for the shelter sign-in's list. Read with a token of
 * its own (a shelter token without a facility), never kept.
 */
export async function devFacilities(district: string): Promise<{ id: string; name: string }[]> {
  const { token } = await must(api.POST('/v1/dev/tokens', { body: { role: 'shelter', sub: 'facility-list', district } }));
  const page = await must(api.GET('/v1/facilities', { params: { query: { district, limit: 100 } }, headers: { authorization: `Bearer ${token}` } }));
  return page.items.map((facility) => ({ id: facility.id, name: facility.name }));
}

const base64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const randomString = () => base64url(crypto.getRandomValues(new Uint8Array(32)));

async function discovery(issuer: string) {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`无法读取身份提供方配置（${response.status}）`);
  return (await response.json()) as { authorization_endpoint: string; token_endpoint: string };
}

/** Cloud: sends the browser to the issuer with a PKCE challenge (S256), a state and a nonce. */
export async function startOidcSignIn(config: Extract<AppConfig, { mode: 'oidc' }>) {
  const { authorization_endpoint } = await discovery(config.issuer);
  const verifier = randomString();
  const state = randomString();
  const nonce = randomString();
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state, nonce }));
  const url = new URL(authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: `${location.origin}/callback`,
    scope: config.scope ?? 'openid profile',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
    nonce,
  }).toString();
  location.assign(url.toString());
}

/** Cloud: at /callback, checks the state, exchanges the code with the verifier and keeps the ID token. */
export async function finishOidcSignIn(config: Extract<AppConfig, { mode: 'oidc' }>, callback: URL): Promise<Session> {
  const pending = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? 'null') as { verifier: string; state: string; nonce: string } | null;
  sessionStorage.removeItem(PKCE_KEY);
  const code = callback.searchParams.get('code');
  if (!pending || !code || callback.searchParams.get('state') !== pending.state) throw new Error('登录回调无效，请重新登录。');
  const { token_endpoint } = await discovery(config.issuer);
  const response = await fetch(token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, client_id: config.clientId, redirect_uri: `${location.origin}/callback`, code_verifier: pending.verifier }),
  });
  if (!response.ok) throw new Error(`换取令牌失败（${response.status}）`);
  const { id_token } = (await response.json()) as { id_token?: string };
  if (!id_token) throw new Error('身份提供方未返回 ID 令牌。');
  const next = sessionFromToken(id_token, config.rolesClaim);
  if (decodeClaims(id_token)['nonce'] !== pending.nonce) throw new Error('登录校验失败（nonce 不符），请重新登录。');
  signIn(next);
  return next;
}
