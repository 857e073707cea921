/*
 * HTML to plain text and back (see core/html.h).
 *
 * html_to_text() is a single pass over the input with a small layout
 * state: line breaks owed before the next text (0, 1 or 2, so never more
 * than one blank line), a collapsible space owed, the <pre> depth and a
 * short stack of open lists.  Owed breaks and spaces are only written
 * when text follows, which is what drops leading and trailing blank
 * lines and the spaces around line breaks.  The tokenizer follows the
 * HTML5 one where it matters for text (tags, quoted attribute values,
 * comments, raw-text elements, character references) and ignores the
 * rest (no tree building, no foreign content).
 */

#include "config.h"

#include "core/html.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/xmalloc.h"

#define HTML_LIST_MAX	16	/* list levels with their own markers */
#define HTML_ENTITY_MAX	8	/* longest entity name in html_entities */
#define HTML_TAB_SPACES	4	/* html_from_text: a tab as spaces */

/* What a tag does to the text around it; tags not listed do nothing. */
enum html_role {
	HTML_LINE = 1,		/* starts and ends a line: div, tr */
	HTML_PARA,		/* a paragraph apart: p, h1, blockquote */
	HTML_BR,		/* a line break, <br> and </br> alike */
	HTML_PRE,		/* a paragraph that keeps its white space */
	HTML_UL,		/* lists: a paragraph at the top level, */
	HTML_OL,		/* lines when nested */
	HTML_DL,
	HTML_LI,		/* a line with a marker */
	HTML_CELL,		/* td, th: a space between cells */
	HTML_SKIP,		/* raw text that is not shown: script */
};

static const struct html_tag {
	const char	*name;
	enum html_role	 role;
} html_tags[] = {
	{ .name = "address",	.role = HTML_LINE },
	{ .name = "article",	.role = HTML_LINE },
	{ .name = "aside",	.role = HTML_LINE },
	{ .name = "blockquote",	.role = HTML_PARA },
	{ .name = "br",		.role = HTML_BR },
	{ .name = "caption",	.role = HTML_LINE },
	{ .name = "center",	.role = HTML_LINE },
	{ .name = "dd",		.role = HTML_LINE },
	{ .name = "details",	.role = HTML_LINE },
	{ .name = "div",	.role = HTML_LINE },
	{ .name = "dl",		.role = HTML_DL },
	{ .name = "dt",		.role = HTML_LINE },
	{ .name = "fieldset",	.role = HTML_LINE },
	{ .name = "figcaption",	.role = HTML_LINE },
	{ .name = "figure",	.role = HTML_PARA },
	{ .name = "footer",	.role = HTML_LINE },
	{ .name = "form",	.role = HTML_LINE },
	{ .name = "h1",		.role = HTML_PARA },
	{ .name = "h2",		.role = HTML_PARA },
	{ .name = "h3",		.role = HTML_PARA },
	{ .name = "h4",		.role = HTML_PARA },
	{ .name = "h5",		.role = HTML_PARA },
	{ .name = "h6",		.role = HTML_PARA },
	{ .name = "header",	.role = HTML_LINE },
	{ .name = "hr",		.role = HTML_PARA },
	{ .name = "iframe",	.role = HTML_SKIP },
	{ .name = "li",		.role = HTML_LI },
	{ .name = "listing",	.role = HTML_PRE },
	{ .name = "main",	.role = HTML_LINE },
	{ .name = "nav",	.role = HTML_LINE },
	{ .name = "noembed",	.role = HTML_SKIP },
	{ .name = "noframes",	.role = HTML_SKIP },
	{ .name = "ol",		.role = HTML_OL },
	{ .name = "p",		.role = HTML_PARA },
	{ .name = "pre",	.role = HTML_PRE },
	{ .name = "script",	.role = HTML_SKIP },
	{ .name = "section",	.role = HTML_LINE },
	{ .name = "style",	.role = HTML_SKIP },
	{ .name = "summary",	.role = HTML_LINE },
	{ .name = "table",	.role = HTML_PARA },
	{ .name = "td",		.role = HTML_CELL },
	{ .name = "th",		.role = HTML_CELL },
	{ .name = "title",	.role = HTML_SKIP },
	{ .name = "tr",		.role = HTML_LINE },
	{ .name = "ul",		.role = HTML_UL },
};

