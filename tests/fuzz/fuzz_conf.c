/*
 * libFuzzer target for the config parser (core/conf.c).  The input is a
 * config file.  For any input config_load() either fails with a message
 * that starts "FILE:" and nothing loaded, or succeeds with sections and
 * keys that keep the rules of core/conf.h: known section types, names only
 * where they belong, no duplicate section or key, keys printable without
 * '=' and lines within the file.  A loaded config written back out in
 * canonical form (every value quoted and escaped) loads again to the same
 * sections, keys and values.
 *
 * Built and run by tests/fuzz/run.sh.
 */

#include "config.h"

#include <sys/mman.h>
#include <sys/stat.h>

#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/conf.h"
#include "core/xmalloc.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Stop the run (libFuzzer saves the input) when an invariant breaks. */
#define CHECK(e) do {							\
	if (!(e)) {							\
		fprintf(stderr, "fuzz_conf: %s:%d: CHECK(%s) failed\n",	\
		    __FILE__, __LINE__, #e);				\
		abort();						\
	}								\
} while (0)

/*
 * config_load() reads a path: the input goes to a memory file, read back
 * through /proc/self/fd (a regular file, private like a real config).
 */
struct fuzz_file {
	int	 fd;
	char	*path;
};

static struct fuzz_file	fuzz_in, fuzz_canon;

static void
fuzz_file_open(struct fuzz_file *f, const char *name)
{
	f->fd = memfd_create(name, MFD_CLOEXEC);
	if (f->fd == -1 || fchmod(f->fd, 0600) == -1) {
		perror("fuzz_conf: memfd_create");
		exit(1);
	}
	f->path = xasprintf("/proc/self/fd/%d", f->fd);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_file_open(&fuzz_in, "config");
	fuzz_file_open(&fuzz_canon, "canonical");
	return 0;
}

/* Replace the file's contents with len bytes of data. */
static void
fuzz_write(const struct fuzz_file *f, const void *data, size_t len)
{
	const char	*p = data;
	off_t		 off = 0;
	ssize_t		 n;

	CHECK(ftruncate(f->fd, 0) == 0);
	while (len > 0) {
		n = pwrite(f->fd, p, len, off);
		CHECK(n > 0);
		p += n;
		off += n;
		len -= (size_t)n;
	}
}

/* Lines in the input, counting a last one without a newline. */
static unsigned
fuzz_lines(const uint8_t *data, size_t size)
{
	unsigned	n = 0;
	size_t		i;

	for (i = 0; i < size; i++) {
		if (data[i] == '\n')
			n++;
	}
	if (size > 0 && data[size - 1] != '\n')
		n++;
	return n;
}

/* A failure message: "PATH:..." on one line. */
static void
fuzz_check_cause(const char *cause, const char *path)
{
	CHECK(cause != NULL);
	CHECK(strncmp(cause, path, strlen(path)) == 0);
	CHECK(cause[strlen(path)] == ':');
}

/* Every rule a loaded config keeps. */
static void
fuzz_check_config(const struct config *cf, const char *path,
    unsigned nlines)
{
	const struct config_section	*sec, *other;
	const char			*key, *value, *got;
	char				*label, *cause = NULL;
	size_t				 i, j, k;
	bool				 named;

	CHECK(strcmp(config_path(cf), path) == 0);
	CHECK(config_is_private(cf));
	CHECK(config_section_at(cf, config_section_count(cf)) == NULL);
	for (i = 0; i < config_section_count(cf); i++) {
		sec = config_section_at(cf, i);
		CHECK(sec != NULL && sec->config == cf);
		CHECK(strcmp(sec->file, path) == 0);
		CHECK(sec->line >= 1 && sec->line <= nlines);
		named = strcmp(sec->type, "account") == 0 ||
		    strcmp(sec->type, "view") == 0;
		CHECK(named || strcmp(sec->type, "ui") == 0 ||
		    strcmp(sec->type, "keys") == 0);
		CHECK(named == (sec->name != NULL));
		if (named)
			CHECK(*sec->name != '\0' && strlen(sec->name) <= 64);
		/* Sections are unique, so the lookup finds this one. */
		CHECK(config_find(cf, sec->type, sec->name) == sec);
		label = config_section_label(sec);
		CHECK(label[0] == '[' && label[strlen(label) - 1] == ']');
		free(label);
		if (i > 0) {
			other = config_section_at(cf, i - 1);
			CHECK(other->line < sec->line);
		}

		for (j = 0; j < sec->nentries; j++) {
			config_key_at(sec, j, &key, &value);
			CHECK(*key != '\0');
			for (k = 0; key[k] != '\0'; k++) {
				CHECK(key[k] > 0x20 && key[k] < 0x7f &&
				    key[k] != '=');
			}
			CHECK(strchr(value, '\n') == NULL);
			/* Keys are unique in a section. */
			CHECK(config_get(sec, key) == value);
			CHECK(config_line_of(sec, key) > sec->line);
			CHECK(config_line_of(sec, key) <= nlines);
			if (config_require(sec, key, &got, &cause) == TIX_OK) {
				CHECK(got == value && *value != '\0');
				CHECK(cause == NULL);
			} else {
				CHECK(*value == '\0' && got == NULL);
				fuzz_check_cause(cause, path);
				xfree(&cause);
			}
		}
		/* No key has a space in it, so this one is never set. */
		CHECK(config_get(sec, "no such") == NULL);
		CHECK(config_line_of(sec, "no such") == sec->line);
		CHECK(config_require(sec, "no such", &got, &cause) != TIX_OK);
		CHECK(got == NULL);
		fuzz_check_cause(cause, path);
		CHECK(strstr(cause, "missing key 'no such'") != NULL);
		xfree(&cause);
	}
}

