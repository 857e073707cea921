/*
 * Unit tests for core/text.c: the sanitizer against each class of hostile
 * input, idempotence (over fixed nasty inputs and pseudo-random bytes),
 * display widths (also against the C library's wcwidth() in C.UTF-8 when
 * that locale exists), fitting, wrapping and substring search.
 */

#include "config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <cmocka.h>

#include "core/text.h"
#include "core/xmalloc.h"
#include "tests/common/utf8.h"

#define REPL	"\xef\xbf\xbd"		/* U+FFFD in UTF-8 */
#define NITEMS(a)	(sizeof (a) / sizeof (a)[0])

/* One input of known length and what sanitizing it must give. */
struct text_case {
	const char	*name;
	const char	*in;
	size_t		 len;
	unsigned	 flags;
	const char	*want;
};

#define CASE(n, s, f, w)	{ n, s, sizeof (s) - 1, f, w }
#define ML			TEXT_MULTILINE

static const struct text_case hostile[] = {
	/* Escape sequences: removed whole. */
	CASE("CSI colour", "a\033[31mred\033[0m b", 0, "ared b"),
	CASE("CSI clear screen", "x\033[2Jy", 0, "xy"),
	CASE("CSI home+clear", "\033[H\033[2J\033[3J", 0, ""),
	CASE("CSI private mode", "a\033[?1049hb", 0, "ab"),
	CASE("CSI with intermediate", "a\033[1 qb", 0, "ab"),
	CASE("OSC title, BEL", "\033]0;pwned\007after", 0, "after"),
	CASE("OSC title, ST", "\033]2;pwned\033\\ok", 0, "ok"),
	CASE("OSC 52 clipboard", "\033]52;c;cm0gLXJmIH4K\007", 0, ""),
	CASE("OSC 8 hyperlink", "\033]8;;http://evil.example/\033\\click"
	    "\033]8;;\033\\", 0, "click"),
	CASE("DCS sixel", "\033Pq#0;2;0;0;0#0~~\033\\done", 0, "done"),
	CASE("DCS DECRQSS", "a\033P$qm\033\\b", 0, "ab"),
	CASE("APC", "a\033_Gf=100;AAAA\033\\b", 0, "ab"),
	CASE("PM", "a\033^secret\033\\b", 0, "ab"),
	CASE("SOS", "a\033Xsecret\033\\b", 0, "ab"),
	CASE("two-byte ESC", "a\033cb\0337c\0338", 0, "abc"),
	CASE("charset designation", "a\033(0q\033(Bb", 0, "aqb"),
	CASE("lone ESC at end", "abc\033", 0, "abc"),
	CASE("ESC ESC", "a\033\033[31mb", 0, "ab"),
	CASE("CAN cancels OSC", "a\033]0;x\030b", 0, "ab"),
	CASE("SUB cancels CSI", "a\033[3\032b", 0, "ab"),
	CASE("ESC ends OSC", "a\033]0;x\033[1mb", 0, "ab"),

	/* 8-bit C1 introducers, encoded as UTF-8. */
	CASE("8-bit CSI", "x\xc2\x9b" "2Jy", 0, "xy"),
	CASE("8-bit CSI colour", "\xc2\x9b" "31mred", 0, "red"),
	CASE("8-bit OSC", "a\xc2\x9d" "0;t\xc2\x9c" "b", 0, "ab"),
	CASE("8-bit OSC, BEL", "a\xc2\x9d" "52;c;AA\007b", 0, "ab"),
	CASE("8-bit DCS", "a\xc2\x90" "q#0\xc2\x9c" "b", 0, "ab"),
	CASE("8-bit APC", "a\xc2\x9f" "x\033\\b", 0, "ab"),
	CASE("other C1", "a\xc2\x85" "b\xc2\x9c", 0, "a" REPL "b" REPL),
	CASE("raw 0x9b byte", "a\x9b" "31mb", 0, "a" REPL "31mb"),

	/* Unfinished or overlong sequences lose only their introducer. */
	CASE("unterminated OSC", "\033]0;no end", 0, "0;no end"),
	CASE("unterminated CSI", "ab\033[31", 0, "ab31"),
	CASE("malformed CSI", "\033[3\001m", 0, "3" REPL "m"),
	CASE("unterminated 8-bit CSI", "a\xc2\x9b" "12", 0, "a12"),

	/* Invalid UTF-8. */
	CASE("truncated at end", "ab\xe2\x82", 0, "ab" REPL),
	CASE("truncated 4-byte", "\xf0\x9f\x98x", 0, REPL "x"),
	CASE("overlong slash", "\xc0\xaf", 0, REPL REPL),
	CASE("overlong 3-byte", "\xe0\x80\xaf", 0, REPL REPL REPL),
	CASE("overlong 4-byte", "\xf0\x80\x80\xaf", 0,
	    REPL REPL REPL REPL),
	CASE("surrogate", "\xed\xa0\x80", 0, REPL REPL REPL),
	CASE("5-byte sequence", "\xf8\x88\x80\x80\x80", 0,
	    REPL REPL REPL REPL REPL),
	CASE("6-byte sequence", "\xfc\x84\x80\x80\x80\x80", 0,
	    REPL REPL REPL REPL REPL REPL),
	CASE("past U+10FFFF", "\xf4\x90\x80\x80", 0,
	    REPL REPL REPL REPL),
	CASE("lone continuation", "a\x80z", 0, "a" REPL "z"),
	CASE("0xff", "\xff\xfe", 0, REPL REPL),

	/* Controls. */
	CASE("NUL inside len", "a\0b", 0, "a" REPL "b"),
	CASE("C0 and DEL", "\001\007\010\177", 0, REPL REPL REPL REPL),
	CASE("tab", "a\tb", ML, "a b"),
	CASE("newline, single line", "a\nb", 0, "a b"),
	CASE("newline, multiline", "a\nb", ML, "a\nb"),
	CASE("CRLF, single line", "a\r\nb", 0, "a b"),
	CASE("CRLF, multiline", "a\r\nb", ML, "a\nb"),
	CASE("lone CR, single line", "a\rb", 0, "a b"),
	CASE("lone CR, multiline", "a\rb\r", ML, "a\nb\n"),
	CASE("CR CR LF", "a\r\r\nb", ML, "a\n\nb"),
	CASE("line separator", "a\xe2\x80\xa8" "b", ML, "a\nb"),
	CASE("paragraph separator", "a\xe2\x80\xa9" "b", 0, "a b"),

	/* Invisible characters that reorder or hide text. */
	CASE("bidi RLO", "abc\xe2\x80\xae" "fdp.exe", 0, "abcfdp.exe"),
	CASE("bidi LRE..PDF", "\xe2\x80\xaa" "a\xe2\x80\xac", 0, "a"),
	CASE("bidi isolates", "\xe2\x81\xa6" "a\xe2\x81\xa7\xe2\x81\xa8"
	    "b\xe2\x81\xa9", 0, "ab"),
	CASE("LRM RLM ALM", "a\xe2\x80\x8e" "b\xe2\x80\x8f" "c\xd8\x9c", 0,
	    "abc"),
	CASE("BOM", "\xef\xbb\xbfhello", 0, "hello"),
	CASE("soft hyphen", "in\xc2\xad" "visible", 0, "invisible"),

	/* Noncharacters and empty planes. */
	CASE("U+FDD0", "a\xef\xb7\x90", 0, "a" REPL),
	CASE("U+FFFE", "\xef\xbf\xbe", 0, REPL),
	CASE("U+1FFFF", "\xf0\x9f\xbf\xbf", 0, REPL),
	CASE("plane 4", "\xf1\x80\x80\x80", 0, REPL),
	CASE("plane 14 unassigned", "\xf3\xa0\x80\x80", 0, REPL),
};

