package model_test

import (
	"testing"

	"flowzap/internal/model"
)

// TestRequestsNeverAnswer: a message written as an HTTP request is a
// request even when a request the other way is pending; the next message
// back answers it. Without the rule, "POST /token" answered "redirect
// with code" and the tokens answered nothing.
func TestRequestsNeverAnswer(t *testing.T) {
	d := doc(t, `app { # App
  n1: rectangle label:"Exchange code"
  n2: rectangle label:"Create session"
  n1.handle(bottom) -> idp.n3.handle(top) [label="POST /token"]
}
idp { # IdP
  n4: rectangle label:"Verify"
  n3: rectangle label:"Issue tokens"
  n4.handle(top) -> app.n1.handle(bottom) [label="redirect with code"]
  n3.handle(top) -> app.n2.handle(bottom) [label="tokens"]
}
`)
	by := map[string]*model.Edge{}
	for _, e := range d.Edges {
		by[e.Label] = e
	}
	// Written order: "POST /token" first, so look at the flow's order.
	c := model.Converse(d, model.Order(d, model.FlowOrder))
	if r := c.Reply[by["POST /token"].Index]; r != nil {
		t.Errorf("POST /token answers %q", r.Label)
	}
	if r := c.Reply[by["tokens"].Index]; r != by["POST /token"] {
		t.Errorf("tokens answer %v, want POST /token", r)
	}
	for _, label := range []string{"GET", "DELETE /orders/7", "OPTIONS *"} {
		d := doc(t, "a { # A\n  n1: rectangle label:\"Ask\"\n  n1.handle(bottom) -> b.n2.handle(top) [label=\"call\"]\n}\nb { # B\n  n2: rectangle label:\"Serve\"\n  n2.handle(top) -> a.n1.handle(bottom) [label=\""+label+"\"]\n}\n")
		if c := model.Converse(d, nil); c.Reply[1] != nil {
			t.Errorf("%q answers a request", label)
		}
	}
	for _, label := range []string{"GETTING", "Post it", "200 OK", "get"} {
		d := doc(t, "a { # A\n  n1: rectangle label:\"Ask\"\n  n1.handle(bottom) -> b.n2.handle(top) [label=\"call\"]\n}\nb { # B\n  n2: rectangle label:\"Serve\"\n  n2.handle(top) -> a.n1.handle(bottom) [label=\""+label+"\"]\n}\n")
		if c := model.Converse(d, nil); c.Reply[1] == nil {
			t.Errorf("%q does not answer the request before it", label)
		}
	}
}
