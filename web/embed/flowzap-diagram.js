// flowzap-diagram.js: the <flowzap-diagram> custom element and a small
// programmatic API, for showing FlowZap (.fz) diagrams on any page with no
// server. The diagrams are drawn by the flowzap pipeline compiled to
// WebAssembly (flowzap.wasm), run in one Web Worker shared by every
// element of the page and started only when the first diagram is drawn.
// The SVG is byte for byte what the flowzap server and CLI draw.
//
//   <script type="module" src="/flowzap/flowzap-diagram.js"></script>
//   <flowzap-diagram view="sequence" theme="auto">
//     <script type="text/flowzap">
//       app { # App
//         n1: circle label:"Start"
//         ...
//       }
//     </script>
//   </flowzap-diagram>
//
// See README.md for the attributes, the events and the docs-site recipes.
import { Flowzap } from "./flowzap.mjs";

/** The four views, as the `view` attribute takes them. */
export const VIEWS = Object.freeze(["workflow", "sequence", "architecture", "mindmap"]);

const VIEW_NAMES = {
  workflow: "Workflow diagram",
  sequence: "Sequence diagram",
  architecture: "Architecture diagram",
  mindmap: "Mind map",
};

// The largest diagram text a `src` URL may return: the HTTP API's cap.
const DEFAULT_MAX_BYTES = 1 << 20;

/** The formats the `from` attribute and importDiagram() read ("auto": told from the src's name or the text's first lines). */
export const IMPORT_FORMATS = Object.freeze(["mermaid", "bpmn", "drawio"]);

// A src with one of these endings and no `from` attribute is imported.
const IMPORT_NAME = /\.(mmd|mermaid|bpmn|drawio|drawio\.svg)$/i;

const settings = { maxBytes: DEFAULT_MAX_BYTES };
let client = null;
let importer = null;
let nextRender = 1;

function absolute(url) {
  const base = typeof document !== "undefined" ? document.baseURI : import.meta.url;
  return new URL(String(url), base).href;
}

/**
 * Sets where the renderer's files are and how much a `src` URL may
 * return. Call it before the first diagram is drawn (it throws after).
 * Options, URLs relative to the page:
 * - baseURL: the directory holding worker.mjs, wasm_exec.js and
 *   flowzap.wasm (default: the directory of this file);
 * - moduleURL: the WebAssembly module (default flowzap.wasm in baseURL);
 * - importModuleURL: the import module, fetched only when a Mermaid,
 *   BPMN or draw.io diagram is shown (default flowzap-import.wasm in
 *   baseURL);
 * - workerURL, execURL: the worker script and Go's wasm_exec.js, when
 *   they are not in baseURL;
 * - maxBytes: the most a `src` URL may return (default 1 MiB);
 * - fonts: false to leave out the Inter font files (see addFonts).
 */
export function configure(options = {}) {
  if (client && client.worker || importer && importer.worker) {
    throw new Error("flowzap-diagram: configure() must be called before the first diagram is drawn");
  }
  for (const key of ["baseURL", "moduleURL", "importModuleURL", "workerURL", "execURL"]) {
    if (key in options) settings[key] = options[key] == null ? undefined : absolute(options[key]);
  }
  if ("fonts" in options) settings.fonts = options.fonts !== false;
  if ("maxBytes" in options) {
    const n = Number(options.maxBytes);
    if (!(n > 0)) throw new Error(`flowzap-diagram: maxBytes must be a positive number of bytes, not ${JSON.stringify(options.maxBytes)}`);
    settings.maxBytes = n;
  }
  client = null;
  importer = null;
}

// workerURL returns the worker script's URL. A worker must come from the
// page's origin: when the files are on another origin (a CDN), a one-line
// module from a blob: URL imports the real worker, which then finds its
// module next to itself (import.meta.url).
function workerURL() {
  const url = new URL(settings.workerURL || "worker.mjs", baseURL());
  if (typeof location === "undefined" || url.origin === location.origin || typeof Blob === "undefined") return url.href;
  const src = `import ${JSON.stringify(url.href)};\n`;
  return URL.createObjectURL(new Blob([src], { type: "text/javascript" }));
}