/*
 * Named character references: the ones mail and help-desk editors
 * write.  Names are case-sensitive, as in HTML.
 */
static const struct html_entity {
	const char	*name;
	uint32_t	 cp;
} html_entities[] = {
	{ .name = "AMP", .cp = 0x26 }, { .name = "amp", .cp = 0x26 },
	{ .name = "LT", .cp = 0x3c }, { .name = "lt", .cp = 0x3c },
	{ .name = "GT", .cp = 0x3e }, { .name = "gt", .cp = 0x3e },
	{ .name = "QUOT", .cp = 0x22 }, { .name = "quot", .cp = 0x22 },
	{ .name = "apos", .cp = 0x27 }, { .name = "nbsp", .cp = 0xa0 },
	{ .name = "ensp", .cp = 0x2002 }, { .name = "emsp", .cp = 0x2003 },
	{ .name = "thinsp", .cp = 0x2009 },
	{ .name = "ndash", .cp = 0x2013 }, { .name = "mdash", .cp = 0x2014 },
	{ .name = "lsquo", .cp = 0x2018 }, { .name = "rsquo", .cp = 0x2019 },
	{ .name = "sbquo", .cp = 0x201a }, { .name = "ldquo", .cp = 0x201c },
	{ .name = "rdquo", .cp = 0x201d }, { .name = "bdquo", .cp = 0x201e },
	{ .name = "laquo", .cp = 0xab }, { .name = "raquo", .cp = 0xbb },
	{ .name = "lsaquo", .cp = 0x2039 }, { .name = "rsaquo", .cp = 0x203a },
	{ .name = "hellip", .cp = 0x2026 }, { .name = "bull", .cp = 0x2022 },
	{ .name = "middot", .cp = 0xb7 }, { .name = "dagger", .cp = 0x2020 },
	{ .name = "trade", .cp = 0x2122 }, { .name = "copy", .cp = 0xa9 },
	{ .name = "reg", .cp = 0xae }, { .name = "deg", .cp = 0xb0 },
	{ .name = "euro", .cp = 0x20ac }, { .name = "pound", .cp = 0xa3 },
	{ .name = "yen", .cp = 0xa5 }, { .name = "cent", .cp = 0xa2 },
	{ .name = "times", .cp = 0xd7 }, { .name = "divide", .cp = 0xf7 },
	{ .name = "plusmn", .cp = 0xb1 }, { .name = "minus", .cp = 0x2212 },
	{ .name = "sect", .cp = 0xa7 }, { .name = "para", .cp = 0xb6 },
	{ .name = "iexcl", .cp = 0xa1 }, { .name = "iquest", .cp = 0xbf },
	{ .name = "frac12", .cp = 0xbd }, { .name = "frac14", .cp = 0xbc },
	{ .name = "larr", .cp = 0x2190 }, { .name = "rarr", .cp = 0x2192 },
	{ .name = "Agrave", .cp = 0xc0 }, { .name = "Aacute", .cp = 0xc1 },
	{ .name = "Acirc", .cp = 0xc2 }, { .name = "Atilde", .cp = 0xc3 },
	{ .name = "Auml", .cp = 0xc4 }, { .name = "Aring", .cp = 0xc5 },
	{ .name = "AElig", .cp = 0xc6 }, { .name = "Ccedil", .cp = 0xc7 },
	{ .name = "Egrave", .cp = 0xc8 }, { .name = "Eacute", .cp = 0xc9 },
	{ .name = "Ecirc", .cp = 0xca }, { .name = "Euml", .cp = 0xcb },
	{ .name = "Iacute", .cp = 0xcd }, { .name = "Ntilde", .cp = 0xd1 },
	{ .name = "Oacute", .cp = 0xd3 }, { .name = "Ocirc", .cp = 0xd4 },
	{ .name = "Ouml", .cp = 0xd6 }, { .name = "Oslash", .cp = 0xd8 },
	{ .name = "Uacute", .cp = 0xda }, { .name = "Uuml", .cp = 0xdc },
	{ .name = "szlig", .cp = 0xdf },
	{ .name = "agrave", .cp = 0xe0 }, { .name = "aacute", .cp = 0xe1 },
	{ .name = "acirc", .cp = 0xe2 }, { .name = "atilde", .cp = 0xe3 },
	{ .name = "auml", .cp = 0xe4 }, { .name = "aring", .cp = 0xe5 },
	{ .name = "aelig", .cp = 0xe6 }, { .name = "ccedil", .cp = 0xe7 },
	{ .name = "egrave", .cp = 0xe8 }, { .name = "eacute", .cp = 0xe9 },
	{ .name = "ecirc", .cp = 0xea }, { .name = "euml", .cp = 0xeb },
	{ .name = "igrave", .cp = 0xec }, { .name = "iacute", .cp = 0xed },
	{ .name = "icirc", .cp = 0xee }, { .name = "iuml", .cp = 0xef },
	{ .name = "ntilde", .cp = 0xf1 }, { .name = "ograve", .cp = 0xf2 },
	{ .name = "oacute", .cp = 0xf3 }, { .name = "ocirc", .cp = 0xf4 },
	{ .name = "otilde", .cp = 0xf5 }, { .name = "ouml", .cp = 0xf6 },
	{ .name = "oslash", .cp = 0xf8 }, { .name = "ugrave", .cp = 0xf9 },
	{ .name = "uacute", .cp = 0xfa }, { .name = "ucirc", .cp = 0xfb },
	{ .name = "uuml", .cp = 0xfc }, { .name = "yacute", .cp = 0xfd },
	{ .name = "yuml", .cp = 0xff },
};

