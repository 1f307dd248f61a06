package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vedetta/vedetta/bot/bottest"
	"github.com/vedetta/vedetta/store"
)

// The scale tests run the real binary against loopback fakes — many feeds on many hosts
// answering ETag/304, and the fake Bot API — and read its peak resident set from
// /proc/PID/status. In CI they run reduced; VEDETTA_SCALE=full runs the sizes of
// docs/PERFORMANCE.md, which gives each figure and its command.

// scaleFull reports whether the full-size runs were asked for.
func scaleFull() bool { return os.Getenv("VEDETTA_SCALE") == "full" }

// pick returns full at full size, else reduced.
func pick(reduced, full int) int {
	if scaleFull() {
		return full
	}
	return reduced
}

// pickEvery returns the full-size schedule at full size: cycles must not overlap.
func pickEvery(reduced, full string) string {
	if scaleFull() {
		return full
	}
	return reduced
}

// feedFarm serves n RSS feeds spread over hosts loopback addresses (127.0.1.1, 127.0.1.2…,
// each its own listener, so the fetcher's per-host limits see distinct hosts). Feed i
// answers its k-th request with a new document (a new ETag, two new items among 20) when
// (i+k) % changeEvery == 0, and 304 to a matching If-None-Match otherwise; its first
// request always gets the document.
type feedFarm struct {
	servers     []*httptest.Server
	urls        []string
	changeEvery int
	hit         func(feed, item int) string // title words of an item; "" for none

	mu       sync.Mutex
	requests []int // per feed
	gen      []int // per feed: the document's version
	first    map[int]time.Time
	last     map[int]time.Time
	served   map[int]int // requests served per cycle k (a feed's k-th request)
	notMod   int
	changed  chan struct{}
}

func newFeedFarm(t testing.TB, n, hosts, changeEvery int) *feedFarm {
	f := &feedFarm{changeEvery: changeEvery, requests: make([]int, n), gen: make([]int, n),
		first: map[int]time.Time{}, last: map[int]time.Time{}, served: map[int]int{}, changed: make(chan struct{})}
	handler := http.HandlerFunc(f.serve)
	for h := range hosts {
		addr := fmt.Sprintf("127.0.%d.%d:0", 1+h/250, 1+h%250)
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			t.Skipf("cannot listen on %s (needs the whole of 127.0.0.0/8 on loopback): %v", addr, err)
		}
		s := httptest.NewUnstartedServer(handler)
		s.Listener.Close()
		s.Listener = ln
		s.Start()
		t.Cleanup(s.Close)
		f.servers = append(f.servers, s)
	}
	for i := range n {
		f.urls = append(f.urls, fmt.Sprintf("%s/feed/%d.xml", f.servers[i%hosts].URL, i))
	}
	return f
}

func (f *feedFarm) serve(w http.ResponseWriter, r *http.Request) {
	i, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/feed/"), ".xml"))
	if err != nil || i < 0 || i >= len(f.requests) {
		http.NotFound(w, r)
		return
	}
	now := time.Now()
	f.mu.Lock()
	f.requests[i]++
	k := f.requests[i]
	if k == 1 || (i+k)%f.changeEvery == 0 {
		f.gen[i]++
	}
	g := f.gen[i]
	if _, ok := f.first[k]; !ok {
		f.first[k] = now
	}
	f.last[k] = now
	f.served[k]++
	etag := fmt.Sprintf(`"%d-%d"`, i, g)
	notMod := r.Header.Get("If-None-Match") == etag
	if notMod {
		f.notMod++
	}
	close(f.changed)
	f.changed = make(chan struct{})
	f.mu.Unlock()

	w.Header().Set("ETag", etag)
	if notMod {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Wire %d</title><link>http://example.org/%d</link><description>Loopback feed %d</description>`, i, i, i)
	pub := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for j := 2*g + 19; j >= 2*g; j-- {
		words := ""
		if f.hit != nil {
			words = f.hit(i, j)
		}
		fmt.Fprintf(bw, `<item><guid>http://example.org/%d/%d</guid><title>Story %d of wire %d %s</title><link>http://example.org/%d/%d</link><description>Defence ministers met in Brussels to discuss security guarantees, the budget and the next summit; the talks went on late into the night and a statement is expected tomorrow morning. Story %d.</description><pubDate>%s</pubDate></item>`,
			i, j, j, i, words, i, j, j, pub.Add(time.Duration(j)*time.Minute).Format(time.RFC1123Z))
	}
	bw.WriteString(`</channel></rss>`)
	bw.Flush()
}

// waitFirst waits until some feed has been requested k times.
func (f *feedFarm) waitFirst(t testing.TB, k int, timeout time.Duration) {
	t.Helper()
	deadline := time.After(timeout)
	for {
		f.mu.Lock()
		_, ok := f.first[k]
		ch := f.changed
		f.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-ch:
		case <-deadline:
			t.Fatalf("no feed requested %d times after %v", k, timeout)
		}
	}
}

