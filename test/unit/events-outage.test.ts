/**
 * An SNS outage through the events function (functions/events.ts) as Lambda's event source mapping
 * drives it (ReportBatchItemFailures, bisect on error, MaximumRetryAttempts 3, the DLQ as on-failure
 * destination; the stack test pins those settings): every event is either published or parked in
 * the DLQ, never lost, never published twice, and in order.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const sns = mockClient(SNSClient);
let handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

beforeAll(async () => {
  process.env['TOPIC_ARN'] = 'arn:aws-cn:sns:cn-northwest-1:123456789012:outreach-events';
  process.env['TABLE_NAME'] ??= 'outreach-test';
  ({ handler } = (await import('../../functions/events.js')) as unknown as { handler: typeof handler });
});
afterAll(() => sns.restore());
beforeEach(() => sns.reset());

const MAX_RETRIES = 3;

/** Lambda's stream event source mapping, reduced to what decides delivery: retries, bisection, the DLQ. */
async function eventSourceMapping(records: DynamoDBRecord[]) {
  const parked: DynamoDBRecord[] = [];
  const queue: DynamoDBRecord[][] = [records];
  while (queue.length) {
    let batch = queue.shift() ?? [];
    let attempts = 0;
    while (batch.length) {
      const { batchItemFailures } = await handler({ Records: batch });
      const failed = batchItemFailures[0]?.itemIdentifier;
      if (!failed) break;
      // Retry from the failed record; past the retries, bisect once, then park the rest in the DLQ.
      batch = batch.slice(batch.findIndex((r) => r.dynamodb?.SequenceNumber === failed));
      attempts += 1;
      if (attempts > MAX_RETRIES) {
        if (batch.length > 1) {
          const half = Math.ceil(batch.length / 2);
          queue.unshift(batch.slice(0, half), batch.slice(half));
        } else parked.push(...batch);
        break;
      }
    }
  }
  return parked;
}

const record = (n: number): DynamoDBRecord => ({
  eventName: 'INSERT',
  dynamodb: {
    SequenceNumber: String(1000 + n),
    NewImage: marshall({
      pk: `EVENT#e-${n}`,
      sk: 'EVENT',
      type: 'event',
      event: { id: `e-${n}`, kind: 'person_found', district: '500117', severity: 'urgent', occurredAt: '2026-11-28T04:00:00.000Z', subjectId: `p-${n}`, payload: {} },
    }) as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'],
  },
});
const published = () => sns.commandCalls(PublishCommand).map((call) => JSON.parse(call.args[0].input.Message ?? '{}') as { id: string });

describe('an SNS outage through the events function', () => {
  it('parks every event in the DLQ while SNS is down, publishing none', async () => {
    sns.on(PublishCommand).rejects(new Error('Service Unavailable'));
    const records = Array.from({ length: 8 }, (_, i) => record(i));
    const parked = await eventSourceMapping(records);
    expect(parked.map((r) => r.dynamodb?.SequenceNumber)).toEqual(records.map((r) => r.dynamodb?.SequenceNumber));
    expect(sns.commandCalls(PublishCommand).length).toBeGreaterThan(records.length);
  });

  it('publishes each event once, in order, when SNS comes back within the retries', async () => {
    let calls = 0;
    sns.on(PublishCommand).callsFake(() => {
      calls += 1;
      // Down for the first publishes of the 3rd event and the one after, then back.
      if (calls === 3 || calls === 4) throw new Error('Throttled');
      return { MessageId: `m-${calls}` };
    });
    const records = Array.from({ length: 8 }, (_, i) => record(i));
    const parked = await eventSourceMapping(records);
    expect(parked).toEqual([]);
    const ids = published().map((m) => m.id);
    // The failed attempts are in the calls too; what reached SNS is each event once, in order.
    expect([...new Set(ids)]).toEqual(records.map((_, i) => `e-${i}`));
    expect(sns.commandCalls(PublishCommand)).toHaveLength(records.length + 2);
  });

  it('a record SNS keeps refusing is parked alone; the others are published once', async () => {
    sns.on(PublishCommand).callsFake((input: { Message?: string }) => {
      if ((JSON.parse(input.Message ?? '{}') as { id: string }).id === 'e-5') throw new Error('InvalidParameter');
      return { MessageId: 'ok' };
    });
    const records = Array.from({ length: 8 }, (_, i) => record(i));
    const parked = await eventSourceMapping(records);
    expect(parked.map((r) => r.dynamodb?.SequenceNumber)).toEqual(['1005']);
    const delivered = sns.commandCalls(PublishCommand).filter((call) => !call.args[0].input.Message?.includes('"e-5"'));
    expect(delivered.map((call) => (JSON.parse(call.args[0].input.Message ?? '{}') as { id: string }).id)).toEqual(['e-0', 'e-1', 'e-2', 'e-3', 'e-4', 'e-6', 'e-7']);
  });
});
