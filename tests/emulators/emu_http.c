/*
 * tix-emu's HTTP side: the libmicrohttpd daemon (one thread per
 * connection), requests and responses, and the body faults (drop,
 * truncate, invalid JSON) applied as an answer is built.  Every handler
 * runs under emu_db.lock, so the platform modules never see concurrency.
 */

#include "config.h"

#include "tests/emulators/emu.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <microhttpd.h>

#include "core/log.h"

#define EMU_MAX_BODY	(32u * 1024 * 1024)
#define NITEMS_SEG	(sizeof ((struct emu_req *)0)->seg / \
			    sizeof ((struct emu_req *)0)->seg[0])

/* Per-connection state: the request body as it arrives. */
struct emu_conn {
	char		*body;
	size_t		 len;
	int		 too_big;
};

static struct MHD_Daemon	*daemon_mhd;

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

/* Add headers with unsigned values: name, value, ..., NULL. */
void
emu_resp_uheaders(struct emu_resp *resp, ...)
{
	va_list		 ap;
	const char	*name;

	va_start(ap, resp);
	for (;;) {
		name = va_arg(ap, const char *);
		if (name == NULL)
			break;
		emu_resp_header(resp, name, "%u", va_arg(ap, unsigned));
	}
	va_end(ap);
}

/* Free a response's contents and empty it. */
void
emu_resp_reset(struct emu_resp *resp)
{
	size_t	i;

	free(resp->body);
	for (i = 0; i < resp->nheaders; i++) {
		free(resp->hname[i]);
		free(resp->hvalue[i]);
	}
	memset(resp, 0, sizeof *resp);
	resp->credits = 1;
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

/* An integer argument in [min, max] with a default; -1 if bad. */
long long
emu_req_int(struct emu_req *req, const char *name, long long def,
    long long min, long long max)
{
	const char	*s;
	long long	 v;

	s = emu_req_arg(req, name);
	if (s == NULL)
		return def;
	if (emu_parse_uint(s, min, max, &v) != 0)
		return -1;
	return v;
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
char *
emu_base64_decode(const char *s)
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

/* Build the MHD response, applying the body faults; NULL drops it. */
static struct MHD_Response *
resp_build(struct emu_resp *resp, unsigned long n, int api)
{
	struct MHD_Response	*r;
	struct drop_ctx		*ctx;
	char			*bad;
	size_t			 i, len;
	static const char	 garbage[] = "<html>502 Bad Gateway";

	if (api && resp->len > 0 && emu_fault_every(emu_opts.fault_drop_every,
	    n)) {
		emu_stats.fdrop++;
		ctx = xcalloc(1, sizeof *ctx);
		ctx->body = resp->body;
		ctx->len = resp->len;
		ctx->cut = resp->len / 2;
		resp->body = NULL;
		r = MHD_create_response_from_callback(ctx->len, 4096,
		    drop_read, ctx, drop_free);
	} else if (api && resp->len > 1 && (resp->truncate ||
	    emu_fault_every(emu_opts.fault_truncate_every, n))) {
		emu_stats.ftrunc += !resp->truncate;
		r = MHD_create_response_from_buffer(resp->len / 2, resp->body,
		    MHD_RESPMEM_MUST_COPY);
	} else if (api && resp->len > 0 &&
	    emu_fault_every(emu_opts.fault_invalid_json_every, n)) {
		emu_stats.finvalid++;
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

/* Serve an API request under the lock: faults, auth, route, write faults. */
static void
serve_api(struct emu_req *req, struct emu_resp *resp, unsigned long n,
    int too_big, int *drop)
{
	unsigned	used;

	if (too_big) {
		emu_fault_server_error(resp, 413);
		return;
	}
	if (emu_fault_before(n, resp) != 0)
		return;
	emu_stats.window_used++;
	if (!emu_auth_check(req))
		emu_db.platform->auth_error(resp);
	else {
		emu_route_serve(req, resp);
		if (resp->credits > 1)
			emu_stats.window_used += resp->credits - 1;
		emu_fault_after_write(resp, drop);
	}
	used = emu_stats.window_used;
	emu_db.platform->rate_headers(resp, emu_opts.rate_limit,
	    used > emu_opts.rate_limit ? 0 : emu_opts.rate_limit - used);
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
	emu_stats.requests++;
	emu_stats_count(method, url);
	if (api)
		n = ++emu_stats.api;
	pthread_mutex_unlock(&emu_db.lock);

	if (!api && !peer_is_local(conn)) {
		emu_resp_json(&resp, 403, cJSON_CreateString(
		    "admin path is for 127.0.0.1 only"));
		goto reply;
	}
	if (api && emu_opts.fault_slow_ms != 0) {
		usleep(emu_opts.fault_slow_ms * 1000u);
		pthread_mutex_lock(&emu_db.lock);
		emu_stats.fslow++;
		pthread_mutex_unlock(&emu_db.lock);
	}

	pthread_mutex_lock(&emu_db.lock);
	if (!api)
		emu_admin_serve(&req, &resp);
	else
		serve_api(&req, &resp, n, c->too_big, &drop);
	pthread_mutex_unlock(&emu_db.lock);

reply:
	free(path);
	if (drop) {
		/* Applied, but the client never hears: outcome unknown. */
		emu_resp_reset(&resp);
		return MHD_NO;
	}
	pthread_mutex_lock(&emu_db.lock);
	r = resp_build(&resp, n, api);
	pthread_mutex_unlock(&emu_db.lock);
	ret = MHD_queue_response(conn, resp.status != 0 ? resp.status : 500,
	    r);
	MHD_destroy_response(r);
	emu_resp_reset(&resp);
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


/* Listen on 127.0.0.1:port (0: any); 0 with the bound port, or -1. */
int
emu_http_start(unsigned port, unsigned *bound)
{
	struct sockaddr_in		 sin;
	const union MHD_DaemonInfo	*info;

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	daemon_mhd = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_THREAD_PER_CONNECTION,
	    port, NULL, NULL, handler, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)60,
	    MHD_OPTION_END);
	if (daemon_mhd == NULL)
		return -1;
	info = MHD_get_daemon_info(daemon_mhd, MHD_DAEMON_INFO_BIND_PORT);
	if (info == NULL || info->port == 0)
		return -1;
	*bound = info->port;
	return 0;
}

/* Stop serving. */
void
emu_http_stop(void)
{
	MHD_stop_daemon(daemon_mhd);
	daemon_mhd = NULL;
}
