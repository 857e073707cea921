/*
 * The emulator's data set: agents, customers, groups, tickets and their
 * threads, generated from --seed with splitmix64 so that the same seed
 * always gives the same account.  Timestamps spread over the 60 days
 * before "now", ticket ids rise with creation time as on the real
 * platforms, and tickets are indexed by id (tickets[id - 1]).
 */

#include "config.h"

#include "tests/emulators/emu.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"

#define DAY		(24 * 60 * 60)
#define NAGENTS		5
#define MB		(1024 * 1024)
#define HOSTILE_NOTES	10000

struct emu_data	 emu_db;

static const char *const first_names[] = {
	"Ada", "Brian", "Chiara", "Dmitri", "Elena", "Femi", "Grace", "Hiro",
	"Ines", "Jonas", "Kavya", "Lars", "Mei", "Nadia", "Omar", "Priya",
	"Quentin", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wen", "Yusuf"
};
static const char *const last_names[] = {
	"Okafor", "Lindqvist", "Rossi", "Ivanov", "Garcia", "Adeyemi", "Hopper",
	"Tanaka", "Moreau", "Becker", "Iyer", "Nilsen", "Chen", "Haddad",
	"Farouk", "Sharma", "Dupont", "Alvarez", "Berg", "Khan"
};
static const char *const agent_names[] = {
	"Alex Agent", "Sam Support", "Robin Triage", "Kim Escalation",
	"Jo Billing"
};
static const char *const group_names[] = {
	"Support", "Billing", "Technical", "Sales", "Returns"
};
static const char *const subjects[] = {
	"Cannot log in after password reset",
	"Refund for order #%u",
	"Invoice %u shows the wrong VAT number",
	"App crashes when exporting a report",
	"How do I add a second admin?",
	"Shipment %u has not arrived",
	"Feature request: dark mode",
	"Charged twice this month",
	"API returns 500 on /v1/orders",
	"Cancel my subscription",
	"Two-factor codes never arrive",
	"Import of %u contacts stalled"
};
static const char *const bodies[] = {
	"Hello, I tried this again this morning and it still fails.",
	"Could you please look into it? Order number is in the subject.",
	"Thanks for the quick answer, that fixed it.",
	"We are on the business plan, if that matters.",
	"Screenshot attached; the error appears right after I click Save.",
	"Any update on this? It is blocking our team."
};
static const char *const agent_bodies[] = {
	"Thanks for reaching out! I have passed this to our engineers.",
	"Could you tell us which browser and version you are using?",
	"The refund has been issued and should arrive in 5-7 days.",
	"We rolled out a fix; please try again and let us know."
};
static const char *const internal_bodies[] = {
	"Customer is on the legacy plan; check billing history first.",
	"Reproduced on staging. Linked to the export bug.",
	"Escalating to tier 2, see the internal runbook."
};
static const char *const tag_names[] = {
	"vip", "billing", "bug", "refund", "mobile", "api", "churn-risk",
	"onboarding"
};

/* Hostile strings: escapes, invalid UTF-8, bidi, C1, wide characters. */
static const char *const hostile[] = {
	"\x1b[2J\x1b[31mURGENT\x1b[0m reset \x1b]0;pwned\x07 \x1b[?1049h",
	"Invalid UTF-8: \xff\xfe \xc3\x28 \xe2\x28\xa1 \xf0\x28\x8c\x28 "
	    "\xc0\xaf overlong \xed\xa0\x80 surrogate",
	"Bidi: \xe2\x80\xae" "evil.exe\xe2\x80\xac \xe2\x81\xa6isolate"
	    "\xe2\x81\xa9 zero\xe2\x80\x8bwidth \xef\xbb\xbf" "BOM soft"
	    "\xc2\xadhyphen",
	"C1: \xc2\x9b" "31m CSI \xc2\x9d" "0;x\xc2\x9c OSC \x7f DEL \r\nCRLF "
	    "\bbackspace \ttab",
	"Wide: \xe6\xbc\xa2\xe5\xad\x97\xe3\x81\x8b\xe3\x81\xaa "
	    "\xf0\x9f\x98\x80 e\xcc\x81 combining \xe2\x80\x8d joiner"
};
#define NHOSTILE	(sizeof hostile / sizeof hostile[0])
#define NITEMS(a)	EMU_NITEMS(a)

