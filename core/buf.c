/* Capped dynamic buffers. */

#include "config.h"

#include "core/buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
buf_init(struct buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->size = 0;
	b->max = max;
}

void
buf_done(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->size = 0;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

enum tix_err
buf_add(struct buf *b, const void *p, size_t n)
{
	size_t	want;

	if (n > b->max || b->len > b->max - n) {
		buf_done(b);
		return TIX_ERR_TOO_LARGE;
	}
	want = b->len + n + 1;
	if (want > b->size) {
		size_t	size = b->size < 64 ? 64 : b->size;

		while (size < want)
			size = size > SIZE_MAX / 2 ? want : size * 2;
		b->data = xrealloc(b->data, size);
		b->size = size;
	}
	if (n != 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return TIX_OK;
}

enum tix_err
buf_add_str(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

enum tix_err
buf_add_printf(struct buf *b, const char *fmt, ...)
{
	va_list		 ap;
	char		*s;
	enum tix_err	 err;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	err = buf_add_str(b, s);
	free(s);
	return err;
}

char *
buf_take(struct buf *b)
{
	char	*s;

	s = b->data != NULL ? b->data : xstrdup("");
	b->data = NULL;
	b->len = b->size = 0;
	return s;
}
