package importer

import (
	"fmt"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// OpenAPI converts an OpenAPI 3 document (JSON or YAML) into a client/API
// flow: the client calls each operation, grouped into one lane per tag (or
// per first path segment when untagged); each operation's label is its
// summary or operation ID, and its responses are listed as the outcomes.
func OpenAPI(data []byte) (string, error) {
	var doc struct {
		OpenAPI string `yaml:"openapi"`
		Swagger string `yaml:"swagger"`
		Info    struct {
			Title   string `yaml:"title"`
			Version string `yaml:"version"`
		} `yaml:"info"`
		Paths map[string]map[string]yaml.Node `yaml:"paths"`
	}
	// YAML is a superset of JSON, so one decoder reads both.
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return "", fmt.Errorf("not an OpenAPI document: %v", err)
	}
	if doc.Swagger != "" && doc.OpenAPI == "" {
		return "", fmt.Errorf("this is Swagger %s (OpenAPI 2): expected OpenAPI 3 (\"openapi: 3.x\")", doc.Swagger)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3") {
		return "", fmt.Errorf("missing or unsupported \"openapi\" version %q: expected 3.x", doc.OpenAPI)
	}
	if len(doc.Paths) == 0 {
		return "", fmt.Errorf("the document has no paths")
	}
	type op struct {
		method, path, label, group string
		responses                  []string
	}
	var ops []op
	paths := make([]string, 0, len(doc.Paths))
	for p := range doc.Paths {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	methods := []string{"get", "post", "put", "patch", "delete", "head", "options"}
	for _, p := range paths {
		for _, m := range methods {
			node, ok := doc.Paths[p][m]
			if !ok {
				continue
			}
			var o struct {
				Summary     string               `yaml:"summary"`
				OperationID string               `yaml:"operationId"`
				Tags        []string             `yaml:"tags"`
				Responses   map[string]yaml.Node `yaml:"responses"`
			}
			if err := node.Decode(&o); err != nil {
				return "", fmt.Errorf("%s %s: %v", strings.ToUpper(m), p, err)
			}
			label := o.Summary
			if label == "" {
				label = o.OperationID
			}
			group := ""
			if len(o.Tags) > 0 {
				group = o.Tags[0]
			} else {
				seg := strings.SplitN(strings.TrimPrefix(p, "/"), "/", 2)[0]
				group = strings.Trim(seg, "{}")
			}
			if group == "" {
				group = "API"
			}
			var codes []string
			for c := range o.Responses {
				codes = append(codes, c)
			}
			sort.Strings(codes)
			ops = append(ops, op{strings.ToUpper(m), p, label, group, codes})
		}
	}
	if len(ops) == 0 {
		return "", fmt.Errorf("the document has paths but no operations")
	}
	title := doc.Info.Title
	if title == "" {
		title = "API"
	}
	b := newBuilder()
	b.comment("Imported from the OpenAPI document %q %s: %s.", title, doc.Info.Version, plural(len(ops), "operation", "operations"))
	client := b.lane("Client")
	for _, o := range ops {
		b.lane(title + ": " + o.group)
	}
	// Each operation is a request answered by its documented responses,
	// one after the other, so the sequence view pairs them.
	cur := b.newNode(client, "", "circle", "Client app")
	for _, o := range ops {
		l := b.lane(title + ": " + o.group)
		route := o.method + " " + o.path
		n := b.newNode(l, "", "rectangle", route)
		label := o.label
		if label == "" {
			label = route
		}
		b.edge(cur, n, label)
		answer := "response"
		if len(o.responses) > 0 {
			answer = strings.Join(o.responses, "/")
		}
		next := b.newNode(client, "", "rectangle", "Receive "+answer)
		b.edge(n, next, answer)
		cur = next
	}
	return b.String(), nil
}
