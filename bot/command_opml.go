package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/vedetta/vedetta/lang"
	"github.com/vedetta/vedetta/source"
	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/opml"
)

// cmdExportSources sends the feed sources as an OPML file, the format every feed reader
// imports (administrators).
func (b *Bot) cmdExportSources(ctx context.Context, in incoming, arg string) error {
	var outlines []opml.Outline
	for _, s := range b.sortedSources() {
		if s.Kind == watch.KindFeed {
			u := s.Target
			if in.chatType != "private" && in.chatType != "console" {
				u = watch.RedactURL(u) // credentials in feed URLs only for a private chat
			}
			outlines = append(outlines, opml.Outline{Title: s.Name, URL: u})
		}
	}
	if len(outlines) == 0 {
		return userErr(in.tr.T("opml.none"))
	}
	var buf bytes.Buffer
	if err := opml.Write(&buf, "Vedetta sources", outlines); err != nil {
		return err
	}
	if b.api == nil { // console mode
		return b.reply(in.chatID, in.threadID, buf.String())
	}
	doc := tgbotapi.NewDocument(in.chatID, tgbotapi.FileBytes{Name: "vedetta-sources.opml", Bytes: buf.Bytes()})
	doc.Caption = in.tr.N("opml.caption", len(outlines))
	// Documents do not go through the outbox, but take the chat's turn as a reply would,
	// so that they keep to its pace.
	done, err := b.sender.Turn(ctx, in.chatID)
	if err != nil {
		return err
	}
	_, err = b.api.Send(doc)
	done(err)
	if err != nil {
		return fmt.Errorf("send opml: %w", err)
	}
	return nil
}

// handleDocument imports an OPML file an administrator sends.
func (b *Bot) handleDocument(ctx context.Context, in incoming, doc *tgbotapi.Document) {
	if !b.allowed(in) {
		return
	}
	in.tr = b.langOf(in)
	name := strings.ToLower(doc.FileName)
	if !strings.HasSuffix(name, ".opml") && !strings.HasSuffix(name, ".xml") {
		if in.chatType == "private" {
			b.reply(in.chatID, in.threadID, in.tr.T("opml.not_opml"))
		}
		return
	}
	if !b.isBotAdmin(in.userID) {
		b.reply(in.chatID, in.threadID, in.tr.T("opml.admins_only"))
		return
	}
	if doc.FileSize > opml.MaxBytes {
		b.reply(in.chatID, in.threadID, in.tr.T("opml.too_large", "Size", doc.FileSize, "Max", opml.MaxBytes))
		return
	}
	added, skipped, err := b.importOPML(ctx, in.tr, doc.FileID)
	var ue *userError
	switch {
	case errors.As(err, &ue):
		b.reply(in.chatID, in.threadID, ue.msg)
	case err != nil:
		b.log.Error("import opml", "chat_id", in.chatID, "error", err)
		b.reply(in.chatID, in.threadID, in.tr.T("opml.failed", "Error", err.Error()))
	default:
		msg := in.tr.N("opml.imported", added, "File", doc.FileName)
		if len(skipped) > 0 {
			reasons := make([]string, len(skipped))
			for i, s := range skipped {
				reasons[i] = skipReason(in.tr, s)
			}
			msg += " " + in.tr.N("opml.skipped", len(skipped), "List", clip(strings.Join(reasons, "; "), 1500))
		}
		msg += " " + in.tr.T("opml.seen_note")
		b.reply(in.chatID, in.threadID, msg)
	}
}

// importOPML downloads a file a user sent (getFile, then GET on the file endpoint) and adds
// its feeds as sources, each validated like /addsource.
func (b *Bot) importOPML(ctx context.Context, tr *lang.Localizer, fileID string) (int, []source.Skip, error) {
	f, err := b.api.GetFile(tgbotapi.FileConfig{FileID: fileID})
	if err != nil {
		return 0, nil, fmt.Errorf("get file: %w", err)
	}
	// tgbotapi's File.Link always points at api.telegram.org; derive the file URL from the
	// configured endpoint instead, so a local Bot API server works too.
	fileURL := fmt.Sprintf(fileEndpoint(b.opts.Endpoint), b.opts.Token, f.FilePath)
	red := redactor{b.opts.Token}
	client := &httpClient{client: &http.Client{Timeout: 30 * time.Second}, ctx: ctx, redact: red}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fileURL, nil)
	if err != nil {
		return 0, nil, red.error(err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("download file: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, nil, fmt.Errorf("download file: %s", resp.Status)
	}
	outlines, err := opml.Parse(io.LimitReader(resp.Body, opml.MaxBytes+1))
	if err != nil {
		return 0, nil, &userError{tr.T("opml.unreadable", "Error", err)}
	}
	if b.opts.NewSource == nil || b.opts.Sources == nil {
		return 0, nil, errors.New("adding sources is not available")
	}
	taken := map[string]bool{}
	for _, s := range b.sortedSources() {
		taken[strings.ToLower(s.Name)], taken[s.Target] = true, true
	}
	added := 0
	srcs, skipped := source.FromOPML(ctx, outlines, taken, b.opts.NewSource)
	for _, src := range srcs {
		if err := b.db.AddSource(src); err != nil {
			return added, skipped, err
		}
		if err := b.opts.Sources.Add(src); err != nil {
			b.db.DeleteSource(src.Name)
			skipped = append(skipped, source.Skip{Name: src.Name, Reason: source.SkipRefused, Detail: watch.RedactText(err.Error())})
			continue
		}
		added++
	}
	return added, skipped, nil
}

// fileEndpoint turns a Bot API endpoint format (".../bot%s/%s") into the file download
// format (".../file/bot%s/%s"), as the Bot API serves files
// (https://core.telegram.org/bots/api#getfile).
func fileEndpoint(endpoint string) string {
	if i := strings.LastIndex(endpoint, "/bot%s/%s"); i >= 0 {
		return endpoint[:i] + "/file/bot%s/%s"
	}
	return tgbotapi.FileEndpoint
}
