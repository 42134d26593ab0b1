/**
 * A list or search writes one audit view in the request (the caller and every subject shown); the
 * stream consumer fans it out to each subject's trail, exactly once however often a record comes.
 * Here the real stream of DynamoDB Local carries it, read by the poller `npm start` runs.
 */
import { randomUUID } from 'node:crypto';
import type { BatchWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureTable } from '../../infra/local/dynamo.js';
import { pollStream } from '../../infra/local/stream-poller.js';
import { campaignRules } from '../../shared/domain/rules.js';
import { streamDerivations } from '../../shared/events/derivations.js';
import { publishStreamEvents, type StreamRecord } from '../../shared/events/events.js';
import { auditEntriesOfView, auditViewsFromStream } from '../../shared/store/audit.js';
import { testApp, uniqueDistrict } from '../support/app.js';
import { registeredPerson } from '../support/persons.js';

const tableName = `outreach-audit-${randomUUID().slice(0, 8)}`;
let harness: Awaited<ReturnType<typeof testApp>>;
let poller: { stop: () => Promise<void> } | undefined;
const district = uniqueDistrict();
const ids: string[] = [];

/** The items each BatchWriteItem of the harness's client put, by type. */
function capturePuts() {
  const types: string[] = [];
  harness.db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      if (/^BatchWrite/.test(String(context.commandName)))
        for (const requests of Object.values((args.input as BatchWriteCommandInput).RequestItems ?? {})) for (const request of requests) types.push(String(request.PutRequest?.Item?.['type']));
      return next(args);
    },
    { step: 'initialize', name: `puts-${randomUUID()}` },
  );
  return types;
}

const auditOf = async (subjectId: string, headers: Record<string, string>) =>
  ((await (await harness.app.request(`/v1/audit?subjectId=${subjectId}&limit=100`, { headers })).json()) as { items: { id: string; action: string; actor: string; requestId: string }[] }).items;

beforeAll(async () => {
  await ensureTable(inject('dynamoEndpoint'), tableName);
  harness = await testApp({ tableName });
  const admin = await harness.as('admin', { district });
  for (let i = 0; i < 12; i += 1) {
    const response = await harness.send('POST', '/v1/persons', admin, registeredPerson(district, { name: `李${'一二三四五六七八九十甲乙'[i]}`, birthYear: 1940 + i }));
    expect(response.status).toBe(201);
    ids.push(((await response.json()) as { person: { id: string } }).person.id);
  }
});
afterAll(async () => {
  await poller?.stop();
});

