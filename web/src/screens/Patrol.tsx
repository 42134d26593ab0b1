import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, must } from '../api/client';
import { WORKLIST_KEY } from '../auth';
import { arrow, bearingDegrees, compassWord, distanceMeters, formatDistance, type Point } from '../geo';
import { followUpReasonLabel, nextStepLabel, riskLabel } from '../i18n';
import { discard, outbox, record, resubmit, type EncounterInput, type OutboxEntry } from '../outbox';
import { position, watchPosition } from '../position';
import { cstDate, cstDateIn, formatDate, formatDateTime } from '../time';
import { EncounterForm, type Subject } from './EncounterForm';
import { PersonSearch, personLabel } from './PersonSearch';
import type { paths } from '../api/schema';

type FollowUp = paths['/v1/persons/follow-ups']['get']['responses'][200]['content']['application/json']['items'][number];

/** How many rows of the work list get a distance: each costs one read of that person's latest encounter. */
const LOCATED_ROWS = 15;

/** Where each listed person was last met: their latest encounter, for the first rows only. */
async function lastSeenOf(personIds: string[]): Promise<Map<string, Point>> {
  const seen = new Map<string, Point>();
  await Promise.all(
    personIds.slice(0, LOCATED_ROWS).map(async (id) => {
      const page = await must(api.GET('/v1/persons/{id}/encounters', { params: { path: { id }, query: { limit: 1 } } })).catch(() => null);
      const latest = page?.items[0];
      if (latest) seen.set(id, latest.location);
    }),
  );
  return seen;
}

/** The last work list fetched, kept on the phone so it still shows (with distances) without signal. */
type CachedWorkList = { at: string; rows: FollowUp[]; seen: [string, Point][] };
const cachedWorkList = (): CachedWorkList | null => {
  try {
    return JSON.parse(localStorage.getItem(WORKLIST_KEY) ?? 'null') as CachedWorkList | null;
  } catch {
    return null;
  }
};

