import { describe, expect, it } from 'vitest';
import { sealText } from '../../shared/sealing.js';
import { TEST_SECRET, testApp, uniqueDistrict } from '../support/app.js';
import { registeredPerson } from '../support/persons.js';

/** A cursor sealed with the app's own secret: the checks behind the seal still hold. */
const cursorOf = (key: Record<string, string>) => sealText(JSON.stringify(key), TEST_SECRET, 'cursor');

describe('cursors', () => {
  it('refuses a cursor that is not a key of the list being read with 400, never 500', async () => {
    const { app, as, send } = await testApp();
    const district = uniqueDistrict();
    const admin = await as('admin', { district });
    const { person } = (await (await send('POST', '/v1/persons', admin, registeredPerson(district))).json()) as { person: { id: string } };
    for (const name of ['王一', '王二', '李三']) await send('POST', '/v1/persons', admin, registeredPerson(district, { name, aliases: [] }));
    const wangPage = (await (await app.request(`/v1/persons?q=wang&limit=1`, { headers: admin })).json()) as { nextCursor: string };
    expect(wangPage.nextCursor).toEqual(expect.any(String));

    const cases: [string, string][] = [
      ['missing key attributes', `/v1/encounters?district=${district}&cursor=${cursorOf({ gsi1pk: `ENCOUNTERS#${district}` })}`],
      ['another query’s cursor', `/v1/persons?q=li&cursor=${wangPage.nextCursor}`],
      ['a sort key outside the list', `/v1/persons/${person.id}/encounters?cursor=${cursorOf({ pk: `PERSON#${person.id}`, sk: 'PERSON' })}`],
      ['a window the cursor lies outside', `/v1/encounters?district=${district}&since=2026-11-01T00:00:00Z&cursor=${cursorOf({ pk: 'PERSON#x', sk: 'ENCOUNTER#2020-01-01T00:00:00.000Z#x', gsi1pk: `ENCOUNTERS#${district}`, gsi1sk: '2020-01-01T00:00:00.000Z#x' })}`],
      ['only the partition key', `/v1/audit?subjectId=${person.id}&cursor=${cursorOf({ pk: `AUDIT#${person.id}` })}`],
      ['another partition', `/v1/audit?subjectId=${person.id}&cursor=${cursorOf({ pk: 'AUDIT#someone-else', sk: 'x' })}`],
      ['an unsealed cursor', `/v1/facilities?district=${district}&cursor=${Buffer.from(JSON.stringify({ pk: 'a', sk: 'b', gsi1pk: `FACILITIES#${district}`, gsi1sk: 'c' })).toString('base64url')}`],
      ['a tampered cursor', `/v1/persons?q=wang&cursor=${wangPage.nextCursor.slice(0, -2)}xx`],
      ['extra attributes', `/v1/facilities?district=${district}&cursor=${cursorOf({ pk: 'a', sk: 'b', gsi1pk: `FACILITIES#${district}`, gsi1sk: 'c', extra: 'd' })}`],
    ];
    for (const [what, path] of cases) {
      const response = await app.request(path, { headers: admin });
      expect(response.status, what).toBe(400);
      expect(((await response.json()) as { errors: { path: string }[] }).errors[0]?.path, what).toBe('query.cursor');
    }
  });

  it('holds no name or key in clear', async () => {
    const { app, as, send } = await testApp();
    const district = uniqueDistrict();
    const admin = await as('admin', { district });
    for (const name of ['王一', '王二']) await send('POST', '/v1/persons', admin, registeredPerson(district, { name, aliases: [] }));
    const page = (await (await app.request(`/v1/persons?q=wang&limit=1`, { headers: admin })).json()) as { nextCursor: string };
    const decoded = Buffer.from(page.nextCursor.split('.').join(''), 'base64url').toString('latin1');
    expect(decoded).not.toContain('wang');
    expect(decoded).not.toContain('NAME#');
  });

  it('resumes a search with its own cursor', async () => {
    const { app, as, send } = await testApp();
    const district = uniqueDistrict();
    const admin = await as('admin', { district });
    for (const name of ['王一', '王二', '王三']) await send('POST', '/v1/persons', admin, registeredPerson(district, { name, aliases: [] }));
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await (await app.request(`/v1/persons?q=wang&limit=1${cursor ? `&cursor=${cursor}` : ''}`, { headers: admin })).json()) as { items: { name: string }[]; nextCursor: string | null };
      names.push(...page.items.map((item) => item.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(names)).toEqual(new Set(['王一', '王二', '王三']));
  });
});
