/**
 * The browser tests' common ground: the app built by Vite and served with the API on one origin from a
 * free port (data in the run's DynamoDB Local), Debian's Chromium driven by playwright-core, a signed-in
 * page per test, and screenshots at 360 px and 1280 px to test/e2e/screenshots/ (not committed).
 * A test file calls `useBrowserApp()` once; `harness`, `base` and `browser` are set before its tests run.
 */
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { chromiumPath } from '../support/global-setup.js';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { ensureWebBuild, webDir, webDistDir } from '../../infra/local/web-build.js';
import { createStaticSite, type WebAppConfig } from '../../shared/web/static-site.js';
import { testApp } from '../support/app.js';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { outreachRules } from '../../shared/domain/rules.js';
import { matchFromStream } from '../../shared/services/matching.js';
import { keys } from '../../shared/store/keys.js';

// The run's global setup has checked that it exists (test/support/global-setup.ts).
const CHROMIUM = chromiumPath();
const shots = new URL('./screenshots/', import.meta.url).pathname;
const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Near 草街街道, 合川区. */
export const here = { latitude: 29.9852, longitude: 106.3496, accuracy: 12 };

export let harness: Awaited<ReturnType<typeof testApp>>;
export let base: string;
export let browser: Browser;
const servers: ServerType[] = [];

/** Serves a fetch handler on a free loopback port; closed after the run. */
export async function listen(fetch: (request: Request, env?: unknown) => Response | Promise<Response>): Promise<string> {
  const started = await new Promise<ServerType>((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(server));
  });
  servers.push(started);
  return `http://127.0.0.1:${(started.address() as AddressInfo).port}`;
}

const buildLock = `${webDir}/.build-lock`;

/**
 * Builds the app when stale, one test file at a time: the browser test files run in parallel and
 * would otherwise build into the same web/dist at once. A lock left by a killed run goes after 5 minutes.
 */
async function buildOnce() {
  for (;;) {
    try {
      mkdirSync(buildLock);
    } catch {
      const held = statSync(buildLock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 300_000) rmSync(buildLock, { recursive: true, force: true });
      await sleep(250);
      continue;
    }
    try {
      return await ensureWebBuild();
    } finally {
      rmSync(buildLock, { recursive: true, force: true });
    }
  }
}

type TestAppOptions = NonNullable<Parameters<typeof testApp>[0]>;

/**
 * Builds the app if needed, serves it with the API, and starts Chromium for the file's tests. A file
 * may give the API app's options (its own table, editable rules) and the site's configuration (map tiles).
 */
export function useBrowserApp(options: { app?: () => Promise<TestAppOptions>; site?: () => Promise<WebAppConfig> } = {}) {
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    await buildOnce();
    // Photo URLs name the app's own origin, as under `npm start`.
    harness = await testApp({ ...(await options.app?.()), filesOrigin: () => base });
    const site = createStaticSite(webDistDir, (await options.site?.()) ?? { mode: 'local' });
    base = await listen((request, env) => site.handle(request) ?? harness.app.fetch(request, env as never));
    // Playwright starts Chromium with a new, empty --user-data-dir of its own for each launch.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: flags, headless: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(servers.splice(0).map((started) => new Promise((resolve) => started.close(resolve))));
  });
}

export async function newPage(width = 360): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width, height: width < 600 ? 780 : 900 },
    deviceScaleFactor: 1,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    geolocation: here,
    permissions: ['geolocation'],
    serviceWorkers: 'allow',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
  return { context, page };
}

export async function signIn(page: Page, role: 'patrol' | 'shelter' | 'tracer' | 'admin', district: string, facility?: string, sub = `${role}-e2e`) {
  await page.goto(base);
  await page.getByLabel(role === 'patrol' ? '街面巡查员' : role === 'shelter' ? '救助站／机构工作人员' : role === 'tracer' ? '寻亲志愿者' : '民政办公室').check();
  await page.getByLabel('工号').fill(sub);
  await page.getByLabel('区县代码').fill(district);
  // Shelter staff pick their facility by name from the district's list.
  if (facility) await page.getByLabel('机构', { exact: true }).selectOption(facility);
  await page.getByRole('button', { name: '登录' }).click();
}

/** No horizontal scroll: the page is no wider than the viewport. */
export async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
  expect(overflow).toBeLessThanOrEqual(0);
}

export async function screenshot(page: Page, name: string) {
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: `${shots}${name}-${page.viewportSize()!.width}.png`, fullPage: true });
}

/** Matching runs from the table's stream (the local poller under `npm start`); here a person and a report are handed to it. */
export async function matchNow(personId: string, reportId: string) {
  for (const key of [keys.person(personId), keys.missingReport(reportId)]) {
    const item = (await harness.db.doc.send(new GetCommand({ TableName: harness.db.tableName, Key: key, ConsistentRead: true }))).Item as Record<string, unknown>;
    await matchFromStream({ db: harness.db, rules: outreachRules, now: () => new Date() }, [{ eventName: 'INSERT', dynamodb: { NewImage: marshall(item, { removeUndefinedValues: true }) } }]);
  }
}

/** The buttons on the page smaller than a 44 px touch target (their text); empty when all are large enough. */
export async function smallTargets(page: Page): Promise<(string | null)[]> {
  return page.evaluate<(string | null)[]>(
    `[...document.querySelectorAll('button, .choice')].filter((target) => { const box = target.getBoundingClientRect(); return box.width > 0 && (box.height < 44 || box.width < 44); }).map((target) => target.textContent)`,
  );
}
