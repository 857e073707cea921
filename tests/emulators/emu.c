/*
 * tix-emu: main, options, the libmicrohttpd daemon, routing, the admin
 * path (/__emu/) and fault injection.
 *
 * The daemon runs one thread per connection (MHD's own threads); every
 * handler takes emu_db.lock around the data set, so the platform modules
 * never see concurrency.  Faults are decided from the API request number
 * (and a seeded PRNG for the 5xx rate), so a run is repeatable when the
 * client is.  The admin path is never faulted and never rate limited.
 */

#include "config.h"

#include "tests/emulators/emu.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <microhttpd.h>

#include "core/log.h"

#define EMU_MAX_BODY	(32u * 1024 * 1024)
#define STATS_BUCKETS	1024
#define NITEMS_SEG	(sizeof ((struct emu_req *)0)->seg / \
			    sizeof ((struct emu_req *)0)->seg[0])

struct emu_opts		 emu_opts;

/* Per-connection state: the request body as it arrives. */
struct emu_conn {
	char		*body;
	size_t		 len;
	int		 too_big;
};

/* Request counts per "METHOD /path", for GET /__emu/stats. */
struct stats_entry {
	char			*key;
	unsigned long		 count;
	struct stats_entry	*next;
};

static struct {
	struct stats_entry	*bucket[STATS_BUCKETS];
	unsigned long		 requests;	/* all */
	unsigned long		 api;		/* API paths only */
	unsigned long		 writes;	/* API writes applied */
	unsigned long		 f429, f5xx, fslow, fdrop, ftrunc;
	unsigned long		 finvalid;
	unsigned long		 fdrop_write, f5xx_write, rate_limited;
	uint64_t		 rng;		/* the 5xx rate's own stream */
	time_t			 window;	/* current rate-limit minute */
	unsigned		 window_used;
} stats;

static noreturn void	die(const char *, ...) TIX_PRINTF(1, 2);

static const struct emu_provider	*provider;
static int				 signal_pipe[2] = { -1, -1 };

