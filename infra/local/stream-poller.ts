import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import { logger } from '../../shared/logger.js';
import { localCredentials, localRegion } from './dynamo.js';

/**
 * Reads the table's stream on DynamoDB Local the way the Lambda event source mapping does in the
 * cloud, and hands each batch to the same handler. Starts at the stream's end (LATEST).
 */
export async function pollStream(
  endpoint: string,
  tableName: string,
  onRecords: (records: _Record[]) => Promise<void>,
  intervalMs = 500,
): Promise<{ stop: () => Promise<void> }> {
  const options = { endpoint, region: localRegion, credentials: localCredentials };
  const table = await new DynamoDBClient(options).send(new DescribeTableCommand({ TableName: tableName }));
  const streamArn = table.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`Table ${tableName} has no stream`);
  const streams = new DynamoDBStreamsClient(options);
  const iterators = new Map<string, string | undefined>();
  let running = true;

  const refreshShards = async (type: 'LATEST' | 'TRIM_HORIZON') => {
    const stream = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of stream.StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || iterators.has(shard.ShardId)) continue;
      const open = !shard.SequenceNumberRange?.EndingSequenceNumber;
      const iterator = await streams.send(
        new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId, ShardIteratorType: open ? type : 'TRIM_HORIZON' }),
      );
      iterators.set(shard.ShardId, iterator.ShardIterator);
    }
  };
  await refreshShards('LATEST');

  const loop = (async () => {
    while (running) {
      try {
        for (const [shardId, iterator] of iterators) {
          if (!iterator) continue;
          const batch = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
          iterators.set(shardId, batch.NextShardIterator);
          if (batch.Records?.length) await onRecords(batch.Records);
        }
        await refreshShards('TRIM_HORIZON');
      } catch (error) {
        if (running) logger.warn('Stream poll failed; retrying', { error });
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();

  return {
    stop: async () => {
      running = false;
      await loop;
      streams.destroy();
    },
  };
}
