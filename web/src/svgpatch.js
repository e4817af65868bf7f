// Incremental update of the picture. The pipeline's SVG is a flat list of
// top-level groups (lanes, edges, nodes, labels); a keystroke usually
// changes two or three of several hundred. Replacing the whole markup made
// the browser parse, style and lay out every group on every keystroke
// (tens of milliseconds at 200 nodes); patch() keeps the DOM of every
// group whose markup is unchanged and parses only the new ones.
//
// A label that grows moves everything after it: then most groups change
// only in their coordinates. Such a group (same data-id, same elements
// and text in the same order) is updated in place, attribute by attribute
// (morph), which costs the browser far less than new elements (no
// parsing, no new style and layout objects, no text shaping); a group
// whose structure changed is parsed anew.
//
// Most of those groups are moved whole: the same markup with every x
// (and y) coordinate shifted by the same amount. Such a group keeps its
// elements as they are and gets a transform="translate(dx,dy)" (one
// attribute, instead of a new x on each of its elements): the browser
// then lays none of its texts out again, which was most of the frame
// after such a keystroke. Its elements still hold the coordinates of the
// markup they were drawn from (moved.get(group).base), so the picture
// in the page is put back to the exact markup (settle()) a moment after
// the typing stops, and before anything reads its coordinates (offset()
// gives the shift meanwhile).
//
// The markup comes from the flowzap pipeline (the module or the server),
// which escapes every label and attribute (no raw < or > outside tags),
// so a scan of its tags finds the top-level elements.

import { joinSVG } from "../wasm/flowzap.mjs";

const NS = "http://www.w3.org/2000/svg";
const tpl = document.createElement("template");
// Attributes the app sets on the root itself (zoom, accessibility, the
// canvas's data-*) are left alone; elements it adds (the canvas's
// overlay) stay after the picture's.
const own = (name) => name === "style" || name === "aria-hidden" || name.startsWith("data-");

// shown is what patch() last put in a container: its root <svg>, the
// markup of each top-level child and its node.
const shown = new WeakMap();

/** stats says what the last patch() did: morphed is how many changed
 *  top-level elements were updated in place (not parsed), shifted how
 *  many were moved by a transform; touched lists the top-level elements
 *  whose own markup changed (updated in place or parsed anew; not those
 *  moved by a transform), or is null when the whole picture is new. */
export const stats = { morphed: 0, shifted: 0, touched: null };

// moved holds the top-level elements drawn moved by a transform: {base,
// dx, dy}, the markup their elements show and the shift that the
// transform adds.
const moved = new WeakMap();

/** offset returns the shift (picture units) that a transform adds to a
 *  top-level element updated by a move (0, 0 for any other). */
export function offset(g) {
  const m = g && moved.get(g);
  return m ? { dx: m.dx, dy: m.dy } : { dx: 0, dy: 0 };
}

