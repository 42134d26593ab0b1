import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../../shared/store/client.js';

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
