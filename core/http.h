/*
 * The HTTP layer on libcurl: one struct http_client per account, used only
 * by that account's worker thread (never shared between threads).
 *
 * What every request gets:
 *   - connection reuse (the easy handle is kept: keep-alive), HTTP/2 over
 *     TLS where the server offers it, compressed responses;
 *   - TLS verification always on (there is no switch to turn it off); a
 *     per-account CA file for private CAs;
 *   - proxies from the environment (https_proxy, http_proxy, all_proxy,
 *     no_proxy), which libcurl honours because tix never sets a proxy;
 *   - no redirects (a 3xx is an error naming the Location host), no
 *     cookies, no netrc, http and https only, and plain http only to
 *     loopback addresses so a credential never crosses a network in
 *     the clear;
 *   - a cap on the (decoded) response size;
 *   - cancellation: the account's cancel flag is checked while the
 *     transfer runs and while waiting, so a slot returns promptly.
 *
 * Retries.  Idempotent requests are retried on timeouts, connection
 * errors and 5xx with exponential backoff and full jitter (500 ms base,
 * 8 s cap), up to max_tries attempts.  Any request answered 429 waits as
 * Retry-After (seconds or an HTTP date) or the platform's reset header
 * says and tries again, within a total wait budget.  A request that is
 * not idempotent (a POST that creates a note) is retried only when it
 * certainly never left (connect or resolve failure); when it may have
 * been sent and then failed, the result is TIX_ERR_NETWORK with
 * resp->maybe_sent set so the caller can look before sending again.
 *
 * Secrets.  Credentials are set per client, kept in memory wiped on
 * free, sent only in the Authorization header, and never logged: the
 * debug log gets method, path (without the query), status, size and
 * timings, never headers.  Messages built from response bodies are
 * sanitized, single-line, clipped, and scrubbed of the credentials.
 */
#ifndef TIX_HTTP_H
#define TIX_HTTP_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/error.h"

#define HTTP_CONNECT_TIMEOUT	10	/* seconds */
#define HTTP_TIMEOUT		60	/* seconds, one whole attempt */
#define HTTP_IDLE_TIMEOUT	20	/* seconds without a byte */
#define HTTP_MAX_TRIES		4	/* attempts for idempotent requests */
#define HTTP_MAX_WAIT		120	/* seconds of 429 waits, in total */
#define HTTP_BACKOFF_BASE_MS	500
#define HTTP_BACKOFF_CAP_MS	8000
#define HTTP_MAX_REASON		200	/* bytes of a platform's reason */

struct http_client;

/*
 * Sleep for ms milliseconds, or less if *cancel becomes true (cancel may
 * be NULL).  Returns false when cancelled.  The default sleeps in short
 * slices with nanosleep and checks the flag between them.
 */
typedef bool	(*http_sleep_fn)(void *arg, unsigned ms,
		    const atomic_bool *cancel);
/* Wall-clock time, for HTTP dates and epoch reset headers. */
typedef time_t	(*http_now_fn)(void *arg);

struct http_options {
	/* "https://acme.zendesk.com" or with a path prefix; required. */
	const char		*base_url;
	/* PEM file of CAs to trust instead of the system's; may be NULL. */
	const char		*ca_file;
	/* A name for the debug log ("acme"); may be NULL. */
	const char		*log_name;
	long			 connect_timeout;  /* 0: HTTP_CONNECT_TIMEOUT */
	long			 timeout;	   /* 0: HTTP_TIMEOUT */
	long			 idle_timeout;	   /* 0: HTTP_IDLE_TIMEOUT */
	size_t			 max_body;	   /* 0: TIX_MAX_HTTP_BODY */
	unsigned		 max_tries;	   /* 0: HTTP_MAX_TRIES */
	unsigned		 max_wait;	   /* 0: HTTP_MAX_WAIT */
	/* The account's cancel flag; may be NULL. */
	const atomic_bool	*cancel;
	/* Injected for tests; NULL for the real clock and nanosleep. */
	http_sleep_fn		 sleep;
	http_now_fn		 now;
	void			*clock_arg;
};

struct http_request {
	const char		*method;	/* "GET", "POST", "PUT", ... */
	/*
	 * "/api/v2/tickets.json?page[size]=100", joined to the base URL,
	 * or an absolute URL (a "next" link) on the base's own scheme,
	 * host and port.
	 */
	const char		*path;
	/* Extra "Name: value" headers, NULL-terminated; may be NULL. */
	const char *const	*headers;
	const char		*body;		/* may be NULL */
	size_t			 body_len;
	const char		*content_type;	/* NULL: application/json */
	/* Safe to repeat.  GET and HEAD always are. */
	bool			 idempotent;
};

