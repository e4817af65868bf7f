package arch

import (
	"testing"

	"flowzap/internal/model"
)

func TestIconForWholeWords(t *testing.T) {
	for _, c := range []struct{ id, label, want string }{
		{"db", "Orders", "database"},
		{"orders", "Orders DB", "database"},
		{"mongo", "MongoDB", "database"},
		{"pg", "PostgreSQL primary", "database"},
		{"ds", "Event datastore", "database"},
		{"wh", "Data warehouse", "database"},
		{"kafka", "Kafka", "queue"},
		{"bus", "EventBus", "queue"},
		{"mq", "RabbitMQ", "queue"},
		{"users", "Users", "person"},
		{"web", "Visitors", "person"},
		{"pay", "Payment provider", "external"},
		// Words that only contain a keyword name no store, queue or person.
		{"web", "Storefront", ""},
		{"fb", "Feedback", ""},
		{"rules", "Business rules", ""},
		{"down", "Downstream jobs", ""},
		{"upd", "Updater", ""},
	} {
		if got := iconFor(&model.Lane{ID: c.id, Label: c.label}); got != c.want {
			t.Errorf("%s %q: icon %q, want %q", c.id, c.label, got, c.want)
		}
	}
}
