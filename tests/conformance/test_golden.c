/*
 * The golden files: every recorded-style answer under
 * tests/fixtures/PLATFORM/NAME.json, normalized through the platform's
 * shim (golden_shims.c), must give exactly NAME.expected.json.  One
 * cmocka test per file, named "PLATFORM/NAME"; a mismatch prints the
 * difference, expected (-) against got (+).
 *
 * TIX_GOLDEN_UPDATE=1 writes what the normalizers give now into the
 * expected files instead of comparing (refused when CI=true): for a new
 * fixture, or a deliberate change, reviewed with git diff before it is
 * committed.  Fixtures a row lists as pending are skipped, and never
 * rewritten: their expected files are written by hand.
 * CONF_RUN_PENDING=1 compares them too.  tests/fixtures/README.md has the
 * format.
 */

#include "config.h"

#include "tests/conformance/golden.h"

#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cJSON.h>

#include "core/buf.h"
#include "core/json.h"
#include "core/xmalloc.h"

#define GOLDEN_ACCOUNT	"acme"		/* the account's name in records */
#define GOLDEN_MAX_FILE	(8u * 1024 * 1024)
#define GOLDEN_CONTEXT	3		/* lines around a difference */
#define EXPECTED_SUFFIX	".expected.json"

/* One fixture: a sample and its expected records. */
struct golden_case {
	const struct golden_row	*row;
	char			*name;
	char			*sample;	/* path; NULL: an orphan */
	char			*expected;	/* path */
	const char		*pending;	/* why, or NULL */
};

/* The whole file as a string; NULL when it cannot be read. */
static char *
file_read(const char *path)
{
	struct buf	 b;
	FILE		*f;
	char		 chunk[8192];
	size_t		 n;
	enum tix_err	 err = TIX_OK;

	f = fopen(path, "r");
	if (f == NULL)
		return NULL;
	buf_init(&b, GOLDEN_MAX_FILE);
	do {
		n = fread(chunk, 1, sizeof chunk, f);
		if (n > 0)
			err = buf_add(&b, chunk, n);
	} while (n > 0 && err == TIX_OK);
	if (ferror(f) || err != TIX_OK) {
		fclose(f);
		buf_done(&b);
		return NULL;
	}
	fclose(f);
	return buf_take(&b);
}

/* A JSON file, which must parse. */
static cJSON *
json_read(const char *path)
{
	char	*text;
	cJSON	*j;

	text = file_read(path);
	if (text == NULL)
		fail_msg("%s: %s", path, strerror(errno));
	j = cJSON_Parse(text);
	free(text);
	if (j == NULL)
		fail_msg("%s: not valid JSON", path);
	return j;
}

/* A string member, or NULL. */
static const char *
member_string(const cJSON *o, const char *name)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The path after the API base ("/api/v2"), as the adapters see it. */
static const char *
api_path(const char *path)
{
	static const char	base[] = "/api/v2";

	if (strncmp(path, base, sizeof base - 1) == 0 &&
	    path[sizeof base - 1] == '/')
		return path + sizeof base - 1;
	return path;
}

