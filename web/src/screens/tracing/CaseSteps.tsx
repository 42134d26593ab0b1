/**
 * Recording a step on a tracing case: pick the step, fill its small form, save. Each form keeps one
 * Idempotency-Key until it is saved, so a double tap or a resend after a lost answer records once.
 */
import { useState } from 'preact/hooks';
import { api, must } from '../../api/client';
import type { paths } from '../../api/schema';
import { useProblemHints } from './problem-hints';

/** The steps a tracer records (the request's `kind`). */
type StepBody = NonNullable<paths['/v1/persons/{id}/tracing/events']['post']['requestBody']>['content']['application/json'];
type Recordable = StepBody['kind'];

export const channelLabel = { national_tracing_site: '全国寻亲网', social_media: '社交媒体', newspaper: '报纸', television: '电视', police: '公安', other: '其他' } as const;
type Channel = keyof typeof channelLabel;
export const leadSourceLabel = { family: '家属', police: '公安', public: '群众', volunteer: '志愿者', other_station: '其他救助站', other: '其他' } as const;
type LeadSource = keyof typeof leadSourceLabel;

const stepLabel: Record<Recordable, string> = {
  notice_published: '发布寻亲公告',
  notice_refreshed: '更新寻亲公告',
  dna_requested: '申请DNA比对',
  dna_sampled: '完成DNA采样',
  lead: '线索',
  note: '备注',
  identity_confirmed: '确认身份',
};
/** Once a person is identified, the API takes only notes and leads until reunion. */
const afterIdentified: Recordable[] = ['lead', 'note'];

type Fields = {
  channel: Channel | '';
  url: string;
  note: string;
  source: LeadSource;
  summary: string;
  text: string;
  name: string;
  idNumber: string;
  province: string;
  city: string;
  county: string;
};
const empty: Fields = { channel: '', url: '', note: '', source: 'family', summary: '', text: '', name: '', idNumber: '', province: '', city: '', county: '' };

const opt = (value: string) => (value.trim() ? value.trim() : undefined);

function bodyOf(kind: Recordable, f: Fields): StepBody {
  switch (kind) {
    case 'notice_published':
      return { kind, channel: (f.channel || 'national_tracing_site') as Channel, url: opt(f.url) };
    case 'notice_refreshed':
      return { kind, channel: f.channel || undefined, url: opt(f.url) };
    case 'dna_requested':
    case 'dna_sampled':
      return { kind, note: opt(f.note) };
    case 'lead':
      return { kind, source: f.source, summary: f.summary.trim() };
    case 'note':
      return { kind, text: f.text.trim() };
    case 'identity_confirmed':
      return { kind, name: f.name.trim(), idNumber: opt(f.idNumber), homeRegion: { province: opt(f.province), city: opt(f.city), county: opt(f.county) } };
  }
}

export function CaseSteps(props: { personId: string; identified: boolean; onRecorded: () => void }) {
  const kinds = (Object.keys(stepLabel) as Recordable[]).filter((kind) => !props.identified || afterIdentified.includes(kind));
  const [chosen, setKind] = useState<Recordable>(kinds[0]!);
  // Once identity is confirmed the choice narrows to leads and notes.
  const kind = kinds.includes(chosen) ? chosen : kinds[0]!;
  const [fields, setFields] = useState<Fields>(empty);
  const [key, setKey] = useState(() => crypto.randomUUID());
  const { error, fail, clear, hint } = useProblemHints();
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  const set = (name: keyof Fields) => (event: Event) => setFields({ ...fields, [name]: (event.currentTarget as HTMLInputElement).value });
  const choose = (next: Recordable) => {
    setKind(next);
    clear();
    setDone('');
    setKey(crypto.randomUUID());
  };
  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    clear();
    setDone('');
    try {
      await must(
        api.POST('/v1/persons/{id}/tracing/events', {
          params: { path: { id: props.personId }, header: { 'idempotency-key': key } },
          body: bodyOf(kind, fields),
        }),
      );
      setDone(`已记录：${stepLabel[kind]}`);
      setFields(empty);
      setKey(crypto.randomUUID());
      props.onRecorded();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="steps" onSubmit={(event) => void save(event)} aria-label="记录进展">
      <label class="field">
        进展类型
        <select value={kind} onChange={(event) => choose(event.currentTarget.value as Recordable)}>
          {kinds.map((k) => (
            <option key={k} value={k}>{stepLabel[k]}</option>
          ))}
        </select>
      </label>
      {(kind === 'notice_published' || kind === 'notice_refreshed') && (
        <div class="row">
          <label class="field">
            公告渠道
            <select value={fields.channel} onChange={set('channel')}>
              {kind === 'notice_refreshed' && <option value="">沿用原渠道</option>}
              {(Object.keys(channelLabel) as Channel[]).map((c) => (
                <option key={c} value={c}>{channelLabel[c]}</option>
              ))}
            </select>
            {hint('channel')}
          </label>
          <label class="field">
            公告网址（可不填）
            <input type="url" inputMode="url" value={fields.url} maxLength={500} onInput={set('url')} />
            {hint('url')}
          </label>
        </div>
      )}
      {(kind === 'dna_requested' || kind === 'dna_sampled') && (
        <label class="field">
          说明（可不填）
          <input value={fields.note} maxLength={500} onInput={set('note')} />
          {hint('note')}
        </label>
      )}
      {kind === 'lead' && (
        <>
          <label class="field">
            线索来源
            <select value={fields.source} onChange={set('source')}>
              {(Object.keys(leadSourceLabel) as LeadSource[]).map((s) => (
                <option key={s} value={s}>{leadSourceLabel[s]}</option>
              ))}
            </select>
            {hint('source')}
          </label>
          <label class="field">
            线索内容
            <textarea value={fields.summary} maxLength={1000} rows={3} onInput={set('summary')} />
            {hint('summary')}
          </label>
        </>
      )}
      {kind === 'note' && (
        <label class="field">
          备注内容
          <textarea value={fields.text} maxLength={1000} rows={3} onInput={set('text')} />
          {hint('text')}
        </label>
      )}
      {kind === 'identity_confirmed' && (
        <>
          <p class="notice small">确认身份后，此人登记为已查明身份，姓名、籍贯与身份证号写入人员档案（身份证号加密保存）。</p>
          <div class="row">
            <label class="field">
              姓名
              <input value={fields.name} maxLength={50} autoComplete="off" onInput={set('name')} />
              {hint('name')}
            </label>
            <label class="field">
              身份证号（可不填）
              <input value={fields.idNumber} maxLength={18} autoComplete="off" onInput={set('idNumber')} />
              {hint('idNumber')}
            </label>
          </div>
          <div class="row">
            <label class="field">
              籍贯·省
              <input value={fields.province} maxLength={30} onInput={set('province')} />
            </label>
            <label class="field">
              籍贯·市
              <input value={fields.city} maxLength={30} onInput={set('city')} />
            </label>
            <label class="field">
              籍贯·县（区）
              <input value={fields.county} maxLength={30} onInput={set('county')} />
            </label>
          </div>
        </>
      )}
      {error && <p class="error" role="alert">{error}</p>}
      {done && <p class="ok" role="status">{done}</p>}
      <button type="submit" class="primary wide" disabled={busy}>{busy ? '正在保存…' : `保存：${stepLabel[kind]}`}</button>
    </form>
  );
}
