import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import { logger } from '../../shared/logger.js';
import { localCredentials, localRegion } from './dynamo.js';

/** Where the poller has got to: the last record handled in each shard of one stream. */
type Checkpoint = { streamArn: string; shards: Record<string, string> };

/** Reads a checkpoint file; none (or another stream's) is `undefined`. */
function readCheckpoint(file: string | undefined, streamArn: string): Checkpoint | undefined {
  if (!file || !existsSync(file)) return undefined;
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Checkpoint;
    return saved.streamArn === streamArn && saved.shards && typeof saved.shards === 'object' ? saved : undefined;
  } catch {
    logger.warn('Unreadable stream checkpoint; starting from the stream’s end', { file });
    return undefined;
  }
}

/**
 * Reads the table's stream on DynamoDB Local the way the Lambda event source mapping does in the
 * cloud, and hands each batch to the same handler.
 *
 * With a `checkpointFile` it remembers, per shard, the last record handled (written after each
 * batch, atomically), and a restart goes on after it: records written while the poller was stopped
 * are handed over once, none twice. A shard the checkpoint does not know is read from its start; with
 * no checkpoint (the first start) the poller starts at the stream's end. A batch whose handler reports
 * a failed record is read again from that record, as the event source mapping retries.
 */
export async function pollStream(
  endpoint: string,
  tableName: string,
  onRecords: (records: _Record[]) => Promise<{ failedSequenceNumber?: string } | void>,
  settings: number | { intervalMs?: number; checkpointFile?: string } = {},
): Promise<{ stop: () => Promise<void> }> {
  // A number is the poll interval (ms), as before checkpoints.
  const options = typeof settings === 'number' ? { intervalMs: settings } : settings;
  const intervalMs = options.intervalMs ?? 500;
  const clientOptions = { endpoint, region: localRegion, credentials: localCredentials };
  const table = await new DynamoDBClient(clientOptions).send(new DescribeTableCommand({ TableName: tableName }));
  const streamArn = table.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`Table ${tableName} has no stream`);
  const streams = new DynamoDBStreamsClient(clientOptions);
  const iterators = new Map<string, string | undefined>();
  const saved = readCheckpoint(options.checkpointFile, streamArn);
  const checkpoint: Checkpoint = saved ?? { streamArn, shards: {} };
  let running = true;

  const save = () => {
    if (!options.checkpointFile) return;
    const temporary = `${options.checkpointFile}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(checkpoint)}\n`);
    renameSync(temporary, options.checkpointFile);
  };

  const iteratorFor = async (shardId: string, fallback: 'LATEST' | 'TRIM_HORIZON', at?: string) => {
    const last = checkpoint.shards[shardId];
    const position = at
      ? { ShardIteratorType: 'AT_SEQUENCE_NUMBER' as const, SequenceNumber: at }
      : last
        ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER' as const, SequenceNumber: last }
        : { ShardIteratorType: fallback };
    return (await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ...position }))).ShardIterator;
  };

  const refreshShards = async (firstStart: boolean) => {
    const stream = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of stream.StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || iterators.has(shard.ShardId)) continue;
      const open = !shard.SequenceNumberRange?.EndingSequenceNumber;
      // Only the very first start skips what is already in the stream; later shards are read whole.
      iterators.set(shard.ShardId, await iteratorFor(shard.ShardId, firstStart && open ? 'LATEST' : 'TRIM_HORIZON'));
    }
  };
  await refreshShards(!saved);
  save();

  const loop = (async () => {
    while (running) {
      try {
        for (const [shardId, iterator] of iterators) {
          if (!iterator) continue;
          const batch = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
          const records = batch.Records ?? [];
          if (records.length === 0) {
            iterators.set(shardId, batch.NextShardIterator);
            continue;
          }
          const failed = (await onRecords(records))?.failedSequenceNumber;
          const failedAt = failed ? records.findIndex((r) => r.dynamodb?.SequenceNumber === failed) : -1;
          const handled = failedAt >= 0 ? records.slice(0, failedAt) : records;
          const last = handled.at(-1)?.dynamodb?.SequenceNumber;
          if (last) checkpoint.shards[shardId] = last;
          save();
          // After a failure, read again from the failed record (the handler sends nothing out of order).
          iterators.set(shardId, failedAt >= 0 ? await iteratorFor(shardId, 'TRIM_HORIZON', failed) : batch.NextShardIterator);
        }
        await refreshShards(false);
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
