/**
 * The API function as functions/api.ts builds it, for the simulated cold start. Two inputs come
 * from the environment instead of AWS: the ID-number index key (functions/api.ts reads it from
 * Secrets Manager) and the issuer's key set (a local JWKS instead of the issuer's URL). DynamoDB is
 * reached through the SDK's standard `AWS_ENDPOINT_URL_DYNAMODB` variable, so the client is built
 * exactly as in production: `createDb(config.TABLE_NAME, {}, secret)`. Every other dependency is
 * functions/api.ts's own, the rule book (read from the table by the first request) and the forecast
 * client included: keep the two files in step.
 */
// First, as in functions/api.ts: the lean fetch classes and zod without code generation.
import '../shared/http/lambda-prelude.js';
import { handle } from 'hono/aws-lambda';
import type { JSONWebKeySet } from 'jose';
import { loadConfig } from '../shared/config.js';
import { createTokenVerifier, issuerKeys } from '../shared/http/auth.js';
import { createApp } from '../shared/http/app.js';
import { s3PhotoStore } from '../shared/files/photo-store.js';
import { createDb } from '../shared/store/client.js';
import { outreachRules } from '../shared/domain/rules.js';
import { officialCalendar } from '../shared/rules/calendar.js';
import { ruleBookSource } from '../shared/services/rules.js';
import { openMeteo } from '../shared/weather/forecast.js';

const config = loadConfig();
const idIndexKey = process.env['BENCH_ID_INDEX_KEY'];
const jwks = process.env['BENCH_JWKS'];
if (!idIndexKey || !jwks) throw new Error('BENCH_ID_INDEX_KEY and BENCH_JWKS are required');

const db = createDb(config.TABLE_NAME, {}, idIndexKey);
const app = createApp({
  stage: config.STAGE,
  db,
  ruleBook: ruleBookSource(db),
  forecasts: openMeteo(),
  verifyToken: createTokenVerifier({
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    rolesClaim: config.ROLES_CLAIM,
    maxLifetimeSeconds: config.TOKEN_MAX_LIFETIME_SECONDS,
    keys: issuerKeys({ jwks: JSON.parse(jwks) as JSONWebKeySet }),
  }),
  idIndexKey,
  calendar: officialCalendar,
  rules: outreachRules,
  now: () => new Date(),
  photos: s3PhotoStore({ bucket: process.env['PHOTOS_BUCKET'] ?? 'bench-photos', region: config.AWS_REGION }),
});

export const handler = handle(app);
