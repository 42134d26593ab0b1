import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeProblem, fieldName, fieldProblem, reasonText, reasonsWorded } from '../../web/src/i18n.js';

/** Every `reason` the services put on a refusal: `refused('x', …)` and `{ reason: 'x' }` on a thrown problem. */
function reasonsRefusedWith(): string[] {
  const found = new Set<string>();
  for (const file of readdirSync('shared/services').filter((name) => name.endsWith('.ts'))) {
    const source = readFileSync(join('shared/services', file), 'utf8');
    for (const match of source.matchAll(/refused\('([a-z_]+)'/g)) found.add(match[1] as string);
    for (const match of source.matchAll(/throw [^;]*\{ reason: '([a-z_]+)'/g)) found.add(match[1] as string);
  }
  return [...found].sort();
}

describe('API refusals in Chinese (the browser app)', () => {
  it('names each field in Chinese, with the reason in Chinese where the wording is known', () => {
    const problem = {
      status: 400,
      type: 'https://outreach.example.gov.cn/problems/validation',
      errors: [
        { path: 'body.reporter.phone', message: 'A mainland mobile or landline number.' },
        { path: 'body.name', message: 'Too big: expected string to have <=50 characters' },
        { path: 'body.lastSeen.at', message: 'A person cannot be last seen in the future.' },
      ],
    };
    expect(describeProblem(problem)).toBe(
      '填写有误：「报告人·电话」须为大陆手机号或固定电话（如 13812345678、023-12345678）；「姓名」最多 50 个字；「最后出现·时间」不能晚于现在',
    );
    expect(fieldProblem(problem, 'name')).toBe('最多 50 个字');
    expect(fieldProblem(problem, 'reporter')).toMatch(/^须为大陆手机号/);
    expect(fieldProblem(problem, 'reporter.name')).toBeUndefined();
  });

  it('says what kind of refusal by the problem type before the status', () => {
    expect(describeProblem({ status: 422, type: 'https://outreach.example.gov.cn/problems/idempotency_mismatch' })).toMatch(/^同一提交编号已用于不同内容/);
    expect(describeProblem({ status: 409, type: 'https://outreach.example.gov.cn/problems/conflict', detail: 'The bed is taken.' })).toBe('与现有记录冲突：The bed is taken.');
    expect(describeProblem({ status: 503 })).toMatch(/^服务器暂时出错/);
  });

  it('says a refused photo’s reason code in Chinese, not the server’s English detail', () => {
    const refused = (reason: string, status = 400) => describeProblem({ status, reason, detail: 'English detail', errors: [{ path: 'file', message: 'The image has 9000×9000 pixels.' }] } as Parameters<typeof describeProblem>[0]);
    expect(refused('too_many_pixels')).toBe('填写有误：照片像素过多（最多约 5000 万像素，手机原图均可）');
    expect(refused('not_an_image')).toBe('填写有误：不是 JPEG 或 PNG 照片');
    expect(refused('malformed')).toMatch(/^填写有误：照片文件已损坏/);
    expect(refused('photo_not_portrait', 422)).toBe('不符合规定：只有正面照可用于寻亲公告');
    expect(refused('photo_not_ready', 422)).toBe('不符合规定：照片尚未上传完成');
    expect(fieldName('body.purpose')).toBe('照片用途');
  });

  it('keeps an unknown field path and an unknown reason as the server wrote them', () => {
    expect(fieldName('body.somethingNew')).toBe('body.somethingNew');
    expect(fieldName('body')).toBe('请求内容');
    expect(reasonText('A reason nobody translated.')).toBe('A reason nobody translated.');
  });

  it('words in Chinese every reason a service refuses with', () => {
    const reasons = reasonsRefusedWith();
    expect(reasons.length).toBeGreaterThan(10);
    expect(reasons.filter((reason) => !reasonsWorded().includes(reason))).toEqual([]);
    expect(describeProblem({ status: 422, reason: 'score_below_floor', detail: 'The score is below the confirmation floor (0.5).' })).toBe(
      '不符合规定：匹配得分低于确认下限，请在「低分确认理由」中写明依据后再确认',
    );
  });
});
