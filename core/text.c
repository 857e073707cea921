/*
 * Text from platforms: the one sanitizer, and display width.
 *
 * text_sanitize() walks the input once.  Runs of text that stays as it is
 * are copied whole (printable ASCII is checked eight bytes at a time);
 * anything else goes through text_step(), which decides for one character
 * or escape sequence whether it is copied, dropped, replaced by U+FFFD or
 * turned into a line break or space.
 * text_is_clean() runs the same steps without writing, so the two always
 * agree, and text_sanitize_field() uses it to leave clean strings alone.
 *
 * Escape and control sequences (ESC or an 8-bit C1 introducer) are removed
 * whole when they end within TEXT_SEQ_MAX bytes.  One that does not end
 * there, or is malformed, loses its introducer only and the rest is shown
 * as ordinary (sanitized) text, so a stray ESC ] cannot hide a message.
 * U+2028 and U+2029 (line and paragraph separators) count as line breaks.
 * Code points in planes 4 to 14 that Unicode leaves unassigned become
 * U+FFFD; other unassigned code points are kept.
 *
 * Widths come from our own tables, never from the process locale, so the
 * CLI and the tests see the same columns whatever LC_CTYPE says.  See the
 * comment above text_zero[] for where the ranges come from.
 */

#include "config.h"

#include "core/text.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/xmalloc.h"

/* Longest escape or control sequence removed whole (after its introducer). */
#define TEXT_SEQ_MAX	256

#define TEXT_REPL	0xfffdu		/* REPLACEMENT CHARACTER */
#define TEXT_INVALID	UINT32_MAX	/* decoder: not valid UTF-8 */

#define TEXT_NITEMS(a)	(sizeof (a) / sizeof (a)[0])

/* What text_step() decided for the bytes it looked at. */
enum text_act {
	TEXT_COPY,		/* unchanged */
	TEXT_DROP,		/* removed */
	TEXT_REPLACE,		/* U+FFFD */
	TEXT_SPACE,		/* a space */
	TEXT_NEWLINE,		/* \n when TEXT_MULTILINE, else a space */
};

/* How a control sequence ends. */
enum text_seq {
	TEXT_SEQ_CSI,		/* parameters, then a final byte */
	TEXT_SEQ_STRING,	/* OSC, DCS, SOS, PM, APC: up to ST or BEL */
};

struct text_range {
	uint32_t	lo;
	uint32_t	hi;
};

static size_t		text_ascii_run(const unsigned char *, size_t);
static size_t		text_utf8_get(const unsigned char *, size_t,
			    uint32_t *);
static bool		text_cp_plain(uint32_t);
static size_t		text_plain_run(const unsigned char *, size_t,
			    unsigned);
static bool		text_is_c1(const unsigned char *, size_t);
static size_t		text_seq_len(const unsigned char *, size_t, size_t,
			    enum text_seq);
static size_t		text_escape_len(const unsigned char *, size_t);
static enum text_act	text_step(const unsigned char *, size_t, unsigned,
			    size_t *);
static bool		text_in_table(uint32_t, const struct text_range *,
			    size_t);
static size_t		text_fit_one(const char *, int, int *);
static unsigned char	text_fold(unsigned char);

/*
 * Zero-width code points (nonspacing and enclosing marks, format
 * characters, Hangul medial vowels and final consonants, ZWSP, ZWJ,
 * variation selectors), then East Asian Wide and Fullwidth ones, as sorted
 * ranges for text_in_table().
 *
 * Where they come from: General_Category Mn, Me and Cf
 * (DerivedGeneralCategory.txt) and East_Asian_Width W and F
 * (EastAsianWidth.txt) of the Unicode Character Database, combined the way
 * glibc's localedata/unicode-gen/utf8_gen.py does it (which also makes
 * U+1160-11FF and U+D7B0-D7FF zero width and leaves U+00AD at 1).  The
 * ranges were generated from glibc 2.36's C.UTF-8 wcwidth(), which is that
 * derivation for Unicode 14: curses draws with wcwidth(), so agreeing with
 * it keeps columns from drifting.  Added by hand from Unicode 15.0, where
 * glibc 2.36 says -1: marks U+0ECE, U+10EFD-10EFF, U+11241, Kawi's
 * U+11F00-11F01, U+11F36-11F3A, U+11F40 and U+11F42, U+13439-13440,
 * U+13447-13455, U+1E08F, U+1E4EC-1E4EF; wide
 * U+1B132, U+1B155, U+1F6DC, the new U+1FA75-1FAF8 emoji, and (the
 * EastAsianWidth.txt default for unassigned code points there) all of
 * U+3400-4DBF, U+4E00-9FFF, U+F900-FAFF and planes 2 and 3, which covers
 * CJK Extension H.  tests/unit/test_text.c compares every code point with
 * wcwidth() when the C.UTF-8 locale is there.
 */
