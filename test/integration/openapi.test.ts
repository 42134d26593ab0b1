import { describe, expect, it } from 'vitest';
import { testApp } from '../support/app.js';

describe('the API contract', () => {
  it('matches the committed OpenAPI document (update with `npx vitest run -u` when a change is intended)', async () => {
    const { app } = await testApp({ stage: 'prod' });
    const doc = await (await app.request('/openapi.json')).json();
    await expect(`${JSON.stringify(doc, null, 2)}\n`).toMatchFileSnapshot('./__snapshots__/openapi.json');
  });

  it('declares roles on every /v1 operation and the bearer scheme on each', async () => {
    const { app } = await testApp({ stage: 'prod' });
    const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>> };
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        expect(operation.security, `${method} ${path}`).toEqual([{ bearerAuth: [] }]);
        expect(Object.keys(operation.responses), `${method} ${path}`).toEqual(expect.arrayContaining(['400', '401', '403']));
      }
    }
  });
});
