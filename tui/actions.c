/*
 * Key handlers: movement, opening a ticket, focus, the pickers and line
 * editors behind the triage keys, notes through the editor, filter, sort,
 * help and quit.  Writes go through the session, which shows them pending
 * at once; the handlers only report immediate refusals.
 */
#include "config.h"
#include "tui/actions.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tui/curses.h"
#include "tui/editor.h"
#include "tui/lineedit.h"
#include "tui/picker.h"
#include "tui/ui.h"
#include "core/buf.h"
#include "core/model.h"
#include "core/session.h"
#include "core/store.h"
#include "core/xmalloc.h"

/* Rows a page step moves in the focused pane. */
static int
action_page_rows(struct tui *t)
{
	const struct rect	*r;
	int			 h;

	switch (t->focus) {
	case TUI_PANE_THREAD:
		r = &t->layout.thread;
		break;
	case TUI_PANE_CUSTOMER:
		r = &t->layout.customer;
		break;
	default:
		r = &t->layout.list;
		break;
	}
	if (r->h == 0)
		r = &t->layout.list;
	h = r->h - 2;
	return (h < 1 ? 1 : h);
}

/* Move the focused pane by delta rows. */
static int
action_move(struct tui *t, long delta)
{
	long	v;

	switch (t->focus) {
	case TUI_PANE_LIST:
		v = (long)t->sel + delta;
		tui_select(t, v < 0 ? 0 : (size_t)v);
		break;
	case TUI_PANE_THREAD:
		v = (long)t->thread_top + delta;
		t->thread_top = (v < 0) ? 0 : (v > INT_MAX / 2 ? INT_MAX / 2 :
		    (int)v);
		/* Scrolling to the end follows it; anything else lets go. */
		t->thread_follow = delta == (long)INT_MAX;
		break;
	case TUI_PANE_CUSTOMER:
		v = (long)t->customer_top + delta;
		t->customer_top = (v < 0) ? 0 : (v > INT_MAX / 2 ?
		    INT_MAX / 2 : (int)v);
		break;
	case TUI_PANE_COUNT:
		break;
	}
	return (TUI_REDRAW);
}

/* j, Down. */
int
action_down(struct tui *t)
{
	return (action_move(t, 1));
}

/* k, Up. */
int
action_up(struct tui *t)
{
	return (action_move(t, -1));
}

/* PgDn, Space. */
int
action_page_down(struct tui *t)
{
	return (action_move(t, action_page_rows(t)));
}

/* PgUp. */
int
action_page_up(struct tui *t)
{
	return (action_move(t, -action_page_rows(t)));
}

/* g, Home. */
int
action_top(struct tui *t)
{
	return (action_move(t, -(long)INT_MAX));
}

/* G, End. */
int
action_bottom(struct tui *t)
{
	return (action_move(t, (long)INT_MAX));
}

/* Enter: show the selected ticket's thread and customer. */
int
action_open(struct tui *t)
{
	const struct record	*r;

	r = tui_selected(t);
	if (r == NULL)
		return (0);
	tui_open(t, r->account, r->u.ticket.id);
	if (t->layout.kind == LAYOUT_LIST_ONLY)
		t->focus = TUI_PANE_THREAD;
	return (TUI_REDRAW);
}

/* Tab. */
int
action_focus_next(struct tui *t)
{
	t->focus = (enum tui_pane)((t->focus + 1) % TUI_PANE_COUNT);
	return (TUI_REDRAW);
}

/* Shift-Tab. */
int
action_focus_prev(struct tui *t)
{
	t->focus = (enum tui_pane)((t->focus + TUI_PANE_COUNT - 1) %
	    TUI_PANE_COUNT);
	return (TUI_REDRAW);
}

/* "acme:1001" for messages. */
static char *
action_ref(struct tui *t, unsigned account, const char *id)
{
	return (xasprintf("%s:%s", store_account_name(t->store, account), id));
}