/* A usage or startup error: say so and exit 2 (no core dump). */
static noreturn void
die(const char *fmt, ...)
{
	va_list	ap;

	fputs("tix-emu: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

/* Print usage and exit. */
static void
usage(int code)
{
	fprintf(code == 0 ? stdout : stderr,
"usage: tix-emu --provider zendesk|freshdesk [--port N] [--seed S]\n"
"               [--tickets N] [--now EPOCH] [--email E] [--token T]\n"
"               [--oauth-token O] [--api-key K] [--me-role admin|agent]\n"
"               [--rate-limit N] [--export-lag SECONDS]\n"
"               [--fault-429-every N] [--fault-5xx-rate P]\n"
"               [--fault-slow-ms MS] [--fault-drop-every N]\n"
"               [--fault-truncate-every N] [--fault-invalid-json-every N]\n"
"               [--fault-drop-after-write N] [--fault-5xx-after-write N]\n"
"               [--hostile]\n");
	exit(code);
}

/* Parse a decimal integer in [min, max] with full checking; 0 if good. */
int
emu_parse_uint(const char *s, long long min, long long max, long long *out)
{
	char		*end;
	long long	 v;

	if (s == NULL || *s == '\0')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* Parse a positive id. */
int
emu_parse_int64(const char *s, int64_t *out)
{
	long long	v;

	if (emu_parse_uint(s, 1, LLONG_MAX, &v) != 0)
		return -1;
	*out = (int64_t)v;
	return 0;
}

/* An option's unsigned value, or exit with a message. */
static unsigned
opt_uint(const char *name, const char *s, long long max)
{
	long long	v;

	if (emu_parse_uint(s, 0, max, &v) != 0)
		die("--%s: bad value: %s", name, s);
	return (unsigned)v;
}

/* Parse the command line into emu_opts. */
static void
opt_parse(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "provider", required_argument, NULL, 'P' },
		{ "port", required_argument, NULL, 'p' },
		{ "seed", required_argument, NULL, 's' },
		{ "tickets", required_argument, NULL, 'n' },
		{ "now", required_argument, NULL, 'N' },
		{ "email", required_argument, NULL, 'e' },
		{ "token", required_argument, NULL, 't' },
		{ "oauth-token", required_argument, NULL, 'o' },
		{ "api-key", required_argument, NULL, 'k' },
		{ "me-role", required_argument, NULL, 'r' },
		{ "rate-limit", required_argument, NULL, 'R' },
		{ "export-lag", required_argument, NULL, 'L' },
		{ "fault-429-every", required_argument, NULL, '4' },
		{ "fault-5xx-rate", required_argument, NULL, '5' },
		{ "fault-slow-ms", required_argument, NULL, 'S' },
		{ "fault-drop-every", required_argument, NULL, 'D' },
		{ "fault-truncate-every", required_argument, NULL, 'T' },
		{ "fault-invalid-json-every", required_argument, NULL, 'J' },
		{ "fault-drop-after-write", required_argument, NULL, 'W' },
		{ "fault-5xx-after-write", required_argument, NULL, 'X' },
		{ "hostile", no_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	long long	 v;
	char		*end;
	int		 ch;

	emu_opts.seed = 1;
	emu_opts.tickets = 100;
	emu_opts.email = "agent@example.com";
	emu_opts.token = "emu-api-token";
	emu_opts.oauth_token = "emu-oauth-token";
	emu_opts.api_key = "emu-api-key";
	emu_opts.me_admin = 1;
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'P':
			emu_opts.provider = optarg;
			break;
		case 'p':
			emu_opts.port = opt_uint("port", optarg, 65535);
			break;
		case 's':
			if (emu_parse_uint(optarg, 0, LLONG_MAX, &v) != 0)
				die("--seed: bad value: %s", optarg);
			emu_opts.seed = (uint64_t)v;
			break;
		case 'n':
			emu_opts.tickets = opt_uint("tickets", optarg,
			    1000000);
			break;
		case 'N':
			if (emu_parse_uint(optarg, 86400 * 365, LLONG_MAX,
			    &v) != 0)
				die("--now: bad value: %s", optarg);
			emu_opts.now = (time_t)v;
			break;
		case 'e':
			emu_opts.email = optarg;
			break;
		case 't':
			emu_opts.token = optarg;
			break;
		case 'o':
			emu_opts.oauth_token = optarg;
			break;
		case 'k':
			emu_opts.api_key = optarg;
			break;
		case 'r':
			if (strcmp(optarg, "admin") == 0)
				emu_opts.me_admin = 1;
			else if (strcmp(optarg, "agent") == 0)
				emu_opts.me_admin = 0;
			else
				die("--me-role: admin or agent");
			break;
		case 'R':
			emu_opts.rate_limit = opt_uint("rate-limit", optarg,
			    1000000);
			break;
		case 'L':
			emu_opts.export_lag = opt_uint("export-lag", optarg,
			    86400);
			break;
		case '4':
			emu_opts.fault_429_every = opt_uint("fault-429-every",
			    optarg, INT_MAX);
			break;
		case '5':
			errno = 0;
			emu_opts.fault_5xx_rate = strtod(optarg, &end);
			if (errno != 0 || *optarg == '\0' || *end != '\0' ||
			    !(emu_opts.fault_5xx_rate >= 0.0 &&
			    emu_opts.fault_5xx_rate <= 1.0))
				die("--fault-5xx-rate: 0..1: %s", optarg);
			break;
		case 'S':
			emu_opts.fault_slow_ms = opt_uint("fault-slow-ms",
			    optarg, 600000);
			break;
		case 'D':
			emu_opts.fault_drop_every = opt_uint(
			    "fault-drop-every", optarg, INT_MAX);
			break;
		case 'T':
			emu_opts.fault_truncate_every = opt_uint(
			    "fault-truncate-every", optarg, INT_MAX);
			break;
		case 'J':
			emu_opts.fault_invalid_json_every = opt_uint(
			    "fault-invalid-json-every", optarg, INT_MAX);
			break;
		case 'W':
			emu_opts.fault_drop_after_write = opt_uint(
			    "fault-drop-after-write", optarg, INT_MAX);
			break;
		case 'X':
			emu_opts.fault_5xx_after_write = opt_uint(
			    "fault-5xx-after-write", optarg, INT_MAX);
			break;
		case 'H':
			emu_opts.hostile = 1;
			break;
		case 'h':
			usage(0);
			break;
		default:
			usage(2);
			break;
		}
	}
	if (optind != argc || emu_opts.provider == NULL)
		usage(2);
	if (strcmp(emu_opts.provider, "zendesk") == 0)
		provider = &emu_zendesk;
	else if (strcmp(emu_opts.provider, "freshdesk") == 0)
		provider = &emu_freshdesk;
	else
		die("--provider: zendesk or freshdesk");
	/* Plan limits (card): Zendesk Enterprise 700, Freshdesk Pro 400. */
	if (emu_opts.rate_limit == 0)
		emu_opts.rate_limit = provider == &emu_zendesk ? 700 : 400;
}

/* Set a JSON body; takes root. */
void
emu_resp_json(struct emu_resp *resp, unsigned status, cJSON *root)
{
	char	*s;

	free(resp->body);
	s = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	if (s == NULL)
		fatalx("cJSON_PrintUnformatted failed");
	/* cJSON uses malloc() unless hooks are set; tix-emu sets none. */
	resp->body = s;
	resp->len = strlen(s);
	resp->status = status;
	resp->ctype = "application/json; charset=utf-8";
}

/* Set a plain body (or none when text is NULL). */
void
emu_resp_text(struct emu_resp *resp, unsigned status, const char *ctype,
    const char *text)
{
	free(resp->body);
	resp->body = NULL;
	resp->len = 0;
	if (text != NULL) {
		resp->body = xstrdup(text);
		resp->len = strlen(text);
	}
	resp->status = status;
	resp->ctype = ctype;
}

/* Add a response header. */
void
emu_resp_header(struct emu_resp *resp, const char *name, const char *fmt,
    ...)
{
	va_list	ap;

	if (resp->nheaders == EMU_MAX_HEADERS)
		fatalx("emu_resp_header: too many headers");
	va_start(ap, fmt);
	resp->hvalue[resp->nheaders] = xvasprintf(fmt, ap);
	va_end(ap);
	resp->hname[resp->nheaders++] = xstrdup(name);
}

/* Free a response's contents. */
static void
resp_done(struct emu_resp *resp)
{
	size_t	i;

	free(resp->body);
	for (i = 0; i < resp->nheaders; i++) {
		free(resp->hname[i]);
		free(resp->hvalue[i]);
	}
}

/* One query argument (decoded), or NULL. */
const char *
emu_req_arg(struct emu_req *req, const char *key)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND,
	    key);
}

