/*
 * The one error idiom: fallible functions return enum tix_err (TIX_OK is
 * 0) and, when they fail, set *cause to a heap-allocated one-line message
 * that the caller frees.  cause may be NULL when the caller does not want
 * the message.
 */
#ifndef TIX_ERROR_H
#define TIX_ERROR_H

#include "core/xmalloc.h"

enum tix_err {
	TIX_OK = 0,
	TIX_ERR_AUTH,		/* credentials refused */
	TIX_ERR_FORBIDDEN,	/* authenticated, but not allowed */
	TIX_ERR_NOT_FOUND,
	TIX_ERR_CONFLICT,	/* someone else changed it first */
	TIX_ERR_RATE_LIMITED,	/* gave up waiting for the platform */
	TIX_ERR_UNSUPPORTED,	/* the platform cannot do this */
	TIX_ERR_INVALID,	/* bad input: ours or the user's */
	TIX_ERR_NETWORK,	/* connect, TLS, timeout, dropped */
	TIX_ERR_SERVER,		/* 5xx */
	TIX_ERR_PARSE,		/* a response we could not read */
	TIX_ERR_TOO_LARGE,	/* over a size cap */
	TIX_ERR_IO,		/* local file or process */
	TIX_ERR_CANCELLED,
};

/* A short lowercase name for the error: "rate limited". */
const char	*tix_err_name(enum tix_err);

/*
 * Set *cause (if cause is not NULL) to the formatted message and return
 * err, so a failing path reads: return tix_fail(cause, TIX_ERR_X, "...").
 * An earlier *cause is freed.
 */
enum tix_err	 tix_fail(char **cause, enum tix_err err, const char *fmt, ...)
		    TIX_PRINTF(3, 4);

#endif
