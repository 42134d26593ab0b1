import { useEffect, useState } from 'preact/hooks';
import { allPages, api, ApiError, must, type Schemas } from '../api/client';
import { session } from '../auth';
import { dischargeLabel, facilityTypeLabel, statusLabel, viaLabel } from '../i18n';
import { cstDate, cstDateIn, formatDateTime } from '../time';
import { BarChart } from './BarChart';
import { Areas, CampaignCoverage, Campaigns, Rules } from './CampaignOffice';
import { PersonSearch, personLabel, type PersonRow } from './PersonSearch';

type Facility = Schemas['Facility'];
type Occupancy = Schemas['Occupancy'];
type Report = Schemas['MonthlyReport'];
type Tab = 'dashboard' | 'facilities' | 'audit' | 'report' | 'campaigns' | 'areas' | 'rules';

const tabs: [Tab, string][] = [
  ['dashboard', '概览'],
  ['facilities', '机构'],
  ['audit', '审计记录'],
  ['report', '统计月报'],
  ['campaigns', '专项行动'],
  ['areas', '区域'],
  ['rules', '规则'],
];

const label = (labels: Record<string, string>, key: string) => labels[key] ?? key;

function Stat(props: { title: string; value: number | string; tone?: 'danger' }) {
  return (
    <div class="stat">
      <div class="muted small">{props.title}</div>
      <div class={`value ${props.tone === 'danger' ? 'error' : ''}`}>{props.value}</div>
    </div>
  );
}

const facilitiesOf = (district?: string) =>
  allPages((cursor) => must(api.GET('/v1/facilities', { params: { query: { ...(district ? { district } : {}), limit: 100, ...(cursor ? { cursor } : {}) } } })), 500);

function Dashboard() {
  const [state, setState] = useState<{
    today: number;
    week: number;
    perDay: { label: string; value: number }[];
    report: Report;
    occupancy: { facility: Facility; occupancy: Occupancy }[];
  } | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    (async () => {
      // Counts only (no list of encounters, so the dashboard reads no one's record).
      const activity = await must(api.GET('/v1/reports/daily', { params: { query: { since: cstDateIn(-13), until: cstDate() } } }));
      const days = activity.days.map((day) => day.date);
      const byDay = new Map(activity.days.map((day) => [day.date, day.encounters]));
      const today = byDay.get(cstDate()) ?? 0;
      const week = days.slice(-7).reduce((sum, day) => sum + (byDay.get(day) ?? 0), 0);
      const report = await must(api.GET('/v1/reports/monthly', { params: { query: { month: cstDate().slice(0, 7) } } }));
      const facilities = await facilitiesOf(session.value?.district);
      const occupancy = await Promise.all(
        facilities.map(async (facility) => ({ facility, occupancy: await must(api.GET('/v1/facilities/{id}/occupancy', { params: { path: { id: facility.id } } })) })),
      );
      setState({ today, week, perDay: days.map((day) => ({ label: day.slice(5).replace('-', '/'), value: byDay.get(day) ?? 0 })), report: report as Report, occupancy });
    })().catch((e: Error) => setError(e.message));
  }, []);
  if (error) return <p class="error" role="alert">{error}</p>;
  if (!state) return <p class="muted">正在加载…</p>;
  const overstays = state.occupancy.reduce((sum, entry) => sum + entry.occupancy.residents.filter((resident) => resident.flags.includes('overstay')).length, 0);
  return (
    <div data-testid="dashboard">
      <div class="grid">
        <Stat title="今日遇见" value={state.today} />
        <Stat title="近七日遇见" value={state.week} />
        <Stat title="逾期未发放救助" value={state.report.emergencyAid.openOverdueNow} tone={state.report.emergencyAid.openOverdueNow ? 'danger' : undefined} />
        <Stat title="超期滞留" value={overstays} tone={overstays ? 'danger' : undefined} />
      </div>
      <section class="card" style={{ marginTop: '0.75rem' }}>
        <h2>近 14 日遇见次数</h2>
        <BarChart data={state.perDay} title="近 14 日每日遇见次数" />
      </section>
      <div class="two-col">
        <section class="card">
          <h2>在册人员（{state.report.register.total}）</h2>
          {state.report.register.total === 0 && <p class="muted">暂无登记人员。</p>}
          <BarChart horizontal data={Object.entries(state.report.register.byStatus).map(([status, value]) => ({ label: label(statusLabel, status), value }))} title="在册人员按状态" />
        </section>
        <section class="card">
          <h2>床位占用</h2>
          {state.occupancy.length === 0 && <p class="muted">本区尚无机构。</p>}
          <ul class="list">
            {state.occupancy.map(({ facility, occupancy }) => {
              const taken = occupancy.beds.male.taken + occupancy.beds.female.taken;
              const capacity = occupancy.beds.male.capacity + occupancy.beds.female.capacity;
              return (
                <li key={facility.id} class="row-item">
                  <div style={{ flex: 1 }}>
                    <strong>{facility.name}</strong>
                    <div class="meter" role="img" aria-label={`已用 ${taken}，共 ${capacity}`}>
                      <span style={{ width: `${capacity ? (taken / capacity) * 100 : 0}%` }} />
                    </div>
                    <div class="small">
                      男 {occupancy.beds.male.taken}/{occupancy.beds.male.capacity} · 女 {occupancy.beds.female.taken}/{occupancy.beds.female.capacity} · 待接收 {occupancy.arrivals.length}
                    </div>
                  </div>
                </li>
              );
            })}
          </ul>
        </section>
      </div>
      <CampaignCoverage />
    </div>
  );
}

