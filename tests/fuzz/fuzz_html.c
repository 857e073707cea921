/*
 * libFuzzer target for HTML to text and back (core/html.c).  For any
 * input:
 *   - html_to_text() returns, within its cap, with no leading line
 *     break and no trailing white space; a smaller cap gives a prefix
 *     of the full text, and it says it cut exactly when it left some
 *     of that out;
 *   - on sanitized input (valid UTF-8, no controls but \n) the text is
 *     valid UTF-8 with no NUL, surrogate, C1 or C0 control but \n and
 *     \t, and never more than one blank line in a row outside <pre>;
 *   - html_from_text() of that sanitized text, read back with
 *     html_to_text(), gives the text with trailing spaces, extra blank
 *     lines and leading/trailing blank lines removed.
 *
 * Not built by configure.  By hand, from the top of the source tree, with
 * a configured build directory $B (for config.h):
 *
 *	clang -g -O1 -fsanitize=fuzzer,address,undefined -I$B -I. \
 *	    tests/fuzz/fuzz_html.c core/html.c core/buf.c core/error.c \
 *	    core/text.c core/xmalloc.c core/log.c -o /tmp/fuzz_html
 *	mkdir -p /tmp/fuzz_html.corpus
 *	/tmp/fuzz_html -max_total_time=60 -max_len=8192 /tmp/fuzz_html.corpus
 */

#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/html.h"
#include "core/text.h"
#include "core/xmalloc.h"
#include "tests/common/utf8.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Stop the run (libFuzzer saves the input) when an invariant breaks. */
#define CHECK(e) do {							\
	if (!(e))							\
		abort();						\
} while (0)

/* Strict UTF-8 with no C0 control but \n and \t, no DEL, no C1. */
static bool
fuzz_clean_utf8(const unsigned char *p, size_t len)
{
	size_t		i = 0;
	unsigned long	cp;

	while (i < len) {
		if (!utf8_next(p, len, &i, &cp))
			return false;
		if ((cp < 0x20 && cp != '\n' && cp != '\t') || cp == 0x7f ||
		    (cp >= 0x80 && cp <= 0x9f))
			return false;
	}
	return true;
}

/* Does s contain needle, ASCII case ignored? */
static bool
fuzz_has_word(const char *s, const char *needle)
{
	size_t	n = strlen(needle), i;

	for (; *s != '\0'; s++) {
		for (i = 0; i < n; i++) {
			char	c = s[i];

			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (c != needle[i])
				break;
		}
		if (i == n)
			return true;
	}
	return false;
}

/*
 * What html_to_text(html_from_text(t)) must give for sanitized t: lines
 * without trailing spaces, runs of blank lines as one, none at either
 * end.
 */
static char *
fuzz_normalize(const char *t)
{
	char		*out = xmalloc(strlen(t) + 1), *o = out;
	const char	*p = t, *end;
	size_t		 len, blank = 0;

	while (*p != '\0') {
		len = strcspn(p, "\n");
		end = p + len;
		while (len > 0 && p[len - 1] == ' ')
			len--;
		if (len == 0)
			blank++;
		else {
			if (o > out)
				*o++ = '\n';
			if (o > out && blank > 0)
				*o++ = '\n';
			memcpy(o, p, len);
			o += len;
			blank = 0;
		}
		p = *end == '\n' ? end + 1 : end;
	}
	*o = '\0';
	return out;
}

/* html_to_text() at a cap from the input and without one. */
static void
fuzz_to_text(const char *html, size_t cap, bool clean)
{
	char	*full, *part;
	bool	 cut, pcut;
	size_t	 len, plen;

	full = html_to_text(html, TIX_MAX_FIELD, &cut);
	len = strlen(full);
	CHECK(len <= TIX_MAX_FIELD);
	if (len > 0) {
		CHECK(full[0] != '\n');
		CHECK(strchr(" \t\n", full[len - 1]) == NULL);
	}
	if (clean) {
		CHECK(fuzz_clean_utf8((const unsigned char *)full, len));
		if (!fuzz_has_word(html, "<pre") &&
		    !fuzz_has_word(html, "<listing"))
			CHECK(strstr(full, "\n\n\n") == NULL);
	}

	part = html_to_text(html, cap, &pcut);
	plen = strlen(part);
	CHECK(plen <= cap);
	CHECK(plen <= len && memcmp(part, full, plen) == 0);
	/* Cut means text was lost; not cut, that nothing was. */
	if (pcut)
		CHECK(plen < len);
	else
		CHECK(plen == len);
	if (clean)
		CHECK(fuzz_clean_utf8((const unsigned char *)part, plen));
	free(part);
	free(full);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*raw, *clean, *html, *back, *want;
	size_t	 cap = size > 0 ? data[0] : 0;

	/* As it comes: any bytes but NUL (a C string ends there). */
	raw = xmalloc(size + 1);
	memcpy(raw, data, size);
	raw[size] = '\0';
	fuzz_to_text(raw, cap, false);
	free(raw);

	clean = text_sanitize((const char *)data, size, TEXT_MULTILINE);
	fuzz_to_text(clean, cap, true);

	CHECK(html_from_text(clean, TIX_MAX_HTTP_BODY, &html, NULL) ==
	    TIX_OK);
	CHECK(fuzz_clean_utf8((const unsigned char *)html, strlen(html)));
	CHECK(strchr(html, '\n') == NULL);
	back = html_to_text(html, TIX_MAX_HTTP_BODY, NULL);
	want = fuzz_normalize(clean);
	CHECK(strcmp(back, want) == 0);
	free(want);
	free(back);
	free(html);
	free(clean);
	return 0;
}