/* Text that must come through unchanged. */
static const char *const clean[] = {
	"",
	"plain ASCII, with punctuation: !\"#$%&'()*+,-./~",
	"h\xc3\xa9llo w\xc3\xb6rld",				/* héllo wörld */
	"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e",			/* 日本語 */
	"\xf0\x9f\x98\x80 \xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd",	/* emoji */
	"e\xcc\x81 a\xe2\x80\x8d\x62",				/* e + U+0301 */
	"\xef\xbf\xbd",						/* U+FFFD */
	"\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7",		/* Arabic */
	"\xf3\xa0\x84\x80\xf3\xa0\x80\xa1",	/* U+E0100, U+E0021 */
	"\xee\x80\x80",						/* U+E000 */
	"\xf0\xa0\x80\x80",					/* U+20000 */
};


/*
 * Check what must hold for any sanitizer output: valid UTF-8, no C0
 * control but \n (and that only with TEXT_MULTILINE), no DEL, no C1, no
 * bidi control, and sanitizing it again changes nothing.
 */
static void
assert_safe(const char *out, unsigned flags)
{
	const unsigned char	*p = (const unsigned char *)out;
	size_t			 len = strlen(out), i;
	char			*again;

	assert_true(utf8_valid(p, len));
	for (i = 0; i < len; i++) {
		if (p[i] == '\n')
			assert_true(flags & TEXT_MULTILINE);
		else
			assert_true(p[i] >= 0x20 && p[i] != 0x7f);
		if (p[i] == 0xc2 && i + 1 < len)
			assert_false(p[i + 1] >= 0x80 && p[i + 1] <= 0x9f);
		if (p[i] == 0xe2 && i + 2 < len && p[i + 1] == 0x80)
			assert_false(p[i + 2] >= 0xaa && p[i + 2] <= 0xae);
	}
	assert_true(text_is_clean(out, len, flags));
	again = text_sanitize(out, len, flags);
	assert_string_equal(again, out);
	free(again);
}

