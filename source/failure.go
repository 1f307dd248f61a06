package source

import (
	"context"
	"errors"
	"net"
	"net/http"
	"syscall"

	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/feed"
	"github.com/vedetta/vedetta/watch/fetch"
	"github.com/vedetta/vedetta/watch/tgweb"
	"github.com/vedetta/vedetta/watch/xapi"
)

// Classify sorts a reader's error into the kind of failure /sources shows in the chat's
// language (poll.Options.Classify), with the HTTP status of a watch.FailStatus. It knows
// every reader's errors, as this package knows every kind of source; the error's text,
// redacted, stays in State.LastError for administrators.
func Classify(err error) (watch.Failure, int) {
	var (
		se  *fetch.StatusError
		dns *net.DNSError
		rl  *xapi.RateLimitError
		api *xapi.APIError
		ne  net.Error
	)
	switch {
	case err == nil:
		return "", 0
	case errors.Is(err, fetch.ErrPrivateAddress):
		return watch.FailBlocked, 0
	case errors.As(err, &dns):
		return watch.FailDNS, 0
	case errors.Is(err, fetch.ErrTimeout), errors.Is(err, context.DeadlineExceeded),
		errors.As(err, &ne) && ne.Timeout():
		return watch.FailTimeout, 0
	case errors.As(err, &rl):
		return watch.FailRateLimited, 0
	case errors.Is(err, xapi.ErrBudgetExhausted):
		return watch.FailBudget, 0
	case errors.As(err, &se):
		if se.Code == http.StatusTooManyRequests {
			return watch.FailRateLimited, 0
		}
		return watch.FailStatus, se.Code
	case errors.Is(err, xapi.ErrUnauthorized):
		return watch.FailStatus, http.StatusUnauthorized
	case errors.Is(err, xapi.ErrForbidden):
		return watch.FailStatus, http.StatusForbidden
	case errors.Is(err, xapi.ErrUserNotFound):
		return watch.FailStatus, http.StatusNotFound
	case errors.As(err, &api) && api.Status >= 400:
		if api.Status == http.StatusTooManyRequests {
			return watch.FailRateLimited, 0
		}
		return watch.FailStatus, api.Status
	case errors.Is(err, fetch.ErrTooLarge):
		return watch.FailTooLarge, 0
	case errors.Is(err, feed.ErrNotFeed), errors.Is(err, feed.ErrMalformed), errors.Is(err, fetch.ErrTruncated),
		errors.Is(err, tgweb.ErrNoPreview), errors.Is(err, tgweb.ErrPrivateChannel):
		return watch.FailUnreadable, 0
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EHOSTUNREACH),
		errors.Is(err, syscall.ENETUNREACH), errors.Is(err, fetch.ErrTooManyRedirects):
		return watch.FailUnreachable, 0
	}
	var op *net.OpError
	if errors.As(err, &op) {
		return watch.FailUnreachable, 0
	}
	return watch.FailUnknown, 0
}