struct http_header {
	char	*name;
	char	*value;		/* repeated headers joined with ", " */
};

/*
 * A response.  Filled for every answer from the server, 2xx or not (an
 * adapter may read a 409 body); the caller always calls
 * http_response_done().  Header values are raw server text: sanitize
 * before showing them.
 */
struct http_response {
	long			 status;	/* 0: no answer */
	char			*body;		/* NUL-terminated; "" if none */
	size_t			 body_len;
	struct http_header	*headers;
	size_t			 nheaders;

	/* Pointers into headers, or NULL when absent. */
	const char		*content_type;
	const char		*link;
	const char		*retry_after;
	const char		*location;
	/*
	 * From X-Rate-Limit-*, X-RateLimit-* or RateLimit-*; -1 when the
	 * platform did not say.
	 */
	long			 rate_limit;
	long			 rate_remaining;

	/*
	 * A request that is not idempotent failed after it may have
	 * reached the platform (timeout, dropped connection, 5xx): its
	 * effect is unknown.
	 */
	bool			 maybe_sent;
	unsigned		 tries;		/* attempts made */
	unsigned		 waited_ms;	/* spent waiting between them */
};

/* Once in main, before any thread starts; fatal on failure. */
void		 http_global_init(void);
void		 http_global_cleanup(void);

/*
 * A client for one account.  options->base_url is checked on the first
 * request (a bad one fails every request with TIX_ERR_INVALID); see
 * http_check_base_url() to check it earlier.
 */
struct http_client *http_client_new(const struct http_options *);
/* Close connections, wipe credentials, free; *cp becomes NULL. */
void		 http_client_free(struct http_client **cp);

/* Send "Authorization: Basic base64(user:password)". */
void		 http_client_set_basic(struct http_client *, const char *user,
		    const char *password);
/* Send "Authorization: Bearer token". */
void		 http_client_set_bearer(struct http_client *,
		    const char *token);

/*
 * Check a base URL: http or https, a host, no user name or password, no
 * query or fragment, plain http only to a loopback host.
 */
enum tix_err	 http_check_base_url(const char *url, char **cause);

/*
 * Send req, retrying as described above, and fill *resp.  TIX_OK for a
 * 2xx answer.  Otherwise:
 *   401 AUTH, 403 FORBIDDEN, 404/410 NOT_FOUND, 409/412 CONFLICT,
 *   400/422 and other 4xx INVALID, 429 RATE_LIMITED (after waiting),
 *   5xx SERVER, 3xx INVALID ("redirected to HOST"), transport
 *   failures NETWORK, a body over the cap TOO_LARGE, cancel CANCELLED;
 * with *cause set to a one-line message like
 * "HTTP 422: Validation failed: priority: It should be one of ...".
 */
enum tix_err	 http_request(struct http_client *,
		    const struct http_request *, struct http_response *,
		    char **cause);

/* A header of the response by name (any case), or NULL. */
const char	*http_response_header(const struct http_response *,
		    const char *name);
/* Free what the response holds; it can be reused. */
void		 http_response_done(struct http_response *);

/* Percent-encode all but RFC 3986 unreserved characters (for queries). */
char		*http_url_escape(const char *);
/*
 * The value of query argument name in a path or URL ("/x?a=1&b=2"),
 * percent-decoded and with '+' as a space, or NULL when it is absent.
 * The first of repeated arguments wins; the fragment is not searched.
 */
char		*http_query_arg(const char *url, const char *name);
/*
 * Query argument name as a decimal number in [min, max] into *out; false
 * (and *out untouched) when it is absent or not such a number.
 */
bool		 http_query_number(const char *url, const char *name,
		    long min, long max, long *out);
/*
 * The URL of the rel="next" link in a Link header (RFC 8288: "<url>;
 * rel=\"next\", <url>; rel=\"last\""; rel may list several types, in any
 * case, quoted or not), or NULL when there is none, link is NULL or the
 * header is malformed.
 */
char		*http_link_next(const char *link);
/*
 * The web UI's origin for an API base such as "https://x.example/api/v2":
 * the base without trailing slashes and without a final "/api/v2".
 */
char		*http_web_origin(const char *api_base);

/*
 * The one-line reason in an error body, as the platforms send them
 * (Zendesk, Freshdesk, ServiceNow, Jira, Intercom, generic "message"),
 * sanitized and clipped; NULL when there is none.  Exposed for tests.
 */
char		*http_error_reason(const char *body, size_t len,
		    const char *content_type);

#endif
