package bot

import (
	"errors"
	"strings"

	"github.com/vedetta/vedetta/lang"
	"github.com/vedetta/vedetta/schedule"
	"github.com/vedetta/vedetta/source"
	"github.com/vedetta/vedetta/watch"
	"github.com/vedetta/vedetta/watch/match"
)

// The words of this file come from the catalogues by codes that the query parser, the
// schedule parser, the poller and the OPML import give their errors (docs/LANGUAGES.md):
// their Error() stays English for logs and `vedetta check`.

// queryReason says in the chat's language why a query cannot be used.
func queryReason(tr *lang.Localizer, err error) string {
	var pe *match.ParseError
	switch {
	case errors.As(err, &pe):
		kv := []any{}
		if len(pe.Args) > 0 {
			kv = append(kv, "Arg", pe.Args[0])
		}
		s, lerr := tr.Lookup("query.error."+string(pe.Code), nil, kv...)
		if lerr != nil {
			return err.Error()
		}
		if positioned(pe.Code) {
			s = tr.T("query.at", "Reason", s, "Pos", pe.Pos)
		}
		if pe.Want != "" {
			s = tr.T("query.expected", "Reason", s, "Want", tr.T("query.want."+string(pe.Want)))
		}
		return s
	case errors.Is(err, match.ErrTooManyTerms):
		return tr.T("query.too_broad", "Max", match.MaxTerms)
	case errors.Is(err, match.ErrQueryTooLong):
		return tr.T("query.too_long", "Max", match.MaxQueryLen)
	case errors.Is(err, match.ErrEmptyQuery):
		return tr.T("query.empty")
	}
	return err.Error()
}

// positioned reports the codes whose position in the query helps: not a whole-query
// complaint, nor the unclosed '(' whose own position the message names.
func positioned(c match.Code) bool {
	return c != match.CodeNotUTF8 && c != match.CodeOnlyNegated && c != match.CodeMissingParen
}

// queryOperators are AND, OR and NOT as the chat's language words them when it describes
// a query (match.DescribeWith).
func queryOperators(tr *lang.Localizer) match.Operators {
	return match.Operators{And: tr.T("query.and"), Or: tr.T("query.or"), Not: tr.T("query.not")}
}

// scheduleReason says in the chat's language why a digest schedule cannot be used.
func scheduleReason(tr *lang.Localizer, err error) string {
	se, ok := errors.AsType[*schedule.Error](err)
	if !ok {
		return err.Error()
	}
	arg := func(i int) string {
		if i < len(se.Args) {
			return se.Args[i]
		}
		return ""
	}
	kv := []any{"Spec", se.Spec, "Arg", arg(0)}
	if se.Code == schedule.CodeField {
		kv = []any{"Field", tr.T("schedule.field." + arg(0)), "Arg", arg(1), "Min", arg(2), "Max", arg(3)}
	}
	s, lerr := tr.Lookup("schedule.why."+string(se.Code), nil, kv...)
	if lerr != nil {
		return err.Error()
	}
	return s
}

// failure words a source's last failure in the chat's language: its kind, from the state
// the poller kept. A state saved before failures had kinds reads as unknown.
func failure(tr *lang.Localizer, st watch.State) string {
	kind := st.Failure
	if kind == "" {
		kind = watch.FailUnknown
	}
	s, err := tr.Lookup("sources.fail."+string(kind), nil, "Status", st.FailStatus)
	if err != nil {
		return tr.T("sources.fail.unknown")
	}
	return s
}

// readerNote words what the feed reader found wrong with a source's last poll: a body cut
// short, items over the per-poll cap; "" when nothing was.
func readerNote(tr *lang.Localizer, st watch.State) string {
	var parts []string
	if st.Truncated {
		parts = append(parts, tr.T("sources.truncated"))
	}
	if st.Dropped > 0 {
		parts = append(parts, tr.N("sources.dropped", st.Dropped))
	}
	return strings.Join(parts, "; ")
}

// skipReason words why an OPML import skipped an outline.
func skipReason(tr *lang.Localizer, s source.Skip) string {
	why, err := tr.Lookup("opml.skip."+string(s.Reason), nil)
	if err != nil {
		return s.String()
	}
	if s.Detail != "" {
		why += ": " + s.Detail // the reader's or the validator's own words, for administrators
	}
	return s.Name + " (" + why + ")"
}
