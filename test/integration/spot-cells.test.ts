import { randomUUID } from 'node:crypto';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
// The app first: its routes extend zod with OpenAPI metadata before any domain schema is built.
import { testApp, uniqueDistrict } from '../support/app.js';
import { pollStream } from '../../infra/local/stream-poller.js';
import { campaignRules } from '../../shared/domain/rules.js';
import { publishStreamEvents, type StreamRecord } from '../../shared/events/events.js';
import { lastSeenIn, spotCellsFromStream, spotCellsOf } from '../../shared/store/positions.js';
import { encounterStream } from '../support/campaigns.js';
import { registeredPerson } from '../support/persons.js';

type Written = NonNullable<TransactWriteCommandInput['TransactItems']>;

/** A district with a patrol worker, a way to register persons and to meet them, and every transaction written. */
async function setup() {
  const harness = await testApp();
  const district = uniqueDistrict();
  const admin = await harness.as('admin', { district });
  const patrol = await harness.as('patrol', { district });
  const transactions: Written[] = [];
  harness.db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      if (/^TransactWrite/.test(String(context.commandName))) transactions.push((args.input as TransactWriteCommandInput).TransactItems ?? []);
      return next(args);
    },
    { step: 'initialize', name: `transactions-${randomUUID()}` },
  );
  const register = async (name: string) => {
    const response = await harness.send('POST', '/v1/persons', admin, registeredPerson(district, { name, guardians: [] }));
    expect(response.status).toBe(201);
    return ((await response.json()) as { person: { id: string } }).person.id;
  };
  const meet = async (personId: string, occurredAt: string, lat: number, lng: number, health = 'well') => {
    const response = await harness.send('POST', '/v1/encounters', patrol, { personId, occurredAt, location: { lat, lng, crs: 'WGS84' }, condition: { health } });
    expect(response.status, await response.clone().text()).toBe(201);
    return ((await response.json()) as { encounter: { id: string } }).encounter.id;
  };
  return { ...harness, district, register, meet, transactions };
}

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3600_000).toISOString();
const month = (at: string) => new Date(Date.parse(at) + 8 * 3600_000).toISOString().slice(0, 7);

describe('the campaign indexes an encounter keeps', () => {
  it('writes the last position on the person item inside the encounter’s transaction: no item of its own, no spot cell', async () => {
    const h = await setup();
    const personId = await h.register('王小明');
    h.transactions.length = 0;
    await h.meet(personId, hoursAgo(2), 29.9852, 106.3496, 'unwell');

    const [written] = h.transactions;
    const keysWritten = (written ?? []).map((item) => String((item.Put?.Item ?? item.Update?.Key)?.['pk']).replace(/#.*/, ''));
    // The key's record, the sighting (with the position), the encounter, the audit entry.
    expect(keysWritten.sort()).toEqual(['AUDIT', 'IDEM', 'PERSON', 'PERSON']);
    const lastSeen = await lastSeenIn(h.db, h.district);
    expect(lastSeen.positions).toEqual([{ personId, at: expect.any(String), lat: 29.9852, lng: 106.3496, health: 'unwell' }]);
    expect(lastSeen.summaries.get(personId)).toMatchObject({ id: personId, name: '王小明' });

    // An earlier encounter recorded late does not move the position; a newer one does.
    await h.meet(personId, hoursAgo(5), 29.9, 106.3);
    expect((await lastSeenIn(h.db, h.district)).positions).toEqual([expect.objectContaining({ lat: 29.9852, health: 'unwell' })]);
    await h.meet(personId, hoursAgo(1), 29.99, 106.35);
    expect((await lastSeenIn(h.db, h.district)).positions).toEqual([expect.objectContaining({ lat: 29.99, lng: 106.35, health: 'well' })]);
  });

  it('counts each encounter once in its sleeping-spot cell from the stream, however often the record comes', async () => {
    const h = await setup();
    const stream = encounterStream(h.db);
    const [a, b] = [await h.register('李娟'), await h.register('张三')];
    const at = hoursAgo(3);
    await h.meet(a, at, 29.9852, 106.3496);
    await h.meet(b, hoursAgo(2), 29.98521, 106.34961);
    await h.meet(a, hoursAgo(20 * 24), 29.5, 106.5);
    // Nothing is counted until the stream delivers.
    expect(await spotCellsOf(h.db, h.district, '2000-01', '2999-12')).toEqual([]);

    expect(await stream.deliver()).toBe(3);
    await stream.again();
    await stream.again();
    const cells = await spotCellsOf(h.db, h.district, '2000-01', '2999-12');
    const shared = cells.find((cell) => cell.month === month(at) && cell.count === 2);
    expect(shared).toMatchObject({ count: 2, people: expect.arrayContaining([a, b]) });
    expect(shared?.people).toHaveLength(2);
    expect(shared?.sumLat).toBeCloseTo(29.9852 + 29.98521, 6);
    expect(cells.reduce((sum, cell) => sum + cell.count, 0)).toBe(3);
  });
});

describe('spot cells under the local runtime’s stream poller', () => {
  let poller: { stop: () => Promise<void> };
  let harness: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    harness = await setup();
    // As infra/local/server.ts wires it: events published, new encounters counted into their cells.
    poller = await pollStream(inject('dynamoEndpoint'), inject('tableName'), async (records) => {
      const { failedSequenceNumber } = await publishStreamEvents(records as StreamRecord[], { publish: async () => undefined }, spotCellsFromStream(harness.db, campaignRules));
      return { failedSequenceNumber };
    }, 100);
  });
  afterAll(async () => poller.stop());

  it('counts an encounter written through the API once the stream has carried it', async () => {
    const personId = await harness.register('赵六');
    await harness.meet(personId, hoursAgo(1), 29.97, 106.33);
    const counted = async () => (await spotCellsOf(harness.db, harness.district, '2000-01', '2999-12')).reduce((sum, cell) => sum + cell.count, 0);
    for (const deadline = Date.now() + 10_000; Date.now() < deadline && (await counted()) === 0; ) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await counted()).toBe(1);
  });
});