/* Every hostile input gives exactly the expected text. */
static void
test_hostile(void **state)
{
	const struct text_case	*c;
	char			*out;
	size_t			 i;
	bool			 same;

	for (i = 0; i < NITEMS(hostile); i++) {
		c = &hostile[i];
		out = text_sanitize(c->in, c->len, c->flags);
		if (strcmp(out, c->want) != 0)
			fail_msg("%s: unexpected output", c->name);
		same = strlen(c->want) == c->len &&
		    memcmp(c->want, c->in, c->len) == 0;
		if (text_is_clean(c->in, c->len, c->flags) != same)
			fail_msg("%s: text_is_clean() disagrees", c->name);
		assert_safe(out, c->flags);
		free(out);
	}
}

/* Clean text is left alone, in both modes. */
static void
test_clean(void **state)
{
	char	*out;
	size_t	 i;

	for (i = 0; i < NITEMS(clean); i++) {
		assert_true(text_is_clean(clean[i], strlen(clean[i]), 0));
		assert_true(text_is_clean(clean[i], strlen(clean[i]), ML));
		out = text_sanitize(clean[i], strlen(clean[i]), 0);
		assert_string_equal(out, clean[i]);
		free(out);
	}
	assert_true(text_is_clean("a\nb", 3, ML));
	assert_false(text_is_clean("a\nb", 3, 0));
	assert_false(text_is_clean("a\r\nb", 4, ML));
}

/* Only len bytes are read, and the input need not be terminated. */
static void
test_length(void **state)
{
	const char	 buf[4] = { 'a', 'b', 'c', 'd' };
	char		*out;

	out = text_sanitize(buf, 2, 0);
	assert_string_equal(out, "ab");
	free(out);
	out = text_sanitize("\033[31mxyz", 4, 0);	/* cut inside the CSI */
	assert_string_equal(out, "31");
	free(out);
	out = text_sanitize("abc", 0, 0);
	assert_string_equal(out, "");
	free(out);
}

/*
 * A sequence that does not end within the cap loses its introducer only,
 * so a stray ESC ] cannot make the rest of a message vanish.
 */
static void
test_sequence_cap(void **state)
{
	char	in[1100], want[1100], *out;

	memcpy(in, "\033]0;", 4);
	memset(in + 4, 'A', 1000);
	in[1004] = '\007';
	memcpy(want, "0;", 2);
	memset(want + 2, 'A', 1000);
	memcpy(want + 1002, REPL, sizeof REPL);
	out = text_sanitize(in, 1005, 0);
	assert_string_equal(out, want);
	free(out);

	/* Short enough: removed whole. */
	in[104] = '\007';
	out = text_sanitize(in, 105, 0);
	assert_string_equal(out, "");
	free(out);

	/* Parameters of a CSI are capped too. */
	memcpy(in, "\033[", 2);
	memset(in + 2, '1', 1000);
	in[1002] = 'm';
	out = text_sanitize(in, 1003, 0);
	assert_int_equal(strlen(out), 1001);
	assert_int_equal(out[0], '1');
	assert_int_equal(out[1000], 'm');
	free(out);
}

