/*
 * Themes: one table of semantic roles (what a piece of the screen means),
 * each drawn with a foreground, a background and attributes read from a
 * theme file ("role = fg bg [attributes]").  Drawing code asks only for
 * the attribute of a role, never for a colour.
 */
#ifndef TIX_TUI_THEME_H
#define TIX_TUI_THEME_H

#include <stdbool.h>

#include "tui/curses.h"
#include "core/error.h"

/*
 * The roles: enum name, name in theme files, and the attributes used when
 * there is no colour (NO_COLOR, monochrome terminals), so that every role
 * stays distinguishable in black and white.  To add a role: add a row
 * here, a line to themes/default.theme and themes/mono.theme, and the
 * same line to the built-in copy of default.theme in theme.c.
 */
#define THEME_ROLES(R) \
	R(DEFAULT,		"default",		A_NORMAL) \
	R(HEADER,		"header",		A_REVERSE) \
	R(HEADER_TITLE,		"header.title",		A_REVERSE | A_BOLD) \
	R(STATUS,		"status",		A_REVERSE) \
	R(STATUS_OK,		"status.ok",		A_REVERSE) \
	R(STATUS_BUSY,		"status.busy",		A_REVERSE) \
	R(STATUS_ERROR,		"status.error",		A_REVERSE | A_BOLD) \
	R(MESSAGE,		"message",		A_NORMAL) \
	R(MESSAGE_ERROR,	"message.error",	A_BOLD) \
	R(PROMPT,		"prompt",		A_BOLD) \
	R(PANE_TITLE,		"pane.title",		A_UNDERLINE) \
	R(PANE_FOCUS,		"pane.focus",		A_REVERSE | A_BOLD) \
	R(SEPARATOR,		"separator",		A_NORMAL) \
	R(HINT,			"hint",			A_DIM) \
	R(LIST_ROW,		"list.row",		A_NORMAL) \
	R(LIST_SELECTED,	"list.selected",	A_REVERSE) \
	R(LIST_NEW,		"list.new",		A_BOLD) \
	R(LIST_MARK,		"list.mark",		A_BOLD) \
	R(LIST_CLOSED,		"list.closed",		A_DIM) \
	R(LIST_REF,		"list.ref",		A_NORMAL) \
	R(LIST_AGE,		"list.age",		A_NORMAL) \
	R(PRIORITY_URGENT,	"priority.urgent",	A_BOLD | A_UNDERLINE) \
	R(PRIORITY_HIGH,	"priority.high",	A_BOLD) \
	R(PRIORITY_NORMAL,	"priority.normal",	A_NORMAL) \
	R(PRIORITY_LOW,		"priority.low",		A_DIM) \
	R(PENDING,		"pending",		A_UNDERLINE) \
	R(THREAD_SUBJECT,	"thread.subject",	A_BOLD) \
	R(THREAD_META,		"thread.meta",		A_NORMAL) \
	R(THREAD_AUTHOR,	"thread.author",	A_BOLD) \
	R(THREAD_TIME,		"thread.time",		A_DIM) \
	R(THREAD_BODY,		"thread.body",		A_NORMAL) \
	R(THREAD_INTERNAL,	"thread.internal",	A_NORMAL) \
	R(THREAD_INTERNAL_TAG,	"thread.internal.tag",	A_REVERSE) \
	R(THREAD_SENDING,	"thread.sending",	A_UNDERLINE) \
	R(THREAD_FAILED,	"thread.failed",	A_BOLD | A_UNDERLINE) \
	R(CUSTOMER_NAME,	"customer.name",	A_BOLD) \
	R(CUSTOMER_LABEL,	"customer.label",	A_DIM) \
	R(CUSTOMER_VALUE,	"customer.value",	A_NORMAL) \
	R(CUSTOMER_TAG,		"customer.tag",		A_NORMAL) \
	R(PICKER,		"picker",		A_NORMAL) \
	R(PICKER_TITLE,		"picker.title",		A_REVERSE | A_BOLD) \
	R(PICKER_SELECTED,	"picker.selected",	A_REVERSE) \
	R(PICKER_DISABLED,	"picker.disabled",	A_DIM) \
	R(HELP_KEY,		"help.key",		A_BOLD) \
	R(HELP_TEXT,		"help.text",		A_NORMAL)

enum theme_role {
#define THEME_ENUM(e, n, m) ROLE_##e,
	THEME_ROLES(THEME_ENUM)
#undef THEME_ENUM
	ROLE_COUNT
};

struct theme_style {
	short	fg;	/* -1: the terminal's default */
	short	bg;
	attr_t	attrs;
};

struct theme {
	char			*source;	/* file it came from */
	struct theme_style	 styles[ROLE_COUNT];
	attr_t			 resolved[ROLE_COUNT];	/* after theme_apply */
};

const char	*theme_role_name(enum theme_role);
/* Role by name; -1 when unknown. */
int		 theme_role_find(const char *);

/* A theme from the built-in copy of themes/default.theme. */
struct theme	*theme_builtin(void);
/*
 * Parse theme text over a theme (roles not named keep the default role's
 * colours).  Errors name the source and line: "x.theme:3: unknown role".
 */
enum tix_err	 theme_parse(struct theme *, const char *text,
		    const char *source, char **cause);
/*
 * Find and load a theme: spec is a path (it has a '/') or a name looked
 * up under $XDG_CONFIG_HOME/tix/themes, TIX_DATADIR/themes and
 * TIX_SRCDIR/themes; NULL means "default", which falls back to the
 * built-in copy when no file is found.
 */
enum tix_err	 theme_load(const char *spec, struct theme **out,
		    char **cause);
void		 theme_free(struct theme **);
/*
 * Make the curses attributes (after initscr).  With colour false, or
 * when the terminal has no colours, roles keep their attributes only,
 * plus the monochrome attributes of the role table.
 */
void		 theme_apply(struct theme *, bool colour);
/* The attribute to draw a role with (after theme_apply). */
attr_t		 theme_attr(const struct theme *, enum theme_role);

#endif