/* One request header, or NULL. */
const char *
emu_req_header(struct emu_req *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

struct args_ctx {
	const char	*key;
	const char	**out;
	int		 max;
	int		 n;
};

/* Collect the values of a repeated argument (role[]=a&role[]=b). */
static enum MHD_Result
args_collect(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct args_ctx	*ctx = cls;

	if (strcmp(key, ctx->key) == 0 && value != NULL && ctx->n < ctx->max)
		ctx->out[ctx->n++] = value;
	return MHD_YES;
}

/* All values of a repeated argument; returns how many. */
int
emu_req_args(struct emu_req *req, const char *key, const char **out, int max)
{
	struct args_ctx	ctx = { key, out, max, 0 };

	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND,
	    args_collect, &ctx);
	return ctx.n;
}

/* Append s percent-encoded (RFC 3986 unreserved kept). */
static void
url_encode(char **p, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	unsigned char		 c;

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~' || c == ':') {
			*(*p)++ = (char)c;
		} else {
			*(*p)++ = '%';
			*(*p)++ = hex[c >> 4];
			*(*p)++ = hex[c & 15];
		}
	}
}

struct url_ctx {
	const char *const	*kv;
	size_t			 nkv;
	char			*p;
	int			 first;
	int			 count;		/* sizing pass when p NULL */
	size_t			 need;
};

/* Emit one argument unless it is being replaced. */
static enum MHD_Result
url_arg(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct url_ctx	*ctx = cls;
	size_t		 i;

	for (i = 0; i < ctx->nkv; i++) {
		if (strcmp(ctx->kv[i * 2], key) == 0)
			return MHD_YES;
	}
	if (ctx->count) {
		ctx->need += 3 * (strlen(key) + (value ? strlen(value) : 0)) +
		    2;
		return MHD_YES;
	}
	*ctx->p++ = ctx->first ? '?' : '&';
	ctx->first = 0;
	url_encode(&ctx->p, key);
	if (value != NULL) {
		*ctx->p++ = '=';
		url_encode(&ctx->p, value);
	}
	return MHD_YES;
}

/*
 * This request's URL (http://Host/path?query) with the arguments in kv
 * (key, value pairs; a NULL value removes the key) replaced, for links.
 */
char *
emu_req_url(struct emu_req *req, const char *const *kv, size_t nkv)
{
	struct url_ctx	 ctx = { kv, nkv, NULL, 1, 1, 0 };
	char		*url;
	size_t		 i, len;

	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, url_arg,
	    &ctx);
	len = ctx.need + strlen(req->host) + 3 * strlen(req->path) + 16;
	for (i = 0; i < nkv; i++) {
		len += 3 * strlen(kv[i * 2]) + 2;
		if (kv[i * 2 + 1] != NULL)
			len += 3 * strlen(kv[i * 2 + 1]);
	}
	url = xmalloc(len);
	len = (size_t)xsnprintf(url, len, "http://%s%s", req->host,
	    req->path);
	ctx.p = url + len;
	ctx.count = 0;
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, url_arg,
	    &ctx);
	for (i = 0; i < nkv; i++) {
		if (kv[i * 2 + 1] == NULL)
			continue;
		*ctx.p++ = ctx.first ? '?' : '&';
		ctx.first = 0;
		url_encode(&ctx.p, kv[i * 2]);
		*ctx.p++ = '=';
		url_encode(&ctx.p, kv[i * 2 + 1]);
	}
	*ctx.p = '\0';
	return url;
}

