// Package makecom writes FlowZap diagrams as Make.com scenario blueprints
// (the JSON of Scenario > Export blueprint). A blueprint is a tree: a
// trigger module, then modules in order, with routers whose routes hold
// their own module lists. The flow is walked from its first start: steps
// become Set variable modules named after their labels (their lane, the
// system, in the designer name), decisions become routers whose routes
// carry the edge labels as filters, and an edge back to a step already
// placed ends its route with a module that names the step.
package makecom

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"flowzap/internal/interchange"
	"flowzap/internal/model"
)

// Module is one blueprint module.
type Module struct {
	ID         int            `json:"id"`
	Module     string         `json:"module"`
	Version    int            `json:"version"`
	Parameters map[string]any `json:"parameters"`
	Mapper     map[string]any `json:"mapper"`
	Metadata   map[string]any `json:"metadata"`
	Filter     *Filter        `json:"filter,omitempty"`
	Routes     []Route        `json:"routes,omitempty"`
}

// Filter is a route's condition, shown on the link before a module.
type Filter struct {
	Name       string        `json:"name"`
	Conditions [][]Condition `json:"conditions"`
}

// Condition is one comparison in a filter.
type Condition struct {
	A string `json:"a"`
	B string `json:"b,omitempty"`
	O string `json:"o"`
}

// Route is one branch of a router.
type Route struct {
	Flow []Module `json:"flow"`
}

// Blueprint is a whole scenario.
type Blueprint struct {
	Name     string         `json:"name"`
	Flow     []Module       `json:"flow"`
	Metadata map[string]any `json:"metadata"`
}

type builder struct {
	d      *interchange.Diagram
	out    map[*model.Node][]*model.Edge
	placed map[*model.Node]bool
	id     int
	depth  int
}

func (b *builder) module(kind string, n *model.Node, name string) Module {
	b.id++
	x, y := b.id*300, 0
	if n != nil {
		if box, ok := b.d.Box(n); ok {
			x, y = int(box.X), int(box.Y)
		}
	}
	return Module{ID: b.id, Module: kind, Version: 1, Parameters: map[string]any{}, Mapper: map[string]any{},
		Metadata: map[string]any{"designer": map[string]any{"x": x, "y": y, "name": name}}}
}

func (b *builder) step(n *model.Node) Module {
	var m Module
	if b.d.Kind(n) == "start" && b.id == 0 {
		m = b.module("gateway:CustomWebHook", n, n.Lane.Label+": "+n.Title())
		m.Parameters = map[string]any{"hook": nil, "maxResults": 1}
		return m
	}
	m = b.module("util:SetVariable2", n, n.Lane.Label+": "+n.Title())
	value := n.Label
	var extra []string
	for _, kv := range [][2]string{{"Owner", n.Owner}, {"System", n.System}, {"Description", n.Description}} {
		if kv[1] != "" {
			extra = append(extra, kv[0]+": "+kv[1])
		}
	}
	if len(extra) > 0 {
		value += "\n" + strings.Join(extra, "\n")
	}
	m.Mapper = map[string]any{"name": "step", "scope": "roundtrip", "value": value}
	return m
}

// chain places n and what follows it until the flow ends, splits or
// reaches a step already placed.
func (b *builder) chain(n *model.Node) []Module {
	var flow []Module
	for {
		b.depth++
		if b.depth > 100000 {
			return flow
		}
		b.placed[n] = true
		flow = append(flow, b.step(n))
		outs := b.out[n]
		switch {
		case len(outs) == 0:
			return flow
		case len(outs) == 1:
			e := outs[0]
			if b.placed[e.To] {
				flow = append(flow, b.jump(e))
				return flow
			}
			n = e.To
			continue
		}
		r := b.module("builtin:BasicRouter", n, n.Title())
		r.Mapper = nil
		for _, e := range outs {
			var route []Module
			if b.placed[e.To] {
				route = []Module{b.jump(e)}
			} else {
				route = b.chain(e.To)
			}
			if e.Label != "" && len(route) > 0 {
				route[0].Filter = &Filter{Name: e.Label, Conditions: [][]Condition{{{A: "{{outcome}}", B: e.Label, O: "text:equal"}}}}
			}
			r.Routes = append(r.Routes, Route{Flow: route})
		}
		flow = append(flow, r)
		return flow
	}
}

