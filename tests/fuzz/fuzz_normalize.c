/*
 * libFuzzer target for the platform normalizers (providers/zendesk_json.c, freshdesk_json.c on
 * the REST kit).  The first byte picks the platform, the kind and the
 * walk; the rest is a list answer.  For any input:
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
#include "providers/freshdesk_json.h"
#include "providers/rest.h"
#include "providers/zendesk_json.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define CHECK(e) do {							\
	if (!(e))							\
		abort();						\
} while (0)

static const enum tix_kind fuzz_kinds[] = {
	TIX_KIND_TICKET, TIX_KIND_CUSTOMER, TIX_KIND_NOTE, TIX_KIND_CATEGORY,
	TIX_KIND_AGENT,
};
static const enum zd_walk fuzz_walks[] = {
	ZD_WALK_PAGE, ZD_WALK_EXPORT, ZD_WALK_RECENT, ZD_WALK_FIELD,
};

static char			 fuzz_name[] = "fuzz";
static struct account		 fuzz_account = { .name = fuzz_name };
static struct rest_platform	 fuzz_platform = { .name = "Fuzz" };
static struct rest		 fuzz_rest = {
	.pf = &fuzz_platform,
	.account = &fuzz_account,
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
	struct zd_list_req	 zr;
	struct zd_ctx		 zc;
	struct fd_ctx		 fc;
	struct fd_page_walk	 fw;
	struct page		 pg;
	enum tix_kind		 kind;
	cJSON			*root;
	char			*cause = NULL;
	int			 err;

	if (!ready) {
		json_init();
		hashset_init(&fuzz_rest.agents);
		hashset_add(&fuzz_rest.agents, "1");
		ready = true;
	}
	if (size < 1)
		return 0;
	kind = fuzz_kinds[(data[0] >> 1) % 5];
	root = cJSON_ParseWithLength((const char *)data + 1, size - 1);
	if (root == NULL)
		return 0;
	memset(&pg, 0, sizeof pg);
	if ((data[0] & 1) == 0) {
		memset(&zr, 0, sizeof zr);
		memset(&zc, 0, sizeof zc);
		zr.kind = kind;
		zr.walk = fuzz_walks[(data[0] >> 4) % 4];
		/* A field's options are the categories (zd_list_path). */
		if (zr.walk == ZD_WALK_FIELD)
			kind = zr.kind = TIX_KIND_CATEGORY;
		zr.ticket_id = "7";
		zr.field_id = "27642";
		zr.since = 1600000000;
		zc.base.me_id = "1";
		zc.base.web_base = "https://x.zendesk.com";
		zc.base.rest = &fuzz_rest;
		zc.field_id = (data[0] & 0x40) != 0 ? "27642" : NULL;
		err = zd_parse_page(&fuzz_rest, root, &zr, &zc, &pg, &cause);
	} else {
		memset(&fc, 0, sizeof fc);
		fc.base.me_id = "1";
		fc.base.rest = &fuzz_rest;
		fc.field = (data[0] & 0x40) != 0 ? "cf_area" : NULL;
		fw = (struct fd_page_walk){ .kind = kind, .ticket_id = "7",
		    .ctx = &fc, .deleted = (data[0] & 0x80) != 0 };
		err = fd_parse_page(&fuzz_rest, root, &fw,
		    "/tickets?updated_since=2026-01-01T00%3A00%3A00Z&page=300",
		    (data[0] & 0x20) != 0 ? "/tickets?page=301" : NULL, &pg,
		    &cause);
	}
	fuzz_check_page(&pg, kind, err, cause);
	free(cause);
	page_done(&pg);
	cJSON_Delete(root);
	return 0;
}
