package lang_test

import (
	"slices"
	"testing"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"github.com/vedetta/vedetta/lang"
)

func byID(msgs []*i18n.Message) map[string]*i18n.Message {
	m := map[string]*i18n.Message{}
	for _, msg := range msgs {
		m[msg.ID] = msg
	}
	return m
}

// forms returns a message's texts by plural form name ("other" for a plain message).
func forms(m *i18n.Message) map[string]string {
	out := map[string]string{}
	for name, s := range map[string]string{"zero": m.Zero, "one": m.One, "two": m.Two, "few": m.Few, "many": m.Many, "other": m.Other} {
		if s != "" {
			out[name] = s
		}
	}
	return out
}

func TestCataloguesLoad(t *testing.T) {
	if err := lang.LoadError(); err != nil {
		t.Fatal(err)
	}
	if len(lang.Messages("en")) < 50 {
		t.Fatalf("the English catalogue has %d messages", len(lang.Messages("en")))
	}
}

func TestEveryEnglishMessageIsInEveryCompleteLanguage(t *testing.T) {
	en := byID(lang.Messages("en"))
	for _, l := range lang.Supported {
		tr := byID(lang.Messages(l.Code))
		for id := range en {
			if tr[id] == nil {
				t.Errorf("%s: %q is missing", l.Code, id)
			}
		}
		for id := range tr {
			if en[id] == nil {
				t.Errorf("%s: %q is not in English (renamed or removed?)", l.Code, id)
			}
		}
	}
}

func TestTranslationsHaveTheEnglishPlaceholders(t *testing.T) {
	en := byID(lang.Messages("en"))
	for _, l := range lang.Supported {
		for _, m := range lang.Messages(l.Code) {
			ref := en[m.ID]
			if ref == nil {
				continue
			}
			want := lang.Placeholders(ref.Other)
			for form, s := range forms(m) {
				got := lang.Placeholders(s)
				if form == "one" && !slices.Equal(got, want) && onlyForOne(l.Code, m.ID, sample(ref.Other)) {
					// "the last day": a form used for 1 alone may leave the count out.
					got = append(got, ".Count")
					slices.Sort(got)
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s %s (%s): placeholders %v, English has %v", l.Code, m.ID, form, got, want)
				}
			}
			if (ref.One != "") != (m.Other != "" && m.One != "") {
				t.Errorf("%s %s: English has plural forms, the translation does not (or the other way)", l.Code, m.ID)
			}
		}
	}
}

// onlyForOne reports whether a plural message's "one" form is used for the count 1 alone
// (English, Italian), not also for 21, 31… (Ukrainian): then 1 and 21 read differently.
func onlyForOne(code, id string, kv []any) bool {
	tr := lang.For(code)
	return tr.N(id, 1, kv...) != tr.N(id, 21, kv...)
}

// sample fills every placeholder of a message.
func sample(s string) []any {
	var kv []any
	for _, p := range lang.Placeholders(s) {
		kv = append(kv, p[1:], "x") // ".Name" → Name
	}
	return kv
}

func TestEveryMessageFillsInEveryLanguageForEveryCount(t *testing.T) {
	counts := []int{0, 1000, 1001, 1_000_000, 2_000_000}
	for n := 1; n <= 130; n++ {
		counts = append(counts, n)
	}
	for _, l := range lang.Supported {
		tr := lang.For(l.Code)
		for _, m := range lang.Messages(l.Code) {
			kv := sample(m.Other)
			if m.One == "" {
				if _, err := tr.Lookup(m.ID, nil, kv...); err != nil {
					t.Errorf("%s %s: %v", l.Code, m.ID, err)
				}
				continue
			}
			for _, n := range counts {
				if _, err := tr.Lookup(m.ID, &n, kv...); err != nil {
					t.Errorf("%s %s with %d: %v", l.Code, m.ID, n, err)
					break
				}
			}
		}
	}
}

func TestPluralFormsFollowCLDR(t *testing.T) {
	tests := []struct {
		code string
		n    int
		want string
	}{
		{"en", 1, "Welcome back: your 1 watch is still here (/list)."},
		{"en", 5, "Welcome back: your 5 watches are still here (/list)."},
		{"it", 1, "Bentornati: c'è ancora 1 monitoraggio (/list)."},
		{"it", 5, "Bentornati: ci sono ancora 5 monitoraggi (/list)."},
		{"uk", 1, "З поверненням: у вас і далі 1 підписка (/list)."},
		{"uk", 3, "З поверненням: у вас і далі 3 підписки (/list)."},
		{"uk", 5, "З поверненням: у вас і далі 5 підписок (/list)."},
		{"uk", 11, "З поверненням: у вас і далі 11 підписок (/list)."},
		{"uk", 21, "З поверненням: у вас і далі 21 підписка (/list)."},
		{"uk", 22, "З поверненням: у вас і далі 22 підписки (/list)."},
	}
	for _, tt := range tests {
		if got := lang.For(tt.code).N("start.welcome_back", tt.n); got != tt.want {
			t.Errorf("%s, %d: %q, want %q", tt.code, tt.n, got, tt.want)
		}
	}
}

