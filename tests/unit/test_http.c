/*
 * Tests for core/http against a small libmicrohttpd server on 127.0.0.1
 * inside the test process.  Waits go through an injected sleep that
 * records what was asked and returns at once, so nothing here sleeps
 * for real and the waits themselves are asserted.
 */

#include "config.h"

#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <microhttpd.h>

#include "core/buf.h"
#include "core/http.h"

#define TEST_TOKEN	"tok-S3CRET-0123456789"
#define TEST_PASSWORD	"pw-S3CRET-abcdef"
#define TEST_NOW	((time_t)1700000000)	/* 2023-11-14 22:13:20 UTC */

/* {"text":"compressible compressible ..."} (200 times), gzipped. */
static const unsigned char gzip_body[] =
	"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\xab\x56\x2a\x49\xad\x28"
	"\x51\xb2\x52\x4a\xce\xcf\x2d\x28\x4a\x2d\x2e\xce\x4c\xca\x49\x55"
	"\x18\xe5\x8c\x72\x46\x39\xa3\x9c\x51\xce\x28\x67\x94\x33\xca\x19"
	"\xe5\x8c\x72\xa0\x1c\xa5\x5a\x00\x15\xd4\xb7\xa7\x33\x0a\x00\x00";

/*
 * A self-signed certificate for 127.0.0.1 and localhost (100 years) and
 * its key, made for this test only and trusted nowhere else.
 */
static const char tls_cert[] =
	"-----BEGIN CERTIFICATE-----\n"
	"MIIBmTCCAT+gAwIBAgIUHH5NXwTlIjSbyFbu79iL6rjjBwMwCgYIKoZIzj0EAwIw\n"
	"EzERMA8GA1UEAwwIdGl4IHRlc3QwIBcNMjYxMTIxMDIxMTU0WhgPMjEyNjEwMjgw\n"
	"MjExNTRaMBMxETAPBgNVBAMMCHRpeCB0ZXN0MFkwEwYHKoZIzj0CAQYIKoZIzj0D\n"
	"AQcDQgAEHJbUEzo/JCyMQ+csxbdeF1TAfix1RiYX9WTMyzx2RvF0qjiH4myqPSjj\n"
	"GW8Qul9HooUU205la7Bdzd98JDYOgKNvMG0wHQYDVR0OBBYEFKSATN8SwnsdKTXr\n"
	"Kdw6Es178WhtMB8GA1UdIwQYMBaAFKSATN8SwnsdKTXrKdw6Es178WhtMA8GA1Ud\n"
	"EwEB/wQFMAMBAf8wGgYDVR0RBBMwEYcEfwAAAYIJbG9jYWxob3N0MAoGCCqGSM49\n"
	"BAMCA0gAMEUCIEfZ9+cHd5C7Sai9q01N03UozhTHvqhpmjCz9gVvCpirAiEA2h0E\n"
	"2JQgopHM9+2OIBuMuChG2n4UZkjciRrNbjxoUI0=\n"
	"-----END CERTIFICATE-----\n";
static const char tls_key[] =
	"-----BEGIN PRIVATE KEY-----\n"
	"MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgAZzjMUAIJMf+0WSX\n"
	"TxbtkQVc/9l+UoULYcPsh6nTEkOhRANCAAQcltQTOj8kLIxD5yzFt14XVMB+LHVG\n"
	"Jhf1ZMzLPHZG8XSqOIfibKo9KOMZbxC6X0eihRTbTmVrsF3N33wkNg6A\n"
	"-----END PRIVATE KEY-----\n";

/* The server, shared with its threads. */
static struct {
	struct MHD_Daemon	*daemon;
	unsigned short		 port;
	atomic_uint		 connections;	/* accepted */
	atomic_uint		 hits;		/* requests answered */
	atomic_uint		 fail_left;	/* failures before success */
	atomic_bool		 release;	/* let /slow finish */
	atomic_bool		*cancel;	/* set by /slow */
	pthread_mutex_t		 lock;
	char			 auth[512];	/* last Authorization */
	char			 agent[128];	/* last User-Agent */
	char			 encoding[128];	/* last Accept-Encoding */
	char			 method[16];
	char			 retry_date[64];
	size_t			 uploaded;
} srv = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* The injected clock: records each wait. */
static struct {
	unsigned	 waits[64];
	unsigned	 n;
	atomic_bool	*cancel_in_sleep;	/* set this while sleeping */
} fake;

static atomic_bool	cancel_flag;
static char		test_base[64];

/* Record the wait; optionally cancel; never sleep. */
static bool
fake_sleep(void *arg, unsigned ms, const atomic_bool *cancel)
{
	if (fake.n < sizeof fake.waits / sizeof fake.waits[0])
		fake.waits[fake.n++] = ms;
	if (fake.cancel_in_sleep != NULL)
		atomic_store(fake.cancel_in_sleep, true);
	return cancel == NULL || !atomic_load(cancel);
}

/* A fixed wall clock, so dates and reset times are exact. */
static time_t
fake_now(void *arg)
{
	return TEST_NOW;
}

/* Copy a request header into dst (under the lock). */
static void
srv_copy_header(struct MHD_Connection *conn, const char *name, char *dst,
    size_t size)
{
	const char	*v;

	v = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, name);
	xsnprintf(dst, size, "%s", v != NULL ? v : "");
}

/* Queue a response with optional "Name: value" header pairs. */
static enum MHD_Result
srv_reply(struct MHD_Connection *conn, unsigned status, const char *type,
    const void *body, size_t len, ...)
{
	struct MHD_Response	*r;
	enum MHD_Result		 ret;
	va_list			 ap;
	const char		*name, *value;

	r = MHD_create_response_from_buffer(len, (void *)(uintptr_t)body,
	    MHD_RESPMEM_MUST_COPY);
	if (type != NULL)
		MHD_add_response_header(r, "Content-Type", type);
	va_start(ap, len);
	for (name = va_arg(ap, const char *); name != NULL;
	    name = va_arg(ap, const char *)) {
		value = va_arg(ap, const char *);
		MHD_add_response_header(r, name, value);
	}
	va_end(ap);
	ret = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return ret;
}

#define JSON	"application/json; charset=utf-8"
#define REPLY(conn, status, body, ...) \
	srv_reply(conn, status, JSON, body, strlen(body), __VA_ARGS__)

/* An endless-size body of 'x', 4096 bytes in all, sent chunked. */
static ssize_t
srv_chunked(void *cls, uint64_t pos, char *buf, size_t max)
{
	if (pos >= 4096)
		return MHD_CONTENT_READER_END_OF_STREAM;
	if (max > 512)
		max = 512;
	memset(buf, 'x', max);
	return (ssize_t)max;
}

/* Take one failure from the budget: true while failures are left. */
static bool
srv_take_failure(void)
{
	unsigned	left = atomic_load(&srv.fail_left);

	while (left > 0) {
		if (atomic_compare_exchange_weak(&srv.fail_left, &left,
		    left - 1))
			return true;
	}
	return false;
}

