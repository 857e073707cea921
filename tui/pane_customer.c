/*
 * The customer pane: who wrote the open ticket (name, e-mails and phones
 * with their types, tags) and the same person's other tickets across all
 * accounts, matched by e-mail in the store.  When the pane is a short
 * strip the contact details share one line.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/lines.h"
#include "tui/theme.h"
#include "tui/ui.h"
#include "core/model.h"
#include "core/store.h"
#include "core/xmalloc.h"

/*
 * Add "value (type)" for each contact point: on the line "on" when given
 * (the compact strip; nothing else may add lines meanwhile), else one
 * labelled line each.
 */
static void
customer_points(struct tlines *tl, struct tline *on, const char *label,
    const struct contact_point *v, size_t n)
{
	struct tline	*l;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if (on != NULL) {
			l = on;
			tline_addf(l, ROLE_HINT, "  ");
		} else {
			l = tlines_add(tl, ROLE_DEFAULT);
			tline_addf(l, ROLE_CUSTOMER_LABEL, "%s",
			    i == 0 ? label : "");
			tline_pad(l, 8);
		}
		tline_add(l, ROLE_CUSTOMER_VALUE, v[i].value,
		    v[i].value != NULL ? strlen(v[i].value) : 0);
		if (v[i].type != NULL && *v[i].type != '\0')
			tline_addf(l, ROLE_CUSTOMER_LABEL, " (%s)", v[i].type);
	}
}

/* The person's other tickets. */
static void
customer_history(struct tui *t, struct tlines *tl, const struct record *r)
{
	const struct record	**v;
	const struct ticket	 *tk;
	struct tline		 *l;
	size_t			  n, i, shown = 0, self = 0;
	char			  age[16];

	v = store_person_tickets(t->store, r->account,
	    r->u.ticket.customer_id, &n);
	for (i = 0; i < n; i++) {
		if (v[i]->account == r->account &&
		    strcmp(v[i]->u.ticket.id, r->u.ticket.id) == 0)
			self++;
	}
	for (i = 0; i < n; i++) {
		if (v[i]->account == r->account &&
		    strcmp(v[i]->u.ticket.id, r->u.ticket.id) == 0)
			continue;
		if (shown++ == 0) {
			tline_addf(tlines_add(tl, ROLE_DEFAULT),
			    ROLE_CUSTOMER_LABEL, "Other tickets (%zu)",
			    n - self);
		}
		tk = &v[i]->u.ticket;
		l = tlines_add(tl, ROLE_DEFAULT);
		tline_addf(l, ROLE_LIST_REF, "  %s:%s",
		    store_account_name(t->store, v[i]->account), tk->id);
		tline_addf(l, tk->status == TIX_STATUS_CLOSED ?
		    ROLE_LIST_CLOSED : ROLE_CUSTOMER_VALUE, "  %s",
		    tk->status == TIX_STATUS_CLOSED ? "closed" : "active");
		draw_age(t->now, tk->updated_at, age, sizeof age);
		tline_addf(l, ROLE_LIST_AGE, " %4s  ", age);
		tline_add(l, ROLE_CUSTOMER_VALUE, tk->subject,
		    tk->subject != NULL ? strlen(tk->subject) : 0);
	}
	if (shown == 0) {
		tline_addf(tlines_add(tl, ROLE_DEFAULT), ROLE_HINT,
		    "No other tickets from this person");
	}
	free(v);
}

/* Build the pane's lines. */
static void
customer_build(struct tui *t, struct tlines *tl, const struct record *r,
    bool compact)
{
	const struct record	*c;
	const struct customer	*cu;
	struct tline		*l;
	char			*tags;

	if (r->u.ticket.customer_id == NULL) {
		tline_addf(tlines_add(tl, ROLE_DEFAULT), ROLE_HINT,
		    "No customer on this ticket");
		return;
	}
	c = store_get(t->store, TIX_KIND_CUSTOMER, r->account,
	    r->u.ticket.customer_id);
	if (c == NULL) {
		tline_addf(tlines_add(tl, ROLE_DEFAULT), ROLE_HINT,
		    "Customer %s not loaded yet", r->u.ticket.customer_id);
		customer_history(t, tl, r);
		return;
	}
	cu = &c->u.customer;
	l = tlines_add(tl, ROLE_DEFAULT);
	tline_addf(l, ROLE_CUSTOMER_NAME, "%s", cu->name != NULL ? cu->name :
	    cu->id);
	if (compact) {
		customer_points(tl, l, NULL, cu->emails, cu->nemails);
		customer_points(tl, l, NULL, cu->telephones, cu->ntelephones);
	} else {
		customer_points(tl, NULL, "e-mail", cu->emails, cu->nemails);
		customer_points(tl, NULL, "phone", cu->telephones,
		    cu->ntelephones);
	}
	if (cu->tags.n > 0) {
		l = tlines_add(tl, ROLE_DEFAULT);
		tline_addf(l, ROLE_CUSTOMER_LABEL, "tags");
		tline_pad(l, 8);
		tags = strv_join(&cu->tags, ", ");
		tline_addf(l, ROLE_CUSTOMER_TAG, "%s", tags);
		free(tags);
	}
	customer_history(t, tl, r);
}

/* Draw the customer pane. */
void
pane_customer_draw(struct tui *t, const struct rect *r)
{
	const struct record	*rec;
	struct tlines		 tl;
	struct rect		 body;
	attr_t			 attr;
	int			 i;

	if (r->h < 1)
		return;
	rec = tui_opened(t);
	attr = theme_attr(t->theme, (t->focus == TUI_PANE_CUSTOMER) ?
	    ROLE_PANE_FOCUS : ROLE_PANE_TITLE);
	draw_cell(t, r->y, r->x, r->w, attr, " Customer", false);
	body = (struct rect){ r->y + 1, r->x + 1, r->h - 1, r->w - 1 };
	tlines_init(&tl);
	if (rec != NULL)
		customer_build(t, &tl, rec, r->h <= 6);
	else {
		tline_addf(tlines_add(&tl, ROLE_DEFAULT), ROLE_HINT,
		    "The open ticket's customer shows here.");
	}
	for (i = 1; i < r->h; i++)
		draw_fill(r->y + i, r->x, 1, theme_attr(t->theme, ROLE_DEFAULT));
	tlines_draw(t, &body, &tl, &t->customer_top);
	tlines_done(&tl);
}
