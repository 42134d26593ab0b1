/**
 * The browser app in real Chromium (Debian's /usr/bin/chromium, driven by playwright-core): the app
 * built by Vite, served with the API on one origin from a free port, data in the run's DynamoDB Local
 * (./harness.ts). Screenshots of each main screen at 360 px and 1280 px go to test/e2e/screenshots/.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { importJWK, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { webDistDir } from '../../infra/local/web-build.js';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../shared/http/dev-tokens.js';
import { createStaticSite } from '../../shared/web/static-site.js';
import { uniqueDistrict } from '../support/app.js';
import { station } from '../support/facilities.js';
import { registeredPerson } from '../support/persons.js';
import type { Page } from 'playwright-core';
import { base, harness, listen, matchNow, newPage, screenshot, signIn, useBrowserApp } from './harness.js';

let transferredBytes = 0;
useBrowserApp();

async function encountersIn(district: string): Promise<number> {
  const admin = await harness.as('admin', { district });
  const response = await harness.app.request(`/v1/encounters?district=${district}&limit=100`, { headers: admin });
  return ((await response.json()) as { items: unknown[] }).items.length;
}

async function recordNewPerson(page: Page, age: string) {
  await page.getByRole('button', { name: '＋ 记录遇见（新人员）' }).click();
  await page.getByLabel('男', { exact: true }).check();
  await page.getByLabel('估计年龄').fill(age);
  await page.getByLabel('不适').check();
  await page.getByRole('button', { name: '提供饮水' }).click();
  await page.getByRole('button', { name: '衣着单薄' }).click();
  await page.getByRole('button', { name: '保存记录' }).click();
}

describe('the browser app', { timeout: 60_000 }, () => {
  it('serves the patrol screen within its transfer budget (gzip)', async () => {
    const { context, page } = await newPage();
    let bytes = 0;
    page.on('response', async (response) => {
      const length = Number((await response.allHeaders())['content-length'] ?? 0);
      if (new URL(response.url()).pathname.startsWith('/v1/')) return;
      bytes += length;
    });
    await page.goto(base, { waitUntil: 'networkidle' });
    transferredBytes = bytes;
    process.stdout.write(`patrol screen first load: ${(bytes / 1024).toFixed(1)} KB transferred (gzip), budget 150 KB\n`);
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThanOrEqual(150 * 1024);
    await screenshot(page, 'sign-in');
    await context.close();
  });

  it('a patrol worker records an encounter online and sees the next steps at once', async () => {
    const district = uniqueDistrict();
    const { context, page } = await newPage();
    const started = Date.now();
    await signIn(page, 'patrol', district);
    await page.getByText(/已定位 ±\d+ 米/).or(page.getByRole('button', { name: '＋ 记录遇见（新人员）' })).first().waitFor();
    await recordNewPerson(page, '78');
    const result = page.getByTestId('encounter-result');
    await result.getByText('已记录').waitFor();
    await result.getByText('护送至救助管理站').waitFor();
    process.stdout.write(`cold page load (sign-in included) to a recorded encounter: ${((Date.now() - started) / 1000).toFixed(2)} s\n`);
    // While the person is still there: a photo for the tracing notice, from the camera.
    expect(await page.getByTestId('photo-input').getAttribute('capture')).toBe('environment');
    await screenshot(page, 'patrol-recorded');
    await page.getByRole('button', { name: '关闭' }).click();
    await screenshot(page, 'patrol');
    await page.getByRole('button', { name: '＋ 记录遇见（新人员）' }).click();
    await page.getByText(/已定位 ±\d+ 米/).waitFor();
    await screenshot(page, 'encounter-form');
    // Every control has a label, and every button is a touch target of 44 px or more.
    const unlabelled = await page.evaluate<string[]>(
      `[...document.querySelectorAll('input, select, textarea')].filter((control) => !(control.labels && control.labels.length) && !control.getAttribute('aria-label')).map((control) => control.outerHTML)`,
    );
    expect(unlabelled).toEqual([]);
    const small = await page.evaluate<string[]>(
      `[...document.querySelectorAll('button, .choice')].filter((target) => { const box = target.getBoundingClientRect(); return box.height < 44 || box.width < 44; }).map((target) => target.textContent)`,
    );
    expect(small).toEqual([]);
    await page.getByLabel('大字').check();
    await screenshot(page, 'encounter-form-large-type');
    expect(await encountersIn(district)).toBe(1);
    await context.close();
  });

  it('records two encounters offline, keeps them through a reload, and sends exactly two when the signal returns', async () => {
    const district = uniqueDistrict();
    const { context, page } = await newPage();
    await signIn(page, 'patrol', district);
    await page.getByRole('button', { name: '＋ 记录遇见（新人员）' }).waitFor();
    // The service worker must hold the app shell before the signal goes.
    await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
    await context.setOffline(true);
    await recordNewPerson(page, '70');
    await page.getByTestId('encounter-result').getByText('已保存在本机，待发送').waitFor();
    await recordNewPerson(page, '71');
    await page.getByTestId('outbox-summary').getByText('待发送 2 条').waitFor();
    await page.reload();
    await page.getByTestId('outbox-summary').getByText('待发送 2 条').waitFor();
    // The work list fetched online still shows, from the phone.
    await page.getByText(/无网络：显示 .* 保存在本机的清单/).waitFor();
    await screenshot(page, 'patrol-offline');
    expect(await encountersIn(district)).toBe(0);
    await context.setOffline(false);
    await page.getByTestId('outbox-summary').getByText('待发送 0 条').waitFor({ timeout: 30_000 });
    // A second reload sends nothing again.
    await page.reload();
    await page.getByTestId('outbox-summary').getByText('待发送 0 条').waitFor();
    expect(await encountersIn(district)).toBe(2);
    await context.close();
  });

  it('shows a refused resend with the reason in Chinese and keeps it for correction', async () => {
    const district = uniqueDistrict();
    const { context, page } = await newPage();
    await signIn(page, 'patrol', district);
    await page.getByRole('button', { name: '＋ 记录遇见（新人员）' }).click();
    // A bidirectional control character: the form cannot tell, the API refuses it.
    await page.getByLabel('姓名（如知道）').fill('张\u202e三');
    await page.getByRole('button', { name: '保存记录' }).click();
    const result = page.getByTestId('encounter-result');
    await result.getByText('被退回，请修改').waitFor();
    await result.getByText(/填写有误：「新登记人员·姓名」/).waitFor();
    await screenshot(page, 'patrol-refused');
    await page.getByRole('button', { name: '修改' }).click();
    await page.getByLabel('姓名（如知道）').fill('张三');
    await page.getByRole('button', { name: '保存记录' }).click();
    await result.getByText('已记录').waitFor();
    expect(await encountersIn(district)).toBe(1);
    // A shared phone: the next worker sees none of this worker's records.
    await page.getByRole('button', { name: '退出' }).click();
    await signIn(page, 'patrol', district, undefined, 'patrol-next-shift');
    await page.getByRole('button', { name: '＋ 记录遇见（新人员）' }).waitFor();
    expect(await page.getByTestId('outbox-summary').count()).toBe(0);
    await context.close();
  });

  it('finds a registered person by pinyin initials', async () => {
    const district = uniqueDistrict();
    const created = await harness.send('POST', '/v1/persons', await harness.as('admin', { district }), registeredPerson(district, { name: '张德贵', aliases: [] }));
    expect(created.status).toBe(201);
    const { context, page } = await newPage();
    await signIn(page, 'patrol', district);
    await page.getByLabel(/查找登记人员/).fill('zdg');
    await page.getByRole('list', { name: '检索结果' }).getByText('张德贵').waitFor();
    await screenshot(page, 'patrol-search');
    await context.close();
  });

  it('shelter staff admit and discharge a person', async () => {
    const district = uniqueDistrict();
    const admin = await harness.as('admin', { district });
    const facility = (await (await harness.send('POST', '/v1/facilities', admin, station(district))).json()) as { id: string };
    expect((await harness.send('POST', '/v1/persons', admin, registeredPerson(district, { name: '李桂兰', sex: 'female', aliases: [] }))).status).toBe(201);
    // An adult without risk factors already in care: the 10-day limit applies and can be extended.
    const adult = (await (await harness.send('POST', '/v1/persons', admin, registeredPerson(district, { name: '周国强', aliases: [], birthYear: 1980, riskFactors: [], guardians: [], healthNotes: undefined }))).json()) as { person: { id: string } };
    expect((await harness.send('POST', '/v1/admissions', admin, { personId: adult.person.id, facilityId: facility.id, at: new Date(Date.now() - 86_400_000).toISOString(), via: 'self_referred' })).status).toBe(201);
    for (const width of [360, 1280]) {
      const { context, page } = await newPage(width);
      await signIn(page, 'shelter', district, facility.id);
      await page.getByTestId('beds-female').getByText('0/12').waitFor();
      await page.getByTestId('resident').filter({ hasText: '周国强' }).getByText(/期限/).waitFor();
      if (width === 1280) {
        await screenshot(page, 'shelter');
        await context.close();
        continue;
      }
      await page.getByRole('button', { name: '＋ 办理入站' }).click();
      await page.getByLabel(/查找登记人员/).fill('lgl');
      await page.getByRole('button', { name: '入站' }).click();
      await page.getByRole('button', { name: '确认入站' }).click();
      await page.getByTestId('beds-female').getByText('1/12').waitFor();
      const liGuilan = page.getByTestId('resident').filter({ hasText: '李桂兰' });
      await liGuilan.waitFor();
      await screenshot(page, 'shelter');
      const zhou = page.getByTestId('resident').filter({ hasText: '周国强' });
      await zhou.getByRole('button', { name: '延期' }).click();
      await page.getByLabel('原因').fill('等待亲属核实身份');
      await page.getByRole('button', { name: '确认延期' }).click();
      await page.getByText('已延期。').waitFor();
      await zhou.getByText('已延期').waitFor();
      await liGuilan.getByRole('button', { name: '离站' }).click();
      // Rule 9: a person with dementia goes only to a relative on record whose ID was checked.
      await page.getByLabel('离站原因').selectOption('collected_by_family');
      await page.getByLabel('亲属姓名').fill('王芳');
      await page.getByLabel('关系').fill('女儿');
      await page.getByRole('button', { name: '确认离站' }).click();
      await page.getByRole('alert').getByText(/不符合规定/).waitFor();
      await screenshot(page, 'shelter-refused');
      await page.getByLabel('已核验身份证件').check();
      await page.getByLabel('证件号后4位').fill('0026');
      await page.getByRole('button', { name: '确认离站' }).click();
      await page.getByText('已离站。').waitFor();
      await page.getByTestId('beds-female').getByText('0/12').waitFor();
      expect(await page.getByTestId('resident').count()).toBe(1);
      await context.close();
    }
  });

  it('signs in through an OIDC issuer with authorization code and PKCE (S256)', async () => {
    // A stand-in issuer: discovery, an authorize endpoint that approves at once, and a token endpoint
    // that checks the verifier against the challenge and signs an ID token the API accepts.
    const district = uniqueDistrict();
    const pending = new Map<string, { challenge: string; nonce: string; redirect: string }>();
    const exchanges: string[] = [];
    const signingKey = await importJWK(harness.tokens.privateJwk, 'RS256');
    const idp = new Hono();
    let issuer = '';
    idp.use(async (c, next) => {
      await next();
      c.res.headers.set('access-control-allow-origin', '*');
    });
    idp.get('/.well-known/openid-configuration', (c) => c.json({ issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token` }));
    idp.get('/authorize', (c) => {
      const query = c.req.query();
      expect(query).toMatchObject({ response_type: 'code', client_id: 'outreach-web', code_challenge_method: 'S256' });
      const code = randomUUID();
      pending.set(code, { challenge: query['code_challenge']!, nonce: query['nonce']!, redirect: query['redirect_uri']! });
      return c.redirect(`${query['redirect_uri']}?code=${code}&state=${encodeURIComponent(query['state']!)}`);
    });
    idp.post('/token', async (c) => {
      const form = new URLSearchParams(await c.req.text());
      const grant = pending.get(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const computed = createHash('sha256').update(verifier).digest('base64url');
      if (!grant || computed !== grant.challenge || form.get('redirect_uri') !== grant.redirect) return c.json({ error: 'invalid_grant' }, 400);
      exchanges.push(verifier);
      const now = Math.floor(Date.now() / 1000);
      const idToken = await new SignJWT({ 'cognito:groups': ['patrol'], 'custom:district': district, nonce: grant.nonce })
        .setProtectedHeader({ alg: 'RS256', kid: 'local-1' })
        .setSubject('oidc-worker')
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt(now)
        .setExpirationTime(now + 3600)
        .sign(signingKey);
      return c.json({ id_token: idToken, token_type: 'Bearer' });
    });
    issuer = await listen(idp.fetch);
    const site = createStaticSite(webDistDir, { mode: 'oidc', issuer, clientId: 'outreach-web' });
    const cloudBase = await listen((request) => site.handle(request) ?? harness.app.fetch(request));

    const { context, page } = await newPage();
    await page.goto(cloudBase);
    await page.getByRole('button', { name: '使用单位账号登录' }).click();
    await page.getByRole('button', { name: '＋ 记录遇见（新人员）' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The ID token works against the API: the work list loads for the issuer's district.
    await page.getByText('暂无到期回访。').waitFor();
    await context.close();
  });

  it('a tracer reviews a suggested match field by field and confirms it', async () => {
    const district = uniqueDistrict();
    const admin = await harness.as('admin', { district });
    const facility = (await (await harness.send('POST', '/v1/facilities', admin, station(district))).json()) as { id: string };
    const created = await harness.send('POST', '/v1/persons', admin, {
      sex: 'male', estimatedAge: 70, estimatedAt: new Date().toISOString().slice(0, 10), heightCm: 165, dialect: '四川口音', marks: '左手背有烫伤疤痕',
      riskFactors: [], status: 'on_street', identityStatus: 'unidentified', registrationSource: 'patrol', district,
    });
    const personId = ((await created.json()) as { person: { id: string } }).person.id;
    const shelter = await harness.as('shelter', { district, facility: facility.id });
    expect((await harness.send('POST', '/v1/admissions', shelter, { personId, facilityId: facility.id, at: new Date(Date.now() - 3_600_000).toISOString(), via: 'escorted_by_patrol' })).status).toBe(201);
    // A family's report from 四川, filed a week after the disappearance; its name is unique to this run.
    const familyTracer = await harness.as('tracer', { district: uniqueDistrict() });
    const name = `王${['晓明', '建国', '志强', '德胜'][Math.floor(Math.random() * 4)]}`;
    // The place is unique to this run: other files' reports share the table, some with the same name.
    const place = `成都市金牛区${Math.floor(1000 + Math.random() * 9000)}号`;
    const filed = await harness.send('POST', '/v1/missing-reports', familyTracer, {
      name, sex: 'male', birthYear: new Date().getUTCFullYear() - 70, heightCm: 166, dialect: '四川话', marks: '左手背烫伤疤痕',
      lastSeen: { at: new Date(Date.now() - 10 * 86_400_000).toISOString(), place }, reporter: { name: '王芳', relation: '女儿', phone: '13812345678' },
    });
    const reportId = ((await filed.json()) as { id: string }).id;
    await matchNow(personId, reportId);

    for (const width of [360, 1280]) {
      const { context, page } = await newPage(width);
      await signIn(page, 'tracer', district);
      await page.getByRole('button', { name: personId }).click();
      await expect.poll(() => page.getByText(`${name}（男）`).count()).toBeGreaterThan(0);
      await expect.poll(() => page.getByText('体貌特征相同', { exact: false }).count()).toBeGreaterThan(0);
      await screenshot(page, 'tracer-case');
      if (width === 1280) {
        // Other files' reports share the table: review the candidate that is this family's report.
        const review = page.getByTestId('match').filter({ hasText: place }).first();
        await review.getByLabel('审核说明').fill('照片与体貌特征一致，家属电话确认');
        await review.getByRole('button', { name: '确认是同一人' }).click();
        // Found in another province, the pair scores below the confirmation floor: the page says so in Chinese, and why is recorded.
        await expect.poll(() => review.getByRole('alert').textContent()).toContain('匹配得分低于确认下限');
        await review.getByLabel('低分确认理由（得分低于确认下限时必填）').fill('家属电话核实，照片一致');
        await review.getByRole('button', { name: '确认是同一人' }).click();
        // Confirmation takes both sides: the station's tracer proposes, and the page says who decides next.
        await expect.poll(() => review.getByText('在站方已提议确认，待受理区县确认').count()).toBeGreaterThan(0);
        const reportOf = async () => (await (await harness.app.request(`/v1/missing-reports/${reportId}`, { headers: familyTracer })).json()) as { status: string };
        expect((await reportOf()).status).toBe('open');
        await screenshot(page, 'tracer-match-proposed');
        // The filing district accepts with the ETags it reviewed; then the report closes and the person is identified.
        const sideOfReport = (await (await harness.app.request(`/v1/missing-reports/${reportId}/matches`, { headers: familyTracer })).json()) as { candidates: { personId: string; personEtag: string; reportEtag: string }[] };
        const pair = sideOfReport.candidates.find((candidate) => candidate.personId === personId);
        expect(pair).toBeDefined();
        const accepted = await harness.send('POST', `/v1/matches/${personId}/${reportId}/decision`, familyTracer, { decision: 'confirmed', note: '家属电话确认', overrideReason: '照片一致，家属已核实', personEtag: pair?.personEtag, reportEtag: pair?.reportEtag }, null);
        expect(accepted.status).toBe(200);
        expect((await reportOf()).status).toBe('closed');
        const person = (await (await harness.app.request(`/v1/persons/${personId}`, { headers: admin })).json()) as { name?: string; identityStatus: string };
        expect(person).toMatchObject({ name, identityStatus: 'identified' });
      }
      await context.close();
    }
  });

  it('the admin dashboard and the monthly report render', async () => {
    const district = uniqueDistrict();
    const admin = await harness.as('admin', { district });
    await harness.send('POST', '/v1/facilities', admin, station(district));
    for (const width of [360, 1280]) {
      const { context, page } = await newPage(width);
      await signIn(page, 'admin', district);
      await page.getByTestId('dashboard').getByText('今日遇见').waitFor();
      await page.getByText('合川区救助管理站').waitFor();
      await screenshot(page, 'office-dashboard');
      await page.getByRole('tab', { name: '统计月报' }).click();
      await page.getByTestId('monthly-report').getByText('遇见次数').waitFor();
      await screenshot(page, 'office-report');
      await context.close();
    }
    expect(transferredBytes).toBeGreaterThan(0);
  });
});
