/*
 * Text from platforms: the one sanitizer, and display width.
 *
 * Everything a platform sends passes text_sanitize() before it can reach
 * the terminal (the store runs it on every record it takes in).  The
 * result is valid UTF-8 in which:
 *   - invalid or overlong sequences and surrogates become U+FFFD;
 *   - ESC and the whole escape or control sequence it starts (CSI, OSC,
 *     DCS, ...) are removed, as are 8-bit C1 introducers and their
 *     sequences;
 *   - other C0 controls, DEL and C1 controls become U+FFFD, except \n
 *     (kept when TEXT_MULTILINE, else a space) and \t (a space);
 *     \r\n becomes \n, a lone \r a newline or space likewise;
 *   - bidi embeddings, overrides and isolates (U+202A-202E,
 *     U+2066-2069), LRM/RLM/ALM, the BOM/ZWNBSP and soft hyphen are
 *     dropped;
 *   - noncharacters and unassigned-as-unprintable code points become
 *     U+FFFD.
 * It is idempotent: sanitizing sanitized text changes nothing.
 *
 * Width: columns as the terminal will draw them (wcwidth semantics with
 * combining marks as 0, East Asian wide as 2); never negative.
 */
#ifndef TIX_TEXT_H
#define TIX_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

#define TEXT_MULTILINE	0x1u	/* keep \n */

/* A new sanitized copy of len bytes of s (s need not be terminated). */
char	*text_sanitize(const char *s, size_t len, unsigned flags);
/* Sanitize *sp in place (replaces the string); NULL is left alone. */
void	 text_sanitize_field(char **sp, unsigned flags);
/* True when s (len bytes) is already what text_sanitize would return. */
bool	 text_is_clean(const char *s, size_t len, unsigned flags);
/*
 * Is s fit to send to a platform: valid UTF-8 with no C0 control, DEL or
 * C1 control (TEXT_MULTILINE: newline and tab allowed)?  Otherwise
 * TIX_ERR_INVALID "WHAT: byte N is not UTF-8" or "WHAT: control
 * character U+XXXX at byte N".  Text typed by the agent is refused, not
 * quietly changed: the agent sees what would have been sent.
 */
enum tix_err text_check_out(const char *what, const char *s, unsigned flags,
	    char **cause);

/* Decode one UTF-8 character of sanitized text; returns its byte length. */
size_t	 text_decode(const char *s, unsigned *cp);
/* Columns of one code point (0, 1 or 2). */
int	 text_cp_width(unsigned cp);
/* Columns of a sanitized string (up to a \n, which has no width). */
int	 text_width(const char *s);
/*
 * Bytes of s that fit in cols columns without splitting a character;
 * *used (may be NULL) gets the columns those bytes take.  Stops at \n.
 */
size_t	 text_fit(const char *s, int cols, int *used);
/*
 * Wrap s into lines of at most cols columns, breaking at spaces where it
 * can and inside words where it must; \n forces a break.  Returns the
 * number of lines and sets *starts and *lens to new arrays of byte offsets
 * and lengths, which the caller frees.
 */
size_t	 text_wrap(const char *s, int cols, size_t **starts, size_t **lens);
/* Case-insensitive substring search (ASCII folding, UTF-8 safe). */
bool	 text_contains(const char *haystack, const char *needle);

#endif
