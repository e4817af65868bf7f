// Files: downloads named after the diagram, opening a .fz file (button,
// keyboard or drop) with text and size checks.
import { $, toast, setupMenu, bytes } from "./ui.js";
import { api } from "./api.js";
import { engine, exportAs, importLocal, render as draw } from "./engine.js";
import { isStatic, appPath, pngOf, rememberFile } from "./static.js";
import { t, language } from "./i18n.js";
import { state } from "./state.js";
import { maxCodeBytes } from "./generated.js";
import { code, leave, load } from "./doc.js";

/** cleanName drops what the server refuses in a name (store.CleanName)
 *  and what would disguise a file name: control characters and invisible
 *  format characters (a bidirectional override such as U+202E, which
 *  shows "a\u202Egpj.fz" as "afz.jpg", a zero-width space), except a
 *  joiner inside an emoji. Text pasted into the name field often
 *  carries them: the name was refused after the diagram was saved. */
export function cleanName(name) {
  const cs = [...name];
  const emojiPart = (c) => /\p{So}/u.test(c) || c === "\ufe0f" || (c >= "\u{1f3fb}" && c <= "\u{1f3ff}");
  return cs.filter((c, i) => {
    if (c === "\u200d") return i > 0 && i + 1 < cs.length && emojiPart(cs[i - 1]) && /\p{So}/u.test(cs[i + 1]);
    return !/[\p{Cc}\p{Cf}]/u.test(c);
  }).join("");
}

