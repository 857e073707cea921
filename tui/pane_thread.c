/*
 * The conversation thread of the open ticket: subject and fields (pending
 * ones marked), the description, then the notes oldest first, then the
 * user's unconfirmed notes from the outbox ("sending…", "failed: why").
 * Internal notes carry an "[internal]" tag and a bar in their own colour,
 * so they stand apart from public replies in monochrome too.
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/lines.h"
#include "tui/theme.h"
#include "tui/ui.h"
#include "core/model.h"
#include "core/session.h"
#include "core/store.h"
#include "core/xmalloc.h"

/* The name of whoever wrote a note. */
static const char *
thread_author(const struct tui *t, unsigned account, const char *user_id,
    const char *customer_id)
{
	const struct record	*r;

	if (user_id != NULL) {
		r = store_get(t->store, TIX_KIND_AGENT, account, user_id);
		if (r != NULL && r->u.agent.name != NULL)
			return (r->u.agent.name);
		return (user_id);
	}
	if (customer_id != NULL) {
		r = store_get(t->store, TIX_KIND_CUSTOMER, account,
		    customer_id);
		if (r != NULL && r->u.customer.name != NULL)
			return (r->u.customer.name);
		return (customer_id);
	}
	return ("unknown");
}

/* Columns a line takes so far. */
static int
thread_line_width(const struct tline *l)
{
	size_t	i;
	int	w = 0;

	for (i = 0; i < l->n; i++)
		w += draw_width(l->segs[i].s, l->segs[i].len);
	return (w);
}

/*
 * Add one "label value" field to the meta lines, flowing onto a new line
 * when it would not fit; a pending value is marked.
 */
static void
thread_field(struct tui *t, struct tlines *tl, int cols, const char *label,
    const char *value, bool pending)
{
	struct tline	*l = &tl->v[tl->n - 1];
	int		 w;

	w = draw_width(label, SIZE_MAX) + 1 + draw_width(value, SIZE_MAX) +
	    (pending ? 1 : 0);
	if (l->n > 0 && thread_line_width(l) + 2 + w > cols)
		l = tlines_add(tl, ROLE_DEFAULT);
	if (l->n > 0)
		tline_addf(l, ROLE_HINT, "  ");
	tline_addf(l, ROLE_CUSTOMER_LABEL, "%s ", label);
	if (pending) {
		tline_addf(l, ROLE_PENDING, "%s%s", value,
		    draw_glyph(t, GLYPH_ELLIPSIS));
	} else
		tline_addf(l, ROLE_THREAD_META, "%s", value);
}

/* The ticket's subject and fields. */
static void
thread_header(struct tui *t, struct tlines *tl, const struct record *r,
    int cols)
{
	const struct ticket	*tk = &r->u.ticket;
	const struct record	*x;
	unsigned		 pending;
	char			*tags, when[32];
	const char		*v;

	pending = store_ticket_pending(t->store, r->account, tk->id);
	tlines_wrap(tl, NULL, ROLE_DEFAULT, cols, ROLE_THREAD_SUBJECT,
	    tk->subject != NULL && *tk->subject != '\0' ? tk->subject :
	    "(no subject)");

	tlines_add(tl, ROLE_DEFAULT);
	v = (tk->status_raw != NULL && *tk->status_raw != '\0') ?
	    tk->status_raw : tix_status_name(tk->status);
	thread_field(t, tl, cols, "status", v,
	    (pending & TIX_PATCH_STATUS) != 0);
	v = tix_priority_name(tk->priority);
	thread_field(t, tl, cols, "priority", *v != '\0' ? v : "none",
	    (pending & TIX_PATCH_PRIORITY) != 0);
	v = "unassigned";
	if (tk->user_id != NULL)
		v = thread_author(t, r->account, tk->user_id, NULL);
	thread_field(t, tl, cols, "assignee", v,
	    (pending & TIX_PATCH_ASSIGNEE) != 0);

	v = "none";
	if (tk->category_id != NULL) {
		x = store_get(t->store, TIX_KIND_CATEGORY, r->account,
		    tk->category_id);
		v = (x != NULL && x->u.category.name != NULL) ?
		    x->u.category.name : tk->category_id;
	}
	thread_field(t, tl, cols, "category", v,
	    (pending & TIX_PATCH_CATEGORY) != 0);
	tags = strv_join(&tk->tags, ", ");
	thread_field(t, tl, cols, "tags", *tags != '\0' ? tags : "none",
	    (pending & TIX_PATCH_TAGS) != 0);
	free(tags);

	draw_time(tk->created_at, when, sizeof when);
	thread_field(t, tl, cols, "created", *when != '\0' ? when : "?",
	    false);
	if (tk->source != NULL)
		thread_field(t, tl, cols, "via", tk->source, false);
	tlines_add(tl, ROLE_DEFAULT);
}

/* A note's heading: author, time, tags. */
static void
thread_heading(struct tui *t, struct tlines *tl, const char *author,
    int64_t when, bool internal)
{
	struct tline	*l;
	char		 buf[32];

	l = tlines_add(tl, ROLE_DEFAULT);
	tline_addf(l, ROLE_THREAD_AUTHOR, "%s", author);
	draw_time(when, buf, sizeof buf);
	if (*buf != '\0')
		tline_addf(l, ROLE_THREAD_TIME, "  %s", buf);
	if (internal) {
		tline_addf(l, ROLE_DEFAULT, "  ");
		tline_addf(l, ROLE_THREAD_INTERNAL_TAG, "[internal]");
	}
}

