/**
 * Serves the built browser app (web/dist) on the API's origin: `npm start` on Node, and the web
 * function in the cloud. Files are read once and kept gzipped in memory; hashed assets are cached
 * for a year, the page and the service worker are revalidated; any other path without a file
 * extension gets the page (the app routes itself). API paths are never answered here.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tileOrigins, type MapTiles } from './map-config.js';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Paths that belong to the API (the local stage's signed photo URLs, `/local-files/…`, included). */
export const isApiPath = (path: string) =>
  path === '/v1' || path.startsWith('/v1/') || path === '/health' || path === '/docs' || path === '/openapi.json' || path.startsWith('/local-files/');

type Asset = { body: Uint8Array; gzip?: Uint8Array; type: string; cache: string };

/** What the app reads at start: how to sign in (local dev tokens, or an OIDC issuer with PKCE). */
export type WebAppConfig = ({ mode: 'local' } | { mode: 'oidc'; issuer: string; clientId: string; scope?: string; rolesClaim?: string }) & { map?: MapTiles };

const security = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  // Same-origin only; the OIDC issuer is reached by navigation and by the token exchange (connect-src).
  'content-security-policy': (connect: string, images: string) =>
    `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:${images}; connect-src 'self'${connect}; worker-src 'self'; manifest-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'`,
};

function readAssets(distDir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else {
        const path = `/${relative(distDir, file).split(sep).join('/')}`;
        const body = new Uint8Array(readFileSync(file));
        const type = types[extname(file)] ?? 'application/octet-stream';
        const compressible = /^(text\/|application\/(json|manifest)|image\/svg)/.test(type) && body.byteLength > 512;
        assets.set(path, {
          body,
          ...(compressible ? { gzip: new Uint8Array(gzipSync(body, { level: 9 })) } : {}),
          type,
          cache: path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        });
      }
    }
  };
  if (existsSync(distDir)) walk(distDir);
  return assets;
}

/**
 * A fetch-style handler for the app's files; `undefined` for API paths and for methods other than
 * GET/HEAD. `connectOrigins` are origins besides the issuer's that the sign-in calls (a token
 * endpoint on another host, such as Cognito's hosted domain); `imageOrigins`, where images come from
 * besides the app and the map tiles (the photo bucket's presigned URLs).
 */
export function createStaticSite(distDir: string, config: WebAppConfig, connectOrigins: string[] = [], imageOrigins: string[] = []) {
  const assets = readAssets(distDir);
  const origins = config.mode === 'oidc' ? [new URL(config.issuer).origin, ...connectOrigins.map((origin) => new URL(origin).origin)] : [];
  // Photos are PUT to the photo bucket's presigned URLs, and shown from them.
  const connect = [...origins, ...imageOrigins.map((origin) => new URL(origin).origin)].map((origin) => ` ${origin}`).join('');
  // Map tiles (天地图 or 高德) are images from the configured source's hosts; photos, from the photo bucket (presigned URLs).
  const images = [...tileOrigins(config.map), ...imageOrigins.map((origin) => new URL(origin).origin)].map((origin) => ` ${origin}`).join('');
  const configBody = new TextEncoder().encode(JSON.stringify(config));
  return {
    /** How many files are served (0 when the app was not built). */
    size: assets.size,
    handle(request: Request): Response | undefined {
      if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
      const path = new URL(request.url).pathname;
      if (isApiPath(path)) return undefined;
      if (path === '/app-config.json') {
        return new Response(request.method === 'HEAD' ? null : configBody, { headers: { 'content-type': types['.json']!, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' } });
      }
      const asset = assets.get(path === '/' ? '/index.html' : path) ?? (extname(path) ? undefined : assets.get('/index.html'));
      if (!asset) return undefined;
      const gzip = asset.gzip && /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '');
      const body = gzip ? asset.gzip! : asset.body;
      return new Response(request.method === 'HEAD' ? null : body, {
        headers: {
          'content-type': asset.type,
          'content-length': String(body.byteLength),
          'cache-control': asset.cache,
          vary: 'accept-encoding',
          ...(gzip ? { 'content-encoding': 'gzip' } : {}),
          'x-content-type-options': security['x-content-type-options'],
          'referrer-policy': security['referrer-policy'],
          'x-frame-options': security['x-frame-options'],
          ...(asset.type.startsWith('text/html') ? { 'content-security-policy': security['content-security-policy'](connect, images) } : {}),
        },
      });
    },
  };
}
