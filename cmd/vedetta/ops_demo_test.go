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
		// The Italian NATO article of the issue, matched by both watches.
		`Ucraina, i capi della difesa Nato hanno avuto una "sincera discussione" sulle garanzie di sicurezza`,
		"also matches: NATO",
		`Zelenskyy says security guarantees must be "strong and lasting"`, // English spelling
		"Зеленський: Україні потрібні сильні гарантії безпеки",            // Ukrainian
		"Військові керівники НАТО",                                        // НАТО in Cyrillic
		"Vertice dell'Alleanza Atlantica",                                 // a NATO synonym
	} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q", want)
		}
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
