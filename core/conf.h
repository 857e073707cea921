/*
 * The configuration file: $XDG_CONFIG_HOME/tix/config (default
 * ~/.config/tix/config) or the file given with --config.
 *
 * INI style:
 *
 *	# a comment (also ';'), on its own line
 *	[account acme]
 *	provider = zendesk
 *	subdomain = acme
 *	token_cmd = pass show tix/acme
 *
 *	[view urgent]
 *	filter = "priority:urgent status:active"
 *
 * Sections are [account NAME], [view NAME], [ui] and [keys].  Lines are
 * "key = value"; whitespace around keys and values is trimmed.  A value
 * may be "double-quoted" to keep leading or trailing spaces; inside
 * quotes \" and \\ are the only escapes.  There are no trailing
 * comments: a '#' after a value is part of the value.
 *
 * Loading is strict.  An unknown section type, a key outside a section,
 * a duplicate section or key, a line without '=', a line longer than
 * TIX_MAX_LINE or an unreadable file is an error "FILE:LINE: message"
 * that names the key or section but never echoes a value (values may be
 * secrets).
 *
 * A loaded config is read-only and may be read from any thread.
 *
 * (The file is conf.h, not config.h: a core/config.h would shadow the
 * generated config.h that every file in core/ includes first.)
 */
#ifndef TIX_CONF_H
#define TIX_CONF_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

struct config;
struct config_entry;

/* One [type name] section.  All fields are owned by the config. */
struct config_section {
	const char		*type;	/* "account", "view", "ui", "keys" */
	const char		*name;	/* "acme"; NULL for [ui] and [keys] */
	const char		*file;	/* the file it came from */
	unsigned		 line;	/* of the [header] */
	const struct config	*config; /* the config it belongs to */

	/* Private: use config_get() and config_key_at(). */
	struct config_entry	*entries;
	size_t			 nentries;
};

/*
 * Load and check the file at path.  Fails with TIX_ERR_NOT_FOUND when the
 * file does not exist (the caller may fall back to the demo), TIX_ERR_IO
 * when it cannot be read and TIX_ERR_INVALID for a syntax error.
 */
enum tix_err	 config_load(const char *path, struct config **out,
		    char **cause);
/* Free the config (values are wiped first: they may be secrets). */
void		 config_free(struct config **);

/* The path the config was loaded from. */
const char	*config_path(const struct config *);
/*
 * True when the file was not readable or writable by group or others
 * when it was loaded (checked with fstat on the open file).
 */
bool		 config_is_private(const struct config *);

/* Sections, in file order. */
size_t		 config_section_count(const struct config *);
const struct config_section *config_section_at(const struct config *,
		    size_t);
/* The section [type name] (name NULL for [ui], [keys]), or NULL. */
const struct config_section *config_find(const struct config *,
		    const char *type, const char *name);

/* The value of key in the section, or NULL when it is not set. */
const char	*config_get(const struct config_section *, const char *key);
/* The line key is on, or the section's line when it is not set. */
unsigned	 config_line_of(const struct config_section *, const char *key);
/* Keys in file order, for checking or listing: i < s->nentries. */
void		 config_key_at(const struct config_section *, size_t i,
		    const char **key, const char **value);

/*
 * Set *value to the non-empty value of key, or fail with TIX_ERR_INVALID
 * and "FILE:LINE: [account acme]: missing key 'subdomain'".
 */
enum tix_err	 config_require(const struct config_section *,
		    const char *key, const char **value, char **cause);

/* "[account acme]" or "[ui]", for messages; the caller frees it. */
char		*config_section_label(const struct config_section *);

/*
 * The default path: $XDG_CONFIG_HOME/tix/config when XDG_CONFIG_HOME is
 * set to an absolute path, else $HOME/.config/tix/config (the password
 * database's home when HOME is unset).  The caller frees it.
 */
char		*config_default_path(void);

#endif
