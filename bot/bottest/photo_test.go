package bottest

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// pngOf encodes a real w×h PNG.
func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	img.Set(0, 0, color.White)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// pngHeader is the signature and IHDR chunk of a w×h PNG, all that image.DecodeConfig
// reads: enough to test dimension limits without encoding huge pictures.
func pngHeader(w, h int) []byte {
	ihdr := make([]byte, 0, 17)
	ihdr = append(ihdr, "IHDR"...)
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	ihdr = append(ihdr, 8, 0, 0, 0, 0) // 8-bit grey, deflate, no filter, no interlace
	out := []byte("\x89PNG\r\n\x1a\n")
	out = binary.BigEndian.AppendUint32(out, 13)
	out = append(out, ihdr...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(ihdr))
}

func sendPhoto(bot *tgbotapi.BotAPI, chat int64, data []byte, caption string) (tgbotapi.Message, error) {
	p := tgbotapi.NewPhoto(chat, tgbotapi.FileBytes{Name: "chart.png", Bytes: data})
	p.Caption, p.ParseMode = caption, tgbotapi.ModeHTML
	return bot.Send(p)
}

func TestSendPhotoUploadIsRecordedAndAnswered(t *testing.T) {
	s := New(t, Options{})
	bot := newBot(t, s)
	data := pngOf(t, 1280, 720)
	m, err := sendPhoto(bot, 100, data, "<b>NATO</b> &amp; EU: 143 items")
	if err != nil {
		t.Fatalf("sendPhoto: %v", err)
	}
	if len(m.Photo) != 1 || m.Photo[0].Width != 1280 || m.Photo[0].Height != 720 || m.Photo[0].FileID == "" {
		t.Fatalf("answered photo = %+v", m.Photo)
	}
	if m.Caption != "NATO & EU: 143 items" || len(m.CaptionEntities) != 1 || m.CaptionEntities[0].Type != "bold" {
		t.Fatalf("answered caption = %q %+v", m.Caption, m.CaptionEntities)
	}
	got := s.Photos(100)
	if len(got) != 1 {
		t.Fatalf("Photos = %d, want 1", len(got))
	}
	p := got[0]
	if !bytes.Equal(p.Data, data) || p.Format != "png" || p.FileName != "chart.png" || p.MessageID != m.MessageID ||
		p.Caption != "NATO & EU: 143 items" || p.CaptionHTML != "<b>NATO</b> &amp; EU: 143 items" {
		t.Fatalf("recorded photo = %+v", p)
	}
	if v := s.Violations(); len(v) != 0 {
		t.Fatalf("violations: %v", v)
	}
	// The bot may send the same picture again by the file_id it got back.
	if _, err := bot.Send(tgbotapi.NewPhoto(200, tgbotapi.FileID(m.Photo[0].FileID))); err != nil {
		t.Fatalf("sendPhoto by file_id: %v", err)
	}
	if again := s.Photos(200); len(again) != 1 || !bytes.Equal(again[0].Data, data) || again[0].Width != 1280 {
		t.Fatalf("photo by file_id = %+v", again)
	}
	// Or by URL, which the fake records without fetching.
	if _, err := bot.Send(tgbotapi.NewPhoto(300, tgbotapi.FileURL("https://example.org/chart.png"))); err != nil {
		t.Fatalf("sendPhoto by URL: %v", err)
	}
	if byURL := s.Photos(300); len(byURL) != 1 || byURL[0].URL != "https://example.org/chart.png" || byURL[0].Data != nil {
		t.Fatalf("photo by URL = %+v", byURL)
	}
}