function shared() {
  if (!client) {
    const base = baseURL();
    client = new Flowzap({
      workerURL: workerURL(),
      wasmURL: new URL(settings.moduleURL || "flowzap.wasm", base).href,
      execURL: new URL(settings.execURL || "wasm_exec.js", base).href,
    });
  }
  return client;
}

// importerClient is the import module's client: a worker of its own,
// started by the first import (pages that show only .fz never fetch it).
function importerClient() {
  if (!importer) {
    const base = baseURL();
    importer = new Flowzap({
      workerURL: workerURL(),
      wasmURL: new URL(settings.importModuleURL || "flowzap-import.wasm", base).href,
      execURL: new URL(settings.execURL || "wasm_exec.js", base).href,
      shared: false,
    });
  }
  return importer;
}

/**
 * Converts a Mermaid, BPMN or draw.io diagram to FlowZap code in the
 * import module's worker: importDiagram(source, {from, name, lang})
 * resolves with {status, ok, code, diagnostics} (from: one of
 * IMPORT_FORMATS, or empty to tell it from name and the first lines), with
 * error too when the source cannot be read (status 422: the diagnostics
 * give line and column in it), or {status, error} for a request refused
 * (400: a format it cannot tell; 413: over the limits). Calls do not
 * cancel each other unless they pass the same `channel` (as render).
 */
export function importDiagram(source, options = {}) {
  const { channel, ...opts } = options;
  const c = importerClient();
  return c.importDiagram(String(source), { ...opts, channel: channel || `import-${nextRender++}` }).then((r) => dropFailed(c, r));
}

let fontsAdded = false;

// addFonts gives the page Inter, the font the layout measures text with,
// as "flowzap-inter" (a name of its own, so a page's own Inter is left
// alone): the browser fetches each weight the first time a diagram shows
// text in it. configure({fonts: false}) leaves it out (the pictures then
// use the page's Inter if it has one, else Helvetica Neue or Arial).
function addFonts() {
  if (fontsAdded || settings.fonts === false || typeof FontFace === "undefined" || typeof document === "undefined" || !document.fonts) return;
  fontsAdded = true;
  const base = baseURL();
  for (const [file, weight] of [["fonts/Inter-Regular.ttf", "400"], ["fonts/Inter-SemiBold.ttf", "600"]]) {
    const url = new URL(file, base).href;
    document.fonts.add(new FontFace("flowzap-inter", `url(${JSON.stringify(url)}) format("truetype")`, { weight, style: "normal" }));
  }
}

function baseURL() {
  return settings.baseURL ? settings.baseURL.replace(/\/?$/, "/") : new URL(".", import.meta.url).href;
}

function prefersDark() {
  return typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches;
}

/** Resolves when the shared worker has loaded the module (starting it if needed). */
export function ready() {
  return shared().ready();
}

/**
 * Renders FlowZap code in the shared worker:
 * render(code, {view, theme, number, order, format}) resolves with
 * {status, svg} (or {status, layout} with format "json"), diagnostics
 * ({errors, warnings, infos}), stats and valid; when no picture is made,
 * error (the message) and errors (the diagnostics, with line and column).
 * theme "auto" follows prefers-color-scheme. Calls do not cancel each other
 * unless they pass the same `channel`: then an older call still waiting
 * resolves {cancelled: true}.
 */
export function render(code, options = {}) {
  const { channel, ...opts } = options;
  if (opts.theme === "auto") opts.theme = prefersDark() ? "dark" : "light";
  const c = shared();
  return c.render(String(code), { ...opts, channel: channel || `render-${nextRender++}` }).then((r) => dropFailed(c, r));
}

