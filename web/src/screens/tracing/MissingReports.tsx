/**
 * Missing-person reports (走失人员报告): the district's reports by status, entering a family's report,
 * a report's page with the people in care who may be them (the same side-by-side review as a case),
 * changing it (If-Match with the version read) and closing it (found / withdrawn).
 */
import { useEffect, useState } from 'preact/hooks';
import { api, errorText, must, type Schemas } from '../../api/client';
import type { paths } from '../../api/schema';
import { riskLabel, sexLabel } from '../../i18n';
import { formatDate, formatDateTime } from '../../time';
import { MatchReview, regionText, reportAge } from './MatchReview';
import { useProblemHints } from './problem-hints';

type Report = Schemas['MissingReport'];
/** A report as another district reads it for review: no reporter, no conditions. */
type AnyReport = Report | Schemas['MissingReportForReview'];
type Row = Schemas['MissingReportRow'];
type Candidate = Schemas['MatchCandidate'];
type Risk = keyof typeof riskLabel;
type Sex = keyof typeof sexLabel;

const statusLabel = { open: '在寻', closed: '已结案' } as const;
const closeReasonLabel = { found: '已找到', withdrawn: '家属撤回' } as const;
const listingLabel = { filed: '本区县受理的报告', seen: '在本区县走失的报告' } as const;

/** A CST wall-clock time (datetime-local) as an instant, and back. */
const cstLocal = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
const toInstant = (local: string) => (local ? new Date(`${local}:00+08:00`).toISOString() : '');
const toLocal = (instant: string) => cstLocal.format(new Date(instant)).replace(' ', 'T');

function rowAge(row: Row): string {
  if (row.ageAtDisappearance !== undefined) return `走失时 ${row.ageAtDisappearance} 岁`;
  if (row.birthDate) return `生于 ${formatDate(row.birthDate)}`;
  return row.birthYear ? `生于 ${row.birthYear} 年` : '';
}

