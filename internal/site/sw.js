// sw.js: the static site's service worker (written by `flowzap site`,
// registered by the page, web/src/static.js). It keeps the site's files
// in the browser's Cache Storage, so that the site opens, draws and lists
// its templates with the network off, on a reload or a later visit, not
// only in a page that was already open (docs/site.md, *Offline*).
//
// `flowzap site` puts two lines above this text: VERSION, a checksum of
// every file kept, and FILES, {shell, extra}: the files the site cannot
// work without (the page, the app, the module; all kept, or the worker is
// not installed and the site works online as before) and the templates'
// thumbnails (kept as they come: one missing costs only its picture).
//
// A new build of the site changes VERSION, so the browser installs the
// new worker (it compares this file's bytes on each visit), which keeps
// the new files, takes over at once and deletes the old version's cache.
// Files are asked for with revalidation (cache: "no-cache"): a host's
// 304 answers from the HTTP cache what the page has just downloaded. A
// file kept at install fails it (the site then stays online-only) unless
// the host answers 200.
//
// Answers: a navigation to the site's page (its directory, index.html,
// with any query) is the kept page; any other GET under the site's
// directory is the kept file of that path (queries ignored: the site's
// files never vary by query), else the network's answer, kept when it is
// a whole same-origin file (the CJK fallback font, fetched only for CJK
// text, is kept so); offline and not kept, a network error, as without
// this worker.

const CACHE = "flowzap-site-" + VERSION;
const scope = new URL(self.registration.scope);
const page = new URL("index.html", scope).href;

function ask(path) {
  return new Request(new URL(path, scope), { cache: "no-cache" });
}

// keep asks for path and keeps the answer under the path's URL; it fails
// on anything but a 200. An answer that came through a redirect (many
// hosts send index.html on to its directory) is kept as a fresh copy:
// browsers refuse a redirected answer to a navigation.
async function keep(cache, path) {
  const res = await fetch(ask(path));
  if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
  await cache.put(new URL(path, scope), res.redirected ? await unredirected(res) : res);
}

async function unredirected(res) {
  return new Response(await res.blob(), { status: res.status, statusText: res.statusText, headers: res.headers });
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await Promise.all(FILES.shell.map((p) => keep(cache, p)));
    await Promise.all(FILES.extra.map((p) => keep(cache, p).catch(() => {})));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith("flowzap-site-") && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  const rest = url.pathname.slice(scope.pathname.length);
  if (req.mode === "navigate") {
    if (rest === "" || rest === "index.html") event.respondWith(kept(page, req));
    return;
  }
  event.respondWith(kept(req, req));
});

// kept answers key from the cache, else asks the network for req and
// keeps a whole same-origin answer.
async function kept(key, req) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(key, { ignoreSearch: true });
  if (hit) return hit.redirected && req.mode === "navigate" ? unredirected(hit) : hit;
  const res = await fetch(req);
  if (res.ok && res.status === 200 && res.type === "basic" && !req.headers.has("range")) {
    cache.put(key, res.clone()).catch(() => {});
  }
  return res;
}
