/*
 * The header line (what is shown: counts, filter, sort), the status bar
 * (each account's sync state, pending and failed writes) and the message
 * line (the last message, a question, the line editor, or key hints).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/lineedit.h"
#include "tui/theme.h"
#include "tui/ui.h"
#include "core/buf.h"
#include "core/session.h"
#include "core/store.h"
#include "core/xmalloc.h"

/* Draw s at *x in the row, advancing *x; stops at the right edge. */
static void
statusbar_put(struct tui *t, const struct rect *r, int *x, attr_t attr,
    const char *s)
{
	if (*x >= r->w)
		return;
	*x += draw_text(t, r->y, r->x + *x, r->w - *x, attr, s, strlen(s));
}

/* The header: product, counts, filter, sort, help hint. */
void
statusbar_draw_header(struct tui *t, const struct rect *r)
{
	static const char	*sorts[] = { "activity", "priority", "created" };
	attr_t			 attr = theme_attr(t->theme, ROLE_HEADER);
	const char		*filter = view_filter(t->view);
	char			*s;
	const char		*hint = "? help  q quit ";
	int			 x = 0, hw;

	draw_fill(r->y, r->x, r->w, attr);
	statusbar_put(t, r, &x, theme_attr(t->theme, ROLE_HEADER_TITLE),
	    " tix ");
	s = xasprintf(" Inbox %zu/%zu", view_count(t->view),
	    store_count(t->store, TIX_KIND_TICKET));
	statusbar_put(t, r, &x, attr, s);
	free(s);
	s = xasprintf("  sort: %s", sorts[t->sort % 3]);
	statusbar_put(t, r, &x, attr, s);
	free(s);
	if (filter != NULL && *filter != '\0') {
		statusbar_put(t, r, &x, attr, "  filter: ");
		statusbar_put(t, r, &x, theme_attr(t->theme,
		    ROLE_HEADER_TITLE), filter);
	}
	hw = (int)strlen(hint);
	if (r->w - x > hw + 2)
		draw_text(t, r->y, r->x + r->w - hw, hw, attr, hint, SIZE_MAX);
}

/* One account's state: "acme ✓ 12s", "globex ⟳", "initech ✗ auth failed". */
static void
statusbar_account(struct tui *t, const struct rect *r, int *x, unsigned i)
{
	struct sync_status	 st;
	const char		*name = store_account_name(t->store, i);
	char			 age[16], *s;
	attr_t			 attr = theme_attr(t->theme, ROLE_STATUS);

	session_account_status(t->session, i, &st);
	statusbar_put(t, r, x, attr, " ");
	statusbar_put(t, r, x, attr, name != NULL ? name : "?");
	statusbar_put(t, r, x, attr, " ");
	switch (st.state) {
	case SYNC_CONNECTING:
	case SYNC_LOADING:
		statusbar_put(t, r, x, theme_attr(t->theme, ROLE_STATUS_BUSY),
		    draw_glyph(t, GLYPH_BUSY));
		statusbar_put(t, r, x, attr, st.state == SYNC_CONNECTING ?
		    " connecting" : " loading");
		break;
	case SYNC_OK:
		statusbar_put(t, r, x, theme_attr(t->theme, ROLE_STATUS_OK),
		    draw_glyph(t, st.jobs > 0 ? GLYPH_BUSY : GLYPH_OK));
		if (st.last_sync > 0 && t->now - st.last_sync < 60) {
			xsnprintf(age, sizeof age, "%ds", t->now >
			    st.last_sync ? (int)(t->now - st.last_sync) : 0);
		} else
			draw_age(t->now, st.last_sync, age, sizeof age);
		s = st.skipped > 0 ? xasprintf(" %s, %zu unreadable skipped",
		    age, st.skipped) : xasprintf(" %s", age);
		statusbar_put(t, r, x, attr, s);
		free(s);
		break;
	case SYNC_FAILED:
		statusbar_put(t, r, x, theme_attr(t->theme, ROLE_STATUS_ERROR),
		    draw_glyph(t, GLYPH_FAIL));
		s = xasprintf(" %s", st.message != NULL ? st.message :
		    "failed");
		statusbar_put(t, r, x, theme_attr(t->theme, ROLE_STATUS_ERROR),
		    s);
		free(s);
		break;
	}
	statusbar_put(t, r, x, attr, " ");
}

/* The status bar. */
void
statusbar_draw(struct tui *t, const struct rect *r)
{
	attr_t	 attr = theme_attr(t->theme, ROLE_STATUS);
	size_t	 n, i, pending, failed;
	char	*s = NULL;
	int	 x = 0, w;

	draw_fill(r->y, r->x, r->w, attr);
	if (t->session == NULL) {
		statusbar_put(t, r, &x, attr, " offline");
		return;
	}
	pending = session_pending_writes(t->session);
	failed = session_failed_notes(t->session);
	if (pending > 0 && failed > 0)
		s = xasprintf(" %zu pending  %zu failed ", pending, failed);
	else if (pending > 0)
		s = xasprintf(" %zu pending ", pending);
	else if (failed > 0)
		s = xasprintf(" %zu failed ", failed);
	w = (s != NULL) ? (int)strlen(s) : 0;

	n = session_account_count(t->session);
	for (i = 0; i < n; i++) {
		statusbar_account(t, r, &x, (unsigned)i);
		if (i + 1 < n)
			statusbar_put(t, r, &x, attr, draw_glyph(t,
			    GLYPH_VLINE));
	}
	if (s != NULL && r->w - x >= w) {
		draw_text(t, r->y, r->x + r->w - w, w, theme_attr(t->theme,
		    failed > 0 ? ROLE_STATUS_ERROR : ROLE_STATUS_BUSY), s,
		    SIZE_MAX);
	}
	free(s);
}

/* The message line. */
void
statusbar_draw_message(struct tui *t, const struct rect *r)
{
	const char	*hint;
	attr_t		 attr;

	if (t->mode == TUI_MODE_EDIT && t->edit != NULL) {
		lineedit_draw(t, r, t->edit);
		return;
	}
	if (t->mode == TUI_MODE_CONFIRM && t->question != NULL) {
		attr = theme_attr(t->theme, ROLE_PROMPT);
		draw_fill(r->y, r->x, r->w, attr);
		draw_text(t, r->y, r->x, r->w, attr, t->question,
		    strlen(t->question));
		return;
	}
	draw_fill(r->y, r->x, r->w, theme_attr(t->theme, ROLE_MESSAGE));
	if (t->message != NULL) {
		attr = theme_attr(t->theme, t->message_error ?
		    ROLE_MESSAGE_ERROR : ROLE_MESSAGE);
		draw_text(t, r->y, r->x, r->w, attr, t->message,
		    strlen(t->message));
		return;
	}
	if (t->mode == TUI_MODE_HELP)
		hint = "j/k scroll  q or Esc close";
	else {
		hint = "j/k move  Enter open  Tab pane  r reply  i note  "
		    "p prio  c category  a assign  s status  t tags  / filter  "
		    "? help";
	}
	draw_text(t, r->y, r->x, r->w, theme_attr(t->theme, ROLE_HINT), hint,
	    strlen(hint));
}
