// The static site (`flowzap site -o DIR`, docs/site.md): the same app with
// no server behind it. The page is marked <html data-static="1">; the
// pipeline runs in the WebAssembly worker (engine.js); the gallery reads
// assets/templates/ (written by flowzap site); sharing makes #code= links;
// Save writes a local file (File System Access where the browser has it,
// else a download); PNG is drawn by the browser from the SVG; what needs
// a server (snapshots, saved diagrams and versions, PDF, importing other
// formats) is hidden or says so.
import { t } from "./i18n.js";
import { toast } from "./ui.js";
import { maxCodeBytes, home } from "./generated.js";

/** isStatic is true on the static site. */
export const isStatic = document.documentElement.dataset.static === "1";

// The site's own directory (it may live anywhere on a host).
const base = new URL(".", location.href);

/** appPath turns an app path ("/", "/?template=x") into this page's URL
 *  path: the same on the server, the page's own path on the static site. */
export function appPath(p) {
  if (!isStatic || !p.startsWith("/")) return p;
  return location.pathname + p.slice(1);
}

/** thumbURL is the URL of a template's thumbnail in a theme. */
export function thumbURL(id, theme) {
  return isStatic ? new URL(`assets/templates/${encodeURIComponent(id)}.${theme}.svg`, base).href
    : `/api/templates/${encodeURIComponent(id)}/thumbnail.svg?theme=${theme}`;
}

/** homePicture resolves with the site's picture of the home page's
 *  template (its gallery thumbnail, the same SVG the module draws) when
 *  code, view and theme are the home page's, else with "": on a first
 *  visit to the static site, the first picture needs no module. */
export async function homePicture(code, view, theme) {
  if (!isStatic || code !== home.code || view !== home.view) return "";
  try {
    const r = await fetch(thumbURL(home.id, theme));
    return r.ok ? await r.text() : "";
  } catch {
    return "";
  }
}

let gallery = null;
/** loadGallery fetches the gallery's index (every template with its code)
 *  once; the app starts it after the first picture, so templates open
 *  with the network off afterwards. */
export function loadGallery() {
  if (!gallery) {
    gallery = fetch(new URL("assets/templates/index.json", base)).then((r) => {
      if (!r.ok) throw new Error(`assets/templates/index.json: ${t("httpStatus", r.status)}`);
      return r.json();
    });
    gallery.catch(() => { gallery = null; });
  }
  return gallery;
}

/** keepOffline registers the site's service worker (sw.js, written by
 *  flowzap site next to the page), which keeps the site's files so that
 *  it opens and draws with the network off, on a reload or a later visit
 *  too (docs/site.md). The app calls it after the first local picture, so
 *  that keeping the files never delays it. Where a browser has no service
 *  workers (or refuses them: plain http on another host than this one,
 *  some private modes) the site works as before, online. */
export function keepOffline() {
  if (!isStatic || !("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register(new URL("sw.js", base)).catch(() => {});
}

// A new build's worker takes over the open page as soon as it has kept
// the new files, while the page still runs the build it was loaded from
// (by the worker before it): the page says so. Not when the first worker
// takes over a page the network served. Listened for from the page's
// start, which may be after the takeover, so the page knows.
if (isStatic && "serviceWorker" in navigator) {
  let had = !!navigator.serviceWorker.controller;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (had) toast(t("siteUpdated"));
    had = true;
  });
}

/** fold is gallery.fold (Go): lowercase, Latin accents stripped,
 *  apostrophes and hyphens as spaces; the index holds each template's
 *  folded search text. */
function fold(s) {
  const map = { à: "a", â: "a", ä: "a", á: "a", é: "e", è: "e", ê: "e", ë: "e", î: "i", ï: "i", í: "i", ô: "o", ö: "o", ó: "o",
    ù: "u", û: "u", ü: "u", ú: "u", ç: "c", œ: "oe", "'": " ", "’": " ", "-": " ", _: " " };
  let out = "";
  for (const c of s.toLowerCase()) out += map[c] ?? (/\p{Cc}/u.test(c) && c !== "\0" ? " " : c);
  return out;
}

/** answer answers, from the site's files, the API calls the app makes on
 *  the static site (the templates), in api.js's form; others are refused
 *  with a message saying they need a flowzap server. */
