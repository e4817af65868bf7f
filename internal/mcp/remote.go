package mcp

import (
	"context"
	"fmt"
	"strings"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"flowzap/internal/diag"
	"flowzap/internal/pipeline"
)

// This file holds the tools of FlowZap's remote connector: flowzap_fix and
// the mind map tools.

// FZCorrection is one repair.
type FZCorrection struct {
	Line    int    `json:"line"`
	Code    string `json:"code,omitempty"`
	Message string `json:"message"`
}

// FZFixOut is flowzap_fix's result.
type FZFixOut struct {
	Success     bool           `json:"success"`
	Valid       bool           `json:"valid" jsonschema:"the returned code passes strict checks"`
	Code        string         `json:"code" jsonschema:"the repaired code (the input when nothing could be repaired)"`
	Corrections []FZCorrection `json:"corrections"`
	Remaining   []FZProblem    `json:"remaining" jsonschema:"problems a person has to decide, with line numbers in the returned code"`
	Summary     string         `json:"summary"`
}

func (t *tools) fzFix(ctx context.Context, _ *sdk.CallToolRequest, in CodeLngIn) (*sdk.CallToolResult, *FZFixOut, error) {
	l := lang(in.Lng)
	if err := t.fzCode(l, "code", in.Code); err != nil {
		return fzFail(err), nil, nil
	}
	r, err := t.fixed(ctx, in.Code)
	if err != nil {
		return fzFail(err), nil, nil
	}
	out := &FZFixOut{Success: true, Code: in.Code, Corrections: []FZCorrection{}, Remaining: []FZProblem{}}
	if r.Code != nil {
		out.Code = string(r.Code)
	}
	for _, c := range r.Corrections {
		out.Corrections = append(out.Corrections, FZCorrection{Line: c.Line, Code: string(c.Code), Message: diagMessage(l, string(c.Code), c.Msg)})
	}
	check := pipeline.Check("input.fz", []byte(out.Code), pipeline.Options{Strict: true})
	for _, sev := range []diag.Severity{diag.Error, diag.Warning} {
		out.Remaining = append(out.Remaining, fzProblems(l, check, sev)...)
	}
	out.Valid = check.OK()
	switch {
	case len(out.Corrections) == 0 && out.Valid:
		out.Summary = msg(l, "nothingToFix")
	case out.Valid && len(out.Remaining) == 0:
		out.Summary = msg(l, "fixedAll", len(out.Corrections))
	default:
		out.Summary = msg(l, "fixedSome", len(out.Corrections), len(out.Remaining))
	}
	return jsonResult(out), out, nil
}

// FZMindMapStats describe a mind map.
type FZMindMapStats struct {
	Root     string `json:"root" jsonschema:"the root's label (the first circle)"`
	Branches int    `json:"branches" jsonschema:"branches directly under the root"`
	Depth    int    `json:"depth" jsonschema:"levels below the root"`
	Nodes    int    `json:"nodes" jsonschema:"nodes the mind map draws"`
	Omitted  int    `json:"omitted" jsonschema:"nodes the mind map leaves out (shapes other than the root circle and rectangles)"`
}

// FZMindMapOut is flowzap_mindmap_validate's result.
type FZMindMapOut struct {
	Valid    bool           `json:"valid"`
	Errors   []FZProblem    `json:"errors"`
	Warnings []FZProblem    `json:"warnings"`
	Stats    FZMindMapStats `json:"stats"`
	Message  string         `json:"message"`
}

// mindMap describes g as a mind map: the first circle (else the first
// rectangle) is the root, edges in either direction join branches.
func mindMap(g *pipeline.Graph) (FZMindMapStats, bool) {
	var st FZMindMapStats
	root := ""
	for _, shape := range []string{"circle", "rectangle"} {
		for _, n := range g.Nodes {
			if n.Shape == shape {
				root, st.Root = n.ID, n.Label
				break
			}
		}
		if root != "" {
			break
		}
	}
	if root == "" {
		return st, false
	}
	adj := map[string][]string{}
	for _, e := range g.Edges {
		adj[e.From] = append(adj[e.From], e.To)
		adj[e.To] = append(adj[e.To], e.From)
	}
	depth := map[string]int{root: 0}
	queue := []string{root}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		for _, m := range adj[id] {
			if _, ok := depth[m]; !ok {
				depth[m] = depth[id] + 1
				queue = append(queue, m)
			}
		}
	}
	for _, n := range g.Nodes {
		drawn := n.ID == root || n.Shape == "rectangle"
		if !drawn {
			st.Omitted++
			continue
		}
		st.Nodes++
		d, ok := depth[n.ID]
		if !ok {
			d = 1 // unreached rectangles hang from the root
		}
		if d == 1 {
			st.Branches++
		}
		st.Depth = max(st.Depth, d)
	}
	return st, true
}

