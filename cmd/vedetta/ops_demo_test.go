package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestDemoPrintsTheDigestOfAChatWatchingZelenskyAndNATO runs `vedetta demo` as a newcomer
// does: the whole pipeline, offline, on the embedded samples.
func TestDemoPrintsTheDigestOfAChatWatchingZelenskyAndNATO(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := runMain(context.Background(), []string{"demo"}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("vedetta demo: exit %d\n%s", code, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{
		"▶ Zelensky",
		"▶ NATO",
		// The NATO military chiefs' video call, told in Italian (the reference article,
		// matched by both watches), English and Ukrainian: one story, titled in English (the
		// chat's matches are a third in each language; ties go to the first alphabetically).
		"NATO's military chiefs hold video call on Ukraine",
		"also: Notizie IT · Новини UA",
		"also matches: NATO",
		`Zelenskyy says security guarantees must be "strong and lasting"`, // told in English and Ukrainian
		"also: Новини UA",
		"Vertice dell'Alleanza Atlantica", // a NATO synonym
		"3 stories",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
	call := []string{`Ucraina, i capi della difesa Nato hanno avuto una "sincera discussione"`, "NATO's military chiefs hold video call", "Військові керівники НАТО"}
	if n := strings.Count(out, call[0]) + strings.Count(out, call[1]) + strings.Count(out, call[2]); n != 1 {
		t.Errorf("the NATO video call is listed %d times, want once", n)
	}
	// Traps: "nato" as Italian "born", Renato, and "Donation"/"renovation" containing "nato".
	for _, trap := range []string{"Renato", "panda", "Donation", "donation", "Central bank", "Синоптики"} {
		if strings.Contains(out, trap) {
			t.Errorf("demo output contains the trap %q", trap)
		}
	}
	if t.Failed() {
		t.Log(out)
	}
}