// dropFailed returns r, the answer of client c, after dropping c when its
// worker could not start (503: the module or the worker could not be
// loaded), so that the next call starts a new one and fetches again (the
// network back, the file deployed); a failed start is otherwise kept.
function dropFailed(c, r) {
  if (r && r.status === 503) {
    if (c === client) client = null;
    if (c === importer) importer = null;
    c.close();
  }
  return r;
}

/**
 * dedent removes the blank lines around inline code and the indentation
 * all its lines share, so that code indented to match the page's HTML
 * reads (and reports line numbers) as it would in a .fz file.
 */
export function dedent(text) {
  const lines = String(text).replace(/\r\n?/g, "\n").split("\n");
  while (lines.length && lines[0].trim() === "") lines.shift();
  while (lines.length && lines[lines.length - 1].trim() === "") lines.pop();
  let indent = null;
  for (const line of lines) {
    if (line.trim() === "") continue;
    const ws = /^[ \t]*/.exec(line)[0];
    if (indent === null || !ws.startsWith(indent)) {
      let i = 0;
      const cur = indent === null ? ws : indent;
      while (i < cur.length && i < ws.length && cur[i] === ws[i]) i++;
      indent = cur.slice(0, i);
    }
  }
  const cut = indent ? indent.length : 0;
  return lines.map((l) => (l.trim() === "" ? "" : l.slice(cut))).join("\n") + (lines.length ? "\n" : "");
}

const STYLE = `
:host { display: block; max-width: 100%; }
:host([hidden]) { display: none; }
.stage { max-width: 100%; }
.stage svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
.stage svg.flowzap text { font-family: flowzap-inter, Inter, 'Helvetica Neue', Arial, sans-serif; }
.stage.fixed svg { width: 100%; height: 100%; }
.stage.natural { overflow: auto; }
.stage.natural:focus-visible { outline: 2px solid #2563eb; outline-offset: 2px; }
.stage.natural svg { max-width: none; margin: 0; }
.status { font: 14px/1.4 system-ui, sans-serif; color: #475569; padding: 1em; border: 1px dashed #cbd5e1; border-radius: 6px; }
.error { font: 14px/1.45 system-ui, sans-serif; color: #7f1d1d; background: #fef2f2; border: 1px solid #fca5a5; border-radius: 6px; padding: 0.75em 1em; overflow: auto; }
.error p { margin: 0 0 0.5em; font-weight: 600; }
.error ul { margin: 0; padding: 0; list-style: none; }
.error li + li { margin-top: 0.6em; }
.error .where { font-weight: 600; font-variant-numeric: tabular-nums; }
.error .code { color: #991b1b; }
.error pre { margin: 0.25em 0 0; font: 13px/1.35 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: #1f2937; white-space: pre; }
@media (prefers-color-scheme: dark) {
  :host([theme="auto"]) .status { color: #cbd5e1; border-color: #475569; }
  :host([theme="auto"]) .error { color: #fecaca; background: #2a1215; border-color: #7f1d1d; }
  :host([theme="auto"]) .error .code { color: #fca5a5; }
  :host([theme="auto"]) .error pre { color: #e5e7eb; }
}
:host([theme="dark"]) .status { color: #cbd5e1; border-color: #475569; }
:host([theme="dark"]) .error { color: #fecaca; background: #2a1215; border-color: #7f1d1d; }
:host([theme="dark"]) .error .code { color: #fca5a5; }
:host([theme="dark"]) .error pre { color: #e5e7eb; }
`;

const Base = typeof HTMLElement === "undefined" ? class {} : HTMLElement;
let nextID = 1;

/**
 * <flowzap-diagram>: draws FlowZap code given inline (a
 * <script type="text/flowzap"> child, or plain text), in the `code`
 * attribute or property, or from a `src` URL; with `from` (mermaid, bpmn,
 * drawio, auto), or a src named .mmd, .mermaid, .bpmn, .drawio or
 * .drawio.svg, the text is a diagram in that format, converted to FlowZap
 * code first (by the import module, see importDiagram). Attributes: view
 * (workflow, sequence, architecture, mindmap), theme (light, dark, auto),
 * number and order (sequence view), label (the picture's accessible name),
 * height (a CSS length: the picture fits in it) and fit ("none": natural
 * size with scrolling instead of shrinking to the width). It draws again
 * when any of them or its text changes. Events: flowzap-render
 * (detail {svg, diagnostics, stats}) and flowzap-error (detail {message,
 * errors, status}).
 */
