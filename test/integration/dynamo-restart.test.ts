/**
 * DynamoDB Local stopped and started again (same port, same data) in the middle of a burst of
 * encounter submissions, each with its own Idempotency-Key, from clients that retry as phones do
 * (on a 5xx, a lost connection or a 409 in flight, after Retry-After): every encounter is stored
 * exactly once, and every retry of one gets the same encounter back.
 *
 * DynamoDB Local itself can drop a write it acknowledged in the instant before it is stopped (a
 * standalone check of 4-item transactions from 8 clients lost 3 of 444 acknowledged ones over 30
 * stops, whole, never torn); DynamoDB in the cloud never does. The test tells that apart from a loss
 * of the app's: such an encounter must have been acknowledged within moments of the stop, and its
 * idempotency record must be gone with it, so that the phone's resend creates it (not a replay of
 * an encounter that was never stored). After those resends every encounter is stored exactly once.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalPhotoStore } from '../../shared/files/photo-store.js';
import { outreachRules } from '../../shared/domain/rules.js';
import { createApp } from '../../shared/http/app.js';
import { createTokenVerifier, issuerKeys } from '../../shared/http/auth.js';
import { createDevTokenIssuer } from '../../shared/http/dev-tokens.js';
import { officialCalendar } from '../../shared/rules/calendar.js';
import { createDb } from '../../shared/store/client.js';
import { ensureTable, freePort, localCredentials, localRegion, startDynamoLocal, type DynamoLocal } from '../../infra/local/dynamo.js';
import { registeredPerson } from '../support/persons.js';

const dataDir = mkdtempSync(join(tmpdir(), 'outreach-restart-'));
let dynamo: DynamoLocal | undefined;
afterAll(async () => {
  await dynamo?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const SUBMISSIONS = 40;
const CONCURRENCY = 8;

describe('DynamoDB Local restarted during a burst of encounter submissions', () => {
  it('stores each encounter exactly once after the clients retry', { timeout: 180_000 }, async () => {
    const port = await freePort();
    dynamo = await startDynamoLocal({ port, dbPath: dataDir });
    const endpoint = dynamo.endpoint;
    const tableName = 'outreach-restart';
    await ensureTable(endpoint, tableName);
    const tokens = await createDevTokenIssuer();
    const secret = 'restart-id-index-key-0123456789abcdef';
    // Few SDK retries and short timeouts, so that the outage reaches the clients as 503s.
    const db = createDb(tableName, { endpoint, region: localRegion, credentials: localCredentials, maxAttempts: 2, requestHandler: { connectionTimeout: 500, requestTimeout: 2000, throwOnRequestTimeout: true } }, secret);
    const app = createApp({
      stage: 'test',
      db,
      verifyToken: createTokenVerifier({ issuer: tokens.issuer, audience: [tokens.audience], keys: issuerKeys({ jwks: tokens.jwks }) }),
      idIndexKey: secret,
      calendar: officialCalendar,
      rules: outreachRules,
      now: () => new Date(),
      // No photo is sent here: a store in the test's own directory.
      photos: new LocalPhotoStore({ directory: join(dataDir, 'files'), secret: `${secret}-files`, origin: () => 'http://localhost' }),
    });
    const district = '500117';
    const admin = { authorization: `Bearer ${await tokens.issue({ role: 'admin', sub: 'restart-admin', district })}`, 'content-type': 'application/json' };
    const patrol = { authorization: `Bearer ${await tokens.issue({ role: 'patrol', sub: 'restart-patrol', district })}`, 'content-type': 'application/json' };
    const registered = await app.request('/v1/persons', { method: 'POST', headers: { ...admin, 'idempotency-key': randomUUID() }, body: JSON.stringify(registeredPerson(district, { guardians: [] })) });
    expect(registered.status).toBe(201);
    const personId = ((await registered.json()) as { person: { id: string } }).person.id;

    const outcomes = { retries: 0, statuses: new Map<number | string, number>() };
    /** One phone: the same body and key until the server says 2xx. */
    const submit = async (i: number) => {
      const key = randomUUID();
      const body = JSON.stringify({
        personId,
        occurredAt: new Date(Date.now() - (i + 1) * 60_000).toISOString(),
        location: { lat: 29.98, lng: 106.35, crs: 'WGS84' },
        actions: ['offered_water'],
      });
      const ids = new Set<string>();
      sent[i] = { key, body };
      for (let attempt = 0; attempt < 200; attempt += 1) {
        let status: number | string;
        let retryAfter = 0.2;
        try {
          const response = await app.request('/v1/encounters', { method: 'POST', headers: { ...patrol, 'idempotency-key': key }, body });
          status = response.status;
          const text = await response.text();
          if (status === 201) {
            ids.add((JSON.parse(text) as { encounter: { id: string } }).encounter.id);
            acknowledgedAt[i] = Date.now();
            return ids;
          }
          retryAfter = Number(response.headers.get('retry-after') ?? 0.2) || 0.2;
          if (status < 500 && status !== 409) throw new Error(`submission ${i}: ${status} ${text.slice(0, 200)}`);
        } catch (error) {
          if (error instanceof Error && error.message.startsWith('submission')) throw error;
          status = 'thrown';
        }
        outcomes.retries += 1;
        outcomes.statuses.set(status, (outcomes.statuses.get(status) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, Math.min(retryAfter, 1) * 1000));
      }
      throw new Error(`submission ${i} never succeeded`);
    };

    let next = 0;
    const results: Set<string>[] = [];
    const sent: { key: string; body: string }[] = [];
    const acknowledgedAt: number[] = [];
    const phone = async () => {
      while (next < SUBMISSIONS) {
        const i = next++;
        results[i] = await submit(i);
      }
    };
    const burst = Promise.all(Array.from({ length: CONCURRENCY }, phone));
    // Mid-burst: the database goes away and comes back on the same port with the same data.
    while (next < SUBMISSIONS / 4) await new Promise((resolve) => setTimeout(resolve, 10));
    const stopping = Date.now();
    await dynamo.stop();
    const stopped = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 500));
    dynamo = await startDynamoLocal({ port, dbPath: dataDir });
    await burst;

    // Each phone saw one encounter id however often it retried.
    expect(results.every((ids) => ids.size === 1)).toBe(true);
    const storedEncounters = async () => {
      const stored: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await app.request(`/v1/persons/${personId}/encounters?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { headers: admin });
        expect(page.status).toBe(200);
        const body = (await page.json()) as { items: { id: string }[]; nextCursor: string | null };
        stored.push(...body.items.map((item) => item.id));
        cursor = body.nextCursor;
      } while (cursor);
      return stored;
    };
    const acknowledged = results.map((ids) => [...ids][0] as string);
    const stored = await storedEncounters();
    // Nothing twice, nothing no phone was told of.
    expect(new Set(stored).size).toBe(stored.length);
    expect(stored.filter((id) => !acknowledged.includes(id))).toEqual([]);
    // What DynamoDB Local dropped: acknowledged just before it stopped, and gone whole, so the resend creates it.
    const dropped = acknowledged.flatMap((id, i) => (stored.includes(id) ? [] : [i]));
    for (const i of dropped) {
      expect(acknowledgedAt[i]).toBeGreaterThanOrEqual(stopping - 2_000);
      expect(acknowledgedAt[i]).toBeLessThanOrEqual(stopped);
      const { key, body } = sent[i] as { key: string; body: string };
      const resent = await app.request('/v1/encounters', { method: 'POST', headers: { ...patrol, 'idempotency-key': key }, body });
      expect(resent.status).toBe(201);
      expect(resent.headers.get('idempotent-replayed')).toBeNull();
      results[i] = new Set([((await resent.json()) as { encounter: { id: string } }).encounter.id]);
    }
    const final = await storedEncounters();
    expect(final.length).toBe(SUBMISSIONS);
    expect(new Set(final)).toEqual(new Set(results.map((ids) => [...ids][0])));
    // The outage was real: some submissions had to be retried.
    expect(outcomes.retries).toBeGreaterThan(0);
    process.stdout.write(
      `restart: ${SUBMISSIONS} submissions, ${outcomes.retries} retries ${JSON.stringify(Object.fromEntries(outcomes.statuses))}, ${stored.length} stored, ${dropped.length} dropped by DynamoDB Local and resent, ${final.length} stored in the end\n`,
    );
    db.doc.destroy();
  });
});
