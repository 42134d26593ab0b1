/**
 * Match review: a person in care and a family's missing report side by side, the matcher's reasons
 * field by field (agrees / disagrees / unknown), the person's newest photo where there is one, and
 * confirm or reject with a note. A confirmation is two-sided: one side proposes, the other (the
 * report's filing district, or the person's station) accepts. Used from a person's case and from a report's page.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, errorText, must, type Schemas } from '../../api/client';
import { riskLabel, sexLabel } from '../../i18n';
import { formatDate, formatDateTime } from '../../time';

type Candidate = Schemas['MatchCandidate'];
type Report = Schemas['MissingReport'] | Schemas['MissingReportForReview'];
/** A person as any role's view gives them: the fields a role does not see are simply absent. */
type Person = Pick<Schemas['Person'], 'id' | 'sex'> & Partial<Extract<Schemas['Person'], { riskFactors: unknown; guardians: unknown; version: number }>>;

const reasonFieldLabel: Record<Candidate['reasons'][number]['field'], string> = {
  sex: '性别', age: '年龄', height: '身高', name: '姓名', dialect: '方言', home_region: '籍贯', marks: '体貌特征', clothing: '衣着', time: '时间', place: '地点', conditions: '身心状况', other: '其他描述',
};
const agreeLabel = { agree: '相符', disagree: '不符', unknown: '不明' } as const;

export const regionText = (region?: { province?: string; city?: string; county?: string }) =>
  region ? [region.province, region.city, region.county].filter(Boolean).join(' ') : '';

/** The report's age, as the family gave it. */
export function reportAge(report: Pick<Report, 'birthDate' | 'birthYear' | 'ageAtDisappearance'>): string {
  const parts = [
    report.birthDate ? `生于 ${formatDate(report.birthDate)}` : report.birthYear ? `生于 ${report.birthYear} 年` : '',
    report.ageAtDisappearance !== undefined ? `走失时 ${report.ageAtDisappearance} 岁` : '',
  ].filter(Boolean);
  return parts.join('，') || '—';
}

function personAge(person: Person): string {
  if (person.birthDate) return `生于 ${formatDate(person.birthDate)}`;
  if (person.birthYear) return `生于 ${person.birthYear} 年`;
  if (person.estimatedAge !== undefined) return `估计 ${person.estimatedAge} 岁${person.estimatedAt ? `（${formatDate(person.estimatedAt)}）` : ''}`;
  return '—';
}

/** The person's face: the notice's portrait, else the newest ready portrait (not a mark or a document), through the short-lived, audited download URL; nothing when there is none. */
function PersonPhoto(props: { personId: string }) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    let live = true;
    (async () => {
      const page = await must(api.GET('/v1/persons/{id}/photos', { params: { path: { id: props.personId }, query: { limit: 20 } } }));
      const portraits = page.items.filter((photo) => photo.status === 'ready' && photo.purpose === 'portrait');
      const ready = portraits.find((photo) => photo.noticePortrait) ?? portraits[0];
      if (!ready) return;
      const download = await must(api.GET('/v1/persons/{id}/photos/{photoId}', { params: { path: { id: props.personId, photoId: ready.photoId } } }));
      if (live) setUrl(download.url);
    })().catch((e: unknown) => live && setError(errorText(e)));
    return () => void (live = false);
  }, [props.personId]);
  if (error) return <p class="muted small">照片无法显示：{error}</p>;
  return url ? <img class="match-photo" src={url} alt="在站人员照片" data-testid="match-photo" /> : null;
}

function Row(props: { label: string; left: string; right: string }) {
  return (
    <tr>
      <th scope="row">{props.label}</th>
      <td>{props.left || '—'}</td>
      <td>{props.right || '—'}</td>
    </tr>
  );
}

