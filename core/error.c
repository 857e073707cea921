/* Error names and the cause helper. */

#include "config.h"

#include "core/error.h"

#include <stdarg.h>
#include <stdlib.h>

static const char *const tix_err_names[] = {
	[TIX_OK] = "ok",
	[TIX_ERR_AUTH] = "authentication failed",
	[TIX_ERR_FORBIDDEN] = "forbidden",
	[TIX_ERR_NOT_FOUND] = "not found",
	[TIX_ERR_CONFLICT] = "conflict",
	[TIX_ERR_RATE_LIMITED] = "rate limited",
	[TIX_ERR_UNSUPPORTED] = "unsupported",
	[TIX_ERR_INVALID] = "invalid",
	[TIX_ERR_NETWORK] = "network error",
	[TIX_ERR_SERVER] = "server error",
	[TIX_ERR_PARSE] = "bad response",
	[TIX_ERR_TOO_LARGE] = "too large",
	[TIX_ERR_IO] = "i/o error",
	[TIX_ERR_CANCELLED] = "cancelled",
};

const char *
tix_err_name(enum tix_err err)
{
	if ((size_t)err >= sizeof tix_err_names / sizeof tix_err_names[0] ||
	    tix_err_names[err] == NULL)
		return "unknown error";
	return tix_err_names[err];
}

enum tix_err
tix_fail(char **cause, enum tix_err err, const char *fmt, ...)
{
	va_list	ap;

	if (cause != NULL) {
		free(*cause);
		va_start(ap, fmt);
		*cause = xvasprintf(fmt, ap);
		va_end(ap);
	}
	return err;
}
