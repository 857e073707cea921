/*
 * The ticket list: the combined inbox, one row per ticket in the view's
 * order.  Columns fit the pane's width (the least useful go first when it
 * is narrow); only the visible rows are read from the view, so drawing
 * costs the same for a hundred tickets or a hundred thousand.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/theme.h"
#include "tui/ui.h"
#include "core/field.h"
#include "core/model.h"
#include "core/session.h"
#include "core/store.h"
#include "core/xmalloc.h"

/* Column titles and widths come from the ticket's field table. */
#define LIST_COL(i)	(field_ticket[FIELD_TICKET_##i].list)
#define LIST_W_STATUS	LIST_COL(STATUS).width
#define LIST_W_PRIORITY	LIST_COL(PRIORITY).width
#define LIST_W_CUSTOMER	LIST_COL(CUSTOMER).width
#define LIST_W_ASSIGNEE	LIST_COL(ASSIGNEE).width
#define LIST_W_CATEGORY	LIST_COL(CATEGORY).width
#define LIST_W_AGE	LIST_COL(UPDATED).width
#define LIST_W_SUBJECT	LIST_COL(SUBJECT).width	/* at least */
#define LIST_W_REF_MIN	LIST_COL(ID).width
#define LIST_W_REF_MAX	24

/* Where each column starts (-1: not shown) and how wide it is. */
struct list_cols {
	int	mark, ref, status, priority, subject, customer, assignee,
		category, age;
	int	w_ref, w_subject;
};

/*
 * Plan the columns for a width and the widest reference shown: the
 * subject keeps at least LIST_W_SUBJECT columns, dropping category,
 * assignee, customer, status and priority in that order to make room.
 */
static void
list_plan(struct list_cols *c, int width, int w_ref)
{
	const int		 widths[] = { LIST_W_CATEGORY, LIST_W_ASSIGNEE,
				     LIST_W_CUSTOMER, LIST_W_STATUS,
				     LIST_W_PRIORITY };
	bool			 show[5] = { true, true, true, true, true };
	int			 avail, x, i;

	if (w_ref > width - 12)
		w_ref = (width - 12 > 4) ? width - 12 : 4;
	avail = width - 2 - (w_ref + 1) - (1 + LIST_W_AGE);
	for (i = 0; i < 5; i++)
		avail -= widths[i] + 1;
	for (i = 0; i < 5 && avail < LIST_W_SUBJECT; i++) {
		show[i] = false;
		avail += widths[i] + 1;
	}

	x = 0;
	c->mark = x;
	x += 2;
	c->ref = x;
	c->w_ref = w_ref;
	x += w_ref + 1;
	c->status = show[3] ? x : -1;
	x += show[3] ? LIST_W_STATUS + 1 : 0;
	c->priority = show[4] ? x : -1;
	x += show[4] ? LIST_W_PRIORITY + 1 : 0;
	c->subject = x;
	c->w_subject = (avail > 1) ? avail : 1;
	x += c->w_subject + 1;
	c->customer = show[2] ? x : -1;
	x += show[2] ? LIST_W_CUSTOMER + 1 : 0;
	c->assignee = show[1] ? x : -1;
	x += show[1] ? LIST_W_ASSIGNEE + 1 : 0;
	c->category = show[0] ? x : -1;
	x += show[0] ? LIST_W_CATEGORY + 1 : 0;
	c->age = x;
}

/* The status shown: the platform's own word, else the coarse one. */
static const char *
list_status(const struct ticket *tk)
{
	if (tk->status_raw != NULL && *tk->status_raw != '\0')
		return (tk->status_raw);
	return (tk->status == TIX_STATUS_CLOSED ? "closed" : "active");
}

/* Name of the ticket's assignee ("me" for the user), or "-". */
static const char *
list_assignee(const struct tui *t, const struct record *r)
{
	const struct record	*a;

	if (r->u.ticket.user_id == NULL)
		return ("-");
	a = store_get(t->store, TIX_KIND_AGENT, r->account,
	    r->u.ticket.user_id);
	if (a == NULL)
		return (r->u.ticket.user_id);
	if (a->u.agent.is_me)
		return ("me");
	return (a->u.agent.name != NULL ? a->u.agent.name : a->u.agent.id);
}

/* Name of the ticket's category, or "-". */
static const char *
list_category(const struct tui *t, const struct record *r)
{
	const struct record	*c;

	if (r->u.ticket.category_id == NULL)
		return ("-");
	c = store_get(t->store, TIX_KIND_CATEGORY, r->account,
	    r->u.ticket.category_id);
	if (c == NULL || c->u.category.name == NULL)
		return (r->u.ticket.category_id);
	return (c->u.category.name);
}

