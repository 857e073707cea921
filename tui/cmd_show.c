/*
 * tix show ACCOUNT:ID: a ticket, its customer and its notes (oldest
 * first), as a readable block or as one JSON object:
 *
 *   {"ticket": {...}, "customer": {...} or null, "notes": [{...}, ...]}
 *
 * with the record shapes of core/json.h.
 */

#include "config.h"

#include "tui/cmd.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/json.h"
#include "core/session.h"
#include "core/store.h"
#include "core/xmalloc.h"

/* Print one labelled line, skipped when the value is absent. */
static void
cmd_show_field(const char *label, const char *value)
{
	if (value == NULL || *value == '\0')
		return;
	printf("  %-10s%s\n", label, value);
}

/* Print a labelled time, skipped when unset. */
static void
cmd_show_time(const char *label, int64_t t)
{
	char	buf[32];

	if (t == 0)
		return;
	cmd_format_time(t, buf, sizeof buf);
	cmd_show_field(label, buf);
}

/* Print multi-line text indented by two spaces. */
static void
cmd_show_text(const char *text)
{
	const char	*p = text, *nl;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		if (nl > p) {
			fputs("  ", stdout);
			fwrite(p, 1, (size_t)(nl - p), stdout);
		}
		fputc('\n', stdout);
		p = *nl == '\n' ? nl + 1 : nl;
	}
}

/* The name of an agent, or its id when unknown. */
static const char *
cmd_show_agent(struct store *st, unsigned account, const char *id)
{
	const struct record	*r;

	if (id == NULL)
		return NULL;
	r = store_get(st, TIX_KIND_AGENT, account, id);
	if (r == NULL || r->u.agent.name == NULL)
		return id;
	return r->u.agent.name;
}

/* The plain block of a ticket's fields; see cmd.h. */
void
cmd_print_ticket(struct session *s, const struct record *r)
{
	struct store		*st = session_store(s);
	const struct ticket	*t = &r->u.ticket;
	const struct record	*c = NULL, *cat = NULL;
	const struct customer	*cu;
	const char		*name;
	char			*line;

	name = store_account_name(st, r->account);
	printf("%s:%s  %s\n", name != NULL ? name : "?", t->id,
	    t->subject != NULL ? t->subject : "");

	if (t->status_raw != NULL && *t->status_raw != '\0' &&
	    strcasecmp(t->status_raw, tix_status_name(t->status)) != 0) {
		line = xasprintf("%s (%s)", tix_status_name(t->status),
		    t->status_raw);
	} else
		line = xstrdup(tix_status_name(t->status));
	cmd_show_field("status", line);
	free(line);

	if (t->priority != TIX_PRIORITY_NONE)
		cmd_show_field("priority", tix_priority_name(t->priority));
	else
		cmd_show_field("priority", t->priority_raw);

	if (t->customer_id != NULL)
		c = store_get(st, TIX_KIND_CUSTOMER, r->account, t->customer_id);
	if (c != NULL) {
		cu = &c->u.customer;
		if (cu->nemails > 0 && cu->emails[0].value != NULL) {
			line = xasprintf("%s <%s>", cu->name != NULL ?
			    cu->name : "", cu->emails[0].value);
		} else
			line = xstrdup(cu->name != NULL ? cu->name : cu->id);
		cmd_show_field("customer", line);
		free(line);
	} else
		cmd_show_field("customer", t->customer_id);

	cmd_show_field("assignee", cmd_show_agent(st, r->account, t->user_id));
	if (t->category_id != NULL)
		cat = store_get(st, TIX_KIND_CATEGORY, r->account,
		    t->category_id);
	if (cat != NULL && cat->u.category.name != NULL)
		cmd_show_field("category", cat->u.category.name);
	else
		cmd_show_field("category", t->category_id);
	if (t->tags.n > 0) {
		line = strv_join(&t->tags, ", ");
		cmd_show_field("tags", line);
		free(line);
	}
	cmd_show_field("source", t->source);
	cmd_show_time("created", t->created_at);
	cmd_show_time("updated", t->updated_at);
	cmd_show_time("closed", t->closed_at);
	cmd_show_time("due", t->due_at);
	cmd_show_field("url", t->url);
}

/* One contact point: "value (TYPE)". */
static void
cmd_show_point(const char *label, const struct contact_point *p)
{
	char	*line;

	if (p->value == NULL)
		return;
	if (p->type != NULL && *p->type != '\0')
		line = xasprintf("%s (%s)", p->value, p->type);
	else
		line = xstrdup(p->value);
	cmd_show_field(label, line);
	free(line);
}

