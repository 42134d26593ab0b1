/**
 * `npm start`: the whole system on one machine. DynamoDB Local (from the npm package, data under
 * `.data/`), the table from the shared definition, the same Hono app on Node, the stream poller
 * feeding the same events handler, and a notifier that prints what SNS would carry.
 *
 * Options: PORT (default 3000); OUTREACH_IN_MEMORY=1 or `--in-memory` for a throwaway store.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createTokenVerifier, issuerKeys } from '../../shared/http/auth.js';
import { createApp } from '../../shared/http/app.js';
import { createDevTokenIssuer } from '../../shared/http/dev-tokens.js';
import { publishStreamEvents, type StreamRecord } from '../../shared/events/events.js';
import { createDb } from '../../shared/store/client.js';
import { ensureTable, javaAvailable, localCredentials, localRegion, startDynamoLocal } from './dynamo.js';
import { localNotifier } from './notifier.js';
import { pollStream } from './stream-poller.js';
import { outreachRules } from '../../shared/domain/rules.js';
import { officialCalendar } from '../../shared/rules/calendar.js';

const started = Date.now();
// The SDK minor is pinned in the lockfile; its notice about future Node versions is noise here.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
const port = Number(process.env['PORT'] ?? 3000);
const inMemory = process.argv.includes('--in-memory') || process.env['OUTREACH_IN_MEMORY'] === '1';
const dataDir = join(process.cwd(), '.data');
const tableName = process.env['TABLE_NAME'] ?? 'outreach-local';

if (!javaAvailable()) {
  process.stderr.write('DynamoDB Local needs Java 17 or newer: install a JRE (e.g. `apt-get install openjdk-17-jre-headless`) and run npm start again.\n');
  process.exit(1);
}
mkdirSync(join(dataDir, 'dynamodb'), { recursive: true });

/** A secret kept under .data so that tokens and the ID-number index survive restarts. */
async function localSecret<T>(name: string, make: () => Promise<T> | T): Promise<T> {
  const file = join(dataDir, name);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as T;
  const value = await make();
  writeFileSync(file, JSON.stringify(value), { mode: 0o600 });
  return value;
}

const dynamo = await startDynamoLocal({ dbPath: inMemory ? undefined : join(dataDir, 'dynamodb') });
await ensureTable(dynamo.endpoint, tableName);
const devTokens = await createDevTokenIssuer(
  await localSecret('dev-signing-key.json', async () => (await createDevTokenIssuer()).privateJwk),
);
const idIndexKey = await localSecret('id-index-key.json', () => randomBytes(32).toString('hex'));

const app = createApp({
  stage: 'local',
  db: createDb(tableName, { endpoint: dynamo.endpoint, region: localRegion, credentials: localCredentials }),
  verifyToken: createTokenVerifier({ issuer: devTokens.issuer, audience: [devTokens.audience], keys: issuerKeys({ jwks: devTokens.jwks }) }),
  idIndexKey,
  calendar: officialCalendar,
  rules: outreachRules,
  now: () => new Date(),
  devTokens,
});

const notifier = localNotifier();
const poller = await pollStream(dynamo.endpoint, tableName, async (records) => {
  await publishStreamEvents(records as StreamRecord[], notifier);
});

const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => {
  const base = `http://localhost:${port}`;
  process.stdout.write(
    [
      `Outreach API ready on ${base} in ${((Date.now() - started) / 1000).toFixed(1)} s (DynamoDB Local ${inMemory ? 'in memory' : 'data in .data/dynamodb'}).`,
      `  API reference: ${base}/docs   OpenAPI: ${base}/openapi.json`,
      `  Get a token:   curl -s -X POST ${base}/v1/dev/tokens -H 'content-type: application/json' \\`,
      `                   -d '{"role":"admin","sub":"admin-1","district":"500117"}'`,
      '  Roles: patrol, shelter, tracer, admin. Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
});

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  process.stdout.write('Stopping…\n');
  server.close();
  await poller.stop();
  await dynamo.stop();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
