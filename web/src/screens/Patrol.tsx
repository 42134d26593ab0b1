import { lazy, Suspense } from 'preact/compat';
import { PhotoCapture } from './PhotoCapture';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, must } from '../api/client';
import { WORKLIST_KEY } from '../auth';
import { arrow, bearingDegrees, compassWord, distanceMeters, formatDistance, type Point } from '../geo';
import { activeCampaignVisits, type Campaign, type Visit } from '../campaign-visits';
import { campaignTitle, followUpReasonLabel, nextStepLabel, priorityLabel, riskLabel } from '../i18n';
import type { MapPoint } from '../map/MapView';
import { discard, outbox, record, resubmit, type EncounterInput, type OutboxEntry } from '../outbox';
import { position, watchPosition } from '../position';
import { cstDate, cstDateIn, formatDate, formatDateTime } from '../time';
import { EncounterForm, type Subject } from './EncounterForm';
import { PersonSearch, personLabel } from './PersonSearch';
import type { paths } from '../api/schema';

// The map (tiles, projection) loads only when opened: never in the patrol screen's first load.
const MapView = lazy(() => import('../map/MapView').then((module) => ({ default: module.MapView })));

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
type CachedWorkList = { at: string; rows: FollowUp[]; seen: [string, Point][]; campaigns?: Campaign[]; visits?: Visit[] };
const cachedWorkList = (): CachedWorkList | null => {
  try {
    return JSON.parse(localStorage.getItem(WORKLIST_KEY) ?? 'null') as CachedWorkList | null;
  } catch {
    return null;
  }
};

/** Distance and direction from the phone, read aloud as words. */
function Direction(props: { here: Point | null; where: Point | undefined; suffix?: string }) {
  const { here, where } = props;
  if (!where) return null;
  if (!here) return <>等待定位以计算距离</>;
  const bearing = bearingDegrees(here, where);
  const distance = formatDistance(distanceMeters(here, where));
  return (
    <span aria-label={`距离 ${distance}，方向${compassWord(bearing)}`}>
      {arrow(bearing)} {compassWord(bearing)} {distance}
      {props.suffix ?? ''}
    </span>
  );
}

const visitLabel = (visit: Visit) => (visit.kind === 'person' ? visit.name ?? '在册人员（未登记姓名）' : `露宿点${visit.people?.length ? `（曾遇见 ${visit.people.length} 人）` : ''}`);

function VisitRow(props: { visit: Visit; here: Point | null; onVisit: (subject: Subject, campaignId: string) => void }) {
  const { visit } = props;
  return (
    <li class="row-item" data-testid="campaign-visit">
      <div>
        <strong>{visitLabel(visit)}</strong>
        <div class="small">
          <span class="badge warn">专项走访 {visit.rank}</span> {visit.priority.map((code) => <span key={code} class="badge danger">{priorityLabel[code]}</span>)}
          {visit.kind === 'person' && visit.outdoors ? ' 露宿' : ''}
        </div>
        <div class="muted small">
          <Direction here={props.here} where={visit} /> · 上次遇见 {formatDate(visit.lastSeenAt)}
        </div>
      </div>
      <button
        type="button"
        class="primary"
        aria-label={`记录走访：${visitLabel(visit)}`}
        onClick={() => props.onVisit(visit.kind === 'person' ? { personId: visit.id, label: visitLabel(visit) } : null, visit.campaignId)}
      >
        记录
      </button>
    </li>
  );
}

