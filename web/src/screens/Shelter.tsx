import { useEffect, useState } from 'preact/hooks';
import { api, must, type Schemas } from '../api/client';
import { session } from '../auth';
import { ageReadingLabel, careModeLabel, clientDischargeReasons, dischargeLabel, identityDocumentLabel, riskLabel, sexLabel, stayFlagLabel, viaLabel } from '../i18n';
import { cstDateIn, daysUntil, formatDate, formatDateTime } from '../time';
import { PersonSearch, personLabel, risksOf, type PersonRow } from './PersonSearch';

type Occupancy = Schemas['Occupancy'];
type Resident = Occupancy['residents'][number];
type Via = keyof typeof viaLabel;
type Reason = (typeof clientDischargeReasons)[number];
type IdentityDocument = keyof typeof identityDocumentLabel;

const jsonHeaders = { 'content-type': 'application/json' };

function Beds(props: { occupancy: Occupancy }) {
  return (
    <div class="beds" aria-label="床位">
      {(['male', 'female'] as const).map((sex) => {
        const beds = props.occupancy.beds[sex];
        const used = beds.taken + beds.held;
        return (
          <div class="stat" key={sex} data-testid={`beds-${sex}`}>
            <div class="muted small">{sex === 'male' ? '男区' : '女区'}床位</div>
            <div class="value">
              {beds.taken}/{beds.capacity}
            </div>
            <div class="meter" role="img" aria-label={`已用 ${used}，共 ${beds.capacity}`}>
              <span style={{ width: `${beds.capacity ? Math.min(100, (used / beds.capacity) * 100) : 0}%` }} />
            </div>
            <div class="small">空 {beds.free} · 预留 {beds.held}</div>
          </div>
        );
      })}
    </div>
  );
}

function Admit(props: { facilityId: string; onDone: () => void }) {
  const [person, setPerson] = useState<PersonRow | null>(null);
  const [via, setVia] = useState<Via>('escorted_by_patrol');
  const [bedSex, setBedSex] = useState<'male' | 'female'>('male');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [key] = useState(() => crypto.randomUUID());
  if (!person) return <PersonSearch pickLabel="入站" onPick={setPerson} />;
  const admit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      await must(
        api.POST('/v1/admissions', {
          params: { header: { 'idempotency-key': key } },
          body: { personId: person.id, facilityId: props.facilityId, at: new Date().toISOString(), via, ...(person.sex === 'unknown' ? { bedSex } : {}) },
        }),
      );
      props.onDone();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={admit} aria-label="办理入站">
      <p>
        <strong>{personLabel(person)}</strong>
      </p>
      <label class="field">
        来源
        <select name="via" value={via} onChange={(e) => setVia(e.currentTarget.value as Via)}>
          {(Object.keys(viaLabel) as Via[]).map((value) => (
            <option key={value} value={value}>
              {viaLabel[value]}
            </option>
          ))}
        </select>
      </label>
      {person.sex === 'unknown' && (
        <label class="field">
          床位区
          <select name="bedSex" value={bedSex} onChange={(e) => setBedSex(e.currentTarget.value as 'male' | 'female')}>
            <option value="male">男区</option>
            <option value="female">女区</option>
          </select>
        </label>
      )}
      {error && <p class="error" role="alert">{error}</p>}
      <div class="actions">
        <button type="submit" class="primary big" disabled={busy}>
          确认入站
        </button>
        <button type="button" class="big" onClick={() => setPerson(null)}>
          返回
        </button>
      </div>
    </form>
  );
}

