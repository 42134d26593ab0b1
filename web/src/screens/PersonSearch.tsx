import { useEffect, useRef, useState } from 'preact/hooks';
import { api, must, type Schemas } from '../api/client';
import { riskLabel, sexLabel, statusLabel } from '../i18n';

/** A register entry as lists show it (the tracer's view has no risk factors). */
export type PersonRow = Schemas['PersonSummary'];

/** The risk factors a row shows, none where the caller's view leaves them out. */
export const risksOf = (person: PersonRow) => ('riskFactors' in person ? person.riskFactors : []);

export const personLabel = (person: PersonRow) =>
  `${person.name ?? '无名氏'}（${sexLabel[person.sex]}${person.estimatedAge ? `，约${person.estimatedAge}岁` : person.birthYear ? `，${person.birthYear}年生` : ''}）`;

/** Register search as one types: characters, pinyin or initials (the API reads them all). */
export function PersonSearch(props: { onPick: (person: PersonRow) => void; pickLabel: string }) {
  const [q, setQ] = useState('');
  const [rows, setRows] = useState<PersonRow[]>([]);
  const [error, setError] = useState('');
  const [searching, setSearching] = useState(false);
  const latest = useRef(0);

  useEffect(() => {
    const term = q.trim();
    if (!term) {
      setRows([]);
      return;
    }
    const ticket = ++latest.current;
    const timer = setTimeout(async () => {
      setSearching(true);
      try {
        const page = await must(api.GET('/v1/persons', { params: { query: { q: term, limit: 20 } } }));
        if (ticket === latest.current) {
          setRows(page.items);
          setError('');
        }
      } catch (e) {
        if (ticket === latest.current) setError(navigator.onLine ? (e as Error).message : '无网络：暂不能检索，可先记录为新人员。');
      } finally {
        if (ticket === latest.current) setSearching(false);
      }
    }, 250);
    return () => clearTimeout(timer);
  }, [q]);

  return (
    <div class="search">
      <label class="field">
        查找登记人员（姓名、拼音或首字母）
        <input type="search" name="q" value={q} onInput={(e) => setQ(e.currentTarget.value)} placeholder="如：王小明 / wangxiaoming / wxm" autocomplete="off" maxLength={50} />
      </label>
      {searching && <p class="muted" aria-live="polite">正在检索…</p>}
      {error && <p class="error" role="alert">{error}</p>}
      {q.trim() && !searching && !error && rows.length === 0 && <p class="muted">没有找到匹配的人员。</p>}
      <ul class="list" aria-label="检索结果">
        {rows.map((person) => (
          <li key={person.id} class="row-item">
            <div>
              <strong>{personLabel(person)}</strong>
              <div class="muted small">
                {statusLabel[person.status]}
                {risksOf(person).length ? ` · ${risksOf(person).map((risk) => riskLabel[risk]).join('、')}` : ''}
              </div>
            </div>
            <button type="button" class="primary" onClick={() => props.onPick(person)}>
              {props.pickLabel}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
