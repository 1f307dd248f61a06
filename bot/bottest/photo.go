package bottest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	_ "image/gif" // formats Telegram accepts as photos
	_ "image/jpeg"
	_ "image/png"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Limits of https://core.telegram.org/bots/api#sendphoto: "The photo must be at most 10 MB in
// size. The photo's width and height must not exceed 10000 in total. Width and height ratio
// must be at most 20."
const (
	maxPhotoBytes = 10 << 20
	maxPhotoSides = 10000
	maxPhotoRatio = 20
)

// Photo is a picture the bot sent with sendPhoto.
type Photo struct {
	MessageID   int
	ChatID      int64
	ThreadID    int
	FileID      string // the file_id the fake answered, which the bot may send again
	FileName    string // the upload's file name; empty for a file_id or URL
	URL         string // the HTTP URL the bot gave instead of an upload (not fetched)
	Data        []byte // the uploaded bytes (also for a re-sent file_id); nil for a URL
	Format      string // "png", "jpeg" or "gif"; empty for a URL
	Width       int
	Height      int
	Caption     string // visible caption after entity parsing
	CaptionHTML string // caption as sent
	ParseMode   string
	ReplyMarkup json.RawMessage
	At          time.Time
}

type apiPhotoSize struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
	FileSize     int    `json:"file_size,omitempty"`
}

// checkPhoto applies sendPhoto's size, dimension and ratio limits to uploaded bytes.
func checkPhoto(data []byte) (format string, w, h int, bad *refusal) {
	if len(data) > maxPhotoBytes {
		return "", 0, 0, refuse(ViolationTooLong, fmt.Sprintf("photo of %d bytes > %d", len(data), maxPhotoBytes), "PHOTO_SAVE_FILE_INVALID")
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return "", 0, 0, refuse(ViolationBadRequest, fmt.Sprintf("photo is not a PNG, JPEG or GIF: %v", err), "IMAGE_PROCESS_FAILED")
	}
	w, h = cfg.Width, cfg.Height
	switch {
	case w < 1 || h < 1 || w+h > maxPhotoSides:
		return "", 0, 0, refuse(ViolationBadRequest, fmt.Sprintf("photo of %d×%d: width + height > %d", w, h, maxPhotoSides), "PHOTO_INVALID_DIMENSIONS")
	case max(w, h) > maxPhotoRatio*min(w, h):
		return "", 0, 0, refuse(ViolationBadRequest, fmt.Sprintf("photo of %d×%d: ratio over %d", w, h, maxPhotoRatio), "PHOTO_INVALID_DIMENSIONS")
	}
	return format, w, h, nil
}

func (s *Server) sendPhoto(c *call) result {
	caption, parseMode := c.params.Get("caption"), c.params.Get("parse_mode")
	visible, ents, bad := checkText(caption, parseMode, true)
	markup, badMarkup := checkMarkup(c.params.Get("reply_markup"))
	thread, _ := strconv.Atoi(c.params.Get("message_thread_id"))
	p := Photo{ThreadID: thread, Caption: visible, CaptionHTML: caption, ParseMode: parseMode, ReplyMarkup: markup, At: c.at}
	file, uploaded := c.files["photo"]
	if bad == nil {
		bad = badMarkup
	}
	if bad == nil && uploaded {
		p.FileName, p.Data = file.name, file.data
		p.Format, p.Width, p.Height, bad = checkPhoto(file.data)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, r, stop := s.accessLocked(c, false)
	if stop {
		return r
	}
	if bad == nil && !uploaded {
		bad = s.resolvePhotoLocked(c.params.Get("photo"), &p)
	}
	if bad == nil && thread != 0 && !st.IsForum {
		bad = refuse(ViolationBadRequest, fmt.Sprintf("message_thread_id %d in a chat without topics", thread), "message thread not found")
	}
	if bad != nil {
		s.violateLocked(c, bad.kind, bad.detail)
		return bad.res
	}
	if r, stop := s.rateLimitLocked(c, st); stop {
		return r
	}
	if p.FileID == "" {
		s.nextFile++
		p.FileID = "AgACAgQAAxkDAAI" + strconv.Itoa(s.nextFile)
	}
	p.MessageID, p.ChatID = st.nextMsg, st.ID
	st.nextMsg++
	s.photos = append(s.photos, p)
	m := struct {
		apiMessage
		Photo []apiPhotoSize `json:"photo"`
	}{apiMessage: s.apiMessage(st, Message{ID: p.MessageID, ChatID: st.ID, ThreadID: thread, ReplyMarkup: markup, At: c.at})}
	m.Caption, m.CaptionEntities = visible, ents
	m.Photo = []apiPhotoSize{{FileID: p.FileID, FileUniqueID: "AQAD" + strings.TrimPrefix(p.FileID, "AgACAgQAAxkDAAI"),
		Width: p.Width, Height: p.Height, FileSize: len(p.Data)}}
	return ok(m)
}

// resolvePhotoLocked fills p from a photo given as a string: the file_id of a photo the fake
// answered before, or an HTTP URL, which Telegram would download and which the fake records
// without fetching.
func (s *Server) resolvePhotoLocked(ref string, p *Photo) *refusal {
	switch {
	case ref == "":
		return refuse(ViolationBadRequest, "no photo", "there is no photo in the request")
	case strings.HasPrefix(ref, "http://") || strings.HasPrefix(ref, "https://"):
		p.URL = ref
		return nil
	}
	for _, old := range s.photos {
		if old.FileID == ref {
			p.FileID, p.Data, p.Format, p.Width, p.Height = old.FileID, old.Data, old.Format, old.Width, old.Height
			return nil
		}
	}
	return refuse(ViolationBadRequest, fmt.Sprintf("photo %q is neither a known file_id nor an HTTP URL", clip(ref)), "wrong file identifier/HTTP URL specified")
}

// Photos returns the pictures sent to the chat with sendPhoto that the fake accepted, oldest
// first.
func (s *Server) Photos(chatID int64) []Photo {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Photo
	for _, p := range s.photos {
		if p.ChatID == chatID {
			out = append(out, p)
		}
	}
	return slices.Clip(out)
}
