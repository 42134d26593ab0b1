/**
 * A person's data export as a printable zh-CN page (个人信息副本): what the office hands the person
 * (or the guardian, or the close relative) who asked. Every value escaped; no script; photos as
 * links that stop working within minutes, never embedded.
 */
import { cstTime, escapeHtml as escape, SEX_ZH } from './printable.js';
import type { PersonExport } from './privacy.js';

const STATUS_ZH: Record<string, string> = { on_street: '街面', in_care: '在站', placed: '已安置', reunited: '已返家', deceased: '已故', unknown: '去向不明' };
const IDENTITY_ZH: Record<string, string> = { identified: '身份已查明', unidentified: '身份不明' };
const BASIS_ZH: Record<string, string> = {
  data_subject: '本人申请（个人信息保护法第四十四、四十五条）',
  guardian: '监护人申请',
  close_relative_deceased: '近亲属申请（个人信息保护法第四十九条）',
  authority: '有权机关依法调取',
  office: '本机关依职责',
};
const ROLE_ZH: Record<string, string> = { patrol: '巡查员', shelter: '救助站工作人员', tracer: '寻亲志愿者', admin: '民政部门', system: '系统' };

type Row = [string, string | undefined];
const text = (value: unknown) => (value === undefined || value === null || value === '' ? undefined : String(value));
const when = (value: unknown) => (typeof value === 'string' && value ? cstTime(value) : undefined);

const table = (rows: Row[]) =>
  `<table class="kv">${rows.filter(([, value]) => value !== undefined).map(([label, value]) => `<tr><th>${escape(label)}</th><td>${escape(value as string)}</td></tr>`).join('')}</table>`;

function list(title: string, heads: string[], rows: (string | undefined)[][]): string {
  const body = rows.length
    ? `<table class="list"><thead><tr>${heads.map((head) => `<th>${escape(head)}</th>`).join('')}</tr></thead><tbody>${rows
        .map((row) => `<tr>${row.map((cell) => `<td>${escape(cell ?? '—')}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`
    : '<p class="none">无</p>';
  return `<h2>${escape(title)}（${rows.length}）</h2>${body}`;
}

export function exportPage(data: PersonExport): string {
  const p = data.person as unknown as Record<string, unknown> & { guardians?: { name: string; relation: string; phone: string }[]; aliases?: string[]; riskFactors?: string[] };
  const person = table([
    ['姓名', text(p['name'])],
    ['曾用名、别名', p.aliases?.length ? p.aliases.join('、') : undefined],
    ['性别', SEX_ZH[p['sex'] as keyof typeof SEX_ZH]],
    ['出生日期', text(p['birthDate']) ?? text(p['birthYear'])],
    ['身份证号码', text(p['idNumber'])],
    ['身高（厘米）', text(p['heightCm'])],
    ['体貌特征', text(p['marks'])],
    ['衣着', text(p['clothing'])],
    ['方言', text(p['dialect'])],
    ['健康情况', text(p['healthNotes'])],
    ['风险因素', p.riskFactors?.length ? p.riskFactors.join('、') : undefined],
    ['身份', IDENTITY_ZH[String(p['identityStatus'])]],
    ['现状', STATUS_ZH[String(p['status'])]],
    ['登记时间', when(p['createdAt'])],
    ['最近更新', when(p['updatedAt'])],
    ['监护人', p.guardians?.length ? p.guardians.map((g) => `${g.name}（${g.relation}，${g.phone}）`).join('；') : undefined],
  ]);
  const encounters = list('街面接触记录', ['时间', '地点', '记录人'], data.encounters.map((e) => {
    const at = e['location'] as { lat: number; lng: number; place?: string } | undefined;
    return [when(e['occurredAt']), text(at?.place) ?? (at ? `${at.lat.toFixed(5)}, ${at.lng.toFixed(5)}` : undefined), text(e['recordedBy'])];
  }));
  const stays = list('在站救助记录', ['机构', '入站', '离站', '离站原因'], data.stays.map((s) => {
    const discharge = s['discharge'] as { at?: string; reason?: string } | undefined;
    return [text(s['facilityId']), when(s['admittedAt']), when(discharge?.at), text(discharge?.reason)];
  }));
  const placements = list('转介与安置', ['申请时间', '接收机构', '类型', '状态'], data.placements.map((x) => [when(x['requestedAt']), text(x['toFacilityId']), text(x['kind']), text(x['status'])]));
  const aid = list('临时救助', ['发现时间', '期限', '状态'], data.aidCases.map((a) => [when(a['discoveredAt']), when(a['dueAt']), text(a['status'])]));
  const steps = ((data.tracing?.['timeline'] as Record<string, unknown>[] | undefined) ?? []).map((step) => {
    const details = step['details'] as Record<string, string> | undefined;
    return [when(step['at']), text(step['kind']), details ? Object.values(details).join('；') : undefined];
  });
  const tracing = list('寻亲工作记录', ['时间', '事项', '说明'], steps);
  const photos = list('照片', ['上传时间', '用途', '链接（数分钟内有效）'], data.photos.map((photo) => [when(photo.createdAt), photo.purpose, photo.download?.url]));
  const matches = list('与寻人报告的比对', ['报告', '分数', '结论'], data.matches.map((m) => [text(m['otherId']), typeof m['score'] === 'number' ? (m['score'] as number).toFixed(3) : undefined, text((m['decision'] as { decision?: string } | undefined)?.decision) ?? '未审核']));
  const corrections = list('更正申请', ['收到时间', '申请人', '内容', '处理结果'], data.corrections.map((c) => {
    const decision = c['decision'] as { outcome?: string; reason?: string } | undefined;
    return [when(c['receivedAt']), text(c['requester']), text(c['asked']), decision ? (decision.outcome === 'accepted' ? '已更正' : `不予更正：${decision.reason ?? ''}`) : '处理中'];
  }));
  const audit = list('查阅与处理记录', ['时间', '操作', '角色', '账号'], data.audit.map((a) => [when(a['at']), text(a['action']), ROLE_ZH[String(a['role'])] ?? text(a['role']), text(a['actor'])]));
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>个人信息副本</title>
<style>
@page { size: A4; margin: 16mm; }
body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; font-size: 12pt; line-height: 1.6; color: #000; max-width: 180mm; margin: 0 auto; }
h1 { text-align: center; font-size: 20pt; margin: 0 0 4mm; } h2 { font-size: 14pt; border-bottom: 1px solid #000; margin: 8mm 0 2mm; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; vertical-align: top; padding: 1mm 2mm; border-bottom: 1px solid #ccc; overflow-wrap: anywhere; }
.kv th { width: 32mm; white-space: nowrap; } .none { color: #444; } .meta { font-size: 10pt; }
</style></head><body>
<h1>个人信息副本</h1>
<p class="meta">依据：${escape(BASIS_ZH[data.basis] ?? data.basis)}；申请人：${escape(data.requester)}；出具时间：${escape(cstTime(data.exportedAt))}；出具人账号：${escape(data.exportedBy)}</p>
<h2>基本信息</h2>${person}
${encounters}${stays}${placements}${aid}${tracing}${photos}${matches}${corrections}${audit}
<p class="meta">本副本包含本系统就该人员保存的全部信息。对信息有异议的，可以申请更正；依法可以申请删除。</p>
</body></html>`;
}