/* text_sanitize_field: NULL stays NULL, clean strings keep their pointer. */
static void
test_field(void **state)
{
	char	*s = NULL, *orig;

	text_sanitize_field(&s, 0);
	assert_null(s);

	orig = s = xstrdup("already clean \xe2\x9c\x93");
	text_sanitize_field(&s, 0);
	assert_ptr_equal(s, orig);
	assert_string_equal(s, "already clean \xe2\x9c\x93");
	free(s);

	s = xstrdup("bad\033[2J\nline");
	text_sanitize_field(&s, 0);
	assert_string_equal(s, "bad line");
	text_sanitize_field(&s, ML);
	assert_string_equal(s, "bad line");
	free(s);
}

/* A small deterministic generator (xorshift32), so failures replay. */
static uint32_t
rnd_next(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/* Bytes that start or end sequences turn up more often than by chance. */
static size_t
rnd_fill(uint32_t *x, char *buf, size_t max)
{
	static const unsigned char	 hot[] = {
		0x1b, '[', ']', 'P', '\\', 0x07, 0x18, 'm', ';', '0', '\n',
		'\r', '\t', 0xc2, 0x9b, 0x9c, 0x9d, 0x90, 0xe2, 0x80, 0xae,
		0xa8, 0xed, 0xa0, 0xef, 0xbb, 0xbf, 0xf0, 0x9f, 0x98, 0xc0,
		0xf8, 0x00, 0x7f, ' ', 'a',
	};
	size_t				 len, i;
	uint32_t			 r;

	len = rnd_next(x) % max;
	for (i = 0; i < len; i++) {
		r = rnd_next(x);
		if (r & 1)
			buf[i] = (char)hot[(r >> 8) % sizeof hot];
		else
			buf[i] = (char)(r >> 8);
	}
	return len;
}

/* Sanitizing twice is sanitizing once, and the output is always safe. */
static void
test_idempotent(void **state)
{
	const unsigned	 modes[] = { 0, TEXT_MULTILINE };
	char		 buf[96], *out;
	uint32_t	 x = 0x2545f491u;
	size_t		 i, m, len;
	int		 same;

	for (i = 0; i < NITEMS(hostile); i++) {
		for (m = 0; m < NITEMS(modes); m++) {
			out = text_sanitize(hostile[i].in, hostile[i].len,
			    modes[m]);
			assert_safe(out, modes[m]);
			free(out);
		}
	}
	for (i = 0; i < 20000; i++) {
		len = rnd_fill(&x, buf, sizeof buf);
		m = i % 2;
		out = text_sanitize(buf, len, modes[m]);
		assert_safe(out, modes[m]);
		/* Clean means exactly "sanitizing changes nothing". */
		same = strlen(out) == len && memcmp(out, buf, len) == 0;
		assert_int_equal(text_is_clean(buf, len, modes[m]), same);
		free(out);
	}
}

/* Widths of familiar characters. */
static void
test_width(void **state)
{
	assert_int_equal(text_width(""), 0);
	assert_int_equal(text_width("hello"), 5);
	assert_int_equal(text_width("\xe6\x97\xa5\xe6\x9c\xac"), 4);
	assert_int_equal(text_width("\xf0\x9f\x98\x80"), 2);	/* 😀 */
	assert_int_equal(text_width("e\xcc\x81"), 1);		/* é */
	assert_int_equal(text_width("\xef\xbc\xa1"), 2);	/* Ａ */
	assert_int_equal(text_width("\xea\xb0\x80"), 2);	/* 가 */
	assert_int_equal(text_width("ab\ncd"), 2);

	assert_int_equal(text_cp_width('A'), 1);
	assert_int_equal(text_cp_width(0xe9), 1);
	assert_int_equal(text_cp_width(0x4e2d), 2);	/* CJK */
	assert_int_equal(text_cp_width(0x3000), 2);	/* ideographic space */
	assert_int_equal(text_cp_width(0x1f600), 2);	/* emoji */
	assert_int_equal(text_cp_width(0x1f9d1), 2);
	assert_int_equal(text_cp_width(0x1fae8), 2);	/* Unicode 15 emoji */
	assert_int_equal(text_cp_width(0x20000), 2);	/* CJK Ext B */
	assert_int_equal(text_cp_width(0x0301), 0);	/* combining acute */
	assert_int_equal(text_cp_width(0x200d), 0);	/* ZWJ */
	assert_int_equal(text_cp_width(0xfe0f), 0);	/* VS16 */
	assert_int_equal(text_cp_width(0xe0100), 0);	/* VS17 */
	assert_int_equal(text_cp_width(0x0ece), 0);	/* Unicode 15 mark */
	assert_int_equal(text_cp_width(0x1160), 0);	/* Hangul medial */
	assert_int_equal(text_cp_width(0x0410), 1);	/* Cyrillic A */
	assert_int_equal(text_cp_width(0xfffd), 1);
	assert_int_equal(text_cp_width(0x1b), 0);	/* never negative */
}

/*
 * curses draws with the C library's wcwidth(), so the two must agree
 * wherever wcwidth() knows the character.  Needs the C.UTF-8 locale.
 */
static void
test_width_libc(void **state)
{
	char		*saved;
	unsigned	 cp, bad = 0, checked = 0;
	int		 want;

	saved = setlocale(LC_CTYPE, NULL);
	assert_non_null(saved);
	saved = xstrdup(saved);
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL &&
	    setlocale(LC_CTYPE, "C.utf8") == NULL) {
		free(saved);
		skip();
	}
	for (cp = 0; cp <= 0x10ffff; cp++) {
		want = wcwidth((wchar_t)cp);
		if (want < 0)
			continue;
		checked++;
		if (text_cp_width(cp) != want) {
			if (bad++ < 10)
				print_message("U+%04X: text %d, wcwidth %d\n",
				    cp, text_cp_width(cp), want);
		}
	}
	setlocale(LC_CTYPE, saved);
	free(saved);
	print_message("compared %u code points with wcwidth()\n", checked);
	assert_true(checked > 100000);
	assert_int_equal(bad, 0);
}

