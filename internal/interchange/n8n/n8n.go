// Package n8n writes FlowZap diagrams as n8n workflow JSON: the first
// start circle is a Manual Trigger, decisions are IF nodes (two ways out)
// or Switch nodes (more), other steps No Operation nodes named after their
// labels, and each lane a sticky note behind its steps naming the system.
package n8n

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"strconv"
	"strings"

	"flowzap/internal/interchange"
	"flowzap/internal/model"
)

// Node is an n8n workflow node.
type Node struct {
	Parameters  map[string]any `json:"parameters"`
	ID          string         `json:"id"`
	Name        string         `json:"name"`
	Type        string         `json:"type"`
	TypeVersion float64        `json:"typeVersion"`
	Position    [2]int         `json:"position"`
	Notes       string         `json:"notes,omitempty"`
	NotesInFlow bool           `json:"notesInFlow,omitempty"`
}

// Link is one connection target.
type Link struct {
	Node  string `json:"node"`
	Type  string `json:"type"`
	Index int    `json:"index"`
}

// Workflow is the workflow JSON n8n imports (Workflow > Import from File).
type Workflow struct {
	Name        string                         `json:"name"`
	Nodes       []Node                         `json:"nodes"`
	Connections map[string]map[string][][]Link `json:"connections"`
	Active      bool                           `json:"active"`
	Settings    map[string]any                 `json:"settings"`
	PinData     map[string]any                 `json:"pinData"`
	Meta        map[string]any                 `json:"meta"`
	Tags        []any                          `json:"tags"`
}

