import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../shared/http/app.js';
import { testApp } from '../support/app.js';

describe('public routes', () => {
  it('answers /health without a token', async () => {
    const { app } = await testApp();
    const response = await app.request('/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('serves an OpenAPI 3.1 document generated from the routes', async () => {
    const { app } = await testApp({ stage: 'prod' });
    const doc = (await (await app.request('/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { security?: unknown[] }>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/facilities', '/v1/facilities/{id}', '/v1/audit']));
    expect(doc.paths['/v1/facilities']?.['post']?.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.components.securitySchemes).toHaveProperty('bearerAuth');
  });

  it('serves an API reference page that loads nothing from another host', async () => {
    const { app } = await testApp();
    const response = await app.request('/docs');
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain('/openapi.json');
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/);
  });

  it('answers an unknown route with a problem', async () => {
    const { app } = await testApp();
    const response = await app.request('/nowhere');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });
});

describe('authentication', () => {
  it('rejects a missing token with 401 problem', async () => {
    const { app } = await testApp();
    const response = await app.request('/v1/facilities');
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('rejects a forged, expired or foreign token with 401', async () => {
    const { app, tokens, as } = await testApp();
    const good = (await as('admin', { district: '500117' })).authorization;
    const [header, payload] = good.replace('Bearer ', '').split('.');
    const forged = `${header}.${payload}.${Buffer.from('not a signature').toString('base64url')}`;
    const expired = await tokens.issue({ role: 'admin', sub: 'a' }, -60);
    for (const token of [forged, expired, 'not-a-jwt']) {
      const response = await app.request('/v1/facilities', { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(401);
    }
  });

  it('rejects a valid token without an allowed role with 403', async () => {
    const { send, as } = await testApp();
    const response = await send('POST', '/v1/facilities', await as('patrol', { district: '500117' }), {});
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });
});

describe('development tokens', () => {
  it('issues a working token in the local stage', async () => {
    const { app, send } = await testApp({ stage: 'local' });
    const response = await send('POST', '/v1/dev/tokens', {}, { role: 'tracer', sub: 'volunteer-1', district: '500117' }, null);
    expect(response.status).toBe(200);
    const { token } = (await response.json()) as { token: string };
    const list = await app.request('/v1/facilities', { headers: { authorization: `Bearer ${token}` } });
    expect(list.status).toBe(200);
  });

  it('rejects a request for an unknown role', async () => {
    const { send } = await testApp({ stage: 'local' });
    const response = await send('POST', '/v1/dev/tokens', {}, { role: 'root', sub: 'x' }, null);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('body.role');
  });

  it.each(['dev', 'prod'])('does not exist in the %s stage', async (stage) => {
    const { app, send } = await testApp({ stage });
    const response = await send('POST', '/v1/dev/tokens', {}, { role: 'admin', sub: 'x' }, null);
    expect(response.status).toBe(401);
    const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).not.toContain('/v1/dev/tokens');
  });
});

describe('request bodies', () => {
  it('answers malformed JSON with 400', async () => {
    const { app, as } = await testApp();
    const response = await app.request('/v1/facilities', {
      method: 'POST',
      headers: { ...(await as('admin', { district: '500117' })), 'content-type': 'application/json', 'idempotency-key': 'key-malformed-1' },
      body: '{"name": "站',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('answers a body that is not JSON with 415', async () => {
    const { app, as } = await testApp();
    const response = await app.request('/v1/facilities', {
      method: 'POST',
      headers: { ...(await as('admin', { district: '500117' })), 'content-type': 'text/plain', 'idempotency-key': 'key-text-1' },
      body: 'name=station',
    });
    expect(response.status).toBe(415);
  });

  it('answers a body over 1 MB with 413', async () => {
    const { app, as } = await testApp();
    const response = await app.request('/v1/facilities', {
      method: 'POST',
      headers: { ...(await as('admin', { district: '500117' })), 'content-type': 'application/json', 'idempotency-key': 'key-big-1' },
      body: JSON.stringify({ name: 'x'.repeat(MAX_BODY_BYTES) }),
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });
});