// waitCycle waits until every feed has been requested k times, and returns the time from
// the cycle's first request to its last.
func (f *feedFarm) waitCycle(t testing.TB, k int, timeout time.Duration) time.Duration {
	t.Helper()
	deadline := time.After(timeout)
	for {
		f.mu.Lock()
		done, ch := f.served[k] >= len(f.requests), f.changed
		took := f.last[k].Sub(f.first[k])
		served := f.served[k]
		f.mu.Unlock()
		if done {
			return took
		}
		select {
		case <-ch:
		case <-deadline:
			t.Fatalf("cycle %d: %d of %d feeds requested after %v", k, served, len(f.requests), timeout)
		}
	}
}

// writeScaleConfig writes a config with the farm's feeds as sources.
func writeScaleConfig(t testing.TB, dir, endpoint, listen, every string, urls []string, extra string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `telegram:
  token: ${TELEGRAM_BOT_TOKEN}
  api_endpoint: %s
store:
  path: %s
fetch:
  timeout: 10s
  default_schedule: "%s"
  allow_private_networks: true
digest:
  schedule: "0 8 * * *"
  timezone: Europe/Rome
http:
  listen: "%s"
log:
  level: info
%s
sources:
`, endpoint, filepath.Join(dir, "vedetta.db"), every, listen, extra)
	for i, u := range urls {
		// The farm serves feeds only: its items link to hosts that do not exist, so article
		// reading (docs/FULLTEXT.md has its cost) is off.
		fmt.Fprintf(&b, "  - name: Wire %d\n    url: %s\n    full_text: never\n", i, u)
	}
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// procStatus reads a field in kB (VmHWM, VmRSS) from /proc/PID/status.
func procStatus(t testing.TB, pid int, field string) int {
	t.Helper()
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	for line := range strings.SplitSeq(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return n
		}
	}
	t.Fatalf("no %s in /proc/%d/status", field, pid)
	return 0
}

// cpuTicks is the process's user+system CPU in clock ticks (/proc/PID/stat; 100 a second
// on Linux).
func cpuTicks(t testing.TB, pid int) int {
	fields := procStat(t, pid)
	u, _ := strconv.Atoi(fields[11])
	k, _ := strconv.Atoi(fields[12])
	return u + k
}

// minorFaults is how many page faults the process has taken that read no disk: each maps
// pages of its heap, or of a file it has mapped (the executable, the database), into it.
func minorFaults(t testing.TB, pid int) int {
	n, _ := strconv.Atoi(procStat(t, pid)[7])
	return n
}

// procStat returns the fields of /proc/PID/stat from the third on (proc(5)).
func procStat(t testing.TB, pid int) []string {
	t.Helper()
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	s := string(raw)
	return strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
}

func mb(kb int) float64 { return float64(kb) / 1024 }

// pollCount reads how many polls the binary has recorded from its /metrics.
func pollCount(t testing.TB, addr string) int {
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), `vedetta_poll_duration_seconds_count{kind="feed"} `); ok {
			n, _ := strconv.Atoi(v)
			io.Copy(io.Discard, resp.Body)
			return n
		}
	}
	return 0
}

// waitRecorded reads the binary's /metrics every 250 ms until it has recorded n polls: the
// process is outside the test, so its counters are what can be watched.
func waitRecorded(t testing.TB, listen string, n int, proc *process) {
	t.Helper()
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(60 * time.Second)
	for pollCount(t, listen) < n {
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("%d polls not recorded after 60s; log:\n%s", n, proc.stderr)
		}
	}
}