/* Route a request to its canned behaviour. */
static enum MHD_Result
srv_handler(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **req_cls)
{
	static int		 marker;
	struct MHD_Response	*r;
	enum MHD_Result		 ret;
	char			 body[600];
	int			 i;

	if (*req_cls == NULL) {
		*req_cls = &marker;
		pthread_mutex_lock(&srv.lock);
		srv.uploaded = 0;
		pthread_mutex_unlock(&srv.lock);
		return MHD_YES;
	}
	if (*upload_data_size != 0) {
		pthread_mutex_lock(&srv.lock);
		srv.uploaded += *upload_data_size;
		pthread_mutex_unlock(&srv.lock);
		*upload_data_size = 0;
		return MHD_YES;
	}

	pthread_mutex_lock(&srv.lock);
	srv_copy_header(conn, "Authorization", srv.auth, sizeof srv.auth);
	srv_copy_header(conn, "User-Agent", srv.agent, sizeof srv.agent);
	srv_copy_header(conn, "Accept-Encoding", srv.encoding,
	    sizeof srv.encoding);
	xsnprintf(srv.method, sizeof srv.method, "%s", method);
	pthread_mutex_unlock(&srv.lock);
	atomic_fetch_add(&srv.hits, 1);

	if (strcmp(url, "/ok") == 0) {
		return REPLY(conn, 200, "{\"ok\":true}",
		    "X-RateLimit-Remaining", "41",
		    "Link", "<http://x/2>; rel=\"next\"",
		    "link", "<http://x/9>; rel=\"last\"", NULL);
	}
	if (strcmp(url, "/gzip") == 0) {
		return srv_reply(conn, 200, JSON, gzip_body,
		    sizeof gzip_body - 1, "Content-Encoding", "gzip", NULL);
	}
	if (strcmp(url, "/big") == 0) {
		memset(body, 'x', sizeof body);
		return srv_reply(conn, 200, "text/plain", body, sizeof body,
		    NULL);
	}
	if (strcmp(url, "/bigchunked") == 0) {
		r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 512,
		    srv_chunked, NULL, NULL);
		ret = MHD_queue_response(conn, 200, r);
		MHD_destroy_response(r);
		return ret;
	}
	if (strcmp(url, "/flaky") == 0) {
		if (srv_take_failure()) {
			return REPLY(conn, 503, "{\"error\":\"Unavailable\","
			    "\"description\":\"Try later\"}", NULL);
		}
		return REPLY(conn, 200, "{\"ok\":true}", NULL);
	}
	if (strcmp(url, "/down") == 0) {
		return REPLY(conn, 500, "{\"error\":\"InternalError\","
		    "\"description\":\"Database unavailable\"}", NULL);
	}
	if (strcmp(url, "/limited") == 0) {
		if (srv_take_failure()) {
			return srv_reply(conn, 429, "text/plain",
			    "Too many requests\n", 18, "Retry-After", "2",
			    "X-Rate-Limit", "700", "X-Rate-Limit-Remaining",
			    "0", NULL);
		}
		return REPLY(conn, 200, "{}", "X-Rate-Limit", "700",
		    "X-Rate-Limit-Remaining", "699", NULL);
	}
	if (strcmp(url, "/limited-reset") == 0) {
		if (srv_take_failure()) {
			return REPLY(conn, 429, "{\"type\":\"error.list\","
			    "\"errors\":[{\"code\":\"rate_limit_exceeded\","
			    "\"message\":\"Exceeded rate limit\"}]}",
			    "X-RateLimit-Reset", "1700000005", NULL);
		}
		return REPLY(conn, 200, "{}", NULL);
	}
	if (strcmp(url, "/limited-delta") == 0) {
		if (srv_take_failure()) {
			return REPLY(conn, 429, "{}", "ratelimit-reset", "7",
			    NULL);
		}
		return REPLY(conn, 200, "{}", NULL);
	}
	if (strcmp(url, "/limited-date") == 0) {
		if (srv_take_failure()) {
			return REPLY(conn, 429, "{}", "Retry-After",
			    srv.retry_date, NULL);
		}
		return REPLY(conn, 200, "{}", NULL);
	}
	if (strcmp(url, "/limited-long") == 0) {
		return REPLY(conn, 429, "{\"message\":\"slow down\"}",
		    "Retry-After", "300", NULL);
	}
	if (strcmp(url, "/auth") == 0) {
		return REPLY(conn, 401,
		    "{\"error\":\"Couldn't authenticate you\"}", NULL);
	}
	if (strcmp(url, "/echo-auth") == 0) {
		pthread_mutex_lock(&srv.lock);
		xsnprintf(body, sizeof body, "{\"error\":{\"title\":\"Bad "
		    "credentials\",\"message\":\"got %s\"}}", srv.auth);
		pthread_mutex_unlock(&srv.lock);
		return REPLY(conn, 403, body, NULL);
	}
	if (strcmp(url, "/echo-password") == 0) {
		return REPLY(conn, 401, "{\"error\":\"wrong password "
		    TEST_PASSWORD "\"}", NULL);
	}
	if (strcmp(url, "/invalid") == 0) {
		return REPLY(conn, 400, "{\"description\":\"Validation "
		    "failed\",\"errors\":[{\"field\":\"priority\",\"message\":"
		    "\"It should be one of these values: '1,2,3,4'\",\"code\":"
		    "\"invalid_value\"}]}", NULL);
	}
	if (strcmp(url, "/conflict") == 0) {
		return REPLY(conn, 409, "{\"error\":\"UpdateConflict\","
		    "\"description\":\"Safe Update prevented the update due "
		    "to outdated ticket data.\"}", NULL);
	}
	if (strcmp(url, "/hostile") == 0) {
		i = xsnprintf(body, sizeof body, "{\"message\":\"\\u001b]0;"
		    "pwned\\u0007evil\\u001b[2J\\nline2 ");
		while ((size_t)i < sizeof body - 4)
			body[i++] = 'z';
		memcpy(body + i, "\"}", 3);
		return REPLY(conn, 422, body, NULL);
	}
	if (strcmp(url, "/html") == 0) {
		return srv_reply(conn, 502, "text/html",
		    "<html><body>Bad gateway</body></html>", 37, NULL);
	}
	if (strcmp(url, "/drop") == 0)
		return MHD_NO;
	if (strcmp(url, "/dropfirst") == 0) {
		if (srv_take_failure())
			return MHD_NO;
		return REPLY(conn, 200, "{\"ok\":true}", NULL);
	}
	if (strcmp(url, "/slow") == 0) {
		atomic_store(srv.cancel, true);
		for (i = 0; i < 500 && !atomic_load(&srv.release); i++)
			usleep(10000);
		return REPLY(conn, 200, "{}", NULL);
	}
	if (strcmp(url, "/silent") == 0) {
		/* Takes the request and says nothing, until released. */
		for (i = 0; i < 300 && !atomic_load(&srv.release); i++)
			usleep(10000);
		return REPLY(conn, 200, "{}", NULL);
	}
	if (strcmp(url, "/redirect-bad") == 0) {
		return REPLY(conn, 302, "", "Location", "http://[bad", NULL);
	}
	if (strcmp(url, "/redirect") == 0) {
		return REPLY(conn, 302, "", "Location",
		    "https://evil.example.com/login", NULL);
	}
	if (strcmp(url, "/created") == 0)
		return REPLY(conn, 201, "{\"id\":1}", NULL);
	if (strcmp(url, "/empty") == 0)
		return srv_reply(conn, 204, NULL, "", 0, NULL);
	return REPLY(conn, 404, "{\"error\":\"RecordNotFound\","
	    "\"description\":\"Not found\"}", NULL);
}

