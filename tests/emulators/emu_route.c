/*
 * The auth rule and the route table, written once for every platform.
 * A platform declares how it authenticates (emu_auth) and a table of
 * routes (method, path pattern, what {id} must name, handler); this file
 * checks the credentials, matches the request and resolves the ticket a
 * route names, answering with the platform's own 404 when it does not.
 */

#include "config.h"

#include "tests/emulators/emu.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Check one Basic user and password against the platform's rule. */
static int
auth_basic(const char *user, const char *pass)
{
	size_t	len;

	switch (emu_db.platform->auth) {
	case EMU_AUTH_EMAIL_TOKEN:
		len = strlen(emu_opts.email);
		return strncmp(user, emu_opts.email, len) == 0 &&
		    strcmp(user + len, "/token") == 0 &&
		    strcmp(pass, emu_opts.token) == 0;
	case EMU_AUTH_KEY:
		/* The password is ignored ("X" by convention). */
		return strcmp(user, emu_opts.api_key) == 0;
	}
	return 0;
}

/* Is the request's Authorization header good for this platform? */
int
emu_auth_check(struct emu_req *req)
{
	const char	*h;
	char		*dec, *colon;
	int		 ok = 0;

	h = emu_req_header(req, "Authorization");
	if (h == NULL)
		return 0;
	if (strncasecmp(h, "Bearer ", 7) == 0)
		return emu_db.platform->bearer &&
		    strcmp(h + 7, emu_opts.oauth_token) == 0;
	if (strncasecmp(h, "Basic ", 6) != 0)
		return 0;
	dec = emu_base64_decode(h + 6);
	if (dec == NULL)
		return 0;
	colon = strchr(dec, ':');
	if (colon != NULL) {
		*colon = '\0';
		ok = auth_basic(dec, colon + 1);
	}
	free(dec);
	return ok;
}

/* Does the pattern match the request's segments?  Sets req->id. */
static int
route_match(const char *pattern, struct emu_req *req)
{
	const char	*p, *end;
	size_t		 i = 0, len;
	int64_t		 id;

	req->id = 0;
	for (p = pattern; *p == '/'; p++)
		;
	while (*p != '\0') {
		end = strchr(p, '/');
		len = end != NULL ? (size_t)(end - p) : strlen(p);
		if (i >= req->nseg)
			return 0;
		if (len == 4 && strncmp(p, "{id}", 4) == 0) {
			if (emu_parse_int64(req->seg[i], &id) != 0)
				return 0;
			req->id = id;
		} else if (strlen(req->seg[i]) != len ||
		    strncmp(req->seg[i], p, len) != 0)
			return 0;
		i++;
		p += len;
		while (*p == '/')
			p++;
	}
	return i == req->nseg;
}

/* Drop the platform's optional path suffix (".json") from the last segment. */
static void
route_strip_suffix(struct emu_req *req)
{
	const char	*suffix = emu_db.platform->path_suffix;
	char		*last;
	size_t		 len, slen;

	if (suffix == NULL || req->nseg == 0 || req->nseg > EMU_NITEMS(
	    req->seg))
		return;
	last = req->seg[req->nseg - 1];
	len = strlen(last);
	slen = strlen(suffix);
	if (len > slen && strcmp(last + len - slen, suffix) == 0)
		last[len - slen] = '\0';
}

/* Route one API request; called with emu_db.lock held. */
void
emu_route_serve(struct emu_req *req, struct emu_resp *resp)
{
	const struct emu_route	*r;
	struct emu_ticket	*t;

	route_strip_suffix(req);
	for (r = emu_db.platform->routes; r->method != NULL; r++) {
		if (strcmp(r->method, req->method) == 0 &&
		    route_match(r->path, req))
			break;
	}
	if (r->method == NULL) {
		emu_db.platform->no_route(resp);
		return;
	}
	if (r->need != EMU_NEED_NONE) {
		t = emu_data_ticket(req->id);
		if (t == NULL || (t->deleted && r->need == EMU_NEED_TICKET)) {
			emu_db.platform->not_found(resp);
			return;
		}
		req->ticket = t;
	}
	r->fn(req, resp);
}