func TestSendPhotoLimits(t *testing.T) {
	oversized := append(pngHeader(1280, 720), make([]byte, 10<<20)...)
	for _, tc := range []struct {
		name    string
		photo   tgbotapi.RequestFileData
		caption string
		kind    string // "" when accepted
		desc    string
	}{
		{"10 MB is the most a photo may weigh", tgbotapi.FileBytes{Name: "big.png", Bytes: oversized}, "", ViolationTooLong, "PHOTO_SAVE_FILE_INVALID"},
		{"width + height of 10000 is accepted", tgbotapi.FileBytes{Name: "a.png", Bytes: pngHeader(5000, 5000)}, "", "", ""},
		{"width + height over 10000 is refused", tgbotapi.FileBytes{Name: "a.png", Bytes: pngHeader(5001, 5000)}, "", ViolationBadRequest, "PHOTO_INVALID_DIMENSIONS"},
		{"a ratio of 20 is accepted", tgbotapi.FileBytes{Name: "a.png", Bytes: pngHeader(2000, 100)}, "", "", ""},
		{"a ratio over 20 is refused", tgbotapi.FileBytes{Name: "a.png", Bytes: pngHeader(100, 2001)}, "", ViolationBadRequest, "PHOTO_INVALID_DIMENSIONS"},
		{"bytes that are no picture are refused", tgbotapi.FileBytes{Name: "a.png", Bytes: []byte("<html>not a picture</html>")}, "", ViolationBadRequest, "IMAGE_PROCESS_FAILED"},
		{"an unknown file_id is refused", tgbotapi.FileID("AgACnope"), "", ViolationBadRequest, "wrong file identifier/HTTP URL specified"},
		{"a caption of 1024 characters after entity parsing is accepted", tgbotapi.FileBytes{Name: "a.png", Bytes: pngHeader(800, 450)},
			"<b>" + strings.Repeat("я", 1000) + "</b>" + strings.Repeat("&amp;", 24), "", ""},
		{"a caption of 1025 characters is refused", tgbotapi.FileBytes{Name: "a.png", Bytes: pngHeader(800, 450)},
			strings.Repeat("я", 1025), ViolationTooLong, "message caption is too long"},
		{"a caption with broken HTML is refused", tgbotapi.FileBytes{Name: "a.png", Bytes: pngHeader(800, 450)},
			"<b>NATO</i>", ViolationHTML, "can't parse entities"},
		{"a caption with a bare ampersand is refused", tgbotapi.FileBytes{Name: "a.png", Bytes: pngHeader(800, 450)},
			"Black & Decker", ViolationHTML, "can't parse entities"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := New(t, Options{})
			bot := newBot(t, s)
			p := tgbotapi.NewPhoto(42, tc.photo)
			p.Caption, p.ParseMode = tc.caption, tgbotapi.ModeHTML
			_, err := bot.Send(p)
			if tc.kind == "" {
				if err != nil || len(s.Photos(42)) != 1 || len(s.Violations()) != 0 {
					t.Fatalf("err = %v, photos = %d, violations = %v; want accepted", err, len(s.Photos(42)), s.Violations())
				}
				return
			}
			// tgbotapi v5.5.1 leaves Error.Code zero for uploads (UploadFiles), so the
			// status is read from the fake's record.
			te := apiError(t, err)
			reqs := s.Requests("sendPhoto")
			if status := reqs[len(reqs)-1].Status; status != 400 || !strings.Contains(te.Message, tc.desc) {
				t.Fatalf("error = %d %q, want 400 containing %q", status, te.Message, tc.desc)
			}
			if v := s.ViolationsOf(tc.kind); len(v) != 1 || !strings.Contains(v[0], "sendPhoto") {
				t.Fatalf("violations = %v, want one %s on sendPhoto", s.Violations(), tc.kind)
			}
			if len(s.Photos(42)) != 0 {
				t.Fatal("a refused photo was recorded")
			}
		})
	}
}

func TestSendPhotoIsRateLimitedLikeMessages(t *testing.T) {
	clk := newClock()
	s := New(t, Options{Now: clk.Now})
	bot := newBot(t, s)
	data := pngOf(t, 800, 450)
	for i := range DefaultLimits.PerChatBurst {
		if _, err := sendPhoto(bot, 7, data, ""); err != nil {
			t.Fatalf("photo %d within the burst: %v", i, err)
		}
	}
	_, err := sendPhoto(bot, 7, data, "")
	// An upload's *tgbotapi.Error has Code 0 (tgbotapi v5.5.1 UploadFiles drops it), but
	// RetryAfter is there: a sender must not classify photo errors by Code alone.
	te := apiError(t, err)
	reqs := s.Requests("sendPhoto")
	if status := reqs[len(reqs)-1].Status; status != 429 || te.RetryAfter < 1 || te.Code != 0 {
		t.Fatalf("photo over the burst: status %d, Code %d, retry_after %d; want 429, 0, ≥ 1", status, te.Code, te.RetryAfter)
	}
	if len(s.ViolationsOf(ViolationRateLimit)) != 1 || len(s.Photos(7)) != DefaultLimits.PerChatBurst {
		t.Fatalf("violations %v, photos %d", s.Violations(), len(s.Photos(7)))
	}
}