func (t *tools) fzMindMapCheck(l, code string) (*pipeline.Result, *FZMindMapOut, error) {
	if err := t.fzCode(l, "code", code); err != nil {
		return nil, nil, err
	}
	r := pipeline.Check("input.fz", []byte(code), pipeline.Options{Strict: true})
	out := &FZMindMapOut{Errors: fzProblems(l, r, diag.Error), Warnings: fzProblems(l, r, diag.Warning)}
	if r.OK() {
		notes := pipeline.ViewNotes(r.Doc, "mindmap")
		for _, d := range firstOf(notes.Filter(diag.Info)).JSONList(r.File) {
			out.Warnings = append(out.Warnings, FZProblem{Line: d.Line, Column: d.Column, Message: diagMessage(l, d.Code, d.Message), Code: d.Code, Severity: "warning"})
		}
		st, ok := mindMap(pipeline.Export(r))
		out.Stats = st
		if !ok {
			out.Errors = append(out.Errors, FZProblem{Line: 1, Column: 1, Message: msg(l, "mindmapNoRoot"), Code: "mindmap", Severity: "error"})
		}
	}
	out.Valid = len(out.Errors) == 0
	if out.Valid {
		out.Message = msg(l, "mindmapValid", out.Stats.Root, out.Stats.Branches, out.Stats.Depth)
	} else {
		out.Message = msg(l, "invalid", len(out.Errors))
	}
	return r, out, nil
}

func (t *tools) fzMindMapValidate(_ context.Context, _ *sdk.CallToolRequest, in CodeLngIn) (*sdk.CallToolResult, *FZMindMapOut, error) {
	_, out, err := t.fzMindMapCheck(lang(in.Lng), in.Code)
	if err != nil {
		return fzFail(err), nil, nil
	}
	return jsonResult(out), out, nil
}

// FZApproveOut is flowzap_mindmap_approve's result.
type FZApproveOut struct {
	Approved bool           `json:"approved"`
	Code     string         `json:"code" jsonschema:"the approved code in canonical form (the input when not approved)"`
	Errors   []FZProblem    `json:"errors"`
	Stats    FZMindMapStats `json:"stats"`
	Message  string         `json:"message"`
}

func (t *tools) fzMindMapApprove(_ context.Context, _ *sdk.CallToolRequest, in CodeLngIn) (*sdk.CallToolResult, *FZApproveOut, error) {
	l := lang(in.Lng)
	_, chk, err := t.fzMindMapCheck(l, in.Code)
	if err != nil {
		return fzFail(err), nil, nil
	}
	out := &FZApproveOut{Approved: chk.Valid, Code: in.Code, Errors: chk.Errors, Stats: chk.Stats, Message: msg(l, "notApproved")}
	if chk.Valid {
		if f, err := pipeline.Format("input.fz", []byte(in.Code)); err == nil {
			out.Code = string(f.Code)
		}
		out.Message = msg(l, "approved")
	}
	return jsonResult(out), out, nil
}

func (t *tools) fzMindMapPlayground(ctx context.Context, req *sdk.CallToolRequest, in CodeLngIn) (*sdk.CallToolResult, FZPlaygroundOut, error) {
	l := lang(in.Lng)
	_, chk, err := t.fzMindMapCheck(l, in.Code)
	if err != nil {
		return nil, FZPlaygroundOut{}, err
	}
	if !chk.Valid {
		var b strings.Builder
		b.WriteString(chk.Message)
		for _, e := range chk.Errors {
			b.WriteString("\n- " + msg(l, "line", e.Line, e.Message))
		}
		return nil, FZPlaygroundOut{}, fmt.Errorf("%s", b.String())
	}
	return t.fzPlaygroundView(ctx, l, in.Code, "mindmap")
}

// FZTemplateIn is flowzap_mindmap_template's input.
type FZTemplateIn struct {
	Topic    string   `json:"topic,omitempty" jsonschema:"the root's label"`
	Branches []string `json:"branches,omitempty" jsonschema:"labels of the first-level branches (default: four generic ones)"`
	Lng      string   `json:"lng,omitempty" jsonschema:"language of the labels and message: en (default), fr or zh"`
}

// FZTemplateOut is flowzap_mindmap_template's result.
type FZTemplateOut struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (t *tools) fzMindMapTemplate(_ context.Context, _ *sdk.CallToolRequest, in FZTemplateIn) (*sdk.CallToolResult, *FZTemplateOut, error) {
	l := lang(in.Lng)
	topic := strings.TrimSpace(in.Topic)
	if topic == "" {
		topic = msg(l, "tmplTopic")
	}
	branches := in.Branches
	if len(branches) == 0 {
		branches = []string{msg(l, "tmplIdeas"), msg(l, "tmplGoals"), msg(l, "tmplRisks"), msg(l, "tmplNext")}
	}
	if len(branches) > 50 {
		return fzFail(fmt.Errorf("at most 50 branches, got %d", len(branches))), nil, nil
	}
	code, err := pipeline.MindMapCode(msg(l, "tmplRoot"), topic, branches)
	if err != nil {
		return fzFail(err), nil, nil
	}
	out := &FZTemplateOut{Code: code, Message: msg(l, "template", topic)}
	return jsonResult(out), out, nil
}