/* Post a note and say what happened. */
static int
action_send_note(struct tui *t, unsigned account, const char *id,
    const char *text, bool is_public)
{
	char	*cause = NULL, *ref;

	ref = action_ref(t, account, id);
	if (t->session == NULL)
		tui_set_message(t, true, "%s: no session", ref);
	else if (session_add_note(t->session, account, id, text, is_public,
	    &cause) != TIX_OK) {
		tui_set_message(t, true, "%s: %s", ref,
		    cause != NULL ? cause : "note not sent");
	} else {
		tui_set_message(t, false, "%s: %s queued", ref,
		    is_public ? "reply" : "internal note");
		/* Show the new note, at the end of its thread. */
		if (t->open_id == NULL || t->open_account != account ||
		    strcmp(t->open_id, id) != 0)
			tui_open(t, account, id);
		/*
		 * Follow the thread's end, not just scroll there once: the
		 * thread may still be growing (notes loading, the note
		 * confirmed) after this frame.
		 */
		t->thread_follow = true;
	}
	free(cause);
	free(ref);
	return (TUI_REDRAW);
}

/* The line editor's note is done. */
static int
action_note_done(struct tui *t, const struct lineedit *e, const char *text)
{
	const char	*p;

	for (p = text; *p == ' '; p++)
		/* nothing */;
	if (*p == '\0') {
		tui_set_message(t, false, "cancelled: empty note");
		return (TUI_REDRAW);
	}
	return (action_send_note(t, e->account, e->ticket_id, text,
	    e->is_public));
}

/* r and i: compose in the editor, or in the line editor without one. */
static int
action_compose(struct tui *t, bool is_public)
{
	const struct record	*r = tui_target(t);
	struct lineedit		*e;
	char			*text = NULL, *cause = NULL, *id;
	unsigned		 account;
	enum tix_err		 err;
	int			 flags;

	if (r == NULL)
		return (0);
	account = r->account;
	id = xstrdup(r->u.ticket.id);
	if (!editor_configured()) {
		e = lineedit_new(is_public ? "Reply: " : "Internal note: ", "",
		    action_note_done);
		e->account = account;
		e->ticket_id = id;
		e->is_public = is_public;
		e->max = TIX_MAX_NOTE / 4;
		t->edit = e;
		t->mode = TUI_MODE_EDIT;
		return (TUI_REDRAW);
	}

	def_prog_mode();
	endwin();
	err = editor_compose(NULL, &text, &cause);
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();

	flags = TUI_REDRAW | TUI_RELAYOUT;
	if (err == TIX_ERR_CANCELLED && text != NULL && t->session != NULL) {
		/* Cut short (a hang-up): kept as failed, never sent as is. */
		session_keep_note(t->session, account, id, text, is_public,
		    cause);
		tui_set_message(t, true, "%s; the draft is kept (R sends it)",
		    cause);
	} else if (err != TIX_OK)
		tui_set_message(t, true, "%s", cause);
	else if (text == NULL)
		tui_set_message(t, false, "cancelled: nothing written");
	else
		flags |= action_send_note(t, account, id, text, is_public);
	free(text);
	free(cause);
	free(id);
	return (flags);
}

/* r. */
int
action_reply(struct tui *t)
{
	return (action_compose(t, true));
}

/* i. */
int
action_note(struct tui *t)
{
	return (action_compose(t, false));
}

/* Send a ticket change; report a refusal. */
static int
action_update(struct tui *t, unsigned account, const char *id,
    const struct patch *patch)
{
	char	*cause = NULL, *ref;

	if (t->session == NULL) {
		store_ticket_begin_patch(t->store, account, id, patch);
		return (TUI_REDRAW);
	}
	if (session_update_ticket(t->session, account, id, patch, &cause) !=
	    TIX_OK) {
		ref = action_ref(t, account, id);
		tui_set_message(t, true, "%s: %s", ref,
		    cause != NULL ? cause : "not changed");
		free(ref);
	}
	free(cause);
	return (TUI_REDRAW);
}