static time_t	 emu_clock_offset;

/* splitmix64: small, fast and good enough for test data. */
uint64_t
emu_rand(uint64_t *state)
{
	uint64_t	z;

	z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A number in [0, n), from the data set's stream. */
uint64_t
emu_data_below(uint64_t n)
{
	if (n == 0)
		return 0;
	return emu_rand(&emu_db.rng) % n;
}

/* The emulator's clock: real time, shifted when --now was given. */
time_t
emu_clock(void)
{
	return time(NULL) + emu_clock_offset;
}



/* A string of n copies of a pattern, for the 1 MB fields. */
static char *
data_big(const char *pattern, size_t n)
{
	char	*s;
	size_t	 plen, i;

	plen = strlen(pattern);
	s = xmalloc(n + 1);
	for (i = 0; i < n; i++)
		s[i] = pattern[i % plen];
	s[n] = '\0';
	return s;
}

/* Append a user; ids only rise, so the table stays sorted. */
static struct emu_user *
data_user_new(const char *name, const char *email, enum emu_role role,
    time_t created)
{
	struct emu_user	*u;

	if (emu_db.nusers == emu_db.users_size) {
		emu_db.users_size = emu_db.users_size * 2 + 16;
		emu_db.users = xreallocarray(emu_db.users, emu_db.users_size,
		    sizeof *emu_db.users);
	}
	u = xcalloc(1, sizeof *u);
	u->id = emu_db.next_user_id;
	emu_db.next_user_id += 1 + (int64_t)emu_data_below(7);
	u->name = xstrdup(name);
	u->email = xstrdup(email);
	u->role = role;
	u->created = created;
	u->updated = created + (time_t)emu_data_below(DAY);
	if (u->updated > emu_db.now)
		u->updated = emu_db.now;
	u->generated = u->updated;
	emu_db.users[emu_db.nusers++] = u;
	return u;
}

/* Append a ticket with the next id. */
struct emu_ticket *
emu_data_ticket_add(void)
{
	struct emu_ticket	*t;

	if (emu_db.ntickets == emu_db.tickets_size) {
		emu_db.tickets_size = emu_db.tickets_size * 2 + 16;
		emu_db.tickets = xreallocarray(emu_db.tickets,
		    emu_db.tickets_size, sizeof *emu_db.tickets);
	}
	t = xcalloc(1, sizeof *t);
	t->id = (int64_t)emu_db.ntickets + 1;
	emu_db.tickets[emu_db.ntickets++] = t;
	return t;
}

/* Attach a note to a ticket's thread. */
static struct emu_note *
data_note_push(struct emu_ticket *t, int64_t author, enum emu_note_kind kind,
    int public, const char *body, time_t created)
{
	struct emu_note	*n;

	if (t->nnotes == t->notes_size) {
		t->notes_size = t->notes_size * 2 + 4;
		t->notes = xreallocarray(t->notes, t->notes_size,
		    sizeof *t->notes);
	}
	n = xcalloc(1, sizeof *n);
	n->id = emu_db.next_note_id;
	emu_db.next_note_id += 1 + (int64_t)emu_data_below(3);
	n->author_id = author;
	n->kind = kind;
	n->public = public;
	n->body = xstrdup(body);
	n->created = created;
	t->notes[t->nnotes++] = n;
	return n;
}

/*
 * Add a note while serving (API or admin path): it is dated now, bumps the
 * ticket, and counts as a duplicate when an earlier served note on the
 * same ticket had the same body and visibility.
 */
struct emu_note *
emu_data_note_add(struct emu_ticket *t, int64_t author, enum emu_note_kind kind,
    int public, const char *body, const char *html)
{
	struct emu_note	*n;
	size_t		 i;

	for (i = 0; i < t->nnotes; i++) {
		n = t->notes[i];
		if (n->via_api && n->public == public &&
		    strcmp(n->body, body) == 0) {
			t->notes_dup++;
			break;
		}
	}
	emu_data_touch(t);
	n = data_note_push(t, author, kind, public, body, t->updated);
	n->html_body = xstrdup_opt(html);
	n->via_api = 1;
	t->notes_added++;
	return n;
}

/*
 * Mark a ticket changed: its updated_at strictly rises, so stamps differ
 * (safe_update).  A ticket written twice in a second gets a stamp ahead
 * of the clock; later changes to any ticket never get an older one, as
 * on a real server, or an updated_since poll would miss them.
 */
void
emu_data_touch(struct emu_ticket *t)
{
	time_t	now;

	now = emu_clock();
	if (now < emu_db.last_stamp)
		now = emu_db.last_stamp;
	t->updated = now > t->updated ? now : t->updated + 1;
	t->generated = t->updated;
	t->touched = 1;
	if (t->updated > emu_db.last_stamp)
		emu_db.last_stamp = t->updated;
}

/* Change a ticket's status and keep its status times. */
void
emu_data_set_status(struct emu_ticket *t, enum emu_status status)
{
	time_t	now;

	if (status == t->status)
		return;
	now = emu_clock();
	if (now < t->updated)
		now = t->updated;
	if (status < EMU_ST_SOLVED && t->status >= EMU_ST_SOLVED) {
		t->reopened_at = now;
		t->solved_at = t->closed_at = 0;
	}
	if (status >= EMU_ST_SOLVED && t->solved_at == 0)
		t->solved_at = now;
	if (status == EMU_ST_CLOSED)
		t->closed_at = now;
	else
		t->closed_at = 0;
	t->status = status;
	t->status_at = now;
}

/* Find a ticket by id, deleted or not. */
struct emu_ticket *
emu_data_ticket(int64_t id)
{
	if (id < 1 || (uint64_t)id > emu_db.ntickets)
		return NULL;
	return emu_db.tickets[id - 1];
}

/* Find a user by id (binary search; ids rise). */
struct emu_user *
emu_data_user(int64_t id)
{
	size_t	lo = 0, hi = emu_db.nusers, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (emu_db.users[mid]->id == id)
			return emu_db.users[mid];
		if (emu_db.users[mid]->id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Find a group by id. */
struct emu_group *
emu_data_group(int64_t id)
{
	size_t	i;

	for (i = 0; i < emu_db.ngroups; i++) {
		if (emu_db.groups[i]->id == id)
			return emu_db.groups[i];
	}
	return NULL;
}

/* Create a customer while serving (ticket created for a new email). */
struct emu_user *
emu_data_user_add(const char *name, const char *email)
{
	struct emu_user	*u;
	size_t		 i;

	for (i = 0; i < emu_db.nusers; i++) {
		if (strcmp(emu_db.users[i]->email, email) == 0)
			return emu_db.users[i];
	}
	u = data_user_new(name, email, EMU_END_USER, emu_clock());
	u->updated = u->generated = u->created;
	return u;
}

/* An agent who is not the authenticated one, for "another agent" notes. */
struct emu_user *
emu_data_other_agent(void)
{
	return emu_db.users[1];
}

/* Replace a ticket's tags with a copy of tags[]. */
void
emu_data_set_tags(struct emu_ticket *t, char **tags, size_t n)
{
	size_t	i;

	for (i = 0; i < t->ntags; i++)
		free(t->tags[i]);
	free(t->tags);
	t->tags = NULL;
	t->ntags = 0;
	for (i = 0; i < n; i++)
		emu_data_add_tag(t, tags[i]);
}

/* Is tag on the ticket? */
int
emu_data_has_tag(struct emu_ticket *t, const char *tag)
{
	size_t	i;

	for (i = 0; i < t->ntags; i++) {
		if (strcmp(t->tags[i], tag) == 0)
			return 1;
	}
	return 0;
}

/* Add a tag unless present. */
void
emu_data_add_tag(struct emu_ticket *t, const char *tag)
{
	if (emu_data_has_tag(t, tag))
		return;
	t->tags = xreallocarray(t->tags, t->ntags + 1, sizeof *t->tags);
	t->tags[t->ntags++] = xstrdup(tag);
}

/* Remove a tag if present. */
void
emu_data_remove_tag(struct emu_ticket *t, const char *tag)
{
	size_t	i;

	for (i = 0; i < t->ntags; i++) {
		if (strcmp(t->tags[i], tag) == 0) {
			free(t->tags[i]);
			memmove(&t->tags[i], &t->tags[i + 1],
			    (t->ntags - i - 1) * sizeof *t->tags);
			t->ntags--;
			return;
		}
	}
}

/* Compare times for qsort. */
static int
data_cmp_time(const void *a, const void *b)
{
	time_t	x = *(const time_t *)a, y = *(const time_t *)b;

	return (x > y) - (x < y);
}

/* Pick a status from the platform's mix, older tickets more often closed. */
static enum emu_status
data_status(time_t updated)
{
	const struct emu_mix	*m;
	uint64_t		 r;

	r = emu_data_below(100);
	m = updated < emu_db.now - 30 * DAY ? emu_db.platform->mix_old :
	    emu_db.platform->mix_recent;
	while (m->below < 100 && r >= m->below)
		m++;
	return m->status;
}

/* Fill one ticket's thread; it may start with the description. */
static void
data_thread(struct emu_ticket *t, unsigned extra)
{
	time_t		*times;
	unsigned	 i, k;
	int64_t		 agent;
	const char	*body;
	enum emu_note_kind kind;
	int		 public, incoming;

	if (emu_db.platform->description_note)
		data_note_push(t, t->requester_id, EMU_NOTE_REPLY, 1,
		    t->description, t->created)->incoming = 1;
	if (extra == 0)
		return;
	times = xcalloc(extra, sizeof *times);
	for (i = 0; i < extra; i++)
		times[i] = t->created + 1 +
		    (time_t)emu_data_below((uint64_t)(t->updated - t->created));
	qsort(times, extra, sizeof *times, data_cmp_time);
	for (i = 0; i < extra; i++) {
		agent = t->assignee_id != 0 ? t->assignee_id :
		    emu_db.users[emu_data_below(emu_db.nagents)]->id;
		k = (unsigned)emu_data_below(3);
		incoming = 0;
		if (k == 0) {
			body = bodies[emu_data_below(NITEMS(bodies))];
			kind = EMU_NOTE_REPLY;
			public = 1;
			incoming = 1;
			agent = t->requester_id;
		} else if (k == 1) {
			body = agent_bodies[emu_data_below(NITEMS(agent_bodies))];
			kind = EMU_NOTE_REPLY;
			public = 1;
		} else {
			body = internal_bodies[
			    emu_data_below(NITEMS(internal_bodies))];
			kind = EMU_NOTE_NOTE;
			public = 0;
		}
		data_note_push(t, agent, kind, public, body,
		    times[i])->incoming = incoming;
	}
	if (times[extra - 1] > t->updated)
		t->updated = times[extra - 1];
	free(times);
}

/* Generate the agents, with the authenticated one first. */
static void
data_agents(void)
{
	char		 email[128];
	const char	*me_email;
	unsigned	 i;
	enum emu_role	 role;
	struct emu_user	*u;

	for (i = 0; i < NAGENTS; i++) {
		/* "me" is the user whose email the credentials name. */
		if (i == 0 && emu_db.platform->auth == EMU_AUTH_EMAIL_TOKEN)
			me_email = emu_opts.email;
		else {
			xsnprintf(email, sizeof email, "agent%u@example.com",
			    i + 1);
			me_email = email;
		}
		role = i == 0 ? (emu_opts.me_admin ? EMU_ADMIN : EMU_AGENT) :
		    (i == 1 ? EMU_ADMIN : EMU_AGENT);
		u = data_user_new(agent_names[i], me_email, role,
		    emu_db.now - 400 * DAY + (time_t)i * DAY);
		if (i == 0)
			emu_db.me = u;
	}
	emu_db.nagents = NAGENTS;
}

/* Append a copy of s to a string vector. */
static void
data_strv_add(char ***v, size_t *n, const char *s)
{
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = xstrdup(s);
}

/* Free a string vector. */
static void
data_strv_free(char **v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Generate customers, some hostile when asked. */
static void
data_customers(unsigned n)
{
	char		 name[128], email[160];
	const char	*fn, *ln;
	unsigned	 i;
	struct emu_user	*u;
	char		*big;

	for (i = 0; i < n; i++) {
		fn = first_names[emu_data_below(NITEMS(first_names))];
		ln = last_names[emu_data_below(NITEMS(last_names))];
		xsnprintf(name, sizeof name, "%s %s", fn, ln);
		xsnprintf(email, sizeof email, "%s.%s.%u@customer.example",
		    fn, ln, i + 1);
		u = data_user_new(name, email, EMU_END_USER, emu_db.now -
		    90 * DAY + (time_t)emu_data_below(60 * DAY));
		/* From the index, not the PRNG, so seeds keep their data. */
		if (i % 3 == 0)
			data_strv_add(&u->tags, &u->ntags,
			    tag_names[i % NITEMS(tag_names)]);
		if (i % 4 == 1) {
			xsnprintf(email, sizeof email,
			    "%s.%u@home.example", fn, i + 1);
			data_strv_add(&u->other_emails, &u->nother_emails,
			    email);
		}
		if (emu_opts.hostile && i < NHOSTILE) {
			free(u->name);
			u->name = xstrdup(hostile[i]);
		} else if (emu_opts.hostile && i == NHOSTILE) {
			big = data_big("Name\xe2\x80\xae ", MB);
			free(u->name);
			u->name = big;
		}
	}
}

/* Generate the groups (Zendesk category candidates and Freshdesk groups). */
static void
data_groups(void)
{
	struct emu_group	*g;
	size_t			 i;

	emu_db.ngroups = NITEMS(group_names);
	emu_db.groups = xcalloc(emu_db.ngroups, sizeof *emu_db.groups);
	for (i = 0; i < emu_db.ngroups; i++) {
		g = xcalloc(1, sizeof *g);
		g->id = emu_db.platform->first_group_id +
		    (int64_t)i * 11;
		g->name = xstrdup(group_names[i]);
		g->description = xasprintf("%s team", group_names[i]);
		g->created = emu_db.now - 500 * DAY;
		g->updated = g->created + (time_t)i * DAY;
		emu_db.groups[i] = g;
	}
}

/* Make the first tickets hostile: text, a 1 MB field, a huge thread. */
static void
data_hostile(void)
{
	struct emu_ticket	*t;
	char			*s;
	size_t			 i;

	for (i = 0; i < emu_db.ntickets && i < NHOSTILE; i++) {
		t = emu_db.tickets[i];
		free(t->subject);
		t->subject = xstrdup(hostile[i]);
		if (t->nnotes > 0) {
			free(t->notes[t->nnotes - 1]->body);
			t->notes[t->nnotes - 1]->body =
			    xstrdup(hostile[(i + 1) % NHOSTILE]);
		}
	}
	if (emu_db.ntickets >= 3) {
		t = emu_db.tickets[2];
		s = data_big("1 MB field \x1b[1m ", MB);
		free(t->description);
		t->description = s;
		if (emu_db.platform->description_note) {
			free(t->notes[0]->body);
			t->notes[0]->body = xstrdup(s);
		}
	}
	if (emu_db.ntickets >= 2) {
		t = emu_db.tickets[1];
		for (i = 0; i < HOSTILE_NOTES; i++) {
			data_note_push(t, emu_db.users[i % emu_db.nagents]->id,
			    EMU_NOTE_NOTE,
			    (int)(i % 2), hostile[i % NHOSTILE],
			    t->created + 1 + (time_t)i / 100);
		}
		if (t->updated < t->created + HOSTILE_NOTES / 100 + 1)
			t->updated = t->created + HOSTILE_NOTES / 100 + 1;
		t->generated = t->updated;
	}
}

/* Fill a subject template's one "%u" with n. */
static char *
data_subject(const char *fmt, unsigned n)
{
	const char	*p;

	p = strstr(fmt, "%u");
	if (p == NULL)
		return xstrdup(fmt);
	return xasprintf("%.*s%u%s", (int)(p - fmt), fmt, n, p + 2);
}

/* Generate the tickets, oldest first. */
static void
data_tickets(unsigned n)
{
	time_t			*created;
	struct emu_ticket	*t;
	struct emu_user		*req;
	unsigned		 i, j, ntags;
	time_t			 span, upd;
	size_t			 ncust;
	char			*subj;

	if (n == 0)
		return;
	created = xcalloc(n, sizeof *created);
	for (i = 0; i < n; i++)
		created[i] = emu_db.now - 60 * DAY +
		    (time_t)emu_data_below(60 * DAY - 600);
	qsort(created, n, sizeof *created, data_cmp_time);
	ncust = emu_db.nusers - emu_db.nagents;
	for (i = 0; i < n; i++) {
		t = emu_data_ticket_add();
		req = emu_db.users[emu_db.nagents + emu_data_below(ncust)];
		t->requester_id = t->submitter_id = req->id;
		t->created = created[i];
		span = emu_db.now - 60 - t->created;
		if (span > 10 * DAY)
			span = 10 * DAY;
		upd = t->created + (span > 0 ? (time_t)emu_data_below(
		    (uint64_t)span) : 0);
		t->updated = upd;
		subj = data_subject(subjects[emu_data_below(NITEMS(subjects))],
		    (unsigned)(10000 + emu_data_below(90000)));
		t->subject = subj;
		t->description = xstrdup(bodies[emu_data_below(NITEMS(bodies))]);
		if (emu_data_below(100) < 75)
			t->assignee_id =
			    emu_db.users[emu_data_below(emu_db.nagents)]->id;
		if (emu_data_below(100) < 85)
			t->group_id =
			    emu_db.groups[emu_data_below(emu_db.ngroups)]->id;
		emu_db.platform->seed_ticket(t);
		ntags = (unsigned)emu_data_below(4);
		for (j = 0; j < ntags; j++)
			emu_data_add_tag(t,
			    tag_names[emu_data_below(NITEMS(tag_names))]);
		data_thread(t, (unsigned)emu_data_below(5));
		t->status = data_status(t->updated);
		t->status_at = t->updated;
		if (t->status >= EMU_ST_SOLVED)
			t->solved_at = t->updated - (t->updated -
			    t->created) / 4;
		if (t->status == EMU_ST_CLOSED)
			t->closed_at = t->updated;
		t->generated = t->updated;
	}
	free(created);
}

/* Build the whole data set from the options. */
void
emu_data_init(const struct emu_platform *platform)
{
	unsigned	ncust;

	if (pthread_mutex_init(&emu_db.lock, NULL) != 0)
		fatalx("pthread_mutex_init failed");
	emu_db.platform = platform;
	emu_db.now = emu_opts.now != 0 ? emu_opts.now : time(NULL);
	emu_clock_offset = emu_db.now - time(NULL);
	emu_db.rng = emu_opts.seed;
	emu_db.next_user_id = platform->first_user_id;
	emu_db.next_note_id = platform->first_note_id;

	data_agents();
	ncust = emu_opts.tickets / 3;
	if (ncust < 3)
		ncust = 3;
	data_customers(ncust);
	data_groups();
	data_tickets(emu_opts.tickets);
	if (emu_opts.hostile)
		data_hostile();
}

/* Free one ticket and its thread. */
void
emu_data_ticket_free(struct emu_ticket *t)
{
	size_t	i;

	for (i = 0; i < t->nnotes; i++) {
		free(t->notes[i]->body);
		free(t->notes[i]->html_body);
		free(t->notes[i]);
	}
	free(t->notes);
	for (i = 0; i < t->ntags; i++)
		free(t->tags[i]);
	free(t->tags);
	free(t->subject);
	free(t->description);
	free(t->description_html);
	free(t->type);
	free(t);
}

/* Free the data set at exit, so leak checkers stay quiet. */
void
emu_data_free(void)
{
	size_t	i;

	for (i = 0; i < emu_db.ntickets; i++)
		emu_data_ticket_free(emu_db.tickets[i]);
	free(emu_db.tickets);
	for (i = 0; i < emu_db.nusers; i++) {
		free(emu_db.users[i]->name);
		free(emu_db.users[i]->email);
		data_strv_free(emu_db.users[i]->tags, emu_db.users[i]->ntags);
		data_strv_free(emu_db.users[i]->other_emails,
		    emu_db.users[i]->nother_emails);
		free(emu_db.users[i]);
	}
	free(emu_db.users);
	for (i = 0; i < emu_db.ngroups; i++) {
		free(emu_db.groups[i]->name);
		free(emu_db.groups[i]->description);
		free(emu_db.groups[i]);
	}
	free(emu_db.groups);
	pthread_mutex_destroy(&emu_db.lock);
}