function WorkList(props: { onVisit: (subject: Subject) => void }) {
  const [rows, setRows] = useState<FollowUp[] | null>(null);
  const [seen, setSeen] = useState<Map<string, Point>>(new Map());
  const [error, setError] = useState('');
  const [cachedAt, setCachedAt] = useState('');
  useEffect(() => {
    must(api.GET('/v1/persons/follow-ups', { params: { query: { due: `before:${cstDateIn(7)}`, limit: 50 } } }))
      .then(async (page) => {
        const found = page.items;
        setRows(found);
        const located = await lastSeenOf(found.map((row) => row.id));
        setSeen(located);
        localStorage.setItem(WORKLIST_KEY, JSON.stringify({ at: new Date().toISOString(), rows: found, seen: [...located] } satisfies CachedWorkList));
      })
      .catch((e: Error) => {
        const cached = cachedWorkList();
        if (cached && !(e instanceof ApiError)) {
          setRows(cached.rows);
          setSeen(new Map(cached.seen));
          setCachedAt(cached.at);
        } else setError(navigator.onLine ? e.message : '无网络：待办清单需联网获取。');
      });
  }, []);
  const here = position.value;
  const today = cstDate();
  return (
    <section class="card" aria-labelledby="worklist-title">
      <h2 id="worklist-title">今日待办（七日内到期回访）</h2>
      <p class="muted small">寒潮等专项行动的走访名单：即将上线（随专项行动模块开放）。</p>
      {error && <p class="error" role="alert">{error}</p>}
      {cachedAt && <p class="notice small">无网络：显示 {formatDateTime(cachedAt)} 保存在本机的清单。</p>}
      {!rows && !error && <p class="muted">正在加载…</p>}
      {rows && rows.length === 0 && <p class="muted">暂无到期回访。</p>}
      <ul class="list">
        {rows?.map((person, index) => {
          const where = seen.get(person.id);
          const bearing = here && where ? bearingDegrees(here, where) : undefined;
          const overdue = person.nextFollowUp.dueOn < today;
          return (
            <li key={person.id} class="row-item">
              <div>
                <strong>{personLabel(person)}</strong>
                <div class="small">
                  <span class={overdue ? 'badge danger' : 'badge'}>{overdue ? '已逾期' : '到期'} {formatDate(person.nextFollowUp.dueOn)}</span> {followUpReasonLabel[person.nextFollowUp.reason]}
                </div>
                <div class="muted small">
                  {here && where && bearing !== undefined ? (
                    <span aria-label={`距离 ${formatDistance(distanceMeters(here, where))}，方向${compassWord(bearing)}`}>
                      {arrow(bearing)} {compassWord(bearing)} {formatDistance(distanceMeters(here, where))}（最近一次遇见处）
                    </span>
                  ) : where ? (
                    '等待定位以计算距离'
                  ) : index < LOCATED_ROWS ? (
                    '无遇见记录'
                  ) : null}
                  {person.riskFactors?.length ? ` · ${person.riskFactors.map((risk) => riskLabel[risk]).join('、')}` : ''}
                </div>
              </div>
              <button type="button" class="primary" onClick={() => props.onVisit({ personId: person.id, label: personLabel(person) })}>
                记录
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function NextSteps(props: { entry: OutboxEntry }) {
  const steps = props.entry.nextSteps ?? [];
  return (
    <div class="next-steps" role="status">
      <h3>下一步</h3>
      {steps.length === 0 ? (
        <p class="muted">规则未要求进一步处置。</p>
      ) : (
        <ol>
          {steps.map((step) => (
            <li key={step.code} class={step.done ? 'done' : ''}>
              <strong>{nextStepLabel[step.code] ?? step.code}</strong>
              {step.done ? '（已完成）' : ''}
              {step.dueAt ? <span class="badge">期限 {formatDateTime(step.dueAt)}</span> : null}
              <div class="muted small" title={step.reason}>
                依据：{step.rule.replace(/^rule\s*(\d+)$/i, '第 $1 条规则')}
              </div>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

const stateLabel = { waiting: '待发送', sent: '已发送', rejected: '被退回' } as const;

function Outbox(props: { onCorrect: (entry: OutboxEntry) => void }) {
  const entries = outbox.value;
  const waiting = entries.filter((entry) => entry.state === 'waiting').length;
  if (!entries.length) return null;
  return (
    <section class="card" aria-labelledby="outbox-title">
      <h2 id="outbox-title">
        本机记录 <span class="muted small" data-testid="outbox-summary">待发送 {waiting} 条</span>
      </h2>
      <ul class="list">
        {entries.slice(0, 20).map((entry) => (
          <li key={entry.key} class="row-item" data-state={entry.state}>
            <div>
              <strong>{entry.label}</strong>
              <div class="small">
                <span class={`badge ${entry.state === 'rejected' ? 'danger' : entry.state === 'sent' ? 'ok' : 'warn'}`}>{stateLabel[entry.state]}</span> {formatDateTime(entry.createdAt)}
              </div>
              {entry.state !== 'sent' && entry.reason && <div class={entry.state === 'rejected' ? 'error small' : 'muted small'}>{entry.reason}</div>}
            </div>
            {entry.state === 'rejected' && (
              <div class="stack">
                <button type="button" class="primary" onClick={() => props.onCorrect(entry)}>
                  修改
                </button>
                <button type="button" onClick={() => void discard(entry)}>
                  删除
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The patrol screen: work list, search, record, and what waits to be sent. */
export function Patrol() {
  const [form, setForm] = useState<{ subject: Subject; correcting?: OutboxEntry } | null>(null);
  const [result, setResult] = useState<OutboxEntry | null>(null);
  useEffect(watchPosition, []);

  const submit = async (body: EncounterInput, label: string) => {
    const entry = form?.correcting ? await resubmit(form.correcting, body) : await record(body, label);
    setForm(null);
    setResult(entry);
    scrollTo({ top: 0 });
  };

  if (form) {
    return <EncounterForm subject={form.subject} initial={form.correcting?.body} onSubmit={submit} onCancel={() => setForm(null)} />;
  }

  const latest = result ? outbox.value.find((entry) => entry.key === result.key) ?? result : null;
  return (
    <>
      {latest && (
        <section class={`card result ${latest.state}`} aria-live="polite" data-testid="encounter-result">
          <h2>
            {latest.state === 'sent' ? '已记录' : latest.state === 'waiting' ? '已保存在本机，待发送' : '被退回，请修改'}：{latest.label}
          </h2>
          {latest.state === 'rejected' && <p class="error">{latest.reason}</p>}
          {latest.state === 'waiting' && <p class="muted">恢复网络后自动发送，不会重复记录。</p>}
          {latest.state === 'sent' && <NextSteps entry={latest} />}
          <button type="button" class="link" onClick={() => setResult(null)}>
            关闭
          </button>
        </section>
      )}
      <div class="sticky-action">
        <button type="button" class="primary big wide" onClick={() => setForm({ subject: null })}>
          ＋ 记录遇见（新人员）
        </button>
      </div>
      <section class="card">
        <PersonSearch pickLabel="记录" onPick={(person) => setForm({ subject: { personId: person.id, label: personLabel(person) } })} />
      </section>
      <Outbox onCorrect={(entry) => setForm({ subject: entry.body.personId ? { personId: entry.body.personId, label: entry.label } : null, correcting: entry })} />
      <WorkList onVisit={(subject) => setForm({ subject })} />
    </>
  );
}
