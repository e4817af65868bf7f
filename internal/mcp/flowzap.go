package mcp

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"flowzap/internal/diag"
	"flowzap/internal/pipeline"
)

// This file holds the tools under the names and argument and result shapes
// of FlowZap's own MCP server (the flowzap-mcp 1.3.6 package and the remote
// connector), so that an agent configured for FlowZap works unchanged.
// docs/mcp.md maps each of them to flowzap's own tools.

// FZStats are FlowZap's validate stats.
type FZStats struct {
	Lanes int `json:"lanes"`
	Nodes int `json:"nodes"`
	Edges int `json:"edges"`
}

// FZProblem is one problem in FlowZap's validate shape, with our position,
// code and fix added.
type FZProblem struct {
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Message  string `json:"message"`
	Code     string `json:"code"`
	Severity string `json:"severity"`
	Fix      string `json:"fix,omitempty"`
}

// FZValidateIn is flowzap_validate's input.
type FZValidateIn struct {
	Code string `json:"code" jsonschema:"FlowZap Code to validate"`
	Lng  string `json:"lng,omitempty" jsonschema:"language of the messages: en (default), fr or zh"`
}

// FZValidateOut is flowzap_validate's result.
type FZValidateOut struct {
	Valid    bool        `json:"valid"`
	Errors   []FZProblem `json:"errors"`
	Warnings []FZProblem `json:"warnings"`
	Stats    FZStats     `json:"stats"`
}

func fzProblems(l string, r *pipeline.Result, sev diag.Severity) []FZProblem {
	out := []FZProblem{}
	for _, d := range firstOf(r.Diags.Filter(sev)).JSONList(r.File) {
		out = append(out, FZProblem{Line: d.Line, Column: d.Column, Message: diagMessage(l, d.Code, d.Message), Code: d.Code, Severity: d.Severity, Fix: d.Fix})
	}
	return out
}

func fzStats(r *pipeline.Result) FZStats {
	s := pipeline.StatsOf(r)
	return FZStats{Lanes: s.LaneCount, Nodes: s.NodeCount, Edges: s.EdgeCount}
}

// fzCode checks the code argument as FlowZap does: present, not blank,
// within the limit.
func (t *tools) fzCode(l, what, code string) error {
	if strings.TrimSpace(code) == "" {
		return fmt.Errorf("%s", msg(l, "empty"))
	}
	if len(code) > t.opts.MaxInput {
		return fmt.Errorf("%s", msg(l, "tooLarge", what, len(code), t.opts.MaxInput))
	}
	return nil
}

func (t *tools) fzValidate(_ context.Context, _ *sdk.CallToolRequest, in FZValidateIn) (*sdk.CallToolResult, FZValidateOut, error) {
	l := lang(in.Lng)
	if err := t.fzCode(l, "code", in.Code); err != nil {
		return nil, FZValidateOut{}, err
	}
	// FlowZap's app accepts only the official rules: check strictly.
	r := pipeline.Check("input.fz", []byte(in.Code), pipeline.Options{Strict: true})
	out := FZValidateOut{Valid: r.OK(), Errors: fzProblems(l, r, diag.Error), Warnings: fzProblems(l, r, diag.Warning), Stats: fzStats(r)}
	var b strings.Builder
	if out.Valid {
		b.WriteString(msg(l, "valid"))
		b.WriteString("\n")
		b.WriteString(msg(l, "stats", out.Stats.Lanes, out.Stats.Nodes, out.Stats.Edges))
	} else {
		b.WriteString(msg(l, "invalid", len(out.Errors)))
		for _, e := range out.Errors {
			b.WriteString("\n- " + msg(l, "line", e.Line, e.Message))
		}
	}
	if len(out.Warnings) > 0 {
		b.WriteString("\n" + msg(l, "warnings", len(out.Warnings)))
		for _, w := range out.Warnings {
			b.WriteString("\n- " + msg(l, "line", w.Line, w.Message))
		}
	}
	return text(b.String()), out, nil
}

// fzChecked checks code for the tools that need error-free code, with the
// errors in language l.
func (t *tools) fzChecked(l, code string) (*pipeline.Result, error) {
	if err := t.fzCode(l, "code", code); err != nil {
		return nil, err
	}
	r := pipeline.Check("input.fz", []byte(code), pipeline.Options{})
	if !r.OK() {
		var b strings.Builder
		b.WriteString(msg(l, "hasErrors"))
		for _, e := range fzProblems(l, r, diag.Error) {
			b.WriteString("\n- " + msg(l, "line", e.Line, e.Message))
		}
		return nil, fmt.Errorf("%s", b.String())
	}
	return r, nil
}