/** fileName makes a download name from the diagram's name: "Order flow" -> "Order-flow.svg". */
export function fileName(name, view, format) {
  let base = cleanName(name || "").normalize("NFC").replace(/[\u0000-\u001f\u007f\\/:*?"<>|#%]+/g, " ").trim().replace(/\s+/g, "-").slice(0, 80);
  if (!base || /^\.+$/.test(base)) base = "diagram";
  const suffix = format !== "fz" && view !== "workflow" ? "-" + view : "";
  return `${base}${suffix}.${format}`;
}

/** Other diagram formats: the /api/export format and the file extension. */
const exportFormats = { mermaid: "mmd", bpmn: "bpmn", drawio: "drawio", plantuml: "puml", d2: "d2", dot: "dot", n8n: "n8n.json", make: "make.json" };

/** importFormat names the format of an opened file from its name and text, or "" for FlowZap Code. */
export function importFormat(name, text) {
  const n = name.toLowerCase();
  if (n.endsWith(".mmd") || n.endsWith(".mermaid")) return "mermaid";
  if (n.endsWith(".bpmn")) return "bpmn";
  if (n.endsWith(".drawio")) return "drawio";
  if (n.endsWith(".xml")) return /<mxfile|<mxGraphModel/.test(text) ? "drawio" : /BPMN\/20100524\/MODEL/.test(text) ? "bpmn" : "";
  // A picture saved by draw.io with its diagram (.drawio.svg): the diagram, escaped, in the root's content.
  if (n.endsWith(".svg")) return /&lt;mxfile|&lt;mxGraphModel/.test(text.slice(0, 4096)) ? "drawio" : "";
  return "";
}

export async function download(format) {
  const text = code();
  let blob;
  let ext = format;
  if (format === "fz") {
    blob = new Blob([text], { type: "text/plain;charset=utf-8" });
  } else if (exportFormats[format]) {
    const r = await exportAs(text, format);
    if (!r.ok) { toast(r.data.errors?.length ? t("errorAtLine", r.data.error, r.data.errors[0].message, r.data.errors[0].line) : r.data.error); return; }
    blob = r.blob;
    ext = exportFormats[format];
  } else if (isStatic && format === "pdf") {
    toast(t("pdfNeedsServer"));
    return;
  } else if (engine.mode === "local" && (format === "svg" || format === "json" || (isStatic && format === "png"))) {
    // Drawn here: the SVG and the layout by the module, the PNG by the
    // browser from the module's SVG (the static site has no server).
    const r = await draw(text, { view: state.view, theme: state.theme, channel: "download", format: format === "json" ? "json" : "svg" });
    if (r.cancelled) return;
    if (!r.ok) { toast(r.data.errors?.length ? t("errorAtLine", r.data.error, r.data.errors[0].message, r.data.errors[0].line) : r.data.error); return; }
    if (format === "json") blob = new Blob([r.layout], { type: "application/json" });
    else if (format === "svg") blob = new Blob([r.svg], { type: "image/svg+xml" });
    else {
      try { blob = await pngOf(r.svg); } catch (err) { toast(String(err?.message || err)); return; }
    }
  } else {
    const r = await api("/api/render", { code: text, view: state.view, format, theme: state.theme, scale: format === "png" ? 2 : 0 }, { raw: true });
    if (!r.ok) { toast(r.data.errors?.length ? t("errorAtLine", r.data.error, r.data.errors[0].message, r.data.errors[0].line) : r.data.error); return; }
    blob = r.blob;
  }
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = fileName(state.name, exportFormats[format] ? "workflow" : state.view, ext);
  document.body.append(a);
  a.click();
  a.remove();
  window.fzLastDownload = a.download; // for the end-to-end tests
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** readText returns a file's text, or null (with a message) when it is too large or not text. */
export async function readText(file) {
  if (file.size > maxCodeBytes) { toast(t("fileTooLarge", file.name, bytes(maxCodeBytes))); return null; }
  const buf = new Uint8Array(await file.arrayBuffer());
  if (buf.includes(0)) { toast(t("notText", file.name)); return null; }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(buf);
  } catch {
    toast(t("notText", file.name));
    return null;
  }
}

export async function openFile(file) {
  let text = await readText(file);
  if (text === null) return;
  // Mermaid, BPMN and draw.io files are converted to FlowZap Code first.
  const from = importFormat(file.name, text);
  if (!from && /\.svg$/i.test(file.name)) { toast(t("pictureOnly", file.name)); return false; }
  if (from) {
    // With no server (the static site), the import module converts it
    // in this browser; it loads on the first import.
    if (isStatic) toast(t("converting", file.name));
    const r = isStatic ? await importLocal(text, { from, name: file.name })
      : await api("/api/import", { from, source: text, name: file.name, lang: language() });
    if (r.data?.cancelled) return false; // another file was opened meanwhile
    if (!r.data?.ok) {
      const d = r.data?.diagnostics?.find((x) => x.severity === "error");
      toast(d ? `${file.name}:${d.line}:${d.column}: ${d.message}` : (r.data?.error || file.name));
      return;
    }
    text = r.data.code;
  }
  if (!(await leave())) return false;
  if (location.pathname !== appPath("/") || location.search || location.hash) {
    history.pushState(null, "", appPath("/?view=" + state.view));
    state.url = location.href;
  }
  // A file just opened is what the file holds: nothing is unsaved until
  // it is edited (then the edits are kept as the start page's draft and
  // asked about before they are discarded).
  load(text, { origin: "home", name: file.name.replace(/(\.drawio)?\.svg$|\.(fz|mmd|mermaid|bpmn|drawio|xml)$/i, ""), restoreDraft: false });
  window.dispatchEvent(new Event("fz-doc"));
  toast(t("opened", file.name));
  return true;
}

export function setupFiles() {
  setupMenu($("#download"), $("#download-list"), (item) => download(item.dataset.download));
  $("#open").onclick = async () => {
    // On the static site, where the browser lets a page write files, the
    // opened file is the one Save writes back to.
    if (isStatic && typeof window.showOpenFilePicker === "function") {
      let h;
      try {
        [h] = await window.showOpenFilePicker({ types: [{ description: "FlowZap Code", accept: { "text/plain": [".fz"] } }] });
      } catch (err) {
        if (err?.name === "AbortError") return;
        $("#open-input").click();
        return;
      }
      const f = await h.getFile();
      if (await openFile(f)) rememberFile(h, state.origin, state.name);
      return;
    }
    $("#open-input").click();
  };
  $("#open-input").onchange = (e) => { const f = e.target.files[0]; e.target.value = ""; if (f) openFile(f); };
  let depth = 0;
  document.addEventListener("dragenter", (e) => { if (e.dataTransfer?.types?.includes("Files")) { depth++; $("#drop-hint").hidden = false; } });
  document.addEventListener("dragleave", () => { if (--depth <= 0) { depth = 0; $("#drop-hint").hidden = true; } });
  document.addEventListener("dragover", (e) => e.preventDefault());
  document.addEventListener("drop", (e) => {
    e.preventDefault();
    depth = 0;
    $("#drop-hint").hidden = true;
    const f = e.dataTransfer?.files?.[0];
    if (f) openFile(f);
  });
}
