package bottest

import (
	"net/http"
	"strconv"
	"strings"
)

// userFile is a document a user sent to the bot.
type userFile struct {
	path string
	data []byte
}

// SendFile queues a message from a user carrying a document (for instance an OPML file),
// with an optional caption, and returns its update id. The bot fetches the bytes with
// getFile and GET /file/bot<token>/<file_path>, as on api.telegram.org
// (https://core.telegram.org/bots/api#getfile).
func (s *Server) SendFile(chat Chat, from User, name string, data []byte, caption string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextFile++
	id := "BQACAgUser" + strconv.Itoa(s.nextFile)
	s.userFiles[id] = userFile{path: "documents/file_" + strconv.Itoa(s.nextFile) + "_" + name, data: data}
	_, m := s.userMessageLocked(chat, from)
	m.Caption, m.CaptionEntities = caption, commandEntity(caption)
	m.Document = &apiDocument{FileID: id, FileUniqueID: "AgADUser" + strconv.Itoa(s.nextFile), FileName: name, FileSize: len(data)}
	return s.queueLocked("message", m)
}

// getFile answers https://core.telegram.org/bots/api#getfile for files users sent.
func (s *Server) getFile(c *call) result {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := c.params.Get("file_id")
	f, found := s.userFiles[id]
	if !found {
		return badRequest("invalid file_id")
	}
	return ok(map[string]any{"file_id": id, "file_unique_id": "u" + id, "file_size": len(f.data), "file_path": f.path})
}

// serveFile serves /file/bot<token>/<file_path>.
func (s *Server) serveFile(w http.ResponseWriter, rest string) {
	token, path, _ := strings.Cut(rest, "/")
	s.mu.Lock()
	defer s.mu.Unlock()
	if token != s.token {
		http.Error(w, `{"ok":false,"error_code":401,"description":"Unauthorized"}`, http.StatusUnauthorized)
		return
	}
	for _, f := range s.userFiles {
		if f.path == path {
			w.Write(f.data)
			return
		}
	}
	http.NotFound(w, nil)
}