/* Decode standard base64; returns a NUL-terminated string or NULL. */
static char *
base64_decode(const char *s)
{
	static const char	 tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	const char		*p;
	char			*out;
	size_t			 n = 0, len;
	unsigned		 acc = 0, bits = 0;

	len = strlen(s);
	out = xmalloc(len + 1);
	for (; *s != '\0' && *s != '='; s++) {
		p = strchr(tab, *s);
		if (p == NULL || *s == '\0') {
			free(out);
			return NULL;
		}
		acc = (acc << 6) | (unsigned)(p - tab);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (char)((acc >> bits) & 0xff);
		}
	}
	out[n] = '\0';
	if (memchr(out, '\0', n) != NULL) {
		free(out);
		return NULL;
	}
	return out;
}

/* Check the Authorization header with the provider's rules. */
static int
auth_check(struct MHD_Connection *conn)
{
	const char	*h;
	char		*dec, *colon;
	int		 ok;

	h = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_AUTHORIZATION);
	if (h == NULL)
		return 0;
	if (strncasecmp(h, "Bearer ", 7) == 0)
		return provider->auth_ok(NULL, NULL, h + 7);
	if (strncasecmp(h, "Basic ", 6) != 0)
		return 0;
	dec = base64_decode(h + 6);
	if (dec == NULL)
		return 0;
	colon = strchr(dec, ':');
	ok = 0;
	if (colon != NULL) {
		*colon = '\0';
		ok = provider->auth_ok(dec, colon + 1, NULL);
	}
	free(dec);
	return ok;
}

/* Count one request under "METHOD /path". */
static void
stats_count(const char *method, const char *path)
{
	struct stats_entry	*e;
	char			*key;
	uint32_t		 h = 2166136261u;
	const char		*p;

	key = xasprintf("%s %s", method, path);
	for (p = key; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	h %= STATS_BUCKETS;
	for (e = stats.bucket[h]; e != NULL; e = e->next) {
		if (strcmp(e->key, key) == 0) {
			e->count++;
			free(key);
			return;
		}
	}
	e = xcalloc(1, sizeof *e);
	e->key = key;
	e->count = 1;
	e->next = stats.bucket[h];
	stats.bucket[h] = e;
}

/* GET /__emu/stats: counts for tests to assert on. */
static void
admin_stats(struct emu_resp *resp)
{
	cJSON			*root, *o, *t;
	struct stats_entry	*e;
	struct emu_ticket	*tk;
	unsigned long		 added = 0, dup = 0;
	char			 key[32], ts[32];
	size_t			 i;

	root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "provider", provider->name);
	cJSON_AddNumberToObject(root, "requests_total",
	    (double)stats.requests);
	cJSON_AddNumberToObject(root, "api_requests", (double)stats.api);
	cJSON_AddNumberToObject(root, "writes", (double)stats.writes);
	o = cJSON_AddObjectToObject(root, "requests");
	for (i = 0; i < STATS_BUCKETS; i++) {
		for (e = stats.bucket[i]; e != NULL; e = e->next)
			cJSON_AddNumberToObject(o, e->key, (double)e->count);
	}
	o = cJSON_AddObjectToObject(root, "faults");
	cJSON_AddNumberToObject(o, "429", (double)stats.f429);
	cJSON_AddNumberToObject(o, "5xx", (double)stats.f5xx);
	cJSON_AddNumberToObject(o, "slow", (double)stats.fslow);
	cJSON_AddNumberToObject(o, "drop", (double)stats.fdrop);
	cJSON_AddNumberToObject(o, "truncate", (double)stats.ftrunc);
	cJSON_AddNumberToObject(o, "invalid_json", (double)stats.finvalid);
	cJSON_AddNumberToObject(o, "drop_after_write",
	    (double)stats.fdrop_write);
	cJSON_AddNumberToObject(o, "5xx_after_write",
	    (double)stats.f5xx_write);
	cJSON_AddNumberToObject(o, "rate_limited",
	    (double)stats.rate_limited);
	o = cJSON_AddObjectToObject(root, "tickets");
	for (i = 0; i < emu_db.ntickets; i++) {
		tk = emu_db.tickets[i];
		added += tk->notes_added;
		dup += tk->notes_dup;
		if (!tk->touched)
			continue;
		xsnprintf(key, sizeof key, "%lld", (long long)tk->id);
		t = cJSON_AddObjectToObject(o, key);
		cJSON_AddNumberToObject(t, "notes", (double)tk->nnotes);
		cJSON_AddNumberToObject(t, "notes_added",
		    (double)tk->notes_added);
		cJSON_AddNumberToObject(t, "duplicate_notes",
		    (double)tk->notes_dup);
		cJSON_AddBoolToObject(t, "deleted", tk->deleted);
		cJSON_AddStringToObject(t, "updated_at",
		    emu_time_iso(tk->updated, ts, sizeof ts));
	}
	cJSON_AddNumberToObject(root, "ticket_count", (double)emu_db.ntickets);
	cJSON_AddNumberToObject(root, "notes_added", (double)added);
	cJSON_AddNumberToObject(root, "duplicate_notes", (double)dup);
	emu_resp_json(resp, 200, root);
}

