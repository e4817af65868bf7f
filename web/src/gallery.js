// The template gallery: search, categories, and cards with a rendered
// thumbnail, node and lane counts and a complexity mark.
import { $, el, openModal } from "./ui.js";
import { get } from "./api.js";
import { t, local } from "./i18n.js";
import { state } from "./state.js";
import { thumbURL } from "./static.js";

let category = "";
let onOpen = null;
let timer = null;
let asked = 0; // the last fill asked for: an older answer arriving later is dropped

export function setupGallery(open) {
  onOpen = open;
  $("#gallery-search").addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(fill, 120); });
}

export async function showGallery() {
  openModal("gallery");
  // The search takes the focus, except on a touch screen, where that
  // would open the keyboard over the cards: the dialog's Close button
  // takes it there (the dialog is still entered by its first control).
  if (matchMedia("(pointer: coarse)").matches) $("#gallery .close").focus();
  else $("#gallery-search").focus();
  await fill();
}

/** fill lists the templates matching the search and category. */
export async function fill() {
  const q = $("#gallery-search").value.trim();
  const mine = ++asked;
  const r = await get(`/api/templates?category=${encodeURIComponent(category)}&q=${encodeURIComponent(q)}`);
  if (!r.ok || mine !== asked) return;
  const cats = $("#gallery-cats");
  // The category buttons are made anew: the one that had the focus (a
  // category chosen from the keyboard) keeps it, instead of the focus
  // falling out of the dialog onto the page.
  const focused = cats.contains(document.activeElement) ? document.activeElement.dataset.category : null;
  cats.replaceChildren();
  for (const c of [{ id: "", label: t("all") }, ...r.data.categories]) {
    const b = el("button", { type: "button", "aria-pressed": String(c.id === category), "data-category": c.id }, c.label || local(c));
    b.onclick = () => { category = c.id; fill(); };
    cats.append(b);
    if (c.id === focused) b.focus();
  }
  const list = $("#gallery-list");
  list.replaceChildren();
  const empty = $("#gallery-empty");
  empty.hidden = r.data.templates.length > 0;
  empty.textContent = t("noTemplates", q || local(r.data.categories.find((c) => c.id === category)));
  list.dataset.count = String(r.data.templates.length);
  list.dataset.q = q;
  for (const tpl of r.data.templates) {
    const title = local(tpl.title);
    const card = el("button", { type: "button", className: "card", "data-id": tpl.id },
      el("span", { className: "thumb" }, el("img", { src: thumbURL(tpl.id, state.theme), alt: "", loading: "lazy", width: 200, height: 110, onerror: retryThumb })),
      el("strong", {}, title),
      el("span", {}, local(tpl.description)));
    const meta = el("span", { className: "meta" });
    if (tpl.counts) meta.append(el("span", {}, t("counts", tpl.counts.nodes, tpl.counts.lanes)));
    if (tpl.complexity) meta.append(el("span", { className: "badge", "data-level": tpl.complexity }, t("complexity")[tpl.complexity] || tpl.complexity));
    if (meta.childNodes.length) card.append(meta);
    card.onclick = () => onOpen(tpl);
    list.append(card);
  }
}

// retryThumb asks again, twice at most and a little later each time, for
// a thumbnail that failed to load (a server that refused a burst of them
// with 429, a dropped connection), instead of leaving a broken image.
function retryThumb(e) {
  const img = e.target, n = +(img.dataset.retries || 0);
  if (n >= 2) return;
  img.dataset.retries = String(n + 1);
  const src = img.src;
  setTimeout(() => { if (img.isConnected) { img.removeAttribute("src"); img.src = src; } }, 1500 * (n + 1));
}
