// Command server measures flowzap's HTTP server under load.
package main

import (
	"flag"
	"strings"
	"time"
)

func main() {
	mode := flag.String("mode", "edits", "edits, starts")
	dsn := flag.String("db", "", "database")
	inst := flag.Int("instances", 1, "instances")
	clients := flag.Int("c", 4, "clients")
	d := flag.Duration("d", 10*time.Second, "duration")
	k := flag.Int("k", 2, "instances started at once")
	flag.Parse()
	switch *mode {
	case "edits":
		edits(*dsn, *inst, *clients, *d)
	case "starts":
		starts(*dsn, *k, 20)
	}
}

func replaceDB(dsn, name string) string {
	i := strings.LastIndex(dsn, "/")
	j := strings.Index(dsn[i:], "?")
	if j < 0 {
		return dsn[:i+1] + name
	}
	return dsn[:i+1] + name + dsn[i+j:]
}
