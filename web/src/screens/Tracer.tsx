import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, errorText, must, type Schemas } from '../api/client';
import { session } from '../auth';
import { formatDateTime } from '../time';
import { PhotoCapture } from './PhotoCapture';
import { CaseSteps, channelLabel, leadSourceLabel } from './tracing/CaseSteps';
import { MatchReview } from './tracing/MatchReview';
import { ReportForm, ReportList, ReportPage } from './tracing/MissingReports';
import './tracing/tracing.css';

type Row = Schemas['TracingCaseRow'];
type Case = Schemas['TracingCase'];
type Stage = 'intake' | 'stranded' | 'long_term' | 'identified';

const stageLabel: Record<Case['stage'], string> = { intake: '入站初期', stranded: '滞留', long_term: '长期滞留', missing_from_care: '离站走失', identified: '已查明身份', closed: '已结案' };
const deadlineLabel: Record<Case['deadlines'][number]['name'], string> = {
  notice: '发布寻亲公告',
  dna_request: '申请DNA比对',
  dna_sampling: 'DNA采样',
  notice_refresh: '公告更新',
  stranded: '转为滞留',
  long_term: '转为长期滞留',
};
const stateLabel: Record<Case['deadlines'][number]['state'], string> = { due: '待办', done: '已完成', overdue: '已逾期', waiting: '未开始', void: '不适用' };

/** Timeline steps in Chinese. */
const timelineLabel: Record<string, string> = {
  case_opened: '入站立案',
  notice_published: '发布寻亲公告',
  notice_refreshed: '更新寻亲公告',
  dna_requested: '申请DNA比对',
  dna_sampled: '完成DNA采样',
  lead: '线索',
  identity_confirmed: '确认身份',
  note: '备注',
  stage_reached: '阶段变更',
  case_closed: '结案',
};

/** What a timeline step says beyond its kind: the lead, the note, the channel. */
function stepDetails(details: Record<string, string> | undefined): string {
  if (!details) return '';
  const parts: string[] = [];
  if (details['source']) parts.push(`来源：${leadSourceLabel[details['source'] as keyof typeof leadSourceLabel] ?? details['source']}`);
  if (details['channel']) parts.push(channelLabel[details['channel'] as keyof typeof channelLabel] ?? details['channel']);
  if (details['stage']) parts.push(stageLabel[details['stage'] as Case['stage']] ?? details['stage']);
  for (const key of ['summary', 'text', 'note', 'name', 'url']) if (details[key]) parts.push(details[key]!);
  return parts.join(' · ');
}