/* text_decode on sanitized text and on stray bytes. */
static void
test_decode(void **state)
{
	unsigned	cp;

	assert_int_equal(text_decode("A", &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(text_decode("\xc3\xa9", &cp), 2);
	assert_int_equal(cp, 0xe9);
	assert_int_equal(text_decode("\xe2\x82\xac", &cp), 3);
	assert_int_equal(cp, 0x20ac);
	assert_int_equal(text_decode("\xf0\x9f\x98\x80", &cp), 4);
	assert_int_equal(cp, 0x1f600);
	assert_int_equal(text_decode("", &cp), 0);
	assert_int_equal(cp, 0);
	/* Unsanitized input: never past the NUL. */
	assert_int_equal(text_decode("\xe2\x82", &cp), 2);
	assert_int_equal(cp, 0xfffd);
	assert_int_equal(text_decode("\xff", &cp), 1);
	assert_int_equal(cp, 0xfffd);
}

/* A wide character that would straddle the last column is left out. */
static void
test_fit(void **state)
{
	const char	*cjk = "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e";
	int		 used;

	assert_int_equal(text_fit(cjk, 5, &used), 6);
	assert_int_equal(used, 4);
	assert_int_equal(text_fit(cjk, 6, &used), 9);
	assert_int_equal(used, 6);
	assert_int_equal(text_fit(cjk, 1, &used), 0);
	assert_int_equal(used, 0);
	assert_int_equal(text_fit("ab\xe6\x97\xa5", 3, &used), 2);
	assert_int_equal(used, 2);
	/* A combining mark stays with its base. */
	assert_int_equal(text_fit("e\xcc\x81x", 1, &used), 3);
	assert_int_equal(used, 1);
	assert_int_equal(text_fit("ab\xcc\x81", 1, &used), 1);
	assert_int_equal(text_fit("abc\ndef", 10, &used), 3);
	assert_int_equal(used, 3);
	assert_int_equal(text_fit("abc", 0, &used), 0);
	assert_int_equal(text_fit("abc", -5, NULL), 0);
	assert_int_equal(text_fit("abc", 2, NULL), 2);
}

/* Fit on pseudo-random sanitized text: within cols, whole characters. */
static void
test_fit_random(void **state)
{
	char		 buf[96], *s;
	uint32_t	 x = 0x9e3779b9u;
	unsigned	 cp;
	size_t		 n, k, i;
	int		 cols, used;

	for (i = 0; i < 5000; i++) {
		s = text_sanitize(buf, rnd_fill(&x, buf, sizeof buf), ML);
		cols = (int)(rnd_next(&x) % 12);
		n = text_fit(s, cols, &used);
		assert_true(used <= cols);
		assert_true(n <= strlen(s));
		assert_false(((unsigned char)s[n] & 0xc0) == 0x80);
		assert_int_equal(text_width(s) >= used, 1);
		/* It stopped because the next character did not fit. */
		if (s[n] != '\0' && s[n] != '\n') {
			k = text_decode(s + n, &cp);
			assert_true(k > 0);
			assert_true(used + text_cp_width(cp) > cols);
		}
		free(s);
	}
}

/* Wrap s and compare the lines with want (NULL-terminated). */
static void
check_wrap(const char *s, int cols, const char *const *want)
{
	size_t	*starts, *lens, n, i;

	n = text_wrap(s, cols, &starts, &lens);
	for (i = 0; want[i] != NULL; i++) {
		if (i >= n)
			fail_msg("\"%s\" at %d: only %zu lines", s, cols, n);
		if (strlen(want[i]) != lens[i] ||
		    memcmp(s + starts[i], want[i], lens[i]) != 0)
			fail_msg("\"%s\" at %d: line %zu is \"%.*s\"", s, cols,
			    i, (int)lens[i], s + starts[i]);
	}
	assert_int_equal(n, i);
	free(starts);
	free(lens);
}

/* Wrapping: at spaces, inside long words, at \n, around wide characters. */
static void
test_wrap(void **state)
{
	size_t	*starts, *lens;

	check_wrap("hello world", 5, (const char *[]){ "hello", "world",
	    NULL });
	check_wrap("hello world", 11, (const char *[]){ "hello world",
	    NULL });
	check_wrap("one two three", 7, (const char *[]){ "one two",
	    "three", NULL });
	check_wrap("aa   bb", 3, (const char *[]){ "aa", "bb", NULL });
	check_wrap("abcdefghij", 4, (const char *[]){ "abcd", "efgh", "ij",
	    NULL });
	check_wrap("see abcdefghij", 5, (const char *[]){ "see",
	    "abcde", "fghij", NULL });
	check_wrap("a\nb", 10, (const char *[]){ "a", "b", NULL });
	check_wrap("a\n\nb\n", 10, (const char *[]){ "a", "", "b", NULL });
	check_wrap("long line\nx", 4, (const char *[]){ "long", "line",
	    "x", NULL });
	check_wrap("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 5,
	    (const char *[]){ "\xe6\x97\xa5\xe6\x9c\xac", "\xe8\xaa\x9e",
	    NULL });
	/* A character wider than the line still gets a line. */
	check_wrap("\xe6\x97\xa5\xe6\x9c\xac", 1, (const char *[]){
	    "\xe6\x97\xa5", "\xe6\x9c\xac", NULL });
	check_wrap("e\xcc\x81" "e\xcc\x81", 1, (const char *[]){
	    "e\xcc\x81", "e\xcc\x81", NULL });

	assert_int_equal(text_wrap("", 10, &starts, &lens), 0);
	assert_null(starts);
	assert_null(lens);
}

/*
 * Wrap pseudo-random sanitized text: lines in order, within cols unless a
 * single character is wider, whole characters, and only spaces or one \n
 * between them.
 */
static void
test_wrap_random(void **state)
{
	char		 buf[96], *s, *line;
	uint32_t	 x = 0x1234567u;
	unsigned	 cp;
	size_t		*starts, *lens, n, i, j, pos, len, k, nl;
	int		 cols;

	for (i = 0; i < 5000; i++) {
		s = text_sanitize(buf, rnd_fill(&x, buf, sizeof buf), ML);
		len = strlen(s);
		cols = 1 + (int)(rnd_next(&x) % 10);
		n = text_wrap(s, cols, &starts, &lens);
		assert_int_equal(n > 0, len > 0);
		pos = 0;
		for (j = 0; j < n; j++) {
			/* Between lines: spaces and at most one \n. */
			for (nl = 0; pos < starts[j]; pos++) {
				assert_true(s[pos] == ' ' || s[pos] == '\n');
				nl += s[pos] == '\n';
			}
			assert_true(nl <= 1);
			assert_true(pos == starts[j]);
			assert_true(starts[j] + lens[j] <= len);
			assert_false(((unsigned char)s[starts[j]] & 0xc0) ==
			    0x80);
			assert_false(((unsigned char)s[starts[j] + lens[j]] &
			    0xc0) == 0x80);
			line = xstrndup(s + starts[j], lens[j]);
			assert_null(strchr(line, '\n'));
			if (text_width(line) > cols) {
				/* Only one character and its marks. */
				k = text_decode(line, &cp);
				k += text_fit(line + k, 0, NULL);
				assert_int_equal(k, lens[j]);
			}
			free(line);
			pos = starts[j] + lens[j];
		}
		for (; pos < len; pos++)
			assert_true(s[pos] == ' ' || s[pos] == '\n');
		free(starts);
		free(lens);
		free(s);
	}
}

/* Substring search folding ASCII case only. */
static void
test_contains(void **state)
{
	assert_true(text_contains("Hello World", "world"));
	assert_true(text_contains("Hello World", "LO W"));
	assert_true(text_contains("Hello World", ""));
	assert_true(text_contains("", ""));
	assert_false(text_contains("", "a"));
	assert_false(text_contains("Hello World", "worlds"));
	assert_false(text_contains("Hello", "xyz"));
	assert_true(text_contains("aaab", "aab"));
	assert_true(text_contains("Re: Caf\xc3\xa9 order", "CAF\xc3\xa9"));
	/* Non-ASCII letters are compared as they are. */
	assert_false(text_contains("Caf\xc3\xa9", "CAF\xc3\x89"));
	assert_true(text_contains("\xe6\x97\xa5\xe6\x9c\xac",
	    "\xe6\x9c\xac"));
}

/* Text sent out: UTF-8 without controls; lines and tabs in notes. */
static void
test_check_out(void **state)
{
	char	*cause = NULL;

	(void)state;
	assert_int_equal(text_check_out("tag", "caf\xc3\xa9 \xf0\x9f\x8e\x89",
	    0, &cause), TIX_OK);
	assert_int_equal(text_check_out("note", "one\n\ttwo", TEXT_MULTILINE,
	    &cause), TIX_OK);
	assert_null(cause);
	assert_int_equal(text_check_out("tag", "one\ntwo", 0, &cause),
	    TIX_ERR_INVALID);
	assert_string_equal(cause, "tag: control character U+000A at byte 4");
	assert_int_equal(text_check_out("note", "ok\r\n", TEXT_MULTILINE,
	    &cause), TIX_ERR_INVALID);
	assert_string_equal(cause, "note: control character U+000D at byte 3");
	assert_int_equal(text_check_out("note", "x\x7f", TEXT_MULTILINE,
	    &cause), TIX_ERR_INVALID);
	assert_string_equal(cause, "note: control character U+007F at byte 2");
	/* C1 as UTF-8 (U+009B, a CSI), and bytes that are not UTF-8. */
	assert_int_equal(text_check_out("note", "a\xc2\x9b" "31m", 0, &cause),
	    TIX_ERR_INVALID);
	assert_string_equal(cause, "note: control character U+009B at byte 2");
	assert_int_equal(text_check_out("tag", "ab\xc0\xaf", 0, &cause),
	    TIX_ERR_INVALID);
	assert_string_equal(cause, "tag: byte 3 is not UTF-8");
	assert_int_equal(text_check_out("tag", "\xed\xa0\x80", 0, &cause),
	    TIX_ERR_INVALID);
	assert_string_equal(cause, "tag: byte 1 is not UTF-8");
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_sequence_cap),
		cmocka_unit_test(test_field),
		cmocka_unit_test(test_idempotent),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_width_libc),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_fit_random),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_wrap_random),
		cmocka_unit_test(test_contains),
		cmocka_unit_test(test_check_out),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
