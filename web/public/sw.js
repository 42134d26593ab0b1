// App-shell service worker: precaches every built file (precache.json, written by the build) so the
// app opens without signal. API calls (/v1) always go to the network: the page keeps its own outbox.
const CACHE = 'shell-v1';

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const files = await (await fetch('/precache.json', { cache: 'no-store' })).json();
      const cache = await caches.open(CACHE);
      await cache.addAll(files.map((file) => new Request(file, { cache: 'reload' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      // A new build replaces the old shell: drop entries that the new precache list no longer names.
      const files = new Set(await (await fetch('/precache.json', { cache: 'no-store' }).catch(() => null))?.json().catch(() => []) ?? []);
      const cache = await caches.open(CACHE);
      if (files.size) for (const request of await cache.keys()) if (!files.has(new URL(request.url).pathname)) await cache.delete(request);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/v1/') || url.pathname === '/openapi.json' || url.pathname === '/health' || url.pathname === '/docs') return;
  if (event.request.mode === 'navigate') {
    // The page: network first (a new build shows at once), the cached shell without signal.
    event.respondWith(fetch(event.request).catch(async () => (await caches.match('/')) ?? Response.error()));
    return;
  }
  // Built files carry a content hash: the cache answers first.
  event.respondWith(
    (async () => {
      const cached = await caches.match(event.request);
      if (cached) return cached;
      const response = await fetch(event.request);
      if (response.ok && url.pathname.startsWith('/assets/')) (await caches.open(CACHE)).put(event.request, response.clone());
      return response;
    })(),
  );
});
