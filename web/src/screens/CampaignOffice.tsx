/** The office's campaign screens: active campaigns with coverage, patrol areas (区域), and the rule book. */
import { useEffect, useState } from 'preact/hooks';
import { allPages, api, must, type Schemas } from '../api/client';
import { session } from '../auth';
import { campaignTitle, fieldName, hazardLabel, levelLabel } from '../i18n';
import { formatDateTime } from '../time';

type Campaign = Schemas['Campaign'];
type CampaignReport = Schemas['CampaignReport'];
type Rule = Schemas['Rule'];

const percent = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)}%` : '—');

const areasOf = () => allPages((cursor) => must(api.GET('/v1/areas', { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } })), 500);
type Area = Awaited<ReturnType<typeof areasOf>>[number];

/** Active campaigns with their coverage (visits made of those listed): the dashboard's panel and the campaigns tab. */
export function CampaignCoverage() {
  const [rows, setRows] = useState<{ campaign: Campaign; report: CampaignReport }[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    (async () => {
      const campaigns = await allPages((cursor) => must(api.GET('/v1/campaigns', { params: { query: { status: 'active', limit: 50, ...(cursor ? { cursor } : {}) } } })), 100);
      const reports = await Promise.all(
        campaigns.map(async (campaign) => {
          const result = (await must(api.GET('/v1/campaigns/{id}/report', { params: { path: { id: campaign.id }, query: { format: 'json' } } }))) as { campaign: Campaign; report: CampaignReport };
          return result;
        }),
      );
      setRows(reports);
    })().catch((e: Error) => setError(e.message));
  }, []);
  return (
    <section class="card" data-testid="campaign-coverage">
      <h2>进行中的专项行动</h2>
      {error && <p class="error" role="alert">{error}</p>}
      {!rows && !error && <p class="muted">正在加载…</p>}
      {rows && rows.length === 0 && <p class="muted">目前没有进行中的专项行动。</p>}
      {rows?.map(({ campaign, report }) => (
        <div key={campaign.id} class="coverage">
          <div>
            <strong>{campaignTitle(campaign)}</strong>
            <div class="muted small">
              自 {formatDateTime(campaign.startedAt)} · 每日巡查 {campaign.patrolsPerDay} 次 · {campaign.trigger.kind === 'official' ? '官方预警' : '预报达到阈值'}
              {campaign.quietSince ? ` · 预警已解除（${formatDateTime(campaign.quietSince)}起）` : ''}
            </div>
          </div>
          <div class="meter" role="meter" aria-valuemin={0} aria-valuemax={report.targets} aria-valuenow={report.reached} aria-label={`走访覆盖 ${report.reached}/${report.targets}`}>
            <span style={{ width: report.targets ? `${(report.reached / report.targets) * 100}%` : '0' }} />
          </div>
          <div class="small">
            已走访 <strong>{report.reached}</strong> / {report.targets}（{percent(report.reached, report.targets)}）· 遇见在册人员 {report.peopleReached} 人 · 护送入站 {report.escorted} 人
            {Object.keys(report.supplies).length > 0 && ` · 发放物资 ${Object.values(report.supplies).reduce((sum, n) => sum + n, 0)} 次`}
          </div>
          <a class="small" href={`/v1/campaigns/${campaign.id}/report?format=csv`} onClick={(event) => (event.preventDefault(), void downloadCsv(campaign))}>
            下载走访明细（CSV）
          </a>
        </div>
      ))}
    </section>
  );
}

async function downloadCsv(campaign: Campaign) {
  const response = await fetch(`/v1/campaigns/${campaign.id}/report?format=csv`, { headers: { authorization: `Bearer ${session.value?.token ?? ''}` } });
  if (!response.ok) return;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = `专项行动-${campaign.areaName}-${campaign.startedAt.slice(0, 10)}.csv`;
  link.click();
  URL.revokeObjectURL(link.href);
}

/** A labelled drop-down of [value, text] options. */
function Choice(props: { label: string; value: string; options: [string, string][]; onChange: (value: string) => void }) {
  return (
    <label class="field">
      {props.label}
      <select value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        {props.options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * Campaigns start from official warnings (or the forecast, hourly). The office enters a warning it
 * received (e.g. by phone or fax from the 气象台) and the evaluation runs at once; 解除 sends the Cancel.
 */
function WarningForm(props: { areas: Area[]; onDone: () => void }) {
  const [area, setArea] = useState(props.areas[0]?.name ?? '');
  const [hazard, setHazard] = useState<keyof typeof hazardLabel>('cold_wave');
  const [level, setLevel] = useState<keyof typeof levelLabel>('orange');
  const [hours, setHours] = useState('24');
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    setMessage('');
    try {
      const now = new Date();
      const result = await must(
        api.POST('/v1/weather/warnings', {
          body: {
            identifier: `office-${now.getTime()}`,
            sender: `office:${session.value?.district ?? ''}`,
            sent: now.toISOString(),
            msgType: 'Alert',
            event: hazardLabel[hazard],
            level,
            onset: now.toISOString(),
            expires: new Date(now.getTime() + Number(hours) * 3600_000).toISOString(),
            areas: [area],
          },
        }),
      );
      const started = result.campaigns?.['started'] ?? 0;
      setMessage(result.ignored ? `预警已记录，未启动行动：${result.ignored}` : started ? `已启动专项行动 ${started} 项。` : '预警已记录（行动已在进行或未达启动级别）。');
      props.onDone();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  if (!props.areas.length) return <p class="muted">请先在「区域」中划定巡查区域。</p>;
  return (
    <form class="stack" onSubmit={submit} aria-label="录入预警信号">
      <div class="row wrap">
        <Choice label="区域" value={area} options={props.areas.map((item) => [item.name, item.name])} onChange={setArea} />
        <Choice label="预警类型" value={hazard} options={Object.entries(hazardLabel)} onChange={(value) => setHazard(value as keyof typeof hazardLabel)} />
        <Choice label="级别" value={level} options={Object.entries(levelLabel)} onChange={(value) => setLevel(value as keyof typeof levelLabel)} />
        <label class="field">
          有效（小时）
          <input type="number" min={1} max={240} value={hours} onInput={(e) => setHours(e.currentTarget.value)} />
        </label>
      </div>
      <button type="submit" class="primary" disabled={busy}>
        录入预警并启动专项行动
      </button>
      {message && <p class="small" role="status">{message}</p>}
      {error && <p class="error" role="alert">{error}</p>}
    </form>
  );
}

export function Campaigns() {
  const [areas, setAreas] = useState<Area[] | null>(null);
  const [round, setRound] = useState(0);
  const [error, setError] = useState('');
  useEffect(() => {
    areasOf().then(setAreas, (e: Error) => setError(e.message));
  }, []);
  return (
    <>
      <CampaignCoverage key={round} />
      <section class="card">
        <h2>录入预警信号</h2>
        <p class="muted small">
          专项行动由预警信号启动：高温橙色及以上、任何寒潮、任何道路结冰；信号解除并平稳 24 小时后自动结束。气象台的 CAP 预警也可直接推送到 <code>POST /v1/weather/warnings</code>。
        </p>
        {error && <p class="error" role="alert">{error}</p>}
        {areas && <WarningForm areas={areas} onDone={() => setRound(round + 1)} />}
      </section>
    </>
  );
}

/** A rectangle's ring in GeoJSON order ([lng, lat], closed). */
const rectangle = (south: number, west: number, north: number, east: number) => ({
  type: 'Polygon' as const,
  coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]] as [number, number][]],
});

function AreaForm(props: { area?: Area; onSaved: () => void; onCancel?: () => void }) {
  const existing = props.area;
  const [name, setName] = useState(existing?.name ?? '');
  const [altitude, setAltitude] = useState(existing?.altitudeM !== undefined ? String(existing.altitudeM) : '');
  const [corners, setCorners] = useState(() => {
    const [west, south, east, north] = existing?.bbox ?? [106.34, 29.97, 106.36, 29.99];
    return { south: String(south), west: String(west), north: String(north), east: String(east) };
  });
  const [geojson, setGeojson] = useState(existing ? JSON.stringify(existing.boundary) : '');
  const [mode, setMode] = useState<'rectangle' | 'geojson'>(existing && existing.boundary.coordinates[0]!.length !== 5 ? 'geojson' : 'rectangle');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setError('');
    let boundary: Area['boundary'];
    try {
      boundary = mode === 'rectangle' ? rectangle(Number(corners.south), Number(corners.west), Number(corners.north), Number(corners.east)) : (JSON.parse(geojson) as Area['boundary']);
    } catch {
      setError('「边界」：不是有效的 GeoJSON。');
      return;
    }
    const body = { name: name.trim(), boundary, ...(altitude.trim() ? { altitudeM: Number(altitude) } : {}) };
    setBusy(true);
    try {
      if (existing) await must(api.PATCH('/v1/areas/{id}', { params: { path: { id: existing.id }, header: { 'if-match': `"v${existing.version}"` } }, body }));
      else await must(api.POST('/v1/areas', { params: { header: { 'idempotency-key': crypto.randomUUID() } }, body: { ...body, district: session.value?.district ?? '' } }));
      props.onSaved();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const corner = (key: keyof typeof corners, text: string) => (
    <label class="field">
      {text}
      <input type="number" step="0.0001" value={corners[key]} onInput={(e) => setCorners({ ...corners, [key]: e.currentTarget.value })} />
    </label>
  );
  return (
    <form class="stack" onSubmit={submit} aria-label={existing ? `修改区域：${existing.name}` : '新建区域'}>
      <div class="row wrap">
        <label class="field">
          名称（与预警中的街道名一致）
          <input value={name} maxLength={50} required onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label class="field">
          海拔（米，可选）
          <input type="number" value={altitude} onInput={(e) => setAltitude(e.currentTarget.value)} />
        </label>
      </div>
      <fieldset>
        <legend>边界（WGS-84）</legend>
        <div class="row wrap">
          <label class={`choice ${mode === 'rectangle' ? 'on' : ''}`}>
            <input type="radio" name="boundary-mode" checked={mode === 'rectangle'} onChange={() => setMode('rectangle')} /> 矩形
          </label>
          <label class={`choice ${mode === 'geojson' ? 'on' : ''}`}>
            <input type="radio" name="boundary-mode" checked={mode === 'geojson'} onChange={() => setMode('geojson')} /> GeoJSON 多边形
          </label>
        </div>
        {mode === 'rectangle' ? (
          <div class="row wrap">
            {corner('south', '南边界（纬度）')}
            {corner('north', '北边界（纬度）')}
            {corner('west', '西边界（经度）')}
            {corner('east', '东边界（经度）')}
          </div>
        ) : (
          <label class="field">
            GeoJSON Polygon（[经度, 纬度]，首尾闭合）
            <textarea rows={5} value={geojson} onInput={(e) => setGeojson(e.currentTarget.value)} />
          </label>
        )}
      </fieldset>
      <div class="row wrap">
        <button type="submit" class="primary" disabled={busy}>
          {existing ? '保存修改' : '新建区域'}
        </button>
        {props.onCancel && (
          <button type="button" onClick={props.onCancel}>
            取消
          </button>
        )}
      </div>
      {error && <p class="error" role="alert">{error}</p>}
    </form>
  );
}

export function Areas() {
  const [areas, setAreas] = useState<Area[] | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState('');
  const load = () => areasOf().then(setAreas, (e: Error) => setError(e.message));
  useEffect(() => void load(), []);
  return (
    <>
      <section class="card">
        <h2>巡查区域</h2>
        {error && <p class="error" role="alert">{error}</p>}
        {!areas && !error && <p class="muted">正在加载…</p>}
        {areas && areas.length === 0 && <p class="muted">尚未划定区域。</p>}
        <ul class="list" data-testid="areas">
          {areas?.map((area) => (
            <li key={area.id} class="row-item">
              {editing === area.id ? (
                <AreaForm area={area} onSaved={() => (setEditing(null), void load())} onCancel={() => setEditing(null)} />
              ) : (
                <>
                  <div>
                    <strong>{area.name}</strong>
                    <div class="muted small">
                      中心 {area.centroid.lat.toFixed(4)}, {area.centroid.lng.toFixed(4)} · 边界 {area.boundary.coordinates[0]!.length - 1} 个顶点
                      {area.altitudeM !== undefined ? ` · 海拔 ${area.altitudeM} 米` : ''} · 更新于 {formatDateTime(area.updatedAt)}
                    </div>
                  </div>
                  <button type="button" aria-label={`修改区域：${area.name}`} onClick={() => setEditing(area.id)}>
                    修改
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      </section>
      <section class="card">
        <h2>新建区域</h2>
        <AreaForm key={areas?.length ?? 0} onSaved={() => void load()} />
      </section>
    </>
  );
}

/** zh-CN names of the rules and of their fields (the key itself shows beside them). */
const ruleLabel: Record<string, string> = {
  'weather.national': '预警阈值（国家标准）',
  'weather.chongqing': '预警阈值（重庆地方标准）',
  campaign: '专项行动',
  followUps: '在册人员回访',
  'tracing.caseClock': '寻亲时限',
  'calendar.arrangements': '节假日调休安排',
};

type Leaf = { path: (string | number)[]; value: unknown };

/** The editable leaves of a value: numbers, strings, booleans and lists of them; a list of objects is one JSON leaf. */
function leaves(value: unknown, path: (string | number)[] = []): Leaf[] {
  if (value && typeof value === 'object' && !Array.isArray(value)) return Object.entries(value).flatMap(([key, inner]) => leaves(inner, [...path, key]));
  return [{ path, value }];
}

const setAt = (target: unknown, path: (string | number)[], value: unknown): unknown => {
  if (!path.length) return value;
  const [head, ...rest] = path;
  const copy = { ...(target as Record<string, unknown>) };
  copy[head as string] = setAt(copy[head as string], rest, value);
  return copy;
};

/** The text a leaf is edited as, and back. */
const asText = (value: unknown) => (Array.isArray(value) ? (value.every((item) => typeof item !== 'object') ? value.join(', ') : JSON.stringify(value, null, 1)) : String(value ?? ''));
function fromText(text: string, like: unknown): unknown {
  if (typeof like === 'number') return text.trim() === '' ? Number.NaN : Number(text);
  if (typeof like === 'boolean') return text === 'true';
  if (Array.isArray(like)) {
    if (like.length && like.every((item) => typeof item !== 'object')) {
      const items = text.split(/[,，\s]+/).filter(Boolean);
      return typeof like[0] === 'number' ? items.map(Number) : items;
    }
    return JSON.parse(text || '[]');
  }
  return text;
}

function RuleEditor(props: { rule: Rule; onSaved: (rule: Rule) => void }) {
  const { rule } = props;
  const fields = leaves(rule.value).filter((leaf) => !(leaf.path.length === 1 && (leaf.path[0] === 'version' || leaf.path[0] === 'source')));
  const [draft, setDraft] = useState<Record<string, string>>(() => Object.fromEntries(fields.map((leaf) => [leaf.path.join('.'), asText(leaf.value)])));
  const [error, setError] = useState('');
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setError('');
    setSaved('');
    let value: unknown = rule.value;
    for (const leaf of fields) {
      const key = leaf.path.join('.');
      try {
        value = leaf.path.length ? setAt(value, leaf.path, fromText(draft[key] ?? '', leaf.value)) : fromText(draft[key] ?? '', leaf.value);
      } catch {
        setError(`填写有误：「${fieldName(key) === key ? key : fieldName(key)}」不是有效的 JSON。`);
        return;
      }
    }
    setBusy(true);
    try {
      const changed = await must(api.PUT('/v1/rules/{name}', { params: { path: { name: rule.name }, header: { 'if-match': `"v${rule.layer.version}"` } }, body: { value } }));
      setSaved(`已保存为第 ${changed.version} 版，30 秒内各处生效。`);
      props.onSaved(changed);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="stack" onSubmit={submit} aria-label={`修改规则：${ruleLabel[rule.name] ?? rule.name}`}>
      <div class="rule-fields">
        {fields.map((leaf) => {
          const key = leaf.path.join('.');
          const label = fieldName(key);
          const text = draft[key] ?? '';
          const long = Array.isArray(leaf.value) && leaf.value.some((item) => typeof item === 'object');
          return (
            <label key={key} class="field">
              <span>
                {label !== key ? `${label} ` : ''}
                <code class="muted small">{key || rule.name}</code>
              </span>
              {long || (!leaf.path.length && Array.isArray(leaf.value)) ? (
                <textarea rows={4} value={text} onInput={(e) => setDraft({ ...draft, [key]: e.currentTarget.value })} />
              ) : (
                <input type={typeof leaf.value === 'number' ? 'number' : 'text'} step="any" value={text} onInput={(e) => setDraft({ ...draft, [key]: e.currentTarget.value })} />
              )}
            </label>
          );
        })}
      </div>
      <button type="submit" class="primary" disabled={busy}>
        保存新版本
      </button>
      {saved && <p class="small" role="status">{saved}</p>}
      {error && <p class="error" role="alert">{error}</p>}
    </form>
  );
}

export function Rules() {
  const [rules, setRules] = useState<Rule[] | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    must(api.GET('/v1/rules')).then((result) => setRules(result.items), (e: Error) => setError(e.message));
  }, []);
  const replace = (changed: Rule) => setRules((current) => current?.map((rule) => (rule.name === changed.name ? changed : rule)) ?? null);
  return (
    <section class="card">
      <h2>规则与阈值</h2>
      <p class="muted small">每项规则保留依据与版本；第 0 版为系统内置默认值。修改后保存为新版本，并记入审计记录。</p>
      {error && <p class="error" role="alert">{error}</p>}
      {!rules && !error && <p class="muted">正在加载…</p>}
      <ul class="list" data-testid="rules">
        {rules?.map((rule) => (
          <li key={rule.name} class="rule" data-rule={rule.name}>
            <div class="row-item plain">
              <div>
                <strong>{ruleLabel[rule.name] ?? rule.name}</strong> <code class="muted small">{rule.name}</code>
                <div class="small">
                  <span class={rule.isDefault ? 'badge' : 'badge ok'} data-testid="rule-version">
                    第 {rule.version} 版{rule.isDefault ? '（默认）' : ''}
                  </span>
                  {rule.updatedAt && ` ${formatDateTime(rule.updatedAt)} 由 ${rule.updatedBy ?? ''} 修改`}
                </div>
                <div class="muted small">依据：{rule.source}</div>
              </div>
              <button type="button" aria-expanded={open === rule.name} aria-label={`${open === rule.name ? '收起' : '修改'}规则：${ruleLabel[rule.name] ?? rule.name}`} onClick={() => setOpen(open === rule.name ? null : rule.name)}>
                {open === rule.name ? '收起' : '修改'}
              </button>
            </div>
            {open === rule.name && <RuleEditor rule={rule} onSaved={replace} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