function WorkList(props: { onVisit: (subject: Subject, campaignId?: string) => void }) {
  const [rows, setRows] = useState<FollowUp[] | null>(null);
  const [campaigns, setCampaigns] = useState<Campaign[]>([]);
  const [visits, setVisits] = useState<Visit[]>([]);
  const [seen, setSeen] = useState<Map<string, Point>>(new Map());
  const [error, setError] = useState('');
  const [campaignError, setCampaignError] = useState('');
  const [cachedAt, setCachedAt] = useState('');
  const [showMap, setShowMap] = useState(false);
  useEffect(() => {
    const followUps = must(api.GET('/v1/persons/follow-ups', { params: { query: { due: `before:${cstDateIn(7)}`, limit: 50 } } }));
    const active = activeCampaignVisits();
    followUps
      .then(async (page) => {
        // The campaign list is read alongside; when only it fails, the follow-ups still show.
        const campaignPart = await active.catch((e: Error) => {
          setCampaignError(e.message);
          return { campaigns: [], visits: [] };
        });
        const listed = new Set(campaignPart.visits.filter((visit) => visit.kind === 'person').map((visit) => visit.id));
        const found = page.items.filter((person) => !listed.has(person.id));
        setRows(found);
        setCampaigns(campaignPart.campaigns);
        setVisits(campaignPart.visits);
        const located = await lastSeenOf(found.map((row) => row.id));
        setSeen(located);
        localStorage.setItem(
          WORKLIST_KEY,
          JSON.stringify({ at: new Date().toISOString(), rows: found, seen: [...located], campaigns: campaignPart.campaigns, visits: campaignPart.visits } satisfies CachedWorkList),
        );
      })
      .catch((e: Error) => {
        void active.catch(() => undefined);
        const cached = cachedWorkList();
        if (cached && !(e instanceof ApiError)) {
          setRows(cached.rows);
          setSeen(new Map(cached.seen));
          setCampaigns(cached.campaigns ?? []);
          setVisits(cached.visits ?? []);
          setCachedAt(cached.at);
        } else setError(navigator.onLine ? e.message : '无网络：待办清单需联网获取。');
      });
  }, []);
  const here = position.value;
  const today = cstDate();
  const open = visits.filter((visit) => !visit.reached);
  const reached = visits.filter((visit) => visit.reached);
  const mapPoints: MapPoint[] = [
    ...open.map((visit) => ({ id: `${visit.kind}#${visit.id}`, lat: visit.lat, lng: visit.lng, label: visitLabel(visit), mark: String(visit.rank), kind: visit.kind })),
    ...(rows ?? []).flatMap((person) => {
      const where = seen.get(person.id);
      return where ? [{ id: `follow-up#${person.id}`, lat: where.lat, lng: where.lng, label: personLabel(person), mark: '访', kind: 'follow-up' as const }] : [];
    }),
  ];
  return (
    <section class="card" aria-labelledby="worklist-title">
      <div class="row-item plain">
        <h2 id="worklist-title">今日待办</h2>
        {rows && (
          <button type="button" aria-expanded={showMap} onClick={() => setShowMap(!showMap)}>
            {showMap ? '收起地图' : '地图'}
          </button>
        )}
      </div>
      {campaigns.map((campaign) => (
        <p key={campaign.id} class="notice small" data-testid="active-campaign">
          <strong>{campaignTitle(campaign)}</strong> · 每日巡查 {campaign.patrolsPerDay} 次 · 自 {formatDateTime(campaign.startedAt)}
        </p>
      ))}
      {campaignError && <p class="error small">专项行动走访名单未能读取：{campaignError}</p>}
      {error && <p class="error" role="alert">{error}</p>}
      {cachedAt && <p class="notice small">无网络：显示 {formatDateTime(cachedAt)} 保存在本机的清单。</p>}
      {!rows && !error && <p class="muted">正在加载…</p>}
      {showMap && (
        <Suspense fallback={<p class="muted">正在加载地图…</p>}>
          <MapView points={mapPoints} here={here} />
        </Suspense>
      )}
      {rows && rows.length === 0 && open.length === 0 && <p class="muted">{visits.length ? '专项走访已全部完成；' : ''}暂无到期回访。</p>}
      <ul class="list" data-testid="worklist">
        {open.map((visit) => (
          <VisitRow key={`${visit.kind}#${visit.id}`} visit={visit} here={here} onVisit={props.onVisit} />
        ))}
        {rows?.map((person, index) => {
          const where = seen.get(person.id);
          const overdue = person.nextFollowUp.dueOn < today;
          return (
            <li key={person.id} class="row-item">
              <div>
                <strong>{personLabel(person)}</strong>
                <div class="small">
                  <span class={overdue ? 'badge danger' : 'badge'}>{overdue ? '已逾期' : '到期'} {formatDate(person.nextFollowUp.dueOn)}</span> {followUpReasonLabel[person.nextFollowUp.reason]}
                </div>
                <div class="muted small">
                  {where ? <Direction here={here} where={where} suffix="（最近一次遇见处）" /> : index < LOCATED_ROWS ? '无遇见记录' : null}
                  {person.riskFactors?.length ? ` · ${person.riskFactors.map((risk) => riskLabel[risk]).join('、')}` : ''}
                </div>
              </div>
              <button type="button" class="primary" aria-label={`记录回访：${personLabel(person)}`} onClick={() => props.onVisit({ personId: person.id, label: personLabel(person) })}>
                记录
              </button>
            </li>
          );
        })}
      </ul>
      {reached.length > 0 && (
        <details>
          <summary class="small">已走访 {reached.length} 处</summary>
          <ul class="list">
            {reached.map((visit) => (
              <li key={`${visit.kind}#${visit.id}`} class="row-item" data-testid="campaign-visit-reached">
                <div>
                  <strong>{visitLabel(visit)}</strong>
                  <div class="small">
                    <span class="badge ok">已走访</span> {visit.reachedAt ? formatDateTime(visit.reachedAt) : ''}
                  </div>
                </div>
              </li>
            ))}
          </ul>
        </details>
      )}
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
  const [form, setForm] = useState<{ subject: Subject; campaignId?: string; correcting?: OutboxEntry } | null>(null);
  const [result, setResult] = useState<OutboxEntry | null>(null);
  useEffect(watchPosition, []);
  const [openedAt] = useState(Date.now);

  const submit = async (input: EncounterInput, label: string) => {
    // A campaign visit carries the campaign's id: the visit list counts it as reached.
    const body = form?.campaignId ? { ...input, campaignId: form.campaignId } : input;
    const entry = form?.correcting ? await resubmit(form.correcting, body) : await record(body, label);
    setForm(null);
    setResult(entry);
    scrollTo({ top: 0 });
  };

  if (form) {
    return <EncounterForm key={form.campaignId ?? ''} campaign={form.campaignId !== undefined} subject={form.subject} initial={form.correcting?.body} onSubmit={submit} onCancel={() => setForm(null)} />;
  }

  // Encounters of this visit to the screen that reached the server (those sent earlier do not count: they would read the list twice at start).
  const sent = outbox.value.filter((entry) => entry.state === 'sent' && Date.parse(entry.sentAt ?? entry.createdAt) >= openedAt).length;
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
          {/* A photo for the tracing notice, while the person is still there (needs the network). */}
          {latest.state === 'sent' && latest.personId && <PhotoCapture key={latest.personId} personId={latest.personId} />}
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
      <Outbox
        onCorrect={(entry) =>
          setForm({ subject: entry.body.personId ? { personId: entry.body.personId, label: entry.label } : null, correcting: entry, ...(entry.body.campaignId ? { campaignId: entry.body.campaignId } : {}) })
        }
      />
      {/* Read again when an encounter reaches the server, so a visit made shows as reached. */}
      <WorkList key={sent} onVisit={(subject, campaignId) => setForm({ subject, ...(campaignId ? { campaignId } : {}) })} />
    </>
  );
}
