// The bar over the picture (the view tabs, the zoom buttons and level,
// the canvas tools) stays on one row: the controls that do not fit the
// width it has fold, least needed first, into a "More" (⋯) menu at its
// end. What fits is measured (a ResizeObserver on the bar and the tabs,
// whose width changes with the language), never set per screen width.
// A folded control keeps its element, id and handler, only hidden: its
// menu entry clicks it, so the entry does exactly what the button does,
// and its keys on the picture work as before.
import { $, el, setupMenu } from "./ui.js";
import { t } from "./i18n.js";

// The foldable controls, kept longest first: the last one folds first.
const keep = [
  "zoom-fit", "zoom-in", "zoom-out", "canvas-undo", "canvas-redo", "canvas-add-rectangle", "canvas-connect",
  "canvas-delete", "canvas-add-lane", "canvas-add-circle", "canvas-add-diamond", "canvas-add-taskbox", "canvas-auto",
];

// The keys that do the same on the focused picture (preview.js,
// canvas-gestures.js): [aria-keyshortcuts, what the menu shows].
const keys = {
  "zoom-out": ["-", "−"], "zoom-fit": ["0", "0"], "zoom-in": ["+", "+"],
  "canvas-add-lane": ["Shift+L", "Shift+L"], "canvas-connect": ["C", "C"], "canvas-delete": ["Delete", "Del"],
  "canvas-undo": ["Control+Z", "Ctrl+Z"], "canvas-redo": ["Control+Shift+Z", "Ctrl+Shift+Z"],
};

let bar, wrap, button, list;

const controls = () => [...bar.querySelectorAll("#zoom > button, #canvas-tools > button")];
const rank = (b) => { const i = keep.indexOf(b.id); return i < 0 ? keep.length : i; };

/** fits says whether every control shown ends inside the bar's padding. */
function fits() {
  const r = bar.getBoundingClientRect(), right = r.right - parseFloat(getComputedStyle(bar).paddingRight);
  for (const c of bar.children) {
    if (getComputedStyle(c).position === "absolute") continue;
    const cr = c.getBoundingClientRect();
    if (cr.width && cr.right > right + 0.5) return false;
  }
  return true;
}

/** groups hides a group of controls whose every control is folded. */
function groups() {
  for (const g of bar.querySelectorAll("#zoom, #canvas-tools")) {
    g.toggleAttribute("data-empty", ![...g.children].some((b) => !b.hasAttribute("data-folded")));
  }
}

/** fold shows every control, then folds them one by one until the row
 *  fits; if the tabs and ⋯ alone still do not, the tabs get tighter. */
export function fold() {
  if (!bar || !bar.isConnected) return;
  const all = controls();
  entries(all);
  if (!bar.offsetWidth) return; // the pane is hidden (a phone showing the code): folded when it shows
  bar.removeAttribute("data-tight");
  for (const b of all) b.removeAttribute("data-folded");
  wrap.hidden = true;
  groups();
  if (!fits()) {
    wrap.hidden = false;
    const order = [...all].sort((a, b) => rank(b) - rank(a));
    for (let i = 0; i < order.length && !fits(); i++) {
      order[i].setAttribute("data-folded", "");
      groups();
    }
    if (!fits()) bar.setAttribute("data-tight", "");
  }
  sync();
  recheck();
}

// recheck measures again at the next frame, once the page has settled
// (a pane just shown, fonts, a layout still on its way): a control shown
// that does not fit folds then.
let checking = false;
function recheck() {
  if (checking) return;
  checking = true;
  requestAnimationFrame(() => {
    checking = false;
    if (bar.offsetWidth && !fits() && controls().some((b) => !b.hasAttribute("data-folded"))) fold();
  });
}

/** entries makes one menu entry per foldable control, in the bar's order
 *  (again after the canvas tools were rebuilt in another language). */
function entries(all) {
  const ids = all.map((b) => b.id).join(" ");
  if (list.dataset.ids === ids && [...list.children].every((e) => !e.dataset.for || document.getElementById(e.dataset.for))) return;
  list.dataset.ids = ids;
  const items = [];
  let group = null;
  for (const b of all) {
    const g = b.parentElement.id;
    if (group && g !== group) items.push(el("div", { role: "separator", "data-between": group + " " + g }));
    group = g;
    const [aria, shown] = keys[b.id] || [];
    const item = el("button", { type: "button", role: "menuitem", tabIndex: -1, "data-for": b.id },
      el("span", { className: "icon", "aria-hidden": "true" }, b.textContent),
      el("span", { className: "label" }),
      shown ? el("kbd", { "aria-hidden": "true" }, shown) : null);
    if (aria) item.setAttribute("aria-keyshortcuts", aria);
    items.push(item);
  }
  list.replaceChildren(...items);
}

/** sync shows the entries of the folded controls, with their names and
 *  states, and the separator only between two groups both shown. */
function sync() {
  button.setAttribute("aria-label", t("moreTools"));
  button.title = t("moreTools");
  for (const item of list.querySelectorAll("[role=menuitem]")) {
    const b = document.getElementById(item.dataset.for);
    item.hidden = !b?.hasAttribute("data-folded");
    if (!b) continue;
    const label = b.getAttribute("aria-label") || b.textContent;
    item.querySelector(".label").textContent = label;
    item.setAttribute("aria-label", label);
    item.disabled = b.disabled;
  }
  for (const s of list.querySelectorAll("[role=separator]")) {
    const [a, b] = s.dataset.between.split(" ");
    const shown = (g) => [...list.querySelectorAll("[role=menuitem]:not([hidden])")].some((i) => document.getElementById(i.dataset.for)?.parentElement.id === g);
    s.hidden = !(shown(a) && shown(b));
  }
  if (wrap.hidden && !list.hidden) {
    list.hidden = true;
    button.setAttribute("aria-expanded", "false");
  }
}

/** setupToolbar adds ⋯ at the end of the bar and folds what does not fit,
 *  now and whenever the bar, the tabs or the controls change. */
export function setupToolbar() {
  bar = $(".preview-bar");
  button = el("button", { type: "button", id: "bar-more", "aria-haspopup": "menu", "aria-expanded": "false", "aria-controls": "bar-more-list" }, "⋯");
  list = el("div", { id: "bar-more-list", role: "menu", hidden: true });
  wrap = el("div", { className: "menu", id: "bar-more-menu", hidden: true }, button, list);
  bar.append(wrap);
  list.setAttribute("aria-labelledby", "bar-more");
  // A choice closes the menu (focus back on ⋯), then clicks the folded
  // control itself: its handler may move the focus on (an in-place field).
  button.addEventListener("click", () => sync()); // before the menu opens
  setupMenu(button, list, (item) => document.getElementById(item.dataset.for)?.click());
  const ro = new ResizeObserver(() => fold());
  ro.observe(bar);
  ro.observe($("#tabs"));
  ro.observe($("#preview-pane"));
  // The canvas tools are rebuilt when the language changes.
  new MutationObserver(() => { if (!bar.contains(wrap) || bar.lastElementChild !== wrap) bar.append(wrap); fold(); }).observe(bar, { childList: true });
  document.fonts?.ready.then(() => fold());
  fold();
}
