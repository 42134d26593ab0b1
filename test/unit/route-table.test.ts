import { OpenAPIHono } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../shared/http/context.js';
import { mountAll, mounts, resourceOf, resources } from '../../shared/http/route-table.js';

describe('the route table', () => {
  it('mounts every route module under the segments its mount declares', async () => {
    const whole = await mountAll(new OpenAPIHono<AppEnv>(), mounts);
    const served = new Set(whole.routes.map((route) => resourceOf(route.path)));
    expect([...served].sort()).toEqual([...resources].sort());
  });

  it('refuses a module with a route outside its declared segments (the lazy router would never reach it)', async () => {
    const stray = new OpenAPIHono<AppEnv>();
    stray.get('/elsewhere/x', (c) => c.json({}));
    await expect(mountAll(new OpenAPIHono<AppEnv>(), [{ path: '/v1', serves: ['encounters'], load: async () => stray }])).rejects.toThrow(/GET \/v1\/elsewhere\/x lies outside/);
  });
});