/*
 * What browsers make of &#128; to &#159;: the windows-1252 characters
 * (0 where windows-1252 has none, which keeps the reference as written).
 */
static const uint16_t html_cp1252[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
};

struct html_list {
	enum html_role	 role;		/* HTML_UL, HTML_OL or HTML_DL */
	unsigned	 items;		/* <li> seen, for ordered markers */
};

/* The layout state of html_to_text(). */
struct html_out {
	struct buf	 b;		/* capped at the caller's max */
	unsigned	 breaks;	/* line breaks owed: 0, 1 or 2 */
	bool		 space;		/* a collapsible space owed */
	bool		 over;		/* white space did not fit */
	bool		 full;		/* text did not fit: stop */
	unsigned	 pre;		/* depth of <pre> */
	bool		 pre_start;	/* just after <pre>: one \n dropped */
	unsigned	 lists;		/* depth of open lists */
	struct html_list list[HTML_LIST_MAX];
};

/* HTML's ASCII white space (what collapses outside <pre>). */
static bool
html_is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool
html_is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
html_is_alnum(int c)
{
	return html_is_alpha(c) || (c >= '0' && c <= '9');
}

static int
html_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Do the n bytes at s spell name (lowercase) in any ASCII case? */
static bool
html_name_is(const char *s, size_t n, const char *name)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (name[i] == '\0' || html_lower((unsigned char)s[i]) !=
		    name[i])
			return false;
	}
	return name[n] == '\0';
}

/*
 * The longest prefix of the n bytes at p that ends on a character
 * boundary, when only n bytes fit: a UTF-8 sequence is never split.
 */
static size_t
html_cut(const char *p, size_t n)
{
	size_t		i, need;
	unsigned char	c;

	for (i = n; i > 0 && n - i < 4; i--) {
		c = (unsigned char)p[i - 1];
		if ((c & 0xc0) == 0x80)
			continue;		/* a continuation byte */
		if (c >= 0xf0 && c <= 0xf7)
			need = 4;
		else if (c >= 0xe0 && c <= 0xef)
			need = 3;
		else if (c >= 0xc0 && c <= 0xdf)
			need = 2;
		else
			need = 1;
		return i - 1 + need > n ? i - 1 : n;
	}
	return n;
}