function Facilities() {
  const [rows, setRows] = useState<Facility[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => void facilitiesOf(session.value?.district).then(setRows, (e: Error) => setError(e.message)), []);
  if (error) return <p class="error" role="alert">{error}</p>;
  if (!rows) return <p class="muted">正在加载…</p>;
  return (
    <div class="table-wrap">
      <table>
        <caption class="muted small">本区机构（机构 ID 用于机构工作人员登录）</caption>
        <thead>
          <tr>
            <th scope="col">名称</th>
            <th scope="col">类型</th>
            <th scope="col">床位（男/女）</th>
            <th scope="col">地址</th>
            <th scope="col">机构 ID</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((facility) => (
            <tr key={facility.id}>
              <td>{facility.name}</td>
              <td>{facilityTypeLabel[facility.type]}</td>
              <td>
                {facility.capacity.male}/{facility.capacity.female}
              </td>
              <td>{facility.address}</td>
              <td class="small" style={{ overflowWrap: 'anywhere' }}>
                {facility.id}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const actionWord: Record<string, string> = {
  'person.read': '查看档案',
  'person.search': '出现在检索结果',
  'person.list': '出现在名单',
  'person.followups': '出现在回访清单',
  'person.create': '登记',
  'person.update': '修改档案',
  'encounter.create': '记录遇见',
  'stay.admit': '入站',
  'stay.discharge': '离站',
};

function Audit() {
  const [person, setPerson] = useState<PersonRow | null>(null);
  const [entries, setEntries] = useState<Schemas['AuditEntry'][] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    if (!person) return;
    setEntries(null);
    allPages((cursor) => must(api.GET('/v1/audit', { params: { query: { subjectId: person.id, limit: 100, ...(cursor ? { cursor } : {}) } } })), 500).then(setEntries, (e: Error) => setError(e.message));
  }, [person]);
  return (
    <div>
      <PersonSearch pickLabel="查看记录" onPick={setPerson} />
      {error && <p class="error">{error}</p>}
      {person && (
        <section class="card">
          <h2>{personLabel(person)} 的审计记录</h2>
          {!entries ? (
            <p class="muted">正在加载…</p>
          ) : (
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">时间</th>
                    <th scope="col">操作</th>
                    <th scope="col">人员（角色）</th>
                    <th scope="col">说明</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((entry) => (
                    <tr key={entry.id}>
                      <td>{formatDateTime(entry.at)}</td>
                      <td>{actionWord[entry.action] ?? entry.action}</td>
                      <td style={{ overflowWrap: 'anywhere' }}>
                        {entry.actor}（{entry.role}）
                      </td>
                      <td>{entry.reason ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </div>
  );
}

async function download(month: string, district: string, format: 'csv' | 'xlsx') {
  const query = new URLSearchParams({ month, format, ...(district ? { district } : {}) });
  const response = await fetch(`/v1/reports/monthly?${query}`, { headers: { authorization: `Bearer ${session.value?.token ?? ''}` } });
  if (!response.ok) throw new ApiError({ ...(await response.json().catch(() => ({}))), status: response.status });
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `统计月报-${district}-${month}.${format}`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** This month and the 23 before it, as YYYY-MM in CST. */
function recentMonths(): string[] {
  const [year, month] = cstDate().split('-').map(Number) as [number, number];
  return Array.from({ length: 24 }, (_, back) => {
    const index = year * 12 + (month - 1) - back;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

function MonthlyReport() {
  const [month, setMonth] = useState(cstDate().slice(0, 7));
  const [district, setDistrict] = useState(session.value?.district ?? '');
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState('');
  const load = (event?: Event) => {
    event?.preventDefault();
    setError('');
    must(api.GET('/v1/reports/monthly', { params: { query: { month, ...(district ? { district } : {}) } } })).then((value) => setReport(value as Report), (e: Error) => setError(e.message));
  };
  useEffect(load, []);
  const rows: [string, string, number][] = report
    ? [
        ['街面巡查', '遇见次数', report.encounters.total],
        ['街面巡查', '遇见人数', report.encounters.personsMet],
        ['街面巡查', '护送入站', report.encounters.escortedToStation],
        ['入站', '合计', report.admissions.total],
        ...Object.entries(report.admissions.byFacilityType).map(([key, value]): [string, string, number] => ['入站', label(facilityTypeLabel, key), value]),
        ...Object.entries(report.admissions.byVia).map(([key, value]): [string, string, number] => ['入站来源', label(viaLabel, key), value]),
        ['离站', '合计', report.discharges.total],
        ...Object.entries(report.discharges.byReason).map(([key, value]): [string, string, number] => ['离站', label(dischargeLabel, key), value]),
        ['安置', '已接收', report.placements.accepted],
        ['急难型临时救助', '已发放', report.emergencyAid.paid],
        ['急难型临时救助', '按时发放', report.emergencyAid.paidOnTime],
        ['急难型临时救助', '发放金额（元）', report.emergencyAid.amountYuan],
        ['寻亲', '寻亲团聚', report.reunions.total],
        ['寻亲', '离站返家或亲属接回', report.reunions.dischargedToFamily],
      ]
    : [];
  return (
    <div>
      <form class="row" onSubmit={load} aria-label="月报条件">
        <label class="field">
          月份
          <select name="month" value={month} onChange={(e) => setMonth(e.currentTarget.value)}>
            {recentMonths().map((value) => (
              <option key={value} value={value}>
                {value.slice(0, 4)}年{Number(value.slice(5))}月
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          区县代码
          <input name="district" value={district} onInput={(e) => setDistrict(e.currentTarget.value)} inputMode="numeric" pattern="\d{6}" />
        </label>
        <button type="submit" class="primary" style={{ alignSelf: 'end', marginBottom: '0.5rem' }}>
          查询
        </button>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      {report && (
        <>
          <div class="table-wrap">
            <table data-testid="monthly-report">
              <caption class="muted small">
                {report.district} · {report.month} · 生成于 {formatDateTime(report.generatedAt)}
              </caption>
              <thead>
                <tr>
                  <th scope="col">分类</th>
                  <th scope="col">项目</th>
                  <th scope="col">数值</th>
                </tr>
              </thead>
              <tbody>
                {rows.map(([section, item, value]) => (
                  <tr key={`${section}${item}`}>
                    <td>{section}</td>
                    <td>{item}</td>
                    <td>{value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="row" style={{ marginTop: '0.75rem' }}>
            <button type="button" onClick={() => void download(month, district, 'csv').catch((e: Error) => setError(e.message))}>
              下载 CSV
            </button>
            <button type="button" onClick={() => void download(month, district, 'xlsx').catch((e: Error) => setError(e.message))}>
              下载 Excel
            </button>
          </div>
        </>
      )}
    </div>
  );
}

/** The office: dashboard, facilities, a person's audit trail, the monthly report. */
export function Office() {
  const [tab, setTab] = useState<Tab>('dashboard');
  return (
    <>
      <nav class="tabs" role="tablist" aria-label="办公室功能">
        {tabs.map(([value, text]) => (
          <button key={value} type="button" role="tab" aria-selected={tab === value} onClick={() => setTab(value)}>
            {text}
          </button>
        ))}
      </nav>
      {tab === 'dashboard' && <Dashboard />}
      {tab === 'facilities' && <Facilities />}
      {tab === 'audit' && <Audit />}
      {tab === 'report' && <MonthlyReport />}
      {tab === 'campaigns' && <Campaigns />}
      {tab === 'areas' && <Areas />}
      {tab === 'rules' && <Rules />}
    </>
  );
}
