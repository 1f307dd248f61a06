// Package bottest is a fake Telegram Bot API server on httptest, the far end
// of the bot's pipeline (… outbox → sender → Telegram): tests point
// tgbotapi v5 (NewBotAPIWithAPIEndpoint, or the telegram.api_endpoint config
// key of a `vedetta run` subprocess) at Server.Endpoint, drive the bot as
// users do (Say, SayInThread, Press, MigrateUpdate) and inspect what it sent
// (Messages, WaitMessages, WaitFor, Requests, Answers, Commands, Documents,
// Photos).
//
// The fake refuses what Telegram refuses and records every breach in
// Violations, so a test catches a bot that Telegram would refuse or ban.
// The rules are those of docs/TELEGRAM.md (§ marks its sections: 1.1 sending
// limits, 1.2 message text, 1.3 HTML, 1.4 errors, 1.5 updates, 1.6 commands,
// 1.7 buttons) and docs/DEPENDENCIES.md (§2, go-telegram-bot-api v5):
//
//   - Envelope {"ok","result"} / {"ok":false,"error_code","description",
//     "parameters"} with HTTP status = error_code, description prefixes
//     "Bad Request: ", "Forbidden: ", 401 "Unauthorized", unknown method 404
//     "Not Found" (§1.4). Bodies may be form-urlencoded, multipart or JSON (§2).
//   - Token: another token gets 401 Unauthorized (§1.4).
//   - parse_mode=HTML (§1.3): only b/strong, i/em, u/ins, s/strike/del,
//     span class="tg-spoiler", tg-spoiler, a href, tg-emoji emoji-id,
//     tg-time unix/format, code (class="language-…"), pre,
//     blockquote [expandable]; properly closed and nested (nothing inside
//     pre or code but pre>code, no a in a, no blockquote in blockquote);
//     '<', '>' and '&' escaped outside tags; only &lt; &gt; &amp; &quot; and
//     numeric entities. Else 400 "Bad Request: can't parse entities: …" with
//     the server's wording ("Unsupported start tag "div" at byte offset 4").
//     Stricter than the server on purpose: a bare '&' or '>', an unknown
//     named entity or an unknown attribute would be shown literally or
//     dropped by Telegram; here they are refused, since they are bugs.
//   - Text (§1.2): raw text > 32768 bytes → "text is too long"; visible text
//     after entity parsing counted in code points: empty → "message text is
//     empty", > 4096 → "message is too long"; captions ≤ 1024.
//   - sendPhoto (https://core.telegram.org/bots/api#sendphoto): an upload
//     of at most 10 MB ("PHOTO_SAVE_FILE_INVALID"), a PNG, JPEG or GIF
//     ("IMAGE_PROCESS_FAILED"), width + height ≤ 10000 and a side ratio
//     ≤ 20 ("PHOTO_INVALID_DIMENSIONS"); or a file_id the fake answered, or
//     an HTTP URL (recorded, not fetched).
//   - Inline keyboards (§1.7): callback_data of 1-64 bytes, else
//     "BUTTON_DATA_INVALID"; one action per button.
//   - Rate limits (§1.1), on sends and edits, by Options.Now: per chat a token
//     bucket (1 msg/s, burst 3), 20 msgs/min per chat with id < 0, 30 msgs/s
//     overall → 429 "Too Many Requests: retry after N" with
//     parameters.retry_after = N. Every request to a chat while its
//     retry_after window is open is a ViolationRetryAfter — the number a
//     delivery test asserts is zero. Limits scales or switches them off.
//   - Chat state (§1.4): Block → 403 "Forbidden: bot was blocked by the user",
//     Kick → 403 "Forbidden: bot was kicked from the group chat",
//     StrictChats → 400 "chat not found", Migrate → 400 "group chat was
//     upgraded to a supergroup chat" with parameters.migrate_to_chat_id; a
//     second request to such a chat is a violation (the bot must deactivate
//     or move it). Delete removes a bot message as a person would: editing
//     it then gets 400 "message to edit not found". FailNext scripts 500s and proxy 502s (an HTML body, not
//     JSON); FloodNext scripts a 429.
//   - getUpdates (§1.5): offset confirmation (negative offsets too), limit
//     1-100, timeout clamped to 50 s, returns as soon as an update is
//     queued; a second getUpdates ends the pending one with 409 "Conflict:
//     terminated by other getUpdates request; …"; 409 while a webhook is set.
//   - Callback queries (§1.7): each answered once; an unknown or repeated
//     answer → 400 "query is too old…"; Unanswered lists the rest.
//   - setMyCommands (§1.6): ≤ 100 commands of 1-32 [a-z0-9_], descriptions
//     of 1-256 characters, a language_code empty or of two letters; a list is
//     kept per scope and language (CommandsFor).
//   - A User's LanguageCode rides in the from of every update of theirs.
//
// Reads (getChatMember, getChatAdministrators, getChat) are not held to the
// retry_after window. Methods: getMe, getUpdates, sendMessage,
// editMessageText, editMessageReplyMarkup, deleteMessage, sendDocument,
// sendPhoto, sendChatAction, answerCallbackQuery, set/get/deleteMyCommands,
// getChatMember, getChatAdministrators, getChat, leaveChat, set/deleteWebhook,
// getWebhookInfo; any other gets 404 and a ViolationUnknownMethod that says
// whether the method exists in the Bot API.
//
// Not modelled: privacy mode (every Say reaches the bot), inline mode, media
// other than documents, Markdown validation, callback answer deadlines.
package bottest
