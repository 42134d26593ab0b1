import { randomUUID } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { Role } from '../../shared/domain/access.js';
import { LocalPhotoStore } from '../../shared/files/photo-store.js';
import { createApp } from '../../shared/http/app.js';
import { createTokenVerifier, issuerKeys } from '../../shared/http/auth.js';
import { createDevTokenIssuer, type DevTokenIssuer } from '../../shared/http/dev-tokens.js';
import { auditViewsFromStream } from '../../shared/store/audit.js';
import { countRequests, createDb, type Db } from '../../shared/store/client.js';
import type { BatchWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { localCredentials, localRegion } from '../../infra/local/dynamo.js';
import { outreachRules } from '../../shared/domain/rules.js';
import { officialCalendar } from '../../shared/rules/calendar.js';
import { ruleBookSource } from '../../shared/services/rules.js';
import type { ForecastProvider } from '../../shared/weather/forecast.js';

/** The secret of the test app: ID-number index and seal, and cursor sealing. */
export const TEST_SECRET = 'test-id-index-key-0123456789abcdef';

let issuerPromise: Promise<DevTokenIssuer> | undefined;
const issuer = () => (issuerPromise ??= createDevTokenIssuer());

/**
 * A fresh 6-digit district code, so each test's lists hold only its own records: drawn at random
 * and claimed for the run (a file created only if absent, across the run's workers), since a few
 * hundred random codes of 900,000 meet each other in about one run in ten. `apartFrom`: a code in
 * another province (the first two digits), for tests where a province in common would let one
 * district's facilities serve the other's people.
 */
/** A county-level code under a prefix (GB/T 2260: a county's code never ends in 00, which names a city or a province). */
export function countyCodeIn(prefix: string): string {
  const free = 6 - prefix.length;
  for (;;) {
    const code = `${prefix}${String(Math.floor(Math.random() * 10 ** free)).padStart(free, '0')}`;
    if (!code.endsWith('00')) return code;
  }
}

export function uniqueDistrict(apartFrom?: string): string {
  for (;;) {
    const code = String(100000 + Math.floor(Math.random() * 899999));
    // A code ending in 00 is a city's or a province's (an office of it reads, and writes nowhere): never a district's.
    if (code.endsWith('00')) continue;
    if (apartFrom && code.slice(0, 2) === apartFrom.slice(0, 2)) continue;
    // A code ending in 00 is a city's or province's (a wider jurisdiction), never a district's.
    if (code.endsWith('00')) continue;
    try {
      closeSync(openSync(join(inject('districtClaims'), code), 'wx'));
      return code;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** The app on the run's DynamoDB Local, with a request counter and a token minter. */
export async function testApp(
  options: { stage?: string; now?: () => Date; filesNow?: () => number; filesOrigin?: () => string; editableRules?: boolean; forecasts?: ForecastProvider; tableName?: string } = {},
) {
  const tokens = await issuer();
  const db = createDb(options.tableName ?? inject('tableName'), { endpoint: inject('dynamoEndpoint'), region: localRegion, credentials: localCredentials }, TEST_SECRET);
  const requests = countRequests(db);
  const stage = options.stage ?? 'local';
  // Photo files in a directory of this app's own (made on the first write, so apps that keep no photo
  // leave nothing behind), served at http://localhost/local-files/… (app.request takes full URLs), or at
  // the origin a browser test serves the app from.
  const filesDirectory = join(tmpdir(), `outreach-files-${randomUUID()}`);
  const photos = new LocalPhotoStore({ directory: filesDirectory, secret: `${TEST_SECRET}-files`, origin: options.filesOrigin ?? (() => 'http://localhost'), ...(options.filesNow ? { now: options.filesNow } : {}) });
  const app = createApp({
    stage,
    db,
    verifyToken: createTokenVerifier({ issuer: tokens.issuer, audience: [tokens.audience], keys: issuerKeys({ jwks: tokens.jwks }) }),
    idIndexKey: TEST_SECRET,
    calendar: officialCalendar,
    rules: outreachRules,
    now: options.now ?? (() => new Date()),
    photos,
    ...(options.editableRules ? { ruleBook: ruleBookSource(db) } : {}),
    ...(options.forecasts ? { forecasts: options.forecasts } : {}),
    ...(stage === 'local' ? { devTokens: tokens } : {}),
  });

  /** Authorization header for a caller of a role (and district). */
  const as = async (role: Role, claims: { district?: string; facility?: string; sub?: string } = {}) => ({
    authorization: `Bearer ${await tokens.issue({ role, sub: claims.sub ?? `${role}-${randomUUID()}`, ...claims })}`,
  });

  /** A JSON request, with an Idempotency-Key unless `key: null`. */
  const send = (method: string, path: string, headers: Record<string, string>, body?: unknown, key: string | null = randomUUID()) =>
    app.request(path, {
      method,
      headers: { ...headers, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  return { app, db, requests, as, send, tokens, photos, filesDirectory, auditViews: auditViewStream(db) };
}

/**
 * The stream's side of the audit, as the events consumer does it under `npm start` and in the cloud:
 * every audit view (a list or search's one item naming the subjects shown) written from now on is
 * kept, and `deliver()` fans those not yet delivered out to their subjects' trails.
 */
export function auditViewStream(db: Db) {
  const pending: Record<string, unknown>[] = [];
  db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (/^BatchWrite/.test(String(context.commandName))) {
        for (const requests of Object.values((args.input as BatchWriteCommandInput).RequestItems ?? {}))
          for (const request of requests) if (request.PutRequest?.Item?.['type'] === 'auditView') pending.push(request.PutRequest.Item);
      }
      return result;
    },
    { step: 'initialize', name: `audit-views-${randomUUID()}` },
  );
  const fanOut = auditViewsFromStream(db);
  return {
    deliver: async () => {
      const views = pending.splice(0);
      for (const view of views) await fanOut(view);
      return views.length;
    },
  };
}