/* The priority was picked. */
static int
action_priority_done(struct tui *t, const struct picker *p,
    const struct picker_item *it)
{
	struct patch	patch;
	int		flags;

	memset(&patch, 0, sizeof patch);
	patch.fields = TIX_PATCH_PRIORITY;
	if (tix_priority_parse(it->value, &patch.priority) != 0)
		return (0);
	flags = action_update(t, p->account, p->ticket_id, &patch);
	patch_done(&patch);
	return (flags);
}

/* Open a picker for the target ticket. */
static struct picker *
action_picker(struct tui *t, const char *what, picker_cb done,
    const struct record **rp)
{
	const struct record	*r = tui_target(t);
	struct picker		*p;
	char			*title;

	*rp = r;
	title = xasprintf("%s %s:%s", what, store_account_name(t->store,
	    r->account), r->u.ticket.id);
	p = picker_new(title, r->account, r->u.ticket.id, done);
	free(title);
	return (p);
}

/* Show a built picker. */
static int
action_picker_show(struct tui *t, struct picker *p)
{
	picker_start(p);
	t->picker = p;
	t->mode = TUI_MODE_PICKER;
	return (TUI_REDRAW);
}

/* p: low, normal, high, urgent. */
int
action_priority(struct tui *t)
{
	const struct record	*r;
	struct picker		*p;
	int			 pr;

	p = action_picker(t, "Priority of", action_priority_done, &r);
	for (pr = TIX_PRIORITY_LOW; pr <= TIX_PRIORITY_URGENT; pr++) {
		picker_add(p, tix_priority_name(pr), tix_priority_name(pr), 0,
		    false, r->u.ticket.priority == (enum tix_priority)pr);
	}
	return (action_picker_show(t, p));
}

/* The category was picked. */
static int
action_category_done(struct tui *t, const struct picker *p,
    const struct picker_item *it)
{
	struct patch	patch;
	int		flags;

	memset(&patch, 0, sizeof patch);
	patch.fields = TIX_PATCH_CATEGORY;
	patch.category_id = xstrdup_opt(it->value);
	flags = action_update(t, p->account, p->ticket_id, &patch);
	patch_done(&patch);
	return (flags);
}

/* Depth of a category in its tree (bounded against cycles). */
static int
action_category_depth(struct tui *t, const struct record *c)
{
	int	depth = 0;

	while (c != NULL && c->u.category.parent_id != NULL && depth < 8) {
		c = store_get(t->store, TIX_KIND_CATEGORY, c->account,
		    c->u.category.parent_id);
		if (c != NULL)
			depth++;
	}
	return (depth);
}

/* c: the category tree; inactive ones shown but not selectable. */
int
action_category(struct tui *t)
{
	const struct record	 *r, **v;
	const struct category	 *c;
	struct picker		 *p;
	size_t			  n, i;
	char			 *label;
	const char		 *cur;

	p = action_picker(t, "Category of", action_category_done, &r);
	cur = r->u.ticket.category_id;
	picker_add(p, "(no category)", NULL, 0, false, cur == NULL);
	v = store_list(t->store, TIX_KIND_CATEGORY, r->account, &n);
	for (i = 0; i < n; i++) {
		c = &v[i]->u.category;
		label = xasprintf("%s%s", c->name != NULL ? c->name : c->id,
		    c->is_active ? "" : " (inactive)");
		picker_add(p, label, c->id, action_category_depth(t, v[i]),
		    !c->is_active, cur != NULL && strcmp(cur, c->id) == 0);
		free(label);
	}
	free(v);
	return (action_picker_show(t, p));
}

/* The assignee was picked. */
static int
action_assign_done(struct tui *t, const struct picker *p,
    const struct picker_item *it)
{
	struct patch	patch;
	int		flags;

	memset(&patch, 0, sizeof patch);
	patch.fields = TIX_PATCH_ASSIGNEE;
	patch.user_id = xstrdup_opt(it->value);
	flags = action_update(t, p->account, p->ticket_id, &patch);
	patch_done(&patch);
	return (flags);
}