static const struct text_range text_zero[] = {
	{ 0x00300, 0x0036f }, { 0x00483, 0x00489 }, { 0x00591, 0x005bd },
	{ 0x005bf, 0x005bf }, { 0x005c1, 0x005c2 }, { 0x005c4, 0x005c5 },
	{ 0x005c7, 0x005c7 }, { 0x00610, 0x0061a }, { 0x0061c, 0x0061c },
	{ 0x0064b, 0x0065f }, { 0x00670, 0x00670 }, { 0x006d6, 0x006dc },
	{ 0x006df, 0x006e4 }, { 0x006e7, 0x006e8 }, { 0x006ea, 0x006ed },
	{ 0x00711, 0x00711 }, { 0x00730, 0x0074a }, { 0x007a6, 0x007b0 },
	{ 0x007eb, 0x007f3 }, { 0x007fd, 0x007fd }, { 0x00816, 0x00819 },
	{ 0x0081b, 0x00823 }, { 0x00825, 0x00827 }, { 0x00829, 0x0082d },
	{ 0x00859, 0x0085b }, { 0x00898, 0x0089f }, { 0x008ca, 0x008e1 },
	{ 0x008e3, 0x00902 }, { 0x0093a, 0x0093a }, { 0x0093c, 0x0093c },
	{ 0x00941, 0x00948 }, { 0x0094d, 0x0094d }, { 0x00951, 0x00957 },
	{ 0x00962, 0x00963 }, { 0x00981, 0x00981 }, { 0x009bc, 0x009bc },
	{ 0x009c1, 0x009c4 }, { 0x009cd, 0x009cd }, { 0x009e2, 0x009e3 },
	{ 0x009fe, 0x009fe }, { 0x00a01, 0x00a02 }, { 0x00a3c, 0x00a3c },
	{ 0x00a41, 0x00a42 }, { 0x00a47, 0x00a48 }, { 0x00a4b, 0x00a4d },
	{ 0x00a51, 0x00a51 }, { 0x00a70, 0x00a71 }, { 0x00a75, 0x00a75 },
	{ 0x00a81, 0x00a82 }, { 0x00abc, 0x00abc }, { 0x00ac1, 0x00ac5 },
	{ 0x00ac7, 0x00ac8 }, { 0x00acd, 0x00acd }, { 0x00ae2, 0x00ae3 },
	{ 0x00afa, 0x00aff }, { 0x00b01, 0x00b01 }, { 0x00b3c, 0x00b3c },
	{ 0x00b3f, 0x00b3f }, { 0x00b41, 0x00b44 }, { 0x00b4d, 0x00b4d },
	{ 0x00b55, 0x00b56 }, { 0x00b62, 0x00b63 }, { 0x00b82, 0x00b82 },
	{ 0x00bc0, 0x00bc0 }, { 0x00bcd, 0x00bcd }, { 0x00c00, 0x00c00 },
	{ 0x00c04, 0x00c04 }, { 0x00c3c, 0x00c3c }, { 0x00c3e, 0x00c40 },
	{ 0x00c46, 0x00c48 }, { 0x00c4a, 0x00c4d }, { 0x00c55, 0x00c56 },
	{ 0x00c62, 0x00c63 }, { 0x00c81, 0x00c81 }, { 0x00cbc, 0x00cbc },
	{ 0x00cbf, 0x00cbf }, { 0x00cc6, 0x00cc6 }, { 0x00ccc, 0x00ccd },
	{ 0x00ce2, 0x00ce3 }, { 0x00d00, 0x00d01 }, { 0x00d3b, 0x00d3c },
	{ 0x00d41, 0x00d44 }, { 0x00d4d, 0x00d4d }, { 0x00d62, 0x00d63 },
	{ 0x00d81, 0x00d81 }, { 0x00dca, 0x00dca }, { 0x00dd2, 0x00dd4 },
	{ 0x00dd6, 0x00dd6 }, { 0x00e31, 0x00e31 }, { 0x00e34, 0x00e3a },
	{ 0x00e47, 0x00e4e }, { 0x00eb1, 0x00eb1 }, { 0x00eb4, 0x00ebc },
	{ 0x00ec8, 0x00ece }, { 0x00f18, 0x00f19 }, { 0x00f35, 0x00f35 },
	{ 0x00f37, 0x00f37 }, { 0x00f39, 0x00f39 }, { 0x00f71, 0x00f7e },
	{ 0x00f80, 0x00f84 }, { 0x00f86, 0x00f87 }, { 0x00f8d, 0x00f97 },
	{ 0x00f99, 0x00fbc }, { 0x00fc6, 0x00fc6 }, { 0x0102d, 0x01030 },
	{ 0x01032, 0x01037 }, { 0x01039, 0x0103a }, { 0x0103d, 0x0103e },
	{ 0x01058, 0x01059 }, { 0x0105e, 0x01060 }, { 0x01071, 0x01074 },
	{ 0x01082, 0x01082 }, { 0x01085, 0x01086 }, { 0x0108d, 0x0108d },
	{ 0x0109d, 0x0109d }, { 0x01160, 0x011ff }, { 0x0135d, 0x0135f },
	{ 0x01712, 0x01714 }, { 0x01732, 0x01733 }, { 0x01752, 0x01753 },
	{ 0x01772, 0x01773 }, { 0x017b4, 0x017b5 }, { 0x017b7, 0x017bd },
	{ 0x017c6, 0x017c6 }, { 0x017c9, 0x017d3 }, { 0x017dd, 0x017dd },
	{ 0x0180b, 0x0180f }, { 0x01885, 0x01886 }, { 0x018a9, 0x018a9 },
	{ 0x01920, 0x01922 }, { 0x01927, 0x01928 }, { 0x01932, 0x01932 },
	{ 0x01939, 0x0193b }, { 0x01a17, 0x01a18 }, { 0x01a1b, 0x01a1b },
	{ 0x01a56, 0x01a56 }, { 0x01a58, 0x01a5e }, { 0x01a60, 0x01a60 },
	{ 0x01a62, 0x01a62 }, { 0x01a65, 0x01a6c }, { 0x01a73, 0x01a7c },
	{ 0x01a7f, 0x01a7f }, { 0x01ab0, 0x01ace }, { 0x01b00, 0x01b03 },
	{ 0x01b34, 0x01b34 }, { 0x01b36, 0x01b3a }, { 0x01b3c, 0x01b3c },
	{ 0x01b42, 0x01b42 }, { 0x01b6b, 0x01b73 }, { 0x01b80, 0x01b81 },
	{ 0x01ba2, 0x01ba5 }, { 0x01ba8, 0x01ba9 }, { 0x01bab, 0x01bad },
	{ 0x01be6, 0x01be6 }, { 0x01be8, 0x01be9 }, { 0x01bed, 0x01bed },
	{ 0x01bef, 0x01bf1 }, { 0x01c2c, 0x01c33 }, { 0x01c36, 0x01c37 },
	{ 0x01cd0, 0x01cd2 }, { 0x01cd4, 0x01ce0 }, { 0x01ce2, 0x01ce8 },
	{ 0x01ced, 0x01ced }, { 0x01cf4, 0x01cf4 }, { 0x01cf8, 0x01cf9 },
	{ 0x01dc0, 0x01dff }, { 0x0200b, 0x0200f }, { 0x0202a, 0x0202e },
	{ 0x02060, 0x02064 }, { 0x02066, 0x0206f }, { 0x020d0, 0x020f0 },
	{ 0x02cef, 0x02cf1 }, { 0x02d7f, 0x02d7f }, { 0x02de0, 0x02dff },
	{ 0x0302a, 0x0302d }, { 0x03099, 0x0309a }, { 0x0a66f, 0x0a672 },
	{ 0x0a674, 0x0a67d }, { 0x0a69e, 0x0a69f }, { 0x0a6f0, 0x0a6f1 },
	{ 0x0a802, 0x0a802 }, { 0x0a806, 0x0a806 }, { 0x0a80b, 0x0a80b },
	{ 0x0a825, 0x0a826 }, { 0x0a82c, 0x0a82c }, { 0x0a8c4, 0x0a8c5 },
	{ 0x0a8e0, 0x0a8f1 }, { 0x0a8ff, 0x0a8ff }, { 0x0a926, 0x0a92d },
	{ 0x0a947, 0x0a951 }, { 0x0a980, 0x0a982 }, { 0x0a9b3, 0x0a9b3 },
	{ 0x0a9b6, 0x0a9b9 }, { 0x0a9bc, 0x0a9bd }, { 0x0a9e5, 0x0a9e5 },
	{ 0x0aa29, 0x0aa2e }, { 0x0aa31, 0x0aa32 }, { 0x0aa35, 0x0aa36 },
	{ 0x0aa43, 0x0aa43 }, { 0x0aa4c, 0x0aa4c }, { 0x0aa7c, 0x0aa7c },
	{ 0x0aab0, 0x0aab0 }, { 0x0aab2, 0x0aab4 }, { 0x0aab7, 0x0aab8 },
	{ 0x0aabe, 0x0aabf }, { 0x0aac1, 0x0aac1 }, { 0x0aaec, 0x0aaed },
	{ 0x0aaf6, 0x0aaf6 }, { 0x0abe5, 0x0abe5 }, { 0x0abe8, 0x0abe8 },
	{ 0x0abed, 0x0abed }, { 0x0d7b0, 0x0d7c6 }, { 0x0d7cb, 0x0d7fb },
	{ 0x0fb1e, 0x0fb1e }, { 0x0fe00, 0x0fe0f }, { 0x0fe20, 0x0fe2f },
	{ 0x0feff, 0x0feff }, { 0x0fff9, 0x0fffb }, { 0x101fd, 0x101fd },
	{ 0x102e0, 0x102e0 }, { 0x10376, 0x1037a }, { 0x10a01, 0x10a03 },
	{ 0x10a05, 0x10a06 }, { 0x10a0c, 0x10a0f }, { 0x10a38, 0x10a3a },
	{ 0x10a3f, 0x10a3f }, { 0x10ae5, 0x10ae6 }, { 0x10d24, 0x10d27 },
	{ 0x10eab, 0x10eac }, { 0x10efd, 0x10eff }, { 0x10f46, 0x10f50 },
	{ 0x10f82, 0x10f85 }, { 0x11001, 0x11001 }, { 0x11038, 0x11046 },
	{ 0x11070, 0x11070 }, { 0x11073, 0x11074 }, { 0x1107f, 0x11081 },
	{ 0x110b3, 0x110b6 }, { 0x110b9, 0x110ba }, { 0x110c2, 0x110c2 },
	{ 0x11100, 0x11102 }, { 0x11127, 0x1112b }, { 0x1112d, 0x11134 },
	{ 0x11173, 0x11173 }, { 0x11180, 0x11181 }, { 0x111b6, 0x111be },
	{ 0x111c9, 0x111cc }, { 0x111cf, 0x111cf }, { 0x1122f, 0x11231 },
	{ 0x11234, 0x11234 }, { 0x11236, 0x11237 }, { 0x1123e, 0x1123e },
	{ 0x11241, 0x11241 }, { 0x112df, 0x112df }, { 0x112e3, 0x112ea },
	{ 0x11300, 0x11301 }, { 0x1133b, 0x1133c }, { 0x11340, 0x11340 },
	{ 0x11366, 0x1136c }, { 0x11370, 0x11374 }, { 0x11438, 0x1143f },
	{ 0x11442, 0x11444 }, { 0x11446, 0x11446 }, { 0x1145e, 0x1145e },
	{ 0x114b3, 0x114b8 }, { 0x114ba, 0x114ba }, { 0x114bf, 0x114c0 },
	{ 0x114c2, 0x114c3 }, { 0x115b2, 0x115b5 }, { 0x115bc, 0x115bd },
	{ 0x115bf, 0x115c0 }, { 0x115dc, 0x115dd }, { 0x11633, 0x1163a },
	{ 0x1163d, 0x1163d }, { 0x1163f, 0x11640 }, { 0x116ab, 0x116ab },
	{ 0x116ad, 0x116ad }, { 0x116b0, 0x116b5 }, { 0x116b7, 0x116b7 },
	{ 0x1171d, 0x1171f }, { 0x11722, 0x11725 }, { 0x11727, 0x1172b },
	{ 0x1182f, 0x11837 }, { 0x11839, 0x1183a }, { 0x1193b, 0x1193c },
	{ 0x1193e, 0x1193e }, { 0x11943, 0x11943 }, { 0x119d4, 0x119d7 },
	{ 0x119da, 0x119db }, { 0x119e0, 0x119e0 }, { 0x11a01, 0x11a0a },
	{ 0x11a33, 0x11a38 }, { 0x11a3b, 0x11a3e }, { 0x11a47, 0x11a47 },
	{ 0x11a51, 0x11a56 }, { 0x11a59, 0x11a5b }, { 0x11a8a, 0x11a96 },
	{ 0x11a98, 0x11a99 }, { 0x11c30, 0x11c36 }, { 0x11c38, 0x11c3d },
	{ 0x11c3f, 0x11c3f }, { 0x11c92, 0x11ca7 }, { 0x11caa, 0x11cb0 },
	{ 0x11cb2, 0x11cb3 }, { 0x11cb5, 0x11cb6 }, { 0x11d31, 0x11d36 },
	{ 0x11d3a, 0x11d3a }, { 0x11d3c, 0x11d3d }, { 0x11d3f, 0x11d45 },
	{ 0x11d47, 0x11d47 }, { 0x11d90, 0x11d91 }, { 0x11d95, 0x11d95 },
	{ 0x11d97, 0x11d97 }, { 0x11ef3, 0x11ef4 }, { 0x11f00, 0x11f01 },
	{ 0x11f36, 0x11f3a }, { 0x11f40, 0x11f40 }, { 0x11f42, 0x11f42 },
	{ 0x13430, 0x13440 }, { 0x13447, 0x13455 }, { 0x16af0, 0x16af4 },
	{ 0x16b30, 0x16b36 }, { 0x16f4f, 0x16f4f }, { 0x16f8f, 0x16f92 },
	{ 0x16fe4, 0x16fe4 }, { 0x1bc9d, 0x1bc9e }, { 0x1bca0, 0x1bca3 },
	{ 0x1cf00, 0x1cf2d }, { 0x1cf30, 0x1cf46 }, { 0x1d167, 0x1d169 },
	{ 0x1d173, 0x1d182 }, { 0x1d185, 0x1d18b }, { 0x1d1aa, 0x1d1ad },
	{ 0x1d242, 0x1d244 }, { 0x1da00, 0x1da36 }, { 0x1da3b, 0x1da6c },
	{ 0x1da75, 0x1da75 }, { 0x1da84, 0x1da84 }, { 0x1da9b, 0x1da9f },
	{ 0x1daa1, 0x1daaf }, { 0x1e000, 0x1e006 }, { 0x1e008, 0x1e018 },
	{ 0x1e01b, 0x1e021 }, { 0x1e023, 0x1e024 }, { 0x1e026, 0x1e02a },
	{ 0x1e08f, 0x1e08f }, { 0x1e130, 0x1e136 }, { 0x1e2ae, 0x1e2ae },
	{ 0x1e2ec, 0x1e2ef }, { 0x1e4ec, 0x1e4ef }, { 0x1e8d0, 0x1e8d6 },
	{ 0x1e944, 0x1e94a }, { 0xe0001, 0xe0001 }, { 0xe0020, 0xe007f },
	{ 0xe0100, 0xe01ef },
};