/* What one answer normalizes to. */
static cJSON *
golden_one(const struct golden_row *row, struct golden_state *st,
    const cJSON *it)
{
	const cJSON		*req, *resp, *status;
	struct golden_answer	 a;
	struct page		 pg;
	cJSON			*o, *list;
	char			*cause = NULL, *label;
	enum tix_err		 err;

	req = cJSON_GetObjectItemCaseSensitive(it, "request");
	resp = cJSON_GetObjectItemCaseSensitive(it, "response");
	memset(&a, 0, sizeof a);
	a.method = member_string(req, "method");
	a.path = member_string(req, "path");
	if (a.method == NULL || a.path == NULL || !cJSON_IsObject(resp))
		fail_msg("an interaction needs request.method, request.path "
		    "and response");
	a.path = api_path(a.path);
	a.request = cJSON_GetObjectItemCaseSensitive(req, "body");
	status = cJSON_GetObjectItemCaseSensitive(resp, "status");
	a.status = cJSON_IsNumber(status) ? (long)status->valuedouble : 200;
	a.link = member_string(cJSON_GetObjectItemCaseSensitive(resp,
	    "headers"), "Link");
	a.body = cJSON_GetObjectItemCaseSensitive(resp, "body");

	o = cJSON_CreateObject();
	label = xasprintf("%s %s", a.method, member_string(req, "path"));
	cJSON_AddStringToObject(o, "request", label);
	free(label);
	memset(&pg, 0, sizeof pg);
	err = row->shim(st, &a, &pg, &cause);
	if (err != TIX_OK) {
		/* The kind of error, not the wording. */
		cJSON_AddStringToObject(o, "error", tix_err_name(err));
		free(cause);
		page_done(&pg);
		return o;
	}
	list = cJSON_AddArrayToObject(o, "records");
	for (size_t i = 0; i < pg.n; i++)
		cJSON_AddItemToArray(list, json_from_record(pg.records[i],
		    GOLDEN_ACCOUNT, row->name));
	list = cJSON_AddArrayToObject(o, "removed");
	for (size_t i = 0; i < pg.nremoved; i++)
		cJSON_AddItemToArray(list, cJSON_CreateString(pg.removed[i]));
	cJSON_AddBoolToObject(o, "more", pg.next_cursor != NULL);
	cJSON_AddItemToObject(o, "watermark", json_time(pg.watermark));
	page_done(&pg);
	return o;
}

/* What a sample's answers normalize to, in order. */
static cJSON *
golden_run(const struct golden_row *row, const cJSON *sample)
{
	struct golden_state	 st;
	const cJSON		*its, *it;
	cJSON			*got;

	its = cJSON_GetObjectItemCaseSensitive(sample, "interactions");
	if (!cJSON_IsArray(its) || cJSON_GetArraySize(its) == 0)
		fail_msg("a sample needs a non-empty \"interactions\" array");
	memset(&st, 0, sizeof st);
	st.web_base = row->web_base;
	got = cJSON_CreateArray();
	cJSON_ArrayForEach(it, its)
		cJSON_AddItemToArray(got, golden_one(row, &st, it));
	strv_done(&st.agents);
	cJSON_Delete(st.ticket_fields);
	return got;
}

