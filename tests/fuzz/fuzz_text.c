/*
 * libFuzzer target for the sanitizer (core/text.c).  For any input, in both
 * modes, the output must be valid UTF-8 with no C0 control but \n (and that
 * only with TEXT_MULTILINE), no DEL, no ESC, no C1 control and no bidi
 * control; sanitizing it again must change nothing; text_is_clean() must
 * say exactly whether sanitizing changes the input; and fitting and
 * wrapping the output must stay within their columns.
 *
 * Built and run by tests/fuzz/run.sh.
 */

#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "tests/common/utf8.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Stop the run (libFuzzer saves the input) when an invariant breaks. */
#define CHECK(e) do {							\
	if (!(e))							\
		abort();						\
} while (0)

/* Strict UTF-8 with no C1 control, no bidi control and no BOM. */
static bool
fuzz_valid_utf8(const unsigned char *p, size_t len)
{
	size_t		i = 0;
	unsigned long	cp;

	while (i < len) {
		if (!utf8_next(p, len, &i, &cp))
			return false;
		if (cp >= 0x80 && cp <= 0x9f)
			return false;			/* C1 */
		if ((cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e ||
		    cp == 0x200f || cp == 0x061c || cp == 0xfeff)
			return false;			/* bidi, BOM */
	}
	return true;
}

/* Sanitize in one mode and check everything about the result. */
static void
fuzz_one(const uint8_t *data, size_t size, unsigned flags, int cols)
{
	char		*out, *again;
	size_t		 len, i, n, *starts, *lens;
	bool		 same;
	int		 used;

	out = text_sanitize((const char *)data, size, flags);
	len = strlen(out);

	CHECK(fuzz_valid_utf8((const unsigned char *)out, len));
	for (i = 0; i < len; i++) {
		if (out[i] == '\n')
			CHECK(flags & TEXT_MULTILINE);
		else
			CHECK((unsigned char)out[i] >= 0x20 && out[i] != 0x7f);
	}

	CHECK(text_is_clean(out, len, flags));
	again = text_sanitize(out, len, flags);
	CHECK(strcmp(again, out) == 0);
	free(again);

	same = len == size && memcmp(out, data, size) == 0;
	CHECK(text_is_clean((const char *)data, size, flags) == same);

	n = text_fit(out, cols, &used);
	CHECK(n <= len && used <= cols && used >= 0);
	CHECK(((unsigned char)out[n] & 0xc0) != 0x80);
	CHECK(text_width(out) >= used);

	n = text_wrap(out, cols, &starts, &lens);
	for (i = 0; i < n; i++) {
		CHECK(starts[i] + lens[i] <= len);
		CHECK(((unsigned char)out[starts[i]] & 0xc0) != 0x80);
		CHECK(((unsigned char)out[starts[i] + lens[i]] & 0xc0) !=
		    0x80);
		if (i > 0)
			CHECK(starts[i] >= starts[i - 1] + lens[i - 1]);
	}
	CHECK((n > 0) == (len > 0));
	free(starts);
	free(lens);

	CHECK(text_contains(out, ""));
	if (len > 0)
		CHECK(text_contains(out, out + len / 2));

	free(out);
}

/* Both modes, with a column count taken from the input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int	cols = (size > 0) ? 1 + data[0] % 40 : 1;

	fuzz_one(data, size, 0, cols);
	fuzz_one(data, size, TEXT_MULTILINE, cols);
	return 0;
}