static const struct text_range text_wide[] = {
	{ 0x01100, 0x0115f }, { 0x0231a, 0x0231b }, { 0x02329, 0x0232a },
	{ 0x023e9, 0x023ec }, { 0x023f0, 0x023f0 }, { 0x023f3, 0x023f3 },
	{ 0x025fd, 0x025fe }, { 0x02614, 0x02615 }, { 0x02648, 0x02653 },
	{ 0x0267f, 0x0267f }, { 0x02693, 0x02693 }, { 0x026a1, 0x026a1 },
	{ 0x026aa, 0x026ab }, { 0x026bd, 0x026be }, { 0x026c4, 0x026c5 },
	{ 0x026ce, 0x026ce }, { 0x026d4, 0x026d4 }, { 0x026ea, 0x026ea },
	{ 0x026f2, 0x026f3 }, { 0x026f5, 0x026f5 }, { 0x026fa, 0x026fa },
	{ 0x026fd, 0x026fd }, { 0x02705, 0x02705 }, { 0x0270a, 0x0270b },
	{ 0x02728, 0x02728 }, { 0x0274c, 0x0274c }, { 0x0274e, 0x0274e },
	{ 0x02753, 0x02755 }, { 0x02757, 0x02757 }, { 0x02795, 0x02797 },
	{ 0x027b0, 0x027b0 }, { 0x027bf, 0x027bf }, { 0x02b1b, 0x02b1c },
	{ 0x02b50, 0x02b50 }, { 0x02b55, 0x02b55 }, { 0x02e80, 0x02e99 },
	{ 0x02e9b, 0x02ef3 }, { 0x02f00, 0x02fd5 }, { 0x02ff0, 0x02ffb },
	{ 0x03000, 0x03029 }, { 0x0302e, 0x0303e }, { 0x03041, 0x03096 },
	{ 0x0309b, 0x030ff }, { 0x03105, 0x0312f }, { 0x03131, 0x0318e },
	{ 0x03190, 0x031e3 }, { 0x031f0, 0x0321e }, { 0x03220, 0x0a48c },
	{ 0x0a490, 0x0a4c6 }, { 0x0a960, 0x0a97c }, { 0x0ac00, 0x0d7a3 },
	{ 0x0f900, 0x0faff }, { 0x0fe10, 0x0fe19 }, { 0x0fe30, 0x0fe52 },
	{ 0x0fe54, 0x0fe66 }, { 0x0fe68, 0x0fe6b }, { 0x0ff01, 0x0ff60 },
	{ 0x0ffe0, 0x0ffe6 }, { 0x16fe0, 0x16fe3 }, { 0x16ff0, 0x16ff1 },
	{ 0x17000, 0x187f7 }, { 0x18800, 0x18cd5 }, { 0x18d00, 0x18d08 },
	{ 0x1aff0, 0x1aff3 }, { 0x1aff5, 0x1affb }, { 0x1affd, 0x1affe },
	{ 0x1b000, 0x1b122 }, { 0x1b132, 0x1b132 }, { 0x1b150, 0x1b152 },
	{ 0x1b155, 0x1b155 }, { 0x1b164, 0x1b167 }, { 0x1b170, 0x1b2fb },
	{ 0x1f004, 0x1f004 }, { 0x1f0cf, 0x1f0cf }, { 0x1f18e, 0x1f18e },
	{ 0x1f191, 0x1f19a }, { 0x1f200, 0x1f202 }, { 0x1f210, 0x1f23b },
	{ 0x1f240, 0x1f248 }, { 0x1f250, 0x1f251 }, { 0x1f260, 0x1f265 },
	{ 0x1f300, 0x1f320 }, { 0x1f32d, 0x1f335 }, { 0x1f337, 0x1f37c },
	{ 0x1f37e, 0x1f393 }, { 0x1f3a0, 0x1f3ca }, { 0x1f3cf, 0x1f3d3 },
	{ 0x1f3e0, 0x1f3f0 }, { 0x1f3f4, 0x1f3f4 }, { 0x1f3f8, 0x1f43e },
	{ 0x1f440, 0x1f440 }, { 0x1f442, 0x1f4fc }, { 0x1f4ff, 0x1f53d },
	{ 0x1f54b, 0x1f54e }, { 0x1f550, 0x1f567 }, { 0x1f57a, 0x1f57a },
	{ 0x1f595, 0x1f596 }, { 0x1f5a4, 0x1f5a4 }, { 0x1f5fb, 0x1f64f },
	{ 0x1f680, 0x1f6c5 }, { 0x1f6cc, 0x1f6cc }, { 0x1f6d0, 0x1f6d2 },
	{ 0x1f6d5, 0x1f6d7 }, { 0x1f6dc, 0x1f6df }, { 0x1f6eb, 0x1f6ec },
	{ 0x1f6f4, 0x1f6fc }, { 0x1f7e0, 0x1f7eb }, { 0x1f7f0, 0x1f7f0 },
	{ 0x1f90c, 0x1f93a }, { 0x1f93c, 0x1f945 }, { 0x1f947, 0x1f9ff },
	{ 0x1fa70, 0x1fa7c }, { 0x1fa80, 0x1fa88 }, { 0x1fa90, 0x1fabd },
	{ 0x1fabf, 0x1fac5 }, { 0x1face, 0x1fadb }, { 0x1fae0, 0x1fae8 },
	{ 0x1faf0, 0x1faf8 }, { 0x20000, 0x2fffd }, { 0x30000, 0x3fffd },
};