/* Count connections as the server accepts them. */
static void
srv_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
    enum MHD_ConnectionNotificationCode code)
{
	if (code == MHD_CONNECTION_NOTIFY_STARTED)
		atomic_fetch_add(&srv.connections, 1);
}

/* Start the server on 127.0.0.1, port 0 (any free port). */
static int
srv_start(void **state)
{
	struct sockaddr_in	 sin;
	const union MHD_DaemonInfo *info;

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = 0;
	srv.daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD|
	    MHD_USE_THREAD_PER_CONNECTION, 0, NULL, NULL, srv_handler, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
	    MHD_OPTION_NOTIFY_CONNECTION, srv_notify, NULL,
	    MHD_OPTION_END);
	if (srv.daemon == NULL)
		return -1;
	info = MHD_get_daemon_info(srv.daemon, MHD_DAEMON_INFO_BIND_PORT);
	if (info == NULL || info->port == 0)
		return -1;
	srv.port = info->port;
	srv.cancel = &cancel_flag;
	xsnprintf(test_base, sizeof test_base, "http://127.0.0.1:%u",
	    (unsigned)srv.port);
	return 0;
}

/* Let a held /slow finish and stop the server. */
static int
srv_stop(void **state)
{
	atomic_store(&srv.release, true);
	MHD_stop_daemon(srv.daemon);
	return 0;
}

/* A copy of a string the server saw last, read under its lock. */
static const char *
srv_last(const char *field)
{
	static char	copy[512];

	pthread_mutex_lock(&srv.lock);
	xsnprintf(copy, sizeof copy, "%s", field);
	pthread_mutex_unlock(&srv.lock);
	return copy;
}

/* Bytes of the last request body, read under the lock. */
static size_t
srv_uploaded(void)
{
	size_t	n;

	pthread_mutex_lock(&srv.lock);
	n = srv.uploaded;
	pthread_mutex_unlock(&srv.lock);
	return n;
}

/* Reset counters and the fake clock before each test. */
static int
setup(void **state)
{
	atomic_store(&srv.connections, 0);
	atomic_store(&srv.hits, 0);
	atomic_store(&srv.fail_left, 0);
	atomic_store(&srv.release, false);
	atomic_store(&cancel_flag, false);
	memset(&fake, 0, sizeof fake);
	return 0;
}

/* A client on the test server with the fake clock. */
static struct http_client *
test_client(size_t max_body)
{
	struct http_options	o;

	memset(&o, 0, sizeof o);
	o.base_url = test_base;
	o.log_name = "test";
	o.max_body = max_body;
	o.cancel = &cancel_flag;
	o.sleep = fake_sleep;
	o.now = fake_now;
	return http_client_new(&o);
}

/* Send method path (body optional) and return the result. */
static enum tix_err
test_send(struct http_client *c, const char *method, const char *path,
    const char *body, struct http_response *resp, char **cause)
{
	struct http_request	req;

	memset(&req, 0, sizeof req);
	req.method = method;
	req.path = path;
	req.body = body;
	req.body_len = body != NULL ? strlen(body) : 0;
	return http_request(c, &req, resp, cause);
}

/* A plain GET: body, headers, user agent and bearer token arrive. */
static void
test_get_ok(void **state)
{
	struct http_client	*c = test_client(0);
	struct http_response	 resp;
	char			*cause = NULL;

	http_client_set_bearer(c, TEST_TOKEN);
	assert_int_equal(test_send(c, "GET", "/ok", NULL, &resp, &cause),
	    TIX_OK);
	assert_null(cause);
	assert_int_equal(resp.status, 200);
	assert_string_equal(resp.body, "{\"ok\":true}");
	assert_int_equal(resp.body_len, 11);
	assert_string_equal(resp.content_type, JSON);
	assert_string_equal(http_response_header(&resp, "content-type"),
	    JSON);
	assert_string_equal(resp.link, "<http://x/2>; rel=\"next\", "
	    "<http://x/9>; rel=\"last\"");
	assert_int_equal(resp.rate_remaining, 41);
	assert_int_equal(resp.rate_limit, -1);
	assert_null(resp.retry_after);
	assert_int_equal(resp.tries, 1);
	assert_false(resp.maybe_sent);
	assert_string_equal(srv_last(srv.auth), "Bearer " TEST_TOKEN);
	assert_string_equal(srv_last(srv.agent), "tix/" PACKAGE_VERSION);
	assert_string_equal(srv_last(srv.method), "GET");
	http_response_done(&resp);
	assert_null(resp.body);

	/* A 204 has an empty body, not NULL; a 201 is success too. */
	assert_int_equal(test_send(c, "DELETE", "/empty", NULL, &resp,
	    &cause), TIX_OK);
	assert_int_equal(resp.status, 204);
	assert_string_equal(resp.body, "");
	assert_string_equal(srv_last(srv.method), "DELETE");
	http_response_done(&resp);
	assert_int_equal(test_send(c, "POST", "/created", "{\"a\":1}", &resp,
	    &cause), TIX_OK);
	assert_int_equal(resp.status, 201);
	assert_int_equal(srv_uploaded(), 7);
	assert_string_equal(srv_last(srv.method), "POST");
	http_response_done(&resp);
	assert_int_equal(test_send(c, "PUT", "/created", "{}", &resp,
	    &cause), TIX_OK);
	assert_string_equal(srv_last(srv.method), "PUT");
	http_response_done(&resp);
	http_client_free(&c);
	assert_null(c);
	http_client_free(&c);
}

/* Requests on one client share one connection. */
static void
test_keepalive(void **state)
{
	struct http_client	*c = test_client(0);
	struct http_response	 resp;
	int			 i;

	for (i = 0; i < 5; i++) {
		assert_int_equal(test_send(c, "GET", "/ok", NULL, &resp, NULL),
		    TIX_OK);
		http_response_done(&resp);
	}
	assert_int_equal(atomic_load(&srv.hits), 5);
	assert_int_equal(atomic_load(&srv.connections), 1);
	http_client_free(&c);
}

/* A gzip response arrives decoded; the client asked for it. */
static void
test_gzip(void **state)
{
	struct http_client	*c = test_client(0);
	struct http_response	 resp;
	struct buf		 want;
	int			 i;

	buf_init(&want, 4096);
	assert_int_equal(buf_add_str(&want, "{\"text\":\""), TIX_OK);
	for (i = 0; i < 200; i++)
		assert_int_equal(buf_add_str(&want, "compressible "), TIX_OK);
	assert_int_equal(buf_add_str(&want, "\"}"), TIX_OK);
	assert_int_equal(test_send(c, "GET", "/gzip", NULL, &resp, NULL),
	    TIX_OK);
	assert_non_null(strstr(srv_last(srv.encoding), "gzip"));
	assert_int_equal(resp.body_len, want.len);
	assert_string_equal(resp.body, want.data);
	buf_done(&want);
	http_response_done(&resp);
	http_client_free(&c);
}