/* An admin-path error. */
static void
admin_error(struct emu_resp *resp, unsigned status, const char *msg)
{
	cJSON	*root;

	root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "error", msg);
	emu_resp_json(resp, status, root);
}

/* The admin path's ticket view: the ticket and its whole thread. */
static void
admin_ticket_show(struct emu_req *req, struct emu_ticket *t,
    struct emu_resp *resp, unsigned status)
{
	cJSON	*root, *a;
	size_t	 i;

	root = cJSON_CreateObject();
	cJSON_AddItemToObject(root, "ticket", provider->ticket_json(req, t));
	cJSON_AddBoolToObject(root, "deleted", t->deleted);
	a = cJSON_AddArrayToObject(root, "notes");
	for (i = 0; i < t->nnotes; i++)
		cJSON_AddItemToArray(a, provider->note_json(t, t->notes[i]));
	emu_resp_json(resp, status, root);
}

/* POST /__emu/tickets/{id}/notes: a note "as another agent". */
static void
admin_note(struct emu_req *req, struct emu_ticket *t, cJSON *in,
    struct emu_resp *resp)
{
	cJSON			*body, *html, *pub, *priv, *author, *kind;
	int64_t			 author_id;
	int			 public;
	enum emu_note_kind	 k;
	struct emu_note		*n;

	body = cJSON_GetObjectItemCaseSensitive(in, "body");
	html = cJSON_GetObjectItemCaseSensitive(in, "html_body");
	pub = cJSON_GetObjectItemCaseSensitive(in, "public");
	priv = cJSON_GetObjectItemCaseSensitive(in, "private");
	author = cJSON_GetObjectItemCaseSensitive(in, "author_id");
	if (author == NULL)
		author = cJSON_GetObjectItemCaseSensitive(in, "user_id");
	kind = cJSON_GetObjectItemCaseSensitive(in, "kind");
	if (!cJSON_IsString(body)) {
		admin_error(resp, 400, "body: string required");
		return;
	}
	public = 0;
	if (cJSON_IsBool(pub))
		public = cJSON_IsTrue(pub);
	else if (cJSON_IsBool(priv))
		public = !cJSON_IsTrue(priv);
	author_id = emu_data_other_agent()->id;
	if (cJSON_IsNumber(author)) {
		author_id = (int64_t)author->valuedouble;
		if (emu_data_user(author_id) == NULL) {
			admin_error(resp, 400, "author_id: no such user");
			return;
		}
	}
	if (emu_db.zendesk)
		k = EMU_NOTE_COMMENT;
	else if (cJSON_IsString(kind) && strcmp(kind->valuestring,
	    "reply") == 0)
		k = EMU_NOTE_REPLY;
	else
		k = EMU_NOTE_NOTE;
	n = emu_data_note_add(t, author_id, k, public, body->valuestring,
	    cJSON_IsString(html) ? html->valuestring : NULL);
	if (emu_data_user(author_id)->role == EMU_END_USER)
		n->incoming = 1;
	emu_resp_json(resp, 201, provider->note_json(t, n));
}

