/*
 * The configuration file parser.  The whole file is read (capped), then
 * parsed line by line into sections of key/value entries in file order.
 * Errors carry "FILE:LINE:" and name the key or section, never a value.
 */

#include "config.h"

#include "core/conf.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"

/* A config file bigger than this is not a config file. */
#define CONFIG_MAX_FILE		(1u * 1024 * 1024)
/* Longest section name. */
#define CONFIG_MAX_NAME		64

struct config_entry {
	char		*key;
	char		*value;
	unsigned	 line;
};

struct config {
	char			 *path;
	bool			  private;
	struct config_section	**sections;
	size_t			  nsections;
};

/* The section types, with whether they take a name. */
static const struct {
	const char	*type;
	bool		 named;
} config_types[] = {
	{ .type = "account", .named = true },
	{ .type = "view", .named = true },
	{ .type = "ui", .named = false },
	{ .type = "keys", .named = false },
};

/* Space or tab. */
static bool
config_is_space(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* Trim spaces and tabs from both ends of [*start, *start + *len). */
static void
config_trim(const char **start, size_t *len)
{
	while (*len > 0 && config_is_space(**start)) {
		(*start)++;
		(*len)--;
	}
	while (*len > 0 && config_is_space((*start)[*len - 1]))
		(*len)--;
}

/* A key is printable ASCII without spaces or '='. */
static bool
config_valid_key(const char *s, size_t len)
{
	size_t	i;

	if (len == 0)
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] <= 0x20 || s[i] >= 0x7f || s[i] == '=')
			return false;
	}
	return true;
}

/* Account names end up in "ACCOUNT:ID", so keep them plain. */
static bool
config_valid_account(const char *s, size_t len)
{
	size_t	i;

	if (len == 0 || len > CONFIG_MAX_NAME)
		return false;
	for (i = 0; i < len; i++) {
		if ((s[i] < 'a' || s[i] > 'z') && (s[i] < 'A' || s[i] > 'Z') &&
		    (s[i] < '0' || s[i] > '9') && s[i] != '_' &&
		    s[i] != '-' && s[i] != '.')
			return false;
	}
	return true;
}

/* Other names may hold spaces but no control characters. */
static bool
config_valid_name(const char *s, size_t len)
{
	size_t	i;

	if (len == 0 || len > CONFIG_MAX_NAME)
		return false;
	for (i = 0; i < len; i++) {
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f || s[i] == ']')
			return false;
	}
	return true;
}

/* A section as the file spells it, for messages. */
char *
config_section_label(const struct config_section *s)
{
	if (s->name == NULL)
		return xasprintf("[%s]", s->type);
	return xasprintf("[%s %s]", s->type, s->name);
}

/* Read the whole of fd into b (capped); errno is kept on failure. */
static enum tix_err
config_read_fd(int fd, struct buf *b, const char *path, char **cause)
{
	char	chunk[4096];
	ssize_t	n;

	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return tix_fail(cause, TIX_ERR_IO, "%s: %s", path,
			    strerror(errno));
		if (n == 0)
			break;
		if (buf_add(b, chunk, (size_t)n) != TIX_OK)
			return tix_fail(cause, TIX_ERR_TOO_LARGE,
			    "%s: larger than %u KiB", path,
			    CONFIG_MAX_FILE / 1024);
	}
	return TIX_OK;
}