// jump stands for an edge back to a step already placed: blueprints are
// trees, so it sets a variable naming where the flow goes.
func (b *builder) jump(e *model.Edge) Module {
	m := b.module("util:SetVariable2", e.To, "Go to: "+e.To.Title())
	m.Mapper = map[string]any{"name": "next_step", "scope": "roundtrip", "value": e.To.Title()}
	return m
}

// Build returns the blueprint for d.
func Build(d *interchange.Diagram) *Blueprint {
	doc := d.Doc
	b := &builder{d: d, out: d.Out(), placed: map[*model.Node]bool{}}
	in := map[*model.Node]int{}
	for _, e := range doc.Edges {
		in[e.To]++
	}
	var flow []Module
	// The first start leads; other starts and unreached steps follow as
	// routes of a router after it, so every step is in the blueprint.
	var roots []*model.Node
	for _, n := range doc.Nodes {
		if in[n] == 0 {
			roots = append(roots, n)
		}
	}
	if len(roots) == 0 && len(doc.Nodes) > 0 {
		roots = append(roots, doc.Nodes[0])
	}
	if len(roots) > 0 {
		flow = b.chain(roots[0])
	}
	var rest []Route
	for _, n := range append(roots[min(1, len(roots)):], doc.Nodes...) {
		if !b.placed[n] {
			rest = append(rest, Route{Flow: b.chain(n)})
		}
	}
	if len(rest) > 0 {
		r := b.module("builtin:BasicRouter", nil, "Other starts")
		r.Mapper = nil
		r.Routes = rest
		flow = append(flow, r)
	}
	name := d.Name
	if name == "" {
		name = "FlowZap diagram"
	}
	var loops []string
	for _, lp := range doc.Loops {
		var ns []string
		for _, n := range lp.Nodes {
			ns = append(ns, n.Title())
		}
		loops = append(loops, fmt.Sprintf("loop [%s]: %s", lp.Condition, strings.Join(ns, ", ")))
	}
	meta := map[string]any{
		"instant": false, "version": 1,
		"scenario": map[string]any{"roundtrips": 1, "maxErrors": 3, "autoCommit": true, "autoCommitTriggerLast": true,
			"sequential": false, "slots": nil, "confidential": false, "dataloss": false, "dlq": false, "freshVariables": false},
		"designer": map[string]any{"orphans": []any{}, "notes": loopNotes(loops)},
		"zone":     "eu1.make.com",
	}
	return &Blueprint{Name: name, Flow: flow, Metadata: meta}
}

func loopNotes(loops []string) []any {
	out := []any{}
	for _, l := range loops {
		out = append(out, map[string]any{"text": l})
	}
	return out
}

// indentDepthMax is the deepest nesting of routes written indented. A
// blueprint is a tree, and a flow that splits at every step nests a route
// per decision: indented, its text grows with the square of the steps
// (2,000 steps took 534 MB); past this depth it is written on one line,
// in size linear in the steps, which Make reads the same.
const indentDepthMax = 16

// Export writes d as a Make blueprint.
func Export(w io.Writer, d *interchange.Diagram) error {
	bp := Build(d)
	enc := json.NewEncoder(w)
	if depth(bp.Flow) <= indentDepthMax {
		enc.SetIndent("", "  ")
	}
	enc.SetEscapeHTML(false)
	return enc.Encode(bp)
}

// depth returns how deep routes nest in flow (0 without routers).
func depth(flow []Module) int {
	d := 0
	for _, m := range flow {
		for _, r := range m.Routes {
			d = max(d, 1+depth(r.Flow))
		}
	}
	return d
}