/* The admin path: /__emu/... ; called with the lock held. */
static void
admin_serve(struct emu_req *req, struct emu_resp *resp)
{
	struct emu_ticket	*t = NULL;
	cJSON			*in = NULL;
	int64_t			 id;
	size_t			 i;
	struct stats_entry	*e, *next;

	if (req->body_len > 0) {
		in = cJSON_ParseWithLength(req->body, req->body_len);
		if (in == NULL || !cJSON_IsObject(in)) {
			admin_error(resp, 400, "body: invalid JSON object");
			goto out;
		}
	}
	if (req->nseg == 2 && strcmp(req->seg[1], "stats") == 0) {
		if (strcmp(req->method, "GET") == 0)
			admin_stats(resp);
		else if (strcmp(req->method, "DELETE") == 0) {
			for (i = 0; i < STATS_BUCKETS; i++) {
				for (e = stats.bucket[i]; e != NULL;
				    e = next) {
					next = e->next;
					free(e->key);
					free(e);
				}
				stats.bucket[i] = NULL;
			}
			emu_resp_text(resp, 204, NULL, NULL);
		} else
			admin_error(resp, 405, "GET or DELETE");
		goto out;
	}
	if (req->nseg < 2 || strcmp(req->seg[1], "tickets") != 0) {
		admin_error(resp, 404, "no such admin path");
		goto out;
	}
	if (req->nseg == 2) {
		if (strcmp(req->method, "POST") != 0) {
			admin_error(resp, 405, "POST");
			goto out;
		}
		if (in == NULL)
			in = cJSON_CreateObject();
		if (provider->ticket_new(req, in, resp, &t) == 0)
			admin_ticket_show(req, t, resp, 201);
		goto out;
	}
	if (emu_parse_int64(req->seg[2], &id) != 0 ||
	    (t = emu_data_ticket(id)) == NULL) {
		admin_error(resp, 404, "no such ticket");
		goto out;
	}
	if (req->nseg == 3 && strcmp(req->method, "GET") == 0)
		admin_ticket_show(req, t, resp, 200);
	else if (req->nseg == 3 && strcmp(req->method, "DELETE") == 0) {
		t->deleted = 1;
		emu_data_touch(t);
		emu_resp_text(resp, 204, NULL, NULL);
	} else if (req->nseg == 3 && (strcmp(req->method, "POST") == 0 ||
	    strcmp(req->method, "PUT") == 0)) {
		if (in == NULL)
			admin_error(resp, 400, "body: JSON object required");
		else if (provider->ticket_patch(req, t, in, resp) == 0) {
			emu_data_touch(t);
			admin_ticket_show(req, t, resp, 200);
		}
	} else if (req->nseg == 4 && strcmp(req->seg[3], "notes") == 0 &&
	    strcmp(req->method, "POST") == 0) {
		if (in == NULL)
			admin_error(resp, 400, "body: JSON object required");
		else
			admin_note(req, t, in, resp);
	} else
		admin_error(resp, 404, "no such admin path");
out:
	cJSON_Delete(in);
}

/* Split the path into segments in place (path is a private copy). */
static void
req_split(struct emu_req *req, char *path)
{
	char	*p, *s;

	req->nseg = 0;
	p = path;
	while (*p == '/')
		p++;
	while (*p != '\0' && req->nseg < NITEMS_SEG) {
		s = p;
		while (*p != '\0' && *p != '/')
			p++;
		if (*p == '/')
			*p++ = '\0';
		req->seg[req->nseg++] = s;
	}
	if (*p != '\0')
		req->nseg = NITEMS_SEG + 1;	/* too deep: no route */
}

struct drop_ctx {
	char	*body;
	size_t	 len;
	size_t	 cut;
};

/* Serve a body up to the cut, then fail: MHD closes mid-body. */
static ssize_t
drop_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct drop_ctx	*ctx = cls;
	size_t		 n;

	if (pos >= ctx->cut)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	n = ctx->cut - (size_t)pos;
	if (n > max)
		n = max;
	memcpy(buf, ctx->body + pos, n);
	return (ssize_t)n;
}

/* Free a drop context. */
static void
drop_free(void *cls)
{
	struct drop_ctx	*ctx = cls;

	free(ctx->body);
	free(ctx);
}

/* Is this the every-th request? */
static int
fault_every(unsigned every, unsigned long n)
{
	return every != 0 && n % every == 0;
}

/*
 * Apply the request-side faults and the rate limit.  Returns 1 when the
 * response is already decided (429 or 5xx).
 */
static int
fault_before(unsigned long n, struct emu_resp *resp)
{
	time_t		 minute;
	unsigned	 retry;
	double		 r;

	if (fault_every(emu_opts.fault_429_every, n)) {
		stats.f429++;
		provider->rate_error(resp, 1);
		return 1;
	}
	if (emu_opts.fault_5xx_rate > 0.0) {
		r = (double)(emu_rand(&stats.rng) >> 11) / 9007199254740992.0;
		if (r < emu_opts.fault_5xx_rate) {
			stats.f5xx++;
			provider->server_error(resp, (unsigned[]){ 500, 502,
			    503 }[emu_rand(&stats.rng) % 3]);
			return 1;
		}
	}
	minute = emu_clock() / 60;
	if (minute != stats.window) {
		stats.window = minute;
		stats.window_used = 0;
	}
	if (stats.window_used >= emu_opts.rate_limit) {
		stats.rate_limited++;
		retry = (unsigned)(60 - emu_clock() % 60);
		provider->rate_error(resp, retry);
		return 1;
	}
	return 0;
}