export class FlowzapDiagram extends Base {
  static get observedAttributes() {
    return ["src", "code", "from", "view", "theme", "number", "order", "label", "height", "fit"];
  }

  constructor() {
    super();
    this.channel = `flowzap-diagram-${nextID++}`;
    this._code = null; // set through the code property
    this._gen = 0;
    this._scheduled = false;
    this._fetched = null; // {src, text} of the last src loaded
    this._fetching = null; // AbortController of the src load under way
    this.state = "idle";
    this.svg = "";
    this.diagnostics = null;
    this.stats = null;
    this.error = null;
    this.source = ""; // the code last sent to the renderer
    this.imported = null; // {from, text} of the diagram converted, when it was
    this._conversion = null; // {key, result} of the last import
    const root = this.attachShadow({ mode: "open" });
    const style = document.createElement("style");
    style.textContent = STYLE;
    this.stage = document.createElement("div");
    this.stage.className = "stage";
    this.stage.setAttribute("part", "diagram");
    root.append(style, this.stage);
    this.observer = new MutationObserver(() => this.schedule());
    this._theme = null; // the theme of the last drawing asked for
    this.onScheme = () => {
      if (this.getAttribute("theme") === "auto" && this.options().theme !== this._theme) this.schedule();
    };
  }

  /** The code drawn: the code property when set, else the `code` attribute, else the inline code (the `src` text is in `source`). */
  get code() {
    if (this._code !== null) return this._code;
    if (this.hasAttribute("code")) return this.getAttribute("code");
    return this.inlineCode();
  }

  set code(value) {
    this._code = value == null ? null : String(value);
    this.schedule();
  }

  /** inlineCode reads the <script type="text/flowzap"> child, or else the element's text, dedented. */
  inlineCode() {
    const script = this.querySelector(':scope > script[type="text/flowzap"]');
    return dedent(script ? script.textContent : this.textContent);
  }

  connectedCallback() {
    // A code property set before the element was defined is an own
    // property hiding the accessor: take it over.
    if (Object.prototype.hasOwnProperty.call(this, "code")) {
      const value = this.code;
      delete this.code;
      this.code = value;
    }
    this.observer.observe(this, { childList: true, characterData: true, subtree: true });
    if (typeof matchMedia === "function") {
      this.scheme = matchMedia("(prefers-color-scheme: dark)");
      this.scheme.addEventListener("change", this.onScheme);
    }
    this.size();
    this.schedule();
  }

  disconnectedCallback() {
    this.observer.disconnect();
    if (this.scheme) this.scheme.removeEventListener("change", this.onScheme);
    if (this._fetching) this._fetching.abort();
    this._gen++;
  }

  attributeChangedCallback(name, old, value) {
    if (old === value) return;
    if (name === "height" || name === "fit") {
      this.size();
      return;
    }
    if (name === "label") {
      this.describe();
      return;
    }
    this.schedule();
  }

  /** schedule draws once after the changes of this task (several attributes set together draw once). */
  schedule() {
    if (this._scheduled || !this.isConnected) return;
    this._scheduled = true;
    queueMicrotask(() => {
      this._scheduled = false;
      if (this.isConnected) this.update();
    });
  }

  size() {
    const h = this.getAttribute("height");
    let css = "";
    if (h) css = /^\d+(\.\d+)?$/.test(h.trim()) ? `${h.trim()}px` : h.trim();
    if (css && typeof CSS !== "undefined" && !CSS.supports("height", css)) css = "";
    this.stage.style.height = css;
    this.stage.classList.toggle("fixed", !!css);
    const natural = this.getAttribute("fit") === "none";
    this.stage.classList.toggle("natural", natural);
    // A region that scrolls must be reachable from the keyboard.
    if (natural) this.stage.tabIndex = 0;
    else this.stage.removeAttribute("tabindex");
  }

