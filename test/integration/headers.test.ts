/**
 * Response headers: the printable notice may not be framed or sniffed, the API's JSON (personal
 * data) is never stored by a browser or proxy, and /docs runs only its own script.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../support/app.js';
import { buildSide, type Side } from '../support/access-world.js';

let harness: Awaited<ReturnType<typeof testApp>>;
let side: Side;
let admin: Record<string, string>;

beforeAll(async () => {
  harness = await testApp();
  side = await buildSide(harness);
  admin = await harness.as('admin', { district: side.district });
  // The notice shows a portrait staff chose, never simply the newest photo.
  const chosen = await harness.app.request(`/v1/persons/${side.foundId}/photos/${side.photoId}/notice-portrait`, { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: '{}' });
  expect(chosen.status).toBe(200);
}, 120_000);

/** The directives of a Content-Security-Policy header, by name. */
const directives = (policy: string | null) =>
  Object.fromEntries((policy ?? '').split(';').map((part) => part.trim().split(/\s+/)).filter(([name]) => name).map(([name, ...values]) => [name, values]));

describe('the printable tracing notice', () => {
  it('carries a CSP header that forbids framing and scripts, images from the photo’s origin only, and nosniff', async () => {
    const response = await harness.app.request(`/v1/persons/${side.foundId}/notice?format=html`, { headers: admin });

    expect(response.status).toBe(200);
    const html = await response.text();
    const photo = /<img class="photo" src="([^"]+)"/.exec(html)?.[1]?.replace(/&#38;/g, '&');
    expect(photo).toBeDefined();
    const policy = directives(response.headers.get('content-security-policy'));
    expect(policy).toMatchObject({ 'frame-ancestors': ["'none'"], 'default-src': ["'none'"], 'img-src': [new URL(photo as string).origin] });
    expect(policy['script-src']).toBeUndefined();
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('personal data in JSON', () => {
  it('is answered with Cache-Control: no-store on reads, lists, creates and refusals', async () => {
    const read = await harness.app.request(`/v1/persons/${side.personId}`, { headers: admin });
    const list = await harness.app.request(`/v1/persons?district=${side.district}`, { headers: admin });
    const notice = await harness.app.request(`/v1/persons/${side.foundId}/notice`, { headers: admin });
    const created = await harness.send('POST', '/v1/persons', admin, { name: '刘芳', sex: 'female', estimatedAge: 60, estimatedAt: '2026-11-01', registrationSource: 'survey', district: side.district });
    const refused = await harness.app.request(`/v1/persons/${side.personId}`, { headers: await harness.as('patrol') });

    expect([read.status, list.status, notice.status, created.status, refused.status]).toEqual([200, 200, 200, 201, 404]);
    for (const response of [read, list, notice, created, refused]) {
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});

describe('/docs', () => {
  it('has a CSP that lets only its own inline script (by hash) run and fetches only from its origin', async () => {
    const response = await harness.app.request('/docs');

    expect(response.status).toBe(200);
    const html = await response.text();
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(script).toContain("fetch('/openapi.json')");
    const policy = directives(response.headers.get('content-security-policy'));
    expect(policy['script-src']).toEqual([`'sha256-${createHash('sha256').update(script).digest('base64')}'`]);
    expect(policy).toMatchObject({ 'default-src': ["'none'"], 'connect-src': ["'self'"], 'frame-ancestors': ["'none'"] });
    expect(JSON.stringify(policy)).not.toContain('unsafe');
  });
});
