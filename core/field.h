/*
 * The fields of every record kind, as tables: one row per field of struct
 * ticket, customer, note, category and agent (core/model.h).  A row says
 * where the field sits (offsetof), what type it is, and what each part of
 * tix does with it: its name in JSON output, the patch bit and capability
 * that change it, the filter key that narrows by it, the list column that
 * shows it, how two values compare.  The record operations (dup, free,
 * equal, sanitize, patch apply) in core/model.c, the JSON output in
 * core/json.c and the filter keys in core/filter.c are loops over these
 * tables, so a new field is one new row (and its member in model.h).
 *
 * Row order is the JSON member order.  Rows with json_in (the ticket's
 * "raw" values) come last, so their object follows the plain members.
 *
 * Sanitizing follows the type: FIELD_TEXT keeps line breaks, every other
 * string is one line; empty strings in a FIELD_STRV are dropped.
 *
 * The tables are const and shared by every thread.
 */
#ifndef TIX_FIELD_H
#define TIX_FIELD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/model.h"

/* The string types come first: the code tests for them as type <= REF. */
enum field_type {
	FIELD_STRING,	/* char *, one line */
	FIELD_TEXT,	/* char *, keeps its line breaks */
	FIELD_ID,	/* char *, the record's own id */
	FIELD_REF,	/* char *, the id of a record of kind .ref */
	FIELD_STATUS,	/* enum tix_status */
	FIELD_PRIORITY,	/* enum tix_priority */
	FIELD_STRV,	/* struct strv */
	FIELD_POINTS,	/* struct contact_point *, count at .count_off */
	FIELD_BOOL,	/* bool */
	FIELD_TIME,	/* int64_t epoch seconds, 0 unset */
};

/* How two values of a field compare in record_equal(). */
enum field_cmp {
	FIELD_CMP_EXACT,	/* the same bytes, in the same order */
	FIELD_CMP_SET,		/* FIELD_STRV: the same members, any order */
};

/* Row flags. */
/*
 * FIELD_WORDS: plain filter words search it; on a FIELD_REF, the words of
 * the record it names (the store keeps a ticket's customer's words in its
 * entry, core/store.c; a new kind there needs the store to follow).
 */
#define FIELD_WORDS		0x1u
#define FIELD_FILTER_ME		0x2u	/* key:me is the user (agent refs) */
#define FIELD_FILTER_NONE	0x4u	/* key:none matches it unset */

/* A column of the ticket list. */
struct field_column {
	const char	*title;		/* NULL: not a column */
	int		 width;		/* columns (the least, when it grows) */
};

struct field {
	const char		*name;		/* Unified name: "user_id" */
	const char		*label;		/* for people: "assignee" */
	enum field_type		 type;
	size_t			 off;		/* in the kind's struct */
	size_t			 count_off;	/* FIELD_POINTS: its size_t */
	enum field_cmp		 cmp;
	unsigned		 flags;		/* FIELD_WORDS, ... */
	enum tix_kind		 ref;		/* FIELD_REF: the kind named */

	/* JSON ("tix ... --json"): member name, NULL for none. */
	const char		*json;
	const char		*json_in;	/* NULL, or the object it is in */
	const char		*json_item;	/* FIELD_POINTS: the value key */

	/*
	 * Writes (tickets only).  A field with a raw companion (the
	 * platform's own word for a level) updates it when a patch changes
	 * the level: the level's name for a priority, NULL for a status
	 * (the platform names it when it confirms).
	 */
	unsigned		 patch;		/* TIX_PATCH_*, or 0 */
	size_t			 patch_off;	/* in struct patch */
	unsigned		 cap;		/* TIX_CAP_WRITE_* a write needs */
	const struct field	*raw;		/* the raw companion, or NULL */

	/* The filter language: "key:value", NULL for none. */
	const char		*filter;
	/* The ticket list. */
	struct field_column	 list;
};

/* The ticket's rows, by index (the table's order). */
enum field_ticket_index {
	FIELD_TICKET_ID,
	FIELD_TICKET_SUBJECT,
	FIELD_TICKET_DESCRIPTION,
	FIELD_TICKET_STATUS,
	FIELD_TICKET_PRIORITY,
	FIELD_TICKET_CUSTOMER,
	FIELD_TICKET_ASSIGNEE,
	FIELD_TICKET_CATEGORY,
	FIELD_TICKET_TAGS,
	FIELD_TICKET_SOURCE,
	FIELD_TICKET_URL,
	FIELD_TICKET_CREATED,
	FIELD_TICKET_UPDATED,
	FIELD_TICKET_CLOSED,
	FIELD_TICKET_DUE,
	FIELD_TICKET_STATUS_RAW,
	FIELD_TICKET_PRIORITY_RAW,
	FIELD_TICKET_COUNT
};

extern const struct field	field_ticket[FIELD_TICKET_COUNT];

/* The rows of a kind; *n gets their number.  Row 0 is always the id. */
const struct field	*field_table(enum tix_kind, size_t *n);
/* A kind's field by Unified name ("user_id"), or NULL. */
const struct field	*field_by_name(enum tix_kind, const char *name);
/* The ticket field a TIX_PATCH_* bit changes, or NULL. */
const struct field	*field_by_patch(unsigned bit);
/* The ticket field a filter key narrows by (ASCII case ignored), or NULL. */
const struct field	*field_by_filter(const char *key);

/* Every TIX_CAP_WRITE_* bit a patch of these TIX_PATCH_* fields needs. */
unsigned		 field_patch_caps(unsigned patch_fields);
/*
 * The first field of the patch that an account with caps cannot write,
 * or NULL when it can write them all.
 */
const struct field	*field_patch_refused(unsigned patch_fields,
			    unsigned caps);

/*
 * One field of a record's struct (obj: a struct ticket, customer, ... of
 * the row's kind).  dup sets dst's member to a deep copy of src's without
 * freeing what dst held (dst is a shallow copy, or zeroed); free releases
 * the member and zeroes it.
 */
void	 field_dup(const struct field *, void *dst, const void *src);
void	 field_free(const struct field *, void *obj);
bool	 field_equal(const struct field *, const void *a, const void *b);
void	 field_sanitize(const struct field *, void *obj);

/* The same over every field of a kind (record_dup() and friends). */
void	 field_record_dup(enum tix_kind, void *dst, const void *src);
void	 field_record_free(enum tix_kind, void *obj);
bool	 field_record_equal(enum tix_kind, const void *a, const void *b);
void	 field_record_sanitize(enum tix_kind, void *obj);

/*
 * Patches, over the ticket rows with a patch bit (patch_apply() and
 * friends in core/model.h say what each does).
 */
void	 field_patch_apply(const struct patch *, struct ticket *);
bool	 field_patch_held(const struct patch *, const struct ticket *);
void	 field_patch_copy(struct patch *dst, const struct patch *src);
void	 field_patch_merge(struct patch *dst, const struct patch *src);
void	 field_patch_done(struct patch *);

/* The member a row names inside obj (of the row's kind). */
static inline void *
field_ptr(const struct field *f, void *obj)
{
	return (char *)obj + f->off;
}

static inline const void *
field_cptr(const struct field *f, const void *obj)
{
	return (const char *)obj + f->off;
}

#endif