/* Start a new section from the header text inside the brackets. */
static enum tix_err
config_add_section(struct config *cf, unsigned line, const char *s,
    size_t len, struct config_section **out, char **cause)
{
	struct config_section	*sec;
	const char		*type, *name;
	size_t			 tlen, nlen, i, t;

	config_trim(&s, &len);
	type = s;
	for (tlen = 0; tlen < len && !config_is_space(s[tlen]); tlen++)
		/* nothing */;
	name = s + tlen;
	nlen = len - tlen;
	config_trim(&name, &nlen);

	for (t = 0; t < sizeof config_types / sizeof config_types[0]; t++) {
		if (strlen(config_types[t].type) == tlen &&
		    memcmp(config_types[t].type, type, tlen) == 0)
			break;
	}
	if (t == sizeof config_types / sizeof config_types[0]) {
		return tix_fail(cause, TIX_ERR_INVALID,
		    "%s:%u: unknown section type '%.*s' (expected account, "
		    "view, ui or keys)", cf->path, line,
		    (int)(tlen > CONFIG_MAX_NAME ? CONFIG_MAX_NAME : tlen),
		    type);
	}
	if (config_types[t].named && nlen == 0) {
		return tix_fail(cause, TIX_ERR_INVALID,
		    "%s:%u: [%s] needs a name: [%s NAME]", cf->path, line,
		    config_types[t].type, config_types[t].type);
	}
	if (!config_types[t].named && nlen != 0) {
		return tix_fail(cause, TIX_ERR_INVALID,
		    "%s:%u: [%s] takes no name", cf->path, line,
		    config_types[t].type);
	}
	if (nlen != 0) {
		if (t == 0 ? !config_valid_account(name, nlen) :
		    !config_valid_name(name, nlen)) {
			return tix_fail(cause, TIX_ERR_INVALID,
			    "%s:%u: [%s]: bad name (%s)", cf->path, line,
			    config_types[t].type, t == 0 ?
			    "letters, digits, '_', '-' and '.', at most 64" :
			    "at most 64 characters, no control characters");
		}
	}

	for (i = 0; i < cf->nsections; i++) {
		sec = cf->sections[i];
		if (strcmp(sec->type, config_types[t].type) != 0)
			continue;
		if ((sec->name == NULL && nlen == 0) || (sec->name != NULL &&
		    strlen(sec->name) == nlen &&
		    memcmp(sec->name, name, nlen) == 0)) {
			return tix_fail(cause, TIX_ERR_INVALID,
			    "%s:%u: duplicate section [%s%s%.*s] (first on "
			    "line %u)", cf->path, line, sec->type,
			    nlen != 0 ? " " : "", (int)nlen, name, sec->line);
		}
	}

	sec = xcalloc(1, sizeof *sec);
	sec->type = config_types[t].type;
	sec->name = nlen != 0 ? xstrndup(name, nlen) : NULL;
	sec->file = cf->path;
	sec->line = line;
	sec->config = cf;
	cf->sections = xreallocarray(cf->sections, cf->nsections + 1,
	    sizeof *cf->sections);
	cf->sections[cf->nsections++] = sec;
	*out = sec;
	return TIX_OK;
}

/* Decode a quoted value (s starts at the opening quote) into *out. */
static enum tix_err
config_unquote(const struct config *cf, unsigned line,
    const struct config_section *sec, const char *key, const char *s,
    size_t len, char **out, char **cause)
{
	char		*label, *v;
	const char	*why = NULL;
	size_t		 i, n = 0;

	v = xmalloc(len);
	for (i = 1; i < len; i++) {
		if (s[i] == '"')
			break;
		if (s[i] == '\\') {
			if (i + 1 == len || (s[i + 1] != '"' &&
			    s[i + 1] != '\\')) {
				why = "unknown escape (only \\\" and \\\\)";
				goto fail;
			}
			i++;
		}
		v[n++] = s[i];
	}
	if (i == len) {
		why = "missing closing quote";
		goto fail;
	}
	if (i + 1 != len) {
		why = "text after the closing quote";
		goto fail;
	}
	v[n] = '\0';
	*out = v;
	return TIX_OK;

fail:
	explicit_bzero(v, len);
	free(v);
	label = config_section_label(sec);
	tix_fail(cause, TIX_ERR_INVALID, "%s:%u: %s: key '%s': %s", cf->path,
	    line, label, key, why);
	free(label);
	return TIX_ERR_INVALID;
}

/* Add "key = value" (the whole trimmed line) to the current section. */
static enum tix_err
config_add_entry(struct config *cf, unsigned line,
    struct config_section *sec, const char *s, size_t len, char **cause)
{
	struct config_entry	*e;
	const char		*eq, *k, *v;
	char			*key = NULL, *value = NULL, *label = NULL;
	size_t			 klen, vlen, i;
	enum tix_err		 err = TIX_ERR_INVALID;

	eq = memchr(s, '=', len);
	if (eq == NULL) {
		if (sec == NULL) {
			return tix_fail(cause, err, "%s:%u: expected "
			    "'[section]' or 'key = value'", cf->path, line);
		}
		label = config_section_label(sec);
		tix_fail(cause, err, "%s:%u: %s: expected 'key = value'",
		    cf->path, line, label);
		goto out;
	}
	k = s;
	klen = (size_t)(eq - s);
	config_trim(&k, &klen);
	v = eq + 1;
	vlen = len - (size_t)(v - s);
	config_trim(&v, &vlen);