// The attributes whose value is an x or a y coordinate, and those that
// hold x,y pairs (absolute path commands, polygon points).
const xAttrs = new Set(["x", "cx", "x1", "x2"]), yAttrs = new Set(["y", "cy", "y1", "y2"]);
const attrValRE = /\s([^\s=/>]+)="([^"]*)"/g, attrValRE2 = /\s([^\s=/>]+)="([^"]*)"/g;
const numSplit = /(-?(?:\d+\.?\d*|\.\d+))/;
// Separators of pairs: absolute moves, lines, curves and the end of a path.
const pairSep = /^[\sMLQCZz,]*$/;

/** shiftOf returns [dx, dy] when markup b is markup a moved whole (the same
 *  elements, attributes and text, every x coordinate shifted by dx and
 *  every y by dy), else null. */
export function shiftOf(a, b) {
  const ra = attrValRE, rb = attrValRE2;
  ra.lastIndex = 0; rb.lastIndex = 0;
  let ia = 0, ib = 0, dx = null, dy = null;
  // agree records one coordinate's shift (k: 0 for x, 1 for y), in
  // hundredths of a unit (the pipeline writes at most two decimals).
  const agree = (k, d) => {
    const r = Math.round(d * 1e4);
    if (k === 0) { if (dx === null) dx = r; return dx === r; }
    if (dy === null) dy = r;
    return dy === r;
  };
  for (;;) {
    const ma = ra.exec(a), mb = rb.exec(b);
    if (!ma || !mb) {
      if (ma || mb || a.slice(ia) !== b.slice(ib)) return null;
      break;
    }
    if (ma[1] !== mb[1] || a.slice(ia, ma.index) !== b.slice(ib, mb.index)) return null;
    ia = ra.lastIndex; ib = rb.lastIndex;
    const name = ma[1], va = ma[2], vb = mb[2];
    if (name === "transform") return null;
    if (xAttrs.has(name) || yAttrs.has(name)) {
      const k = xAttrs.has(name) ? 0 : 1, na = +va, nb = +vb;
      if (va === "" || vb === "" || !isFinite(na) || !isFinite(nb) || !agree(k, nb - na)) return null;
    } else if (name === "d" || name === "points") {
      const pa = va.split(numSplit), pb = vb.split(numSplit);
      if (pa.length !== pb.length) return null;
      for (let i = 0; i < pa.length; i++) {
        if (i % 2 === 0) { if (pa[i] !== pb[i] || !pairSep.test(pa[i])) return null; }
        else if (!agree(((i - 1) / 2) % 2, +pb[i] - +pa[i])) return null;
      }
    } else if (va !== vb) return null;
  }
  return [(dx || 0) / 1e4, (dy || 0) / 1e4];
}

/** settle puts the top-level elements of the picture in container that
 *  were moved by a transform back to their exact markup (no transform,
 *  their own coordinates), and gives the root its new size; it returns
 *  how many elements it changed. */
export function settle(container) {
  const cur = shown.get(container);
  if (!cur) return 0;
  let n = 0;
  if (cur.rootHead !== cur.head) {
    setHead(cur.root, cur.head);
    cur.rootHead = cur.head;
    n++;
  }
  cur.nodes.forEach((node, i) => {
    if (!moved.has(node)) return;
    moved.delete(node);
    n++;
    if (morph(node, cur.items[i])) return;
    const made = parse([cur.items[i]]);
    if (made.length === 1) { node.replaceWith(made[0]); cur.nodes[i] = made[0]; }
  });
  cur.moved = 0;
  return n;
}

/** movedCount says how many elements of the picture in container wait
 *  for settle(): the top-level ones moved by a transform, and the root
 *  if its size does. */
export function movedCount(container) {
  return shown.get(container)?.moved || 0;
}

/** split returns the root's opening tag and the markup of each top-level
 *  element of an SVG document, or null when it does not scan cleanly. */
export function split(svg) {
  const start = svg.indexOf("<svg");
  const end = svg.lastIndexOf("</svg>");
  if (start < 0 || end < 0) return null;
  const open = svg.indexOf(">", start) + 1;
  if (open <= 0 || open > end) return null;
  const items = [];
  const re = /<(\/?)[^>]*?(\/?)>/g;
  re.lastIndex = open;
  let depth = 0, from = -1, m;
  while ((m = re.exec(svg)) && m.index < end) {
    const c = svg.charCodeAt(m.index + 1);
    if (c === 33 || c === 63) continue; // <!-- --> or <?...?>
    if (m[1]) { // </tag>
      if (--depth < 0) return null;
      if (depth === 0) items.push(svg.slice(from, re.lastIndex));
    } else if (m[2]) { // <tag/>
      if (depth === 0) items.push(m[0]);
    } else { // <tag>
      if (depth++ === 0) from = m.index;
    }
  }
  if (depth !== 0) return null;
  return { head: svg.slice(start, open), items };
}

// identity names the element a top-level markup draws, so that its new
// markup can update the element drawn before: the tag and data-id (the
// diagram's element), else the tag alone (the defs, the background).
function identity(markup) {
  const end = markup.indexOf(">");
  const open = markup.slice(0, end < 0 ? markup.length : end);
  const tag = /^<([^\s/>]+)/.exec(open);
  const id = /\sdata-id="([^"]*)"/.exec(open);
  return (tag ? tag[1] : "") + (id ? "#" + id[1] : "");
}

const entities = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const refRE = /&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g;
// decode resolves the character references the pipeline writes (as the
// browser's parser does); null for one it does not know (the group is
// then parsed by the browser).
function decode(s) {
  if (s.indexOf("\r") >= 0) s = s.replace(/\r\n?/g, "\n");
  if (s.indexOf("&") < 0) return s;
  let bad = false, refs = 0;
  const out = s.replace(refRE, (m, e) => {
    refs++;
    if (e[0] === "#") {
      const n = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      if (!(n > 0 && n <= 0x10ffff) || (n >= 0xd800 && n <= 0xdfff)) { bad = true; return m; }
      return String.fromCodePoint(n);
    }
    if (!(e in entities)) { bad = true; return m; }
    return entities[e];
  });
  // A bare & (not written by the pipeline) is left to the browser.
  return bad || refs !== s.split("&").length - 1 ? null : out;
}

