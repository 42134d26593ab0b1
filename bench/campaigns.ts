import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { geometryOf, type Area, type Polygon } from '../shared/domain/area.js';
import { cellOf, type LastPosition } from '../shared/domain/campaign.js';
import { campaignRules } from '../shared/domain/rules.js';
import type { DevTokenIssuer } from '../shared/http/dev-tokens.js';
import { evaluateCampaigns } from '../shared/services/campaigns.js';
import { ruleBookOf } from '../shared/services/rules.js';
import { areaCreate } from '../shared/store/areas.js';
import { keys } from '../shared/store/keys.js';
import { batchWrite } from '../shared/store/batch.js';
import { lastPositionAttributes } from '../shared/store/positions.js';
import { transactWrite } from '../shared/store/transact.js';
import { officialSignalPut } from '../shared/store/warnings.js';
import { benchApp } from './harness.js';
import { breakdown, median, ms, now, ratio, table } from './stats.js';
import { scale } from './mode.js';

/**
 * A district-wide cold wave: 5,000 register members last seen in the area and 2,000 sleeping spots
 * (written straight into the indexes the encounters keep: person items with their last positions, spot cells).
 * Measured: DynamoDB requests of the evaluation that starts the campaign and builds its visit list,
 * and of an idle re-run; its time against the baseline of reading the same two partitions raw
 * (the least any visit list needs), in the same run.
 */
export async function campaignBench(options: { dynamoEndpoint: string; tokens: DevTokenIssuer; log: (line: string) => void; members?: number; spots?: number }) {
  const members = options.members ?? scale(5000, 1000);
  const spotCount = options.spots ?? scale(2000, 400);
  const harness = await benchApp(options.dynamoEndpoint, 'outreach-bench-campaigns', options.tokens);
  const { db } = harness;
  const district = '500117';
  const at = new Date('2026-12-10T02:00:00Z');
  // A district-wide area, about 20 by 11 km, around 合川.
  const boundary: Polygon = { type: 'Polygon', coordinates: [[[106.2, 29.9], [106.4, 29.9], [106.4, 30.0], [106.2, 30.0], [106.2, 29.9]]] };
  const area: Area = { id: randomUUID(), name: '合川全区', district, boundary, ...geometryOf(boundary), createdAt: at.toISOString(), updatedAt: at.toISOString(), version: 1 };
  await transactWrite(db, areaCreate(db, area));

  options.log(`seeding ${members} members and ${spotCount} spots`);
  const people: Record<string, unknown>[] = [];
  for (let i = 0; i < members; i += 1) {
    const id = randomUUID();
    const lat = 29.9 + ((i * 7919) % 1000) / 10_000;
    const lng = 106.2 + ((i * 104_729) % 2000) / 10_000;
    const summary = {
      id, name: `在册${i}`, aliases: [], sex: i % 2 ? 'male' : 'female', birthYear: 1940 + (i % 70), riskFactors: ['repeat_rough_sleeper'],
      identityStatus: 'identified', status: i % 3 ? 'on_street' : 'unknown', district, registrationSource: 'survey',
    };
    const position: LastPosition = { personId: id, at: new Date(at.getTime() - ((i % 90) + 1) * 86_400_000).toISOString(), lat, lng, health: i % 10 ? 'well' : 'unwell' };
    people.push({ ...keys.person(id), type: 'person', summary, ...lastPositionAttributes(position, district) });
  }
  const cells: Record<string, unknown>[] = [];
  const size = campaignRules.sleepingSpots.cellDegrees;
  for (let i = 0; i < spotCount; i += 1) {
    // Every other cell, so that no two spots touch (each stays its own cluster).
    const point = { lat: 29.9005 + Math.floor(i / 90) * 2 * size, lng: 106.2005 + (i % 90) * 2 * size };
    const cell = cellOf(point, size);
    cells.push({ ...keys.spotCell(district, '2026-11', cell), type: 'spotCell', cell, count: 2, sumLat: point.lat * 2, sumLng: point.lng * 2, people: new Set([`p-${i}`]), lastAt: '2026-11-20T12:00:00.000Z' });
  }
  await batchWrite(db, [...people, ...cells]);

  // Baseline: the two partitions read raw, page by page.
  const rawRead = async () => {
    for (const input of [
      { IndexName: 'GSI1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.positionsOf(district) } },
      { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.spotsOf(district) } },
    ]) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await db.doc.send(new QueryCommand({ TableName: db.tableName, ...input, ExclusiveStartKey: startKey }));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }
  };
  await rawRead();
  const rawTimes: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const rawStarted = now();
    await rawRead();
    rawTimes.push(now() - rawStarted);
  }
  const rawMs = median(rawTimes);

  await transactWrite(db, [
    officialSignalPut(db, district, {
      areaId: area.id, hazard: 'cold_wave', level: 'orange', warningId: 'bench', sent: at.toISOString(), expires: new Date(at.getTime() + 86_400_000).toISOString(), status: 'active',
    }),
  ]);
  const evaluate = () => evaluateCampaigns({ db, rules: ruleBookOf([]), now: () => at, districts: [district] });
  harness.requests.reset();
  const started = now();
  const first = await evaluate();
  const buildMs = now() - started;
  const startRequests = harness.requests.byCommand();
  const startTotal = harness.requests.total();
  harness.requests.reset();
  const idleStarted = now();
  const second = await evaluate();
  const idleMs = now() - idleStarted;
  const idleRequests = harness.requests.byCommand();
  const idleTotal = harness.requests.total();
  if (first.started !== 1 || second.started !== 0) throw new Error(`expected one start, then none: ${JSON.stringify([first, second])}`);

  const rows = [
    ['start: build the visit list', startTotal, breakdown(startRequests), ms(buildMs), ratio(buildMs / rawMs)],
    ['idle re-run (same facts)', idleTotal, breakdown(idleRequests), ms(idleMs), ratio(idleMs / rawMs)],
    ['baseline: raw read of the position index + spot cells (median of 3)', '-', '-', ms(rawMs), '1.00×'],
  ];
  const text = table([`cold wave, ${members} members + ${spotCount} spots`, 'requests', 'by command', 'time', 'vs raw read'], rows);
  harness.destroy();
  return { text, result: { members, spots: spotCount, start: { requests: startTotal, byCommand: startRequests, ms: Math.round(buildMs) }, idle: { requests: idleTotal, byCommand: idleRequests, ms: Math.round(idleMs) }, rawReadMs: Math.round(rawMs), ratio: buildMs / rawMs } };
}
