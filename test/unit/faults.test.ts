import { randomUUID } from 'node:crypto';
import {
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  ThrottlingException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Actor } from '../../shared/domain/access.js';
import { DomainError } from '../../shared/domain/errors.js';
import { outreachRules } from '../../shared/domain/rules.js';
import { publishStreamEvents, type DomainEvent, type StreamRecord } from '../../shared/events/events.js';
import { snsPublisher } from '../../shared/events/sns.js';
import { s3PhotoStore } from '../../shared/files/photo-store.js';
import { createApp } from '../../shared/http/app.js';
import { logger } from '../../shared/logger.js';
import { idempotentWrite } from '../../shared/store/idempotency.js';
import type { Db } from '../../shared/store/client.js';
import { officialCalendar } from '../../shared/rules/calendar.js';

const TABLE = 'outreach-faults-table';

/** A document client whose every command is answered by the mock, never by the network. */
function mockedDb() {
  const client = new DynamoDBClient({ region: 'cn-northwest-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const db: Db = { doc, tableName: TABLE, cursorSecret: 'faults-cursor-secret-0123456789' };
  return { db, mock: mockClient(doc) };
}

const adminActor: Actor = { sub: 'admin-faults', roles: ['admin'], district: '500117' };

function appOn(db: Db) {
  return createApp({
    stage: 'prod',
    db,
    verifyToken: async () => adminActor,
    idIndexKey: 'test-id-index-key-0123456789abcdef',
    calendar: officialCalendar,
    rules: outreachRules,
    now: () => new Date('2026-11-26T05:00:00Z'),
    photos: s3PhotoStore({ bucket: 'faults-photos', region: 'cn-northwest-1' }),
  });
}

const station = {
  name: '合川区救助管理站',
  type: 'aid_station',
  district: '500117',
  address: '重庆市合川区南津街街道',
  location: { lat: 29.98, lng: 106.27 },
  capacity: { male: 30, female: 12 },
};

const headers = { authorization: 'Bearer any', 'content-type': 'application/json' };

/** What must never reach a client: SDK exception names, table names, stack frames, file paths. */
const internals = [
  'ProvisionedThroughputExceeded',
  'Throttling',
  'Exception',
  TABLE,
  'outreach-',
  'at ',
  '.ts',
  'node_modules',
  'dynamodb',
  'DynamoDB',
  'Rate exceeded',
];

describe('DynamoDB throttling', () => {
  let logged: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    logged = vi.spyOn(logger, 'warn');
  });
  afterEach(() => {
    logged.mockRestore();
  });

  const throttles = [
    ['ProvisionedThroughputExceededException', () => new ProvisionedThroughputExceededException({ message: `Rate exceeded for table ${TABLE}`, $metadata: { httpStatusCode: 400 } })],
    ['ThrottlingException', () => new ThrottlingException({ message: `Rate exceeded for table ${TABLE}`, $metadata: { httpStatusCode: 400 } })],
  ] as const;

  for (const [name, fault] of throttles) {
    for (const [method, path, body] of [
      ['GET', '/v1/facilities?district=500117', undefined],
      ['POST', '/v1/facilities', station],
    ] as const) {
      it(`${method} ${path.split('?')[0]} under ${name} is a 503 problem with Retry-After`, async () => {
        const { db, mock } = mockedDb();
        mock.onAnyCommand().rejects(fault());
        const app = appOn(db);

        const response = await app.request(path, {
          method,
          headers: { ...headers, 'idempotency-key': randomUUID(), 'x-request-id': 'req-throttled-1' },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });

        expect(mock.calls().length).toBeGreaterThan(0);
        expect(response.status).toBe(503);
        expect(response.headers.get('content-type')).toBe('application/problem+json');
        expect(response.headers.get('retry-after')).toBe('1');
        const text = await response.text();
        const problem = JSON.parse(text) as Record<string, unknown>;
        expect(Object.keys(problem).sort()).toEqual(['detail', 'instance', 'status', 'title', 'type']);
        expect(problem).toMatchObject({ type: 'https://outreach.example.gov.cn/problems/unavailable', title: 'Service unavailable', status: 503, instance: '/v1/facilities' });
        for (const secret of internals) expect(text).not.toContain(secret);

        // The error reaches the operators' log once, keyed by request id, without the request's content.
        expect(logged).toHaveBeenCalledTimes(1);
        const [message, extra] = logged.mock.calls[0] as [string, { requestId?: string; error?: unknown }];
        expect(message).toBe('Database busy; answered 503 with Retry-After');
        // The log names the server's request id (the one the response carries), never the client's.
        expect(extra.requestId).toBe(response.headers.get('x-request-id'));
        expect(extra.requestId).not.toBe('req-throttled-1');
        expect((extra.error as Error).name).toBe(name);
        const logText = JSON.stringify([message, extra]) + String((extra.error as Error).message);
        for (const personal of [station.name, station.address, '29.98', '106.27']) expect(logText).not.toContain(personal);
      });
    }
  }
});