export function ReportList(props: { onOpen: (id: string) => void; onNew: () => void }) {
  const [status, setStatus] = useState<Row['status']>('open');
  const [listing, setListing] = useState<keyof typeof listingLabel>('filed');
  const [rows, setRows] = useState<Row[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState('');
  const load = (cursor?: string) =>
    must(api.GET('/v1/missing-reports', { params: { query: { status, listing, limit: 50, ...(cursor ? { cursor } : {}) } } }))
      .then((page) => {
        setRows((before) => (cursor ? [...(before ?? []), ...page.items] : page.items));
        setNext(page.nextCursor);
      })
      .catch((e: unknown) => setError(errorText(e)));
  useEffect(() => {
    setRows(null);
    setError('');
    void load();
  }, [status, listing]);
  return (
    <section class="card">
      <div class="title-row">
        <h2>走失人员报告</h2>
        <button type="button" class="primary" onClick={props.onNew}>＋ 登记走失报告</button>
      </div>
      <div class="row">
        <label class="field">
          状态
          <select value={status} onChange={(event) => setStatus(event.currentTarget.value as Row['status'])}>
            {(Object.keys(statusLabel) as Row['status'][]).map((s) => (
              <option key={s} value={s}>{statusLabel[s]}</option>
            ))}
          </select>
        </label>
        <label class="field">
          范围
          <select value={listing} onChange={(event) => setListing(event.currentTarget.value as keyof typeof listingLabel)}>
            {(Object.keys(listingLabel) as (keyof typeof listingLabel)[]).map((l) => (
              <option key={l} value={l}>{listingLabel[l]}</option>
            ))}
          </select>
        </label>
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      {!rows && !error && <p class="muted">正在加载…</p>}
      {rows && rows.length === 0 && <p class="muted">暂无{statusLabel[status]}的报告。</p>}
      {rows && rows.length > 0 && (
        <ul class="list" data-testid="missing-reports" aria-label="走失人员报告">
          {rows.map((row) => (
            <li key={row.id} class="row-item">
              <div>
                <button type="button" class="link" onClick={() => props.onOpen(row.id)}>
                  {row.name}（{sexLabel[row.sex as Sex] ?? row.sex}）
                </button>
                <div class="muted small">
                  {[rowAge(row), `${formatDateTime(row.lastSeen.at)} 走失于${row.lastSeen.place}`].filter(Boolean).join(' · ')}
                </div>
              </div>
              <span class={`badge ${row.status === 'open' ? 'warn' : 'ok'}`}>{statusLabel[row.status]}</span>
            </li>
          ))}
        </ul>
      )}
      {next && (
        <button type="button" class="wide" onClick={() => void load(next)}>加载更多</button>
      )}
    </section>
  );
}

type Form = {
  name: string;
  aliases: string;
  sex: Sex;
  birthDate: string;
  birthYear: string;
  ageAtDisappearance: string;
  heightCm: string;
  marks: string;
  dialect: string;
  province: string;
  city: string;
  county: string;
  conditions: Risk[];
  lastSeenAt: string;
  lastSeenPlace: string;
  lastSeenDistrict: string;
  clothing: string;
  reporterName: string;
  reporterRelation: string;
  reporterPhone: string;
};

const blank: Form = {
  name: '', aliases: '', sex: 'male', birthDate: '', birthYear: '', ageAtDisappearance: '', heightCm: '', marks: '', dialect: '', province: '', city: '', county: '',
  conditions: [], lastSeenAt: '', lastSeenPlace: '', lastSeenDistrict: '', clothing: '', reporterName: '', reporterRelation: '', reporterPhone: '',
};

function formOf(report: Report): Form {
  return {
    name: report.name, aliases: report.aliases.join('、'), sex: report.sex, birthDate: report.birthDate ?? '', birthYear: report.birthYear?.toString() ?? '',
    ageAtDisappearance: report.ageAtDisappearance?.toString() ?? '', heightCm: report.heightCm?.toString() ?? '', marks: report.marks ?? '', dialect: report.dialect ?? '',
    province: report.homeRegion?.province ?? '', city: report.homeRegion?.city ?? '', county: report.homeRegion?.county ?? '', conditions: [...report.conditions],
    lastSeenAt: toLocal(report.lastSeen.at), lastSeenPlace: report.lastSeen.place, lastSeenDistrict: report.lastSeen.district ?? '', clothing: report.clothing ?? '',
    reporterName: report.reporter.name, reporterRelation: report.reporter.relation, reporterPhone: report.reporter.phone,
  };
}

const text = (value: string) => (value.trim() ? value.trim() : undefined);
/** A number field: empty is absent; anything else goes as typed, for the API to judge. */
const number = (value: string) => (value.trim() ? Number(value) : undefined);

type CreateBody = NonNullable<paths['/v1/missing-reports']['post']['requestBody']>['content']['application/json'];
type PatchBody = NonNullable<paths['/v1/missing-reports/{id}']['patch']['requestBody']>['content']['application/json'];

/** The report's fields from the form, empty ones left out. */
function createBody(form: Form): CreateBody {
  const region = { province: text(form.province), city: text(form.city), county: text(form.county) };
  const district = text(form.lastSeenDistrict);
  return {
    name: form.name.trim(),
    aliases: form.aliases.split(/[,，、;；\n]/).map((alias) => alias.trim()).filter(Boolean),
    sex: form.sex,
    birthDate: text(form.birthDate),
    birthYear: number(form.birthYear),
    ageAtDisappearance: number(form.ageAtDisappearance),
    heightCm: number(form.heightCm),
    marks: text(form.marks),
    dialect: text(form.dialect),
    homeRegion: region.province || region.city || region.county ? region : undefined,
    conditions: form.conditions,
    lastSeen: { at: toInstant(form.lastSeenAt), place: form.lastSeenPlace.trim(), ...(district ? { district } : {}) },
    clothing: text(form.clothing),
    reporter: { name: form.reporterName.trim(), relation: form.reporterRelation.trim(), phone: form.reporterPhone.trim() },
  };
}

/** A change: the whole form, an emptied optional field sent as null (cleared). */
function patchBody(form: Form): PatchBody {
  const body = createBody(form);
  return {
    ...body,
    birthDate: body.birthDate ?? null,
    birthYear: body.birthYear ?? null,
    ageAtDisappearance: body.ageAtDisappearance ?? null,
    heightCm: body.heightCm ?? null,
    marks: body.marks ?? null,
    dialect: body.dialect ?? null,
    homeRegion: body.homeRegion ?? null,
    clothing: body.clothing ?? null,
  };
}

/** Entering a family's report, or changing one (`editing`: the report and the ETag it was read with). */
export function ReportForm(props: { editing?: { report: Report; etag: string }; onSaved: (report: Report) => void; onCancel: () => void }) {
  const [form, setForm] = useState<Form>(props.editing ? formOf(props.editing.report) : blank);
  // One key per report being entered: a second tap, or a resend after a lost answer, files it once.
  const [key] = useState(() => crypto.randomUUID());
  const { error, fail, clear, hint } = useProblemHints();
  const [busy, setBusy] = useState(false);
  const set = (name: keyof Form) => (event: Event) => setForm({ ...form, [name]: (event.currentTarget as HTMLInputElement).value });
  const toggle = (risk: Risk) =>
    setForm({ ...form, conditions: form.conditions.includes(risk) ? form.conditions.filter((r) => r !== risk) : [...form.conditions, risk] });
  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    clear();
    try {
      const saved = props.editing
        ? await must(
            api.PATCH('/v1/missing-reports/{id}', {
              params: { path: { id: props.editing.report.id }, header: { 'if-match': props.editing.etag } },
              body: patchBody(form),
            }),
          )
        : await must(api.POST('/v1/missing-reports', { params: { header: { 'idempotency-key': key } }, body: createBody(form) }));
      props.onSaved(saved);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card">
      <button type="button" class="link" onClick={props.onCancel}>← 返回</button>
      <h2>{props.editing ? `修改走失报告：${props.editing.report.name}` : '登记走失人员报告'}</h2>
      <form onSubmit={(event) => void save(event)} aria-label="走失人员报告" noValidate>
        <fieldset>
          <legend>走失人员</legend>
          <div class="row">
            <label class="field">
              姓名
              <input value={form.name} maxLength={50} autoComplete="off" required onInput={set('name')} />
              {hint('name')}
            </label>
            <label class="field">
              别名／小名（用顿号分隔）
              <input value={form.aliases} autoComplete="off" onInput={set('aliases')} />
              {hint('aliases')}
            </label>
          </div>
          <div class="choices three" role="radiogroup" aria-label="性别">
            {(Object.keys(sexLabel) as Sex[]).map((s) => (
              <label key={s} class={`choice ${form.sex === s ? 'on' : ''}`}>
                <input type="radio" name="report-sex" checked={form.sex === s} onChange={() => setForm({ ...form, sex: s })} />
                {sexLabel[s]}
              </label>
            ))}
          </div>
          <div class="row">
            <label class="field">
              出生日期
              <input type="date" value={form.birthDate} onInput={set('birthDate')} />
              {hint('birthDate')}
            </label>
            <label class="field">
              出生年份
              <input type="number" inputMode="numeric" min={1900} value={form.birthYear} onInput={set('birthYear')} />
              {hint('birthYear')}
            </label>
            <label class="field">
              走失时年龄
              <input type="number" inputMode="numeric" min={0} max={120} value={form.ageAtDisappearance} onInput={set('ageAtDisappearance')} />
              {hint('ageAtDisappearance')}
            </label>
            <label class="field">
              身高（厘米）
              <input type="number" inputMode="numeric" min={40} max={250} value={form.heightCm} onInput={set('heightCm')} />
              {hint('heightCm')}
            </label>
          </div>
          <label class="field">
            体貌特征（疤痕、胎记、残疾等）
            <textarea value={form.marks} maxLength={500} rows={2} onInput={set('marks')} />
            {hint('marks')}
          </label>
          <label class="field">
            口音／方言
            <input value={form.dialect} maxLength={50} onInput={set('dialect')} />
            {hint('dialect')}
          </label>
          <div class="row">
            <label class="field">
              籍贯·省
              <input value={form.province} maxLength={30} onInput={set('province')} />
              {hint('homeRegion.province')}
            </label>
            <label class="field">
              籍贯·市
              <input value={form.city} maxLength={30} onInput={set('city')} />
              {hint('homeRegion.city')}
            </label>
            <label class="field">
              籍贯·县（区）
              <input value={form.county} maxLength={30} onInput={set('county')} />
              {hint('homeRegion.county')}
            </label>
          </div>
        </fieldset>
        <fieldset>
          <legend>身心状况（家属所述）</legend>
          <div class="chips">
            {(Object.keys(riskLabel) as Risk[]).map((risk) => (
              <button key={risk} type="button" class={`chip ${form.conditions.includes(risk) ? 'on' : ''}`} aria-pressed={form.conditions.includes(risk)} onClick={() => toggle(risk)}>
                {riskLabel[risk]}
              </button>
            ))}
          </div>
          {hint('conditions')}
        </fieldset>
        <fieldset>
          <legend>走失经过</legend>
          <div class="row">
            <label class="field">
              最后见到的时间（北京时间）
              <input type="datetime-local" value={form.lastSeenAt} onInput={set('lastSeenAt')} />
              {hint('lastSeen.at')}
            </label>
            <label class="field">
              走失地区县代码（可不填）
              <input value={form.lastSeenDistrict} inputMode="numeric" maxLength={6} onInput={set('lastSeenDistrict')} />
              {hint('lastSeen.district')}
            </label>
          </div>
          <label class="field">
            最后见到的地点
            <input value={form.lastSeenPlace} maxLength={200} onInput={set('lastSeenPlace')} />
            {hint('lastSeen.place')}
          </label>
          <label class="field">
            走失时衣着
            <textarea value={form.clothing} maxLength={300} rows={2} onInput={set('clothing')} />
            {hint('clothing')}
          </label>
        </fieldset>
        <fieldset>
          <legend>报告人</legend>
          <div class="row">
            <label class="field">
              报告人姓名
              <input value={form.reporterName} maxLength={50} autoComplete="off" onInput={set('reporterName')} />
              {hint('reporter.name')}
            </label>
            <label class="field">
              与走失人员关系
              <input value={form.reporterRelation} maxLength={20} onInput={set('reporterRelation')} />
              {hint('reporter.relation')}
            </label>
            <label class="field">
              联系电话
              <input type="tel" inputMode="tel" value={form.reporterPhone} maxLength={20} autoComplete="off" onInput={set('reporterPhone')} />
              {hint('reporter.phone')}
            </label>
          </div>
        </fieldset>
        {error && <p class="error" role="alert">{error}</p>}
        <div class="actions">
          <button type="submit" class="primary big" disabled={busy}>{busy ? '正在保存…' : props.editing ? '保存修改' : '提交报告'}</button>
          <button type="button" onClick={props.onCancel}>取消</button>
        </div>
      </form>
    </section>
  );
}

function CloseForm(props: { report: Report; onClosed: (report: Report) => void }) {
  const [reason, setReason] = useState<keyof typeof closeReasonLabel>('withdrawn');
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const close = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      props.onClosed(await must(api.POST('/v1/missing-reports/{id}/close', { params: { path: { id: props.report.id } }, body: { reason, ...(note.trim() ? { note: note.trim() } : {}) } })));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card" onSubmit={(event) => void close(event)} aria-label="结案">
      <h3>结案</h3>
      <label class="field">
        结案原因
        <select value={reason} onChange={(event) => setReason(event.currentTarget.value as keyof typeof closeReasonLabel)}>
          {(Object.keys(closeReasonLabel) as (keyof typeof closeReasonLabel)[]).map((r) => (
            <option key={r} value={r}>{closeReasonLabel[r]}</option>
          ))}
        </select>
      </label>
      <label class="field">
        结案说明
        <textarea value={note} maxLength={500} rows={2} onInput={(event) => setNote(event.currentTarget.value)} />
      </label>
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit" class="wide" disabled={busy}>确认结案</button>
    </form>
  );
}

