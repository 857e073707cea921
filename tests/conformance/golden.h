/*
 * Golden files: recorded-style platform answers under
 * tests/fixtures/PLATFORM/NAME.json and the records tix must make of
 * them in NAME.expected.json (tests/fixtures/README.md has the format).
 *
 * The normalizer of each platform is called through one shim (one row of
 * golden_rows in golden_shims.c), so that when the adapters' entry points
 * change, one function per platform changes with them.
 */
#ifndef TIX_GOLDEN_H
#define TIX_GOLDEN_H

#include <stdbool.h>
#include <stddef.h>

#include <cJSON.h>

#include "core/error.h"
#include "core/json.h"
#include "core/model.h"
#include "core/provider.h"

#define GOLDEN_MAX_PENDING	8

/* One recorded answer, and the request it answers. */
struct golden_answer {
	const char	*method;	/* "GET", "PUT", ... */
	const char	*path;		/* after the API base: "/tickets?..." */
	const cJSON	*request;	/* the request's body, or NULL */
	long		 status;
	const char	*link;		/* the Link header, or NULL */
	const cJSON	*body;		/* the answer's body */
};

/*
 * What an account learns as it goes, across the answers of one file:
 * who "me" is, which ids are agents, the ticket fields.
 */
struct golden_state {
	const char	*web_base;	/* the row's */
	char		 me[JSON_ID_MAX];
	struct strv	 agents;
	cJSON		*ticket_fields;	/* the last /ticket_fields answer */
};

/* A fixture a row's normalizer does not match yet, and why. */
struct golden_pending {
	const char	*fixture;	/* NAME, without .json */
	const char	*why;
};

/* One platform. */
struct golden_row {
	const char	*name;		/* tests/fixtures/NAME/ */
	/* Where ticket links point (the recorded account's web address). */
	const char	*web_base;
	/*
	 * Normalize one answer as the adapter does: its records (account
	 * index 1), removed ids, next cursor and watermark into out.
	 */
	enum tix_err	(*shim)(struct golden_state *,
			    const struct golden_answer *, struct page *out,
			    char **cause);
	struct golden_pending pending[GOLDEN_MAX_PENDING];
};

extern const struct golden_row	golden_rows[];
extern const size_t		golden_nrows;

#endif
