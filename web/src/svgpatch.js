// Incremental update of the picture. The pipeline's SVG is a flat list of
// top-level groups (lanes, edges, nodes, labels); a keystroke usually
// changes two or three of several hundred. Replacing the whole markup made
// the browser parse, style and lay out every group on every keystroke
// (tens of milliseconds at 200 nodes); patch() keeps the DOM of every
// group whose markup is unchanged and parses only the new ones.
//
// The markup comes from the flowzap pipeline (the module or the server),
// which escapes every label and attribute (no raw < or > outside tags),
// so a scan of its tags finds the top-level elements.

const NS = "http://www.w3.org/2000/svg";
const tpl = document.createElement("template");
// Attributes the app sets on the root itself (zoom, accessibility, the
// canvas's data-*) are left alone; elements it adds (the canvas's
// overlay) stay after the picture's.
const own = (name) => name === "style" || name === "aria-hidden" || name.startsWith("data-");

// shown is what patch() last put in a container: its root <svg>, the
// markup of each top-level child and its node.
const shown = new WeakMap();

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

function parse(markup) {
  tpl.innerHTML = `<svg xmlns="${NS}">${markup.join("")}</svg>`;
  return [...tpl.content.firstChild.children];
}

/** patch shows svg in container, reusing the elements of the picture
 *  already there whose markup is the same. It returns how many top-level
 *  elements it had to create (all of them the first time). */
export function patch(container, svg) {
  const next = split(svg);
  let cur = shown.get(container);
  if (!next || !cur || cur.root.parentNode !== container) {
    // First picture (or markup the scan does not follow): whole.
    container.innerHTML = svg;
    const root = container.querySelector("svg");
    if (next && root && root.children.length === next.items.length) {
      shown.set(container, { root, items: next.items, nodes: [...root.children] });
    } else {
      shown.delete(container);
    }
    return next ? next.items.length : 1;
  }
  // The root's attributes (size, view box, view class).
  tpl.innerHTML = next.head + "</svg>";
  const head = tpl.content.firstChild;
  for (const a of [...cur.root.attributes]) if (!own(a.name) && !head.hasAttribute(a.name)) cur.root.removeAttribute(a.name);
  for (const a of head.attributes) if (cur.root.getAttribute(a.name) !== a.value) cur.root.setAttribute(a.name, a.value);
  // Unchanged markup keeps its element (the same markup twice: in order).
  const pool = new Map();
  cur.items.forEach((k, i) => {
    const q = pool.get(k);
    if (q) q.push(cur.nodes[i]); else pool.set(k, [cur.nodes[i]]);
  });
  const nodes = new Array(next.items.length), missing = [];
  next.items.forEach((k, j) => {
    const q = pool.get(k);
    if (q && q.length) nodes[j] = q.shift(); else missing.push(j);
  });
  if (missing.length) {
    const made = parse(missing.map((j) => next.items[j]));
    if (made.length !== missing.length) {
      shown.delete(container);
      return patch(container, svg);
    }
    missing.forEach((j, i) => { nodes[j] = made[i]; });
  }
  for (const q of pool.values()) for (const n of q) n.remove();
  let ref = cur.root.firstChild;
  for (const n of nodes) {
    if (n === ref) ref = ref.nextSibling;
    else cur.root.insertBefore(n, ref);
  }
  shown.set(container, { root: cur.root, items: next.items, nodes });
  return missing.length;
}
