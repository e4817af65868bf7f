// Command server measures flowzap's HTTP server under load (make
// bench-server; results in docs/benchmarks.md):
//
//	-mode load:   render, validate, save and read at 50 and 200
//	              connections on SQLite and, with -pg, PostgreSQL
//	-mode edits:  clients saving versions of one diagram through
//	              several instances on one database
//	-mode starts: instances opening one fresh PostgreSQL database at once
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

func main() {
	mode := flag.String("mode", "load", "load, edits or starts")
	dsn := flag.String("db", "", "database (edits, starts)")
	pg := flag.String("pg", os.Getenv("FLOWZAP_TEST_POSTGRES"), "PostgreSQL DSN for -mode load (default $FLOWZAP_TEST_POSTGRES)")
	inst := flag.Int("instances", 1, "instances (edits)")
	clients := flag.Int("c", 4, "clients (edits)")
	d := flag.Duration("d", 5*time.Second, "duration of each measurement")
	k := flag.Int("k", 2, "instances started at once (starts)")
	flag.Parse()
	switch *mode {
	case "load":
		fmt.Println("| database | operation | connections | requests/s | p50 ms | p99 ms | errors | PostgreSQL connections (peak) |")
		fmt.Println("| --- | --- | --- | --- | --- | --- | --- | --- |")
		dir, _ := os.MkdirTemp("", "bench-server-")
		defer os.RemoveAll(dir)
		loadRun(filepath.Join(dir, "bench.db"), "SQLite", []int{50, 200}, *d)
		if *pg != "" {
			loadRun(*pg, "PostgreSQL", []int{50, 200}, *d)
		}
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