  options() {
    const opts = { channel: this.channel };
    const view = this.getAttribute("view");
    if (view) opts.view = view.trim();
    const theme = (this.getAttribute("theme") || "").trim();
    if (theme === "auto") opts.theme = prefersDark() ? "dark" : "light";
    else if (theme) opts.theme = theme;
    const number = this.getAttribute("number");
    if (number !== null && number !== "false") opts.number = true;
    const order = this.getAttribute("order");
    if (order) opts.order = order.trim();
    return opts;
  }

  async load(src, gen) {
    if (this._fetched && this._fetched.src === src) return this._fetched.text;
    if (this._fetching) this._fetching.abort();
    const ctl = new AbortController();
    this._fetching = ctl;
    const url = absolute(src);
    let res;
    try {
      res = await fetch(url, { signal: ctl.signal });
    } catch (err) {
      if (ctl.signal.aborted || gen !== this._gen) return null;
      throw new Error(`could not load ${src}: ${err && err.message || err}`);
    }
    if (!res.ok) {
      ctl.abort();
      throw new Error(`could not load ${src}: HTTP ${res.status}${res.statusText ? " " + res.statusText : ""}`);
    }
    const max = settings.maxBytes;
    const declared = Number(res.headers.get("content-length"));
    if (declared > max) {
      ctl.abort();
      throw new Error(`could not load ${src}: it is ${declared} bytes, more than the ${max} bytes a diagram may have`);
    }
    const chunks = [];
    let size = 0;
    const reader = res.body ? res.body.getReader() : { read: async () => ({ done: true }) };
    for (;;) {
      let part;
      try {
        part = await reader.read();
      } catch (err) {
        if (ctl.signal.aborted || gen !== this._gen) return null;
        throw new Error(`could not load ${src}: ${err && err.message || err}`);
      }
      if (part.done) break;
      size += part.value.length;
      if (size > max) {
        ctl.abort();
        throw new Error(`could not load ${src}: it is more than the ${max} bytes a diagram may have`);
      }
      chunks.push(part.value);
    }
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.length;
    }
    let text;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
    } catch {
      throw new Error(`could not load ${src}: it is not UTF-8 text`);
    }
    if (this._fetching === ctl) this._fetching = null;
    this._fetched = { src, text };
    return text;
  }

  async update() {
    addFonts();
    const gen = ++this._gen;
    const src = this.getAttribute("src");
    let code;
    if (this._code === null && !this.hasAttribute("code") && src) {
      if (!this._fetched || this._fetched.src !== src) this.busy("Loading diagram…");
      try {
        code = await this.load(src, gen);
      } catch (err) {
        if (gen === this._gen) this.fail({ message: err.message, status: 0 });
        return;
      }
      if (code === null || gen !== this._gen) return;
    } else {
      code = this.code;
      if (code.trim() === "") {
        // No code (yet): say so rather than report an empty file, and
        // do not start the renderer for nothing.
        this.empty();
        return;
      }
    }
    const from = this.importFormat(src);
    this.imported = null;
    if (from) {
      const name = src && this._code === null && !this.hasAttribute("code") ? fileName(src) : "";
      const key = JSON.stringify([from, name, code]);
      let r = this._conversion && this._conversion.key === key ? this._conversion.result : null;
      if (!r) {
        if (!this.svg && !this.error) this.busy("Converting diagram…");
        r = await importDiagram(code, { from: from === "auto" ? "" : from, name, channel: `${this.channel}:import` });
        if (gen !== this._gen || r.cancelled) return;
        // An answer about the input is kept; a module that could not run
        // (500, 503) is tried again on the next change.
        this._conversion = r.status >= 500 ? null : { key, result: r };
      }
      if (!r.ok || typeof r.code !== "string") {
        // The diagnostics are positioned in the text given: show its lines.
        this.source = code;
        this.diagnostics = null;
        this.stats = null;
        const errors = (r.diagnostics || []).filter((d) => d.severity === "error");
        let message = r.error || "the diagram could not be converted";
        if (r.status === 503 || r.status === 500) message = `the import module could not run: ${message}`;
        this.fail({ message, errors, status: r.status });
        return;
      }
      this.imported = { from: from === "auto" ? "" : from, text: code };
      code = r.code;
    }
    if (!this.svg && !this.error) this.busy("Drawing diagram…");
    const opts = this.options();
    this._theme = opts.theme;
    const r = await render(code, opts);
    if (gen !== this._gen || r.cancelled) return;
    this.source = code;
    this.diagnostics = r.diagnostics || null;
    this.stats = r.stats || null;
    if (r.svg) {
      this.draw(r.svg);
      return;
    }
    let message = r.error || "the diagram could not be drawn";
    if (r.status === 503 || r.status === 500) message = `the renderer could not run: ${message}`;
    this.fail({ message, errors: r.errors || [], status: r.status });
  }

  /** importFormat returns the format the text is imported from: the `from` attribute, "auto" for a src named as a Mermaid, BPMN or draw.io file, or "" (FlowZap code). */
  importFormat(src) {
    const from = (this.getAttribute("from") || "").trim().toLowerCase();
    if (from) return from === "flowzap" || from === "fz" ? "" : from;
    if (src && this._code === null && !this.hasAttribute("code") && IMPORT_NAME.test(fileName(src))) return "auto";
    return "";
  }

  busy(text) {
    this.state = "loading";
    this.setAttribute("aria-busy", "true");
    const p = document.createElement("div");
    p.className = "status";
    p.setAttribute("part", "status");
    p.textContent = text;
    this.stage.replaceChildren(p);
  }

  empty() {
    this.state = "empty";
    this.svg = "";
    this.error = null;
    this.removeAttribute("aria-busy");
    const p = document.createElement("div");
    p.className = "status";
    p.setAttribute("part", "status");
    p.textContent = "No FlowZap code to draw: give it in a <script type=\"text/flowzap\"> child, the code attribute or a src URL.";
    this.stage.replaceChildren(p);
  }

  draw(svg) {
    this.state = "rendered";
    this.svg = svg;
    this.error = null;
    this.removeAttribute("aria-busy");
    this.stage.innerHTML = svg;
    this.describe();
    this.dispatchEvent(new CustomEvent("flowzap-render", { bubbles: true, composed: true, detail: { svg, diagnostics: this.diagnostics, stats: this.stats } }));
  }

  /** describe gives the picture its accessible name and description (title and desc). */
  describe() {
    const svg = this.stage.querySelector("svg");
    if (!svg) return;
    const ns = "http://www.w3.org/2000/svg";
    let title = svg.querySelector(":scope > title.fz-name");
    let desc = svg.querySelector(":scope > desc.fz-summary");
    if (!title) {
      title = document.createElementNS(ns, "title");
      title.setAttribute("class", "fz-name");
      title.id = "fz-name";
      desc = document.createElementNS(ns, "desc");
      desc.setAttribute("class", "fz-summary");
      desc.id = "fz-summary";
      svg.prepend(title, desc);
      svg.setAttribute("aria-labelledby", "fz-name");
      svg.setAttribute("aria-describedby", "fz-summary");
    }
    const view = [...svg.classList].find((c) => VIEW_NAMES[c]) || "workflow";
    const lanes = [...svg.querySelectorAll(".fz-lane > title")].map((t) => t.textContent.trim()).filter(Boolean);
    const nodes = svg.querySelectorAll(".fz-node").length;
    const edges = svg.querySelectorAll(".fz-edge").length;
    let name = this.getAttribute("label");
    if (!name) {
      name = VIEW_NAMES[view];
      if (lanes.length) name += ": " + list(lanes);
      else {
        const first = svg.querySelector(".fz-node text");
        if (first && first.textContent.trim()) name += ": " + first.textContent.trim();
      }
    }
    title.textContent = name;
    let summary = `${count(nodes, "node")} and ${count(edges, "connection")}`;
    if (lanes.length) summary += ` in ${count(lanes.length, view === "sequence" ? "participant" : "lane")}`;
    desc.textContent = summary + ".";
  }

  fail({ message, errors = [], status }) {
    this.state = "error";
    this.svg = "";
    this.error = { message, errors, status };
    this.removeAttribute("aria-busy");
    const box = document.createElement("div");
    box.className = "error";
    box.setAttribute("part", "error");
    const head = document.createElement("p");
    head.textContent = `FlowZap diagram: ${message}`;
    box.append(head);
    if (errors.length) {
      const lines = (this.source || "").split("\n");
      const ul = document.createElement("ul");
      for (const d of errors) {
        const li = document.createElement("li");
        const where = document.createElement("span");
        where.className = "where";
        where.textContent = `${d.line}:${d.column}`;
        li.append(where, ` ${d.severity || "error"}: ${d.message}`);
        if (d.code) {
          const code = document.createElement("span");
          code.className = "code";
          code.textContent = ` [${d.code}]`;
          li.append(code);
        }
        const text = lines[d.line - 1];
        if (text !== undefined && text.trim() !== "") {
          const pre = document.createElement("pre");
          const col = Math.max(1, d.column16 || d.column || 1);
          const end = d.endLine === d.line && d.endColumn16 > col ? d.endColumn16 : col + 1;
          pre.textContent = `${text}\n${" ".repeat(col - 1)}^${"~".repeat(Math.max(0, end - col - 1))}`;
          li.append(pre);
        }
        if (d.fix) li.append(document.createElement("br"), `fix: ${d.fix}`);
        ul.append(li);
      }
      box.append(ul);
    }
    this.stage.replaceChildren(box);
    this.dispatchEvent(new CustomEvent("flowzap-error", { bubbles: true, composed: true, detail: this.error }));
  }
}