/* Name of the ticket's customer, or "-". */
static const char *
list_customer(const struct tui *t, const struct record *r)
{
	const struct record	*c;

	if (r->u.ticket.customer_id == NULL)
		return ("-");
	c = store_get(t->store, TIX_KIND_CUSTOMER, r->account,
	    r->u.ticket.customer_id);
	if (c == NULL || c->u.customer.name == NULL)
		return (r->u.ticket.customer_id);
	return (c->u.customer.name);
}

/* The role for a priority level. */
static enum theme_role
list_priority_role(enum tix_priority p)
{
	switch (p) {
	case TIX_PRIORITY_URGENT:
		return (ROLE_PRIORITY_URGENT);
	case TIX_PRIORITY_HIGH:
		return (ROLE_PRIORITY_HIGH);
	case TIX_PRIORITY_LOW:
		return (ROLE_PRIORITY_LOW);
	default:
		return (ROLE_PRIORITY_NORMAL);
	}
}

/* A cell whose field may be pending: drawn with the "…" marker kept. */
static void
list_field(struct tui *t, int y, int x, int w, attr_t attr, attr_t pattr,
    const char *s, bool pending)
{
	char	*p;

	if (!pending) {
		draw_cell(t, y, x, w, attr, s, false);
		return;
	}
	if (draw_width(s, SIZE_MAX) < w) {
		p = xasprintf("%s%s", s, draw_glyph(t, GLYPH_ELLIPSIS));
		draw_cell(t, y, x, w, pattr, p, false);
		free(p);
		return;
	}
	draw_cell(t, y, x, w - 1, pattr, s, false);
	draw_text(t, y, x + w - 1, 1, pattr, draw_glyph(t, GLYPH_ELLIPSIS),
	    SIZE_MAX);
}

/* Draw one ticket row. */
static void
list_row(struct tui *t, const struct list_cols *c, int y, int x0, int w,
    const struct record *r, bool selected)
{
	const struct ticket	*tk = &r->u.ticket;
	unsigned		 marks, pending;
	attr_t			 base, attr, pattr;
	char			*ref, age[16];
	const char		*mark;

	marks = store_ticket_marks(t->store, r->account, tk->id);
	pending = store_ticket_pending(t->store, r->account, tk->id);
	if (selected)
		base = theme_attr(t->theme, ROLE_LIST_SELECTED);
	else if (tk->status == TIX_STATUS_CLOSED)
		base = theme_attr(t->theme, ROLE_LIST_CLOSED);
	else
		base = theme_attr(t->theme, ROLE_LIST_ROW);
	if (marks != 0)
		base |= theme_attr(t->theme, ROLE_LIST_NEW) & A_ATTRIBUTES &
		    ~A_COLOR;
	pattr = selected ? (base | A_UNDERLINE) :
	    theme_attr(t->theme, ROLE_PENDING);

	draw_fill(y, x0, w, base);

	if (marks & STORE_MARK_NEW)
		mark = "N";
	else if (marks & STORE_MARK_UPDATED)
		mark = "U";
	else
		mark = " ";
	attr = selected ? base : (theme_attr(t->theme, ROLE_LIST_MARK));
	draw_text(t, y, x0 + c->mark, 1, attr, mark, 1);

	ref = xasprintf("%s:%s", store_account_name(t->store, r->account),
	    tk->id);
	attr = selected ? base : (theme_attr(t->theme, ROLE_LIST_REF) |
	    (base & (A_BOLD | A_DIM)));
	draw_cell(t, y, x0 + c->ref, c->w_ref, attr, ref, false);
	free(ref);

	if (c->status >= 0) {
		list_field(t, y, x0 + c->status, LIST_W_STATUS, base, pattr,
		    list_status(tk), (pending & TIX_PATCH_STATUS) != 0);
	}
	if (c->priority >= 0) {
		attr = selected ? base : theme_attr(t->theme,
		    list_priority_role(tk->priority));
		list_field(t, y, x0 + c->priority, LIST_W_PRIORITY, attr,
		    pattr, tix_priority_name(tk->priority),
		    (pending & TIX_PATCH_PRIORITY) != 0);
	}

	draw_cell(t, y, x0 + c->subject, c->w_subject, base,
	    tk->subject != NULL ? tk->subject : "", false);
	if (c->customer >= 0) {
		draw_cell(t, y, x0 + c->customer, LIST_W_CUSTOMER, base,
		    list_customer(t, r), false);
	}
	if (c->assignee >= 0) {
		list_field(t, y, x0 + c->assignee, LIST_W_ASSIGNEE, base,
		    pattr, list_assignee(t, r),
		    (pending & TIX_PATCH_ASSIGNEE) != 0);
	}
	if (c->category >= 0) {
		list_field(t, y, x0 + c->category, LIST_W_CATEGORY, base,
		    pattr, list_category(t, r),
		    (pending & TIX_PATCH_CATEGORY) != 0);
	}
	draw_age(t->now, tk->updated_at != 0 ? tk->updated_at :
	    tk->created_at, age, sizeof age);
	attr = selected ? base : (theme_attr(t->theme, ROLE_LIST_AGE) |
	    (base & (A_BOLD | A_DIM)));
	draw_cell(t, y, x0 + c->age, LIST_W_AGE, attr, age, true);
}