// uuid makes a stable UUID-shaped ID from a seed: a version 8 (custom)
// UUID holding the seed's 128-bit FNV-1a hash. (A name-based SHA-1 UUID
// would pull the crypto packages into the WebAssembly module, 160 KB of
// it, for IDs that need only be stable and distinct.)
func uuid(seed string) string {
	f := fnv.New128a()
	f.Write([]byte(seed))
	h := f.Sum(nil)
	h[6] = h[6]&0x0f | 0x80
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// details are a node's owner, system, description and taskbox items.
func details(n *model.Node, lane string) string {
	return strings.Join(append([]string{"Lane: " + lane}, interchange.Details(n, "- ", true)...), "\n")
}

// Build returns the workflow for d.
func Build(d *interchange.Diagram) *Workflow {
	doc := d.Doc
	name := d.Name
	if name == "" {
		name = "FlowZap diagram"
	}
	wf := &Workflow{Name: name, Connections: map[string]map[string][][]Link{}, Settings: map[string]any{"executionOrder": "v1"},
		PinData: map[string]any{}, Meta: map[string]any{"templateCredsSetupCompleted": true}, Tags: []any{}}
	// Names are unique in a workflow: repeated labels get a number.
	used := map[string]bool{}
	names := map[*model.Node]string{}
	for _, n := range doc.Nodes {
		base := strings.TrimSpace(strings.ReplaceAll(n.Title(), "\n", " "))
		if base == "" {
			base = n.ID
		}
		nm := base
		for k := 2; used[strings.ToLower(nm)]; k++ {
			nm = base + " " + strconv.Itoa(k)
		}
		used[strings.ToLower(nm)] = true
		names[n] = nm
	}
	pos := func(n *model.Node) [2]int {
		if b, ok := d.Box(n); ok {
			return [2]int{int(b.X + b.W/2), int(b.Y + b.H/2)}
		}
		return [2]int{n.Index * 220, n.Lane.Index * 200}
	}
	// Lanes: sticky notes behind their steps.
	// n8n names every node once, sticky notes included: two lanes with one
	// label get "Lane: Ops" and "Lane: Ops 2".
	for _, l := range doc.Lanes {
		if b, ok := d.LaneBox(l); ok {
			base := "Lane: " + l.Label
			nm := base
			for k := 2; used[strings.ToLower(nm)]; k++ {
				nm = base + " " + strconv.Itoa(k)
			}
			used[strings.ToLower(nm)] = true
			wf.Nodes = append(wf.Nodes, Node{
				Parameters: map[string]any{"content": "## " + l.Label, "height": int(b.H), "width": int(b.W), "color": 7},
				ID:         uuid(name + "/lane/" + l.ID), Name: nm, Type: "n8n-nodes-base.stickyNote", TypeVersion: 1,
				Position: [2]int{int(b.X), int(b.Y)},
			})
		}
	}
	out := d.Out()
	trigger := false
	for _, n := range doc.Nodes {
		nd := Node{ID: uuid(name + "/node/" + n.ID), Name: names[n], Position: pos(n), Parameters: map[string]any{}, Notes: details(n, n.Lane.Label)}
		outs := out[n]
		switch {
		case d.Kind(n) == "start" && !trigger:
			trigger = true
			nd.Type, nd.TypeVersion = "n8n-nodes-base.manualTrigger", 1
		case n.Shape == model.Diamond && len(outs) == 2:
			nd.Type, nd.TypeVersion = "n8n-nodes-base.if", 2
			nd.Parameters = map[string]any{"conditions": map[string]any{
				"options":    map[string]any{"caseSensitive": true, "leftValue": "", "typeValidation": "strict"},
				"conditions": []any{map[string]any{"id": uuid(name + "/cond/" + n.ID), "leftValue": "={{ $json.outcome }}", "rightValue": label(outs[0]), "operator": map[string]any{"type": "string", "operation": "equals"}}},
				"combinator": "and",
			}, "options": map[string]any{}}
		case n.Shape == model.Diamond && len(outs) > 2:
			nd.Type, nd.TypeVersion = "n8n-nodes-base.switch", 3
			var rules []any
			for i, e := range outs {
				rules = append(rules, map[string]any{"outputKey": label(e), "conditions": map[string]any{
					"options":    map[string]any{"caseSensitive": true, "leftValue": "", "typeValidation": "strict"},
					"conditions": []any{map[string]any{"id": uuid(fmt.Sprintf("%s/rule/%s/%d", name, n.ID, i)), "leftValue": "={{ $json.outcome }}", "rightValue": label(e), "operator": map[string]any{"type": "string", "operation": "equals"}}},
					"combinator": "and"}, "renameOutput": true})
			}
			nd.Parameters = map[string]any{"rules": map[string]any{"values": rules}, "options": map[string]any{}}
		default:
			nd.Type, nd.TypeVersion = "n8n-nodes-base.noOp", 1
		}
		wf.Nodes = append(wf.Nodes, nd)
		if len(outs) == 0 {
			continue
		}
		conns := [][]Link{}
		switch nd.Type {
		case "n8n-nodes-base.if", "n8n-nodes-base.switch":
			for _, e := range outs {
				conns = append(conns, []Link{{Node: names[e.To], Type: "main", Index: 0}})
			}
		default:
			var all []Link
			for _, e := range outs {
				all = append(all, Link{Node: names[e.To], Type: "main", Index: 0})
			}
			conns = append(conns, all)
		}
		wf.Connections[names[n]] = map[string][][]Link{"main": conns}
	}
	for i, lp := range doc.Loops {
		var ns []string
		for _, n := range lp.Nodes {
			ns = append(ns, names[n])
		}
		x, y := 0, 0
		if len(lp.Nodes) > 0 {
			p := pos(lp.Nodes[0])
			x, y = p[0], p[1]-120
		}
		wf.Nodes = append(wf.Nodes, Node{
			Parameters: map[string]any{"content": "Loop while: " + lp.Condition + "\nSteps: " + strings.Join(ns, ", "), "height": 80, "width": 300, "color": 3},
			ID:         uuid(fmt.Sprintf("%s/loop/%d", name, i)), Name: fmt.Sprintf("Loop %d", i+1), Type: "n8n-nodes-base.stickyNote", TypeVersion: 1,
			Position: [2]int{x, y},
		})
	}
	return wf
}

func label(e *model.Edge) string {
	if e.Label != "" {
		return e.Label
	}
	return e.To.Title()
}

// Export writes d as n8n workflow JSON.
func Export(w io.Writer, d *interchange.Diagram) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(Build(d))
}