/* Are the n bytes at p all spaces, tabs and newlines? */
static bool
html_all_space(const char *p, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\n')
			return false;
	}
	return true;
}

/*
 * Append n bytes, or as many whole characters as fit under the cap.
 * White space that does not fit stops the text without cutting it,
 * since the end of the text is trimmed anyway; text that follows it, or
 * that does not fit itself, cuts it.
 */
static void
html_add(struct html_out *o, const char *p, size_t n)
{
	if (o->full)
		return;
	if (o->over || n > o->b.max - o->b.len) {
		if (html_all_space(p, n)) {
			o->over = true;
			return;
		}
		n = o->over ? 0 : html_cut(p, o->b.max - o->b.len);
		o->full = true;
	}
	if (n > 0 && buf_add(&o->b, p, n) != TIX_OK)
		o->full = true;		/* not reached: n fits */
}

/* Drop spaces and tabs at the end of the text. */
static void
html_trim_spaces(struct html_out *o)
{
	while (o->b.len > 0 && (o->b.data[o->b.len - 1] == ' ' ||
	    o->b.data[o->b.len - 1] == '\t'))
		o->b.data[--o->b.len] = '\0';
}

/*
 * Write what is owed before more text: the line breaks (the line's
 * trailing spaces go first; newlines already there count), else the
 * collapsible space unless at the start of a line.  Nothing is owed at
 * the start of the text.
 */
static void
html_flush(struct html_out *o)
{
	unsigned	nl;

	if (o->breaks > 0) {
		html_trim_spaces(o);
		for (nl = 0; nl < 2 && nl < o->b.len &&
		    o->b.data[o->b.len - 1 - nl] == '\n'; nl++)
			;
		if (o->b.len > 0 && nl < o->breaks)
			html_add(o, "\n\n", o->breaks - nl);
	} else if (o->space && o->b.len > 0 &&
	    o->b.data[o->b.len - 1] != '\n')
		html_add(o, " ", 1);
	o->breaks = 0;
	o->space = false;
}

/* Text that shows as it is (no white space to collapse in it). */
static void
html_text(struct html_out *o, const char *p, size_t n)
{
	html_flush(o);
	html_add(o, p, n);
}

/* Owe at least n line breaks. */
static void
html_break(struct html_out *o, unsigned n)
{
	if (o->breaks < n)
		o->breaks = n;
}

/* One white-space character of the text. */
static void
html_space(struct html_out *o, char c)
{
	if (o->pre == 0) {
		o->space = true;
		return;
	}
	if (c == '\n' || c == '\r') {
		/* A blank line at the very start is not kept. */
		html_flush(o);
		if (o->b.len > 0)
			html_add(o, "\n", 1);
		return;
	}
	html_text(o, c == '\t' ? "\t" : " ", 1);
}

/* Append code point cp as UTF-8. */
static void
html_char(struct html_out *o, uint32_t cp)
{
	char	u[4];
	size_t	n;

	if (cp == 0xa0) {
		/* &nbsp;: a plain space, but one that does not collapse. */
		html_text(o, " ", 1);
		return;
	}
	if (cp < 0x80 && html_is_space((int)cp)) {
		html_space(o, (char)cp);
		return;
	}
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	html_text(o, u, n);
}

/*
 * A numeric reference after "&#": its code point into *cp and the end
 * (after an optional ';'), or NULL when it is not one we decode.
 */
