/*
 * HTML bodies to plain text and back, for the platforms that send and
 * take notes and descriptions as HTML.  Both functions are pure and
 * total: any input, malformed or hostile, gives a result in time linear
 * in its length.  The text they return is raw platform text: it still
 * goes through the sanitizer (core/text.h) before it is shown.
 *
 * html_to_text() reads HTML as a browser would lay it out, roughly:
 *   - tags are dropped; the content of script, style, title, iframe,
 *     noembed and noframes, comments, doctypes and processing
 *     instructions too, and an unclosed tag or comment ends the text;
 *   - <br> is a line break (two in a row leave a blank line); div, li,
 *     tr, dt, dd, section and the like start and end a line; p,
 *     headings, blockquote, pre, table, hr and top-level ul/ol/dl stand
 *     apart as paragraphs, separated by one blank line, never more;
 *   - list items start with "-" (unordered) or "N." (ordered), indented
 *     two spaces per nesting level; table cells are separated by spaces;
 *   - runs of whitespace collapse to one space and spaces at the start
 *     and end of a line go, except inside <pre>, which keeps its spaces
 *     and line breaks;
 *   - character references are decoded: the common named ones (amp lt
 *     gt quot apos nbsp, typographic quotes and dashes, Latin-1
 *     letters and symbols), decimal and hex numeric ones (with the
 *     windows-1252 meanings of 128-159, as browsers do).  A reference
 *     that is unknown, or that would give NUL, a surrogate, a control
 *     character other than whitespace or a value past U+10FFFF, is kept
 *     as written.  &nbsp; becomes a plain space that does not collapse;
 *   - no leading or trailing blank lines.
 *
 * html_from_text() writes text as HTML that platforms render as the
 * author wrote it: & < > " ' escaped; paragraphs (separated by blank
 * lines) each in <p>...</p>; single line breaks as <br>; runs of spaces
 * and leading spaces kept with &nbsp;, a tab as four spaces.  For text
 * with no tab, no \r, no trailing spaces on a line and single blank
 * lines between paragraphs, html_to_text() gives it back unchanged.
 */
#ifndef TIX_HTML_H
#define TIX_HTML_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

/*
 * The text of an HTML document or fragment, at most max bytes long (for
 * example TIX_MAX_FIELD from core/buf.h): past that the text stops at the
 * last whole character that fits and *cut (when cut is not NULL) is set.
 * Returns a new string (never NULL) that the caller frees.
 */
char		*html_to_text(const char *html, size_t max, bool *cut);

/*
 * The HTML body for a plain text into *out (a new string the caller
 * frees; "" for blank text).  TIX_ERR_TOO_LARGE when the HTML would be
 * longer than max bytes: a note is never sent cut short.
 */
enum tix_err	 html_from_text(const char *text, size_t max, char **out,
		    char **cause);

#endif