// FZPlaygroundIn is flowzap_create_playground's input.
type FZPlaygroundIn struct {
	Code string `json:"code" jsonschema:"FlowZap Code to load in the playground"`
	View string `json:"view,omitempty" jsonschema:"the view to open: workflow (default), sequence, architecture or mindmap"`
	Lng  string `json:"lng,omitempty" jsonschema:"language of the messages: en (default), fr or zh"`
}

// FZPlaygroundOut is flowzap_create_playground's result.
type FZPlaygroundOut struct {
	URL  string `json:"url,omitempty" jsonschema:"the playground link; absent when no playground server is configured"`
	View string `json:"view"`
	Code string `json:"code,omitempty" jsonschema:"the checked code, returned when there is no link"`
	Note string `json:"note,omitempty"`
}

func (t *tools) fzPlayground(ctx context.Context, _ *sdk.CallToolRequest, in FZPlaygroundIn) (*sdk.CallToolResult, FZPlaygroundOut, error) {
	l := lang(in.Lng)
	return t.fzPlaygroundView(ctx, l, in.Code, in.View)
}

func (t *tools) fzPlaygroundView(ctx context.Context, l, code, view string) (*sdk.CallToolResult, FZPlaygroundOut, error) {
	if view == "" {
		view = "workflow"
	}
	if !pipeline.IsView(view) {
		return nil, FZPlaygroundOut{}, fmt.Errorf("%s", msg(l, "badView", view, strings.Join(pipeline.Views, ", ")))
	}
	if _, err := t.fzChecked(l, code); err != nil {
		return nil, FZPlaygroundOut{}, err
	}
	link, err := t.playgroundURL(ctx, code, view)
	if err != nil {
		return nil, FZPlaygroundOut{}, err
	}
	if link == "" {
		return text(msg(l, "noPlayground")), FZPlaygroundOut{View: view, Code: code, Note: msg(l, "noPlayground")}, nil
	}
	return text(msg(l, "playgroundCreated", msg(l, "view."+view), link)), FZPlaygroundOut{URL: link, View: view}, nil
}

// LngIn is the input of the tools that take only a language.
type LngIn struct {
	Lng string `json:"lng,omitempty" jsonschema:"language of the messages: en (default), fr or zh"`
}

func (t *tools) fzSyntax(_ context.Context, _ *sdk.CallToolRequest, _ LngIn) (*sdk.CallToolResult, any, error) {
	return text(Reference), nil, nil
}

// FZLane is a lane in FlowZap's export_graph shape.
type FZLane struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Type  string `json:"type" jsonschema:"actor, system or unknown, guessed from the lane's ID and label"`
}

// FZNode is a node in FlowZap's export_graph shape.
type FZNode struct {
	ID         string            `json:"id"`
	LaneID     string            `json:"laneId"`
	Label      string            `json:"label"`
	Kind       string            `json:"kind" jsonschema:"start, end, step, decision or task"`
	Shape      string            `json:"shape"`
	Properties map[string]string `json:"properties,omitempty"`
}

// FZEdge is an edge in FlowZap's export_graph shape.
type FZEdge struct {
	ID           string `json:"id"`
	From         string `json:"from"`
	To           string `json:"to"`
	FromLane     string `json:"fromLane,omitempty"`
	ToLane       string `json:"toLane,omitempty"`
	Label        string `json:"label,omitempty"`
	SourceHandle string `json:"sourceHandle"`
	TargetHandle string `json:"targetHandle"`
}

// FZGraph is FlowZap's exported graph.
type FZGraph struct {
	Lanes []FZLane `json:"lanes"`
	Nodes []FZNode `json:"nodes"`
	Edges []FZEdge `json:"edges"`
	Stats struct {
		LaneCount      int `json:"laneCount"`
		NodeCount      int `json:"nodeCount"`
		EdgeCount      int `json:"edgeCount"`
		CrossLaneEdges int `json:"crossLaneEdges"`
	} `json:"stats"`
}

// FZExportOut is flowzap_export_graph's result.
type FZExportOut struct {
	Success bool     `json:"success"`
	Graph   *FZGraph `json:"graph,omitempty"`
	Error   string   `json:"error,omitempty"`
}

