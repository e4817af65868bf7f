package importer

import "fmt"

// MindMap writes a starter mind map: one lane, the topic as the root
// circle and one rectangle per branch, each joined to the root.
func MindMap(laneLabel, topic string, branches []string) (string, error) {
	if clean(topic, maxLabel) == "" {
		return "", fmt.Errorf("the topic is empty")
	}
	b := newBuilder()
	l := b.lane("mindmap")
	l.label = clean(laneLabel, maxLabel)
	root := b.newNode(l, "", "circle", topic)
	for i, br := range branches {
		if clean(br, maxLabel) == "" {
			return "", fmt.Errorf("branch %d is empty", i+1)
		}
		b.edge(root, b.newNode(l, "", "rectangle", br), "")
	}
	return b.String(), nil
}