// attrRE reads one attribute at a time from where the last one ended (the
// sticky flag), so that anything else in a tag stops it.
const attrRE = /\s*([^\s=/>]+)\s*=\s*"([^"]*)"/y;
const names = [], values = [];

/** morph makes el (the element drawn from older markup) equal to what
 *  markup parses to, changing only what differs; false (el possibly
 *  half changed: it is then replaced) when the two do not have the same
 *  elements and text in the same order. */
export function morph(el, markup) {
  const re = /<(\/?)([^\s/>!?]+)([^>]*?)(\/?)>|<[!?][^>]*>/g;
  let at = 0, m;
  let parent = null, child = el, first = true;
  // child is the next node of parent to match (el itself at first).
  const skip = (n) => {
    // What the app adds inside a group (the canvas's hit lines, which it
    // keeps up to date with each picture) stays.
    while (n && n.nodeType === 1 && n.classList.contains("fz-hit")) n = n.nextSibling;
    return n;
  };
  while ((m = re.exec(markup))) {
    if (m.index > at) {
      const text = decode(markup.slice(at, m.index));
      if (text === null || !parent) return false;
      child = skip(child);
      if (!child || child.nodeType !== 3) return false;
      if (child.data !== text) child.data = text;
      child = child.nextSibling;
    }
    at = re.lastIndex;
    if (!m[2]) return false; // a comment or processing instruction
    if (m[1]) { // </tag>
      if (!parent) return false;
      child = skip(child);
      if (child) return false; // the old element has more
      if (parent === el) return re.lastIndex === markup.length;
      child = parent.nextSibling;
      parent = parent.parentNode;
      continue;
    }
    if (!first) child = skip(child);
    if (!child || child.nodeType !== 1 || child.localName !== m[2]) return false;
    first = false;
    // The attributes: the new ones set, the others removed (the canvas's
    // selection class is set again on every picture).
    const src = m[3];
    let n = 0, pos = 0;
    attrRE.lastIndex = 0;
    for (let a; pos < src.length && (a = attrRE.exec(src)); pos = attrRE.lastIndex) {
      const v = decode(a[2]);
      if (v === null) return false;
      names[n] = a[1];
      values[n++] = v;
    }
    if (pos < src.length && src.slice(pos).trim() !== "") return false; // something this scan does not read
    let had = 0;
    for (let i = 0; i < n; i++) {
      const old = child.getAttribute(names[i]);
      if (old !== null) had++;
      if (old !== values[i]) child.setAttribute(names[i], values[i]);
    }
    const attrs = child.attributes;
    if (attrs.length !== n || had !== n) { // others to remove
      for (let i = attrs.length - 1; i >= 0; i--) {
        const name = attrs[i].name;
        let wanted = false;
        for (let j = 0; j < n && !wanted; j++) wanted = names[j] === name;
        if (!wanted) child.removeAttribute(name);
      }
    }
    if (m[4]) { // <tag/>
      if (skip(child.firstChild)) return false; // the old element has children
      if (child === el) return re.lastIndex === markup.length;
      child = child.nextSibling;
    } else {
      parent = child;
      child = child.firstChild;
    }
  }
  return false;
}

// setHead gives root the attributes of the opening tag head (those the
// app sets itself stay).
function setHead(root, head) {
  tpl.innerHTML = head + "</svg>";
  const h = tpl.content.firstChild;
  for (const a of [...root.attributes]) if (!own(a.name) && !h.hasAttribute(a.name)) root.removeAttribute(a.name);
  for (const a of h.attributes) if (root.getAttribute(a.name) !== a.value) root.setAttribute(a.name, a.value);
}

// sizeOnly reports whether two opening tags of the root differ in its
// size alone (width, height, viewBox). A new size makes the browser lay
// every text of the picture out again (the viewport changed), the most
// of a frame after a label outgrew its column; the root keeps its size
// until the picture settles (the page shows it with overflow visible,
// so nothing is cut meanwhile).
const sizeRE = /\s(?:width|height|viewBox)="[^"]*"/g;
function sizeOnly(a, b) {
  return a.replace(sizeRE, "") === b.replace(sizeRE, "");
}

// shiftMin is how many top-level elements a picture must change for
// those moved whole to be moved by a transform (see shiftOf).
const shiftMin = 64;

function parse(markup) {
  tpl.innerHTML = `<svg xmlns="${NS}">${markup.join("")}</svg>`;
  return [...tpl.content.firstChild.children];
}

