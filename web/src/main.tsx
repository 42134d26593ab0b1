import { render } from 'preact';
import { lazy, Suspense } from 'preact/compat';
import { signal, effect } from '@preact/signals';
import { appConfig, finishOidcSignIn, session, signOut } from './auth';
import { roleLabel } from './i18n';
import { startOutbox } from './outbox';
import { SignIn } from './screens/SignIn';
import { Patrol } from './screens/Patrol';
import './styles.css';

// Shelter, office and tracer screens (and their chart) load only when opened: the patrol screen stays small.
const Shelter = lazy(() => import('./screens/Shelter').then((module) => ({ default: module.Shelter })));
const Office = lazy(() => import('./screens/Office').then((module) => ({ default: module.Office })));
const Tracer = lazy(() => import('./screens/Tracer').then((module) => ({ default: module.Tracer })));

const largeType = signal(localStorage.getItem('outreach.largeType') === '1');
effect(() => {
  document.documentElement.classList.toggle('large-type', largeType.value);
  localStorage.setItem('outreach.largeType', largeType.value ? '1' : '0');
});

const callbackError = signal('');

function Header() {
  const current = session.value;
  return (
    <header class="top">
      <h1>街面救助</h1>
      {current && <span class="who">{roleLabel[current.role]} · {current.district ?? ''}</span>}
      <label class="toggle">
        <input type="checkbox" checked={largeType.value} onChange={(event) => (largeType.value = event.currentTarget.checked)} />
        大字
      </label>
      {current && (
        <button type="button" class="link" onClick={() => signOut()}>
          退出
        </button>
      )}
    </header>
  );
}

function App() {
  const current = session.value;
  return (
    <>
      <Header />
      <main>
        {callbackError.value && <p class="error" role="alert">{callbackError.value}</p>}
        {!current ? (
          <SignIn />
        ) : (
          <Suspense fallback={<p class="muted">正在加载…</p>}>
            {current.role === 'patrol' ? <Patrol /> : current.role === 'shelter' ? <Shelter /> : current.role === 'admin' ? <Office /> : <Tracer />}
          </Suspense>
        )}
      </main>
    </>
  );
}

async function boot() {
  if (location.pathname === '/callback') {
    const config = await appConfig();
    if (config.mode === 'oidc') await finishOidcSignIn(config, new URL(location.href)).catch((error: Error) => (callbackError.value = error.message));
    history.replaceState(null, '', '/');
  }
  render(<App />, document.getElementById('app')!);
  startOutbox();
  if ('serviceWorker' in navigator) void navigator.serviceWorker.register('/sw.js').catch(() => undefined);
}

void boot();
