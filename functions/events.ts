import { SNSClient } from '@aws-sdk/client-sns';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { campaignRules } from '../shared/domain/rules.js';
import { streamDerivations } from '../shared/events/derivations.js';
import { publishStreamEvents } from '../shared/events/events.js';
import { snsPublisher } from '../shared/events/sns.js';
import { logger } from '../shared/logger.js';
import { createDb } from '../shared/store/client.js';

const topicArn = process.env['TOPIC_ARN'];
if (!topicArn) throw new Error('Invalid configuration: TOPIC_ARN is required');
const tableName = process.env['TABLE_NAME'];
if (!tableName) throw new Error('Invalid configuration: TABLE_NAME is required');
const publisher = snsPublisher(new SNSClient({}), topicArn);
// The table only for what the stream derives: sleeping-spot cells and audit fan-out (this function lists nothing, so it seals no cursor).
const derivations = streamDerivations(createDb(tableName, {}, 'events-seal-no-cursor'), campaignRules);

/**
 * Stream → SNS, new encounters → their sleeping-spot cells (each counted once), and a request's
 * audit view → each subject's audit trail. A failed record
 * is returned as a batch item failure (the event source mapping has ReportBatchItemFailures): Lambda
 * retries from that record on, so the events before it are not sent again; after the retries it
 * bisects and finally parks the records in the DLQ.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const { published, failedSequenceNumber, error, failedStep } = await publishStreamEvents(event.Records, publisher, derivations);
  if (failedSequenceNumber) {
    const details = { records: event.Records.length, published, failedSequenceNumber, error };
    // The log metric filter counts publish failures (the SNS alarm); a spot cell that failed is logged apart.
    if (failedStep === 'derive') logger.warn('Stream derivation (spot cell or audit fan-out) failed; Lambda retries from this record', details);
    else logger.warn('Event publish failed; Lambda retries from this record', details);
    return { batchItemFailures: [{ itemIdentifier: failedSequenceNumber }] };
  }
  logger.info('Events published', { records: event.Records.length, published });
  return { batchItemFailures: [] };
};