/* Bodies over the cap fail, announced or not; the client goes on. */
static void
test_size_cap(void **state)
{
	struct http_client	*c = test_client(512);
	struct http_response	 resp;
	char			*cause = NULL;

	assert_int_equal(test_send(c, "GET", "/big", NULL, &resp, &cause),
	    TIX_ERR_TOO_LARGE);
	assert_string_equal(cause, "response larger than 512 bytes");
	assert_int_equal(resp.tries, 1);
	http_response_done(&resp);
	assert_int_equal(test_send(c, "GET", "/bigchunked", NULL, &resp,
	    &cause), TIX_ERR_TOO_LARGE);
	http_response_done(&resp);
	free(cause);
	assert_int_equal(test_send(c, "GET", "/ok", NULL, &resp, NULL),
	    TIX_OK);
	http_response_done(&resp);
	assert_int_equal(fake.n, 0);
	http_client_free(&c);
}

/* 5xx on a GET is retried with jittered backoff, then succeeds. */
static void
test_5xx_retried(void **state)
{
	struct http_client	*c = test_client(0);
	struct http_response	 resp;

	atomic_store(&srv.fail_left, 2);
	assert_int_equal(test_send(c, "GET", "/flaky", NULL, &resp, NULL),
	    TIX_OK);
	assert_int_equal(resp.tries, 3);
	assert_int_equal(atomic_load(&srv.hits), 3);
	assert_int_equal(fake.n, 2);
	assert_in_range(fake.waits[0], 0, HTTP_BACKOFF_BASE_MS);
	assert_in_range(fake.waits[1], 0, 2 * HTTP_BACKOFF_BASE_MS);
	assert_int_equal(resp.waited_ms, fake.waits[0] + fake.waits[1]);
	http_response_done(&resp);
	http_client_free(&c);
}

/* 5xx every time: SERVER with the platform's reason, after N tries. */
static void
test_5xx_exhausted(void **state)
{
	struct http_client	*c = test_client(0);
	struct http_response	 resp;
	char			*cause = NULL;
	unsigned		 i;

	assert_int_equal(test_send(c, "GET", "/down", NULL, &resp, &cause),
	    TIX_ERR_SERVER);
	assert_string_equal(cause, "HTTP 500: Database unavailable (after 4 "
	    "tries)");
	assert_int_equal(atomic_load(&srv.hits), HTTP_MAX_TRIES);
	assert_int_equal(fake.n, HTTP_MAX_TRIES - 1);
	for (i = 0; i < fake.n; i++)
		assert_in_range(fake.waits[i], 0, HTTP_BACKOFF_CAP_MS);
	assert_int_equal(resp.status, 500);
	assert_false(resp.maybe_sent);
	http_response_done(&resp);

	/* An HTML error page says nothing: the status text does. */
	assert_int_equal(test_send(c, "GET", "/html", NULL, &resp, &cause),
	    TIX_ERR_SERVER);
	assert_string_equal(cause, "HTTP 502: Bad Gateway (after 4 tries)");
	http_response_done(&resp);
	free(cause);
	http_client_free(&c);
}

