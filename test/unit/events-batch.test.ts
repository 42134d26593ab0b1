import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { publishStreamEvents, unmarshallStreamImage, type DomainEvent, type StreamRecord } from '../../shared/events/events.js';
import { snsPublisher } from '../../shared/events/sns.js';

const topicArn = 'arn:aws-cn:sns:cn-northwest-1:123456789012:outreach-events';

const domainEvent = (n: number): DomainEvent => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  kind: 'person_found',
  district: '500117',
  severity: 'urgent',
  occurredAt: '2026-11-26T04:00:00.000Z',
  subjectId: `10000000-0000-4000-8000-00000000000${n}`,
  payload: { encounterId: `e-${n}` },
});

/** A stream record of a new event item, as Lambda delivers it (sequence numbers ascend in a shard). */
const eventRecord = (n: number): StreamRecord & { eventID: string } => {
  const event = domainEvent(n);
  return {
    eventID: `record-${n}`,
    eventName: 'INSERT',
    dynamodb: {
      SequenceNumber: `11100000000000000000000${n}`,
      NewImage: marshall({ pk: `EVENT#${event.id}`, sk: 'EVENT', type: 'event', event, expiresAt: 1_800_000_000 }) as Record<string, unknown>,
    },
  };
};

const sns = mockClient(SNSClient);
afterEach(() => {
  sns.reset();
});

describe('publishStreamEvents: partial batch results', () => {
  it('stops at the first failed publish and reports that record’s sequence number', async () => {
    sns.on(PublishCommand).resolvesOnce({ MessageId: 'm-1' }).rejectsOnce(new Error('Service Unavailable')).resolves({ MessageId: 'm-3' });
    const records = [eventRecord(1), eventRecord(2), eventRecord(3)];

    const result = await publishStreamEvents(records, snsPublisher(new SNSClient({ region: 'cn-northwest-1' }), topicArn));

    expect(result).toMatchObject({ published: 1, failedSequenceNumber: '111000000000000000000002' });
    // The third is not attempted: Lambda resends the batch from the failed record, in order.
    expect(sns.commandCalls(PublishCommand)).toHaveLength(2);
  });

  it('reports no failure when every publish succeeds', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm' });

    const result = await publishStreamEvents([eventRecord(1), eventRecord(2), eventRecord(3)], snsPublisher(new SNSClient({ region: 'cn-northwest-1' }), topicArn));

    expect(result).toEqual({ published: 3 });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(3);
  });

  it('hands other new items to the derivation in order, and a failed one stops the batch there like a failed publish', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm' });
    const encounterRecord = (n: number, eventName = 'INSERT'): StreamRecord => ({
      eventName,
      dynamodb: { SequenceNumber: `11100000000000000000000${n}`, NewImage: marshall({ pk: 'PERSON#p', sk: `ENCOUNTER#${n}`, type: 'encounter', encounter: { id: `e-${n}` } }) as Record<string, unknown> },
    });
    const derived: string[] = [];
    const derive = async (item: Record<string, unknown>) => {
      const id = (item['encounter'] as { id: string }).id;
      if (id === 'e-4') throw new Error('TransactionConflict');
      derived.push(id);
    };

    const result = await publishStreamEvents([eventRecord(1), encounterRecord(2), encounterRecord(3, 'MODIFY'), encounterRecord(4), eventRecord(5)], snsPublisher(new SNSClient({ region: 'cn-northwest-1' }), topicArn), derive);

    expect(result).toMatchObject({ published: 1, failedSequenceNumber: '111000000000000000000004', failedStep: 'derive' });
    // A modified item is not new: only the inserted encounter before the failure was derived, and nothing after it was sent.
    expect(derived).toEqual(['e-2']);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  });

  it('fails the whole batch when the failed record carries no sequence number to report', async () => {
    sns.on(PublishCommand).rejects(new Error('Service Unavailable'));
    const { dynamodb, ...record } = eventRecord(1);
    const { SequenceNumber: _omitted, ...image } = dynamodb ?? {};

    await expect(publishStreamEvents([{ ...record, dynamodb: image }], snsPublisher(new SNSClient({ region: 'cn-northwest-1' }), topicArn))).rejects.toThrow(
      'Service Unavailable',
    );
  });
});

describe('events Lambda handler', () => {
  let handler: (event: DynamoDBStreamEvent) => Promise<unknown>;
  beforeAll(async () => {
    process.env['TOPIC_ARN'] = topicArn;
    process.env['TABLE_NAME'] ??= 'outreach-test';
    process.env['AWS_REGION'] ??= 'cn-northwest-1';
    ({ handler } = await import('../../functions/events.js'));
  });

  const batch = (...records: ReturnType<typeof eventRecord>[]) => ({ Records: records }) as unknown as DynamoDBStreamEvent;

  it('returns the failed record as a batch item failure, so Lambda retries from it and not the whole batch', async () => {
    sns.on(PublishCommand).resolvesOnce({ MessageId: 'm-1' }).rejects(new Error('Service Unavailable'));

    const response = await handler(batch(eventRecord(1), eventRecord(2), eventRecord(3)));

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '111000000000000000000002' }] });
  });

  it('returns no batch item failures when all are published', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm' });

    const response = await handler(batch(eventRecord(1), eventRecord(2)));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(2);
  });
});

describe('stream images', () => {
  it('reads an empty map as the streams client delivers it ({}, its type key lost), at any depth', () => {
    // As DynamoDB Local's stream gave it through @aws-sdk/client-dynamodb-streams: an empty map arrives as {}.
    const image = { pk: { S: 'TRACING#1' }, alerted: {}, tracing: { M: { alerted: {}, timeline: { L: [{ M: { details: {} } }] } } } };
    expect(unmarshallStreamImage(image)).toEqual({ pk: 'TRACING#1', alerted: {}, tracing: { alerted: {}, timeline: [{ details: {} }] } });
    // A well-formed image is unchanged.
    expect(unmarshallStreamImage(marshall({ a: { b: [1, 'x'] }, c: {} }))).toEqual({ a: { b: [1, 'x'] }, c: {} });
  });
});
