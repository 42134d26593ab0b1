/**
 * The tracer's screens in real Chromium: entering a family's missing report (a refusal shown in
 * Chinese with the field named, then filed once), the report list, a report's page with its match and
 * the person's photo, and recording a lead on a case. Screenshots at 360 px and 1280 px.
 */
// The app first: it extends zod with `.openapi` before any domain schema is made.
import { harness, matchNow, newPage, screenshot, signIn, useBrowserApp } from './harness.js';
import { describe, expect, it } from 'vitest';
import { uniqueDistrict } from '../support/app.js';
import { station } from '../support/facilities.js';
import { plainPng } from '../support/images.js';

useBrowserApp();

type Headers = Record<string, string>;

/** An unidentified man admitted to the district's station an hour ago: his tracing case is open. */
async function personInCare(district: string) {
  const admin = await harness.as('admin', { district });
  const facility = (await (await harness.send('POST', '/v1/facilities', admin, station(district))).json()) as { id: string };
  const created = await harness.send('POST', '/v1/persons', admin, {
    sex: 'male', estimatedAge: 68, estimatedAt: new Date().toISOString().slice(0, 10), heightCm: 168, dialect: '四川口音', marks: '右耳缺损',
    riskFactors: [], status: 'on_street', identityStatus: 'unidentified', registrationSource: 'patrol', district,
  });
  const personId = ((await created.json()) as { person: { id: string } }).person.id;
  const shelter = await harness.as('shelter', { district, facility: facility.id });
  expect((await harness.send('POST', '/v1/admissions', shelter, { personId, facilityId: facility.id, at: new Date(Date.now() - 3_600_000).toISOString(), via: 'escorted_by_patrol' })).status).toBe(201);
  return { personId, admin, shelter };
}

async function reportsOf(tracer: Headers): Promise<{ id: string; name: string }[]> {
  return ((await (await harness.app.request('/v1/missing-reports?status=open&listing=filed', { headers: tracer })).json()) as { items: { id: string; name: string }[] }).items;
}

