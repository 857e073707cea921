/*
 * Plain CLI output for a terminal whose locale is not UTF-8.  Such a
 * terminal may read the bytes 0x80-0x9F inside UTF-8 sequences as 8-bit
 * C1 controls (0x9B is CSI), so every character past ASCII leaves as one
 * '?' a column it takes, as the curses interface draws it (tui/draw.c).
 * JSON output is left as it is: it is UTF-8 by definition, for programs.
 */

#include "config.h"

#include <langinfo.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "core/log.h"
#include "core/text.h"
#include "core/xmalloc.h"
#include "tui/cmd.h"

/* The streams stdout and stderr were before cmd_ascii_start(). */
static FILE	*cmd_ascii_saved[2];

/* A stream that writes ASCII stand-ins into another. */
struct cmd_ascii {
	FILE		*to;
	char		 pend[5];	/* a character not yet whole */
	size_t		 npend;
	size_t		 need;
};

/* A character is whole: '?' for each column, as tui/draw.c does. */
static void
cmd_ascii_char(struct cmd_ascii *a)
{
	unsigned	cp;
	int		w;

	a->pend[a->npend] = '\0';
	text_decode(a->pend, &cp);
	for (w = text_cp_width(cp); w > 0; w--)
		fputc('?', a->to);
	a->npend = 0;
}

static ssize_t
cmd_ascii_write(void *cookie, const char *buf, size_t size)
{
	struct cmd_ascii	*a = cookie;
	unsigned char		 b;

	for (size_t i = 0; i < size; i++) {
		b = (unsigned char)buf[i];
		if (a->npend > 0 && (b & 0xc0) == 0x80) {
			a->pend[a->npend++] = (char)b;
			if (a->npend == a->need)
				cmd_ascii_char(a);
			continue;
		}
		if (a->npend > 0) {
			/* Cut short: one stand-in for what there was. */
			fputc('?', a->to);
			a->npend = 0;
		}
		if (b < 0x80)
			fputc(b, a->to);
		else if (b >= 0xc2 && b <= 0xf4) {
			a->pend[a->npend++] = (char)b;
			a->need = b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
		} else
			fputc('?', a->to);
	}
	/* Errors (EPIPE) show on the stream tix checks. */
	if (fflush(a->to) != 0 || ferror(a->to))
		return -1;
	return (ssize_t)size;
}

static int
cmd_ascii_close(void *cookie)
{
	struct cmd_ascii	*a = cookie;
	int			 rc;

	rc = fflush(a->to);
	free(a);
	return rc;
}

/* Put an ASCII stream in front of *fp. */
static void
cmd_ascii_wrap(FILE **fp, bool unbuffered)
{
	static const cookie_io_functions_t fns = {
		.write = cmd_ascii_write,
		.close = cmd_ascii_close,
	};
	struct cmd_ascii	*a;
	FILE			*f;

	a = xcalloc(1, sizeof *a);
	a->to = *fp;
	f = fopencookie(a, "w", fns);
	if (f == NULL)
		fatal("fopencookie");
	if (unbuffered)
		setvbuf(f, NULL, _IONBF, 0);
	*fp = f;
}

void
cmd_ascii_start(void)
{
	const char	*cs = nl_langinfo(CODESET);

	if (cs != NULL && (strcmp(cs, "UTF-8") == 0 ||
	    strcmp(cs, "utf8") == 0))
		return;
	cmd_ascii_saved[0] = stdout;
	cmd_ascii_saved[1] = stderr;
	cmd_ascii_wrap(&stdout, false);
	cmd_ascii_wrap(&stderr, true);
}

int
cmd_ascii_stop(void)
{
	int	rc = 0;

	if (cmd_ascii_saved[0] == NULL)
		return 0;
	if (fclose(stdout) != 0)
		rc = -1;
	fclose(stderr);
	stdout = cmd_ascii_saved[0];
	stderr = cmd_ascii_saved[1];
	cmd_ascii_saved[0] = cmd_ascii_saved[1] = NULL;
	return rc;
}