// actorWords and systemWords guess a lane's type from its ID and label.
var (
	actorWords  = []string{"user", "customer", "client", "actor", "person", "human", "buyer", "seller", "visitor", "member", "admin", "manager", "employee", "agent", "operator", "staff", "team", "patient", "student", "driver", "owner", "utilisateur", "personne", "équipe", "用户", "客户", "顾客", "员工", "管理员"}
	systemWords = []string{"api", "server", "service", "system", "database", "db", "backend", "frontend", "gateway", "queue", "cache", "worker", "app", "web", "bus", "store", "storage", "engine", "platform", "cloud", "cluster", "svc", "lambda", "broker", "kafka", "redis", "postgres", "sql", "auth", "serveur", "système", "base de données", "服务", "系统", "数据库", "服务器", "网关"}
)

// laneType guesses whether a lane is a person or a machine.
func laneType(id, label string) string {
	words := strings.FieldsFunc(strings.ToLower(id+" "+label), func(r rune) bool {
		return r == ' ' || r == '_' || r == '-' || r == '.' || r == '/' || r == '(' || r == ')'
	})
	has := func(list []string) bool {
		for _, w := range words {
			for _, k := range list {
				if w == k || w == k+"s" || (len([]rune(k)) <= 4 && k[0] >= 0x80 && strings.Contains(w, k)) {
					return true
				}
			}
		}
		// CamelCase IDs and multi-word keys.
		low := strings.ToLower(id + " " + label)
		for _, k := range list {
			if len(k) >= 5 && strings.Contains(low, k) {
				return true
			}
		}
		return false
	}
	switch {
	case has(actorWords):
		return "actor"
	case has(systemWords):
		return "system"
	}
	return "unknown"
}

// fzKind maps our node kinds onto FlowZap's five.
func fzKind(kind string, in, out int) string {
	if kind != "milestone" {
		return kind
	}
	if in == 0 && out == 0 {
		return "start"
	}
	return "step"
}

func fzGraph(g0 *pipeline.Graph) *FZGraph {
	g := &FZGraph{Lanes: []FZLane{}, Nodes: []FZNode{}, Edges: []FZEdge{}}
	for _, l := range g0.Lanes {
		g.Lanes = append(g.Lanes, FZLane{ID: l.ID, Label: l.Label, Type: laneType(l.ID, l.Label)})
	}
	in, out := map[string]int{}, map[string]int{}
	for _, e := range g0.Edges {
		out[e.From]++
		in[e.To]++
	}
	for _, n := range g0.Nodes {
		fn := FZNode{ID: n.ID, LaneID: n.LaneID, Label: n.Label, Kind: fzKind(n.Kind, in[n.ID], out[n.ID]), Shape: n.Shape}
		p := n.Properties
		if p.Owner != "" || p.Description != "" || p.System != "" {
			fn.Properties = map[string]string{}
			for k, v := range map[string]string{"owner": p.Owner, "description": p.Description, "system": p.System} {
				if v != "" {
					fn.Properties[k] = v
				}
			}
		}
		g.Nodes = append(g.Nodes, fn)
	}
	for _, e := range g0.Edges {
		fe := FZEdge{ID: e.ID, From: e.From, To: e.To, FromLane: e.FromLane, ToLane: e.ToLane, SourceHandle: e.SourceHandle, TargetHandle: e.TargetHandle}
		if e.Label != nil {
			fe.Label = *e.Label
		}
		g.Edges = append(g.Edges, fe)
	}
	g.Stats.LaneCount, g.Stats.NodeCount, g.Stats.EdgeCount, g.Stats.CrossLaneEdges = len(g.Lanes), len(g.Nodes), len(g.Edges), g0.Stats.CrossLaneEdges
	return g
}

// jsonResult returns v as structured content and as indented JSON text,
// as FlowZap's tools answer.
func jsonResult(v any) *sdk.CallToolResult {
	b, _ := json.MarshalIndent(v, "", "  ")
	return text(string(b))
}

// fzFail is a failed call in FlowZap's {success:false, error} shape.
func fzFail(err error) *sdk.CallToolResult {
	r := jsonResult(map[string]any{"success": false, "error": err.Error()})
	r.IsError = true
	return r
}