static const char *
html_numeric(const char *s, uint32_t *cp)
{
	uint32_t	v = 0;
	unsigned	base = 10, d;
	size_t		digits = 0;

	if (*s == 'x' || *s == 'X') {
		base = 16;
		s++;
	}
	for (;; s++, digits++) {
		if (*s >= '0' && *s <= '9')
			d = (unsigned)(*s - '0');
		else if (base == 16 && html_lower(*s) >= 'a' &&
		    html_lower(*s) <= 'f')
			d = (unsigned)(html_lower(*s) - 'a' + 10);
		else
			break;
		/* Past U+10FFFF it is invalid anyway: stop growing. */
		if (v <= 0x10ffff)
			v = v * base + d;
	}
	if (digits == 0)
		return NULL;
	if (*s == ';')
		s++;
	if (v >= 0x80 && v <= 0x9f)
		v = html_cp1252[v - 0x80];
	if (v == 0 || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff) ||
	    v == 0x7f || (v < 0x20 && !html_is_space((int)v)))
		return NULL;
	*cp = v;
	return s;
}

/* A named reference after "&" (with its ';'), or NULL when unknown. */
static const char *
html_named(const char *s, uint32_t *cp)
{
	size_t	n, i;

	for (n = 0; n <= HTML_ENTITY_MAX && html_is_alnum(s[n]); n++)
		;
	if (n == 0 || n > HTML_ENTITY_MAX || s[n] != ';')
		return NULL;
	for (i = 0; i < sizeof html_entities / sizeof html_entities[0]; i++) {
		if (strncmp(html_entities[i].name, s, n) == 0 &&
		    html_entities[i].name[n] == '\0') {
			*cp = html_entities[i].cp;
			return s + n + 1;
		}
	}
	return NULL;
}

/* A character reference at p ('&'); returns where the text goes on. */
static const char *
html_entity(struct html_out *o, const char *p)
{
	const char	*q;
	uint32_t	 cp = 0;

	if (p[1] == '#')
		q = html_numeric(p + 2, &cp);
	else
		q = html_named(p + 1, &cp);
	if (q == NULL) {
		html_text(o, "&", 1);	/* kept as written */
		return p + 1;
	}
	html_char(o, cp);
	return q;
}

/* After the next c, or the end of the text. */
static const char *
html_skip_to(const char *p, char c)
{
	const char	*q = strchr(p, c);

	return q != NULL ? q + 1 : p + strlen(p);
}

/*
 * The attributes of a tag from just after its name: the end of the tag
 * (after '>'), or NULL when the text ends inside it.  Quoted values may
 * hold '>'.
 */
static const char *
html_skip_attrs(const char *p)
{
	char	q;

	for (;;) {
		while (html_is_space((unsigned char)*p) || *p == '/')
			p++;
		if (*p == '\0')
			return NULL;
		if (*p == '>')
			return p + 1;
		/* A name: its first character may be anything, even '='. */
		p++;
		while (*p != '\0' && !html_is_space((unsigned char)*p) &&
		    *p != '/' && *p != '>' && *p != '=')
			p++;
		while (html_is_space((unsigned char)*p))
			p++;
		if (*p != '=')
			continue;
		p++;
		while (html_is_space((unsigned char)*p))
			p++;
		if (*p == '"' || *p == '\'') {
			q = *p;
			p = strchr(p + 1, q);
			if (p == NULL)
				return NULL;
			p++;
		} else {
			while (*p != '\0' && !html_is_space((unsigned char)*p)
			    && *p != '>')
				p++;
		}
	}
}

/*
 * The content of a raw-text element (script, style): skipped up to its
 * end tag, which is left for the caller; an unclosed one ends the text.
 */
static const char *
html_skip_raw(const char *p, const char *name)
{
	const char	*q;
	size_t		 n = strlen(name);

	for (;;) {
		q = strchr(p, '<');
		if (q == NULL)
			return p + strlen(p);
		if (q[1] == '/' && html_name_is(q + 2, n, name) &&
		    (html_is_space((unsigned char)q[2 + n]) || q[2 + n] == '/'
		    || q[2 + n] == '>'))
			return q;
		p = q + 1;
	}
}