/* 429 + Retry-After: 2 waits exactly 2 s, then succeeds. */
static void
test_429_retry_after(void **state)
{
	struct http_client	*c = test_client(0);
	struct http_response	 resp;
	char			 date[64];
	struct tm		 tm;
	time_t			 t = TEST_NOW + 3;

	atomic_store(&srv.fail_left, 1);
	http_client_set_bearer(c, TEST_TOKEN);
	assert_int_equal(test_send(c, "POST", "/limited", "{}", &resp, NULL),
	    TIX_OK);
	assert_int_equal(fake.n, 1);
	assert_int_equal(fake.waits[0], 2000);
	assert_int_equal(resp.tries, 2);
	assert_int_equal(resp.rate_limit, 700);
	assert_int_equal(resp.rate_remaining, 699);
	http_response_done(&resp);

	/* A reset header with a Unix time: 5 s after the fake now. */
	fake.n = 0;
	atomic_store(&srv.fail_left, 1);
	assert_int_equal(test_send(c, "GET", "/limited-reset", NULL, &resp,
	    NULL), TIX_OK);
	assert_int_equal(fake.n, 1);
	assert_int_equal(fake.waits[0], 5000);
	http_response_done(&resp);

	/* A reset header in seconds from now. */
	fake.n = 0;
	atomic_store(&srv.fail_left, 1);
	assert_int_equal(test_send(c, "GET", "/limited-delta", NULL, &resp,
	    NULL), TIX_OK);
	assert_int_equal(fake.n, 1);
	assert_int_equal(fake.waits[0], 7000);
	http_response_done(&resp);

	/* Retry-After as an HTTP date, 3 s after the fake now. */
	gmtime_r(&t, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	pthread_mutex_lock(&srv.lock);
	xsnprintf(srv.retry_date, sizeof srv.retry_date, "%s", date);
	pthread_mutex_unlock(&srv.lock);
	fake.n = 0;
	atomic_store(&srv.fail_left, 1);
	assert_int_equal(test_send(c, "GET", "/limited-date", NULL, &resp,
	    NULL), TIX_OK);
	assert_int_equal(fake.n, 1);
	assert_int_equal(fake.waits[0], 3000);
	http_response_done(&resp);
	http_client_free(&c);
}

/* 429s past the wait budget: RATE_LIMITED naming the platform's ask. */
static void
test_429_gives_up(void **state)
{
	struct http_client	*c = test_client(0);
	struct http_response	 resp;
	char			*cause = NULL;

	assert_int_equal(test_send(c, "GET", "/limited-long", NULL, &resp,
	    &cause), TIX_ERR_RATE_LIMITED);
	assert_string_equal(cause, "HTTP 429: slow down; the platform asks "
	    "to wait 300 s");
	assert_int_equal(fake.n, 0);
	assert_string_equal(resp.retry_after, "300");
	http_response_done(&resp);

	/* 2 s at a time, at most 20 tries. */
	atomic_store(&srv.fail_left, 1000);
	assert_int_equal(test_send(c, "GET", "/limited", NULL, &resp,
	    &cause), TIX_ERR_RATE_LIMITED);
	assert_int_equal(fake.n, 19);
	assert_string_equal(cause, "HTTP 429: Too many requests; still "
	    "limited after waiting 38 s");
	http_response_done(&resp);
	free(cause);
	http_client_free(&c);
}

/* 4xx: mapped, not retried, with the platform's own words. */
static void
test_4xx(void **state)
{
	struct http_client	*c = test_client(0);
	struct http_response	 resp;
	char			*cause = NULL;

	assert_int_equal(test_send(c, "GET", "/auth", NULL, &resp, &cause),
	    TIX_ERR_AUTH);
	assert_string_equal(cause, "HTTP 401: Couldn't authenticate you");
	assert_int_equal(atomic_load(&srv.hits), 1);
	http_response_done(&resp);

	assert_int_equal(test_send(c, "PUT", "/invalid", "{}", &resp,
	    &cause), TIX_ERR_INVALID);
	assert_string_equal(cause, "HTTP 400: Validation failed: priority: "
	    "It should be one of these values: '1,2,3,4'");
	http_response_done(&resp);

	assert_int_equal(test_send(c, "PUT", "/conflict", "{}", &resp,
	    &cause), TIX_ERR_CONFLICT);
	assert_string_equal(cause, "HTTP 409: Safe Update prevented the "
	    "update due to outdated ticket data.");
	/* The body stays readable for the adapter. */
	assert_non_null(strstr(resp.body, "UpdateConflict"));
	http_response_done(&resp);

	assert_int_equal(test_send(c, "GET", "/nope", NULL, &resp, &cause),
	    TIX_ERR_NOT_FOUND);
	assert_string_equal(cause, "HTTP 404: Not found");
	http_response_done(&resp);

	assert_int_equal(test_send(c, "GET", "/redirect", NULL, &resp,
	    &cause), TIX_ERR_INVALID);
	assert_string_equal(cause, "HTTP 302: redirected to evil.example.com;"
	    " tix does not follow redirects (check the account's url)");
	http_response_done(&resp);
	assert_int_equal(test_send(c, "GET", "/redirect-bad", NULL, &resp,
	    &cause), TIX_ERR_INVALID);
	assert_string_equal(cause, "HTTP 302: redirected to a Location tix "
	    "cannot read; tix does not follow redirects (check the account's "
	    "url)");
	http_response_done(&resp);
	assert_int_equal(atomic_load(&srv.hits), 6);
	assert_int_equal(fake.n, 0);
	free(cause);
	http_client_free(&c);
}

/* Terminal escapes and newlines in a reason are gone; it is clipped. */
static void
test_hostile_reason(void **state)
{
	struct http_client	*c = test_client(0);
	struct http_response	 resp;
	char			*cause = NULL;
	const char		*p;

	assert_int_equal(test_send(c, "GET", "/hostile", NULL, &resp,
	    &cause), TIX_ERR_INVALID);
	for (p = cause; *p != '\0'; p++) {
		assert_true((unsigned char)*p >= 0x20);
		assert_true(*p != 0x7f);
	}
	assert_non_null(strstr(cause, "HTTP 422: evil line2 zzz"));
	assert_null(strstr(cause, "pwned"));
	assert_true(strlen(cause) <= strlen("HTTP 422: ") +
	    HTTP_MAX_REASON + 3);
	assert_string_equal(cause + strlen(cause) - 3, "...");
	http_response_done(&resp);
	free(cause);
	http_client_free(&c);
}

/* Basic auth reaches the server, and never a message. */
static void
test_auth_not_in_cause(void **state)
{
	struct http_client	*c = test_client(0);
	struct http_response	 resp;
	char			*cause = NULL, *b64;

	http_client_set_basic(c, "agent@example.com/token", TEST_PASSWORD);
	assert_int_equal(test_send(c, "GET", "/echo-auth", NULL, &resp,
	    &cause), TIX_ERR_FORBIDDEN);
	/* base64("agent@example.com/token:pw-S3CRET-abcdef") */
	b64 = xstrdup("YWdlbnRAZXhhbXBsZS5jb20vdG9rZW46cHctUzNDUkVULWFiY2RlZg"
	    "==");
	assert_string_equal(srv_last(srv.auth), "Basic "
	    "YWdlbnRAZXhhbXBsZS5jb20vdG9rZW46cHctUzNDUkVULWFiY2RlZg==");
	assert_null(strstr(cause, TEST_PASSWORD));
	assert_null(strstr(cause, b64));
	assert_null(strstr(cause, "S3CRET"));
	assert_string_equal(cause, "HTTP 403: Bad credentials: got Basic ***");
	free(b64);
	http_response_done(&resp);
	assert_int_equal(test_send(c, "GET", "/echo-password", NULL, &resp,
	    &cause), TIX_ERR_AUTH);
	assert_string_equal(cause, "HTTP 401: wrong password ***");
	http_response_done(&resp);

	http_client_set_bearer(c, TEST_TOKEN);
	assert_int_equal(test_send(c, "GET", "/echo-auth", NULL, &resp,
	    &cause), TIX_ERR_FORBIDDEN);
	assert_string_equal(srv_last(srv.auth), "Bearer " TEST_TOKEN);
	assert_null(strstr(cause, "S3CRET"));
	http_response_done(&resp);
	free(cause);
	http_client_free(&c);
}

/* A POST answered 5xx is not retried: its effect is unknown. */
static void
test_post_not_retried(void **state)
{
	struct http_client	*c = test_client(0);
	struct http_response	 resp;
	char			*cause = NULL;

	assert_int_equal(test_send(c, "POST", "/down", "{\"note\":1}", &resp,
	    &cause), TIX_ERR_SERVER);
	assert_int_equal(atomic_load(&srv.hits), 1);
	assert_int_equal(fake.n, 0);
	assert_true(resp.maybe_sent);
	assert_string_equal(cause, "HTTP 500: Database unavailable; the "
	    "platform may have acted on it");
	http_response_done(&resp);
	free(cause);
	http_client_free(&c);
}

/* A dropped POST: NETWORK, outcome unknown, sent once. */
static void
test_post_dropped(void **state)
{
	struct http_client	*c = test_client(0);
	struct http_response	 resp;
	char			*cause = NULL;

	/* A warm connection first: the POST must not reuse it blindly. */
	assert_int_equal(test_send(c, "GET", "/ok", NULL, &resp, NULL),
	    TIX_OK);
	http_response_done(&resp);
	assert_int_equal(test_send(c, "POST", "/drop", "{\"note\":1}", &resp,
	    &cause), TIX_ERR_NETWORK);
	assert_true(resp.maybe_sent);
	assert_int_equal(resp.tries, 1);
	assert_int_equal(atomic_load(&srv.hits), 2);
	assert_int_equal(fake.n, 0);
	assert_non_null(strstr(cause, "; the request may have been sent: its "
	    "outcome is unknown"));
	http_response_done(&resp);

	/*
	 * The same for a GET is simply sent again (by libcurl itself when
	 * the connection was a reused one, else by the retry loop).
	 */
	atomic_store(&srv.fail_left, 1);
	assert_int_equal(test_send(c, "GET", "/dropfirst", NULL, &resp,
	    &cause), TIX_OK);
	assert_int_equal(atomic_load(&srv.hits), 4);
	assert_in_range(resp.tries, 1, 2);
	assert_false(resp.maybe_sent);
	http_response_done(&resp);
	free(cause);
	http_client_free(&c);
}

/*
 * A repeatable PUT whose reused connection died: however it was sent
 * again (libcurl on a fresh connection, silently, or the retry loop),
 * tries counts every time the platform received it.
 */
static void
test_put_resend_counted(void **state)
{
	struct http_client	*c = test_client(0);
	struct http_response	 resp;
	struct http_request	 req;
	char			*cause = NULL;
	int			 before;

	assert_int_equal(test_send(c, "GET", "/ok", NULL, &resp, NULL),
	    TIX_OK);
	http_response_done(&resp);
	memset(&req, 0, sizeof req);
	req.method = "PUT";
	req.path = "/dropfirst";
	req.body = "{\"ticket\":{\"priority\":\"high\"}}";
	req.body_len = strlen(req.body);
	req.idempotent = true;
	atomic_store(&srv.fail_left, 1);
	before = atomic_load(&srv.hits);
	assert_int_equal(http_request(c, &req, &resp, &cause), TIX_OK);
	assert_int_equal(atomic_load(&srv.hits) - before, 2);
	assert_int_equal(resp.tries, 2);
	http_response_done(&resp);
	free(cause);
	http_client_free(&c);
}

/* Nothing listening: retried (even a POST: it never left), then fails. */
static void
test_connect_refused(void **state)
{
	struct http_options	 o;
	struct http_client	*c;
	struct http_response	 resp;
	struct sockaddr_in	 sin;
	socklen_t		 len = sizeof sin;
	char			 base[64], *cause = NULL;
	int			 fd;

	/* A port that was free a moment ago. */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof sin), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	close(fd);
	xsnprintf(base, sizeof base, "http://127.0.0.1:%u",
	    (unsigned)ntohs(sin.sin_port));

	memset(&o, 0, sizeof o);
	o.base_url = base;
	o.max_tries = 3;
	o.sleep = fake_sleep;
	o.now = fake_now;
	c = http_client_new(&o);
	assert_int_equal(test_send(c, "POST", "/x", "{}", &resp, &cause),
	    TIX_ERR_NETWORK);
	assert_int_equal(resp.tries, 3);
	assert_int_equal(fake.n, 2);
	assert_false(resp.maybe_sent);
	assert_null(strstr(cause, "outcome is unknown"));
	http_response_done(&resp);
	free(cause);
	http_client_free(&c);
}

