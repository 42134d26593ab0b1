import { SNSClient } from '@aws-sdk/client-sns';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { publishStreamEvents } from '../shared/events/events.js';
import { snsPublisher } from '../shared/events/sns.js';
import { logger } from '../shared/logger.js';

const topicArn = process.env['TOPIC_ARN'];
if (!topicArn) throw new Error('Invalid configuration: TOPIC_ARN is required');
const publisher = snsPublisher(new SNSClient({}), topicArn);

/**
 * Stream → SNS. A failed publish is returned as a batch item failure (the event source mapping has
 * ReportBatchItemFailures): Lambda retries from that record on, so the events before it are not sent
 * again; after the retries it bisects and finally parks the records in the DLQ.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const { published, failedSequenceNumber, error } = await publishStreamEvents(event.Records, publisher);
  if (failedSequenceNumber) {
    logger.warn('Event publish failed; Lambda retries from this record', { records: event.Records.length, published, failedSequenceNumber, error });
    return { batchItemFailures: [{ itemIdentifier: failedSequenceNumber }] };
  }
  logger.info('Events published', { records: event.Records.length, published });
  return { batchItemFailures: [] };
};
