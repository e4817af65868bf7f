// FlowZap Code for CodeMirror: a stream tokenizer for highlighting, the
// comment token for the toggle command, and completion of shapes, sides,
// attribute keys, lane IDs and node IDs taken from the document.
// The keyword lists come from generated.js, written from the Go parser's
// own lists by tools/bundle.
import { StreamLanguage, LanguageSupport } from "@codemirror/language";
import { shapes, sides, nodeKeys as keys } from "./generated.js";
import { scanLine } from "./canvas-source.js";

const word = (list) => new RegExp(`^(${list.join("|")})\\b`, "i");
const shapeRE = word(shapes), sideRE = word(sides), keyRE = new RegExp(`^(${keys.join("|")})(?=\\s*[:=])`, "i");

const tokenizer = {
  name: "flowzap",
  startState: () => ({ afterHash: false }),
  token(stream, state) {
    if (stream.sol()) state.afterHash = false;
    if (state.afterHash) { stream.skipToEnd(); return "heading"; }
    if (stream.eatSpace()) return null;
    if (stream.match("//")) { stream.skipToEnd(); return "comment"; }
    if (stream.match("#")) { state.afterHash = true; return "heading"; }
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/)) return "string";
    if (stream.match("->") || stream.match("-->")) return "operator";
    if (stream.match(/^loop\b/)) return "keyword";
    if (stream.match(/^handle\b/)) return "keyword";
    if (stream.match(shapeRE)) return "typeName";
    if (stream.match(sideRE)) return "atom";
    if (stream.match(keyRE)) return "propertyName";
    if (stream.match(/^n\d+\b/)) return "variableName";
    if (stream.match(/^[A-Za-z_][\w-]*/)) return "labelName";
    if (stream.match(/^[{}()[\]]/)) return "bracket";
    stream.next();
    return null;
  },
  languageData: { commentTokens: { line: "//" } },
};

export const flowzapLanguage = StreamLanguage.define(tokenizer);

// ids collects lane and node IDs from the text.
function ids(text) {
  const lanes = new Set(), nodes = new Set();
  for (const m of text.matchAll(/^\s*([\w-]+)\s*\{/gm)) lanes.add(m[1]);
  for (const m of text.matchAll(/^\s*([\w-]+)\s*:/gm)) nodes.add(m[1]);
  return { lanes: [...lanes], nodes: [...nodes] };
}

// inText reports whether the end of a line's text before the cursor is
// inside a quoted string, a // comment or a lane's # title, as the
// tokenizer above reads them: free text, where nothing is completed.
export function inText(before) {
  const { at, quoted } = scanLine(before, true);
  return at >= 0 || quoted;
}

export function flowzapCompletion(context) {
  const line = context.state.doc.lineAt(context.pos);
  const before = line.text.slice(0, context.pos - line.from);
  // Typing a label, a comment or a title opens no list (and costs the
  // keystroke no scan of the whole text).
  if (inText(before)) return null;
  const word = context.matchBefore(/[\w-]*/);
  if (!word || (word.from === word.to && !context.explicit && !/[(.:\s]$/.test(before))) return null;
  const { lanes, nodes } = ids(context.state.doc.toString());
  let options;
  if (/handle\($/.test(before.slice(0, before.length - (word.to - word.from)))) {
    options = sides.map((s) => ({ label: s, type: "enum", detail: "side" }));
  } else if (/:\s*[\w-]*$/.test(before) && /^\s*[\w-]+\s*:\s*[\w-]*$/.test(before)) {
    options = shapes.map((s) => ({ label: s, type: "type", detail: "shape" }));
  } else if (/\s[\w-]*$/.test(before) && /^\s*[\w-]+\s*:\s*\w+\s/.test(before)) {
    options = keys.map((k) => ({ label: k, type: "property", apply: `${k}:""`, detail: "attribute" }));
  } else {
    options = [
      ...nodes.map((n) => ({ label: n, type: "variable", detail: "node" })),
      ...lanes.map((l) => ({ label: l, type: "namespace", detail: "lane" })),
      { label: "handle", type: "keyword", apply: "handle(" },
      { label: "loop", type: "keyword", apply: "loop [] " },
    ];
  }
  return { from: word.from, options, validFor: /^[\w-]*$/ };
}

export function flowzap() {
  return new LanguageSupport(flowzapLanguage, [flowzapLanguage.data.of({ autocomplete: flowzapCompletion })]);
}