/* A note's body, indented, with a bar for internal notes. */
static void
thread_body(struct tui *t, struct tlines *tl, const char *text, int cols,
    bool internal)
{
	char	*bar;

	if (internal) {
		bar = xasprintf("%s ", draw_glyph(t, GLYPH_GUTTER));
		tlines_wrap(tl, bar, ROLE_THREAD_INTERNAL, cols,
		    ROLE_THREAD_INTERNAL, text);
		tlines_add(tl, ROLE_DEFAULT);
		free(bar);
	} else {
		tlines_wrap(tl, "  ", ROLE_DEFAULT, cols, ROLE_THREAD_BODY, text);
		tlines_add(tl, ROLE_DEFAULT);
	}
}

/* The user's notes not yet confirmed. */
static void
thread_outbox(struct tui *t, struct tlines *tl, const struct record *r,
    int cols)
{
	const struct journal_entry	**v;
	const struct record		 *me;
	struct tline			 *l;
	size_t				  n, i;
	const char			 *who;
	char				 *reason;

	if (t->session == NULL)
		return;
	v = session_outbox(t->session, r->account, r->u.ticket.id, &n);
	me = store_agent_me(t->store, r->account);
	who = (me != NULL && me->u.agent.name != NULL) ? me->u.agent.name :
	    "me";
	for (i = 0; i < n; i++) {
		thread_heading(t, tl, who, v[i]->created_at, !v[i]->is_public);
		l = &tl->v[tl->n - 1];
		/* Sending, or looking for a send that may have got there. */
		if (v[i]->state != JOURNAL_FAILED) {
			tline_addf(l, ROLE_DEFAULT, "  ");
			tline_addf(l, ROLE_THREAD_SENDING, "sending%s",
			    draw_glyph(t, GLYPH_ELLIPSIS));
		} else {
			/* The reason may be long: give it lines of its own. */
			reason = xasprintf("failed: %s", v[i]->error != NULL ?
			    v[i]->error : "unknown");
			tlines_wrap(tl, NULL, ROLE_DEFAULT, cols,
			    ROLE_THREAD_FAILED, reason);
			tlines_keep(tl, reason);
			tline_addf(tlines_add(tl, ROLE_DEFAULT), ROLE_HINT,
			    "R retries, D discards");
		}
		thread_body(t, tl, v[i]->text, cols, !v[i]->is_public);
	}
	free(v);
}

/* Build the lines of the open ticket's thread. */
static void
thread_build(struct tui *t, struct tlines *tl, const struct record *r,
    int cols)
{
	const struct ticket		 *tk = &r->u.ticket;
	const struct record *const	 *notes;
	const struct note		 *nt;
	size_t				  n, i;

	thread_header(t, tl, r, cols);

	thread_heading(t, tl, thread_author(t, r->account, NULL,
	    tk->customer_id), tk->created_at, false);
	thread_body(t, tl, tk->description != NULL && *tk->description !=
	    '\0' ? tk->description : "(no description)", cols, false);

	notes = store_notes(t->store, r->account, tk->id, &n);
	for (i = 0; i < n; i++) {
		nt = &notes[i]->u.note;
		/*
		 * Platforms like Zendesk keep the description as the first
		 * comment too: show it once.
		 */
		if (i == 0 && nt->description != NULL &&
		    tk->description != NULL &&
		    strcmp(nt->description, tk->description) == 0)
			continue;
		thread_heading(t, tl, thread_author(t, r->account, nt->user_id,
		    nt->customer_id), nt->created_at, !nt->is_public);
		thread_body(t, tl, nt->description, cols, !nt->is_public);
	}
	thread_outbox(t, tl, r, cols);

	if (t->session != NULL && !session_thread_loaded(t->session,
	    r->account, tk->id)) {
		tline_addf(tlines_add(tl, ROLE_DEFAULT), ROLE_HINT,
		    "loading notes%s", draw_glyph(t, GLYPH_ELLIPSIS));
	}
}

/* The pane's title row. */
static void
thread_title(struct tui *t, const struct rect *r, const struct record *rec)
{
	attr_t	 attr;
	char	*title;

	attr = theme_attr(t->theme, (t->focus == TUI_PANE_THREAD) ?
	    ROLE_PANE_FOCUS : ROLE_PANE_TITLE);
	if (rec != NULL) {
		title = xasprintf(" Thread %s:%s", store_account_name(t->store,
		    rec->account), rec->u.ticket.id);
	} else
		title = xstrdup(" Thread");
	draw_cell(t, r->y, r->x, r->w, attr, title, false);
	free(title);
}

/* Draw the thread pane. */
void
pane_thread_draw(struct tui *t, const struct rect *r)
{
	const struct record	*rec;
	struct tlines		 tl;
	struct rect		 body;
	const char		*hint;
	int			 i;

	if (r->h < 1)
		return;
	rec = tui_opened(t);
	thread_title(t, r, rec);
	body = (struct rect){ r->y + 1, r->x + 1, r->h - 1, r->w - 1 };
	tlines_init(&tl);
	if (rec != NULL)
		thread_build(t, &tl, rec, body.w);
	else {
		hint = (t->open_id != NULL) ? "this ticket is gone" :
		    "Enter opens the selected ticket here.";
		tline_addf(tlines_add(&tl, ROLE_DEFAULT), ROLE_HINT, "%s",
		    hint);
	}
	for (i = 1; i < r->h; i++)
		draw_fill(r->y + i, r->x, 1, theme_attr(t->theme, ROLE_DEFAULT));
	if (t->thread_follow)
		t->thread_top = INT_MAX / 2;	/* clamped to the end */
	tlines_draw(t, &body, &tl, &t->thread_top);
	tlines_done(&tl);
}
