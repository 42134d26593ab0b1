/**
 * Campaigns in real Chromium: the office draws an area and enters a cold-wave warning, the campaign
 * starts with its coverage on the dashboard; a patrol worker finds its visits first in the work list,
 * records one (the list then counts it reached), opens the map (tiles from a local test server) and,
 * without signal, gets the list with distance and direction; the office changes a rule and sees its
 * version. The run uses a table of its own, so the rule it changes touches no other test.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureTable } from '../../infra/local/dynamo.js';
import { mapTilesFromEnv } from '../../shared/web/map-config.js';
import { uniqueDistrict } from '../support/app.js';
import { encounterStream } from '../support/campaigns.js';
import { registeredPerson } from '../support/persons.js';
import { harness, listen, newPage, screenshot, signIn, smallTargets, useBrowserApp } from './harness.js';

const district = uniqueDistrict();
let admin: Record<string, string>;

/** A grey 256 px tile with its address, as a stand-in for 天地图 (no internet in the test). */
const tile = (path: string) =>
  new Response(
    `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><rect width="256" height="256" fill="#eef2f3" stroke="#c7d2d8"/><text x="8" y="20" font-size="12" fill="#6b7280">${path.replace(/[^0-9/]/g, '')}</text></svg>`,
    { headers: { 'content-type': 'image/svg+xml', 'access-control-allow-origin': '*' } },
  );

useBrowserApp({
  // A table of its own: the file changes a rule.
  app: async () => {
    const tableName = `outreach-e2e-campaigns-${randomUUID().slice(0, 8)}`;
    await ensureTable(inject('dynamoEndpoint'), tableName);
    return { tableName, editableRules: true };
  },
  site: async () => {
    const tiles = await listen((request) => tile(new URL(request.url).pathname));
    return { mode: 'local', map: mapTilesFromEnv({ MAP_TILES: 'custom', MAP_TILE_URL: `${tiles}/tiles/{z}/{x}/{y}.svg`, MAP_TILE_ATTRIBUTION: '测试底图' })! };
  },
});

beforeAll(async () => {
  admin = await harness.as('admin', { district });

  // The register: an elderly woman and a younger repeat rough sleeper met in 草街 yesterday; one more due a visit, never met.
  const register = async (overrides: Record<string, unknown>) => {
    const response = await harness.send('POST', '/v1/persons', admin, registeredPerson(district, { aliases: [], ...overrides }));
    expect(response.status, await response.clone().text()).toBe(201);
    return ((await response.json()) as { person: { id: string } }).person.id;
  };
  const patrol = await harness.as('patrol', { district });
  const stream = encounterStream(harness.db);
  const meet = async (personId: string, lat: number, lng: number) => {
    const occurredAt = new Date(Date.now() - 20 * 3600_000).toISOString();
    const response = await harness.send('POST', '/v1/encounters', patrol, { personId, occurredAt, location: { lat, lng, crs: 'WGS84', place: '草街客运站' } });
    expect(response.status, await response.clone().text()).toBe(201);
  };
  await meet(await register({ name: '王秀英', sex: 'female', birthYear: 1944 }), 29.981, 106.351);
  await meet(await register({ name: '刘建军', birthYear: 1980, riskFactors: ['repeat_rough_sleeper'], status: 'on_street', guardians: [], healthNotes: undefined }), 29.986, 106.352);
  // Their sleeping spots are counted from the stream, as the events consumer does under `npm start`.
  await stream.deliver();
  // Surveyed ten months ago: the six-monthly re-survey is overdue.
  await register({ name: '陈桂芳', sex: 'female', birthYear: 1950, lastSurveyAt: new Date(Date.now() - 300 * 86_400_000).toISOString().slice(0, 10) });
}, 120_000);


const activeCampaign = async () => {
  const response = await harness.app.request(`/v1/campaigns?status=active&district=${district}`, { headers: admin });
  return ((await response.json()) as { items: { id: string }[] }).items;
};

async function openTab(page: Page, name: string) {
  await page.getByRole('tab', { name }).click();
}

