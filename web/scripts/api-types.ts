/**
 * The web app's API types, generated from the OpenAPI document that the routes produce in-process
 * (no server, no database): `npm run web:types` writes web/src/api/schema.d.ts, and a test fails when
 * the committed file no longer matches the routes.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { createApp } from '../../shared/http/app.js';
import { createDevTokenIssuer } from '../../shared/http/dev-tokens.js';
import type { Deps } from '../../shared/http/context.js';

export const schemaFile = fileURLToPath(new URL('../src/api/schema.d.ts', import.meta.url));

/** The OpenAPI document of the local stage (which includes the dev-token route the sign-in uses). */
export async function openapiDocument(): Promise<Record<string, unknown>> {
  const devTokens = await createDevTokenIssuer();
  const unused = () => {
    throw new Error('not used to describe the API');
  };
  const app = createApp({ stage: 'local', devTokens, db: undefined as unknown as Deps['db'], verifyToken: unused, idIndexKey: 'x', calendar: undefined as unknown as Deps['calendar'], rules: undefined as unknown as Deps['rules'], now: () => new Date(), photos: undefined as unknown as Deps['photos'] });
  return (await (await app.request('/openapi.json')).json()) as Record<string, unknown>;
}

/** The TypeScript text of the generated types. */
export async function apiTypes(): Promise<string> {
  const ast = await openapiTS((await openapiDocument()) as never, { alphabetize: false });
  return `/* Generated from the API's OpenAPI document by web/scripts/api-types.ts: do not edit. */\n${astToString(ast)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(schemaFile, await apiTypes());
  process.stdout.write(`wrote ${schemaFile}\n`);
}
