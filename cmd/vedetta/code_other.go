//go:build !linux

package main

import "context"

// releaseCode is a no-op where madvise's effect on a file mapping is not the one
// code_linux.go relies on.
func releaseCode(context.Context) {}