/*
 * Length of the run of printable ASCII (0x20-0x7e) at the start of p.  The
 * common case, so eight bytes are tested at once: a word passes when no
 * byte has its top bit set, none is below 0x20 and none is 0x7f.
 */
static inline size_t
text_ascii_run(const unsigned char *p, size_t len)
{
	const uint64_t	 ones = 0x0101010101010101ULL;
	const uint64_t	 highs = 0x8080808080808080ULL;
	uint64_t	 v, d;
	size_t		 i = 0;

	while (len - i >= 8) {
		memcpy(&v, p + i, sizeof v);
		if ((v & highs) != 0)
			break;
		if (((v - ones * 0x20) & ~v & highs) != 0)
			break;
		d = v ^ (ones * 0x7f);
		if (((d - ones) & ~d & highs) != 0)
			break;
		i += 8;
	}
	while (i < len && p[i] >= 0x20 && p[i] < 0x7f)
		i++;
	return i;
}

/*
 * Decode one UTF-8 character from p (len > 0 bytes), strictly: overlong
 * forms, surrogates and values past U+10FFFF are invalid.  Returns the
 * bytes used; for invalid input *cp is TEXT_INVALID and the length is that
 * of the maximal valid prefix (at least 1), as Unicode recommends, so each
 * broken sequence becomes one U+FFFD.  Continuation bytes are tested one at
 * a time, so a NUL stops the decoder before it reads further.
 */
