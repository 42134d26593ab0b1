import { describe, expect, it } from 'vitest';
import { testApp, uniqueDistrict } from '../support/app.js';
import { station } from '../support/facilities.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;


describe('request id: made by the server, never taken from the client', () => {
  it('answers a forged X-Request-Id with a fresh UUID', async () => {
    const { app } = await testApp();

    const response = await app.request('/health', { headers: { 'x-request-id': 'forged' } });

    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).not.toBe('forged');
    expect(response.headers.get('x-request-id')).toMatch(UUID);
  });

  it('gives each request its own id', async () => {
    const { app } = await testApp();

    const first = await app.request('/health', { headers: { 'x-request-id': 'same-for-both' } });
    const second = await app.request('/health', { headers: { 'x-request-id': 'same-for-both' } });

    expect(first.headers.get('x-request-id')).not.toBe(second.headers.get('x-request-id'));
  });

  it('audits a write under the server’s id, not the forged one', async () => {
    const { send, as, app } = await testApp();
    const district = uniqueDistrict();
    const admin = await as('admin', { district });

    const created = await send('POST', '/v1/facilities', { ...admin, 'x-request-id': 'forged' }, station(district));

    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const audit = await app.request(`/v1/audit?subjectId=${id}`, { headers: admin });
    const entries = ((await audit.json()) as { items: { action: string; requestId: string }[] }).items;
    expect(entries).toHaveLength(1);
    expect(entries[0]?.requestId).not.toBe('forged');
    expect(entries[0]?.requestId).toMatch(UUID);
    expect(entries[0]?.requestId).toBe(created.headers.get('x-request-id'));
  });

  it('uses the API Gateway request id in Lambda', async () => {
    const { app } = await testApp();
    // What hono/aws-lambda passes as the app's env: the event, its requestContext and the Lambda context.
    const requestContext = { requestId: 'Jx8dWi3qhcwEMhw=', http: { method: 'GET', path: '/health' } };
    const lambdaEnv = { event: { version: '2.0', rawPath: '/health', requestContext }, requestContext, lambdaContext: {} };

    const response = await app.request('/health', { headers: { 'x-request-id': 'forged' } }, lambdaEnv);

    expect(response.headers.get('x-request-id')).toBe('Jx8dWi3qhcwEMhw=');
  });
});