describe('campaigns in the browser', { timeout: 60_000 }, () => {
  it('the office draws an area, enters a cold-wave warning, and the campaign starts with its coverage', async () => {
    const { context, page } = await newPage(1280);
    await signIn(page, 'admin', district);
    await openTab(page, '区域');
    await page.getByText('尚未划定区域。').waitFor();
    // The rectangle's default corners are 草街's square; the name is what warnings call it.
    const form = page.getByRole('form', { name: '新建区域' });
    await form.getByLabel('名称').fill('草街街道');
    await form.getByRole('button', { name: '新建区域' }).click();
    await page.getByTestId('areas').getByText('草街街道').waitFor();
    // Edit it: the altitude (heat signals limited to 海拔400米以下 skip areas above it).
    await page.getByRole('button', { name: '修改区域：草街街道' }).click();
    const edit = page.getByRole('form', { name: '修改区域：草街街道' });
    await edit.getByLabel('海拔').fill('230');
    await edit.getByRole('button', { name: '保存修改' }).click();
    await page.getByTestId('areas').getByText(/海拔 230 米/).waitFor();
    await screenshot(page, 'office-areas');

    await openTab(page, '专项行动');
    await page.getByTestId('campaign-coverage').getByText('目前没有进行中的专项行动。').waitFor();
    await page.getByLabel('预警类型').selectOption({ label: '寒潮' });
    await page.getByLabel('级别').selectOption({ label: '橙色' });
    await page.getByRole('button', { name: '录入预警并启动专项行动' }).click();
    await page.getByText('已启动专项行动 1 项。').waitFor();
    const coverage = page.getByTestId('campaign-coverage');
    await coverage.getByText('【寒冬送温暖】草街街道 寒潮橙色预警').waitFor();
    await coverage.getByText(/已走访 0 \/ [1-9]/).waitFor();
    expect(await smallTargets(page)).toEqual([]);
    await screenshot(page, 'office-campaigns');
    await page.setViewportSize({ width: 360, height: 780 });
    await screenshot(page, 'office-campaigns');
    await openTab(page, '区域');
    await page.getByTestId('areas').getByText('草街街道').waitFor();
    await screenshot(page, 'office-areas');
    await page.setViewportSize({ width: 1280, height: 900 });

    await openTab(page, '概览');
    await page.getByTestId('dashboard').getByTestId('campaign-coverage').getByText('【寒冬送温暖】草街街道 寒潮橙色预警').waitFor();
    await screenshot(page, 'office-dashboard-campaign');
    expect(await activeCampaign()).toHaveLength(1);
    await context.close();
  });

  it('a patrol worker sees the campaign visits first, most vulnerable first, and records one', async () => {
    const [campaign] = await activeCampaign();
    expect(campaign).toBeDefined();
    const { context, page } = await newPage(360);
    await signIn(page, 'patrol', district);
    const list = page.getByTestId('worklist');
    await page.getByTestId('active-campaign').getByText('【寒冬送温暖】草街街道 寒潮橙色预警').waitFor();
    await list.getByText('陈桂芳').waitFor();
    await list.getByText(/米/).first().waitFor();
    const rows = await list.locator(':scope > li').allTextContents();
    const at = (name: string) => rows.findIndex((text) => text.includes(name));
    // Visits first (the elderly woman before the younger man), then the register's follow-ups.
    expect(await list.locator(':scope > li').first().getAttribute('data-testid')).toBe('campaign-visit');
    expect(at('王秀英')).toBeGreaterThanOrEqual(0);
    expect(at('王秀英')).toBeLessThan(at('刘建军'));
    expect(at('刘建军')).toBeLessThan(at('陈桂芳'));
    expect(rows.filter((text) => text.includes('王秀英'))).toHaveLength(1);
    expect(rows[at('王秀英')]).toMatch(/老人/);
    expect(rows[at('王秀英')]).toMatch(/[北南东西]+ \d+ 米/);
    expect(await smallTargets(page)).toEqual([]);
    await screenshot(page, 'patrol-campaign');
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, 'patrol-campaign');
    await page.setViewportSize({ width: 360, height: 780 });

    await page.getByRole('button', { name: '记录走访：王秀英' }).click();
    await page.getByText('专项行动走访：保存即记为已走访。').waitFor();
    await page.getByText(/已定位 ±\d+ 米/).waitFor();
    await page.getByRole('button', { name: '提供被褥' }).click();
    await page.getByRole('button', { name: '保存记录' }).click();
    await page.getByTestId('encounter-result').getByText('已记录').waitFor();
    // The list is read again once the encounter is in: the visit counts as made.
    await page.getByText(/已走访 \d+ 处/).click();
    await page.getByTestId('campaign-visit-reached').filter({ hasText: '王秀英' }).waitFor();
    await expect.poll(async () => (await list.locator(':scope > li').allTextContents()).some((text) => text.includes('王秀英'))).toBe(false);

    const detail = (await (await harness.app.request(`/v1/campaigns/${campaign!.id}`, { headers: admin })).json()) as { visits: { kind: string; name?: string; reached: boolean; encounterId?: string }[] };
    const visit = detail.visits.find((item) => item.name === '王秀英');
    expect(visit).toMatchObject({ kind: 'person', reached: true });
    const personId = (detail.visits.find((item) => item.name === '王秀英') as unknown as { id: string }).id;
    const encounters = (await (await harness.app.request(`/v1/persons/${personId}/encounters?limit=1`, { headers: admin })).json()) as { items: { id: string; campaignId?: string }[] };
    expect(encounters.items[0]).toMatchObject({ id: visit!.encounterId, campaignId: campaign!.id });
    await context.close();
  });

  it('the map shows the visits on the configured tiles, and without signal a list with distance and direction', async () => {
    for (const width of [360, 1280]) {
      const { context, page } = await newPage(width);
      await signIn(page, 'patrol', district);
      await page.getByTestId('active-campaign').waitFor();
      await page.getByRole('button', { name: '地图' }).click();
      const map = page.getByTestId('map');
      await map.waitFor();
      await expect.poll(() => map.locator('img.tile').evaluateAll((images) => images.filter((image) => (image as unknown as { naturalWidth: number }).naturalWidth > 0).length)).toBeGreaterThan(0);
      // Every visit and the phone, in view at the zoom that fits them.
      const inView = await map.evaluate((box) => {
        const frame = box.getBoundingClientRect();
        return [...box.querySelectorAll('.marker')].filter((marker) => {
          const at = marker.getBoundingClientRect();
          return at.left >= frame.left && at.right <= frame.right && at.top >= frame.top && at.bottom <= frame.bottom;
        }).length;
      });
      expect(inView).toBe(await map.locator('.marker').count());
      expect(inView).toBeGreaterThanOrEqual(4);
      await screenshot(page, 'patrol-map');
      await page.getByRole('button', { name: '放大' }).click();
      await expect.poll(() => map.locator('img.tile').first().getAttribute('src')).toMatch(/\/tiles\/1[4-9]\//);

      // The service worker holds the app (and the map's chunk) before the signal goes.
      await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
      await page.getByRole('button', { name: '收起地图' }).click();
      await context.setOffline(true);
      await page.getByRole('button', { name: '地图' }).click();
      await page.getByText('地图底图无法加载（无网络或密钥无效）：按距离和方向列出。').waitFor();
      const items = await page.getByTestId('map-list').locator('li').allTextContents();
      expect(items.length).toBeGreaterThanOrEqual(2);
      for (const item of items) expect(item).toMatch(/[↑↗→↘↓↙←↖] [北南东西]+ [\d.]+ (米|公里)/);
      await screenshot(page, 'patrol-map-offline');
      await context.close();
    }
  });

  it('the office changes a rule: a bad value is refused with the field named in Chinese, a good one becomes version 1', async () => {
    const { context, page } = await newPage(1280);
    await signIn(page, 'admin', district);
    await openTab(page, '规则');
    const rule = page.locator('[data-rule="followUps"]');
    await rule.getByText('第 0 版（默认）').waitFor();
    await rule.getByText(/依据：/).waitFor();
    await rule.getByRole('button', { name: '修改规则：在册人员回访' }).click();
    const days = rule.getByLabel('拒绝救助后回访天数');
    await expect.poll(() => days.inputValue()).toMatch(/^\d+$/);
    await days.fill('0');
    await rule.getByRole('button', { name: '保存新版本' }).click();
    const refusal = rule.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/^填写有误：「.*拒绝救助后回访天数」.*不能小于 1$/);
    await screenshot(page, 'office-rules-refused');
    await days.fill('5');
    await rule.getByRole('button', { name: '保存新版本' }).click();
    await rule.getByText('已保存为第 1 版，30 秒内各处生效。').waitFor();
    await rule.getByTestId('rule-version').getByText('第 1 版').waitFor();
    await screenshot(page, 'office-rules');
    await page.setViewportSize({ width: 360, height: 780 });
    await screenshot(page, 'office-rules');
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.reload();
    await openTab(page, '规则');
    await page.locator('[data-rule="followUps"]').getByTestId('rule-version').getByText('第 1 版').waitFor();
    const stored = (await (await harness.app.request('/v1/rules/followUps', { headers: admin })).json()) as { version: number; value: { refusalFollowUpDays: number } };
    expect(stored).toMatchObject({ version: 1, value: { refusalFollowUpDays: 5 } });
    await context.close();
  });
});