describe('the tracer screens', { timeout: 60_000 }, () => {
  it('a tracer files a missing report, is told in Chinese which field is wrong, and sees it listed once', async () => {
    const district = uniqueDistrict();
    const tracer = await harness.as('tracer', { district });
    const { context, page } = await newPage(360);
    await signIn(page, 'tracer', district);
    await page.getByRole('tab', { name: '走失人员报告' }).click();
    await page.getByText('暂无在寻的报告。').waitFor();
    await page.getByRole('button', { name: '＋ 登记走失报告' }).click();
    // Every control of the form has a label, and every button is a touch target of 44 px or more.
    const unlabelled = await page.evaluate<string[]>(
      `[...document.querySelectorAll('input, select, textarea')].filter((control) => !(control.labels && control.labels.length) && !control.getAttribute('aria-label')).map((control) => control.outerHTML)`,
    );
    expect(unlabelled).toEqual([]);
    const small = await page.evaluate<string[]>(
      `[...document.querySelectorAll('form button, .choice')].filter((target) => { const box = target.getBoundingClientRect(); return box.height < 44 || box.width < 44; }).map((target) => target.textContent)`,
    );
    expect(small).toEqual([]);
    await page.getByLabel('姓名', { exact: true }).fill('刘桂芳');
    await page.getByLabel('女', { exact: true }).check();
    await page.getByLabel('出生年份').fill('1950');
    await page.getByLabel('身高（厘米）').fill('152');
    await page.getByLabel(/体貌特征/).fill('左脸颊有黑痣');
    await page.getByLabel('口音／方言').fill('重庆话');
    await page.getByLabel('籍贯·省').fill('重庆市');
    await page.getByLabel('籍贯·县（区）').fill('合川区');
    await page.getByRole('button', { name: '认知症（失智）' }).click();
    await page.getByLabel('最后见到的时间（北京时间）').fill('2026-11-20T07:30');
    await page.getByLabel('最后见到的地点').fill('合川区草街街道菜市场');
    await page.getByLabel('走失时衣着').fill('灰色棉袄，黑色布鞋');
    await page.getByLabel('报告人姓名').fill('刘建华');
    await page.getByLabel('与走失人员关系').fill('儿子');
    // A phone number one digit short: refused, the field named in Chinese, nothing filed.
    await page.getByLabel('联系电话').fill('1381234567');
    await page.getByRole('button', { name: '提交报告' }).click();
    await page.getByRole('alert').getByText('填写有误：「报告人·电话」须为大陆手机号或固定电话').waitFor();
    await page.getByText('须为大陆手机号或固定电话（如 13812345678、023-12345678）').first().waitFor();
    await screenshot(page, 'tracer-report-refused');
    expect(await reportsOf(tracer)).toEqual([]);
    await page.getByLabel('联系电话').fill('13812345678');
    await page.getByRole('button', { name: '提交报告' }).click();
    await page.getByRole('heading', { name: /走失报告：刘桂芳（女）/ }).waitFor();
    await page.getByTestId('report-facts').getByText('认知症（失智）').waitFor();
    await page.getByText('暂无比对候选', { exact: false }).waitFor();
    await screenshot(page, 'tracer-report');
    await page.getByRole('button', { name: '← 返回报告列表' }).click();
    await page.getByTestId('missing-reports').getByRole('button', { name: '刘桂芳（女）' }).waitFor();
    const filed = await reportsOf(tracer);
    expect(filed.map((report) => report.name)).toEqual(['刘桂芳']);
    await context.close();

    // The list and the form at office width.
    const wide = await newPage(1280);
    await signIn(wide.page, 'tracer', district);
    await wide.page.getByRole('tab', { name: '走失人员报告' }).click();
    await wide.page.getByTestId('missing-reports').getByText('刘桂芳（女）').waitFor();
    await screenshot(wide.page, 'tracer-reports');
    await wide.page.getByRole('button', { name: '＋ 登记走失报告' }).click();
    await screenshot(wide.page, 'tracer-report-form');
    await wide.page.getByRole('button', { name: '取消' }).click();
    // A change goes with the version read (If-Match); then the family withdraws the report.
    await wide.page.getByTestId('missing-reports').getByRole('button', { name: '刘桂芳（女）' }).click();
    await wide.page.getByRole('button', { name: '修改报告' }).click();
    await wide.page.getByLabel('身高（厘米）').fill('150');
    await wide.page.getByLabel('走失时衣着').fill('');
    await wide.page.getByRole('button', { name: '保存修改' }).click();
    await wide.page.getByTestId('report-facts').getByText('150 厘米').waitFor();
    expect(await wide.page.getByTestId('report-facts').getByText('灰色棉袄', { exact: false }).count()).toBe(0);
    await wide.page.getByRole('button', { name: '结案' }).click();
    await wide.page.getByLabel('结案说明').fill('家属已自行找回');
    await wide.page.getByRole('button', { name: '确认结案' }).click();
    await wide.page.getByTestId('report-facts').getByText(/家属撤回 · .* · 家属已自行找回/).waitFor();
    await screenshot(wide.page, 'tracer-report-closed');
    await wide.context.close();
    const stored = (await (await harness.app.request(`/v1/missing-reports/${filed[0]!.id}`, { headers: tracer })).json()) as { heightCm: number; clothing?: string; status: string; version: number };
    expect(stored).toMatchObject({ heightCm: 150, status: 'closed' });
    expect(stored.clothing).toBeUndefined();
  });

  it('a tracer records a lead on a case, and the timeline shows it', async () => {
    const district = uniqueDistrict();
    const { personId } = await personInCare(district);
    for (const width of [360, 1280]) {
      const { context, page } = await newPage(width);
      await signIn(page, 'tracer', district);
      await page.getByRole('button', { name: personId }).click();
      await page.getByTestId('timeline').getByText('入站立案').waitFor();
      await page.getByLabel('进展类型').selectOption('lead');
      await page.getByLabel('线索来源').selectOption('public');
      const summary = `群众反映：曾在草街码头见过此人（${width}）`;
      // An empty lead is refused with the field named.
      await page.getByRole('button', { name: '保存：线索' }).click();
      await page.getByRole('alert').getByText(/填写有误：「线索内容」/).waitFor();
      await page.getByLabel('线索内容').fill(summary);
      await page.getByRole('button', { name: '保存：线索' }).click();
      await page.getByRole('status').getByText('已记录：线索').waitFor();
      await page.getByTestId('timeline').getByText(`来源：群众 · ${summary}`).waitFor();
      await screenshot(page, 'tracer-lead');
      await context.close();
    }
    const tracingCase = (await (await harness.app.request(`/v1/persons/${personId}/tracing`, { headers: await harness.as('tracer', { district }) })).json()) as {
      timeline: { kind: string; details?: Record<string, string> }[];
    };
    expect(tracingCase.timeline.filter((entry) => entry.kind === 'lead').map((entry) => entry.details?.['source'])).toEqual(['public', 'public']);
  });

  it('a tracer takes a photo for the notice on a case page, says what it shows and chooses the notice’s portrait; a file that is not a picture is refused and nothing kept', async () => {
    const district = uniqueDistrict();
    const { personId } = await personInCare(district);
    const tracer = await harness.as('tracer', { district });
    const photos = async () => ((await (await harness.app.request(`/v1/persons/${personId}/photos`, { headers: tracer })).json()) as { items: { status: string; purpose: string }[] }).items;
    for (const width of [360, 1280]) {
      const { context, page } = await newPage(width);
      await signIn(page, 'tracer', district);
      await page.getByRole('button', { name: personId }).click();
      await page.getByTestId('timeline').getByText('入站立案').waitFor();
      if (width === 360) {
        // Text named .png: announced as a PNG, judged by its content on completion, refused.
        await page.getByTestId('photo-input').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('not a picture at all') });
        await page.getByRole('alert').waitFor();
        expect(await page.getByRole('alert').textContent()).toMatch(/[\u4e00-\u9fff]/u);
        expect(await photos(), await page.getByRole('alert').textContent() ?? '').toEqual([]);
      }
      await page.getByTestId('photo-input').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from(plainPng()) });
      await expect.poll(() => page.getByTestId('photo-taken').evaluate((image) => (image as unknown as { complete: boolean; naturalWidth: number }).complete && (image as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
      if (width === 1280) {
        // Two portraits, none chosen: the notice has no photo until the tracer picks one.
        expect(((await (await harness.app.request(`/v1/persons/${personId}/notice`, { headers: tracer })).json()) as { photo?: unknown }).photo).toBeUndefined();
        await page.getByTestId('portraits').getByRole('button', { name: '设为寻亲公告照片' }).first().click();
        await page.getByTestId('portraits').getByText('当前寻亲公告照片').waitFor();
      }
      await screenshot(page, 'tracer-photo');
      await context.close();
    }
    expect((await photos()).map((photo) => [photo.status, photo.purpose])).toEqual([['ready', 'portrait'], ['ready', 'portrait']]);
    expect(((await (await harness.app.request(`/v1/persons/${personId}/notice`, { headers: tracer })).json()) as { photo?: { url: string } }).photo?.url).toContain('/photos/');
    // The other uses of a photo are offered too, in Chinese.
    const { context, page } = await newPage(360);
    await signIn(page, 'tracer', district);
    await page.getByRole('button', { name: personId }).click();
    await page.getByTestId('photo-purpose').selectOption('mark');
    expect(await page.getByTestId('photo-purpose').locator('option:checked').textContent()).toMatch(/体貌特征/u);
    await context.close();
  });

  it('a report page shows the matched person side by side, with their photo', async () => {
    const district = uniqueDistrict();
    const { personId, shelter } = await personInCare(district);
    // The station's photo of the person, through the upload and completion routes.
    const file = plainPng();
    const offered = (await (await harness.send('POST', `/v1/persons/${personId}/photos`, shelter, { contentType: 'image/png', sizeBytes: file.length, purpose: 'portrait' })).json()) as {
      photoId: string;
      upload: { url: string; headers: Headers };
    };
    expect((await harness.app.request(offered.upload.url, { method: 'PUT', headers: { ...offered.upload.headers, 'content-length': String(file.length) }, body: file })).status).toBe(200);
    expect((await harness.app.request(`/v1/persons/${personId}/photos/${offered.photoId}/complete`, { method: 'POST', headers: { ...shelter, 'content-type': 'application/json' } })).status).toBe(200);
    const tracer = await harness.as('tracer', { district });
    const filed = await harness.send('POST', '/v1/missing-reports', tracer, {
      name: '陈国华', sex: 'male', birthYear: new Date().getUTCFullYear() - 68, heightCm: 169, dialect: '四川话', marks: '右耳缺损',
      lastSeen: { at: new Date(Date.now() - 5 * 86_400_000).toISOString(), place: '合川区草街街道' }, reporter: { name: '陈丽', relation: '女儿', phone: '13912345678' },
    });
    const reportId = ((await filed.json()) as { id: string }).id;
    await matchNow(personId, reportId);
    for (const width of [360, 1280]) {
      const { context, page } = await newPage(width);
      await signIn(page, 'tracer', district);
      await page.getByRole('tab', { name: '走失人员报告' }).click();
      await page.getByTestId('missing-reports').getByRole('button', { name: '陈国华（男）' }).click();
      const match = page.getByTestId('match');
      await match.getByTestId('side-by-side').getByText('右耳缺损').first().waitFor();
      await expect.poll(() => match.getByTestId('match-photo').evaluate((element) => {
        const image = element as unknown as { complete: boolean; naturalWidth: number };
        return image.complete ? image.naturalWidth : 0;
      })).toBeGreaterThan(0);
      await screenshot(page, 'tracer-report-match');
      await context.close();
    }
  });
});
