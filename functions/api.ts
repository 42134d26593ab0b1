import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createRemoteJWKSet } from 'jose';
import { handle } from 'hono/aws-lambda';
import { loadConfig } from '../shared/config.js';
import { createTokenVerifier } from '../shared/http/auth.js';
import { createApp } from '../shared/http/app.js';
import { createDb } from '../shared/store/client.js';
import { outreachRules } from '../shared/domain/rules.js';
import { officialCalendar } from '../shared/rules/calendar.js';

// Cold start: validate the configuration, build clients once. The two network reads (the ID-number
// index key from Secrets Manager, the issuer's key set) start here together and are awaited by the
// first request, so neither holds up the rest of init nor waits for the other.
const config = loadConfig();
const secretArn = process.env['ID_INDEX_SECRET_ARN'];
if (!secretArn) throw new Error('Invalid configuration: ID_INDEX_SECRET_ARN is required');
const issuerKeySet = createRemoteJWKSet(new URL(config.JWKS_URL ?? `${config.JWT_ISSUER}/.well-known/jwks.json`));

async function buildHandler() {
  const [secret] = await Promise.all([
    new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretArn })),
    // A failed prefetch is not fatal: jose fetches the set again on the first token.
    issuerKeySet.reload().catch(() => undefined),
  ]);
  if (!secret.SecretString) throw new Error('The ID-number index secret is empty');
  return handle(
    createApp({
      stage: config.STAGE,
      // One secret, two keys (HKDF purposes): the ID-number index and seal, and list cursors.
      db: createDb(config.TABLE_NAME, {}, secret.SecretString),
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
