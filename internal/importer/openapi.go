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
// Operations keep the order the document gives them.
func OpenAPI(data []byte) (string, error) {
	var doc struct {
		OpenAPI string `yaml:"openapi"`
		Swagger string `yaml:"swagger"`
		Info    struct {
			Title   string `yaml:"title"`
			Version string `yaml:"version"`
		} `yaml:"info"`
		Paths yaml.Node `yaml:"paths"`
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
	if doc.Paths.Kind != yaml.MappingNode || len(doc.Paths.Content) == 0 {
		return "", fmt.Errorf("the document has no paths")
	}
	type op struct {
		method, path, label, group string
		responses                  []string
	}
	var ops []op
	methods := map[string]bool{"get": true, "post": true, "put": true, "patch": true, "delete": true, "head": true, "options": true, "trace": true}
	// Paths and their operations keep the document's order: the order the
	// API's authors chose is usually the order a client meets them in.
	for i := 0; i+1 < len(doc.Paths.Content); i += 2 {
		p, item := doc.Paths.Content[i].Value, doc.Paths.Content[i+1]
		if item.Kind != yaml.MappingNode {
			continue
		}
		for j := 0; j+1 < len(item.Content); j += 2 {
			m, node := strings.ToLower(item.Content[j].Value), item.Content[j+1]
			if !methods[m] {
				continue // parameters, summary, servers, ...
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
