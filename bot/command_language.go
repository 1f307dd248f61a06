package bot

import (
	"context"
	"errors"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/vedetta/vedetta/lang"
	"github.com/vedetta/vedetta/store"
)

// chatLang is the language a chat reads (docs/LANGUAGES.md): the one set with /language;
// else, in a private chat, the user's Telegram language_code when Vedetta speaks it; else
// ui.language.
func (b *Bot) chatLang(c *store.Chat, chatType, userLang string) *lang.Localizer {
	if c != nil && c.Language != "" {
		return lang.For(c.Language)
	}
	if chatType == "private" && lang.Match(userLang) != "" {
		return lang.For(userLang)
	}
	return lang.For(b.opts.Language)
}

// trFor is the language of a chat's deliveries: its digests, alerts and notices.
// c may be nil (a chat that has not registered): the default language.
func (b *Bot) trFor(c *store.Chat) *lang.Localizer {
	if c == nil {
		return lang.For(b.opts.Language)
	}
	return b.chatLang(c, c.Type, c.UserLanguage)
}

// langOf is the language to answer a message in. A private chat's record keeps the user's
// latest language_code, so that its digests follow the user's Telegram language too; it is
// written only when it changes.
func (b *Bot) langOf(in incoming) *lang.Localizer {
	c, err := b.db.Chat(in.chatID)
	if err != nil {
		c = nil
	}
	if c != nil && in.chatType == "private" && in.lang != "" && c.UserLanguage != in.lang {
		if _, err := b.db.UpdateChat(in.chatID, false, func(c *store.Chat) error { c.UserLanguage = in.lang; return nil }); err != nil && !errors.Is(err, store.ErrNoChat) {
			b.log.Warn("record user language", "chat_id", in.chatID, "error", err)
		}
	}
	return b.chatLang(c, in.chatType, in.lang)
}

// cmdLanguage sets the chat's language (/language it), or lists the choices with a button
// for each (/language).
func (b *Bot) cmdLanguage(ctx context.Context, in incoming, arg string) error {
	if arg == "" {
		h := &htmlText{}
		h.text(in.tr.T("language.current", "Name", in.tr.Name(), "Code", in.tr.Code()))
		h.text("\n" + in.tr.T("language.choose", "Codes", lang.Codes()))
		var row []tgbotapi.InlineKeyboardButton
		for _, l := range lang.Supported {
			label := l.Name
			if l.Code == in.tr.Code() {
				label = "✔ " + label
			}
			row = append(row, tgbotapi.NewInlineKeyboardButtonData(label, "lang:"+l.Code))
		}
		return b.replyHTML(in.chatID, in.threadID, h.String(), markupJSON([][]tgbotapi.InlineKeyboardButton{row}))
	}
	if strings.EqualFold(arg, "auto") {
		c, err := b.db.UpdateChat(in.chatID, false, func(c *store.Chat) error { c.Language = ""; return nil })
		if err != nil {
			return err
		}
		tr := b.chatLang(c, in.chatType, in.lang)
		return b.reply(in.chatID, in.threadID, tr.T("language.auto", "Name", tr.Name()))
	}
	code := lang.Match(arg)
	if code == "" {
		return &userError{in.tr.T("language.unknown", "Code", clip(arg, 20), "Codes", lang.Codes())}
	}
	if _, err := b.db.UpdateChat(in.chatID, false, func(c *store.Chat) error { c.Language = code; return nil }); err != nil {
		return err
	}
	tr := lang.For(code)
	return b.reply(in.chatID, in.threadID, tr.T("language.set", "Name", tr.Name()))
}
