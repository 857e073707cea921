/*
 * Themes: the role table, the theme file parser, the search path, and
 * turning styles into curses attributes (colour pairs, or attributes only
 * for monochrome).
 */
#include "config.h"
#include "tui/theme.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/log.h"
#include "core/xmalloc.h"

#define THEME_MAX_FILE	(64 * 1024)
#define THEME_MAX_TOKENS 12

static const char *theme_role_names[] = {
#define THEME_NAME(e, n, m) n,
	THEME_ROLES(THEME_NAME)
#undef THEME_NAME
};
_Static_assert(sizeof theme_role_names / sizeof theme_role_names[0] ==
    ROLE_COUNT, "theme role names and enum differ");

static const attr_t theme_mono_attrs[] = {
#define THEME_MONO(e, n, m) m,
	THEME_ROLES(THEME_MONO)
#undef THEME_MONO
};
_Static_assert(sizeof theme_mono_attrs / sizeof theme_mono_attrs[0] ==
    ROLE_COUNT, "theme monochrome attributes and enum differ");

/* The built-in copy of themes/default.theme (a unit test compares them). */
static const char theme_default_text[] =
	"default             = default default\n"
	"header              = white   blue    bold\n"
	"header.title        = yellow  blue    bold\n"
	"status              = white   blue\n"
	"status.ok           = green   blue    bold\n"
	"status.busy         = yellow  blue    bold\n"
	"status.error        = white   red     bold\n"
	"message             = default default\n"
	"message.error       = red     default bold\n"
	"prompt              = cyan    default bold\n"
	"pane.title          = cyan    default underline\n"
	"pane.focus          = black   cyan    bold\n"
	"separator           = blue    default\n"
	"hint                = default default dim\n"
	"list.row            = default default\n"
	"list.selected       = black   cyan\n"
	"list.new            = default default bold\n"
	"list.mark           = green   default bold\n"
	"list.closed         = default default dim\n"
	"list.ref            = cyan    default\n"
	"list.age            = default default\n"
	"priority.urgent     = red     default bold\n"
	"priority.high       = yellow  default bold\n"
	"priority.normal     = default default\n"
	"priority.low        = default default dim\n"
	"pending             = magenta default underline\n"
	"thread.subject      = default default bold\n"
	"thread.meta         = cyan    default\n"
	"thread.author       = green   default bold\n"
	"thread.time         = default default dim\n"
	"thread.body         = default default\n"
	"thread.internal     = yellow  default\n"
	"thread.internal.tag = black   yellow  bold\n"
	"thread.sending      = magenta default\n"
	"thread.failed       = red     default bold\n"
	"customer.name       = default default bold\n"
	"customer.label      = cyan    default\n"
	"customer.value      = default default\n"
	"customer.tag        = green   default\n"
	"picker              = default default\n"
	"picker.title        = black   cyan    bold\n"
	"picker.selected     = black   cyan\n"
	"picker.disabled     = default default dim\n"
	"help.key            = yellow  default bold\n"
	"help.text           = default default\n";

static const struct {
	const char	*name;
	short		 colour;
} theme_colours[] = {
	{ .name = "default", .colour = -1 },
	{ .name = "black", .colour = COLOR_BLACK },
	{ .name = "red", .colour = COLOR_RED },
	{ .name = "green", .colour = COLOR_GREEN },
	{ .name = "yellow", .colour = COLOR_YELLOW },
	{ .name = "blue", .colour = COLOR_BLUE },
	{ .name = "magenta", .colour = COLOR_MAGENTA },
	{ .name = "cyan", .colour = COLOR_CYAN },
	{ .name = "white", .colour = COLOR_WHITE },
};

static const struct {
	const char	*name;
	attr_t		 attr;
} theme_attrs[] = {
	{ .name = "normal", .attr = A_NORMAL },
	{ .name = "none", .attr = A_NORMAL },
	{ .name = "bold", .attr = A_BOLD },
	{ .name = "dim", .attr = A_DIM },
	{ .name = "underline", .attr = A_UNDERLINE },
	{ .name = "reverse", .attr = A_REVERSE },
	{ .name = "italic", .attr = A_ITALIC },
	{ .name = "standout", .attr = A_STANDOUT },
	{ .name = "blink", .attr = A_BLINK },
};

