package feed

// ToUTF8 is the reader's rule for text of unknown encoding, shared with other readers of web
// pages (watch/article): a body that is valid UTF-8 is returned as is; otherwise it is decoded
// from the Content-Type charset, else from a guess (windows-1251 for Cyrillic, windows-1252
// otherwise). enc names the encoding it decoded from, "" when the body was returned as is.
func ToUTF8(body []byte, contentType string) (out []byte, enc string) {
	return toUTF8(body, contentType)
}