/* The column titles, in the pane's title row. */
static void
list_titles(struct tui *t, const struct list_cols *c, const struct rect *r)
{
	attr_t	attr;

	attr = theme_attr(t->theme, (t->focus == TUI_PANE_LIST) ?
	    ROLE_PANE_FOCUS : ROLE_PANE_TITLE);
	draw_fill(r->y, r->x, r->w, attr);
	draw_cell(t, r->y, r->x + c->ref, c->w_ref, attr,
	    LIST_COL(ID).title, false);
	if (c->status >= 0) {
		draw_cell(t, r->y, r->x + c->status, LIST_W_STATUS, attr,
		    LIST_COL(STATUS).title, false);
	}
	if (c->priority >= 0) {
		draw_cell(t, r->y, r->x + c->priority, LIST_W_PRIORITY, attr,
		    LIST_COL(PRIORITY).title, false);
	}
	draw_cell(t, r->y, r->x + c->subject, c->w_subject, attr,
	    LIST_COL(SUBJECT).title, false);
	if (c->customer >= 0) {
		draw_cell(t, r->y, r->x + c->customer, LIST_W_CUSTOMER, attr,
		    LIST_COL(CUSTOMER).title, false);
	}
	if (c->assignee >= 0) {
		draw_cell(t, r->y, r->x + c->assignee, LIST_W_ASSIGNEE, attr,
		    LIST_COL(ASSIGNEE).title, false);
	}
	if (c->category >= 0) {
		draw_cell(t, r->y, r->x + c->category, LIST_W_CATEGORY, attr,
		    LIST_COL(CATEGORY).title, false);
	}
	draw_cell(t, r->y, r->x + c->age, LIST_W_AGE, attr,
	    LIST_COL(UPDATED).title, true);
}

/* Draw the list pane. */
void
pane_list_draw(struct tui *t, const struct rect *r)
{
	const struct record	*rec;
	struct list_cols	 c;
	size_t			 n, i, rows;
	int			 row, w, w_ref = LIST_W_REF_MIN;
	const char		*empty;

	if (r->h < 1)
		return;
	n = view_count(t->view);
	rows = (r->h > 1) ? (size_t)(r->h - 1) : 0;
	if (t->sel >= n && n > 0)
		tui_select(t, n - 1);
	if (t->sel < t->top)
		t->top = t->sel;
	if (rows > 0 && t->sel >= t->top + rows)
		t->top = t->sel - rows + 1;
	if (t->top > 0 && t->top + rows > n)
		t->top = (n > rows) ? n - rows : 0;

	/* The reference column fits the widest reference on screen. */
	for (i = t->top; i < n && i < t->top + rows; i++) {
		rec = view_at(t->view, i);
		w = draw_width(store_account_name(t->store, rec->account),
		    SIZE_MAX) + 1 + draw_width(rec->u.ticket.id, SIZE_MAX);
		if (w > w_ref)
			w_ref = w;
	}
	if (w_ref > LIST_W_REF_MAX)
		w_ref = LIST_W_REF_MAX;
	list_plan(&c, r->w, w_ref);
	list_titles(t, &c, r);

	for (row = 0; (size_t)row < rows; row++) {
		i = t->top + (size_t)row;
		if (i >= n) {
			draw_fill(r->y + 1 + row, r->x, r->w,
			    theme_attr(t->theme, ROLE_DEFAULT));
			continue;
		}
		rec = view_at(t->view, i);
		list_row(t, &c, r->y + 1 + row, r->x, r->w, rec,
		    i == t->sel);
	}
	if (n == 0 && rows > 0) {
		if (t->session != NULL && !session_loaded(t->session))
			empty = "loading tickets...";
		else if (view_filter(t->view) != NULL &&
		    *view_filter(t->view) != '\0')
			empty = "no tickets match the filter (/ to change it)";
		else
			empty = "no tickets";
		draw_text(t, r->y + 1, r->x + 2, r->w - 2,
		    theme_attr(t->theme, ROLE_HINT), empty, strlen(empty));
	}
}