/* A server that takes the request and says nothing: one clear line. */
static void
test_no_answer(void **state)
{
	struct http_options	 o;
	struct http_client	*c;
	struct http_response	 resp;
	char			*cause = NULL;

	memset(&o, 0, sizeof o);
	o.base_url = test_base;
	o.idle_timeout = 1;
	o.max_tries = 1;
	o.sleep = fake_sleep;
	c = http_client_new(&o);
	atomic_store(&srv.release, false);
	assert_int_equal(test_send(c, "GET", "/silent", NULL, &resp, &cause),
	    TIX_ERR_NETWORK);
	atomic_store(&srv.release, true);
	assert_string_equal(cause, "no answer from 127.0.0.1 in 1 s");
	http_response_done(&resp);
	http_client_free(&c);
	free(cause);
}

/* The cancel flag stops a stuck request and a wait. */
static void
test_cancel(void **state)
{
	struct http_client	*c = test_client(0);
	struct http_response	 resp;
	char			*cause = NULL;

	assert_int_equal(test_send(c, "GET", "/slow", NULL, &resp, &cause),
	    TIX_ERR_CANCELLED);
	assert_string_equal(cause, "cancelled");
	http_response_done(&resp);
	atomic_store(&srv.release, true);

	/* Cancelled during a 429 wait: no second try. */
	atomic_store(&cancel_flag, false);
	atomic_store(&srv.fail_left, 5);
	atomic_store(&srv.hits, 0);
	fake.cancel_in_sleep = &cancel_flag;
	assert_int_equal(test_send(c, "GET", "/limited", NULL, &resp,
	    &cause), TIX_ERR_CANCELLED);
	assert_int_equal(atomic_load(&srv.hits), 1);
	assert_int_equal(fake.n, 1);
	http_response_done(&resp);

	/* Already cancelled: nothing is sent. */
	assert_int_equal(test_send(c, "GET", "/ok", NULL, &resp, &cause),
	    TIX_ERR_CANCELLED);
	assert_int_equal(atomic_load(&srv.hits), 1);
	http_response_done(&resp);
	free(cause);
	http_client_free(&c);
}

/* Absolute "next" links only to the base's own scheme, host and port. */
static void
test_next_links(void **state)
{
	struct http_client	*c = test_client(0);
	struct http_response	 resp;
	char			 url[128], *cause = NULL;

	xsnprintf(url, sizeof url, "%s/ok?page=2", test_base);
	assert_int_equal(test_send(c, "GET", url, NULL, &resp, &cause),
	    TIX_OK);
	http_response_done(&resp);

	xsnprintf(url, sizeof url, "http://127.0.0.2:%u/ok",
	    (unsigned)srv.port);
	assert_int_equal(test_send(c, "GET", url, NULL, &resp, &cause),
	    TIX_ERR_INVALID);
	assert_string_equal(cause, "refusing a link to another site "
	    "(127.0.0.2)");
	http_response_done(&resp);
	xsnprintf(url, sizeof url, "https://127.0.0.1:%u/ok",
	    (unsigned)srv.port);
	assert_int_equal(test_send(c, "GET", url, NULL, &resp, &cause),
	    TIX_ERR_INVALID);
	http_response_done(&resp);
	xsnprintf(url, sizeof url, "http://127.0.0.1:%u/ok",
	    (unsigned)srv.port + 1);
	assert_int_equal(test_send(c, "GET", url, NULL, &resp, &cause),
	    TIX_ERR_INVALID);
	http_response_done(&resp);
	assert_int_equal(test_send(c, "GET", "ok", NULL, &resp, &cause),
	    TIX_ERR_INVALID);
	http_response_done(&resp);
	assert_int_equal(test_send(c, "GET", "/a b", NULL, &resp, &cause),
	    TIX_ERR_INVALID);
	http_response_done(&resp);
	assert_int_equal(test_send(c, "get", "/ok", NULL, &resp, &cause),
	    TIX_ERR_INVALID);
	http_response_done(&resp);
	assert_int_equal(atomic_load(&srv.hits), 1);
	free(cause);
	http_client_free(&c);
}