// CodeLngIn is the input of the FlowZap tools that take code.
type CodeLngIn struct {
	Code string `json:"code" jsonschema:"FlowZap Code"`
	Lng  string `json:"lng,omitempty" jsonschema:"language of the messages: en (default), fr or zh"`
}

func (t *tools) fzExport(_ context.Context, _ *sdk.CallToolRequest, in CodeLngIn) (*sdk.CallToolResult, *FZExportOut, error) {
	r, err := t.fzChecked(lang(in.Lng), in.Code)
	if err != nil {
		return fzFail(err), nil, nil
	}
	out := &FZExportOut{Success: true, Graph: fzGraph(pipeline.Export(r))}
	return jsonResult(out), out, nil
}

// FZDiffIn is flowzap_diff's input.
type FZDiffIn struct {
	OldCode string `json:"oldCode" jsonschema:"original FlowZap Code"`
	NewCode string `json:"newCode" jsonschema:"updated FlowZap Code"`
	Lng     string `json:"lng,omitempty" jsonschema:"language of the summary: en (default), fr or zh"`
}

// FZNodeRef is a node in FlowZap's diff lists.
type FZNodeRef struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Lane  string `json:"lane"`
}

// FZEdgeRef is an edge in FlowZap's diff lists.
type FZEdgeRef struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Label string `json:"label,omitempty"`
}

// FZOldNew is one changed value.
type FZOldNew struct {
	Old string `json:"old"`
	New string `json:"new"`
}

// FZNodeUpdate is one changed node.
type FZNodeUpdate struct {
	ID      string              `json:"id"`
	Changes map[string]FZOldNew `json:"changes"`
}

// FZChanges is FlowZap's diff body.
type FZChanges struct {
	NodesAdded   []FZNodeRef    `json:"nodesAdded"`
	NodesRemoved []FZNodeRef    `json:"nodesRemoved"`
	NodesUpdated []FZNodeUpdate `json:"nodesUpdated"`
	EdgesAdded   []FZEdgeRef    `json:"edgesAdded"`
	EdgesRemoved []FZEdgeRef    `json:"edgesRemoved"`
	LanesAdded   []string       `json:"lanesAdded"`
	LanesRemoved []string       `json:"lanesRemoved"`
}

// FZDiffOut is flowzap_diff's result: FlowZap's shape plus our detailed
// change list.
type FZDiffOut struct {
	Success bool                 `json:"success"`
	Changes FZChanges            `json:"changes"`
	Summary string               `json:"summary"`
	Details *pipeline.DiffResult `json:"details,omitempty" jsonschema:"flowzap's detailed diff: renumbering, moves, handle and order changes, loops"`
}

