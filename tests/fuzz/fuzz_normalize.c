/*
 * libFuzzer target for the platform normalizers: the REST kit's page
 * reader (providers/rest_list.c, rest_read.c) under each platform's
 * descriptor.  The first byte picks the platform, the list, the category
 * setting and whether a next link came; the rest is a list answer.  For any input:
 *   - the page is read or refused with a one-line cause, never both;
 *   - every record handed out is of the kind listed, has an id, copies
 *     equal to itself, and survives the sanitizer and the JSON output;
 *   - removed ids are ids; the watermark is never negative;
 *   - a bad record is skipped and counted, never a crash.
 *
 * Built and run by tests/fuzz/run.sh (tests/fuzz/run.sh 600 normalize).
 */

#include "config.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "core/json.h"
#include "core/model.h"
#include "core/provider.h"
#include "core/xmalloc.h"
#include "providers/rest.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define CHECK(e) do {							\
	if (!(e))							\
		abort();						\
} while (0)

static const struct rest_platform *const fuzz_platforms[] = {
	&rest_zendesk, &rest_freshdesk,
};

static char			 fuzz_name[] = "fuzz";
static char			 fuzz_web[] = "https://x.example.com";
static struct account		 fuzz_account = { .name = fuzz_name };
static struct rest		 fuzz_rest = {
	.account = &fuzz_account,
	.web_base = fuzz_web,
	.me = "1",
};

/* What a user would rely on in every record of a page. */
static void
fuzz_check_page(const struct page *pg, enum tix_kind kind, int err,
    const char *cause)
{
	struct record	*copy;
	cJSON		*j;

	CHECK(err == TIX_OK ? cause == NULL : cause != NULL);
	if (err != TIX_OK)
		return;
	CHECK(pg->watermark >= 0);
	for (size_t i = 0; i < pg->nremoved; i++)
		CHECK(json_id_valid(pg->removed[i]));
	for (size_t i = 0; i < pg->n; i++) {
		CHECK(pg->records[i]->kind == kind);
		CHECK(record_id(pg->records[i]) != NULL);
		copy = record_dup(pg->records[i]);
		CHECK(record_equal(copy, pg->records[i]));
		record_sanitize(copy);
		j = json_from_record(copy, "fuzz", "fuzz");
		CHECK(j != NULL);
		cJSON_Delete(j);
		record_free(&copy);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool		 ready;
	static char		 field[] = "27642";
	static char		 path[] =
	    "/tickets?updated_since=2026-01-01T00%3A00%3A00Z&page=300";
	const struct rest_platform *pf;
	struct rest_walk	 w;
	struct page		 pg;
	cJSON			*root;
	char			*cause = NULL;
	int			 err;

	if (!ready) {
		json_init();
		hashset_init(&fuzz_rest.agents);
		hashset_add(&fuzz_rest.agents, "1");
		hashmap_init(&fuzz_rest.stamps);
		ready = true;
	}
	if (size < 1)
		return 0;
	pf = fuzz_platforms[data[0] & 1];
	root = cJSON_ParseWithLength((const char *)data + 1, size - 1);
	if (root == NULL)
		return 0;
	fuzz_rest.pf = pf;
	fuzz_rest.category_field = (data[0] & 0x40) != 0 ? field : NULL;
	memset(&w, 0, sizeof w);
	w.list = (unsigned)((data[0] >> 1) & 0x1f) % pf->nlists;
	w.since = 1600000000;
	w.ticket_id = "7";
	w.path = path;
	memset(&pg, 0, sizeof pg);
	err = rest_page_parse(&fuzz_rest, &w, root, (data[0] & 0x80) != 0 ?
	    "/tickets?page=301" : NULL, &pg, &cause);
	fuzz_check_page(&pg, pf->lists[w.list].kind, err, cause);
	free(cause);
	page_done(&pg);
	hashmap_done(&fuzz_rest.stamps, free);
	cJSON_Delete(root);
	return 0;
}