/* The customer's block: every address, number and tag. */
static void
cmd_show_customer(const struct record *c)
{
	const struct customer	*cu = &c->u.customer;
	char			*tags;
	size_t			 i;

	printf("\ncustomer %s\n", cu->name != NULL ? cu->name : cu->id);
	cmd_show_field("id", cu->id);
	for (i = 0; i < cu->nemails; i++)
		cmd_show_point("email", &cu->emails[i]);
	for (i = 0; i < cu->ntelephones; i++)
		cmd_show_point("phone", &cu->telephones[i]);
	if (cu->tags.n > 0) {
		tags = strv_join(&cu->tags, ", ");
		cmd_show_field("tags", tags);
		free(tags);
	}
	cmd_show_time("since", cu->created_at);
}

/* Who wrote a note: an agent, the customer, or nobody known. */
static const char *
cmd_show_author(struct store *st, const struct record *r)
{
	const struct note	*n = &r->u.note;
	const struct record	*c;

	if (n->user_id != NULL)
		return cmd_show_agent(st, r->account, n->user_id);
	if (n->customer_id != NULL) {
		c = store_get(st, TIX_KIND_CUSTOMER, r->account,
		    n->customer_id);
		if (c != NULL && c->u.customer.name != NULL)
			return c->u.customer.name;
		return n->customer_id;
	}
	return "unknown";
}

/* The readable block: fields, description, notes oldest first. */
static int
cmd_show_plain(struct session *s, const struct record *r)
{
	struct store			*st = session_store(s);
	const struct record *const	*notes;
	const struct record		*c = NULL;
	const struct note		*n;
	char				 when[32];
	size_t				 i, count;

	cmd_print_ticket(s, r);
	if (r->u.ticket.description != NULL &&
	    *r->u.ticket.description != '\0') {
		fputc('\n', stdout);
		cmd_show_text(r->u.ticket.description);
	}
	if (r->u.ticket.customer_id != NULL)
		c = store_get(st, TIX_KIND_CUSTOMER, r->account,
		    r->u.ticket.customer_id);
	if (c != NULL)
		cmd_show_customer(c);
	notes = store_notes(st, r->account, r->u.ticket.id, &count);
	for (i = 0; i < count && !ferror(stdout); i++) {
		n = &notes[i]->u.note;
		cmd_format_time(n->created_at, when, sizeof when);
		printf("\n--- %s, %s%s\n", cmd_show_author(st, notes[i]),
		    when, n->is_public ? "" : " [internal]");
		if (n->description != NULL)
			cmd_show_text(n->description);
	}
	return CMD_EXIT_OK;
}

/* The JSON object {"ticket", "customer", "notes"}. */
static int
cmd_show_json(struct session *s, const struct record *r)
{
	struct store			*st = session_store(s);
	const struct record *const	*notes;
	const struct record		*c = NULL;
	const char			*account, *provider;
	cJSON				*o, *a;
	size_t				 i, count;

	account = store_account_name(st, r->account);
	provider = cmd_provider_name(s, r->account);
	o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "ticket", json_from_record(r, account,
	    provider));
	if (r->u.ticket.customer_id != NULL)
		c = store_get(st, TIX_KIND_CUSTOMER, r->account,
		    r->u.ticket.customer_id);
	if (c != NULL)
		cJSON_AddItemToObject(o, "customer", json_from_record(c,
		    account, provider));
	else
		cJSON_AddItemToObject(o, "customer", cJSON_CreateNull());
	a = cJSON_CreateArray();
	notes = store_notes(st, r->account, r->u.ticket.id, &count);
	for (i = 0; i < count; i++)
		cJSON_AddItemToArray(a, json_from_record(notes[i], account,
		    provider));
	cJSON_AddItemToObject(o, "notes", a);
	json_write(stdout, o);
	cJSON_Delete(o);
	return CMD_EXIT_OK;
}

/* Show one ticket after its thread has loaded. */
int
cmd_show_exec(struct session *s, const struct cmd_args *args)
{
	const struct record	*r;
	char			*cause = NULL;
	int			 account, rc;

	r = cmd_find_ticket(s, &args->ref, &account);
	if (r == NULL)
		return CMD_EXIT_ERROR;
	if (cmd_open_thread(s, (unsigned)account, args->ref.account,
	    args->ref.id, &cause) != TIX_OK) {
		rc = cmd_error("%s", cause);
		goto out;
	}

	/* The wait may have replaced the record: look it up again. */
	r = store_get(session_store(s), TIX_KIND_TICKET, (unsigned)account,
	    args->ref.id);
	if (r == NULL)
		rc = cmd_error("%s:%s: ticket not found", args->ref.account,
		    args->ref.id);
	else if (args->json)
		rc = cmd_show_json(s, r);
	else
		rc = cmd_show_plain(s, r);

out:
	free(cause);
	return rc;
}