/** patch shows svg in container, reusing the elements of the picture
 *  already there whose markup is the same. svg is an SVG document, or a
 *  picture in parts, {open, items}: the root's opening tag and the markup
 *  of each top-level element (the module's answers, web/wasm/flowzap.mjs;
 *  no scan needed). It returns how many top-level elements it had to
 *  create (all of them the first time). */
export function patch(container, svg) {
  let next;
  if (typeof svg === "string") next = split(svg);
  else {
    next = { head: svg.open, items: svg.items };
    svg = joinSVG(svg.open, svg.items); // (a rope: joined only if read)
  }
  let cur = shown.get(container);
  if (!next || !cur || cur.root.parentNode !== container) {
    // First picture (or markup the scan does not follow): whole.
    stats.morphed = 0;
    stats.shifted = 0;
    stats.touched = null;
    container.innerHTML = svg;
    const root = container.querySelector("svg");
    if (next && root && root.children.length === next.items.length) {
      shown.set(container, { root, head: next.head, rootHead: next.head, items: next.items, nodes: [...root.children], moved: 0 });
    } else {
      shown.delete(container);
    }
    return next ? next.items.length : 1;
  }
  // Unchanged markup keeps its element (the same markup twice: in order).
  const pool = new Map();
  cur.items.forEach((k, i) => {
    const q = pool.get(k);
    if (q) q.push(i); else pool.set(k, [i]);
  });
  const nodes = new Array(next.items.length), changed = [];
  next.items.forEach((k, j) => {
    const q = pool.get(k);
    if (q && q.length) nodes[j] = cur.nodes[q.shift()]; else changed.push(j);
  });
  // The root's attributes (size, view box, view class). Only a picture
  // where many groups changed (a label that outgrew its column in a large
  // diagram) moves groups by transforms and keeps the root's size until
  // settle() (rootHead is the opening tag whose attributes the root
  // shows); a smaller change is cheap for the browser as it is.
  const many = changed.length >= shiftMin;
  let rootHead = cur.rootHead;
  if (next.head !== rootHead && (!(many || rootHead !== cur.head) || !sizeOnly(rootHead, next.head))) {
    setHead(cur.root, next.head);
    rootHead = next.head;
  }
  // Changed markup updates the element drawn for the same diagram element
  // when it has the same structure; the rest is parsed.
  // A group moved whole gets a transform instead (see shiftOf).
  const left = new Map();
  for (const q of pool.values()) {
    for (const i of q) {
      const id = identity(cur.items[i]), l = left.get(id), e = { n: cur.nodes[i], m: cur.items[i] };
      if (l) l.push(e); else left.set(id, [e]);
    }
  }
  const missing = [], touched = [];
  let morphed = 0, shifted = 0;
  for (const j of changed) {
    const l = left.get(identity(next.items[j]));
    const e = l && l.shift(), n = e && e.n;
    if (n) {
      // The markup the element's own attributes show.
      const base = moved.get(n)?.base ?? e.m;
      const s = many ? shiftOf(base, next.items[j]) : null;
      if (s) {
        if (s[0] || s[1]) {
          const t = `translate(${s[0]},${s[1]})`;
          if (n.getAttribute("transform") !== t) n.setAttribute("transform", t);
          moved.set(n, { base, dx: s[0], dy: s[1] });
        } else {
          n.removeAttribute("transform");
          moved.delete(n);
        }
        nodes[j] = n; shifted++;
        continue;
      }
      if (morph(n, next.items[j])) { moved.delete(n); nodes[j] = n; morphed++; touched.push(n); continue; }
      moved.delete(n);
      n.remove(); // half updated: a new one is parsed
    }
    missing.push(j);
  }
  stats.morphed = morphed;
  stats.shifted = shifted;
  if (missing.length) {
    const made = parse(missing.map((j) => next.items[j]));
    if (made.length !== missing.length) {
      shown.delete(container);
      return patch(container, svg);
    }
    missing.forEach((j, i) => { nodes[j] = made[i]; touched.push(made[i]); });
  }
  stats.touched = touched;
  for (const l of left.values()) for (const e of l) e.n.remove();
  let ref = cur.root.firstChild;
  for (const n of nodes) {
    if (n === ref) ref = ref.nextSibling;
    else cur.root.insertBefore(n, ref);
  }
  let count = rootHead !== next.head ? 1 : 0;
  for (const n of nodes) if (moved.has(n)) count++;
  shown.set(container, { root: cur.root, head: next.head, rootHead, items: next.items, nodes, moved: count });
  return missing.length;
}
