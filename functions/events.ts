import { SNSClient } from '@aws-sdk/client-sns';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { publishStreamEvents } from '../shared/events/events.js';
import { snsPublisher } from '../shared/events/sns.js';
import { logger } from '../shared/logger.js';

const topicArn = process.env['TOPIC_ARN'];
if (!topicArn) throw new Error('Invalid configuration: TOPIC_ARN is required');
const publisher = snsPublisher(new SNSClient({}), topicArn);

/** Stream → SNS. A failure fails the batch: Lambda retries, bisects, and finally parks it in the DLQ. */
export const handler = async (event: DynamoDBStreamEvent) => {
  const published = await publishStreamEvents(event.Records, publisher);
  logger.info('Events published', { records: event.Records.length, published });
};
