/*
 * Allocation wrappers.  They never return NULL: running out of memory is
 * fatal, and a zero-sized request is a bug (callers use NULL for "none").
 */
#ifndef TIX_XMALLOC_H
#define TIX_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

#define TIX_PRINTF(f, a) __attribute__((__format__(__printf__, f, a)))

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
/* xstrdup() that passes NULL through, for optional fields. */
char	*xstrdup_opt(const char *);
char	*xasprintf(const char *, ...) TIX_PRINTF(1, 2);
char	*xvasprintf(const char *, va_list) TIX_PRINTF(1, 0);
/* snprintf that aborts on an encoding error; truncation is allowed. */
int	 xsnprintf(char *, size_t, const char *, ...) TIX_PRINTF(3, 4);

/* Free *pp and set it to NULL. */
void	 xfree(void *pp);

#endif