static char theme_eq[] = "=";

#define nitems(a) (sizeof (a) / sizeof (a)[0])

/* Name of a role, for theme files and messages. */
const char *
theme_role_name(enum theme_role role)
{
	if ((unsigned)role >= ROLE_COUNT)
		return ("?");
	return (theme_role_names[role]);
}

/* Role by its theme-file name. */
int
theme_role_find(const char *name)
{
	size_t	i;

	for (i = 0; i < ROLE_COUNT; i++) {
		if (strcmp(theme_role_names[i], name) == 0)
			return ((int)i);
	}
	return (-1);
}

/* Parse a colour name: default, a basic name, bright<name>, colorN. */
static int
theme_parse_colour(const char *s, short *out)
{
	size_t	 i;
	long	 n;
	char	*end;

	if (strcmp(s, "-") == 0) {
		*out = -1;
		return (0);
	}
	for (i = 0; i < nitems(theme_colours); i++) {
		if (strcmp(s, theme_colours[i].name) == 0) {
			*out = theme_colours[i].colour;
			return (0);
		}
	}
	if (strncmp(s, "bright", 6) == 0) {
		for (i = 1; i < nitems(theme_colours); i++) {
			if (strcmp(s + 6, theme_colours[i].name) == 0) {
				*out = (short)(theme_colours[i].colour + 8);
				return (0);
			}
		}
		return (-1);
	}
	if (strncmp(s, "colour", 6) == 0)
		s += 6;
	else if (strncmp(s, "color", 5) == 0)
		s += 5;
	else
		return (-1);
	if (*s < '0' || *s > '9')
		return (-1);
	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || n < 0 || n > 255)
		return (-1);
	*out = (short)n;
	return (0);
}

/* Parse an attribute name. */
static int
theme_parse_attr(const char *s, attr_t *out)
{
	size_t	i;

	for (i = 0; i < nitems(theme_attrs); i++) {
		if (strcmp(s, theme_attrs[i].name) == 0) {
			*out |= theme_attrs[i].attr;
			return (0);
		}
	}
	return (-1);
}

/*
 * Split one line (comment already cut) into tokens in place: words
 * separated by blanks, with '=' a token of its own.  Returns the count,
 * or -1 when there are too many.
 */
static int
theme_split(char *line, char **tok)
{
	int	 n = 0;
	char	*p = line;
	bool	 eq = false;

	for (;;) {
		if (eq) {
			/* The '=' that ended the last word. */
			if (n == THEME_MAX_TOKENS)
				return (-1);
			tok[n++] = theme_eq;
			eq = false;
		}
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (*p == '\0')
			break;
		if (n == THEME_MAX_TOKENS)
			return (-1);
		if (*p == '=') {
			tok[n++] = theme_eq;
			*p++ = '\0';
			continue;
		}
		tok[n++] = p;
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\r' &&
		    *p != '=')
			p++;
		if (*p == '=')
			eq = true;
		if (*p != '\0')
			*p++ = '\0';
	}
	return (n);
}

/* Parse one non-empty line into the theme. */
static enum tix_err
theme_parse_line(struct theme *th, bool *seen, char *line, const char *source,
    unsigned lineno, char **cause)
{
	char			*tok[THEME_MAX_TOKENS];
	int			 n, role, i;
	struct theme_style	 st;

	n = theme_split(line, tok);
	if (n == 0)
		return (TIX_OK);
	if (n < 0 || n < 4 || strcmp(tok[1], "=") != 0) {
		return (tix_fail(cause, TIX_ERR_INVALID,
		    "%s:%u: expected \"role = foreground background "
		    "[attributes]\"", source, lineno));
	}
	role = theme_role_find(tok[0]);
	if (role < 0) {
		return (tix_fail(cause, TIX_ERR_INVALID,
		    "%s:%u: unknown role \"%s\"", source, lineno, tok[0]));
	}
	memset(&st, 0, sizeof st);
	if (theme_parse_colour(tok[2], &st.fg) != 0) {
		return (tix_fail(cause, TIX_ERR_INVALID,
		    "%s:%u: unknown colour \"%s\"", source, lineno, tok[2]));
	}
	if (theme_parse_colour(tok[3], &st.bg) != 0) {
		return (tix_fail(cause, TIX_ERR_INVALID,
		    "%s:%u: unknown colour \"%s\"", source, lineno, tok[3]));
	}
	for (i = 4; i < n; i++) {
		if (theme_parse_attr(tok[i], &st.attrs) != 0) {
			return (tix_fail(cause, TIX_ERR_INVALID,
			    "%s:%u: unknown attribute \"%s\"", source, lineno,
			    tok[i]));
		}
	}
	th->styles[role] = st;
	seen[role] = true;
	return (TIX_OK);
}