/* Build the MHD response, applying the body faults; NULL drops it. */
static struct MHD_Response *
resp_build(struct emu_resp *resp, unsigned long n, int api)
{
	struct MHD_Response	*r;
	struct drop_ctx		*ctx;
	char			*bad;
	size_t			 i, len;
	static const char	 garbage[] = "<html>502 Bad Gateway";

	if (api && resp->len > 0 && fault_every(emu_opts.fault_drop_every,
	    n)) {
		stats.fdrop++;
		ctx = xcalloc(1, sizeof *ctx);
		ctx->body = resp->body;
		ctx->len = resp->len;
		ctx->cut = resp->len / 2;
		resp->body = NULL;
		r = MHD_create_response_from_callback(ctx->len, 4096,
		    drop_read, ctx, drop_free);
	} else if (api && resp->len > 1 &&
	    fault_every(emu_opts.fault_truncate_every, n)) {
		stats.ftrunc++;
		r = MHD_create_response_from_buffer(resp->len / 2, resp->body,
		    MHD_RESPMEM_MUST_COPY);
	} else if (api && resp->len > 0 &&
	    fault_every(emu_opts.fault_invalid_json_every, n)) {
		stats.finvalid++;
		len = resp->len / 3;
		bad = xmalloc(len + sizeof garbage);
		memcpy(bad, resp->body, len);
		memcpy(bad + len, garbage, sizeof garbage);
		r = MHD_create_response_from_buffer(len + sizeof garbage - 1,
		    bad, MHD_RESPMEM_MUST_COPY);
		free(bad);
	} else {
		r = MHD_create_response_from_buffer(resp->len,
		    resp->body != NULL ? resp->body : (char *)(uintptr_t)"",
		    MHD_RESPMEM_MUST_COPY);
	}
	if (r == NULL)
		fatalx("MHD_create_response failed");
	if (resp->ctype != NULL)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
		    resp->ctype);
	for (i = 0; i < resp->nheaders; i++)
		MHD_add_response_header(r, resp->hname[i], resp->hvalue[i]);
	return r;
}

/* Is the peer 127.0.0.1 (or ::1)? */
static int
peer_is_local(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo	*ci;
	const struct sockaddr_in	*sin;

	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || ci->client_addr == NULL ||
	    ci->client_addr->sa_family != AF_INET)
		return 0;
	sin = (const struct sockaddr_in *)(const void *)ci->client_addr;
	return ntohl(sin->sin_addr.s_addr) == INADDR_LOOPBACK;
}

/* Handle one complete request. */
static enum MHD_Result
serve(struct MHD_Connection *conn, const char *url, const char *method,
    struct emu_conn *c)
{
	struct emu_req		 req;
	struct emu_resp		 resp;
	struct MHD_Response	*r;
	char			*path;
	unsigned long		 n = 0;
	int			 api, drop = 0;
	enum MHD_Result		 ret;
	unsigned		 used;

	memset(&req, 0, sizeof req);
	memset(&resp, 0, sizeof resp);
	req.conn = conn;
	req.method = method;
	req.path = url;
	req.body = c->body;
	req.body_len = c->len;
	req.host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_HOST);
	if (req.host == NULL)
		req.host = "127.0.0.1";
	path = xstrdup(url);
	req_split(&req, path);
	api = !(req.nseg >= 1 && strcmp(req.seg[0], "__emu") == 0);
	resp.credits = 1;

	pthread_mutex_lock(&emu_db.lock);
	stats.requests++;
	stats_count(method, url);
	if (api)
		n = ++stats.api;
	pthread_mutex_unlock(&emu_db.lock);

	if (!api && !peer_is_local(conn)) {
		admin_error(&resp, 403, "admin path is for 127.0.0.1 only");
		goto reply;
	}
	if (api && emu_opts.fault_slow_ms != 0) {
		usleep(emu_opts.fault_slow_ms * 1000u);
		pthread_mutex_lock(&emu_db.lock);
		stats.fslow++;
		pthread_mutex_unlock(&emu_db.lock);
	}

	pthread_mutex_lock(&emu_db.lock);
	if (!api)
		admin_serve(&req, &resp);
	else if (c->too_big) {
		provider->server_error(&resp, 413);
	} else if (fault_before(n, &resp) == 0) {
		stats.window_used++;
		if (!auth_check(conn))
			provider->auth_error(&resp);
		else {
			provider->serve(&req, &resp);
			if (resp.credits > 1)
				stats.window_used += resp.credits - 1;
			if (resp.write) {
				stats.writes++;
				if (fault_every(
				    emu_opts.fault_drop_after_write,
				    stats.writes)) {
					stats.fdrop_write++;
					drop = 1;
				}
				/* Kept, but answered 500: maybe sent. */
				if (!drop && fault_every(
				    emu_opts.fault_5xx_after_write,
				    stats.writes)) {
					stats.f5xx_write++;
					resp_done(&resp);
					memset(&resp, 0, sizeof resp);
					resp.credits = 1;
					provider->server_error(&resp, 500);
				}
			}
		}
		used = stats.window_used;
		provider->rate_headers(&resp, emu_opts.rate_limit,
		    used > emu_opts.rate_limit ? 0 :
		    emu_opts.rate_limit - used);
	}
	pthread_mutex_unlock(&emu_db.lock);