	if (!config_valid_key(k, klen)) {
		if (sec != NULL)
			label = config_section_label(sec);
		tix_fail(cause, err, "%s:%u: %s%sbad key before '=' "
		    "(printable, no spaces)", cf->path, line,
		    label != NULL ? label : "", label != NULL ? ": " : "");
		goto out;
	}
	key = xstrndup(k, klen);
	if (sec == NULL) {
		tix_fail(cause, err, "%s:%u: key '%s' outside any section",
		    cf->path, line, key);
		goto out;
	}
	label = config_section_label(sec);
	for (i = 0; i < sec->nentries; i++) {
		if (strcmp(sec->entries[i].key, key) == 0) {
			tix_fail(cause, err, "%s:%u: %s: duplicate key '%s' "
			    "(first on line %u)", cf->path, line, label, key,
			    sec->entries[i].line);
			goto out;
		}
	}

	if (vlen > 0 && v[0] == '"') {
		err = config_unquote(cf, line, sec, key, v, vlen, &value,
		    cause);
		if (err != TIX_OK)
			goto out;
	} else
		value = xstrndup(v, vlen);

	sec->entries = xreallocarray(sec->entries, sec->nentries + 1,
	    sizeof *sec->entries);
	e = &sec->entries[sec->nentries++];
	e->key = key;
	e->value = value;
	e->line = line;
	key = NULL;
	err = TIX_OK;

out:
	free(key);
	free(label);
	return err;
}

/* Parse one line (without its newline). */
static enum tix_err
config_parse_line(struct config *cf, unsigned line, const char *s,
    size_t len, struct config_section **sec, char **cause)
{
	if (len > TIX_MAX_LINE) {
		return tix_fail(cause, TIX_ERR_INVALID,
		    "%s:%u: line longer than %u bytes", cf->path, line,
		    TIX_MAX_LINE);
	}
	if (memchr(s, '\0', len) != NULL) {
		return tix_fail(cause, TIX_ERR_INVALID, "%s:%u: NUL byte",
		    cf->path, line);
	}
	if (line == 1 && len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		s += 3;
		len -= 3;
	}
	if (len > 0 && s[len - 1] == '\r')
		len--;
	config_trim(&s, &len);
	if (len == 0 || s[0] == '#' || s[0] == ';')
		return TIX_OK;
	if (s[0] == '[') {
		if (s[len - 1] != ']') {
			return tix_fail(cause, TIX_ERR_INVALID,
			    "%s:%u: section header without ']'", cf->path,
			    line);
		}
		return config_add_section(cf, line, s + 1, len - 2, sec,
		    cause);
	}
	return config_add_entry(cf, line, *sec, s, len, cause);
}

/* Parse the file's contents. */
static enum tix_err
config_parse(struct config *cf, const char *data, size_t len, char **cause)
{
	struct config_section	*sec = NULL;
	const char		*p = data, *nl;
	size_t			 left = len, n;
	unsigned		 line = 0;
	enum tix_err		 err;

	while (left > 0) {
		line++;
		nl = memchr(p, '\n', left);
		n = nl != NULL ? (size_t)(nl - p) : left;
		err = config_parse_line(cf, line, p, n, &sec, cause);
		if (err != TIX_OK)
			return err;
		if (nl == NULL)
			break;
		p = nl + 1;
		left -= n + 1;
	}
	return TIX_OK;
}

/* Open, fstat (for the privacy check), read and parse. */
enum tix_err
config_load(const char *path, struct config **out, char **cause)
{
	struct config	*cf = NULL;
	struct stat	 sb;
	struct buf	 b;
	int		 fd;
	enum tix_err	 err;

	*out = NULL;
	buf_init(&b, CONFIG_MAX_FILE);
	fd = open(path, O_RDONLY|O_CLOEXEC|O_NOCTTY);
	if (fd == -1) {
		return tix_fail(cause, errno == ENOENT ? TIX_ERR_NOT_FOUND :
		    TIX_ERR_IO, "%s: %s", path, strerror(errno));
	}
	if (fstat(fd, &sb) == -1) {
		err = tix_fail(cause, TIX_ERR_IO, "%s: %s", path,
		    strerror(errno));
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		err = tix_fail(cause, TIX_ERR_IO, "%s: not a regular file",
		    path);
		goto out;
	}

	cf = xcalloc(1, sizeof *cf);
	cf->path = xstrdup(path);
	cf->private = (sb.st_mode & (S_IRWXG|S_IRWXO)) == 0;

	err = config_read_fd(fd, &b, path, cause);
	if (err != TIX_OK)
		goto out;
	err = config_parse(cf, b.data != NULL ? b.data : "", b.len, cause);
	if (err != TIX_OK)
		goto out;
	*out = cf;
	cf = NULL;

out:
	if (b.data != NULL)
		explicit_bzero(b.data, b.size);
	buf_done(&b);
	config_free(&cf);
	close(fd);
	return err;
}