func (t *tools) fzDiff(_ context.Context, _ *sdk.CallToolRequest, in FZDiffIn) (*sdk.CallToolResult, *FZDiffOut, error) {
	l := lang(in.Lng)
	a, err := t.fzChecked(l, in.OldCode)
	if err != nil {
		return fzFail(fmt.Errorf("oldCode: %v", err)), nil, nil
	}
	b, err := t.fzChecked(l, in.NewCode)
	if err != nil {
		return fzFail(fmt.Errorf("newCode: %v", err)), nil, nil
	}
	out := &FZDiffOut{Success: true, Changes: FZChanges{NodesAdded: []FZNodeRef{}, NodesRemoved: []FZNodeRef{}, NodesUpdated: []FZNodeUpdate{},
		EdgesAdded: []FZEdgeRef{}, EdgesRemoved: []FZEdgeRef{}, LanesAdded: []string{}, LanesRemoved: []string{}}}
	c := &out.Changes
	og, ng := fzGraph(pipeline.Export(a)), fzGraph(pipeline.Export(b))
	byID := func(g *FZGraph) map[string]*FZNode {
		m := make(map[string]*FZNode, len(g.Nodes))
		for i := range g.Nodes {
			m[g.Nodes[i].ID] = &g.Nodes[i]
		}
		return m
	}
	on, nn := byID(og), byID(ng)
	prop := func(n *FZNode, k string) string { return n.Properties[k] }
	for _, n := range ng.Nodes {
		o := on[n.ID]
		if o == nil {
			c.NodesAdded = append(c.NodesAdded, FZNodeRef{n.ID, n.Label, n.LaneID})
			continue
		}
		ch := map[string]FZOldNew{}
		for _, f := range []struct{ k, o, n string }{{"label", o.Label, n.Label}, {"shape", o.Shape, n.Shape}, {"laneId", o.LaneID, n.LaneID},
			{"owner", prop(o, "owner"), prop(&n, "owner")}, {"description", prop(o, "description"), prop(&n, "description")},
			{"system", prop(o, "system"), prop(&n, "system")}} {
			if f.o != f.n {
				ch[f.k] = FZOldNew{f.o, f.n}
			}
		}
		if len(ch) > 0 {
			c.NodesUpdated = append(c.NodesUpdated, FZNodeUpdate{ID: n.ID, Changes: ch})
		}
	}
	for _, o := range og.Nodes {
		if nn[o.ID] == nil {
			c.NodesRemoved = append(c.NodesRemoved, FZNodeRef{o.ID, o.Label, o.LaneID})
		}
	}
	key := func(e FZEdge) string { return e.From + "->" + e.To + "\x00" + e.Label }
	count := func(g *FZGraph) map[string]int {
		m := map[string]int{}
		for _, e := range g.Edges {
			m[key(e)]++
		}
		return m
	}
	oc, nc := count(og), count(ng)
	for _, e := range ng.Edges {
		if k := key(e); oc[k] > 0 {
			oc[k]--
		} else {
			c.EdgesAdded = append(c.EdgesAdded, FZEdgeRef{e.From, e.To, e.Label})
		}
	}
	for _, e := range og.Edges {
		if k := key(e); nc[k] > 0 {
			nc[k]--
		} else {
			c.EdgesRemoved = append(c.EdgesRemoved, FZEdgeRef{e.From, e.To, e.Label})
		}
	}
	ol, nl := map[string]bool{}, map[string]bool{}
	for _, x := range og.Lanes {
		ol[x.ID] = true
	}
	for _, x := range ng.Lanes {
		nl[x.ID] = true
		if !ol[x.ID] {
			c.LanesAdded = append(c.LanesAdded, x.ID)
		}
	}
	for _, x := range og.Lanes {
		if !nl[x.ID] {
			c.LanesRemoved = append(c.LanesRemoved, x.ID)
		}
	}
	details, err := pipeline.Diff("old.fz", []byte(in.OldCode), "new.fz", []byte(in.NewCode))
	if err == nil {
		out.Details = details
	}
	var parts []string
	labels := func(ns []FZNodeRef) string {
		q := make([]string, len(ns))
		for i, n := range ns {
			q[i] = strconv.Quote(n.Label)
		}
		return strings.Join(q, ", ")
	}
	if len(c.NodesAdded) > 0 {
		parts = append(parts, msg(l, "nodesAdded", len(c.NodesAdded), labels(c.NodesAdded)))
	}
	if len(c.NodesRemoved) > 0 {
		parts = append(parts, msg(l, "nodesRemoved", len(c.NodesRemoved), labels(c.NodesRemoved)))
	}
	if len(c.NodesUpdated) > 0 {
		parts = append(parts, msg(l, "nodesUpdated", len(c.NodesUpdated)))
	}
	if len(c.EdgesAdded) > 0 {
		parts = append(parts, msg(l, "edgesAdded", len(c.EdgesAdded)))
	}
	if len(c.EdgesRemoved) > 0 {
		parts = append(parts, msg(l, "edgesRemoved", len(c.EdgesRemoved)))
	}
	if len(c.LanesAdded) > 0 {
		parts = append(parts, msg(l, "lanesAdded", strings.Join(c.LanesAdded, ", ")))
	}
	if len(c.LanesRemoved) > 0 {
		parts = append(parts, msg(l, "lanesRemoved", strings.Join(c.LanesRemoved, ", ")))
	}
	if details != nil {
		for _, ch := range details.Changes {
			if ch.Element == "edge" && ch.Kind == "reordered" {
				parts = append(parts, msg(l, "edgesReordered"))
				break
			}
		}
	}
	out.Summary = msg(l, "noChanges")
	if len(parts) > 0 {
		out.Summary = strings.Join(parts, ". ")
	}
	return jsonResult(out), out, nil
}

// FZNewNode is a node to insert, in FlowZap's shape.
type FZNewNode struct {
	Shape      string            `json:"shape,omitempty" jsonschema:"circle, rectangle (default), diamond or taskbox"`
	Label      string            `json:"label,omitempty"`
	Properties map[string]string `json:"properties,omitempty" jsonschema:"owner, description and system"`
}