reply:
	free(path);
	if (drop) {
		/* Applied, but the client never hears: outcome unknown. */
		resp_done(&resp);
		return MHD_NO;
	}
	pthread_mutex_lock(&emu_db.lock);
	r = resp_build(&resp, n, api);
	pthread_mutex_unlock(&emu_db.lock);
	ret = MHD_queue_response(conn, resp.status != 0 ? resp.status : 500,
	    r);
	MHD_destroy_response(r);
	resp_done(&resp);
	return ret;
}

/* MHD's access handler: gather the body, then serve. */
static enum MHD_Result
handler(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct emu_conn	*c = *con_cls;

	if (c == NULL) {
		c = xcalloc(1, sizeof *c);
		*con_cls = c;
		return MHD_YES;
	}
	if (*upload_data_size != 0) {
		if (c->len + *upload_data_size > EMU_MAX_BODY)
			c->too_big = 1;
		else {
			c->body = xrealloc(c->body, c->len +
			    *upload_data_size + 1);
			memcpy(c->body + c->len, upload_data,
			    *upload_data_size);
			c->len += *upload_data_size;
			c->body[c->len] = '\0';
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	return serve(conn, url, method, c);
}

/* MHD's completion callback: free the per-request state. */
static void
completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct emu_conn	*c = *con_cls;

	if (c != NULL) {
		free(c->body);
		free(c);
		*con_cls = NULL;
	}
}

/* SIGTERM/SIGINT: wake the main loop. */
static void
on_signal(int sig)
{
	int	saved = errno;
	char	b = (char)sig;

	if (write(signal_pipe[1], &b, 1) == -1) {
		/* nothing to do: the pipe is full, a wakeup is pending */
	}
	errno = saved;
}

/* Install handlers, and return the mask MHD's threads start with. */
static void
signals_setup(sigset_t *blocked, sigset_t *old)
{
	struct sigaction	sa;

	if (pipe(signal_pipe) == -1)
		fatal("pipe");
	fcntl(signal_pipe[1], F_SETFL, O_NONBLOCK);
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigemptyset(blocked);
	sigaddset(blocked, SIGTERM);
	sigaddset(blocked, SIGINT);
	sigaddset(blocked, SIGHUP);
	pthread_sigmask(SIG_BLOCK, blocked, old);
}

/* Wait for a signal, or for EOF on stdin when stdin is a pipe. */
static void
wait_for_end(void)
{
	struct pollfd	pfd[2];
	struct stat	st;
	nfds_t		nfd = 1;
	char		buf[512];
	ssize_t		n;

	pfd[0].fd = signal_pipe[0];
	pfd[0].events = POLLIN;
	if (fstat(STDIN_FILENO, &st) == 0 && S_ISFIFO(st.st_mode)) {
		pfd[1].fd = STDIN_FILENO;
		pfd[1].events = POLLIN;
		nfd = 2;
	}
	for (;;) {
		if (poll(pfd, nfd, -1) == -1) {
			if (errno == EINTR)
				continue;
			fatal("poll");
		}
		if (pfd[0].revents != 0)
			return;
		if (nfd == 2 && pfd[1].revents != 0) {
			n = read(STDIN_FILENO, buf, sizeof buf);
			if (n == 0 || (n == -1 && errno != EINTR &&
			    errno != EAGAIN))
				return;
		}
	}
}

/* Free the request statistics. */
static void
stats_free(void)
{
	struct stats_entry	*e, *next;
	size_t			 i;

	for (i = 0; i < STATS_BUCKETS; i++) {
		for (e = stats.bucket[i]; e != NULL; e = next) {
			next = e->next;
			free(e->key);
			free(e);
		}
	}
}

/* Build the data set, listen on 127.0.0.1, print the port, serve. */
int
main(int argc, char **argv)
{
	struct MHD_Daemon		*d;
	struct sockaddr_in		 sin;
	const union MHD_DaemonInfo	*info;
	sigset_t			 blocked, old;

	opt_parse(argc, argv);
	emu_data_init();
	stats.rng = emu_opts.seed ^ 0x5eed5eed5eed5eedULL;

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)emu_opts.port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

	signals_setup(&blocked, &old);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_THREAD_PER_CONNECTION,
	    emu_opts.port, NULL, NULL, handler, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)60,
	    MHD_OPTION_END);
	if (d == NULL)
		die("cannot listen on 127.0.0.1:%u", emu_opts.port);
	pthread_sigmask(SIG_SETMASK, &old, NULL);

	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	if (info == NULL || info->port == 0)
		die("cannot find the listening port");
	printf("%u\n", (unsigned)info->port);
	if (fflush(stdout) == EOF)
		fatal("stdout");

	wait_for_end();

	MHD_stop_daemon(d);
	stats_free();
	emu_data_free();
	return 0;
}
