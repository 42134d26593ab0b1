import { useState } from 'preact/hooks';
import { actionLabel, concernLabel, healthLabel, sexLabel } from '../i18n';
import { type EncounterInput } from '../outbox';
import { position, positionError } from '../position';
import { cstDate } from '../time';

type Action = NonNullable<EncounterInput['actions']>[number];
type Concern = NonNullable<EncounterInput['concerns']>[number];
type Health = 'well' | 'unwell' | 'acutely_ill' | 'unknown';
type Sex = 'male' | 'female' | 'unknown';

export type Subject = { personId: string; label: string } | null;

const quickActions: Action[] = ['offered_food', 'offered_water', 'offered_clothing', 'offered_bedding', 'persuaded_to_station', 'escorted_to_station', 'called_120', 'called_110', 'refused_help', 'left_contact'];

function Toggle<T extends string>(props: { value: T; on: boolean; label: string; onToggle: (value: T) => void }) {
  return (
    <button type="button" class={`chip ${props.on ? 'on' : ''}`} aria-pressed={props.on} onClick={() => props.onToggle(props.value)}>
      {props.label}
    </button>
  );
}

/** One screen, big targets, sensible defaults: a known person is three taps and a save. */
export function EncounterForm(props: { subject: Subject; campaign?: boolean; initial?: EncounterInput; onSubmit: (body: EncounterInput, label: string) => Promise<void>; onCancel: () => void }) {
  const initial = props.initial;
  const [sex, setSex] = useState<Sex>((initial?.newPerson?.sex as Sex) ?? 'unknown');
  const [age, setAge] = useState(initial?.newPerson?.estimatedAge ? String(initial.newPerson.estimatedAge) : '');
  const [name, setName] = useState(initial?.newPerson?.name ?? '');
  const [place, setPlace] = useState(initial?.location.place ?? '');
  const [health, setHealth] = useState<Health>((initial?.condition?.health as Health) ?? 'unknown');
  const [dressed, setDressed] = useState<boolean | undefined>(initial?.condition?.dressedForWeather);
  const [actions, setActions] = useState<Action[]>(initial?.actions ?? []);
  const [concerns, setConcerns] = useState<Concern[]>(initial?.concerns ?? []);
  const [notes, setNotes] = useState(initial?.notes ?? '');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const fix = position.value;

  const toggle = <T,>(list: T[], value: T) => (list.includes(value) ? list.filter((item) => item !== value) : [...list, value]);

  const submit = async (event: Event) => {
    event.preventDefault();
    const where = initial && !fix ? { lat: initial.location.lat, lng: initial.location.lng, accuracyM: initial.location.accuracyM } : fix;
    if (!where) {
      setError('尚未取得定位，请到开阔处稍候，或检查定位权限。');
      return;
    }
    const ageNumber = age.trim() ? Number(age) : undefined;
    const body: EncounterInput = {
      ...(props.subject
        ? { personId: props.subject.personId }
        : {
            newPerson: {
              sex,
              ...(name.trim() ? { name: name.trim() } : {}),
              ...(ageNumber !== undefined ? { estimatedAge: ageNumber, estimatedAt: cstDate() } : {}),
            },
          }),
      occurredAt: new Date().toISOString(),
      location: { lat: where.lat, lng: where.lng, ...(where.accuracyM !== undefined ? { accuracyM: where.accuracyM } : {}), crs: 'WGS84', ...(place.trim() ? { place: place.trim() } : {}) },
      condition: { health, ...(dressed !== undefined ? { dressedForWeather: dressed } : {}) },
      actions,
      concerns,
      ...(notes.trim() ? { notes: notes.trim() } : {}),
    };
    const label = props.subject?.label ?? `新登记（${sexLabel[sex]}${ageNumber !== undefined ? `，约${ageNumber}岁` : ''}）`;
    setBusy(true);
    setError('');
    try {
      await props.onSubmit(body, label);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card encounter" onSubmit={submit} aria-label="记录遇见">
      <h2>记录遇见：{props.subject ? props.subject.label : '新人员'}</h2>
      {props.campaign && <p class="notice small">专项行动走访：保存即记为已走访。</p>}

      {!props.subject && (
        <fieldset>
          <legend>性别</legend>
          <div class="choices three">
            {(Object.keys(sexLabel) as Sex[]).map((value) => (
              <label key={value} class={`choice ${sex === value ? 'on' : ''}`}>
                <input type="radio" name="sex" checked={sex === value} onChange={() => setSex(value)} />
                {sexLabel[value]}
              </label>
            ))}
          </div>
          <div class="row">
            <label class="field">
              估计年龄
              <input name="estimatedAge" type="number" inputMode="numeric" min={0} max={120} value={age} onInput={(e) => setAge(e.currentTarget.value)} />
            </label>
            <label class="field">
              姓名（如知道）
              <input name="name" value={name} onInput={(e) => setName(e.currentTarget.value)} maxLength={50} />
            </label>
          </div>
        </fieldset>
      )}

      <fieldset>
        <legend>位置</legend>
        <p class={fix ? 'gps ok' : 'gps'} role="status">
          {fix ? `已定位 ±${fix.accuracyM} 米` : positionError.value || '正在定位…'}
        </p>
        <label class="field">
          地点描述
          <input name="place" value={place} onInput={(e) => setPlace(e.currentTarget.value)} placeholder="如：草街客运站候车厅" maxLength={200} />
        </label>
      </fieldset>

      <fieldset>
        <legend>身体状况</legend>
        <div class="choices four">
          {(Object.keys(healthLabel) as Health[]).map((value) => (
            <label key={value} class={`choice ${health === value ? 'on' : ''}`}>
              <input type="radio" name="health" checked={health === value} onChange={() => setHealth(value)} />
              {healthLabel[value]}
            </label>
          ))}
        </div>
        <div class="choices two">
          <Toggle value="warm" on={dressed === true} label="衣着保暖" onToggle={() => setDressed(dressed === true ? undefined : true)} />
          <Toggle value="cold" on={dressed === false} label="衣着单薄" onToggle={() => setDressed(dressed === false ? undefined : false)} />
        </div>
      </fieldset>

      <fieldset>
        <legend>处置措施</legend>
        <div class="chips">
          {quickActions.map((value) => (
            <Toggle key={value} value={value} on={actions.includes(value)} label={actionLabel[value]} onToggle={(v) => setActions(toggle(actions, v))} />
          ))}
        </div>
      </fieldset>

      <fieldset>
        <legend>疑点</legend>
        <div class="chips">
          {(Object.keys(concernLabel) as Concern[]).map((value) => (
            <Toggle key={value} value={value} on={concerns.includes(value)} label={concernLabel[value]} onToggle={(v) => setConcerns(toggle(concerns, v))} />
          ))}
        </div>
      </fieldset>

      <label class="field">
        备注
        <textarea name="notes" rows={2} value={notes} onInput={(e) => setNotes(e.currentTarget.value)} maxLength={2000} />
      </label>

      {error && <p class="error" role="alert">{error}</p>}
      <div class="actions">
        <button type="submit" class="primary big" disabled={busy}>
          {busy ? '正在保存…' : '保存记录'}
        </button>
        <button type="button" class="big" onClick={props.onCancel}>
          取消
        </button>
      </div>
    </form>
  );
}