/* Parse theme text; roles the text does not name take "default"'s colours. */
enum tix_err
theme_parse(struct theme *th, const char *text, const char *source,
    char **cause)
{
	bool		 seen[ROLE_COUNT];
	const char	*p = text, *eol, *hash;
	char		*line;
	unsigned	 lineno = 0;
	size_t		 i, len;
	enum tix_err	 err;

	memset(seen, 0, sizeof seen);
	while (*p != '\0') {
		lineno++;
		eol = strchr(p, '\n');
		len = (eol != NULL) ? (size_t)(eol - p) : strlen(p);
		hash = memchr(p, '#', len);
		if (hash != NULL)
			len = (size_t)(hash - p);
		line = xstrndup(p, len);
		err = theme_parse_line(th, seen, line, source, lineno, cause);
		free(line);
		if (err != TIX_OK)
			return (err);
		if (eol == NULL)
			break;
		p = eol + 1;
	}
	for (i = 1; i < ROLE_COUNT; i++) {
		if (!seen[i]) {
			th->styles[i].fg = th->styles[ROLE_DEFAULT].fg;
			th->styles[i].bg = th->styles[ROLE_DEFAULT].bg;
			th->styles[i].attrs = A_NORMAL;
		}
	}
	return (TIX_OK);
}

/* A new theme with every role in the terminal's default colours. */
static struct theme *
theme_new(const char *source)
{
	struct theme	*th;
	size_t		 i;

	th = xcalloc(1, sizeof *th);
	th->source = xstrdup(source);
	for (i = 0; i < ROLE_COUNT; i++) {
		th->styles[i].fg = -1;
		th->styles[i].bg = -1;
		th->styles[i].attrs = A_NORMAL;
		th->resolved[i] = theme_mono_attrs[i];
	}
	return (th);
}

/* The compiled-in default theme. */
struct theme *
theme_builtin(void)
{
	struct theme	*th;
	char		*cause = NULL;

	th = theme_new("(built-in default)");
	if (theme_parse(th, theme_default_text, th->source, &cause) != TIX_OK)
		fatalx("built-in theme: %s", cause);
	return (th);
}

/* Read a whole (small) file. */
static enum tix_err
theme_read_file(const char *path, char **out, char **cause)
{
	FILE		*f;
	char		*data;
	size_t		 len;
	enum tix_err	 err = TIX_ERR_IO;

	*out = NULL;
	f = fopen(path, "r");
	if (f == NULL) {
		return (tix_fail(cause, TIX_ERR_IO, "%s: %s", path,
		    strerror(errno)));
	}
	data = xmalloc(THEME_MAX_FILE + 1);
	len = fread(data, 1, THEME_MAX_FILE + 1, f);
	if (ferror(f)) {
		tix_fail(cause, TIX_ERR_IO, "%s: read error", path);
		goto out;
	}
	if (len > THEME_MAX_FILE) {
		err = tix_fail(cause, TIX_ERR_TOO_LARGE, "%s: theme too large",
		    path);
		goto out;
	}
	if (memchr(data, '\0', len) != NULL) {
		err = tix_fail(cause, TIX_ERR_INVALID, "%s: not a text file",
		    path);
		goto out;
	}
	data[len] = '\0';
	*out = data;
	data = NULL;
	err = TIX_OK;
out:
	free(data);
	fclose(f);
	return (err);
}

/* Does a regular file exist at path? */
static bool
theme_exists(const char *path)
{
	FILE	*f;

	f = fopen(path, "r");
	if (f == NULL)
		return (false);
	fclose(f);
	return (true);
}

