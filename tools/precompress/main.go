// Command precompress writes the gzip (level 9) and brotli (quality 11,
// or -brotli N) forms of files next to them, FILE.gz and FILE.br, for servers that send
// compressed files as they are (flowzap serve, nginx's gzip_static and
// brotli_static, most static hosts). make wasm runs it on the module:
//
//	go run ./tools/precompress [-brotli 9] web/dist/wasm/flowzap.wasm
//
// Brotli at its best setting takes about half a minute for the module
// (quality 9: 5 s, 12% larger), so an input whose SHA-256 and quality
// match the ones recorded in .FILE.sum by the last run (and whose .gz and
// .br exist) is skipped. (The dot keeps it out of
// the files the binary embeds.)
package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/andybalholm/brotli"
)

func main() {
	quality := flag.Int("brotli", brotli.BestCompression, "brotli quality, 0 to 11")
	flag.Parse()
	if flag.NArg() < 1 || *quality < 0 || *quality > 11 {
		fmt.Fprintln(os.Stderr, "usage: go run ./tools/precompress [-brotli 0..11] FILE...")
		os.Exit(2)
	}
	for _, name := range flag.Args() {
		if err := compress(name, *quality); err != nil {
			fmt.Fprintln(os.Stderr, "precompress:", err)
			os.Exit(1)
		}
	}
}

func compress(name string, quality int) error {
	raw, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	h := sha256.Sum256(raw)
	sum := hex.EncodeToString(h[:]) + " brotli " + strconv.Itoa(quality)
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
	bw := brotli.NewWriterOptions(&br, brotli.WriterOptions{Quality: quality, LGWin: 24})
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