describe('idempotentWrite when the key collides with a transaction that never lands', () => {
  const cancelled = () =>
    new TransactionCanceledException({
      message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict, None, None]',
      $metadata: { httpStatusCode: 400 },
      CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }, { Code: 'None' }],
    });

  it('throws idempotency_in_flight after re-reading the record, without writing again', async () => {
    const { db, mock } = mockedDb();
    mock.on(GetCommand).resolves({});
    mock.on(TransactWriteCommand).rejects(cancelled());
    const plan = vi.fn(() => ({
      items: [
        { Put: { TableName: TABLE, Item: { pk: 'A#1', sk: 'A' } } },
        { Put: { TableName: TABLE, Item: { pk: 'B#1', sk: 'B' } } },
      ],
      response: { status: 201, body: { id: '1' } },
    }));

    const outcome = idempotentWrite(db, { actor: 'worker-1', key: 'key-00000001', fingerprint: 'f' }, plan).catch((error: unknown) => error);
    const error = await outcome;

    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe('idempotency_in_flight');
    expect((error as DomainError).details).toMatchObject({ headers: { 'retry-after': '1' } });
    expect(plan).toHaveBeenCalledTimes(1);
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(1);
    // The first read, then the re-reads of the winner's record; all strongly consistent, all on the key.
    const reads = mock.commandCalls(GetCommand);
    expect(reads.length).toBeGreaterThanOrEqual(2);
    for (const read of reads) {
      expect(read.args[0].input).toEqual({ TableName: TABLE, Key: { pk: 'IDEM#8:worker-1#key-00000001', sk: 'IDEM' }, ConsistentRead: true });
    }
    const [idempotencyPut] = mock.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems ?? [];
    expect(idempotencyPut?.Put).toMatchObject({ Item: { pk: 'IDEM#8:worker-1#key-00000001', fingerprint: 'f' }, ConditionExpression: 'attribute_not_exists(pk)' });
  });

  it('returns the winner’s response once its record appears', async () => {
    const { db, mock } = mockedDb();
    const record = { pk: 'IDEM#8:worker-1#key-00000002', sk: 'IDEM', fingerprint: 'f', response: { status: 201, body: { id: 'winner' } } };
    mock.on(GetCommand).resolvesOnce({}).resolvesOnce({}).resolves({ Item: record });
    mock.on(TransactWriteCommand).rejects(cancelled());

    const result = await idempotentWrite(db, { actor: 'worker-1', key: 'key-00000002', fingerprint: 'f' }, () => ({
      items: [],
      response: { status: 201, body: { id: 'loser' } },
    }));

    expect(result).toEqual({ status: 201, body: { id: 'winner' }, replayed: true });
  });

  it('reaches the client as 409 problem+json with Retry-After', async () => {
    const { db, mock } = mockedDb();
    mock.on(GetCommand).resolves({});
    mock.on(TransactWriteCommand).rejects(cancelled());
    const app = appOn(db);

    const response = await app.request('/v1/facilities', {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': randomUUID() },
      body: JSON.stringify(station),
    });

    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toMatchObject({
      type: 'https://outreach.example.gov.cn/problems/idempotency_in_flight',
      title: 'Request in progress',
      status: 409,
    });
  });
});