function Fact(props: { label: string; value?: string | number }) {
  if (props.value === undefined || props.value === '') return null;
  return (
    <>
      <dt>{props.label}</dt>
      <dd>{props.value}</dd>
    </>
  );
}

/** One report: what the family said, the people in care who may be them, change and close. */
export function ReportPage(props: { reportId: string; onBack: () => void; onOpenCase: (personId: string) => void }) {
  const [loaded, setLoaded] = useState<{ report: AnyReport; etag: string } | null>(null);
  const [candidates, setCandidates] = useState<Candidate[] | null>(null);
  const [error, setError] = useState('');
  const [mode, setMode] = useState<'view' | 'edit' | 'close'>('view');
  const load = async () => {
    setError('');
    try {
      const result = await api.GET('/v1/missing-reports/{id}', { params: { path: { id: props.reportId } } });
      const report = await must(Promise.resolve(result));
      setLoaded({ report, etag: result.response.headers.get('etag') ?? `"v${report.version}"` });
      const found = await must(api.GET('/v1/missing-reports/{id}/matches', { params: { path: { id: props.reportId } } }));
      setCandidates(found.candidates);
    } catch (e) {
      setError(errorText(e));
    }
  };
  useEffect(() => void load(), [props.reportId]);
  if (mode === 'edit' && loaded && !('review' in loaded.report))
    return <ReportForm editing={{ report: loaded.report, etag: loaded.etag }} onSaved={() => { setMode('view'); void load(); }} onCancel={() => setMode('view')} />;
  const report = loaded?.report;
  return (
    <section class="card">
      <button type="button" class="link" onClick={props.onBack}>← 返回报告列表</button>
      {error && <p class="error" role="alert">{error}</p>}
      {!report && !error && <p class="muted">正在加载…</p>}
      {report && (
        <>
          <h2>
            走失报告：{report.name}（{sexLabel[report.sex]}） <span class={`badge ${report.status === 'open' ? 'warn' : 'ok'}`}>{statusLabel[report.status]}</span>
          </h2>
          <dl class="facts" data-testid="report-facts">
            <Fact label="别名" value={report.aliases.join('、')} />
            <Fact label="年龄" value={reportAge(report)} />
            <Fact label="身高" value={report.heightCm ? `${report.heightCm} 厘米` : undefined} />
            <Fact label="体貌特征" value={report.marks} />
            <Fact label="口音／方言" value={report.dialect} />
            <Fact label="籍贯" value={regionText(report.homeRegion)} />
            {'conditions' in report && <Fact label="身心状况" value={report.conditions.map((r) => riskLabel[r]).join('、')} />}
            <Fact label="最后见到" value={`${formatDateTime(report.lastSeen.at)} · ${report.lastSeen.place}`} />
            <Fact label="衣着" value={report.clothing} />
            {'reporter' in report ? (
              <Fact label="报告人" value={`${report.reporter.name}（${report.reporter.relation}） ${report.reporter.phone}`} />
            ) : (
              <Fact label="说明" value="仅供比对：受理区县确认匹配前，不显示报告人联系方式和身心状况" />
            )}
            <Fact label="受理区县" value={report.district} />
            <Fact label="登记时间" value={formatDateTime(report.createdAt)} />
            {'closed' in report && report.closed && <Fact label="结案" value={`${closeReasonLabel[report.closed.reason]} · ${formatDateTime(report.closed.at)}${report.closed.note ? ` · ${report.closed.note}` : ''}`} />}
          </dl>
          {report.status === 'open' && mode === 'view' && !('review' in report) && (
            <div class="row">
              <button type="button" onClick={() => setMode('edit')}>修改报告</button>
              <button type="button" onClick={() => setMode('close')}>结案</button>
            </div>
          )}
          {report.status === 'open' && mode === 'close' && !('review' in report) && <CloseForm report={report} onClosed={() => { setMode('view'); void load(); }} />}
          <h3>可能是此人的在站人员</h3>
          {!candidates && !error && <p class="muted">正在加载…</p>}
          {candidates && candidates.length === 0 && (
            <p class="muted">{report.status === 'open' ? '暂无比对候选：新登记的在站人员会自动比对。' : '暂无比对候选。'}</p>
          )}
          {candidates?.map((candidate) =>
            candidate.personId ? (
              <div key={candidate.personId}>
                <MatchReview personId={candidate.personId} reportId={report.id} candidate={candidate} onDecided={() => void load()} />
                <button type="button" class="link" onClick={() => props.onOpenCase(candidate.personId!)}>查看此人的寻亲个案 →</button>
              </div>
            ) : null,
          )}
        </>
      )}
    </section>
  );
}