export async function answer(path, method) {
  const url = new URL(path, "http://x");
  try {
    if (method === "GET" && url.pathname === "/api/templates") {
      const g = await loadGallery();
      const cat = url.searchParams.get("category") || "", words = fold(url.searchParams.get("q") || "").split(/\s+/).filter(Boolean);
      const templates = g.templates.filter((tpl) => (!cat || tpl.category === cat) && words.every((w) => tpl.search.includes(w)))
        .map(({ search, code, ...tpl }) => tpl);
      return { ok: true, status: 200, data: { categories: g.categories, complexities: g.complexities, templates } };
    }
    const m = url.pathname.match(/^\/api\/templates\/([\w-]+)$/);
    if (method === "GET" && m) {
      const g = await loadGallery();
      const tpl = g.templates.find((x) => x.id === m[1]);
      if (!tpl) return { ok: false, status: 404, data: { error: t("noTemplate", m[1]) } };
      const { search, ...data } = tpl;
      return { ok: true, status: 200, data };
    }
  } catch (err) {
    return { ok: false, status: 0, data: { error: String(err?.message || err) } };
  }
  return { ok: false, status: 0, data: { error: t("needsServer") } };
}

// ---------- saving to local files ----------
// handle is the file the document was opened from or saved to (File
// System Access), for the document it belongs to.
let handle = null;

/** rememberFile ties a File System Access handle to the open document. */
export function rememberFile(h, origin, name) { handle = h ? { h, origin, name } : null; }

/** saveFile writes text to the document's file: to the same file again
 *  where the browser lets a page write files, else as a download. It
 *  returns the file name, or "" when the user cancelled. */
export async function saveFile(text, fileName, origin, name) {
  if (typeof window.showSaveFilePicker === "function") {
    try {
      let h = handle && handle.origin === origin && handle.name === name ? handle.h : null;
      if (!h) {
        h = await window.showSaveFilePicker({ suggestedName: fileName, types: [{ description: "FlowZap Code", accept: { "text/plain": [".fz"] } }] });
      }
      const w = await h.createWritable();
      await w.write(text);
      await w.close();
      rememberFile(h, origin, name);
      return h.name || fileName;
    } catch (err) {
      if (err?.name === "AbortError") return "";
      // Not allowed here (a browser setting, a frame): download instead.
    }
  }
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  window.fzLastDownload = a.download; // for the end-to-end tests
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  return fileName;
}

// ---------- PNG drawn by the browser ----------
/** pngOf draws an SVG picture at scale (2: sharp on high-density screens)
 *  into a PNG blob. Labels use the fonts the browser has for an image
 *  (Inter when installed, else a sans-serif), as the page's picture does. */
export async function pngOf(svg, scale = 2) {
  const size = (name) => parseFloat((svg.match(new RegExp(`<svg[^>]*\\s${name}="([\\d.]+)`)) || [])[1]) || 0;
  const w = size("width"), h = size("height");
  if (!w || !h) throw new Error(t("noPictureSize"));
  const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = Math.ceil(w * scale);
    canvas.height = Math.ceil(h * scale);
    canvas.getContext("2d").drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise((done, fail) => canvas.toBlob((b) => (b ? done(b) : fail(new Error(t("pngFailed")))), "image/png"));
  } finally {
    URL.revokeObjectURL(url);
  }
}

// ---------- #code= links ----------
/** toCode makes the value of a #code= link: "~" and the base64url of the
 *  deflated UTF-8 text where the browser compresses (long diagrams stay
 *  short), else the base64url of the text, which every version reads. */
export async function toCode(text, toBase64URL) {
  const plain = toBase64URL(text);
  if (typeof CompressionStream !== "function") return plain;
  try {
    const stream = new Blob([new TextEncoder().encode(text)]).stream().pipeThrough(new CompressionStream("deflate-raw"));
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    let bin = "";
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    const packed = "~" + btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    return packed.length < plain.length ? packed : plain;
  } catch {
    return plain;
  }
}

/** fromCode reads a #code= value of either form; it throws on damaged text. */
export async function fromCode(value, fromBase64URL) {
  if (!value.startsWith("~")) return fromBase64URL(value);
  if (typeof DecompressionStream !== "function") throw new Error(t("cannotDecompress"));
  const bin = atob(value.slice(1).replace(/-/g, "+").replace(/_/g, "/").replace(/\s/g, ""));
  const stream = new Blob([Uint8Array.from(bin, (c) => c.charCodeAt(0))]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  // A link may hold a compression bomb: stop past four times the largest
  // code the app takes.
  const reader = stream.getReader(), parts = [];
  let n = 0;
  for (;;) {
    const { done, value: chunk } = await reader.read();
    if (done) break;
    n += chunk.length;
    if (n > 4 * maxCodeBytes) { reader.cancel(); throw new Error(t("tooLarge", `> ${4 * maxCodeBytes} B`, `${maxCodeBytes} B`)); }
    parts.push(chunk);
  }
  return new TextDecoder("utf-8", { fatal: true }).decode(await new Blob(parts).arrayBuffer());
}