/* The file for a theme name, searched in order; NULL when none. */
static char *
theme_find(const char *name)
{
	const char	*xdg, *home;
	char		*path;

	xdg = getenv("XDG_CONFIG_HOME");
	home = getenv("HOME");
	if (xdg != NULL && *xdg == '/')
		path = xasprintf("%s/tix/themes/%s.theme", xdg, name);
	else if (home != NULL && *home == '/')
		path = xasprintf("%s/.config/tix/themes/%s.theme", home, name);
	else
		path = NULL;
	if (path != NULL && theme_exists(path))
		return (path);
	free(path);

	path = xasprintf("%s/themes/%s.theme", TIX_DATADIR, name);
	if (theme_exists(path))
		return (path);
	free(path);

	path = xasprintf("%s/themes/%s.theme", TIX_SRCDIR, name);
	if (theme_exists(path))
		return (path);
	free(path);
	return (NULL);
}

/* Load a theme by path or name (see theme.h for the search order). */
enum tix_err
theme_load(const char *spec, struct theme **out, char **cause)
{
	struct theme	*th = NULL;
	char		*path = NULL, *text = NULL;
	enum tix_err	 err;

	*out = NULL;
	if (spec == NULL || *spec == '\0')
		spec = "default";
	if (strchr(spec, '/') != NULL)
		path = xstrdup(spec);
	else {
		if (strlen(spec) > NAME_MAX - 6) {
			return (tix_fail(cause, TIX_ERR_INVALID,
			    "theme name too long"));
		}
		path = theme_find(spec);
		if (path == NULL) {
			if (strcmp(spec, "default") == 0) {
				*out = theme_builtin();
				return (TIX_OK);
			}
			return (tix_fail(cause, TIX_ERR_NOT_FOUND,
			    "theme not found: %s", spec));
		}
	}
	err = theme_read_file(path, &text, cause);
	if (err != TIX_OK)
		goto out;
	th = theme_new(path);
	err = theme_parse(th, text, path, cause);
	if (err != TIX_OK) {
		theme_free(&th);
		goto out;
	}
	*out = th;
	log_debug("theme %s", path);
out:
	free(text);
	free(path);
	return (err);
}

/* Free a theme. */
void
theme_free(struct theme **thp)
{
	struct theme	*th = *thp;

	if (th == NULL)
		return;
	free(th->source);
	free(th);
	*thp = NULL;
}

/*
 * Fit a colour to the terminal: bright colours on an 8-colour terminal
 * become the plain colour (bold is added for foregrounds by the caller),
 * anything else out of range the terminal default.
 */
static short
theme_fit_colour(short c, bool *bright)
{
	*bright = false;
	if (c < 0 || c < COLORS)
		return (c);
	if (c >= 8 && c < 16 && COLORS >= 8) {
		*bright = true;
		return ((short)(c - 8));
	}
	return (-1);
}

/* Resolve every role to a curses attribute. */
void
theme_apply(struct theme *th, bool colour)
{
	size_t			 i;
	bool			 defaults = false, bright, bbright;
	short			 fg, bg;
	const struct theme_style *st;

	if (colour && has_colors() && start_color() == OK && COLORS >= 8 &&
	    COLOR_PAIRS > (int)ROLE_COUNT)
		defaults = (use_default_colors() == OK);
	else
		colour = false;

	for (i = 0; i < ROLE_COUNT; i++) {
		st = &th->styles[i];
		if (!colour) {
			th->resolved[i] = st->attrs | theme_mono_attrs[i];
			continue;
		}
		fg = theme_fit_colour(st->fg, &bright);
		bg = theme_fit_colour(st->bg, &bbright);
		if (!defaults) {
			if (fg < 0)
				fg = COLOR_WHITE;
			if (bg < 0)
				bg = COLOR_BLACK;
		}
		init_pair((short)(i + 1), fg, bg);
		th->resolved[i] = st->attrs | COLOR_PAIR((int)i + 1) |
		    (bright ? A_BOLD : A_NORMAL);
	}
}

/* The attribute for a role. */
attr_t
theme_attr(const struct theme *th, enum theme_role role)
{
	if ((unsigned)role >= ROLE_COUNT)
		return (A_NORMAL);
	return (th->resolved[role]);
}