/* The table entry of a tag name (n bytes, any case), or NULL. */
static const struct html_tag *
html_tag_find(const char *name, size_t n)
{
	size_t	i;

	for (i = 0; i < sizeof html_tags / sizeof html_tags[0]; i++) {
		if (html_name_is(name, n, html_tags[i].name))
			return &html_tags[i];
	}
	return NULL;
}

/* Start a list item: its own line, indented, with its marker. */
static void
html_item(struct html_out *o)
{
	struct html_list	*l = NULL;
	char			 mark[16];
	unsigned		 i;

	html_break(o, 1);
	html_flush(o);
	if (o->lists > 0 && o->lists <= HTML_LIST_MAX)
		l = &o->list[o->lists - 1];
	for (i = 1; i < o->lists && i < HTML_LIST_MAX; i++)
		html_add(o, "  ", 2);
	if (l != NULL && l->role == HTML_OL) {
		l->items++;
		xsnprintf(mark, sizeof mark, "%u.", l->items);
	} else
		xsnprintf(mark, sizeof mark, "-");
	html_add(o, mark, strlen(mark));
	o->space = true;
}

/* Open (end false) or close a list. */
static void
html_list(struct html_out *o, enum html_role role, bool end)
{
	if (!end) {
		if (o->lists < UINT_MAX)
			o->lists++;
		if (o->lists <= HTML_LIST_MAX) {
			o->list[o->lists - 1].role = role;
			o->list[o->lists - 1].items = 0;
		}
	}
	html_break(o, o->lists <= 1 ? 2 : 1);
	if (end && o->lists > 0)
		o->lists--;
}

/* What a start or end tag does. */
static void
html_tag(struct html_out *o, const struct html_tag *t, bool end)
{
	switch (t->role) {
	case HTML_LINE:
		html_break(o, 1);
		break;
	case HTML_PARA:
		html_break(o, 2);
		break;
	case HTML_BR:
		if (o->breaks < 2)
			o->breaks++;
		break;
	case HTML_PRE:
		html_break(o, 2);
		if (end && o->pre > 0)
			o->pre--;
		else if (!end && o->pre < UINT_MAX) {
			o->pre++;
			o->pre_start = true;
		}
		break;
	case HTML_UL:
	case HTML_OL:
	case HTML_DL:
		html_list(o, t->role, end);
		break;
	case HTML_LI:
		if (end)
			html_break(o, 1);
		else
			html_item(o);
		break;
	case HTML_CELL:
		o->space = true;
		break;
	case HTML_SKIP:
		break;
	}
}

/* Markup at p ('<'); returns where the text goes on. */
static const char *
html_markup(struct html_out *o, const char *p)
{
	const struct html_tag	*t;
	const char		*name, *q;
	size_t			 n;
	bool			 end;

	if (p[1] == '!') {
		/* "<!-->" and "<!--->" are whole (empty) comments too. */
		if (p[2] == '-' && p[3] == '-') {
			q = strstr(p + 2, "-->");
			return q != NULL ? q + 3 : p + strlen(p);
		}
		return html_skip_to(p + 2, '>');	/* doctype, CDATA */
	}
	if (p[1] == '?')
		return html_skip_to(p + 2, '>');
	end = p[1] == '/';
	name = p + (end ? 2 : 1);
	if (!html_is_alpha((unsigned char)*name)) {
		if (!end) {
			html_text(o, "<", 1);	/* "a < b": just text */
			return p + 1;
		}
		if (*name == '>')
			return name + 1;	/* "</>": nothing */
		return html_skip_to(name, '>');
	}
	n = strcspn(name, " \t\n\r\f/>");
	q = html_skip_attrs(name + n);
	if (q == NULL)
		return p + strlen(p);		/* unclosed: the text ends */
	t = html_tag_find(name, n);
	if (t == NULL)
		return q;
	html_tag(o, t, end);
	if (!end && t->role == HTML_SKIP)
		q = html_skip_raw(q, t->name);
	return q;
}

