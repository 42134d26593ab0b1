/**
 * `npm start`: the whole system on one machine. DynamoDB Local (from the npm package, data under
 * `.data/`), the table from the shared definition, the same Hono app on Node, the stream poller
 * feeding the same events handler, and a notifier that prints what SNS would carry.
 *
 * Options: PORT (default 3000); OUTREACH_IN_MEMORY=1 or `--in-memory` for a throwaway store;
 * OUTREACH_DATA_DIR instead of `./.data`; LOG_LEVEL (default WARN here) for the request log;
 * TOKEN_MAX_LIFETIME_SECONDS (default 12 hours) for dev tokens and the verifier alike.
 * The browser app (web/) is built when missing or stale and served at `/` on the same origin.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { loadTokenMaxLifetime } from '../../shared/config.js';
import { createTokenVerifier, issuerKeys } from '../../shared/http/auth.js';
import { createApp } from '../../shared/http/app.js';
import { createDevTokenIssuer } from '../../shared/http/dev-tokens.js';
import { streamDerivations } from '../../shared/events/derivations.js';
import { publishStreamEvents, type StreamRecord } from '../../shared/events/events.js';
import { matchFromStream, type MatchingStreamRecord } from '../../shared/services/matching.js';
import { logger } from '../../shared/logger.js';
import { LocalPhotoStore } from '../../shared/files/photo-store.js';
import { createDb } from '../../shared/store/client.js';
import { ensureTable, javaAvailable, localCredentials, localRegion, startDynamoLocal, type DynamoLocal } from './dynamo.js';
import { localNotifier } from './notifier.js';
import { pollStream } from './stream-poller.js';
import { campaignRules, outreachRules } from '../../shared/domain/rules.js';
import { officialCalendar } from '../../shared/rules/calendar.js';
import { startSweepTimer } from '../../shared/sweep/sweep.js';
import { ruleBookSource } from '../../shared/services/rules.js';
import { openMeteo } from '../../shared/weather/forecast.js';
import { createStaticSite } from '../../shared/web/static-site.js';
import { mapTilesFromEnv } from '../../shared/web/map-config.js';
import { ensureWebBuild, webDistDir } from './web-build.js';

const started = Date.now();
// One JSON line per request would bury the notices in a terminal; LOG_LEVEL=INFO brings them back.
if (!process.env['LOG_LEVEL']) logger.setLogLevel('WARN');
// The SDK minor is pinned in the lockfile; its notice about future Node versions is noise here.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
const port = Number(process.env['PORT'] || 3000);
const inMemory = process.argv.includes('--in-memory') || process.env['OUTREACH_IN_MEMORY'] === '1';
const dataDir = resolve(process.env['OUTREACH_DATA_DIR'] ?? join(process.cwd(), '.data'));
const tableName = process.env['TABLE_NAME'] ?? 'outreach-local';

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`PORT must be a port number (0 to 65535), not "${process.env['PORT']}".\n`);
  process.exit(1);
}
if (!javaAvailable()) {
  process.stderr.write('DynamoDB Local needs Java 17 or newer: install a JRE (e.g. `apt-get install openjdk-17-jre-headless`) and run npm start again.\n');
  process.exit(1);
}
mkdirSync(join(dataDir, 'dynamodb'), { recursive: true });

/** A secret kept in the data directory so that tokens and the ID-number index survive restarts. */
async function localSecret<T>(name: string, make: () => Promise<T> | T): Promise<T> {
  const file = join(dataDir, name);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as T;
  const value = await make();
  writeFileSync(file, JSON.stringify(value), { mode: 0o600 });
  return value;
}

/** What has been started so far; `stop` takes it down in reverse order. */
let dynamoStart: Promise<DynamoLocal> | undefined;
let poller: { stop: () => Promise<void> } | undefined;
let sweep: { stop: () => Promise<void> } | undefined;
let server: ServerType | undefined;
let stopping = false;
/** Photo files: under the data directory, or (in memory) a throwaway directory removed on the way out. */
const filesDir = inMemory ? join(tmpdir(), `outreach-files-${randomUUID()}`) : join(dataDir, 'files');
/** Where clients reach the API; photo URLs start with it (known once the server listens). */
let origin = `http://localhost:${port}`;

/**
 * Stops the server, the poller and DynamoDB Local (waiting for its java process to exit), writes one
 * line and exits. Every way out goes through here, so no java outlives `npm start`.
 */
async function stop(code: number, line: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  (code === 0 ? process.stdout : process.stderr).write(`${line}\n`);
  server?.close();
  await sweep?.stop().catch(() => undefined);
  await poller?.stop().catch(() => undefined);
  // A start still in progress is waited for, then stopped: its java is running already.
  const dynamo = await dynamoStart?.catch(() => undefined);
  await dynamo?.stop().catch(() => undefined);
  if (inMemory) rmSync(filesDir, { recursive: true, force: true });
  process.exit(code);
}

/** One line that says what went wrong and, where it can, what to do. */
function failureLine(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return `Port ${port} is in use: set PORT to another port.`;
  if (code === 'EACCES') return `Port ${port} needs privileges: set PORT to 1024 or above.`;
  const message = error instanceof Error ? error.message : String(error);
  return `npm start stopped: ${message.split('\n')[0]}`;
}

process.on('SIGINT', () => void stop(0, 'Stopping…'));
process.on('SIGTERM', () => void stop(0, 'Stopping…'));
process.on('uncaughtException', (error) => void stop(1, failureLine(error)));
process.on('unhandledRejection', (reason) => void stop(1, failureLine(reason)));

