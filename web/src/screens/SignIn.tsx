import { useEffect, useState } from 'preact/hooks';
import { appConfig, devFacilities, devSignIn, signOutNotice, startOidcSignIn, type AppConfig, type Role } from '../auth';
import { roleLabel } from '../i18n';

const roles: Role[] = ['patrol', 'shelter', 'tracer', 'admin'];

/** Local: role, worker id, district or facility. Cloud: one button to the organisation's sign-in. */
export function SignIn() {
  const [config, setConfig] = useState<AppConfig | null>(null);
  const [role, setRole] = useState<Role>('patrol');
  const [sub, setSub] = useState(localStorage.getItem('outreach.sub') ?? 'worker-1');
  const [district, setDistrict] = useState(localStorage.getItem('outreach.district') ?? '500117');
  const [facility, setFacility] = useState(localStorage.getItem('outreach.facility') ?? '');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const [facilities, setFacilities] = useState<{ id: string; name: string }[]>([]);

  useEffect(() => void appConfig().then(setConfig), []);
  // Shelter staff pick their facility from the district's list (they may still type an id).
  useEffect(() => {
    if (config?.mode !== 'local' || role !== 'shelter' || !/^\d{6}$/.test(district)) return;
    let current = true;
    devFacilities(district).then(
      (found) => {
        if (!current) return;
        setFacilities(found);
        if (found.length && !found.some((item) => item.id === facility)) setFacility(found[0]!.id);
      },
      () => current && setFacilities([]),
    );
    return () => {
      current = false;
    };
  }, [config, role, district]);

  if (!config) return <p class="muted">正在加载…</p>;
  if (config.mode === 'oidc') {
    return (
      <section class="card narrow">
        <h2>登录</h2>
        {signOutNotice.value && <p class="notice">{signOutNotice.value}</p>}
        <button type="button" class="primary big wide" onClick={() => void startOidcSignIn(config).catch((e: Error) => setError(e.message))}>
          使用单位账号登录
        </button>
        {error && <p class="error" role="alert">{error}</p>}
      </section>
    );
  }

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    localStorage.setItem('outreach.sub', sub);
    localStorage.setItem('outreach.district', district);
    localStorage.setItem('outreach.facility', facility);
    try {
      await devSignIn({ role, sub, district, ...(role === 'shelter' && facility ? { facility } : {}) });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card narrow" onSubmit={submit}>
      <h2>登录（本地开发）</h2>
      {signOutNotice.value && <p class="notice">{signOutNotice.value}</p>}
      <fieldset>
        <legend>角色</legend>
        <div class="choices">
          {roles.map((value) => (
            <label key={value} class={`choice ${role === value ? 'on' : ''}`}>
              <input type="radio" name="role" value={value} checked={role === value} onChange={() => setRole(value)} />
              {roleLabel[value]}
            </label>
          ))}
        </div>
      </fieldset>
      <label class="field">
        工号
        <input name="sub" value={sub} onInput={(e) => setSub(e.currentTarget.value)} required maxLength={128} autocomplete="username" />
      </label>
      <label class="field">
        区县代码
        <input name="district" value={district} onInput={(e) => setDistrict(e.currentTarget.value)} inputMode="numeric" pattern="\d{6}" required />
      </label>
      {role === 'shelter' && facilities.length > 0 && (
        <div class="field">
          <label for="facility-select">机构</label>
          <select id="facility-select" name="facility" value={facility} onChange={(e) => setFacility(e.currentTarget.value)}>
            {facilities.map((item) => (
              <option key={item.id} value={item.id}>
                {item.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {role === 'shelter' && facilities.length === 0 && (
        <label class="field">
          机构编号
          <input name="facility" value={facility} onInput={(e) => setFacility(e.currentTarget.value)} required placeholder="机构 ID（见办公室“机构”页）" />
        </label>
      )}
      <button type="submit" class="primary big wide" disabled={busy}>
        {busy ? '正在登录…' : '登录'}
      </button>
      {error && <p class="error" role="alert">{error}</p>}
    </form>
  );
}