// fileName is the last part of a URL's path (what the importers read a
// format from).
function fileName(src) {
  try {
    return decodeURIComponent(new URL(src, "http://x/").pathname.split("/").pop() || "");
  } catch {
    return "";
  }
}

function count(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function list(items) {
  if (items.length <= 1) return items.join("");
  return items.slice(0, -1).join(", ") + " and " + items[items.length - 1];
}

/**
 * Replaces the FlowZap code blocks that Markdown tools write (```flowzap
 * fences: <pre><code class="language-flowzap">, a highlighted
 * <div class="language-flowzap"> wrapper, or <pre class="flowzap"><code>)
 * under root with <flowzap-diagram> elements, the attributes given set on
 * each (e.g. {view: "sequence", theme: "auto"}). Returns the new elements.
 */
export function upgrade(root = document, attributes = {}) {
  const boxes = new Set();
  for (const code of root.querySelectorAll("pre > code.language-flowzap, pre.flowzap > code, .language-flowzap pre > code")) {
    const pre = code.closest("pre");
    const wrap = pre.parentElement && pre.parentElement.classList.contains("language-flowzap") ? pre.parentElement : pre;
    boxes.add(wrap);
  }
  const made = [];
  for (const box of boxes) {
    const el = document.createElement("flowzap-diagram");
    for (const [k, v] of Object.entries(attributes)) {
      if (v !== false && v != null) el.setAttribute(k, v === true ? "" : String(v));
    }
    el.code = box.querySelector("code").textContent;
    box.replaceWith(el);
    made.push(el);
  }
  return made;
}

// The API on the class too, for pages that only have the element:
// customElements.get("flowzap-diagram").configure({...}).
Object.assign(FlowzapDiagram, { configure, ready, render, upgrade, importDiagram });

if (typeof customElements !== "undefined" && !customElements.get("flowzap-diagram")) {
  customElements.define("flowzap-diagram", FlowzapDiagram);
}