/* Base URLs: https anywhere, http only to loopback, no credentials. */
static void
test_base_urls(void **state)
{
	struct http_options	 o;
	struct http_client	*c;
	struct http_response	 resp;
	char			*cause = NULL;

	assert_int_equal(http_check_base_url("https://acme.zendesk.com",
	    &cause), TIX_OK);
	assert_int_equal(http_check_base_url("https://x.example/api/v2/",
	    &cause), TIX_OK);
	assert_int_equal(http_check_base_url("http://localhost:8080",
	    &cause), TIX_OK);
	assert_int_equal(http_check_base_url("http://[::1]:8080", &cause),
	    TIX_OK);
	assert_int_equal(http_check_base_url("http://127.0.0.1:8080/api/v2",
	    &cause), TIX_OK);
	assert_int_equal(http_check_base_url("http://127.9.8.7", &cause),
	    TIX_OK);
	/* Names that look like loopback are names: anyone may own them. */
	assert_int_equal(http_check_base_url("http://127.evil.example/",
	    &cause), TIX_ERR_INVALID);
	assert_int_equal(http_check_base_url("http://[::2]:8080", &cause),
	    TIX_ERR_INVALID);
	assert_int_equal(http_check_base_url("http://acme.zendesk.com",
	    &cause), TIX_ERR_INVALID);
	assert_string_equal(cause, "plain http is only allowed to a loopback "
	    "address; use https://");
	assert_int_equal(http_check_base_url("https://me:" TEST_PASSWORD
	    "@acme.zendesk.com", &cause), TIX_ERR_INVALID);
	assert_string_equal(cause, "a URL must not hold a user name or "
	    "password");
	assert_int_equal(http_check_base_url("ftp://acme.example", &cause),
	    TIX_ERR_INVALID);
	assert_int_equal(http_check_base_url("https://x.example/?a=1",
	    &cause), TIX_ERR_INVALID);
	assert_int_equal(http_check_base_url("acme", &cause),
	    TIX_ERR_INVALID);

	/* A bad base fails every request, without sending anything. */
	memset(&o, 0, sizeof o);
	o.base_url = "http://acme.zendesk.com";
	c = http_client_new(&o);
	assert_int_equal(test_send(c, "GET", "/ok", NULL, &resp, &cause),
	    TIX_ERR_INVALID);
	assert_string_equal(cause, "url: plain http is only allowed to a "
	    "loopback address; use https://");
	http_response_done(&resp);
	http_client_free(&c);
	free(cause);
}

/* TLS is verified: a private CA works only through ca_file. */
static void
test_tls(void **state)
{
	struct MHD_Daemon	*d;
	struct sockaddr_in	 sin;
	const union MHD_DaemonInfo *info;
	struct http_options	 o;
	struct http_client	*c;
	struct http_response	 resp;
	char			 dir[] = "/tmp/tix-test-tls.XXXXXX";
	char			 path[256], base[64], *cause = NULL;
	FILE			*f;

	if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
		skip();
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD|
	    MHD_USE_THREAD_PER_CONNECTION|MHD_USE_TLS, 0, NULL, NULL,
	    srv_handler, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
	    MHD_OPTION_HTTPS_MEM_CERT, tls_cert,
	    MHD_OPTION_HTTPS_MEM_KEY, tls_key, MHD_OPTION_END);
	assert_non_null(d);
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	assert_non_null(info);
	xsnprintf(base, sizeof base, "https://127.0.0.1:%u",
	    (unsigned)info->port);
	assert_non_null(mkdtemp(dir));
	xsnprintf(path, sizeof path, "%s/ca.pem", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(tls_cert, f);
	assert_int_equal(fclose(f), 0);

	memset(&o, 0, sizeof o);
	o.base_url = base;
	o.sleep = fake_sleep;
	o.now = fake_now;

	/* The system's CAs do not know it: refused, not retried. */
	c = http_client_new(&o);
	assert_int_equal(test_send(c, "GET", "/ok", NULL, &resp, &cause),
	    TIX_ERR_NETWORK);
	assert_non_null(strstr(cause, "(TLS verification failed; a private "
	    "CA needs ca_file)"));
	assert_int_equal(resp.tries, 1);
	assert_int_equal(atomic_load(&srv.hits), 0);
	http_response_done(&resp);
	http_client_free(&c);

	/* With ca_file it verifies, and the request goes through. */
	o.ca_file = path;
	c = http_client_new(&o);
	assert_int_equal(test_send(c, "GET", "/ok", NULL, &resp, &cause),
	    TIX_OK);
	assert_string_equal(resp.body, "{\"ok\":true}");
	assert_int_equal(atomic_load(&srv.hits), 1);
	http_response_done(&resp);
	http_client_free(&c);

	MHD_stop_daemon(d);
	unlink(path);
	rmdir(dir);
	free(cause);
}

/* The platforms' error bodies, one line each. */
static void
test_error_reasons(void **state)
{
	static const struct {
		const char	*body;
		const char	*type;
		const char	*want;
	} t[] = {
		/* Zendesk */
		{ "{\"error\":\"RecordInvalid\",\"description\":\"Record "
		  "validation errors\",\"details\":{\"status\":[{\"description"
		  "\":\"Status: closed prevents ticket update\",\"error\":"
		  "\"InvalidValue\"}]}}", NULL, "Record validation errors: "
		  "Status: closed prevents ticket update" },
		{ "{\"error\":{\"title\":\"Forbidden\",\"message\":\"You do "
		  "not have access to this page\"}}", NULL, "Forbidden: You do "
		  "not have access to this page" },
		{ "{\"error\":\"InvalidEndpoint\",\"description\":\"Not "
		  "found\"}", NULL, "Not found" },
		/* Freshdesk */
		{ "{\"code\":\"invalid_credentials\",\"message\":\"You have "
		  "to be logged in to perform this action.\"}", NULL, "You "
		  "have to be logged in to perform this action." },
		{ "{\"description\":\"Validation failed\",\"errors\":[{"
		  "\"field\":\"email\",\"message\":\"It should be a valid "
		  "email address\",\"code\":\"invalid_value\"},{\"field\":"
		  "\"name\",\"message\":\"Missing\",\"code\":\"missing_field"
		  "\"}]}", NULL, "Validation failed: email: It should be a "
		  "valid email address; name: Missing" },
		/* ServiceNow */
		{ "{\"error\":{\"message\":\"No Record found\",\"detail\":"
		  "\"Record doesn't exist\"},\"status\":\"failure\"}", NULL,
		  "No Record found: Record doesn't exist" },
		/* Jira Service Management */
		{ "{\"errorMessages\":[\"Issue does not exist\"],\"errors\":"
		  "{}}", NULL, "Issue does not exist" },
		{ "{\"errorMessages\":[],\"errors\":{\"summary\":\"You must "
		  "specify a summary\"}}", NULL, "summary: You must specify a "
		  "summary" },
		{ "{\"errorMessage\":\"Request type not found\"}", NULL,
		  "Request type not found" },
		/* Intercom */
		{ "{\"type\":\"error.list\",\"errors\":[{\"code\":"
		  "\"unauthorized\",\"message\":\"Access Token Invalid\"}]}",
		  NULL, "Access Token Invalid" },
		/* Plain text and HTML */
		{ "Too Many Requests\r\nmore", "text/plain", "Too Many "
		  "Requests" },
		{ "<html><h1>Oops</h1></html>", "text/html", NULL },
		{ "{\"unrelated\":1}", NULL, NULL },
		{ "", NULL, NULL },
	};
	size_t	 i;
	char	*r;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		r = http_error_reason(t[i].body, strlen(t[i].body), t[i].type);
		if (t[i].want == NULL) {
			if (r != NULL)
				fail_msg("%zu: got '%s'", i, r);
		} else {
			if (r == NULL)
				fail_msg("%zu: got nothing", i);
			assert_string_equal(r, t[i].want);
		}
		free(r);
	}
}