/*
 * The config in canonical form: headers as they are, every value quoted
 * with \" and \\ escaped.  Fails only over the buffer's cap.
 */
static enum tix_err
fuzz_canonical(const struct config *cf, struct buf *b)
{
	const struct config_section	*sec;
	const char			*key, *value, *p;
	size_t				 i, j;
	enum tix_err			 err = TIX_OK;

	for (i = 0; i < config_section_count(cf) && err == TIX_OK; i++) {
		sec = config_section_at(cf, i);
		if (sec->name != NULL)
			err = buf_add_printf(b, "[%s %s]\n", sec->type,
			    sec->name);
		else
			err = buf_add_printf(b, "[%s]\n", sec->type);
		for (j = 0; j < sec->nentries && err == TIX_OK; j++) {
			config_key_at(sec, j, &key, &value);
			err = buf_add_printf(b, "%s = \"", key);
			for (p = value; *p != '\0' && err == TIX_OK; p++) {
				if (*p == '"' || *p == '\\')
					err = buf_add(b, "\\", 1);
				if (err == TIX_OK)
					err = buf_add(b, p, 1);
			}
			if (err == TIX_OK)
				err = buf_add_str(b, "\"\n");
		}
	}
	return err;
}

/* The two configs hold the same sections, keys and values in order. */
static void
fuzz_check_same(const struct config *a, const struct config *b)
{
	const struct config_section	*sa, *sb;
	const char			*ka, *va, *kb, *vb;
	size_t				 i, j;

	CHECK(config_section_count(a) == config_section_count(b));
	for (i = 0; i < config_section_count(a); i++) {
		sa = config_section_at(a, i);
		sb = config_section_at(b, i);
		CHECK(strcmp(sa->type, sb->type) == 0);
		CHECK((sa->name == NULL) == (sb->name == NULL));
		if (sa->name != NULL)
			CHECK(strcmp(sa->name, sb->name) == 0);
		CHECK(sa->nentries == sb->nentries);
		for (j = 0; j < sa->nentries; j++) {
			config_key_at(sa, j, &ka, &va);
			config_key_at(sb, j, &kb, &vb);
			CHECK(strcmp(ka, kb) == 0);
			CHECK(strcmp(va, vb) == 0);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config	*cf = NULL, *again = NULL;
	struct buf	 b;
	char		*cause = NULL;
	enum tix_err	 err;

	fuzz_write(&fuzz_in, data, size);
	err = config_load(fuzz_in.path, &cf, &cause);
	if (err != TIX_OK) {
		CHECK(cf == NULL);
		CHECK(err == TIX_ERR_INVALID || err == TIX_ERR_TOO_LARGE);
		fuzz_check_cause(cause, fuzz_in.path);
		free(cause);
		return 0;
	}
	CHECK(cf != NULL && cause == NULL);
	fuzz_check_config(cf, fuzz_in.path, fuzz_lines(data, size));

	/* A line longer than the parser takes is not a round trip. */
	buf_init(&b, TIX_MAX_LINE);
	if (fuzz_canonical(cf, &b) == TIX_OK) {
		fuzz_write(&fuzz_canon, b.data != NULL ? b.data : "", b.len);
		err = config_load(fuzz_canon.path, &again, &cause);
		if (err != TIX_OK)
			fprintf(stderr, "fuzz_conf: reload: %s\n", cause);
		CHECK(err == TIX_OK);
		fuzz_check_same(cf, again);
		config_free(&again);
	}
	buf_done(&b);
	config_free(&cf);
	return 0;
}
