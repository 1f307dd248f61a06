package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vedetta/vedetta/admin"
)

func TestCheckWarnsWhatANonLoopbackListenExposes(t *testing.T) {
	for _, tc := range []struct {
		name, listen, token string
		want                []string // in the warning; nil: no warning
	}{
		{"loopback is quiet", "127.0.0.1:9090", "", nil},
		{"localhost is quiet", "localhost:9090", "", nil},
		{"IPv6 loopback is quiet", "[::1]:9090", "", nil},
		{"every interface without a token", "0.0.0.0:9090", "", []string{"reachable from other hosts", "/healthz and /metrics", "/backup (the whole database) to loopback peers only"}},
		{"an empty host is every interface", ":9090", "", []string{"reachable from other hosts", "loopback peers only"}},
		{"a LAN address with a token", "192.168.1.5:9090", "t0ken", []string{"reachable from other hosts", "/backup (the whole database) to any host presenting VEDETTA_ADMIN_TOKEN"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(admin.EnvToken, tc.token)
			dir := t.TempDir()
			cfg := fmt.Sprintf("store:\n  path: %s\nhttp:\n  listen: %q\n", filepath.Join(dir, "v.db"), tc.listen)
			path := filepath.Join(dir, "config.yaml")
			os.WriteFile(path, []byte(cfg), 0o600)
			var stdout, stderr bytes.Buffer
			if code := checkConfig([]string{"-config", path}, &stdout, &stderr, checkWatchQuery); code != 0 {
				t.Fatalf("check exit %d: %s", code, stderr.String())
			}
			warned := strings.Contains(stderr.String(), "http.listen")
			if tc.want == nil {
				if warned {
					t.Fatalf("unexpected warning: %s", stderr.String())
				}
				return
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr.String(), w) {
					t.Errorf("warning lacks %q:\n%s", w, stderr.String())
				}
			}
			if strings.Contains(stderr.String(), "t0ken") {
				t.Error("the warning shows the token")
			}
		})
	}
}
