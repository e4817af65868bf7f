// Command precompress writes the gzip (level 9) and brotli (quality 11)
// forms of files next to them, FILE.gz and FILE.br, for servers that send
// compressed files as they are (flowzap serve, nginx's gzip_static and
// brotli_static, most static hosts). make wasm runs it on the module:
//
//	go run ./tools/precompress web/dist/wasm/flowzap.wasm
//
// Brotli at its best setting takes about half a minute for the module, so
// an input whose SHA-256 matches the one recorded in .FILE.sum by the last
// run (and whose .gz and .br exist) is skipped. (The dot keeps it out of
// the files the binary embeds.)
package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	"github.com/andybalholm/brotli"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: go run ./tools/precompress FILE...")
		os.Exit(2)
	}
	for _, name := range os.Args[1:] {
		if err := compress(name); err != nil {
			fmt.Fprintln(os.Stderr, "precompress:", err)
			os.Exit(1)
		}
	}
}

func compress(name string) error {
	raw, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	h := sha256.Sum256(raw)
	sum := hex.EncodeToString(h[:])
	sumFile := filepath.Join(filepath.Dir(name), "."+filepath.Base(name)+".sum")
	if old, err := os.ReadFile(sumFile); err == nil && string(old) == sum && exists(name+".gz") && exists(name+".br") {
		return nil
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(raw)
	if err := zw.Close(); err != nil {
		return err
	}
	var br bytes.Buffer
	bw := brotli.NewWriterOptions(&br, brotli.WriterOptions{Quality: brotli.BestCompression, LGWin: 24})
	bw.Write(raw)
	if err := bw.Close(); err != nil {
		return err
	}
	// Each file is written whole under a temporary name, then renamed, so
	// an interrupted run never leaves a truncated one.
	for _, f := range []struct {
		name string
		data []byte
	}{{name + ".gz", gz.Bytes()}, {name + ".br", br.Bytes()}, {sumFile, []byte(sum)}} {
		if err := os.WriteFile(f.name+".tmp", f.data, 0o644); err != nil {
			return err
		}
		if err := os.Rename(f.name+".tmp", f.name); err != nil {
			return err
		}
	}
	fmt.Printf("%s: %d bytes, gzip %d, brotli %d\n", name, len(raw), gz.Len(), br.Len())
	return nil
}

func exists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}