/* a: "me" first, the other agents, then "unassigned". */
int
action_assign(struct tui *t)
{
	const struct record	 *r, **v;
	const struct agent	 *ag;
	struct picker		 *p;
	size_t			  n, i;
	char			 *label;
	const char		 *cur;

	p = action_picker(t, "Assign", action_assign_done, &r);
	cur = r->u.ticket.user_id;
	v = store_list(t->store, TIX_KIND_AGENT, r->account, &n);
	for (i = 0; i < n; i++) {
		ag = &v[i]->u.agent;
		if (ag->is_me) {
			label = xasprintf("me (%s)", ag->name != NULL ?
			    ag->name : ag->id);
		} else
			label = xstrdup(ag->name != NULL ? ag->name : ag->id);
		picker_add(p, label, ag->id, 0, false,
		    cur != NULL && strcmp(cur, ag->id) == 0);
		free(label);
	}
	free(v);
	picker_add(p, "unassigned", NULL, 0, false, cur == NULL);
	return (action_picker_show(t, p));
}

/* s: ACTIVE <-> CLOSED. */
int
action_status(struct tui *t)
{
	const struct record	*r = tui_target(t);
	struct patch		 patch;
	char			*id;
	int			 flags;

	memset(&patch, 0, sizeof patch);
	patch.fields = TIX_PATCH_STATUS;
	patch.status = (r->u.ticket.status == TIX_STATUS_ACTIVE) ?
	    TIX_STATUS_CLOSED : TIX_STATUS_ACTIVE;
	id = xstrdup(r->u.ticket.id);
	flags = action_update(t, r->account, id, &patch);
	free(id);
	return (flags);
}

/* The tags line is done. */
static int
action_tags_done(struct tui *t, const struct lineedit *e, const char *text)
{
	struct patch	patch;
	int		flags;

	memset(&patch, 0, sizeof patch);
	patch.fields = TIX_PATCH_TAGS;
	strv_split(&patch.tags, text);
	flags = action_update(t, e->account, e->ticket_id, &patch);
	patch_done(&patch);
	return (flags);
}

/* t: edit the tags as a comma-separated line. */
int
action_tags(struct tui *t)
{
	const struct record	*r = tui_target(t);
	struct lineedit		*e;
	char			*tags;

	tags = strv_join(&r->u.ticket.tags, ", ");
	e = lineedit_new("Tags: ", tags, action_tags_done);
	free(tags);
	e->account = r->account;
	e->ticket_id = xstrdup(r->u.ticket.id);
	t->edit = e;
	t->mode = TUI_MODE_EDIT;
	return (TUI_REDRAW);
}

/* The filter line is done. */
static int
action_filter_done(struct tui *t, const struct lineedit *e, const char *text)
{
	char	*cause = NULL;

	if (!view_set_filter(t->view, text, &cause)) {
		tui_set_message(t, true, "filter: %s",
		    cause != NULL ? cause : "invalid");
		free(cause);
		return (TUI_REDRAW);
	}
	t->top = 0;
	tui_sync_selection(t);
	if (*text == '\0')
		tui_set_message(t, false, "filter cleared");
	else {
		tui_set_message(t, false, "%zu tickets match",
		    view_count(t->view));
	}
	return (TUI_REDRAW);
}

/* /: filter the list. */
int
action_filter(struct tui *t)
{
	const char	*cur = view_filter(t->view);

	t->edit = lineedit_new("Filter: ", cur != NULL ? cur : "",
	    action_filter_done);
	t->mode = TUI_MODE_EDIT;
	return (TUI_REDRAW);
}

/* o: cycle the sort order. */
int
action_sort(struct tui *t)
{
	static const char	*names[] = { "latest activity", "priority",
				    "creation" };

	t->sort = (t->sort + 1) % 3;
	view_set_sort(t->view, (enum view_sort)t->sort);
	tui_sync_selection(t);
	tui_set_message(t, false, "sorted by %s", names[t->sort]);
	return (TUI_REDRAW);
}

