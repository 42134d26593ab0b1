import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { DomainEvent, EventPublisher } from './events.js';

/** Publishes events to the SNS topic with `kind`, `district`, `severity` (and `facility`) attributes for filtering. */
export function snsPublisher(sns: SNSClient, topicArn: string): EventPublisher {
  return {
    publish: async (event) => {
      await sns.send(
        new PublishCommand({
          TopicArn: topicArn,
          Message: JSON.stringify(event satisfies DomainEvent),
          MessageAttributes: {
            kind: { DataType: 'String', StringValue: event.kind },
            district: { DataType: 'String', StringValue: event.district },
            severity: { DataType: 'String', StringValue: event.severity },
            ...(event.facilityId ? { facility: { DataType: 'String', StringValue: event.facilityId } } : {}),
          },
        }),
      );
    },
  };
}