// FZNewEdge is an edge, in FlowZap's shape.
type FZNewEdge struct {
	From       string `json:"from" jsonschema:"source node ID"`
	To         string `json:"to" jsonschema:"target node ID"`
	Label      string `json:"label,omitempty"`
	FromHandle string `json:"fromHandle,omitempty" jsonschema:"left, right, top or bottom (inferred when absent)"`
	ToHandle   string `json:"toHandle,omitempty" jsonschema:"left, right, top or bottom (inferred when absent)"`
}

// FZOp is one operation in FlowZap's apply_change shape.
type FZOp struct {
	Op           string            `json:"op" jsonschema:"insertNode (needs laneId and newNode), removeNode (nodeId), updateNode (nodeId and updates), insertEdge (newEdge), removeEdge (edgeId, or newEdge.from and newEdge.to), updateEdge (edgeId or newEdge.from/to, and updates: label, fromHandle, toHandle)"`
	NodeID       string            `json:"nodeId,omitempty" jsonschema:"the node to remove or update"`
	EdgeID       string            `json:"edgeId,omitempty" jsonschema:"an edge as e1, e2... in written order (the IDs flowzap_export_graph gives)"`
	AfterNodeID  string            `json:"afterNodeId,omitempty" jsonschema:"insertNode: place the new node after this node"`
	BeforeNodeID string            `json:"beforeNodeId,omitempty" jsonschema:"insertNode: place the new node before this node"`
	LaneID       string            `json:"laneId,omitempty" jsonschema:"insertNode: the lane of the new node"`
	NewNode      *FZNewNode        `json:"newNode,omitempty" jsonschema:"insertNode: the new node (shape, label, properties)"`
	NewEdge      *FZNewEdge        `json:"newEdge,omitempty" jsonschema:"insertEdge: the new edge (from, to, label, fromHandle, toHandle); removeEdge and updateEdge: from and to name the edge when edgeId is absent"`
	Updates      map[string]string `json:"updates,omitempty" jsonschema:"updateNode: label, shape, owner, description, system or laneId (moves the node); updateEdge: label, fromHandle, toHandle"`
}

// FZChangeIn is flowzap_apply_change's input.
type FZChangeIn struct {
	Code       string `json:"code" jsonschema:"current FlowZap Code to modify"`
	Operations []FZOp `json:"operations" jsonschema:"the operations, applied in order, all or nothing"`
	Lng        string `json:"lng,omitempty" jsonschema:"language of the messages: en (default), fr or zh"`
}

// FZChangeOut is flowzap_apply_change's result.
type FZChangeOut struct {
	Success bool     `json:"success"`
	Code    string   `json:"code"`
	URL     *string  `json:"url"`
	Applied []string `json:"applied"`
	Summary string   `json:"summary"`
}

func strp(s string) *string { return &s }