async function main(): Promise<void> {
  // The browser app builds (only when missing or stale) while DynamoDB Local starts.
  const webBuild = ensureWebBuild((line) => process.stdout.write(`${line}\n`));
  dynamoStart = startDynamoLocal({ dbPath: inMemory ? undefined : join(dataDir, 'dynamodb') });
  const dynamo = await dynamoStart;
  await ensureTable(dynamo.endpoint, tableName);
  const maxLifetimeSeconds = loadTokenMaxLifetime();
  const devTokens = await createDevTokenIssuer(
    await localSecret('dev-signing-key.json', async () => (await createDevTokenIssuer()).privateJwk),
    maxLifetimeSeconds,
  );
  const idIndexKey = await localSecret('id-index-key.json', () => randomBytes(32).toString('hex'));

  // Photo files under .data/files/ (a throwaway directory in memory mode), served by the app's signed /local-files URLs.
  const photos = new LocalPhotoStore({
    directory: filesDir,
    secret: await localSecret('file-url-key.json', () => randomBytes(32).toString('hex')),
    origin: () => origin,
  });

  const db = createDb(tableName, { endpoint: dynamo.endpoint, region: localRegion, credentials: localCredentials }, idIndexKey);
  const ruleBook = ruleBookSource(db);
  // OUTREACH_FORECAST_URL points the forecast client elsewhere (tests point it at a closed port: no network in tests).
  const forecasts = openMeteo({ timeoutMs: 3000, retries: 1, ...(process.env['OUTREACH_FORECAST_URL'] ? { baseUrl: process.env['OUTREACH_FORECAST_URL'] } : {}) });
  const app = createApp({
    ruleBook,
    forecasts,
    stage: 'local',
    db,
    verifyToken: createTokenVerifier({ issuer: devTokens.issuer, audience: [devTokens.audience], keys: issuerKeys({ jwks: devTokens.jwks }), maxLifetimeSeconds }),
    idIndexKey,
    calendar: officialCalendar,
    rules: outreachRules,
    now: () => new Date(),
    photos,
    devTokens,
  });

  const notifier = localNotifier();
  const derivations = streamDerivations(db, campaignRules);
  // The checkpoint under .data/ lets a restart deliver, once, the events written while it was stopped.
  poller = await pollStream(
    dynamo.endpoint,
    tableName,
    async (records) => {
      // As the events Lambda: events published, encounters counted into sleeping-spot cells, audit views fanned out.
      const { failedSequenceNumber, error } = await publishStreamEvents(records as StreamRecord[], notifier, derivations);
      if (failedSequenceNumber) logger.warn('Stream record failed; retrying from it', { failedSequenceNumber, error });
      // The matching consumer of the same stream, as the matching Lambda in the cloud (idempotent: a resent batch is harmless).
      await matchFromStream({ db, rules: outreachRules, now: () => new Date(), ruleBook }, records as MatchingStreamRecord[]).catch((failure: unknown) =>
        logger.warn('Matching failed for a stream batch', { error: failure }),
      );
      return { failedSequenceNumber };
    },
    { checkpointFile: inMemory ? undefined : join(dataDir, 'stream-checkpoint.json') },
  );

  // The hourly sweep, as EventBridge runs it in the cloud (OUTREACH_SWEEP_MINUTES shortens it for a demo).
  sweep = startSweepTimer({ db, rules: outreachRules, calendar: officialCalendar, now: () => new Date(), ruleBook, forecasts, photos }, Number(process.env['OUTREACH_SWEEP_MINUTES'] || 60) * 60_000);
  // One probe of the forecast service (草街, in the background): offline, one line says so and the API goes on.
  void forecasts.forecast({ lat: 29.985, lng: 106.35 }, 2).then(
    () => undefined,
    (error: unknown) => process.stdout.write(`Forecasts unavailable (${error instanceof Error ? error.message.replace(/\.$/, '') : 'unknown'}): campaigns follow official warnings only.\n`),
  );

  await webBuild;
  const map = mapTilesFromEnv(process.env);
  const site = createStaticSite(webDistDir, { mode: 'local', ...(map ? { map } : {}) });

  // A listen error (port taken, no permission) rejects here; later server errors reach uncaughtException.
  server = await new Promise<ServerType>((resolve, reject) => {
    const listening = serve({ fetch: (request, env) => site.handle(request) ?? app.fetch(request, env), port, hostname: '127.0.0.1' }, () => {
      listening.off('error', reject);
      resolve(listening);
    });
    listening.once('error', reject);
  });

  const address = server.address();
  const base = `http://localhost:${typeof address === 'object' && address ? address.port : port}`;
  origin = base;
  process.stdout.write(
    [
      `Outreach API ready on ${base} in ${((Date.now() - started) / 1000).toFixed(1)} s (DynamoDB Local ${inMemory ? 'in memory' : `data in ${join(dataDir, 'dynamodb')}`}).`,
      `  App:           ${base}/   (sign in with a role; \`npm run seed\` loads demo data)`,
      `  API reference: ${base}/docs   OpenAPI: ${base}/openapi.json`,
      `  Get a token:   curl -s -X POST ${base}/v1/dev/tokens -H 'content-type: application/json' \\`,
      `                   -d '{"role":"admin","sub":"admin-1","district":"500117"}'`,
      '  Roles: patrol, shelter, tracer, admin. Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => stop(1, failureLine(error)));