// saveProfile saves the heap profile of a binary built with -tags pprof and run with
// VEDETTA_PPROF (docs/PERFORMANCE.md).
func saveProfile(t testing.TB, addr, path string) {
	saveProfileFrom(t, "http://"+addr+"/debug/pprof/heap?debug="+os.Getenv("VEDETTA_PROFILE_DEBUG"), path)
}

func saveProfileFrom(t testing.TB, url, path string) {
	resp, err := http.Get(url)
	if err != nil {
		t.Logf("no profile: %v", err)
		return
	}
	defer resp.Body.Close()
	f, err := os.Create(path)
	if err != nil {
		t.Errorf("save profile: %v", err)
		return
	}
	defer f.Close()
	io.Copy(f, resp.Body)
}

// seedChats writes chats with watches into a new database at dir before the binary opens
// it. alertEvery makes one chat in alertEvery use /alert watches (0: none).
func seedChats(t testing.TB, dir string, n, watches int, queries []string, alertEvery int) {
	t.Helper()
	db, err := store.Open(filepath.Join(dir, "vedetta.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const batch = 10_000
	var chats []*store.Chat
	for c := range n {
		ch := &store.Chat{ID: int64(1_000_000 + c), Type: "private", NextID: watches + 1,
			// Digest times spread over the day, as chats set them.
			Schedule: fmt.Sprintf("%02d:%02d", (c/60)%24, c%60)}
		for w := range watches {
			ch.Watches = append(ch.Watches, store.Watch{ID: w + 1, Query: queries[(c+w)%len(queries)],
				Alert: alertEvery > 0 && c%alertEvery == 0})
		}
		chats = append(chats, ch)
		if len(chats) == batch || c == n-1 {
			if err := db.PutChats(chats); err != nil {
				t.Fatal(err)
			}
			chats = chats[:0]
		}
	}
}

// feedRun is one run of the binary against a feed farm.
type feedRun struct {
	feeds, hosts, cycles int
	every                string // the sources' schedule
	chats                int    // chats seeded with watches that some items match
	// scrape reads /metrics to time when every poll of a cycle is recorded; memory runs
	// leave it off (a scrape of thousands of series allocates in the binary) and take the
	// next cycle's first request as the end of the previous one.
	scrape bool
}

type feedResult struct {
	cycle       []time.Duration // first request to last poll recorded (scrape) or to last request
	cpu         []time.Duration // the binary's CPU (user+system) since the end of the cycle before
	faults      []int           // the binary's minor page faults since the end of the cycle before
	peakKB      int             // over the whole run
	startPeakKB int             // over the start-up cycle, when the peak of the later ones could be told apart
	steadyKB    int             // over the cycles after the start-up one
	anonKB      int             // at the end
	fileKB      int
	notModified int
	sent        int // messages the fake Bot API received
	proc        *process
}

func (r feedRun) run(t *testing.T) feedResult {
	farm := newFeedFarm(t, r.feeds, r.hosts, 20)
	farm.hit = func(feed, item int) string {
		switch {
		case item%10 == 3:
			return "— NATO summit"
		case item%10 == 7:
			return "— Zelensky in Brussels"
		}
		return ""
	}
	tg := bottest.New(t, bottest.Options{})
	dir := t.TempDir()
	if r.chats > 0 {
		seedChats(t, dir, r.chats, 5, []string{"NATO", "Zelensky", "ucrain* AND Kyiv", `"Alleanza Atlantica" OR OTAN`, "Lavrov -sport"}, 2)
	}
	listen := ""
	if r.scrape {
		listen = freeAddr(t)
	}
	proc := start(t, writeScaleConfig(t, dir, tg.Endpoint(), listen, r.every, farm.urls, ""), tg.Token())
	pid := proc.cmd.Process.Pid
	res := feedResult{proc: proc}
	lastTicks, lastFaults := 0, 0
	for k := 1; k <= r.cycles; k++ {
		took := farm.waitCycle(t, k, 120*time.Second)
		if dir := os.Getenv("VEDETTA_PROFILE_DIR"); dir != "" {
			saveProfile(t, os.Getenv("VEDETTA_PPROF"), filepath.Join(dir, fmt.Sprintf("feeds%d-chats%d-cycle%d.heap", r.feeds, r.chats, k)))
		}
		if r.scrape {
			waitRecorded(t, listen, k*r.feeds, proc)
			farm.mu.Lock()
			took = time.Since(farm.first[k])
			farm.mu.Unlock()
		} else {
			farm.waitFirst(t, k+1, 120*time.Second)
		}
		res.cycle = append(res.cycle, took)
		ticks := cpuTicks(t, pid)
		res.cpu = append(res.cpu, time.Duration(ticks-lastTicks)*10*time.Millisecond)
		lastTicks = ticks
		faults := minorFaults(t, pid)
		res.faults = append(res.faults, faults-lastFaults)
		lastFaults = faults
		if dir := os.Getenv("VEDETTA_PROFILE_DIR"); dir != "" && k == 1 {
			// The CPU profile of the next cycle.
			go saveProfileFrom(t, "http://"+os.Getenv("VEDETTA_PPROF")+"/debug/pprof/profile?seconds=15", filepath.Join(dir, fmt.Sprintf("feeds%d-chats%d.cpu", r.feeds, r.chats)))
		}
		t.Logf("cycle %d: %d feeds in %v wall, %v CPU, %d page faults; RSS %.1f MB, peak %.1f MB", k, r.feeds, took.Round(time.Millisecond), res.cpu[k-1],
			res.faults[k-1], mb(procStatus(t, pid, "VmRSS")), mb(procStatus(t, pid, "VmHWM")))
		if k == 1 {
			// The start-up cycle records every feed's backlog; the peak of the cycles after it
			// is the bot's in steady operation. Writing 5 to clear_refs resets VmHWM to the
			// current RSS (proc(5)).
			res.startPeakKB = procStatus(t, pid, "VmHWM")
			if err := os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0); err != nil {
				res.startPeakKB = 0
			}
		}
	}
	farm.mu.Lock()
	res.notModified = farm.notMod
	farm.mu.Unlock()
	res.peakKB, res.anonKB, res.fileKB = procStatus(t, pid, "VmHWM"), procStatus(t, pid, "RssAnon"), procStatus(t, pid, "RssFile")
	if res.startPeakKB > 0 {
		res.steadyKB, res.peakKB = res.peakKB, max(res.peakKB, res.startPeakKB)
		t.Logf("peak RSS of the start-up cycle %.1f MB, of the cycles after it %.1f MB", mb(res.startPeakKB), mb(res.steadyKB))
	}
	res.sent = len(tg.Requests("sendMessage"))
	t.Logf("%d feeds on %d hosts, %d chats, %d cycles every %s (%d answers 304, %d messages sent): peak RSS %.1f MB (at the end: anonymous %.1f MB, file-backed %.1f MB)",
		r.feeds, r.hosts, r.chats, r.cycles, r.every, res.notModified, res.sent, mb(res.peakKB), mb(res.anonKB), mb(res.fileKB))
	if os.Getenv("VEDETTA_SCALE_LOG") != "" {
		smaps, _ := os.ReadFile(fmt.Sprintf("/proc/%d/smaps", pid))
		t.Logf("log:\n%s\nsmaps:\n%s", proc.stderr, smaps)
	}
	if v := tg.Violations(); len(v) > 0 {
		t.Errorf("the bot broke Telegram's rules: %v", v)
	}
	if err, _ := proc.stop(t); err != nil {
		t.Fatalf("exit: %v; log:\n%s", err, proc.stderr)
	}
	return res
}

// TestScaleFeedsThroughTheBinary polls 1,000 loopback feeds on 50 hosts, 5% of them
// changing each cycle, and reports the binary's peak RSS (docs/PERFORMANCE.md, "Memory").
func TestScaleFeedsThroughTheBinary(t *testing.T) {
	binary(t)
	if !scaleFull() {
		t.Parallel() // in CI the four share the wall time; full size runs one at a time
	}
	res := feedRun{feeds: 1000, hosts: 50, cycles: pick(2, 3), every: "@every 5s"}.run(t)
	if res.notModified == 0 {
		t.Error("no feed answered 304: the conditional GETs did not happen")
	}
}

// TestScaleChatsThroughTheBinary polls 50 feeds for 20 chats with alerts and digests,
// through the fake Bot API, and reports the binary's peak RSS.
func TestScaleChatsThroughTheBinary(t *testing.T) {
	binary(t)
	if !scaleFull() {
		t.Parallel() // in CI the four share the wall time; full size runs one at a time
	}
	res := feedRun{feeds: 50, hosts: 5, chats: 20, cycles: pick(2, 3), every: "@every 5s"}.run(t)
	if res.sent == 0 {
		t.Error("no alert was sent")
	}
}

// TestScale10000SourcesThroughTheBinary times poll cycles of many sources on many hosts,
// 95% answering 304 (docs/PERFORMANCE.md, "10,000 sources"). Reduced: 2,000 on 200 hosts.
func TestScale10000SourcesThroughTheBinary(t *testing.T) {
	binary(t)
	if !scaleFull() {
		t.Parallel() // in CI the four share the wall time; full size runs one at a time
	}
	n := pick(2000, 10_000)
	res := feedRun{feeds: n, hosts: n / 20, cycles: pick(2, 3), every: pickEvery("@every 5s", "@every 1m"), scrape: true}.run(t)
	if want := (res.cycle[1:]); len(want) == 0 {
		t.Fatal("no timed cycle")
	}
}

// TestScaleChats100000ThroughTheBinary starts the binary on a database of many chats with
// 5 watches each and digest times spread over the day, and reports the start-up (open,
// build the match index, schedule every digest), the RSS, the CPU while idle and how long
// a /watch takes to be answered (docs/PERFORMANCE.md, "100,000 chats"). Reduced: 10,000.
func TestScaleChats100000ThroughTheBinary(t *testing.T) {
	binary(t)
	if !scaleFull() {
		t.Parallel() // in CI the four share the wall time; full size runs one at a time
	}
	n := pick(10_000, 100_000)
	farm := newFeedFarm(t, 10, 2, 20)
	tg := bottest.New(t, bottest.Options{})
	dir := t.TempDir()
	seedChats(t, dir, n, 5, []string{"NATO", "Zelensky", "ucrain* AND Kyiv", `"Alleanza Atlantica" OR OTAN`, "Lavrov -sport"}, 0)
	began := time.Now()
	proc := start(t, writeScaleConfig(t, dir, tg.Endpoint(), "", "@every 10m", farm.urls, ""), tg.Token())
	pid := proc.cmd.Process.Pid
	proc.stderr.waitFor(t, "digests scheduled", 120*time.Second)
	startup := time.Since(began)
	farm.waitCycle(t, 1, 60*time.Second)
	startHWM := procStatus(t, pid, "VmHWM")
	for _, line := range strings.Split(proc.stderr.String(), "\n") {
		if strings.Contains(line, "match index built") || strings.Contains(line, "digests scheduled") {
			t.Log(line)
		}
	}
	t.Logf("%d chats x 5 watches: ready %v after exec; peak RSS %.1f MB", n, startup.Round(time.Millisecond), mb(startHWM))

	// Idle: digests come due every minute for some chats (nothing queued), no polls.
	window := time.Duration(pick(5, 120)) * time.Second
	ticks, faults := cpuTicks(t, pid), minorFaults(t, pid)
	idle := time.NewTimer(window)
	<-idle.C // the idle window itself is what is measured
	used := time.Duration(cpuTicks(t, pid)-ticks) * 10 * time.Millisecond
	t.Logf("idle for %v: %v CPU (%.2f%% of one core), %d page faults", window, used, 100*used.Seconds()/window.Seconds(), minorFaults(t, pid)-faults)

	chat := bottest.Chat{ID: 1_000_042, Type: "private"}
	user := bottest.User{ID: 1_000_042, FirstName: "Analyst"}
	before := len(tg.Messages(chat.ID))
	asked := time.Now()
	tg.Say(chat, user, "/watch Stoltenberg")
	msgs := tg.WaitMessages(t, chat.ID, before+1, 30*time.Second)
	t.Logf("/watch answered in %v: %.60q", time.Since(asked).Round(time.Millisecond), msgs[before].Text)
	t.Logf("peak RSS over the run %.1f MB", mb(procStatus(t, pid, "VmHWM")))
	if err, _ := proc.stop(t); err != nil {
		t.Fatalf("exit: %v; log:\n%s", err, proc.stderr)
	}
}