describe('events: stream to SNS', () => {
  const topicArn = 'arn:aws-cn:sns:cn-northwest-1:123456789012:outreach-events';
  const event: DomainEvent = {
    id: '6f1c1f4e-8a59-4c37-9a39-2c1f7e2f0a11',
    kind: 'person_found',
    district: '500117',
    severity: 'urgent',
    occurredAt: '2026-11-26T04:00:00.000Z',
    subjectId: '0d6b7f2e-1f0c-4a5e-9d8b-6a0c2b9e4f31',
    payload: { encounterId: 'e-1', lat: 29.98, lng: 106.27 },
  };
  const insert = (item: Record<string, unknown>): StreamRecord => ({
    eventName: 'INSERT',
    dynamodb: { NewImage: marshall(item, { removeUndefinedValues: true }) as Record<string, unknown> },
  });
  const eventItem = (e: DomainEvent) => ({ pk: `EVENT#${e.id}`, sk: 'EVENT', type: 'event', event: e, expiresAt: 1_800_000_000 });

  /** The record as Lambda delivers it, with the sequence number a partial batch response names. */
  const sequenced = (record: StreamRecord, sequenceNumber: string): StreamRecord => ({ ...record, dynamodb: { ...record.dynamodb, SequenceNumber: sequenceNumber } });

  it('reports the record SNS refused, so Lambda retries from it and finally parks it in the DLQ', async () => {
    const sns = mockClient(new SNSClient({ region: 'cn-northwest-1' }));
    sns.on(PublishCommand).rejects(new Error('Service Unavailable'));
    const publisher = snsPublisher(sns as unknown as SNSClient, topicArn);

    const outcome = await publishStreamEvents([sequenced(insert(eventItem(event)), '100')], publisher);

    expect(outcome).toMatchObject({ published: 0, failedSequenceNumber: '100', error: expect.objectContaining({ message: 'Service Unavailable' }) });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  });

  it('stops at the first failed publish (no later event is sent out of order)', async () => {
    const client = new SNSClient({ region: 'cn-northwest-1' });
    const sns = mockClient(client);
    sns.on(PublishCommand).rejectsOnce(new Error('Service Unavailable')).resolves({ MessageId: 'm' });
    const second = { ...event, id: 'a2a7c5b4-3e7d-4c1b-8f5e-1b2c3d4e5f60' };

    const outcome = await publishStreamEvents([sequenced(insert(eventItem(event)), '100'), sequenced(insert(eventItem(second)), '200')], snsPublisher(client, topicArn));

    expect(outcome).toMatchObject({ published: 0, failedSequenceNumber: '100' });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  });

  it('publishes each new event item with its JSON and the filter attributes', async () => {
    const client = new SNSClient({ region: 'cn-northwest-1' });
    const sns = mockClient(client);
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const info = { ...event, id: 'b3b8d6c5-4f8e-4d2c-9a6f-2c3d4e5f6a71', district: '110105', severity: 'info' as const };

    const published = await publishStreamEvents([insert(eventItem(event)), insert(eventItem(info))], snsPublisher(client, topicArn));

    expect(published).toEqual({ published: 2 });
    const inputs = sns.commandCalls(PublishCommand).map((call) => call.args[0].input);
    expect(inputs).toHaveLength(2);
    expect(inputs[0]).toEqual({
      TopicArn: topicArn,
      Message: JSON.stringify(event),
      MessageAttributes: {
        kind: { DataType: 'String', StringValue: 'person_found' },
        district: { DataType: 'String', StringValue: '500117' },
        severity: { DataType: 'String', StringValue: 'urgent' },
      },
    });
    expect(JSON.parse(inputs[0]!.Message!)).toEqual(event);
    expect(inputs[1]?.MessageAttributes).toEqual({
      kind: { DataType: 'String', StringValue: 'person_found' },
      district: { DataType: 'String', StringValue: '110105' },
      severity: { DataType: 'String', StringValue: 'info' },
    });
  });

  it('ignores modifications, removals, records without an image and items that are not events', async () => {
    const client = new SNSClient({ region: 'cn-northwest-1' });
    const sns = mockClient(client);
    sns.on(PublishCommand).resolves({ MessageId: 'm' });
    const item = eventItem(event);
    const records: StreamRecord[] = [
      { eventName: 'MODIFY', dynamodb: { NewImage: marshall(item) as Record<string, unknown> } },
      { eventName: 'REMOVE', dynamodb: {} },
      { eventName: 'INSERT', dynamodb: {} },
      { eventName: 'INSERT' },
      {},
      insert({ pk: 'PERSON#1', sk: 'PERSON', type: 'person', name: '王小明' }),
      insert({ pk: 'AUDIT#1', sk: '2026#1', type: 'audit', action: 'person.read' }),
      insert({ pk: 'EVENT#x', sk: 'EVENT', event }),
    ];

    const published = await publishStreamEvents(records, snsPublisher(client, topicArn));

    expect(published).toEqual({ published: 0 });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });
});

describe('DynamoDB refusing a write for now (throttled transaction, timeout)', () => {
  const writes = ['PutCommand', 'UpdateCommand', 'DeleteCommand', 'BatchWriteCommand', 'TransactWriteCommand'];
  const faults = [
    ['a TransactWriteItems throttled', () => new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } })],
    [
      'a transaction cancelled for throughput',
      () => new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: { httpStatusCode: 400 }, CancellationReasons: [{ Code: 'ThrottlingError' }, { Code: 'None' }] }),
    ],
    ['a request timeout', () => Object.assign(new Error('socket timed out'), { name: 'TimeoutError' })],
    ['a reset connection', () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
  ] as const;

  for (const [what, fault] of faults) {
    it(`POST /v1/facilities after ${what}: 503 with Retry-After, one write attempted and nothing else written`, async () => {
      const { db, mock } = mockedDb();
      mock.onAnyCommand().resolves({});
      mock.on(TransactWriteCommand).rejects(fault());
      const response = await appOn(db).request('/v1/facilities', {
        method: 'POST',
        headers: { ...headers, 'idempotency-key': randomUUID() },
        body: JSON.stringify(station),
      });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      // The facility, its beds, the audit entry and the idempotency record were one transaction:
      // refused whole, and no other write was sent beside it.
      const sent = mock.calls().map((call) => (call.args[0] as object).constructor.name).filter((name) => writes.includes(name));
      expect(sent).toEqual(['TransactWriteCommand']);
    });
  }

  it('a read that times out is a 503 too', async () => {
    const { db, mock } = mockedDb();
    mock.onAnyCommand().rejects(Object.assign(new Error('Connection timed out after 1000 ms'), { name: 'TimeoutError' }));
    const response = await appOn(db).request(`/v1/facilities/${randomUUID()}`, { headers });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
  });
});
