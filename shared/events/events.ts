import { randomUUID } from 'node:crypto';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Db } from '../store/client.js';
import { recordKeeping } from '../domain/rules.js';
import { expiresInDays, keys } from '../store/keys.js';
import { put, type TransactItem } from '../store/transact.js';

/** Kinds of domain event; subscribers filter on them with SNS message attributes. */
/**
 * `admitted` and `discharged` carry the facility and its district, so that a facility's staff and
 * the office can subscribe; placement events (`placement_proposed`, `placement_requested`,
 * `placement_accepted`, `placement_declined`, `transferred`, `bed_offered`) name the receiving
 * facility in `facilityId`, published as the `facility` attribute. Tracing events
 * (`tracing_opened`, `tracing_deadline` once per deadline, due date and state, `match_confirmed`
 * to both the person's and the report's district, `reunited`) carry ids and dates only.
 */
export type EventKind =
  | 'person_found'
  | 'police_report_due'
  | 'admitted'
  | 'discharged'
  /** A protected person left care without formalities: a missing person (urgent, with `police_report_due`). */
  | 'left_care'
  | 'placement_proposed'
  | 'placement_requested'
  | 'placement_accepted'
  | 'placement_declined'
  /** A pending placement's hold runs out soon (`placementHold.reminderHours` before), for the receiving staff. */
  | 'placement_reminder'
  /** A pending placement's hold ran out: the bed is released, the sending side may ask elsewhere. */
  | 'placement_expired'
  /** The sending side withdrew a pending placement: the held bed is released, for the receiving staff. */
  | 'placement_withdrawn'
  | 'transferred'
  | 'bed_offered'
  | 'tracing_opened'
  | 'tracing_deadline'
  | 'match_confirmed'
  /** One side of a pair proposed the confirmation; the other side (the filing district, or the person's) is asked to accept it. */
  | 'match_proposed'
  /** A person registered minutes before being matched with a report far away: the filing district is told to look twice. */
  | 'match_flagged'
  /** A report was closed or reopened other than by its filing district's own close (a reunion, a confirmed match); the filing district is told. */
  | 'report_closed'
  | 'report_reopened'
  | 'reunited'
  /** A weather campaign started, escalated or ended; `payload.message` is the zh-CN instruction for patrols. */
  | 'campaign'
  /** No fresh forecast for a district for `weatherStaleHours`: campaigns follow official warnings only (sent once until fresh again). */
  | 'weather_stale';
export type Severity = 'info' | 'urgent';

/**
 * A domain event. It is written in the transaction of the state change it reports and leaves the
 * table through the stream, so a replayed request (which writes nothing) never repeats it.
 * The payload carries ids, times and places: the subscriber looks up whom to notify.
 */
export type DomainEvent = {
  id: string;
  kind: EventKind;
  district: string;
  severity: Severity;
  occurredAt: string;
  subjectId: string;
  /** The facility whose staff the event is for (the receiving one of a placement), when there is one. */
  facilityId?: string;
  payload: Record<string, unknown>;
};

/** How long event items stay in the table after the stream has carried them. */
const EVENT_TTL_DAYS = recordKeeping.eventDays;

/** The transaction item that records an event. */
export function eventPut(db: Db, event: Omit<DomainEvent, 'id'>): TransactItem {
  const id = randomUUID();
  return put(db, { ...keys.event(id), type: 'event', event: { id, ...event }, expiresAt: expiresInDays(EVENT_TTL_DAYS) });
}

/**
 * An item image from a stream record. The DynamoDB Streams client reads an empty map as `{}` (the
 * `M` key lost); an attribute value has exactly one type key, so `{}` can only be an empty map.
 * Restored here, or one empty map (a new tracing case's alerts) would stop the stream for good.
 */
export function unmarshallStreamImage(image: Record<string, unknown>): Record<string, unknown> {
  const restore = (value: unknown): unknown => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return { M: {} };
    const [[type, inner]] = entries as [[string, unknown]];
    if (type === 'M' && inner && typeof inner === 'object') return { M: Object.fromEntries(Object.entries(inner as Record<string, unknown>).map(([k, v]) => [k, restore(v)])) };
    if (type === 'L' && Array.isArray(inner)) return { L: inner.map(restore) };
    return value;
  };
  return unmarshall(Object.fromEntries(Object.entries(image).map(([key, value]) => [key, restore(value)])) as Record<string, AttributeValue>);
}

/** Sends events on: SNS in the cloud, the local notifier under `npm start`, a list in tests. */
export type EventPublisher = { publish: (event: DomainEvent) => Promise<void> };

/** A stream record, as Lambda delivers it (only the fields used here). */
export type StreamRecord = {
  eventName?: string;
  dynamodb?: { NewImage?: Record<string, unknown>; SequenceNumber?: string };
};

/**
 * What the stream consumer keeps besides publishing events: a derived index updated from a new item
 * (the sleeping-spot cells from new encounters). It must be idempotent: a record may come twice.
 */
export type StreamDerivation = (item: Record<string, unknown>) => Promise<void>;

/**
 * Publishes the domain events among stream records (new `event` items), in order, and hands every
 * other new item to `derive` if given; everything else is ignored. Stops at the first record that
 * fails and returns its sequence number, so that Lambda resends the batch from that record on
 * (partial batch response) instead of all of it. A failing record without a sequence number cannot
 * be reported, so the failure is thrown: the batch is retried.
 */
export async function publishStreamEvents(
  records: StreamRecord[],
  publisher: EventPublisher,
  derive?: StreamDerivation,
): Promise<{ published: number; failedSequenceNumber?: string; error?: unknown; failedStep?: 'publish' | 'derive' }> {
  let published = 0;
  for (const record of records) {
    let step: 'publish' | 'derive' = 'publish';
    try {
      if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) continue;
      const item = unmarshallStreamImage(record.dynamodb.NewImage);
      if (item['type'] !== 'event') {
        step = 'derive';
        await derive?.(item);
        continue;
      }
      await publisher.publish(item['event'] as DomainEvent);
    } catch (error) {
      const failedSequenceNumber = record.dynamodb?.SequenceNumber;
      if (!failedSequenceNumber) throw error;
      return { published, failedSequenceNumber, error, failedStep: step };
    }
    published += 1;
  }
  return { published };
}