/** Both records field by field, the person's photo above. */
function SideBySide(props: { personId: string; person: Person | null; personError: string; report: Report }) {
  const { person, report } = props;
  const leftTitle = person ? (person.name ?? '身份不明') : '在站人员';
  return (
    <div class="side-by-side" data-testid="side-by-side">
      <PersonPhoto personId={props.personId} />
      {props.personError && <p class="muted small">在站人员的登记信息不在本区县，仅显示比对依据。</p>}
      <div class="table-wrap">
        <table class="compare">
          <thead>
            <tr>
              <th scope="col">项目</th>
              <th scope="col">在站人员：{leftTitle}</th>
              <th scope="col">走失报告：{report.name}</th>
            </tr>
          </thead>
          <tbody>
            <Row label="性别" left={person ? sexLabel[person.sex] : ''} right={sexLabel[report.sex]} />
            <Row label="年龄" left={person ? personAge(person) : ''} right={reportAge(report)} />
            <Row label="身高" left={person?.heightCm ? `${person.heightCm} 厘米` : ''} right={report.heightCm ? `${report.heightCm} 厘米` : ''} />
            <Row label="口音／方言" left={person?.dialect ?? ''} right={report.dialect ?? ''} />
            <Row label="籍贯" left={regionText(person?.homeRegion)} right={regionText(report.homeRegion)} />
            <Row label="体貌特征" left={person?.marks ?? ''} right={report.marks ?? ''} />
            <Row label="衣着" left={person?.clothing ?? ''} right={report.clothing ?? ''} />
            <Row label="身心状况" left={(person?.riskFactors ?? []).map((r) => riskLabel[r]).join('、')} right={'conditions' in report ? report.conditions.map((r) => riskLabel[r]).join('、') : ''} />
            <Row
              label="时间地点"
              left={person?.lastSeen ? `${formatDateTime(person.lastSeen.at)} 最后遇见${person.lastSeen.place ? `于${person.lastSeen.place}` : ''}` : ''}
              right={`${formatDateTime(report.lastSeen.at)} 走失于${report.lastSeen.place}`}
            />
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** One candidate pair: the two records, the reasons and score, and the decision. */
export function MatchReview(props: { personId: string; reportId: string; candidate: Candidate; onDecided: () => void }) {
  const { candidate } = props;
  const [report, setReport] = useState<Report | null>(null);
  const [person, setPerson] = useState<Person | null>(null);
  const [personError, setPersonError] = useState('');
  const [note, setNote] = useState('');
  const [override, setOverride] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    must(api.GET('/v1/missing-reports/{id}', { params: { path: { id: props.reportId } } }))
      .then(setReport)
      .catch((e: unknown) => setError(errorText(e)));
    // A report's candidate may be in care in another district: its record is then not ours to read.
    must(api.GET('/v1/persons/{id}', { params: { path: { id: props.personId } } }))
      .then((found) => setPerson(found as Person))
      .catch((e: unknown) => setPersonError(errorText(e)));
  }, [props.personId, props.reportId]);
  const decide = async (decision: 'confirmed' | 'rejected') => {
    if (!note.trim()) return setError('请填写「审核说明」。');
    setBusy(true);
    setError('');
    try {
      await must(
        api.POST('/v1/matches/{personId}/{reportId}/decision', {
          params: { path: { personId: props.personId, reportId: props.reportId } },
          // The ETags of the two records as listed with the pair: a record changed since is refused (412).
          body: {
            decision, note: note.trim(),
            ...(decision === 'confirmed' ? { personEtag: candidate.personEtag, reportEtag: candidate.reportEtag } : {}),
            ...(decision === 'confirmed' && override.trim() ? { overrideReason: override.trim() } : {}),
          },
        }),
      );
      props.onDecided();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="card" data-testid="match">
      <h4>
        {report ? `${report.name}（${sexLabel[report.sex]}）` : props.reportId} · 得分 {candidate.score}
        {candidate.previouslyRejected && <span class="badge warn">曾被排除</span>}
        {candidate.flagged === 'fresh_far' && <span class="badge warn">新登记即匹配外省报告，请仔细核实</span>}
        {candidate.proposal && !candidate.decision && (
          <span class="badge warn">{candidate.proposal.side === 'person' ? '在站方已提议确认，待受理区县确认' : '受理区县已提议确认，待在站方确认'}</span>
        )}
      </h4>
      {report && <SideBySide personId={props.personId} person={person} personError={personError} report={report} />}
      <h5>比对依据</h5>
      <div class="table-wrap">
        <table class="reasons">
          <thead>
            <tr><th>项目</th><th>判断</th><th>权重</th><th>依据</th></tr>
          </thead>
          <tbody>
            {candidate.reasons.map((r) => (
              <tr key={r.field}>
                <td>{reasonFieldLabel[r.field]}</td>
                <td class={r.state === 'disagree' ? 'error' : r.state === 'agree' ? 'ok' : undefined}>{agreeLabel[r.state]}</td>
                <td>{Math.round(r.weight * 100) / 100}</td>
                <td class="small">{r.reason}{r.conditions?.length ? `（${r.conditions.map((c) => riskLabel[c]).join('、')}）` : ''}</td>
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
          <label class="field">
            低分确认理由（得分低于确认下限时必填）
            <input value={override} maxLength={500} onInput={(event) => setOverride(event.currentTarget.value)} />
          </label>
          {error && <p class="error" role="alert">{error}</p>}
          <div class="actions">
            <button type="button" class="primary" disabled={busy} onClick={() => void decide('confirmed')}>确认是同一人</button>
            <button type="button" disabled={busy} onClick={() => void decide('rejected')}>排除</button>
          </div>
        </>
      )}
    </div>
  );
}
