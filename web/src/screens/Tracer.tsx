import { useEffect, useState } from 'preact/hooks';
import { api, must, type Schemas } from '../api/client';
import { session } from '../auth';
import { formatDateTime } from '../time';

type Row = Schemas['TracingCaseRow'];
type Case = Schemas['TracingCase'];
type Stage = 'intake' | 'stranded' | 'long_term' | 'identified';

const stageLabel: Record<Case['stage'], string> = { intake: '入站初期', stranded: '滞留', long_term: '长期滞留', identified: '已查明身份', closed: '已结案' };
const deadlineLabel: Record<Case['deadlines'][number]['name'], string> = {
  notice: '发布寻亲公告',
  dna_request: '申请DNA比对',
  dna_sampling: 'DNA采样',
  notice_refresh: '公告更新',
  stranded: '转为滞留',
  long_term: '转为长期滞留',
};
const stateLabel: Record<Case['deadlines'][number]['state'], string> = { due: '待办', done: '已完成', overdue: '已逾期', waiting: '未开始', void: '不适用' };
const channelLabel = { national_tracing_site: '全国寻亲网', social_media: '社交媒体', newspaper: '报纸', television: '电视', police: '公安', other: '其他' } as const;
type Channel = keyof typeof channelLabel;

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

function WorkList(props: { onOpen: (personId: string) => void }) {
  const [stage, setStage] = useState<Stage | ''>('');
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    setRows(null);
    setError('');
    must(api.GET('/v1/tracing/cases', { params: { query: stage ? { stage } : {} } }))
      .then((page) => setRows(page.items))
      .catch((e: Error) => setError(e.message));
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
  const [channel, setChannel] = useState<Channel>('national_tracing_site');
  const [busy, setBusy] = useState(false);
  const load = () =>
    must(api.GET('/v1/persons/{id}/tracing', { params: { path: { id: props.personId } } }))
      .then(setFound)
      .catch((e: Error) => setError(e.message));
  useEffect(() => void load(), [props.personId]);
  const record = async (body: { kind: 'notice_published'; channel: Channel } | { kind: 'dna_requested' } | { kind: 'dna_sampled' }) => {
    setBusy(true);
    setError('');
    try {
      await must(
        api.POST('/v1/persons/{id}/tracing/events', {
          params: { path: { id: props.personId }, header: { 'idempotency-key': crypto.randomUUID() } },
          body,
        }),
      );
      await load();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const openNotice = async () => {
    const response = await fetch(`/v1/persons/${encodeURIComponent(props.personId)}/notice?format=html`, {
      headers: { authorization: `Bearer ${session.value?.token ?? ''}` },
    });
    if (!response.ok) return setError('无法生成寻亲公告，请稍后再试。');
    window.open(URL.createObjectURL(await response.blob()), '_blank');
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
          <h3>记录进展</h3>
          <label>
            公告渠道
            <select value={channel} onChange={(event) => setChannel(event.currentTarget.value as Channel)}>
              {(Object.keys(channelLabel) as Channel[]).map((c) => (
                <option key={c} value={c}>{channelLabel[c]}</option>
              ))}
            </select>
          </label>
          <div class="row">
            <button type="button" disabled={busy} onClick={() => record({ kind: 'notice_published', channel })}>已发布公告</button>
            <button type="button" disabled={busy} onClick={() => record({ kind: 'dna_requested' })}>已申请DNA比对</button>
            <button type="button" disabled={busy} onClick={() => record({ kind: 'dna_sampled' })}>已完成DNA采样</button>
            <button type="button" class="link" onClick={() => void openNotice()}>打印寻亲公告</button>
          </div>
          <h3>时间线</h3>
          <ol class="list" data-testid="timeline">
            {found.timeline.map((entry) => (
              <li key={entry.id}>
                <span class="muted small">{formatDateTime(entry.at)}</span> {timelineLabel[entry.kind] ?? entry.kind}
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
type Report = Schemas['MissingReport'];
const fieldLabel: Record<Candidate['reasons'][number]['field'], string> = {
  sex: '性别', age: '年龄', height: '身高', name: '姓名', dialect: '方言', home_region: '籍贯', marks: '体貌特征', clothing: '衣着', time: '时间', place: '地点', conditions: '身心状况',
};
const agreeLabel = { agree: '相符', disagree: '不符', unknown: '不明' } as const;

function MatchCard(props: { personId: string; candidate: Candidate; onDecided: () => void }) {
  const { candidate } = props;
  const [report, setReport] = useState<Report | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (candidate.reportId)
      must(api.GET('/v1/missing-reports/{id}', { params: { path: { id: candidate.reportId } } }))
        .then(setReport)
        .catch((e: Error) => setError(e.message));
  }, [candidate.reportId]);
  const decide = async (decision: 'confirmed' | 'rejected') => {
    if (!candidate.reportId) return;
    if (!note.trim()) return setError('请填写“审核说明”。');
    setBusy(true);
    setError('');
    try {
      await must(
        api.POST('/v1/matches/{personId}/{reportId}/decision', {
          params: { path: { personId: props.personId, reportId: candidate.reportId } },
          body: { decision, note: note.trim() },
        }),
      );
      props.onDecided();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="card" data-testid="match">
      <h4>
        {report ? `${report.name}（${report.sex === 'male' ? '男' : report.sex === 'female' ? '女' : '不详'}）` : candidate.reportId} · 得分 {candidate.score}
      </h4>
      {report && (
        <p class="small">
          走失于 {formatDateTime(report.lastSeen.at)} · {report.lastSeen.place}
          {report.heightCm ? ` · 身高 ${report.heightCm} 厘米` : ''}
          {report.marks ? ` · ${report.marks}` : ''}
        </p>
      )}
      <div class="table-wrap">
        <table>
          <thead>
            <tr><th>项目</th><th>判断</th><th>权重</th><th>依据</th></tr>
          </thead>
          <tbody>
            {candidate.reasons.map((r) => (
              <tr key={r.field}>
                <td>{fieldLabel[r.field]}</td>
                <td class={r.state === 'disagree' ? 'error' : undefined}>{agreeLabel[r.state]}</td>
                <td>{r.weight}</td>
                <td class="small">{r.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {candidate.decision ? (
        <p>已{candidate.decision.decision === 'confirmed' ? '确认' : '排除'}：{candidate.decision.note}</p>
      ) : (
        <>
          <label class="field">
            审核说明
            <textarea value={note} maxLength={1000} onInput={(event) => setNote(event.currentTarget.value)} />
          </label>
          {error && <p class="error" role="alert">{error}</p>}
          <div class="actions">
            <button type="button" disabled={busy} onClick={() => void decide('confirmed')}>确认是同一人</button>
            <button type="button" disabled={busy} onClick={() => void decide('rejected')}>排除</button>
          </div>
        </>
      )}
    </div>
  );
}

function Matches(props: { personId: string; onDecided: () => void }) {
  const [candidates, setCandidates] = useState<Candidate[] | null>(null);
  const [error, setError] = useState('');
  const load = () =>
    must(api.GET('/v1/persons/{id}/matches', { params: { path: { id: props.personId } } }))
      .then((result) => setCandidates(result.candidates))
      .catch((e: Error) => setError(e.message));
  useEffect(() => void load(), [props.personId]);
  return (
    <>
      <h3>比对候选</h3>
      {error && <p class="error" role="alert">{error}</p>}
      {candidates && candidates.length === 0 && <p class="muted">暂无比对候选。</p>}
      {candidates?.map((c) => (
        <MatchCard key={c.reportId} personId={props.personId} candidate={c} onDecided={() => { void load(); props.onDecided(); }} />
      ))}
    </>
  );
}

/** The tracer's screens: the work list of open tracing cases and one person's case. */
export function Tracer() {
  const [personId, setPersonId] = useState<string | null>(null);
  return personId ? <CaseView personId={personId} onBack={() => setPersonId(null)} /> : <WorkList onOpen={setPersonId} />;
}