/* Link headers: next among several, absent, and malformed ones. */
static void
test_link_next(void **state)
{
	static const struct {
		const char	*link;
		const char	*next;
	} cases[] = {
		/* Freshdesk */
		{ "<https://a.freshdesk.com/api/v2/tickets?page=2&per_page="
		  "100>; rel=\"next\"",
		  "https://a.freshdesk.com/api/v2/tickets?page=2&per_page="
		  "100" },
		/* GitHub-style lists, and repeated headers joined by ", ". */
		{ "<https://a/x?page=1>; rel=\"prev\", <https://a/x?page=3&"
		  "include=description,stats>; rel=\"next\", <https://a/x?"
		  "page=9>; rel=\"last\"",
		  "https://a/x?page=3&include=description,stats" },
		{ "<https://a/x?page=4>;rel=next", "https://a/x?page=4" },
		{ "<https://a/x?page=5>; title=\"a, b; c\"; REL=\"last next\"",
		  "https://a/x?page=5" },
		{ "<https://a/x?page=6>; rel=\"NEXT\"; type=\"x\"",
		  "https://a/x?page=6" },
		{ "  ,<https://a/x?page=7>\t;\trel = \"next\"",
		  "https://a/x?page=7" },
		{ "<https://a/x?page=1>; rel=\"prev\"", NULL },
		{ "<https://a/x?page=1>; anchor; rel=prev", NULL },
		{ "", NULL },
		{ "https://a/x?page=2; rel=\"next\"", NULL },
		{ "<https://a/x?page=2; rel=\"next\"", NULL },
		{ "<https://a/x?page=2>; rel=\"next", NULL },
		{ "<>; rel=\"next\"", NULL },
		{ "<https://a/x?page=2> rel=\"next\"", NULL },
		{ "<https://a/x?page=2>; rel=\"nextpage\"", NULL },
		{ "<https://a/x?page=2>; rel=\"prev\" <https://a/x?page=3>; "
		  "rel=\"next\"", NULL },
	};
	struct http_client	*c = test_client(0);
	struct http_response	 resp;
	char			*next, *cause = NULL;

	assert_null(http_link_next(NULL));
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		next = http_link_next(cases[i].link);
		if (cases[i].next == NULL) {
			if (next != NULL)
				fail_msg("%zu: got '%s'", i, next);
		} else {
			if (next == NULL)
				fail_msg("%zu: got nothing", i);
			assert_string_equal(next, cases[i].next);
		}
		free(next);
	}

	/* From a real answer with two Link headers. */
	assert_int_equal(test_send(c, "GET", "/ok", NULL, &resp, &cause),
	    TIX_OK);
	next = http_link_next(resp.link);
	assert_string_equal(next, "http://x/2");
	free(next);
	http_response_done(&resp);
	http_client_free(&c);
}

/* Query arguments of a path or URL, percent-decoded. */
static void
test_query_arg(void **state)
{
	static const struct {
		const char	*url;
		const char	*name;
		const char	*want;
	} cases[] = {
		{ "/tickets?updated_since=2026-01-01T00%3A00%3A00Z&page=12",
		  "updated_since", "2026-01-01T00:00:00Z" },
		{ "/tickets?per_page=5&page=12", "page", "12" },
		{ "https://a.freshdesk.com/api/v2/tickets?page=3&per_page=100",
		  "per_page", "100" },
		{ "/search?query=type%3Aticket+status%3Aopen%2fnew", "query",
		  "type:ticket status:open/new" },
		/* Bad or cut escapes stay as they are. */
		{ "/x?q=100%25%zz%4", "q", "100%%zz%4" },
		{ "/x?a=&b=2", "a", "" },
		{ "/x?page=1&page=2", "page", "1" },
		{ "/x?a=1#page=2", "page", NULL },
		{ "/x?page=1#frag", "page", "1" },
		{ "/x?page", "page", NULL },
		{ "/tickets?per_page=5", "page", NULL },
		{ "/tickets", "page", NULL },
		{ "/tickets?xpage=3", "page", NULL },
		{ "/tickets?pag=3", "page", NULL },
		{ "/x?", "page", NULL },
	};
	char	*s;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		s = http_query_arg(cases[i].url, cases[i].name);
		if (cases[i].want == NULL) {
			if (s != NULL)
				fail_msg("%zu: got '%s'", i, s);
		} else {
			if (s == NULL)
				fail_msg("%zu: got nothing", i);
			assert_string_equal(s, cases[i].want);
		}
		free(s);
	}
}

/* A number argument: only whole decimal numbers in range count. */
static void
test_query_number(void **state)
{
	long	v = -1;

	(void)state;
	assert_true(http_query_number("/t?page=300&per_page=2", "page", 1,
	    1000, &v));
	assert_int_equal(v, 300);
	v = -1;
	assert_false(http_query_number("/t?page=3x", "page", 1, 1000, &v));
	assert_false(http_query_number("/t?page=", "page", 1, 1000, &v));
	assert_false(http_query_number("/t?page=0", "page", 1, 1000, &v));
	assert_false(http_query_number("/t?page=99999999999999999999",
	    "page", 1, 1000, &v));
	assert_false(http_query_number("/t?per_page=2", "page", 1, 1000,
	    &v));
	assert_int_equal(v, -1);
}

/* Keep proxies away from 127.0.0.1 and run the tests. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_get_ok, setup),
		cmocka_unit_test_setup(test_keepalive, setup),
		cmocka_unit_test_setup(test_gzip, setup),
		cmocka_unit_test_setup(test_size_cap, setup),
		cmocka_unit_test_setup(test_5xx_retried, setup),
		cmocka_unit_test_setup(test_5xx_exhausted, setup),
		cmocka_unit_test_setup(test_429_retry_after, setup),
		cmocka_unit_test_setup(test_429_gives_up, setup),
		cmocka_unit_test_setup(test_4xx, setup),
		cmocka_unit_test_setup(test_hostile_reason, setup),
		cmocka_unit_test_setup(test_auth_not_in_cause, setup),
		cmocka_unit_test_setup(test_post_not_retried, setup),
		cmocka_unit_test_setup(test_post_dropped, setup),
		cmocka_unit_test_setup(test_put_resend_counted, setup),
		cmocka_unit_test_setup(test_connect_refused, setup),
		cmocka_unit_test_setup(test_no_answer, setup),
		cmocka_unit_test_setup(test_cancel, setup),
		cmocka_unit_test_setup(test_next_links, setup),
		cmocka_unit_test_setup(test_base_urls, setup),
		cmocka_unit_test_setup(test_tls, setup),
		cmocka_unit_test(test_error_reasons),
		cmocka_unit_test_setup(test_link_next, setup),
		cmocka_unit_test(test_query_arg),
		cmocka_unit_test(test_query_number),
	};
	int	rc;

	/* A proxy in the environment must not see the test traffic. */
	setenv("no_proxy", "127.0.0.1,localhost", 1);
	setenv("NO_PROXY", "127.0.0.1,localhost", 1);
	http_global_init();
	rc = cmocka_run_group_tests(tests, srv_start, srv_stop);
	http_global_cleanup();
	return rc;
}
