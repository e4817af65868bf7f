package mcp

// Reference is the language summary get_syntax returns. It is written for
// agents: the rules that matter when writing code, and one example.
const Reference = `FlowZap Code (.fz): one statement per line.

LANE      ID { # Display label          ... statements ...   }   (the } alone on its line; lanes do not nest; file order = drawing order)
NODE      nN: SHAPE label:"Text" [owner:"..."] [description:"..."] [system:"..."]
          SHAPE: circle (start/end/milestone), rectangle (step), diamond (decision), taskbox (assigned task;
          label:"Title|sub-item|sub-item" lists sub-items). Node IDs n1..nN, unique across the whole file.
EDGE      nA.handle(SIDE) -> nB.handle(SIDE) [label="Text"]
          SIDE: left, right, top, bottom (where the line leaves / enters). Write the edge inside the lane of its
          SOURCE node. A target in another lane takes that lane's ID: nA.handle(bottom) -> billing.nB.handle(top).
LOOP      loop [condition text] nA nB ...   (two or more nodes, written inside a lane)
COMMENT   // text  (on its own line)

Strings are double-quoted; escape " and \ with a backslash. Nodes use key:"value", edges use [label="value"].
Conventions: the main flow runs left to right (right -> left handles); hand-offs to another lane go bottom -> top
(down) or top -> bottom (up); decisions have two or more outgoing edges, each labelled ("Yes", "No").
Labels of 50 characters or fewer draw best. No emoji.

Views of the same file: workflow (swimlanes), sequence (messages in flow order: from the start, following each
node's edges in written order; order:"written" draws them as written instead; answer each cross-lane request
before the next), architecture (lanes = containers, nodes = components), mindmap (the first circle is the root,
rectangles are branches).

Example:
checkout { # Checkout Service
  n1: circle label:"Cart submitted"
  n2: rectangle label:"Reserve stock"
  n3: diamond label:"In stock?"
  n1.handle(right) -> n2.handle(left)
  n2.handle(right) -> n3.handle(left)
  n3.handle(bottom) -> billing.n4.handle(top) [label="Yes"]
  n3.handle(top) -> n2.handle(top) [label="No, retry"]
}
billing { # Billing
  n4: taskbox label:"Charge card|Authorise|Capture" owner:"Payments team" system:"Stripe"
}

Strict rules (what FlowZap's app accepts; validate with strict:true checks each):
- Node IDs are n1, n2, ... nN: unique across the file and numbered without gaps (n1, n2, n5 is refused).
- Shapes and sides in lower case; only label, owner, description and system as node attributes.
- Node attributes use key:"value"; edge attributes use [label="value"]; arrows are -> (not -->).
- Every edge has both handles and is written inside the lane of its source node; a cross-lane target
  carries its lane prefix (lane.nX), a source never does.
- Every lane has a display label on its opening line: id { # Label } (a space after #).
- Loops are written inside a lane and name two or more nodes.
- Comments (//) on their own line only; no emoji; no Markdown fences around the code.

Common errors: a node outside a lane, an edge to an undefined node, a cross-lane target without its lane prefix,
label="..." on a node (use label:"..."), chained edges (a -> b -> c), Mermaid syntax. The validate tool reports
each with line, column and a fix; the fix tool repairs what has one clear meaning.`