/* Failed notes of the target ticket, in a new array (NULL when none). */
static const struct journal_entry **
action_failed_notes(struct tui *t, size_t *n)
{
	const struct record		 *r = tui_target(t);
	const struct journal_entry	**v;
	size_t				  i, m = 0, count;

	*n = 0;
	if (t->session == NULL || r == NULL)
		return (NULL);
	v = session_outbox(t->session, r->account, r->u.ticket.id, &count);
	for (i = 0; i < count; i++) {
		if (v[i]->state == JOURNAL_FAILED)
			v[m++] = v[i];
	}
	*n = m;
	if (m == 0) {
		free(v);
		return (NULL);
	}
	return (v);
}

/* R: send the ticket's failed notes again. */
int
action_retry(struct tui *t)
{
	const struct journal_entry	**v;
	size_t				  n, i, ok = 0;
	char				 *cause = NULL;

	v = action_failed_notes(t, &n);
	if (n == 0) {
		tui_set_message(t, false, "no failed notes on this ticket");
		return (TUI_REDRAW);
	}
	for (i = 0; i < n; i++) {
		if (session_retry_note(t->session, v[i]->id, &cause) == TIX_OK)
			ok++;
		else {
			tui_set_message(t, true, "retry: %s", cause);
			xfree(&cause);
		}
	}
	free(v);
	if (ok > 0)
		tui_set_message(t, false, "retrying %zu note%s", ok,
		    ok == 1 ? "" : "s");
	return (TUI_REDRAW);
}

/* The answer to "discard?". */
static int
action_discard_answer(struct tui *t, bool yes)
{
	const struct journal_entry	**v;
	size_t				  n, i;
	uint64_t			 *ids;

	if (!yes) {
		tui_set_message(t, false, "kept");
		return (TUI_REDRAW);
	}
	v = action_failed_notes(t, &n);
	if (n == 0)
		return (TUI_REDRAW);
	/* Copy the ids first: discarding frees the notes. */
	ids = xreallocarray(NULL, n, sizeof *ids);
	for (i = 0; i < n; i++)
		ids[i] = v[i]->id;
	free(v);
	for (i = 0; i < n; i++)
		session_discard_note(t->session, ids[i]);
	free(ids);
	tui_set_message(t, false, "discarded %zu failed note%s", n,
	    n == 1 ? "" : "s");
	return (TUI_REDRAW);
}

/* D: throw away the ticket's failed notes, after asking. */
int
action_discard(struct tui *t)
{
	size_t				  n;
	const struct journal_entry	**v;

	v = action_failed_notes(t, &n);
	free(v);
	if (n == 0) {
		tui_set_message(t, false, "no failed notes on this ticket");
		return (TUI_REDRAW);
	}
	tui_ask(t, action_discard_answer, "discard %zu failed note%s? (y/n)",
	    n, n == 1 ? "" : "s");
	return (TUI_REDRAW);
}

/* ?. */
int
action_help(struct tui *t)
{
	t->mode = TUI_MODE_HELP;
	t->help_top = 0;
	return (TUI_REDRAW);
}

/* ^L: repaint everything. */
int
action_redraw(struct tui *t)
{
	clearok(curscr, TRUE);
	return (TUI_REDRAW | TUI_RELAYOUT);
}

/* The answer to "quit anyway?". */
static int
action_quit_answer(struct tui *t, bool yes)
{
	if (yes)
		return (TUI_QUIT);
	tui_set_message(t, false, "not quitting");
	return (TUI_REDRAW);
}

/* q: quit, asking first while writes are unconfirmed. */
int
action_quit(struct tui *t)
{
	size_t	n = 0;

	if (t->session != NULL) {
		n = session_pending_writes(t->session) +
		    session_failed_notes(t->session);
	}
	if (n == 0)
		return (TUI_QUIT);
	tui_ask(t, action_quit_answer, "%zu writes pending, quit anyway? (y/n)",
	    n);
	return (TUI_REDRAW);
}
