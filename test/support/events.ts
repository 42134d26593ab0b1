import { randomUUID } from 'node:crypto';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../../shared/events/events.js';
import type { Db } from '../../shared/store/client.js';

/**
 * The domain events this client writes, in order: the event items of every TransactWriteItems that
 * succeeded (a cancelled transaction wrote none). The stream carries exactly these in production.
 */
export function captureEvents(db: Db): DomainEvent[] {
  const seen: DomainEvent[] = [];
  db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (/^TransactWrite/.test(String(context.commandName))) {
        for (const item of (args.input as TransactWriteCommandInput).TransactItems ?? []) {
          if (item.Put?.Item?.['type'] === 'event') seen.push(item.Put.Item['event'] as DomainEvent);
        }
      }
      return result;
    },
    { step: 'initialize', name: `events-${randomUUID()}` },
  );
  return seen;
}
