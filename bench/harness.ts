import { randomUUID } from 'node:crypto';
import type { Role } from '../shared/domain/access.js';
import { outreachRules } from '../shared/domain/rules.js';
import { s3PhotoStore } from '../shared/files/photo-store.js';
import { createApp } from '../shared/http/app.js';
import { createTokenVerifier, issuerKeys } from '../shared/http/auth.js';
import type { DevTokenIssuer } from '../shared/http/dev-tokens.js';
import { officialCalendar } from '../shared/rules/calendar.js';
import { countRequests, createDb, type Db } from '../shared/store/client.js';
import { ensureTable, localCredentials, localRegion } from '../infra/local/dynamo.js';

/** What one DynamoDB request looked like: its command, the index it used, how many items it examined. */
export type RequestRecord = { command: string; indexName?: string; scannedCount?: number };

/**
 * Records every request of a document client with its index and ScannedCount, beside the project's
 * `countRequests` counter (which stays the source of the counts).
 */
function recordRequests(db: Db) {
  let records: RequestRecord[] = [];
  db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName ?? 'unknown').replace(/Command$/, '');
      const input = args.input as { IndexName?: string };
      const result = await next(args);
      const output = result.output as { ScannedCount?: number };
      records.push({
        command,
        ...(input.IndexName ? { indexName: input.IndexName } : {}),
        ...(typeof output.ScannedCount === 'number' ? { scannedCount: output.ScannedCount } : {}),
      });
      return result;
    },
    { step: 'initialize', name: 'benchRequestRecorder' },
  );
  return {
    take: () => {
      const taken = records;
      records = [];
      return taken;
    },
  };
}

export type Harness = Awaited<ReturnType<typeof benchApp>>;

/** The app in this process on DynamoDB Local, in a table of its own, with a request counter and tokens. */
export async function benchApp(endpoint: string, tableName: string, tokens: DevTokenIssuer) {
  await ensureTable(endpoint, tableName);
  const secret = 'bench-id-index-key-0123456789abcdef';
  const db = createDb(tableName, { endpoint, region: localRegion, credentials: localCredentials }, secret);
  const requests = countRequests(db);
  const recorder = recordRequests(db);
  const app = createApp({
    stage: 'bench',
    db,
    verifyToken: createTokenVerifier({ issuer: tokens.issuer, audience: [tokens.audience], keys: issuerKeys({ jwks: tokens.jwks }) }),
    idIndexKey: secret,
    calendar: officialCalendar,
    rules: outreachRules,
    now: () => new Date(),
    // No bench route touches photos; the S3 client would load only on a photo request.
    photos: s3PhotoStore({ bucket: 'bench-photos', region: localRegion }),
  });

  /** Authorization header for a caller of a role in a district (a fixed subject, so replays match). */
  const as = async (role: Role, district: string) => ({
    authorization: `Bearer ${await tokens.issue({ role, sub: `bench-${role}-${district}`, district })}`,
  });

  /** A request; JSON body and an Idempotency-Key when given. */
  const send = (method: string, path: string, headers: Record<string, string>, body?: unknown, key?: string) =>
    app.request(path, {
      method,
      headers: {
        ...headers,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(key ? { 'idempotency-key': key } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  /** Sends and insists on a status; returns the parsed body. */
  const expect = async <T>(status: number, method: string, path: string, headers: Record<string, string>, body?: unknown, key?: string) => {
    const response = await send(method, path, headers, body, key);
    const text = await response.text();
    if (response.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${response.status}: ${text.slice(0, 400)}`);
    return { body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
  };

  return { app, db, requests, recorder, as, send, expect, newKey: () => randomUUID(), destroy: () => db.doc.destroy() };
}