/* Split text into lines in place; the array is new. */
static char **
lines_split(char *text, size_t *n)
{
	char	**v = NULL;
	char	 *p = text, *nl;

	*n = 0;
	while (*p != '\0') {
		v = xreallocarray(v, *n + 1, sizeof *v);
		v[(*n)++] = p;
		nl = strchr(p, '\n');
		if (nl == NULL)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	return v;
}

/* Print the marked lines near a difference, with @@ between hunks. */
static void
diff_print(const char *mark, const char *const *text, size_t n)
{
	size_t	lo, hi, last = 0;
	bool	near, printed = false;

	print_message("--- expected\n+++ got\n");
	for (size_t k = 0; k < n; k++) {
		lo = k >= GOLDEN_CONTEXT ? k - GOLDEN_CONTEXT : 0;
		hi = k + GOLDEN_CONTEXT < n ? k + GOLDEN_CONTEXT : n - 1;
		near = false;
		for (size_t i = lo; i <= hi; i++)
			near = near || mark[i] != ' ';
		if (!near)
			continue;
		if (printed && k > last + 1)
			print_message("@@\n");
		print_message("%c%s\n", mark[k], text[k]);
		last = k;
		printed = true;
	}
}

/*
 * Print the lines that differ, expected (-) against got (+), with a few
 * lines of context: a longest-common-subsequence diff, small enough for
 * fixtures of some thousand lines.
 */
static void
golden_diff(const char *want_text, const char *got_text)
{
	char		 *w = xstrdup(want_text), *g = xstrdup(got_text);
	char		**a, **b, *mark;
	const char	**text;
	size_t		  na, nb, i, j, n = 0;
	unsigned	 *lcs;

	a = lines_split(w, &na);
	b = lines_split(g, &nb);
	/* lcs[i][j]: the common lines of a[i..] and b[j..]. */
	lcs = xcalloc((na + 1) * (nb + 1), sizeof *lcs);
	for (i = na; i-- > 0;) {
		for (j = nb; j-- > 0;) {
			if (strcmp(a[i], b[j]) == 0)
				lcs[i * (nb + 1) + j] =
				    lcs[(i + 1) * (nb + 1) + j + 1] + 1;
			else if (lcs[(i + 1) * (nb + 1) + j] >
			    lcs[i * (nb + 1) + j + 1])
				lcs[i * (nb + 1) + j] =
				    lcs[(i + 1) * (nb + 1) + j];
			else
				lcs[i * (nb + 1) + j] =
				    lcs[i * (nb + 1) + j + 1];
		}
	}
	/* Walk it: ' ' in both, '-' only expected, '+' only got. */
	mark = xcalloc(na + nb + 1, 1);
	text = xcalloc(na + nb + 1, sizeof *text);
	i = j = 0;
	while (i < na || j < nb) {
		if (i < na && j < nb && strcmp(a[i], b[j]) == 0) {
			mark[n] = ' ';
			text[n++] = a[i++];
			j++;
		} else if (j < nb && (i == na || lcs[i * (nb + 1) + j + 1] >=
		    lcs[(i + 1) * (nb + 1) + j])) {
			mark[n] = '+';
			text[n++] = b[j++];
		} else {
			mark[n] = '-';
			text[n++] = a[i++];
		}
	}
	diff_print(mark, text, n);
	free(text);
	free(mark);
	free(lcs);
	free(a);
	free(b);
	free(w);
	free(g);
}

/* Write the expected file (TIX_GOLDEN_UPDATE=1). */
static void
golden_write(const char *path, const cJSON *got)
{
	FILE	*f;

	f = fopen(path, "w");
	if (f == NULL)
		fail_msg("%s: %s", path, strerror(errno));
	if (json_write(f, got) != 0 || fclose(f) != 0)
		fail_msg("%s: %s", path, strerror(errno));
	print_message("wrote %s\n", path);
}

static bool
env_is(const char *name, const char *value)
{
	const char	*v = getenv(name);

	return v != NULL && strcmp(v, value) == 0;
}

static void
golden_test(void **state)
{
	struct golden_case	*gc = *state;
	cJSON			*sample, *got, *want;
	char			*want_text, *got_text;

	if (gc->sample == NULL)
		fail_msg("%s has no sample %s.json beside it", gc->expected,
		    gc->name);
	/*
	 * A pending fixture's expected file says what tix must make of
	 * it, not what it makes now: it is written by hand, and never
	 * rewritten from today's output.
	 */
	if (gc->pending != NULL && (!env_is("CONF_RUN_PENDING", "1") ||
	    env_is("TIX_GOLDEN_UPDATE", "1"))) {
		print_message("%s/%s: pending: %s\n", gc->row->name, gc->name,
		    gc->pending);
		skip();
	}
	sample = json_read(gc->sample);
	got = golden_run(gc->row, sample);
	cJSON_Delete(sample);
	if (env_is("TIX_GOLDEN_UPDATE", "1")) {
		if (env_is("CI", "true"))
			fail_msg("TIX_GOLDEN_UPDATE is for a person, not CI");
		golden_write(gc->expected, got);
		cJSON_Delete(got);
		return;
	}
	want_text = file_read(gc->expected);
	if (want_text == NULL)
		fail_msg("no %s: write it with TIX_GOLDEN_UPDATE=1 (see "
		    "tests/fixtures/README.md)", gc->expected);
	want = cJSON_Parse(want_text);
	free(want_text);
	if (want == NULL)
		fail_msg("%s: not valid JSON", gc->expected);
	if (!cJSON_Compare(want, got, true)) {
		want_text = cJSON_Print(want);
		got_text = cJSON_Print(got);
		golden_diff(want_text, got_text);
		cJSON_free(want_text);
		cJSON_free(got_text);
		cJSON_Delete(want);
		cJSON_Delete(got);
		fail_msg("%s/%s: the records differ from %s", gc->row->name,
		    gc->name, gc->expected);
	}
	cJSON_Delete(want);
	cJSON_Delete(got);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Does s end with suffix? */
static bool
ends_with(const char *s, const char *suffix)
{
	size_t	n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The fixtures of one row, as cases appended to *cases. */
static void
golden_find(const struct golden_row *row, const char *top,
    struct golden_case **cases, size_t *ncases)
{
	struct golden_case	*gc;
	struct dirent		*d;
	DIR			*dir;
	char			*path, **names = NULL, *sample;
	size_t			 n = 0, len;

	path = xasprintf("%s/tests/fixtures/%s", top, row->name);
	dir = opendir(path);
	if (dir == NULL) {
		fprintf(stderr, "test_golden: %s: %s\n", path,
		    strerror(errno));
		exit(1);
	}
	for (d = readdir(dir); d != NULL; d = readdir(dir)) {
		if (d->d_name[0] == '.' || !ends_with(d->d_name, ".json"))
			continue;
		names = xreallocarray(names, n + 1, sizeof *names);
		names[n++] = xstrdup(d->d_name);
	}
	closedir(dir);
	qsort(names, n, sizeof *names, name_cmp);
	for (size_t i = 0; i < n; i++) {
		*cases = xreallocarray(*cases, *ncases + 1, sizeof **cases);
		gc = &(*cases)[(*ncases)++];
		memset(gc, 0, sizeof *gc);
		gc->row = row;
		if (ends_with(names[i], EXPECTED_SUFFIX)) {
			/* An expected file: a case only when orphaned. */
			len = strlen(names[i]) - strlen(EXPECTED_SUFFIX);
			gc->name = xstrndup(names[i], len);
			sample = xasprintf("%s.json", gc->name);
			if (bsearch(&sample, names, n, sizeof *names,
			    name_cmp) != NULL) {
				free(sample);
				free(gc->name);
				(*ncases)--;
				continue;
			}
			free(sample);
		} else {
			len = strlen(names[i]) - strlen(".json");
			gc->name = xstrndup(names[i], len);
			gc->sample = xasprintf("%s/%s", path, names[i]);
		}
		gc->expected = xasprintf("%s/%s%s", path, gc->name,
		    EXPECTED_SUFFIX);
		for (size_t k = 0; k < GOLDEN_MAX_PENDING; k++) {
			if (row->pending[k].fixture != NULL &&
			    strcmp(row->pending[k].fixture, gc->name) == 0)
				gc->pending = row->pending[k].why;
		}
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(path);
}

int
main(void)
{
	struct golden_case	*cases = NULL;
	struct CMUnitTest	*tests;
	const char		*top;
	size_t			 n = 0;
	int			 rc;

	json_init();
	top = getenv("abs_top_srcdir");
	if (top == NULL || *top == '\0')
		top = TIX_SRCDIR;
	for (size_t r = 0; r < golden_nrows; r++)
		golden_find(&golden_rows[r], top, &cases, &n);
	tests = xcalloc(n + 1, sizeof *tests);
	for (size_t i = 0; i < n; i++) {
		tests[i].name = xasprintf("%s/%s", cases[i].row->name,
		    cases[i].name);
		tests[i].test_func = golden_test;
		tests[i].initial_state = &cases[i];
	}
	rc = _cmocka_run_group_tests("golden", tests, n, NULL, NULL);
	for (size_t i = 0; i < n; i++) {
		free((char *)(uintptr_t)tests[i].name);
		free(cases[i].name);
		free(cases[i].sample);
		free(cases[i].expected);
	}
	free(tests);
	free(cases);
	return rc;
}
