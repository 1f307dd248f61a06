package tgweb

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/vedetta/vedetta/watch"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParsePages(t *testing.T) {
	tests := []struct {
		name, file, channel string
		count               int
		before              string
		firstID, lastID     string
	}{
		{"raw habr page: 20 posts and the older-page cursor", "habr_com.html", "habr_com", 20, "56622", "habr_com/56622", "habr_com/56641"},
		{"raw d_code page with videos and link previews", "d_code.html", "d_code", 20, "16399", "d_code/16399", "d_code/16418"},
		{"pretty-printed topwar page with forwards and albums", "topwar_official.html", "topwar_official", 12, "70989", "topwar_official/70989", "topwar_official/71008"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, before, err := Parse(readFixture(t, tt.file), tt.channel)
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != tt.count || before != tt.before {
				t.Fatalf("got %d items, before %q; want %d, %q", len(items), before, tt.count, tt.before)
			}
			if items[0].ID != tt.firstID || items[len(items)-1].ID != tt.lastID {
				t.Errorf("ids run %s..%s, want %s..%s (oldest first)", items[0].ID, items[len(items)-1].ID, tt.firstID, tt.lastID)
			}
			for _, it := range items {
				_, num, _ := strings.Cut(it.ID, "/")
				if it.URL != "https://t.me/"+tt.channel+"/"+num {
					t.Errorf("%s: URL %q", it.ID, it.URL)
				}
				// habr_com/56641 really has <time datetime="">: left zero for Poll to fill.
				if (it.Published.IsZero() && it.ID != "habr_com/56641") || (!it.Published.IsZero() && it.Published.Year() != 2023) {
					t.Errorf("%s: Published %v", it.ID, it.Published)
				}
				if it.Title == "" || it.Text == "" || it.Author == "" {
					t.Errorf("%s: empty title, text or author: %+v", it.ID, it)
				}
				if utf8.RuneCountInString(it.Title) > watch.TitleRunes+1 {
					t.Errorf("%s: title has %d runes", it.ID, utf8.RuneCountInString(it.Title))
				}
				if strings.ContainsAny(it.Text, "<>\u200b") || strings.Contains(it.Text, "&amp;") || strings.Contains(it.Text, "  ") {
					t.Errorf("%s: text not clean: %q", it.ID, it.Text)
				}
			}
		})
	}
}

func TestParseMessages(t *testing.T) {
	find := func(t *testing.T, file, channel, id string) watch.Item {
		t.Helper()
		items, _, err := Parse(readFixture(t, file), channel)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			if it.ID == id {
				return it
			}
		}
		t.Fatalf("%s not in %s", id, file)
		return watch.Item{}
	}
	t.Run("line breaks are kept, emoji and entities decoded, pretty-print whitespace collapsed", func(t *testing.T) {
		it := find(t, "message_media_photo_and_video.html", "anna_news", "anna_news/46908")
		want := "Ночью над Белгородом сбили 3 беспилотника\n\nОни упали на улицы города.\n\nСообщается, что на себе БПЛА несли взрывчатку из пластида.\n\n#Белгород #Беспилотники\n\n@anna_news"
		if it.Text != want {
			t.Errorf("text\n%q\nwant\n%q", it.Text, want)
		}
		if it.Title != "Ночью над Белгородом сбили 3 беспилотника" {
			t.Errorf("title %q", it.Title)
		}
		if want := time.Date(2023, 2, 28, 6, 48, 36, 0, time.UTC); !it.Published.Equal(want) {
			t.Errorf("published %v, want %v", it.Published, want)
		}
		if it.Author != "ANNA-NEWS" {
			t.Errorf("author %q", it.Author)
		}
	})
	t.Run("a forwarded post names its origin so that watches can match it", func(t *testing.T) {
		it := find(t, "message_media_forwarded_from.html", "oper_goblin", "oper_goblin/22358")
		want := "Британская разведка выяснила, почему Ким Чен Ын начал выводить дочку в свет\n\nForwarded from Пул N3"
		if it.Text != want {
			t.Errorf("text %q, want %q", it.Text, want)
		}
		if it.Title != "Британская разведка выяснила, почему Ким Чен Ын начал выводить дочку в свет" {
			t.Errorf("title %q", it.Title)
		}
	})
	t.Run("a post that is only a link takes the preview's headline as title", func(t *testing.T) {
		it := find(t, "message_link_preview.html", "oper_goblin", "oper_goblin/22360")
		if it.Title != "Георгий Зотов: ОККУПАЦИЯ ВОЛОСАТЫМ КРАБОМ" {
			t.Errorf("title %q", it.Title)
		}
		for _, part := range []string{"https://vnnews.ru/georgiy-zotov-okkupaciya-volosatym-kr/", "Ваши новости — интернет-газета", "Современная журналистика превратилась в комедию и тщетную охоту"} {
			if !strings.Contains(it.Text, part) {
				t.Errorf("text lacks %q: %q", part, it.Text)
			}
		}
	})
	t.Run("a poll becomes its question and options", func(t *testing.T) {
		it := find(t, "message_poll.html", "it_begin", "it_begin/488")
		want := "Как лучше?\n• Несколько постов в день\n• Один пост в несколько дней\n• Свой вариант в комментарии"
		if it.Text != want || it.Title != "Как лучше?" {
			t.Errorf("title %q text %q", it.Title, it.Text)
		}
	})
	t.Run("the hidden zero-width link to a post's photo leaves no trace", func(t *testing.T) {
		it := find(t, "habr_com.html", "habr_com", "habr_com/56623")
		if it.Title != "Укрощение имён: как нейминг помогает оптимизировать код" {
			t.Errorf("title %q", it.Title)
		}
	})
	t.Run("a long first line is cut at a word into the title", func(t *testing.T) {
		it := find(t, "topwar_official.html", "topwar_official", "topwar_official/70989")
		if !strings.HasSuffix(it.Title, "…") || !strings.HasPrefix(it.Text, strings.TrimSuffix(it.Title, "…")) {
			t.Errorf("title %q", it.Title)
		}
	})
}