static inline size_t
text_utf8_get(const unsigned char *p, size_t len, uint32_t *cp)
{
	uint32_t	c = p[0];
	size_t		need, i;
	unsigned char	lo = 0x80, hi = 0xbf;

	*cp = TEXT_INVALID;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		need = 1;
		c &= 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		if (c == 0xe0)
			lo = 0xa0;		/* overlong */
		else if (c == 0xed)
			hi = 0x9f;		/* surrogates */
		c &= 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		if (c == 0xf0)
			lo = 0x90;		/* overlong */
		else if (c == 0xf4)
			hi = 0x8f;		/* past U+10FFFF */
		c &= 0x07;
	} else
		return 1;
	for (i = 1; i <= need; i++) {
		if (i >= len || p[i] < lo || p[i] > hi)
			return i;
		c = (c << 6) | (p[i] & 0x3f);
		lo = 0x80;
		hi = 0xbf;
	}
	*cp = c;
	return need + 1;
}

/* Whether p starts with a C1 control encoded in UTF-8 (U+0080-009F). */
static bool
text_is_c1(const unsigned char *p, size_t len)
{
	return len >= 2 && p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f;
}

/*
 * Bytes to remove for a control sequence whose introducer (ESC [, or the
 * C1 CSI, and so on) takes the first intro bytes of p.  The whole sequence
 * when it ends within TEXT_SEQ_MAX bytes; the introducer alone when it is
 * malformed, unfinished or too long.
 *
 * Ends follow the DEC/ECMA-48 parser terminals use: a CSI runs to its final
 * byte (0x40-0x7e); a string runs to ST (ESC \ or U+009C) or BEL.  CAN and
 * SUB cancel either (and go with it); ESC or another C1 control ends it and
 * starts something new, which is then looked at on its own.
 */