// fzOps translates FlowZap operations into ours. Edge IDs eN refer to the
// written order of the input, so they are resolved to from/to/index first.
func fzOps(g *pipeline.Graph, ops []FZOp) ([]pipeline.PatchOp, error) {
	edgeRef := func(i int, op FZOp) (from, to string, index *int, err error) {
		if op.EdgeID != "" {
			n, err := strconv.Atoi(strings.TrimPrefix(op.EdgeID, "e"))
			if err != nil || n < 1 || n > len(g.Edges) || !strings.HasPrefix(op.EdgeID, "e") {
				return "", "", nil, fmt.Errorf("operation %d (%s): edge %q does not exist: edges are e1..e%d in written order", i+1, op.Op, op.EdgeID, len(g.Edges))
			}
			e := g.Edges[n-1]
			k := 0
			for _, o := range g.Edges[:n-1] {
				if o.From == e.From && o.To == e.To {
					k++
				}
			}
			return e.From, e.To, &k, nil
		}
		if op.NewEdge == nil || op.NewEdge.From == "" || op.NewEdge.To == "" {
			return "", "", nil, fmt.Errorf("operation %d (%s) needs edgeId, or newEdge with from and to", i+1, op.Op)
		}
		return op.NewEdge.From, op.NewEdge.To, nil, nil
	}
	var out []pipeline.PatchOp
	for i, op := range ops {
		switch op.Op {
		case "insertNode":
			if op.LaneID == "" || op.NewNode == nil {
				return nil, fmt.Errorf("operation %d (insertNode) needs laneId and newNode", i+1)
			}
			p := pipeline.PatchOp{Op: "insertNode", Lane: op.LaneID, Shape: op.NewNode.Shape, Label: strp(op.NewNode.Label),
				After: op.AfterNodeID, Before: op.BeforeNodeID}
			for k, v := range op.NewNode.Properties {
				switch k {
				case "owner":
					p.Owner = strp(v)
				case "description":
					p.Description = strp(v)
				case "system":
					p.System = strp(v)
				case "label":
					p.Label = strp(v)
				default:
					return nil, fmt.Errorf("operation %d (insertNode): unknown property %q: expected owner, description or system", i+1, k)
				}
			}
			out = append(out, p)
		case "removeNode":
			if op.NodeID == "" {
				return nil, fmt.Errorf("operation %d (removeNode) needs nodeId", i+1)
			}
			out = append(out, pipeline.PatchOp{Op: "removeNode", ID: op.NodeID})
		case "updateNode":
			if op.NodeID == "" || len(op.Updates) == 0 {
				return nil, fmt.Errorf("operation %d (updateNode) needs nodeId and updates", i+1)
			}
			p := pipeline.PatchOp{Op: "updateNode", ID: op.NodeID}
			keys := make([]string, 0, len(op.Updates))
			for k := range op.Updates {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			var move string
			for _, k := range keys {
				v := op.Updates[k]
				switch k {
				case "label":
					p.Label = strp(v)
				case "shape":
					p.Shape = v
				case "owner":
					p.Owner = strp(v)
				case "description":
					p.Description = strp(v)
				case "system":
					p.System = strp(v)
				case "laneId", "lane":
					move = v
				default:
					return nil, fmt.Errorf("operation %d (updateNode): unknown update %q: expected label, shape, owner, description, system or laneId", i+1, k)
				}
			}
			if p.Label != nil || p.Shape != "" || p.Owner != nil || p.Description != nil || p.System != nil {
				out = append(out, p)
			}
			if move != "" {
				out = append(out, pipeline.PatchOp{Op: "moveNode", ID: op.NodeID, Lane: move})
			}
		case "insertEdge":
			if op.NewEdge == nil || op.NewEdge.From == "" || op.NewEdge.To == "" {
				return nil, fmt.Errorf("operation %d (insertEdge) needs newEdge with from and to", i+1)
			}
			p := pipeline.PatchOp{Op: "insertEdge", From: op.NewEdge.From, To: op.NewEdge.To, FromSide: op.NewEdge.FromHandle, ToSide: op.NewEdge.ToHandle}
			if op.NewEdge.Label != "" {
				p.Label = strp(op.NewEdge.Label)
			}
			out = append(out, p)
		case "removeEdge", "updateEdge":
			from, to, idx, err := edgeRef(i, op)
			if err != nil {
				return nil, err
			}
			p := pipeline.PatchOp{Op: op.Op, From: from, To: to, Index: idx}
			if op.Op == "updateEdge" {
				for k, v := range op.Updates {
					switch k {
					case "label":
						p.Label = strp(v)
					case "fromHandle", "sourceHandle":
						p.FromSide = v
					case "toHandle", "targetHandle":
						p.ToSide = v
					default:
						return nil, fmt.Errorf("operation %d (updateEdge): unknown update %q: expected label, fromHandle or toHandle", i+1, k)
					}
				}
				if op.NewEdge != nil && op.EdgeID != "" {
					if op.NewEdge.Label != "" {
						p.Label = strp(op.NewEdge.Label)
					}
				}
			}
			out = append(out, p)
		default:
			return nil, fmt.Errorf("operation %d: unknown op %q: expected insertNode, removeNode, updateNode, insertEdge, removeEdge or updateEdge", i+1, op.Op)
		}
	}
	return out, nil
}

func (t *tools) fzChange(ctx context.Context, _ *sdk.CallToolRequest, in FZChangeIn) (*sdk.CallToolResult, *FZChangeOut, error) {
	l := lang(in.Lng)
	r, err := t.fzChecked(l, in.Code)
	if err != nil {
		return fzFail(err), nil, nil
	}
	if len(in.Operations) == 0 {
		return fzFail(fmt.Errorf("operations is empty: give at least one operation")), nil, nil
	}
	if err := t.opsLimit(len(in.Code), in.Operations); err != nil {
		return fzFail(err), nil, nil
	}
	ops, err := fzOps(pipeline.Export(r), in.Operations)
	if err != nil {
		return fzFail(err), nil, nil
	}
	res, err := pipeline.Patch("input.fz", []byte(in.Code), ops)
	if err != nil {
		return fzFail(fmt.Errorf("%v; nothing was changed", err)), nil, nil
	}
	out := &FZChangeOut{Success: true, Code: string(res.Code), Applied: res.Applied, Summary: msg(l, "applied", len(res.Applied))}
	if link, err := t.playgroundURL(ctx, out.Code, "workflow"); err == nil && link != "" {
		out.URL = &link
	}
	return jsonResult(out), out, nil
}

// opsLimit counts the operations toward the input limit, as their JSON.
func (t *tools) opsLimit(codeLen int, ops any) error {
	b, _ := json.Marshal(ops)
	if codeLen+len(b) > t.opts.MaxInput {
		return fmt.Errorf("the code and operations are %d bytes together: the limit is %d bytes", codeLen+len(b), t.opts.MaxInput)
	}
	return nil
}

// FZArtifactIn is flowzap_artifact_to_diagram's input.
type FZArtifactIn struct {
	ArtifactType string `json:"artifactType" jsonschema:"http_logs (an access log or a HAR file), openapi (JSON or YAML), code (Go source)"`
	Content      string `json:"content" jsonschema:"the artifact's text"`
	View         string `json:"view,omitempty" jsonschema:"the view the link opens: sequence (default for logs and code) or workflow (default for openapi)"`
	Function     string `json:"function,omitempty" jsonschema:"code only: the function (Name) or method (Type.Method) to follow; default main, else the first function"`
	Lng          string `json:"lng,omitempty" jsonschema:"language of the notes: en (default), fr or zh"`
}

// FZArtifactStats are FlowZap's artifact stats.
type FZArtifactStats struct {
	Actors    []string `json:"actors"`
	StepCount int      `json:"stepCount"`
}

// FZArtifactOut is flowzap_artifact_to_diagram's result.
type FZArtifactOut struct {
	Success bool            `json:"success"`
	Code    string          `json:"code"`
	URL     *string         `json:"url"`
	View    string          `json:"view"`
	Notes   string          `json:"notes"`
	Stats   FZArtifactStats `json:"stats"`
}

func (t *tools) fzArtifact(ctx context.Context, _ *sdk.CallToolRequest, in FZArtifactIn) (*sdk.CallToolResult, *FZArtifactOut, error) {
	l := lang(in.Lng)
	if err := t.fzCode(l, "content", in.Content); err != nil {
		return fzFail(err), nil, nil
	}
	var kind, view, what string
	switch in.ArtifactType {
	case "http_logs", "har", "log":
		kind, view, what = "log", "sequence", "HTTP log"
		if trimmed := strings.TrimSpace(in.Content); strings.HasPrefix(trimmed, "{") {
			kind, what = "har", "HAR file"
		}
	case "openapi":
		kind, view, what = "openapi", "workflow", "OpenAPI document"
	case "code", "go":
		kind, view, what = "go", "sequence", "Go code"
	default:
		return fzFail(fmt.Errorf("invalid artifactType %q: expected http_logs, openapi or code", in.ArtifactType)), nil, nil
	}
	if in.View != "" {
		if !pipeline.IsView(in.View) {
			return fzFail(fmt.Errorf("%s", msg(l, "badView", in.View, strings.Join(pipeline.Views, ", ")))), nil, nil
		}
		view = in.View
	}
	code, err := importArtifact(kind, []string{in.Content}, pipeline.ImportOptions{Func: in.Function})
	if err != nil {
		return fzFail(err), nil, nil
	}
	r := pipeline.Check("import.fz", []byte(code), pipeline.Options{})
	if err := t.madeWithin(kind, r); err != nil {
		return fzFail(err), nil, nil
	}
	g := pipeline.Export(r)
	out := &FZArtifactOut{Success: true, Code: code, View: view, Stats: FZArtifactStats{Actors: []string{}, StepCount: len(g.Edges)}}
	for _, ln := range g.Lanes {
		out.Stats.Actors = append(out.Stats.Actors, ln.Label)
	}
	out.Notes = msg(l, "imported", out.Stats.StepCount, len(out.Stats.Actors), what)
	if link, err := t.playgroundURL(ctx, code, view); err == nil && link != "" {
		out.URL = &link
	}
	return jsonResult(out), out, nil
}