function Discharge(props: { resident: Resident; onDone: () => void; onCancel: () => void }) {
  const [reason, setReason] = useState<Reason>('returned_home');
  const [note, setNote] = useState('');
  const [relativeName, setRelativeName] = useState('');
  const [relation, setRelation] = useState('');
  const [idVerified, setIdVerified] = useState(false);
  const [document, setDocument] = useState<IdentityDocument>('resident_id_card');
  const [last4, setLast4] = useState('');
  const [escortStaff, setEscortStaff] = useState('');
  const [address, setAddress] = useState('');
  const [error, setError] = useState('');
  const needsRelative = reason === 'collected_by_family';
  const escorted = reason === 'escorted_home';
  const submit = async (event: Event) => {
    event.preventDefault();
    setError('');
    try {
      await must(
        api.POST('/v1/stays/{id}/discharge', {
          params: { path: { id: props.resident.id } },
          body: {
            reason,
            at: new Date().toISOString(),
            ...(note.trim() ? { note: note.trim() } : {}),
            ...(needsRelative
              ? {
                  relative: {
                    name: relativeName.trim(),
                    relation: relation.trim(),
                    // Rule 9: the check as made: which document, its last 4 characters, now.
                    ...(idVerified ? { verification: { document, last4: last4.trim(), checkedAt: new Date().toISOString() } } : {}),
                  },
                }
              : {}),
            ...(escorted ? { escort: { staff: escortStaff.trim(), address: address.trim() } } : {}),
          },
        }),
      );
      props.onDone();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <form class="card" onSubmit={submit} aria-label="办理离站">
      <h3>离站：{props.resident.person ? personLabel(props.resident.person) : props.resident.personId}</h3>
      <label class="field">
        离站原因
        <select name="reason" value={reason} onChange={(e) => setReason(e.currentTarget.value as Reason)}>
          {clientDischargeReasons.map((value) => (
            <option key={value} value={value}>
              {dischargeLabel[value]}
            </option>
          ))}
        </select>
      </label>
      {needsRelative && (
        <div class="row">
          <label class="field">
            亲属姓名
            <input value={relativeName} onInput={(e) => setRelativeName(e.currentTarget.value)} required maxLength={50} />
          </label>
          <label class="field">
            关系
            <input value={relation} onInput={(e) => setRelation(e.currentTarget.value)} required maxLength={20} />
          </label>
          <label class="toggle">
            <input type="checkbox" checked={idVerified} onChange={(e) => setIdVerified(e.currentTarget.checked)} />
            已核验身份证件
          </label>
          {idVerified && (
            <>
              <label class="field">
                证件类型
                <select value={document} onChange={(e) => setDocument(e.currentTarget.value as IdentityDocument)}>
                  {(Object.keys(identityDocumentLabel) as IdentityDocument[]).map((value) => (
                    <option key={value} value={value}>
                      {identityDocumentLabel[value]}
                    </option>
                  ))}
                </select>
              </label>
              <label class="field">
                证件号后4位
                <input value={last4} onInput={(e) => setLast4(e.currentTarget.value)} required pattern="[0-9A-Za-z]{4}" maxLength={4} />
              </label>
            </>
          )}
        </div>
      )}
      {escorted && (
        <div class="row">
          <label class="field">
            护送人员
            <input value={escortStaff} onInput={(e) => setEscortStaff(e.currentTarget.value)} required maxLength={50} />
          </label>
          <label class="field">
            送达地址
            <input value={address} onInput={(e) => setAddress(e.currentTarget.value)} required maxLength={200} />
          </label>
        </div>
      )}
      <label class="field">
        说明
        <input name="note" value={note} onInput={(e) => setNote(e.currentTarget.value)} maxLength={500} />
      </label>
      {error && <p class="error" role="alert">{error}</p>}
      <div class="actions">
        <button type="submit" class="primary big">
          确认离站
        </button>
        <button type="button" class="big" onClick={props.onCancel}>
          取消
        </button>
      </div>
    </form>
  );
}

/** Extends the stay limit (rule 9) with a reason and a new date; one Idempotency-Key per form. */
function Extend(props: { resident: Resident; onDone: () => void; onCancel: () => void }) {
  const [until, setUntil] = useState(cstDateIn(10));
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [key] = useState(() => crypto.randomUUID());
  const submit = async (event: Event) => {
    event.preventDefault();
    setError('');
    try {
      await must(api.POST('/v1/stays/{id}/extensions', { params: { path: { id: props.resident.id }, header: { 'idempotency-key': key } }, body: { reason: reason.trim(), until } }));
      props.onDone();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <form class="card" onSubmit={submit} aria-label="延长在站期限">
      <h3>延期：{props.resident.person ? personLabel(props.resident.person) : props.resident.personId}</h3>
      <div class="row">
        <label class="field">
          延至
          <input type="date" name="until" value={until} onInput={(e) => setUntil(e.currentTarget.value)} required />
        </label>
        <label class="field">
          原因
          <input name="reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} required maxLength={500} placeholder="如：等待亲属核实" />
        </label>
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      <div class="actions">
        <button type="submit" class="primary big">
          确认延期
        </button>
        <button type="button" class="big" onClick={props.onCancel}>
          取消
        </button>
      </div>
    </form>
  );
}

function Deadline(props: { resident: Resident }) {
  const { limit, flags } = props.resident;
  const ends = props.resident.extendedUntil ?? limit.endsAt;
  const left = ends ? daysUntil(ends) : undefined;
  return (
    <span>
      在站 {props.resident.daysInCare} 天
      {limit.applies && ends ? (
        <span class={`badge ${left !== undefined && left < 0 ? 'danger' : left !== undefined && left <= 2 ? 'warn' : ''}`}>
          {' '}
          期限 {formatDate(ends)}
          {left !== undefined ? (left < 0 ? `（超期 ${-left} 天）` : `（剩 ${left} 天）`) : ''}
        </span>
      ) : null}
      {ageReadingLabel(props.resident.ageReading) && <span class="badge warn"> {ageReadingLabel(props.resident.ageReading)}</span>}
      {props.resident.careMode !== 'in_station' && <span class="badge"> {careModeLabel[props.resident.careMode]}</span>}
      {flags.map((flag) => (
        <span key={flag} class="badge warn">
          {' '}
          {stayFlagLabel[flag]}
        </span>
      ))}
    </span>
  );
}

/** Shelter staff: beds by sex, arrivals, admit, discharge, and residents by how long they have stayed. */
export function Shelter() {
  const facilityId = session.value?.facility ?? '';
  const [occupancy, setOccupancy] = useState<Occupancy | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState('');
  const [admitting, setAdmitting] = useState(false);
  const [leaving, setLeaving] = useState<Resident | null>(null);
  const [extending, setExtending] = useState<Resident | null>(null);
  const [notice, setNotice] = useState('');

  const load = () =>
    must(api.GET('/v1/facilities/{id}/occupancy', { params: { path: { id: facilityId } } }))
      .then((value) => {
        setOccupancy(value);
        setError('');
      })
      .catch((e: Error) => setError(e.message));

  useEffect(() => {
    if (!facilityId) return;
    void load();
    must(api.GET('/v1/facilities/{id}', { params: { path: { id: facilityId } } })).then((facility) => setName(facility.name), () => undefined);
  }, [facilityId]);

  if (!facilityId) return <p class="error">此账号未绑定机构（custom:facility），请联系民政办公室。</p>;

  const decide = async (placementId: string, accept: boolean) => {
    try {
      if (accept) await must(api.POST('/v1/placements/{id}/accept', { params: { path: { id: placementId } }, headers: jsonHeaders }));
      else {
        const reason = prompt('拒绝原因（必填）')?.trim();
        if (!reason) return;
        await must(api.POST('/v1/placements/{id}/decline', { params: { path: { id: placementId } }, body: { reason } }));
      }
      setNotice(accept ? '已接收。' : '已拒绝。');
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const residents = [...(occupancy?.residents ?? [])].sort((a, b) => b.daysInCare - a.daysInCare);
  return (
    <>
      <section class="card">
        <h2>{name || '本机构'} · 床位</h2>
        {error && <p class="error" role="alert">{error}</p>}
        {notice && <p class="notice" role="status">{notice}</p>}
        {occupancy ? <Beds occupancy={occupancy} /> : !error && <p class="muted">正在加载…</p>}
        {occupancy && <p class="muted small">更新于 {formatDateTime(occupancy.asOf)}</p>}
      </section>

      <section class="card">
        <h2>办理入站</h2>
        {admitting ? (
          <Admit
            facilityId={facilityId}
            onDone={() => {
              setAdmitting(false);
              setNotice('已入站。');
              void load();
            }}
          />
        ) : (
          <button type="button" class="primary big wide" onClick={() => setAdmitting(true)}>
            ＋ 办理入站
          </button>
        )}
      </section>

      {occupancy && occupancy.arrivals.length > 0 && (
        <section class="card">
          <h2>待接收转入（{occupancy.arrivals.length}）</h2>
          <ul class="list">
            {occupancy.arrivals.map((arrival) => (
              <li key={arrival.id} class="row-item">
                <div>
                  <strong>{arrival.kind === 'long_term' ? '长期安置' : '短期托养'}</strong> · {sexLabel[arrival.bedSex]}区
                  <div class="muted small">申请于 {formatDateTime(arrival.requestedAt)}</div>
                </div>
                <div class="stack">
                  <button type="button" class="primary" onClick={() => void decide(arrival.id, true)}>
                    接收
                  </button>
                  <button type="button" onClick={() => void decide(arrival.id, false)}>
                    拒绝
                  </button>
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}

      {leaving && (
        <Discharge
          resident={leaving}
          onCancel={() => setLeaving(null)}
          onDone={() => {
            setLeaving(null);
            setNotice('已离站。');
            void load();
          }}
        />
      )}

      {extending && (
        <Extend
          resident={extending}
          onCancel={() => setExtending(null)}
          onDone={() => {
            setExtending(null);
            setNotice('已延期。');
            void load();
          }}
        />
      )}

      <section class="card">
        <h2>在站人员（{residents.length}）· 按在站时长</h2>
        {residents.length === 0 && <p class="muted">暂无在站人员。</p>}
        <ul class="list">
          {residents.map((resident) => (
            <li key={resident.id} class="row-item" data-testid="resident">
              <div>
                <strong>{resident.person ? personLabel(resident.person) : '（无权查看姓名）'}</strong>
                <div class="small">
                  <Deadline resident={resident} />
                </div>
                <div class="muted small">
                  {sexLabel[resident.bedSex]}区 · {viaLabel[resident.via]} · 入站 {formatDateTime(resident.admittedAt)}
                  {resident.person && risksOf(resident.person).length ? ` · ${risksOf(resident.person).map((risk) => riskLabel[risk]).join('、')}` : ''}
                </div>
              </div>
              <div class="stack">
                <button type="button" onClick={() => setLeaving(resident)}>
                  离站
                </button>
                {resident.limit.applies && (
                  <button type="button" onClick={() => setExtending(resident)}>
                    延期
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