char *
html_to_text(const char *html, size_t max, bool *cut)
{
	struct html_out	 o;
	const char	*p = html;
	size_t		 n;
	bool		 pre_start;

	memset(&o, 0, sizeof o);
	buf_init(&o.b, max);
	while (*p != '\0' && !o.full) {
		pre_start = o.pre_start;
		o.pre_start = false;
		if (*p == '\r' && p[1] == '\n')
			p++;			/* \r\n is one line break */
		switch (*p) {
		case '<':
			p = html_markup(&o, p);
			break;
		case '&':
			p = html_entity(&o, p);
			break;
		case '\n':
		case '\r':
			/* A newline just after <pre> is not content. */
			if (!pre_start)
				html_space(&o, *p);
			p++;
			break;
		case ' ':
		case '\t':
		case '\f':
			html_space(&o, *p);
			p++;
			break;
		default:
			n = strcspn(p, "<& \t\n\r\f");
			html_text(&o, p, n);
			p += n;
			break;
		}
	}
	while (o.b.len > 0 && html_is_space((unsigned char)o.b.data[o.b.len -
	    1]))
		o.b.data[--o.b.len] = '\0';
	if (cut != NULL)
		*cut = o.full;
	return buf_take(&o.b);
}

/* One line of text, escaped; spaces that would collapse as &nbsp;. */
static enum tix_err
html_add_line(struct buf *b, const char *p, size_t len)
{
	const char	*esc;
	size_t		 i = 0, n, k;
	bool		 after_space = true;	/* the line's start counts */
	enum tix_err	 err = TIX_OK;

	while (i < len && err == TIX_OK) {
		switch (p[i]) {
		case '&':
			esc = "&amp;";
			break;
		case '<':
			esc = "&lt;";
			break;
		case '>':
			esc = "&gt;";
			break;
		case '"':
			esc = "&quot;";
			break;
		case '\'':
			esc = "&#39;";
			break;
		case ' ':
		case '\t':
			for (k = p[i] == '\t' ? HTML_TAB_SPACES : 1;
			    k > 0 && err == TIX_OK; k--) {
				err = buf_add_str(b, after_space ? "&nbsp;" :
				    " ");
				after_space = true;
			}
			i++;
			continue;
		default:
			n = strcspn(p + i, "&<>\"' \t\r\n");
			if (n > len - i)
				n = len - i;
			err = buf_add(b, p + i, n);
			i += n;
			after_space = false;
			continue;
		}
		err = buf_add_str(b, esc);
		i++;
		after_space = false;
	}
	return err;
}

/* Is the line only spaces and tabs? */
static bool
html_line_blank(const char *p, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++) {
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\f' &&
		    p[i] != '\v')
			return false;
	}
	return true;
}

enum tix_err
html_from_text(const char *text, size_t max, char **out, char **cause)
{
	struct buf	 b;
	const char	*p = text;
	size_t		 len;
	bool		 open = false, gap = false;
	enum tix_err	 err = TIX_OK;

	*out = NULL;
	buf_init(&b, max);
	while (*p != '\0' && err == TIX_OK) {
		len = strcspn(p, "\r\n");
		if (html_line_blank(p, len)) {
			gap = open;
		} else {
			if (!open)
				err = buf_add_str(&b, "<p>");
			else if (gap)
				err = buf_add_str(&b, "</p><p>");
			else
				err = buf_add_str(&b, "<br>");
			open = true;
			gap = false;
			if (err == TIX_OK)
				err = html_add_line(&b, p, len);
		}
		p += len;
		/* \r\n, \r and \n all end a line. */
		if (*p == '\r' && p[1] == '\n')
			p += 2;
		else if (*p != '\0')
			p++;
	}
	if (err == TIX_OK && open)
		err = buf_add_str(&b, "</p>");
	if (err != TIX_OK) {
		buf_done(&b);
		return tix_fail(cause, err, "the text is too long to send as "
		    "HTML (over %zu bytes)", max);
	}
	*out = buf_take(&b);
	return TIX_OK;
}