/* Free everything; values are wiped as they may be secrets. */
void
config_free(struct config **cfp)
{
	struct config		*cf = *cfp;
	struct config_section	*sec;
	size_t			 i, j;

	if (cf == NULL)
		return;
	for (i = 0; i < cf->nsections; i++) {
		sec = cf->sections[i];
		for (j = 0; j < sec->nentries; j++) {
			explicit_bzero(sec->entries[j].value,
			    strlen(sec->entries[j].value));
			free(sec->entries[j].value);
			free(sec->entries[j].key);
		}
		free(sec->entries);
		free((char *)(uintptr_t)sec->name);
		free(sec);
	}
	free(cf->sections);
	free(cf->path);
	free(cf);
	*cfp = NULL;
}

/* The path the config came from. */
const char *
config_path(const struct config *cf)
{
	return cf->path;
}

/* The mode seen at load time. */
bool
config_is_private(const struct config *cf)
{
	return cf->private;
}

/* Number of sections. */
size_t
config_section_count(const struct config *cf)
{
	return cf->nsections;
}

/* The i-th section, or NULL past the end. */
const struct config_section *
config_section_at(const struct config *cf, size_t i)
{
	if (i >= cf->nsections)
		return NULL;
	return cf->sections[i];
}

/* Look a section up by type and name. */
const struct config_section *
config_find(const struct config *cf, const char *type, const char *name)
{
	const struct config_section	*sec;
	size_t				 i;

	for (i = 0; i < cf->nsections; i++) {
		sec = cf->sections[i];
		if (strcmp(sec->type, type) != 0)
			continue;
		if (name == NULL ? sec->name == NULL :
		    sec->name != NULL && strcmp(sec->name, name) == 0)
			return sec;
	}
	return NULL;
}

/* The entry for key, or NULL. */
static const struct config_entry *
config_entry(const struct config_section *sec, const char *key)
{
	size_t	i;

	for (i = 0; i < sec->nentries; i++) {
		if (strcmp(sec->entries[i].key, key) == 0)
			return &sec->entries[i];
	}
	return NULL;
}

/* A key's value, or NULL. */
const char *
config_get(const struct config_section *sec, const char *key)
{
	const struct config_entry	*e;

	e = config_entry(sec, key);
	return e != NULL ? e->value : NULL;
}

/* A key's line, for messages. */
unsigned
config_line_of(const struct config_section *sec, const char *key)
{
	const struct config_entry	*e;

	e = config_entry(sec, key);
	return e != NULL ? e->line : sec->line;
}

/* The i-th key and value of a section. */
void
config_key_at(const struct config_section *sec, size_t i, const char **key,
    const char **value)
{
	*key = sec->entries[i].key;
	*value = sec->entries[i].value;
}

/* A non-empty value, or a message naming file, line and key. */
enum tix_err
config_require(const struct config_section *sec, const char *key,
    const char **value, char **cause)
{
	const struct config_entry	*e;
	char				*label;

	e = config_entry(sec, key);
	if (e != NULL && e->value[0] != '\0') {
		*value = e->value;
		return TIX_OK;
	}
	*value = NULL;
	label = config_section_label(sec);
	if (e == NULL) {
		tix_fail(cause, TIX_ERR_INVALID, "%s:%u: %s: missing key '%s'",
		    sec->file, sec->line, label, key);
	} else {
		tix_fail(cause, TIX_ERR_INVALID, "%s:%u: %s: key '%s' is empty",
		    sec->file, e->line, label, key);
	}
	free(label);
	return TIX_ERR_INVALID;
}

/* XDG_CONFIG_HOME, else HOME, else the password database. */
char *
config_default_path(void)
{
	const char	*xdg, *home;
	struct passwd	*pw;

	xdg = getenv("XDG_CONFIG_HOME");
	if (xdg != NULL && xdg[0] == '/')
		return xasprintf("%s/tix/config", xdg);
	home = getenv("HOME");
	if (home == NULL || home[0] == '\0') {
		pw = getpwuid(getuid());
		home = pw != NULL ? pw->pw_dir : "/";
	}
	return xasprintf("%s/.config/tix/config", home);
}
