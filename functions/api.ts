// First: the lean fetch classes and zod without code generation, before Hono and the schemas load.
import '../shared/http/lambda-prelude.js';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { handle } from 'hono/aws-lambda';
import { loadConfig } from '../shared/config.js';
import { createTokenVerifier, remoteKeySet } from '../shared/http/auth.js';
import { createApp } from '../shared/http/app.js';
import { s3PhotoStore } from '../shared/files/photo-store.js';
import { createDb } from '../shared/store/client.js';
import { outreachRules } from '../shared/domain/rules.js';
import { officialCalendar } from '../shared/rules/calendar.js';
import { ruleBookSource } from '../shared/services/rules.js';
import { openMeteo } from '../shared/weather/forecast.js';

// Cold start: validate the configuration, build clients once. The two network reads (the ID-number
// index key from Secrets Manager, the issuer's key set) start here together and are awaited by the
// first request, so neither holds up the rest of init nor waits for the other.
const config = loadConfig();
const secretArn = process.env['ID_INDEX_SECRET_ARN'];
if (!secretArn) throw new Error('Invalid configuration: ID_INDEX_SECRET_ARN is required');
if (!config.PHOTOS_BUCKET) throw new Error('Invalid configuration: PHOTOS_BUCKET is required');
const photosBucket = config.PHOTOS_BUCKET;
const issuerKeySet = remoteKeySet(new URL(config.JWKS_URL ?? `${config.JWT_ISSUER}/.well-known/jwks.json`));

async function buildHandler() {
  const [secret] = await Promise.all([
    new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretArn })),
    // A failed prefetch is not fatal: jose fetches the set again on the first token.
    issuerKeySet.reload().catch(() => undefined),
  ]);
  if (!secret.SecretString) throw new Error('The ID-number index secret is empty');
  // One secret, two keys (HKDF purposes): the ID-number index and seal, and list cursors.
  const db = createDb(config.TABLE_NAME, {}, secret.SecretString);
  return handle(
    createApp({
      stage: config.STAGE,
      db,
      // The editable rules (/v1/rules), read with a 30-second cache; forecasts for POST /v1/campaigns/evaluate.
      ruleBook: ruleBookSource(db),
      forecasts: openMeteo(),
      verifyToken: createTokenVerifier({
        issuer: config.JWT_ISSUER,
        audience: config.JWT_AUDIENCE,
        rolesClaim: config.ROLES_CLAIM,
        maxLifetimeSeconds: config.TOKEN_MAX_LIFETIME_SECONDS,
        keys: issuerKeySet,
      }),
      idIndexKey: secret.SecretString,
      calendar: officialCalendar,
      rules: outreachRules,
      now: () => new Date(),
      // The S3 client loads on the first photo request, not at cold start.
      photos: s3PhotoStore({ bucket: photosBucket, region: config.AWS_REGION }),
    }),
  );
}

let ready = buildHandler();
// Surfaced by the first request; a failure is retried by the next one rather than cached.
ready.catch(() => undefined);

export const handler: ReturnType<typeof handle> = async (event, context) => {
  let app: Awaited<typeof ready>;
  try {
    app = await ready;
  } catch (error) {
    ready = buildHandler();
    ready.catch(() => undefined);
    throw error;
  }
  return app(event, context);
};