static size_t
text_seq_len(const unsigned char *p, size_t len, size_t intro,
    enum text_seq kind)
{
	size_t		i, end;
	unsigned char	c;

	end = len;
	if (end - intro > TEXT_SEQ_MAX)
		end = intro + TEXT_SEQ_MAX;
	for (i = intro; i < end; i++) {
		c = p[i];
		if (c == 0x18 || c == 0x1a)
			return i + 1;
		if (c == 0x1b) {
			if (kind == TEXT_SEQ_STRING && i + 1 < len &&
			    p[i + 1] == '\\')
				return i + 2;
			return i;
		}
		if (text_is_c1(p + i, len - i)) {
			if (kind == TEXT_SEQ_STRING && p[i + 1] == 0x9c)
				return i + 2;
			return i;
		}
		if (kind == TEXT_SEQ_CSI) {
			if (c >= 0x40 && c <= 0x7e)
				return i + 1;
			if (c < 0x20 || c > 0x3f)
				return intro;
		} else if (c == 0x07)
			return i + 1;
	}
	return intro;
}

/*
 * Bytes to remove for the escape sequence starting at p[0] == ESC: CSI
 * and the string sequences go to text_seq_len(); anything else is ESC,
 * intermediates (0x20-0x2f) and a final byte (0x30-0x7e).  A lone or
 * unfinished ESC is removed by itself.
 */
static size_t
text_escape_len(const unsigned char *p, size_t len)
{
	size_t	i;

	if (len < 2)
		return 1;
	switch (p[1]) {
	case '[':
		return text_seq_len(p, len, 2, TEXT_SEQ_CSI);
	case ']':
	case 'P':
	case 'X':
	case '^':
	case '_':
		return text_seq_len(p, len, 2, TEXT_SEQ_STRING);
	}
	for (i = 1; i < len && i <= TEXT_SEQ_MAX; i++) {
		if (p[i] >= 0x30 && p[i] <= 0x7e)
			return i + 1;
		if (p[i] < 0x20 || p[i] > 0x2f)
			break;
	}
	return 1;
}

/*
 * Decide what happens to the character or sequence at p (len > 0 bytes)
 * and set *used to the bytes it covers.  This is the sanitizer's whole
 * policy; text_sanitize() and text_is_clean() both follow it.
 */
static enum text_act
text_step(const unsigned char *p, size_t len, unsigned flags, size_t *used)
{
	uint32_t	cp;

	*used = 1;
	if (p[0] >= 0x20 && p[0] < 0x7f)
		return TEXT_COPY;
	switch (p[0]) {
	case '\n':
		if (flags & TEXT_MULTILINE)
			return TEXT_COPY;
		return TEXT_NEWLINE;
	case '\r':
		if (len > 1 && p[1] == '\n')
			*used = 2;
		return TEXT_NEWLINE;
	case '\t':
		return TEXT_SPACE;
	case 0x1b:
		*used = text_escape_len(p, len);
		return TEXT_DROP;
	}
	if (p[0] < 0x80)
		return TEXT_REPLACE;		/* other C0 controls, DEL */

	*used = text_utf8_get(p, len, &cp);
	if (cp == TEXT_INVALID)
		return TEXT_REPLACE;
	switch (cp) {
	case 0x90:				/* DCS */
	case 0x98:				/* SOS */
	case 0x9d:				/* OSC */
	case 0x9e:				/* PM */
	case 0x9f:				/* APC */
		*used = text_seq_len(p, len, 2, TEXT_SEQ_STRING);
		return TEXT_DROP;
	case 0x9b:				/* CSI */
		*used = text_seq_len(p, len, 2, TEXT_SEQ_CSI);
		return TEXT_DROP;
	case 0x00ad:				/* soft hyphen */
	case 0x061c:				/* ALM */
	case 0x200e:				/* LRM */
	case 0x200f:				/* RLM */
	case 0xfeff:				/* BOM, ZWNBSP */
		return TEXT_DROP;
	case 0x2028:				/* line separator */
	case 0x2029:				/* paragraph separator */
		return TEXT_NEWLINE;
	}
	if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
		return TEXT_DROP;		/* bidi embeddings, isolates */
	if (text_cp_plain(cp))
		return TEXT_COPY;
	return TEXT_REPLACE;
}

/*
 * Whether a decoded code point from U+0080 up is kept as it is.  Not C1
 * controls, the characters text_step() drops or turns into line breaks,
 * noncharacters, or the empty planes 4-13 and unassigned plane 14.
 */