// page wraps message HTML the way t.me/s/ does.
func page(messages ...string) []byte {
	return []byte(`<!DOCTYPE html><html><body><main><section class="tgme_channel_history js-message_history">` +
		strings.Join(messages, "") + `</section></main></body></html>`)
}

func message(id, inner string) string {
	return `<div class="tgme_widget_message_wrap js-widget_message_wrap"><div class="tgme_widget_message js-widget_message" data-post="chan/` + id + `">` +
		`<div class="tgme_widget_message_bubble">` + inner +
		`<div class="tgme_widget_message_footer"><a class="tgme_widget_message_date" href="https://t.me/chan/` + id + `"><time datetime="2024-05-01T10:00:00+00:00" class="time">10:00</time></a></div>` +
		`</div></div></div>`
}

func TestParseEdgeCases(t *testing.T) {
	tests := []struct {
		name     string
		page     []byte
		wantIDs  []string
		wantText string // of the first item
	}{
		{
			name:     "the &amp; in t.me link addresses is undone",
			page:     page(message("1", `<div class="tgme_widget_message_text js-message_text">Read <a href="https://example.org/a?x=1&amp;amp;y=2" onclick="return confirm('Open this link?')">https://example.org/a?x=1&amp;y=2</a></div>`)),
			wantIDs:  []string{"chan/1"},
			wantText: "Read https://example.org/a?x=1&y=2",
		},
		{
			name:     "a shortened link label gives way to the full address",
			page:     page(message("1", `<div class="tgme_widget_message_text js-message_text"><a href="https://example.org/news/2024/05/zelensky-rome-visit?utm=a&amp;amp;b=c">https://example.org/news/2024/05/zelensky…</a></div>`)),
			wantIDs:  []string{"chan/1"},
			wantText: "https://example.org/news/2024/05/zelensky-rome-visit?utm=a&b=c",
		},
		{
			name:     "a link with words for a label keeps the words",
			page:     page(message("1", `<div class="tgme_widget_message_text js-message_text"><a href="https://example.org/x">Zelensky in Rome</a> &#33; &laquo;ok&raquo;</div>`)),
			wantIDs:  []string{"chan/1"},
			wantText: "Zelensky in Rome ! «ok»",
		},
		{
			name: "bare media, unsupported media and service messages are left out",
			page: page(
				message("1", `<a class="tgme_widget_message_photo_wrap" href="https://t.me/chan/1"></a>`),
				message("2", `<div class="message_media_not_supported_wrap"><div class="message_media_not_supported">Please open Telegram to view this post</div></div>`),
				`<div class="tgme_widget_message service_message js-widget_message" data-post="chan/3"><div class="tgme_widget_message_text">Channel photo updated</div></div>`,
				message("4", `<div class="tgme_widget_message_text js-message_text">NATO summit</div>`),
			),
			wantIDs:  []string{"chan/4"},
			wantText: "NATO summit",
		},
		{
			name:     "a reply's quote of the earlier post is not the post's text",
			page:     page(message("5", `<a class="tgme_widget_message_reply"><div class="tgme_widget_message_text js-message_text">old post</div></a><div class="tgme_widget_message_text js-message_text">new post</div>`)),
			wantIDs:  []string{"chan/5"},
			wantText: "new post",
		},
		{
			name:    "a channel with a history but no posts gives no items and no error",
			page:    page(`<div class="tme_no_messages_found">No posts found</div>`),
			wantIDs: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, _, err := Parse(tt.page, "chan")
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, it := range items {
				ids = append(ids, it.ID)
			}
			if strings.Join(ids, ",") != strings.Join(tt.wantIDs, ",") {
				t.Fatalf("ids %v, want %v", ids, tt.wantIDs)
			}
			if len(items) > 0 && items[0].Text != tt.wantText {
				t.Errorf("text %q, want %q", items[0].Text, tt.wantText)
			}
		})
	}
}

func TestParseNoPreview(t *testing.T) {
	tests := []struct {
		name string
		page []byte
	}{
		{"the Contact @name page of a channel that does not exist", readFixture(t, "not_existed_channel.html")},
		{"an empty body", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, _, err := Parse(tt.page, "not_existed_channel")
			if !errors.Is(err, ErrNoPreview) {
				t.Fatalf("err = %v, want ErrNoPreview", err)
			}
			if !strings.Contains(err.Error(), "not_existed_channel") || items != nil {
				t.Errorf("err %q should name the channel; items %v", err, items)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add(readFixture(f, "message_poll.html"))
	f.Add(readFixture(f, "message_link_preview.html"))
	f.Add(page(message("1", `<div class="tgme_widget_message_text"><pre>a  b</pre><br>x</div>`)))
	f.Fuzz(func(t *testing.T, b []byte) {
		items, _, err := Parse(b, "chan")
		if err != nil && !errors.Is(err, ErrNoPreview) {
			t.Fatalf("unexpected error %v", err)
		}
		for _, it := range items {
			if it.Text == "" || it.Title == "" {
				t.Fatalf("empty item %+v", it)
			}
		}
	})
}

func BenchmarkParse(b *testing.B) {
	pageBytes := readFixture(b, "habr_com.html")
	b.SetBytes(int64(len(pageBytes)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Parse(pageBytes, "habr_com"); err != nil {
			b.Fatal(err)
		}
	}
}
