/*
 * Capped dynamic buffers.  Every buffer has a maximum size set when it is
 * initialised; growing past it fails with TIX_ERR_TOO_LARGE and frees the
 * buffer, so a hostile peer cannot run tix out of memory.  The contents
 * are always NUL-terminated once anything has been added.
 */
#ifndef TIX_BUF_H
#define TIX_BUF_H

#include <stddef.h>

#include "core/error.h"

/* Named caps, in one place. */
#define TIX_MAX_HTTP_BODY	(64u * 1024 * 1024)	/* one response */
#define TIX_MAX_FIELD		(1u * 1024 * 1024)	/* one text field */
#define TIX_MAX_LINE		(64u * 1024)		/* a config line */
#define TIX_MAX_NOTE		(256u * 1024)		/* a composed note */

struct buf {
	char	*data;		/* NUL-terminated, or NULL when empty */
	size_t	 len;		/* bytes, excluding the NUL */
	size_t	 size;		/* allocated */
	size_t	 max;		/* cap on len */
};

void		 buf_init(struct buf *, size_t max);
/* Free the contents; the buffer can be reused. */
void		 buf_done(struct buf *);
void		 buf_reset(struct buf *);
enum tix_err	 buf_add(struct buf *, const void *, size_t);
enum tix_err	 buf_add_str(struct buf *, const char *);
enum tix_err	 buf_add_printf(struct buf *, const char *, ...)
		    TIX_PRINTF(2, 3);
/* Hand the contents to the caller (never NULL: "" when empty). */
char		*buf_take(struct buf *);

#endif
