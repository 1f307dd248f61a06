//go:build pprof

package main

import (
	"net/http"
	_ "net/http/pprof" // profiles for docs/PERFORMANCE.md, only in a binary built with -tags pprof
	"os"
)

// With -tags pprof and VEDETTA_PPROF=127.0.0.1:6060 the binary serves net/http/pprof, to
// profile it under the load tests (docs/PERFORMANCE.md). Release builds have no such code.
func init() {
	if addr := os.Getenv("VEDETTA_PPROF"); addr != "" {
		go http.ListenAndServe(addr, nil)
	}
}
