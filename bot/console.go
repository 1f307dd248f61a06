package bot

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/vedetta/vedetta/store"
)

// errConsoleEOF ends console mode when stdin closes.
var errConsoleEOF = errors.New("console closed")

// console is console mode: stdin is one chat, replies, digests and alerts print to stdout
// as text. It lets a newcomer try the bot before creating one with @BotFather.
type console struct {
	b   *Bot
	in  io.Reader
	out io.Writer
	mu  sync.Mutex
}

func newConsole(b *Bot, in io.Reader, out io.Writer) *console {
	return &console{b: b, in: in, out: out}
}

func (c *console) send(ctx context.Context, m *store.Message) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	text := strings.TrimSpace(plainText(m.HTML))
	if m.Chart != nil {
		text = "[chart: a picture, sent as a photo in Telegram]\n" + text
	}
	_, err := fmt.Fprintf(c.out, "%s\n\n", text)
	return err
}

func (c *console) run(ctx context.Context) error {
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(c.in)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
	}()
	if c.b.opts.Banner != "" {
		fmt.Fprintln(c.out, c.b.opts.Banner)
	}
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case line, ok := <-lines:
			if !ok {
				c.b.Flush(ctx)
				return errConsoleEOF
			}
			line = strings.TrimSpace(line)
			if line == "" {
				continue
			}
			if !strings.HasPrefix(line, "/") {
				line = "/" + line
			}
			c.b.handleMessage(ctx, incoming{chatID: ConsoleChatID, chatType: "console", title: "console", userID: ConsoleChatID, text: line})
			c.b.Flush(ctx)
		}
	}
}
