import type { DevTokenIssuer } from '../shared/http/dev-tokens.js';
import { registeredPerson } from '../test/support/persons.js';
import { benchApp } from './harness.js';
import { table } from './stats.js';

type Consumed = { TableName?: string; CapacityUnits?: number; Table?: { CapacityUnits?: number }; GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }> };

/**
 * Write units per encounter with a known person (a sighting), as DynamoDB reports them with
 * ReturnConsumedCapacity=INDEXES: the table and each index separately. A transaction costs two
 * units per KB written; an index costs units only when an item's key or projected attributes change.
 */
export async function writeUnits(options: { dynamoEndpoint: string; tokens: DevTokenIssuer; log: (line: string) => void }) {
  const harness = await benchApp(options.dynamoEndpoint, 'outreach-bench-wcu', options.tokens);
  const consumed: Consumed[] = [];
  harness.db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      if (!/^TransactWrite/.test(String(context.commandName))) return next(args);
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'INDEXES';
      const result = await next(args);
      consumed.push(...(((result.output as { ConsumedCapacity?: Consumed[] }).ConsumedCapacity) ?? []));
      return result;
    },
    { step: 'initialize', name: 'benchWriteUnits' },
  );
  const district = '500117';
  const admin = await harness.as('admin', district);
  const patrol = await harness.as('patrol', district);
  const created = await harness.send('POST', '/v1/persons', admin, registeredPerson(district, { name: '王小明' }), harness.newKey());
  if (created.status !== 201) throw new Error(`register: ${created.status} ${await created.text()}`);
  const personId = ((await created.json()) as { person: { id: string } }).person.id;
  const rows: (string | number)[][] = [];
  for (let i = 0; i < 3; i += 1) {
    consumed.length = 0;
    const response = await harness.send('POST', '/v1/encounters', patrol, {
      personId,
      occurredAt: new Date(Date.now() - (3 - i) * 60_000).toISOString(),
      location: { lat: 29.9852, lng: 106.3496, crs: 'WGS84', place: '草街客运站' },
      actions: ['offered_food'],
    }, harness.newKey());
    if (response.status !== 201) throw new Error(`encounter: ${response.status} ${await response.text()}`);
    const total = consumed.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
    const tableUnits = consumed.reduce((sum, c) => sum + (c.Table?.CapacityUnits ?? 0), 0);
    const indexUnits = consumed.flatMap((c) => Object.entries(c.GlobalSecondaryIndexes ?? {})).map(([name, c]) => `${name} ${c.CapacityUnits ?? 0}`);
    rows.push([`sighting ${i + 1}`, total, tableUnits, indexUnits.join(', ') || '-']);
  }
  const text = table(['encounter with a known person', 'WCU', 'table', 'indexes'], rows);
  options.log(text);
  return text;
}