func TestDatesAreWrittenInTheLanguage(t *testing.T) {
	at := time.Date(2026, time.November, 30, 8, 0, 0, 0, time.UTC) // a Monday
	tests := []struct{ code, dateTime, dayTime, weekdayTime string }{
		{"en", "Mon 30 Nov, 08:00", "30 Nov, 08:00", "Mon 08:00"},
		{"it", "lun 30 nov, 08:00", "30 nov, 08:00", "lun 08:00"},
		{"uk", "пн, 30 лист., 08:00", "30 лист., 08:00", "пн, 08:00"},
	}
	for _, tt := range tests {
		l := lang.For(tt.code)
		if got := l.DateTime(at); got != tt.dateTime {
			t.Errorf("%s DateTime = %q, want %q", tt.code, got, tt.dateTime)
		}
		if got := l.DayTime(at); got != tt.dayTime {
			t.Errorf("%s DayTime = %q, want %q", tt.code, got, tt.dayTime)
		}
		if got := l.WeekdayTime(at); got != tt.weekdayTime {
			t.Errorf("%s WeekdayTime = %q, want %q", tt.code, got, tt.weekdayTime)
		}
	}
	// Every month and weekday has its name.
	for _, l := range lang.Supported {
		for m := 0; m < 12; m++ {
			d := time.Date(2026, time.January+time.Month(m), 1+m, 9, 30, 0, 0, time.UTC)
			if got := lang.For(l.Code).DateTime(d); got == "" || got == "date.datetime" {
				t.Errorf("%s: %v written as %q", l.Code, d, got)
			}
		}
	}
}

func TestNumbersAndListsFollowTheLanguage(t *testing.T) {
	if got := lang.For("en").Number(1234567); got != "1,234,567" {
		t.Errorf("en: %q", got)
	}
	if got := lang.For("it").Number(1234); got != "1.234" {
		t.Errorf("it: %q", got)
	}
	if got := lang.For("uk").Number(1234); got != "1\u00a0234" {
		t.Errorf("uk: %q", got)
	}
	if got := lang.For("it").Number(999); got != "999" {
		t.Errorf("it 999: %q", got)
	}
	if got := lang.For("it").And([]string{"/help", "/list", "/search"}); got != "/help, /list e /search" {
		t.Errorf("it list: %q", got)
	}
}

func TestTelegramLanguageCodesMatchASupportedLanguage(t *testing.T) {
	tests := map[string]string{"it": "it", "it-IT": "it", "uk": "uk", "UK": "uk", "en-GB": "en", "pt-br": "", "": "", "ru": ""}
	for code, want := range tests {
		if got := lang.Match(code); got != want {
			t.Errorf("Match(%q) = %q, want %q", code, got, want)
		}
	}
	if lang.Check("de") == nil || lang.Check("it") != nil {
		t.Error("Check accepts an unsupported language or refuses a supported one")
	}
	if got := lang.For("xx").Code(); got != lang.Default {
		t.Errorf("For(xx) = %s, want the default", got)
	}
}

func TestAMissingMessageShowsItsIDNotACrash(t *testing.T) {
	if got := lang.For("it").T("no.such.message"); got != "no.such.message" {
		t.Errorf("got %q", got)
	}
}

func TestDurationsAndDecimalsFollowTheLanguage(t *testing.T) {
	tests := []struct {
		code string
		d    time.Duration
		want string
	}{
		{"en", 5 * time.Minute, "5 min"},
		{"en", 65 * time.Minute, "1 h 5 min"},
		{"en", 51*time.Hour + 10*time.Minute, "2 d 3 h"},
		{"en", 10 * time.Second, "0 min"},
		{"uk", 65 * time.Minute, "1 год 5 хв"},
		{"it", 26 * time.Hour, "1 g 2 h"},
	}
	for _, tt := range tests {
		if got := lang.For(tt.code).Duration(tt.d); got != tt.want {
			t.Errorf("%s %v: %q, want %q", tt.code, tt.d, got, tt.want)
		}
	}
	if got := lang.For("it").Decimal(1.25, 1); got != "1,2" && got != "1,3" {
		t.Errorf("it decimal: %q", got)
	}
	if got := lang.For("en").Decimal(1.5, 1); got != "1.5" {
		t.Errorf("en decimal: %q", got)
	}
}

func TestDaysAreWrittenInTheLanguageForChartsAndCaptions(t *testing.T) {
	at := time.Date(2026, time.December, 1, 15, 0, 0, 0, time.UTC) // a Tuesday
	tests := []struct{ code, date, dayMonth, dayMonthYear, weekdayDay string }{
		{"en", "Tue 1 Dec", "1 Dec", "1 Dec 2026", "Tue 1"},
		{"it", "mar 1 dic", "1 dic", "1 dic 2026", "mar 1"},
		{"uk", "вт, 1 груд.", "1 груд.", "1 груд. 2026 р.", "вт, 1"},
	}
	for _, tt := range tests {
		l := lang.For(tt.code)
		for _, c := range []struct{ name, got, want string }{
			{"Date", l.Date(at), tt.date},
			{"DayMonth", l.DayMonth(at), tt.dayMonth},
			{"DayMonthYear", l.DayMonthYear(at), tt.dayMonthYear},
			{"WeekdayDay", l.WeekdayDay(at), tt.weekdayDay},
		} {
			if c.got != c.want {
				t.Errorf("%s %s = %q, want %q", tt.code, c.name, c.got, c.want)
			}
		}
	}
}
