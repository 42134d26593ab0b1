/**
 * What a browser test needs: Debian's Chromium (playwright-core), the built app and the API served on
 * one origin from a free port, sign-in through the local screen, and screenshots that also check
 * there is no horizontal scroll. Screenshots go to test/e2e/screenshots/ (not committed).
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { ensureWebBuild, webDistDir } from '../../infra/local/web-build.js';
import { createStaticSite, type WebAppConfig } from '../../shared/web/static-site.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const shots = new URL('./screenshots/', import.meta.url).pathname;
const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Near 草街街道, 合川区. */
export const here = { latitude: 29.9852, longitude: 106.3496, accuracy: 12 };

export const roleName = { patrol: '街面巡查员', shelter: '救助站／机构工作人员', tracer: '寻亲志愿者', admin: '民政办公室' } as const;

/** Serves a fetch handler on a free loopback port. */
export async function listen(fetch: (request: Request) => Response | Promise<Response>): Promise<{ url: string; close: () => Promise<void> }> {
  const started = await new Promise<ServerType>((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(server));
  });
  return { url: `http://127.0.0.1:${(started.address() as AddressInfo).port}`, close: () => new Promise((resolve) => started.close(() => resolve())) };
}

/** Chromium, and the app (built if missing) with an API app behind it on one origin. */
export async function startBrowser(app: { fetch: (request: Request) => Response | Promise<Response> }, config: WebAppConfig = { mode: 'local' }) {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install chromium), as .ci/run does.`);
  mkdirSync(shots, { recursive: true });
  await ensureWebBuild();
  const site = createStaticSite(webDistDir, config);
  const server = await listen((request) => site.handle(request) ?? app.fetch(request));
  // Playwright starts Chromium with a new, empty --user-data-dir of its own for each launch.
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: flags, headless: true });
  const base = server.url;

  async function newPage(width = 360): Promise<{ context: BrowserContext; page: Page }> {
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

  async function signIn(page: Page, role: keyof typeof roleName, district: string, sub = `${role}-e2e`) {
    await page.goto(base);
    await page.getByLabel(roleName[role]).check();
    await page.getByLabel('工号').fill(sub);
    await page.getByLabel('区县代码').fill(district);
    await page.getByRole('button', { name: '登录' }).click();
  }

  return {
    base,
    newPage,
    signIn,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
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

/** Every button on the page is a touch target of 44 px or more. */
export async function smallTargets(page: Page): Promise<(string | null)[]> {
  return page.evaluate<(string | null)[]>(
    `[...document.querySelectorAll('button, .choice')].filter((target) => { const box = target.getBoundingClientRect(); return box.width > 0 && (box.height < 44 || box.width < 44); }).map((target) => target.textContent)`,
  );
}