static inline bool
text_cp_plain(uint32_t cp)
{
	if (cp < 0xa0 || cp == 0x00ad || cp == 0x061c)
		return false;
	if (cp < 0x2000)
		return true;			/* the common case */
	if (cp == 0x200e || cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff)
		return false;
	if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe)
		return false;			/* noncharacters */
	if (cp >= 0x40000 && cp < 0xe0000)
		return false;			/* planes 4-13: unassigned */
	if (cp >= 0xe0000 && cp < 0xf0000 && cp != 0xe0001 &&
	    (cp < 0xe0020 || cp > 0xe007f) && (cp < 0xe0100 || cp > 0xe01ef))
		return false;			/* plane 14 beyond tags, VS */
	return true;
}

/*
 * Length of the run at the start of p that sanitizing keeps unchanged:
 * printable ASCII, \n when TEXT_MULTILINE, and plain multibyte characters.
 * Stops before anything text_step() would have to look at, and may stop
 * earlier (text_step() then says COPY), never later.
 */
static size_t
text_plain_run(const unsigned char *p, size_t len, unsigned flags)
{
	size_t		i = 0, n;
	uint32_t	cp;

	for (;;) {
		i += text_ascii_run(p + i, len - i);
		if (i == len)
			break;
		if (p[i] == '\n' && (flags & TEXT_MULTILINE)) {
			i++;
			continue;
		}
		if (p[i] < 0xc2)
			break;
		/*
		 * Lead bytes whose every well-formed character is plain:
		 * U+00C0-05FF, U+0640-07FF, U+1000-1FFF and U+3000-CFFF.
		 */
		if (((p[i] >= 0xc3 && p[i] <= 0xd7) || p[i] >= 0xd9) &&
		    p[i] <= 0xdf && len - i >= 2 && (p[i + 1] & 0xc0) == 0x80) {
			i += 2;
			continue;
		}
		if ((p[i] == 0xe1 || (p[i] >= 0xe3 && p[i] <= 0xec)) &&
		    len - i >= 3 && (p[i + 1] & 0xc0) == 0x80 &&
		    (p[i + 2] & 0xc0) == 0x80) {
			i += 3;
			continue;
		}
		n = text_utf8_get(p + i, len - i, &cp);
		if (cp == TEXT_INVALID || !text_cp_plain(cp))
			break;
		i += n;
	}
	return i;
}

/* Sanitize len bytes of s into a new string; see text.h for the rules. */
char *
text_sanitize(const char *s, size_t len, unsigned flags)
{
	const unsigned char	*p = (const unsigned char *)s;
	char			*out;
	size_t			 i, o, n;

	/* Nothing grows by more than three bytes per input byte. */
	if (len > (SIZE_MAX - 1) / 3)
		fatalx("%s: %zu bytes is too long", __func__, len);
	out = xmalloc(len * 3 + 1);

	i = o = 0;
	while (i < len) {
		n = text_plain_run(p + i, len - i, flags);
		memcpy(out + o, p + i, n);
		i += n;
		o += n;
		if (i == len)
			break;

		switch (text_step(p + i, len - i, flags, &n)) {
		case TEXT_COPY:
			memcpy(out + o, p + i, n);
			o += n;
			break;
		case TEXT_DROP:
			break;
		case TEXT_REPLACE:
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			break;
		case TEXT_SPACE:
			out[o++] = ' ';
			break;
		case TEXT_NEWLINE:
			out[o++] = (flags & TEXT_MULTILINE) ? '\n' : ' ';
			break;
		}
		i += n;
	}
	out[o] = '\0';

	/* Give back the slack when it is worth it. */
	if (len * 3 - o > 64)
		out = xrealloc(out, o + 1);
	return out;
}

/* Replace *sp with its sanitized copy, unless it is clean already. */
void
text_sanitize_field(char **sp, unsigned flags)
{
	char	*clean;
	size_t	 len;

	if (*sp == NULL)
		return;
	len = strlen(*sp);
	if (text_is_clean(*sp, len, flags))
		return;
	clean = text_sanitize(*sp, len, flags);
	free(*sp);
	*sp = clean;
}

/* Whether text_sanitize() would return s unchanged. */
bool
text_is_clean(const char *s, size_t len, unsigned flags)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, n;

	i = 0;
	while (i < len) {
		i += text_plain_run(p + i, len - i, flags);
		if (i == len)
			break;
		if (text_step(p + i, len - i, flags, &n) != TEXT_COPY)
			return false;
		i += n;
	}
	return true;
}

enum tix_err
text_check_out(const char *what, const char *s, unsigned flags, char **cause)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 len = strlen(s), i = 0, n;
	uint32_t		 cp;

	while (i < len) {
		n = text_utf8_get(p + i, len - i, &cp);
		if (cp == TEXT_INVALID)
			return tix_fail(cause, TIX_ERR_INVALID, "%s: byte %zu "
			    "is not UTF-8", what, i + 1);
		if ((cp < 0x20 && !((flags & TEXT_MULTILINE) &&
		    (cp == '\n' || cp == '\t'))) || (cp >= 0x7f && cp <= 0x9f))
			return tix_fail(cause, TIX_ERR_INVALID, "%s: control "
			    "character U+%04X at byte %zu", what, (unsigned)cp,
			    i + 1);
		i += n;
	}
	return TIX_OK;
}

/*
 * Decode one character of s.  At the terminating NUL, *cp is 0 and 0 is
 * returned; bytes that are not valid UTF-8 (text that was never sanitized)
 * give U+FFFD and are stepped over, never past a NUL.
 */
size_t
text_decode(const char *s, unsigned *cp)
{
	uint32_t	c;
	size_t		n;

	if (*s == '\0') {
		*cp = 0;
		return 0;
	}
	n = text_utf8_get((const unsigned char *)s, 4, &c);
	*cp = (c == TEXT_INVALID) ? TEXT_REPL : c;
	return n;
}

