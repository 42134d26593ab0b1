import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { campaignRules } from '../../shared/domain/rules.js';
import { publishStreamEvents, type StreamRecord } from '../../shared/events/events.js';
import type { Db } from '../../shared/store/client.js';
import { spotCellsFromStream } from '../../shared/store/positions.js';

/** A square area of about 2 km around 草街 (29.98 N, 106.35 E). */
export const caojieBoundary = {
  type: 'Polygon' as const,
  coordinates: [[[106.34, 29.97], [106.36, 29.97], [106.36, 29.99], [106.34, 29.99], [106.34, 29.97]]],
};

/** A CAP fixture's text. */
export const capFixture = (name: string) => readFileSync(new URL(`../fixtures/cap/${name}`, import.meta.url), 'utf8');

export type CapturedEvent = { kind: string; district: string; severity: string; subjectId: string; payload: Record<string, unknown> };

/** Records the domain events of every transaction that commits (they leave through the stream in the cloud). */
export function captureEvents(db: Db) {
  const seen: CapturedEvent[] = [];
  db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (/^TransactWrite/.test(String(context.commandName))) {
        for (const item of (args.input as TransactWriteCommandInput).TransactItems ?? []) if (item.Put?.Item?.['type'] === 'event') seen.push(item.Put.Item['event'] as CapturedEvent);
      }
      return result;
    },
    { step: 'initialize', name: `events-${randomUUID()}` },
  );
  return seen;
}

/**
 * The stream's side of encounters, as the events consumer does it under `npm start` and in the
 * cloud: every encounter item committed from now on is kept, and `deliver()` hands those not yet
 * delivered to the consumer as INSERT records (`again` hands over the last batch once more, as a
 * stream may). Until then the sleeping-spot cells do not count them.
 */
export function encounterStream(db: Db) {
  const pending: Record<string, unknown>[] = [];
  let last: Record<string, unknown>[] = [];
  db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (/^TransactWrite/.test(String(context.commandName))) {
        for (const item of (args.input as TransactWriteCommandInput).TransactItems ?? []) if (item.Put?.Item?.['type'] === 'encounter') pending.push(item.Put.Item);
      }
      return result;
    },
    { step: 'initialize', name: `encounter-stream-${randomUUID()}` },
  );
  const handOver = async (items: Record<string, unknown>[]) => {
    const records: StreamRecord[] = items.map((item) => ({ eventName: 'INSERT', dynamodb: { NewImage: marshall(item, { removeUndefinedValues: true }) } }));
    // Records without sequence numbers: a failure is thrown, not reported.
    await publishStreamEvents(records, { publish: async () => undefined }, spotCellsFromStream(db, campaignRules));
  };
  return {
    deliver: async () => {
      last = pending.splice(0);
      await handOver(last);
      return last.length;
    },
    again: () => handOver(last),
  };
}
