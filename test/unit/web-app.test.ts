import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { apiTypes, schemaFile } from '../../web/scripts/api-types.js';
import { createStaticSite } from '../../shared/web/static-site.js';

describe('the web app', () => {
  it('has API types generated from the current routes (npm run web:types)', async () => {
    expect(readFileSync(schemaFile, 'utf8')).toBe(await apiTypes());
  });

  describe('the static site', () => {
    const dist = mkdtempSync(join(tmpdir(), 'site-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), `<!doctype html><title>街面救助</title>${'<!-- padding -->'.repeat(64)}`);
    writeFileSync(join(dist, 'assets', 'index-abc.js'), `console.log(${JSON.stringify('x'.repeat(2000))});`);
    const site = createStaticSite(dist, { mode: 'local' });
    const get = (path: string, headers: Record<string, string> = {}) => site.handle(new Request(`http://app.test${path}`, { headers }));

    it('serves the page at / and at app paths, gzipped when asked, with a CSP', async () => {
      const page = get('/', { 'accept-encoding': 'gzip, br' })!;
      expect(page.headers.get('content-encoding')).toBe('gzip');
      expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(gunzipSync(Buffer.from(await page.arrayBuffer())).toString()).toContain('街面救助');
      expect(get('/callback')!.headers.get('content-type')).toMatch(/^text\/html/);
    });

    it('caches hashed assets for a year and revalidates the page', () => {
      expect(get('/assets/index-abc.js')!.headers.get('cache-control')).toContain('immutable');
      expect(get('/')!.headers.get('cache-control')).toBe('no-cache');
    });

    it('leaves API paths, unknown files, writes and escapes alone', async () => {
      for (const path of ['/v1/persons', '/health', '/docs', '/openapi.json', '/local-files/photos/a/b?expires=1&signature=x', '/assets/missing.js', '/../package.json', '/%2e%2e/package.json']) expect(get(path), path).toBeUndefined();
      expect(site.handle(new Request('http://app.test/', { method: 'POST' }))).toBeUndefined();
    });

    it('tells the app how to sign in', async () => {
      expect(await get('/app-config.json')!.json()).toEqual({ mode: 'local' });
      const cloud = createStaticSite(dist, { mode: 'oidc', issuer: 'https://idp.example.cn/realm', clientId: 'web' });
      expect(cloud.handle(new Request('http://app.test/'))!.headers.get('content-security-policy')).toContain("connect-src 'self' https://idp.example.cn;");
      const hosted = createStaticSite(dist, { mode: 'oidc', issuer: 'https://idp.example.cn/realm', clientId: 'web' }, ['https://login.example.cn/oauth2/token']);
      expect(hosted.handle(new Request('http://app.test/'))!.headers.get('content-security-policy')).toContain("connect-src 'self' https://idp.example.cn https://login.example.cn;");
    });
  });
});
