// The app's state and what it keeps in this browser's local storage: the
// edit tokens of saved diagrams, the "my diagrams" list, the unsaved draft,
// the theme and the language.

export const state = {
  view: "workflow",
  theme: "light",
  // The diagram being edited: null for a new one, or {id, version,
  // versions, owner} for a saved one, or {snapshot: id} for a shared
  // snapshot.
  doc: null,
  name: "",
  // baseline is the text last loaded or saved; the editor is dirty when it
  // differs.
  baseline: "",
  // viewing is set while an older version is shown: {version}.
  viewing: null,
  zoom: 1, panX: 0, panY: 0, autoFit: true, fitWhole: false,
};

function read(key, fallback) {
  try { return JSON.parse(localStorage.getItem(key)) ?? fallback; } catch { return fallback; }
}
function write(key, value) {
  try { localStorage.setItem(key, JSON.stringify(value)); } catch { /* storage full or disabled: nothing to keep */ }
}

/** tokens maps diagram IDs to their edit tokens. */
export const tokens = () => read("fz-tokens", {});
export function setToken(id, token) { const all = tokens(); all[id] = token; write("fz-tokens", all); }

/** mine lists the diagrams saved from this browser, newest first. */
export const mine = () => read("fz-mine", []);
export function remember(entry) {
  const list = mine().filter((d) => d.id !== entry.id);
  list.unshift({ ...entry, savedAt: Date.now() });
  write("fz-mine", list.slice(0, 200));
}
export function forget(id) { write("fz-mine", mine().filter((d) => d.id !== id)); }
/** restoreMine puts back an entry forget removed, where it was. */
export function restoreMine(entry, at) {
  const list = mine().filter((d) => d.id !== entry.id);
  list.splice(at < 0 ? 0 : Math.min(at, list.length), 0, entry);
  write("fz-mine", list);
}

/** The draft slot of a document is its origin: "home", "t:<template>",
 *  "d:<id>", "p:<snapshot>" or "code:<hash>" (see doc.js). */
export const draft = (key) => read("fz-draft:" + key, null);
export function keepDraft(code, name) {
  // version: the saved version the draft's text was made from.
  write("fz-draft:" + (state.origin || "home"), { code, name, at: Date.now(), view: state.view, version: state.doc?.version });
}
export function dropDraft(key) { try { localStorage.removeItem("fz-draft:" + key); } catch { /* ignore */ } }

export const pref = (key, fallback) => { try { return localStorage.getItem(key) || fallback; } catch { return fallback; } };
export const setPref = (key, value) => { try { localStorage.setItem(key, value); } catch { /* ignore */ } };