/* Binary search for cp in a sorted table of ranges. */
static bool
text_in_table(uint32_t cp, const struct text_range *t, size_t n)
{
	size_t	lo = 0, hi = n, mid;

	if (n == 0 || cp < t[0].lo || cp > t[n - 1].hi)
		return false;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cp > t[mid].hi)
			lo = mid + 1;
		else if (cp < t[mid].lo)
			hi = mid;
		else
			return true;
	}
	return false;
}

/*
 * Columns for one code point: 0 for NUL, controls and combining or format
 * characters, 2 for East Asian wide ones, else 1.
 */
int
text_cp_width(unsigned cp)
{
	if (cp >= 0x20 && cp < 0x7f)
		return 1;
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return 0;
	if (cp < 0x300)
		return 1;
	if (text_in_table(cp, text_zero, TEXT_NITEMS(text_zero)))
		return 0;
	if (text_in_table(cp, text_wide, TEXT_NITEMS(text_wide)))
		return 2;
	return 1;
}

/* Columns of s up to its end or first \n (saturating at INT_MAX). */
int
text_width(const char *s)
{
	unsigned	cp;
	size_t		n;
	int		w = 0, cw;

	while (*s != '\0' && *s != '\n') {
		if ((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7f) {
			cw = 1;
			s++;
		} else {
			n = text_decode(s, &cp);
			cw = text_cp_width(cp);
			s += n;
		}
		if (w > INT_MAX - cw)
			return INT_MAX;
		w += cw;
	}
	return w;
}

/* Bytes of s that fit in cols columns; see text.h. */
size_t
text_fit(const char *s, int cols, int *used)
{
	unsigned	cp;
	const char	*p = s;
	size_t		n;
	int		w = 0, cw;

	if (cols < 0)
		cols = 0;
	while (*p != '\0' && *p != '\n') {
		n = text_decode(p, &cp);
		cw = text_cp_width(cp);
		if (cw > cols - w)
			break;
		w += cw;
		p += n;
	}
	if (used != NULL)
		*used = w;
	return (size_t)(p - s);
}

/*
 * text_fit() for wrapping: as much of s as fits in cols, but at least one
 * character with the zero-width ones that follow it, so a character wider
 * than the whole line still makes progress.
 */
static size_t
text_fit_one(const char *s, int cols, int *used)
{
	unsigned	cp;
	size_t		n, k;
	int		w;

	n = text_fit(s, cols, &w);
	if (n == 0 && *s != '\0' && *s != '\n') {
		n = text_decode(s, &cp);
		w = text_cp_width(cp);
		for (;;) {
			k = text_decode(s + n, &cp);
			if (k == 0 || s[n] == '\n' || text_cp_width(cp) != 0)
				break;
			n += k;
		}
	}
	if (used != NULL)
		*used = w;
	return n;
}

/*
 * Wrap s into lines of at most cols columns (see text.h).  Each \n ends a
 * line; one at the very end does not start another, and an empty s has no
 * lines at all (*starts and *lens are then NULL).  A break at spaces drops
 * them.  A character wider than cols gets a line of its own.
 */
size_t
text_wrap(const char *s, int cols, size_t **starts, size_t **lens)
{
	const char	*p = s, *q, *brk;
	size_t		 nlines = 0, size = 0, n, len;
	int		 used;

	*starts = *lens = NULL;
	if (cols < 1)
		cols = 1;
	while (*p != '\0') {
		n = text_fit_one(p, cols, &used);
		if (p[n] == '\0' || p[n] == '\n') {
			len = n;
			q = p + n;
			if (*q == '\n')
				q++;
		} else {
			/*
			 * Break after the last word that fits: at a space that
			 * follows a non-space, which may be the first byte
			 * that did not fit.
			 */
			brk = NULL;
			for (q = p + 1; q <= p + n; q++) {
				if (*q == ' ' && q[-1] != ' ')
					brk = q;
			}
			if (brk != NULL) {
				len = (size_t)(brk - p);
				q = brk;
				while (*q == ' ')
					q++;
				if (*q == '\n')
					q++;
			} else {
				len = n;
				q = p + n;
			}
		}
		if (nlines == size) {
			size = (size == 0) ? 16 : size * 2;
			*starts = xreallocarray(*starts, size, sizeof **starts);
			*lens = xreallocarray(*lens, size, sizeof **lens);
		}
		(*starts)[nlines] = (size_t)(p - s);
		(*lens)[nlines] = len;
		nlines++;
		p = q;
	}
	return nlines;
}

/* ASCII-only lower case, leaving every other byte alone. */
static unsigned char
text_fold(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return (unsigned char)(c + ('a' - 'A'));
	return c;
}

/*
 * Whether needle occurs in haystack, ignoring ASCII case.  Bytes of
 * multibyte characters compare exactly, so a match never starts or ends
 * inside a character of valid UTF-8.
 */
bool
text_contains(const char *haystack, const char *needle)
{
	const unsigned char	*h = (const unsigned char *)haystack;
	const unsigned char	*n = (const unsigned char *)needle;
	unsigned char		 first;
	size_t			 k;

	if (n[0] == '\0')
		return true;
	first = text_fold(n[0]);
	for (; *h != '\0'; h++) {
		if (text_fold(*h) != first)
			continue;
		for (k = 1; n[k] != '\0'; k++) {
			if (h[k] == '\0')
				return false;
			if (text_fold(h[k]) != text_fold(n[k]))
				break;
		}
		if (n[k] == '\0')
			return true;
	}
	return false;
}
