import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { handle } from 'hono/aws-lambda';
import { loadConfig } from '../shared/config.js';
import { createTokenVerifier, issuerKeys } from '../shared/http/auth.js';
import { createApp } from '../shared/http/app.js';
import { s3PhotoStore } from '../shared/files/photo-store.js';
import { createDb } from '../shared/store/client.js';
import { outreachRules } from '../shared/domain/rules.js';
import { officialCalendar } from '../shared/rules/calendar.js';
import { ruleBookSource } from '../shared/services/rules.js';
import { openMeteo } from '../shared/weather/forecast.js';

// Cold start: validate the configuration, build clients once, fetch the ID-number index key once.
const config = loadConfig();
const secretArn = process.env['ID_INDEX_SECRET_ARN'];
if (!secretArn) throw new Error('Invalid configuration: ID_INDEX_SECRET_ARN is required');
if (!config.PHOTOS_BUCKET) throw new Error('Invalid configuration: PHOTOS_BUCKET is required');
const secret = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretArn }));
if (!secret.SecretString) throw new Error('The ID-number index secret is empty');

// One secret, two keys (HKDF purposes): the ID-number index and seal, and list cursors.
const db = createDb(config.TABLE_NAME, {}, secret.SecretString);
const app = createApp({
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
    keys: issuerKeys({ jwksUrl: config.JWKS_URL ?? `${config.JWT_ISSUER}/.well-known/jwks.json` }),
  }),
  idIndexKey: secret.SecretString,
  calendar: officialCalendar,
  rules: outreachRules,
  now: () => new Date(),
  // The S3 client loads on the first photo request, not at cold start.
  photos: s3PhotoStore({ bucket: config.PHOTOS_BUCKET, region: config.AWS_REGION }),
});

export const handler = handle(app);