function WorkList(props: { onOpen: (personId: string) => void }) {
  const [stage, setStage] = useState<Stage | ''>('');
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    setRows(null);
    setError('');
    must(api.GET('/v1/tracing/cases', { params: { query: stage ? { stage } : {} } }))
      .then((page) => setRows(page.items))
      .catch((e: unknown) => setError(errorText(e)));
  }, [stage]);
  return (
    <section class="card">
      <h2>寻亲工作台</h2>
      <label>
        阶段
        <select value={stage} onChange={(event) => setStage(event.currentTarget.value as Stage | '')}>
          <option value="">全部</option>
          {(['intake', 'stranded', 'long_term', 'identified'] as const).map((s) => (
            <option key={s} value={s}>{stageLabel[s]}</option>
          ))}
        </select>
      </label>
      {error && <p class="error" role="alert">{error}</p>}
      {!rows && !error && <p class="muted">正在加载…</p>}
      {rows && rows.length === 0 && <p class="muted">暂无在办个案。</p>}
      {rows && rows.length > 0 && (
        <ul class="list" data-testid="tracing-cases">
          {rows.map((row) => (
            <li key={row.personId}>
              <button type="button" class="link" onClick={() => props.onOpen(row.personId)}>
                {row.personId}
              </button>{' '}
              <span class="muted small">{stageLabel[row.stage]} · 最近期限 {row.nearestDueAt ? formatDateTime(row.nearestDueAt) : '—'}</span>
              {row.overdue && <strong class="error"> 已逾期</strong>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function CaseView(props: { personId: string; onBack: () => void }) {
  const [found, setFound] = useState<Case | null>(null);
  const [error, setError] = useState('');
  const load = () =>
    must(api.GET('/v1/persons/{id}/tracing', { params: { path: { id: props.personId } } }))
      .then(setFound)
      .catch((e: unknown) => setError(errorText(e)));
  useEffect(() => void load(), [props.personId]);
  const openNotice = async () => {
    setError('');
    try {
      const response = await fetch(`/v1/persons/${encodeURIComponent(props.personId)}/notice?format=html`, {
        headers: { authorization: `Bearer ${session.value?.token ?? ''}` },
      });
      if (!response.ok) throw new ApiError({ ...(await response.json().catch(() => ({}))), status: response.status });
      window.open(URL.createObjectURL(await response.blob()), '_blank');
    } catch (e) {
      setError(`无法生成寻亲公告：${errorText(e)}`);
    }
  };
  return (
    <section class="card">
      <button type="button" class="link" onClick={props.onBack}>← 返回名单</button>
      <h2>寻亲个案 {props.personId}</h2>
      {error && <p class="error" role="alert">{error}</p>}
      {!found && !error && <p class="muted">正在加载…</p>}
      {found && (
        <>
          <p>阶段：{stageLabel[found.stage]}（{found.status === 'open' ? '在办' : '已结案'}）</p>
          <h3>期限</h3>
          <ul class="list" data-testid="deadlines">
            {found.deadlines.map((d) => (
              <li key={d.name}>
                {deadlineLabel[d.name]}：<strong class={d.state === 'overdue' ? 'error' : undefined}>{stateLabel[d.state]}</strong>
                {d.dueAt && <span class="muted small"> 期限 {formatDateTime(d.dueAt)}</span>}
                {d.doneAt && <span class="muted small"> 完成于 {formatDateTime(d.doneAt)}</span>}
                {d.provisional && <span class="muted small">（暂定）</span>}
              </li>
            ))}
          </ul>
          <button type="button" class="link" onClick={() => void openNotice()}>打印寻亲公告</button>
          {found.status === 'open' && (
            <>
              <h3>寻亲照片</h3>
              <PhotoCapture personId={props.personId} mayChoosePortrait />
              <h3>记录进展</h3>
              <CaseSteps personId={props.personId} identified={found.stage === 'identified'} onRecorded={() => void load()} />
            </>
          )}
          <h3>时间线</h3>
          <ol class="list timeline" data-testid="timeline">
            {[...found.timeline].reverse().map((entry) => (
              <li key={entry.id}>
                <span class="muted small">{formatDateTime(entry.at)}</span> <strong>{timelineLabel[entry.kind] ?? entry.kind}</strong>
                {stepDetails(entry.details) && <div class="small">{stepDetails(entry.details)}</div>}
              </li>
            ))}
          </ol>
          <Matches personId={props.personId} onDecided={() => void load()} />
        </>
      )}
    </section>
  );
}

type Candidate = Schemas['MatchCandidate'];

function Matches(props: { personId: string; onDecided: () => void }) {
  const [candidates, setCandidates] = useState<Candidate[] | null>(null);
  const [error, setError] = useState('');
  const load = () =>
    must(api.GET('/v1/persons/{id}/matches', { params: { path: { id: props.personId } } }))
      .then((result) => setCandidates(result.candidates))
      .catch((e: unknown) => setError(errorText(e)));
  useEffect(() => void load(), [props.personId]);
  return (
    <>
      <h3>比对候选</h3>
      {error && <p class="error" role="alert">{error}</p>}
      {candidates && candidates.length === 0 && <p class="muted">暂无比对候选。</p>}
      {candidates?.map((c) =>
        c.reportId ? (
          <MatchReview key={c.reportId} personId={props.personId} reportId={c.reportId} candidate={c} onDecided={() => { void load(); props.onDecided(); }} />
        ) : null,
      )}
    </>
  );
}

type View =
  | { tab: 'cases'; personId?: string }
  | { tab: 'reports'; reportId?: string; creating?: boolean };

/** The tracer's screens: open cases and one person's case; the district's missing reports, entering one, and one report. */
export function Tracer() {
  const [view, setView] = useState<View>({ tab: 'cases' });
  return (
    <>
      <nav class="tabs" role="tablist" aria-label="寻亲功能">
        <button type="button" role="tab" aria-selected={view.tab === 'cases'} onClick={() => setView({ tab: 'cases' })}>寻亲个案</button>
        <button type="button" role="tab" aria-selected={view.tab === 'reports'} onClick={() => setView({ tab: 'reports' })}>走失人员报告</button>
      </nav>
      {view.tab === 'cases' &&
        (view.personId ? (
          <CaseView personId={view.personId} onBack={() => setView({ tab: 'cases' })} />
        ) : (
          <WorkList onOpen={(personId) => setView({ tab: 'cases', personId })} />
        ))}
      {view.tab === 'reports' &&
        (view.creating ? (
          <ReportForm onSaved={(report) => setView({ tab: 'reports', reportId: report.id })} onCancel={() => setView({ tab: 'reports' })} />
        ) : view.reportId ? (
          <ReportPage reportId={view.reportId} onBack={() => setView({ tab: 'reports' })} onOpenCase={(personId) => setView({ tab: 'cases', personId })} />
        ) : (
          <ReportList onOpen={(reportId) => setView({ tab: 'reports', reportId })} onNew={() => setView({ tab: 'reports', creating: true })} />
        ))}
    </>
  );
}
