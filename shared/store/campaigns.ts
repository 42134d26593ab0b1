import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Campaign, VisitTarget } from '../domain/campaign.js';
import type { Db } from './client.js';
import { keys } from './keys.js';
import { queryAll, queryPage, type Page, type PageRequest } from './pagination.js';
import { putNew, type TransactItem } from './transact.js';

const campaignItem = (campaign: Campaign) => ({
  ...keys.campaign(campaign.id),
  type: 'campaign',
  summary: campaign,
  gsi1pk: keys.campaignsOf(campaign.district, campaign.status),
  gsi1sk: `${campaign.startedAt}#${campaign.id}`,
});

/** A new campaign and the lock that makes it the only active one of its area and hazard (the database says no to a second). */
export const campaignStart = (db: Db, campaign: Campaign): TransactItem[] => [
  putNew(db, campaignItem(campaign)),
  putNew(db, { ...keys.campaignLock(campaign.areaId, campaign.hazard), type: 'campaignLock', campaignId: campaign.id }, 'noActiveCampaign'),
];

/** A changed campaign, only if still at the version read; an ended one releases its lock in the same transaction. */
export function campaignChange(db: Db, campaign: Campaign, expectedVersion: number): TransactItem[] {
  const items: TransactItem[] = [
    {
      guard: 'campaignState',
      Put: {
        TableName: db.tableName,
        Item: campaignItem(campaign),
        ConditionExpression: '#summary.#version = :expected',
        ExpressionAttributeNames: { '#summary': 'summary', '#version': 'version' },
        ExpressionAttributeValues: { ':expected': expectedVersion },
      },
    },
  ];
  if (campaign.status === 'ended') {
    items.push({
      Delete: {
        TableName: db.tableName,
        Key: keys.campaignLock(campaign.areaId, campaign.hazard),
        ConditionExpression: 'campaignId = :id',
        ExpressionAttributeValues: { ':id': campaign.id },
      },
    });
  }
  return items;
}

/** The items of a visit list's chunks, in rank order. */
export function visitChunkItems(campaignId: string, targets: VisitTarget[], perChunk: number): Record<string, unknown>[] {
  const chunks: Record<string, unknown>[] = [];
  for (let index = 0; index * perChunk < targets.length; index += 1) {
    chunks.push({ ...keys.visitChunk(campaignId, index), type: 'visitChunk', targets: targets.slice(index * perChunk, (index + 1) * perChunk) });
  }
  return chunks;
}

export async function getCampaign(db: Db, id: string, consistent = false): Promise<Campaign | undefined> {
  const result = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.campaign(id), ConsistentRead: consistent }));
  return result.Item?.['type'] === 'campaign' ? (result.Item['summary'] as Campaign) : undefined;
}

/** The active campaigns of a district (the evaluation reads them once a run). */
export async function activeCampaignsOf(db: Db, district: string): Promise<Campaign[]> {
  const items = await queryAll(db, { IndexName: 'GSI1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.campaignsOf(district, 'active') } });
  return items.map((item) => item['summary'] as Campaign);
}

/** A district's campaigns of a status, newest first. */
export async function listCampaigns(db: Db, district: string, status: 'active' | 'ended', page: PageRequest): Promise<Page<Campaign>> {
  const pk = keys.campaignsOf(district, status);
  const { items, nextCursor } = await queryPage(
    db,
    { IndexName: 'GSI1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ScanIndexForward: false },
    page,
    { partition: { gsi1pk: pk } },
  );
  return { items: items.map((item) => item['summary'] as Campaign), nextCursor };
}

/** A campaign's visit list (every chunk, in rank order): one query, paged by DynamoDB at a megabyte. */
export async function visitTargets(db: Db, campaignId: string): Promise<VisitTarget[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.campaign(campaignId).pk, ':prefix': keys.visitChunkPrefix() },
  });
  return items.flatMap((item) => item['targets'] as VisitTarget[]);
}

/** One chunk of a visit list, or undefined past the end. */
export async function visitChunk(db: Db, campaignId: string, index: number): Promise<VisitTarget[] | undefined> {
  const result = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.visitChunk(campaignId, index) }));
  return result.Item?.['targets'] as VisitTarget[] | undefined;
}