describe('audit views: one write per list, fanned out by the stream', () => {
  it('a list of 12 writes one view item in the request; the stream gives each subject its entry within seconds', { timeout: 60_000 }, async () => {
    const derive = streamDerivations(harness.db, campaignRules);
    poller = await pollStream(inject('dynamoEndpoint'), tableName, async (records) => publishStreamEvents(records as StreamRecord[], { publish: async () => undefined }, derive));
    const headers = await harness.as('admin', { district, sub: 'office-reader' });
    const puts = capturePuts();

    const listed = (await (await harness.app.request(`/v1/persons?district=${district}&limit=100`, { headers })).json()) as { items: { id: string }[] };
    const shown = listed.items.map((item) => item.id).sort();
    expect(shown).toEqual([...ids].sort());
    expect(puts).toEqual(['auditView']);

    const started = Date.now();
    const reader = await harness.as('admin', { district });
    let trails: Awaited<ReturnType<typeof auditOf>>[] = [];
    for (;;) {
      trails = await Promise.all(shown.map((id) => auditOf(id, reader)));
      if (trails.every((trail) => trail.some((entry) => entry.action === 'person.list'))) break;
      if (Date.now() - started > 20_000) throw new Error('the stream did not fan the view out within 20 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    process.stdout.write(`audit view fan-out: ${shown.length} subjects on their trails ${Date.now() - started} ms after the list answered\n`);
    for (const trail of trails) {
      const listings = trail.filter((entry) => entry.action === 'person.list');
      expect(listings).toHaveLength(1);
      expect(listings[0]).toMatchObject({ actor: 'office-reader' });
    }
  });

  it('lists answered at the same time share their writes: each view is written before its answer, in fewer requests', { timeout: 60_000 }, async () => {
    const headers = await harness.as('admin', { district, sub: 'office-group' });
    const writes: number[] = [];
    const name = `count-${randomUUID()}`;
    harness.db.doc.middlewareStack.add(
      (next, context) => async (args) => {
        // Views only: the stream poller started above fans earlier views out through the same client.
        if (/^BatchWrite/.test(String(context.commandName))) {
          const views = Object.values((args.input as BatchWriteCommandInput).RequestItems ?? {}).reduce((sum, requests) => sum + requests.filter((request) => request.PutRequest?.Item?.['type'] === 'auditView').length, 0);
          if (views > 0) writes.push(views);
        }
        return next(args);
      },
      { step: 'initialize', name },
    );
    const answers = await Promise.all(Array.from({ length: 12 }, () => harness.app.request(`/v1/persons?district=${district}&limit=5`, { headers })));
    harness.db.doc.middlewareStack.remove(name);
    expect(answers.map((answer) => answer.status)).toEqual(Array(12).fill(200));
    // Twelve views, each of five persons shown, all written, in fewer than twelve requests.
    expect(writes.reduce((sum, n) => sum + n, 0)).toBe(12);
    expect(writes.length).toBeLessThan(12);
    expect(Math.max(...writes)).toBeLessThanOrEqual(25);
  });

  it('when the shared write fails, every list waiting on it fails too: no list answers without its audit', { timeout: 60_000 }, async () => {
    const headers = await harness.as('admin', { district, sub: 'office-fault' });
    const name = `fail-${randomUUID()}`;
    harness.db.doc.middlewareStack.add(
      (next, context) => async (args) => {
        if (/^BatchWrite/.test(String(context.commandName))) throw Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable', $fault: 'server' });
        return next(args);
      },
      { step: 'initialize', name },
    );
    try {
      const answers = await Promise.all(Array.from({ length: 6 }, () => harness.app.request(`/v1/persons?district=${district}&limit=5`, { headers })));
      expect(answers.every((answer) => answer.status >= 500)).toBe(true);
    } finally {
      harness.db.doc.middlewareStack.remove(name);
    }
    const after = await harness.app.request(`/v1/persons?district=${district}&limit=5`, { headers });
    expect(after.status).toBe(200);
  });

  it('a view of one action stores the ids shown, and fans out to the same entries as one of facts', () => {
    const common = { id: randomUUID(), type: 'auditView', at: '2026-12-07T04:00:00.000Z', actor: 'patrol-3', role: 'patrol', requestId: 'req-compact' };
    const compact = { ...common, action: 'person.search', subjectType: 'person', subjectIds: ids.slice(0, 4) };
    const longhand = { ...common, facts: ids.slice(0, 4).map((subjectId) => ({ action: 'person.search', subjectType: 'person', subjectId })) };
    expect(auditEntriesOfView(compact)).toEqual(auditEntriesOfView(longhand));
    expect(auditEntriesOfView(compact).map((entry) => entry.subjectId)).toEqual(ids.slice(0, 4));
  });

  it('a view delivered again writes the same entries, not a second set', async () => {
    const view = {
      id: randomUUID(),
      type: 'auditView',
      at: '2026-12-07T04:00:00.000Z',
      actor: 'tracer-7',
      role: 'tracer',
      requestId: 'req-1',
      facts: ids.slice(0, 3).map((subjectId) => ({ action: 'tracing.list', subjectType: 'person', subjectId })),
    };
    expect(auditEntriesOfView(view).map((entry) => entry.id)).toEqual([0, 1, 2].map((i) => `${view.id}.${i}`));
    const fanOut = auditViewsFromStream(harness.db);
    await fanOut(view);
    await fanOut(view);
    const reader = await harness.as('admin', { district });
    for (const subjectId of ids.slice(0, 3)) {
      const entries = (await auditOf(subjectId, reader)).filter((entry) => entry.requestId === 'req-1');
      expect(entries).toHaveLength(1);
    }
  });
});
