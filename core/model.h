/*
 * The normalized model, after the Unified.to ticketing API: Ticket,
 * Customer, Note, Category, plus Agent for assignment and authorship.
 *
 * Every record is keyed by (account, id).  "account" is the index of the
 * account in the session's account table (fixed at start-up); ids are the
 * platform's own, as strings.  Times are seconds since the epoch, UTC;
 * 0 means "not set".
 *
 * All strings are owned by the record and freed by record_free().  Text
 * from a platform is raw until record_sanitize() runs (the store does it as
 * a record enters): after that every string is valid UTF-8 with no escape
 * sequences, C0/C1 controls or bidi overrides (multi-line fields keep \n).
 */
#ifndef TIX_MODEL_H
#define TIX_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum tix_kind {
	TIX_KIND_TICKET,
	TIX_KIND_CUSTOMER,
	TIX_KIND_NOTE,
	TIX_KIND_CATEGORY,
	TIX_KIND_AGENT,
	TIX_KIND_COUNT
};

/* Coarse status; the platform's own value is kept beside it. */
enum tix_status {
	TIX_STATUS_ACTIVE,
	TIX_STATUS_CLOSED,
};

/*
 * Unified keeps priority as free text; tix also keeps a level so that the
 * inbox sorts and the picker offers the same four choices everywhere.
 */
enum tix_priority {
	TIX_PRIORITY_NONE,
	TIX_PRIORITY_LOW,
	TIX_PRIORITY_NORMAL,
	TIX_PRIORITY_HIGH,
	TIX_PRIORITY_URGENT,
	TIX_PRIORITY_COUNT
};

/* A vector of owned strings (tags). */
struct strv {
	char	**v;
	size_t	  n;
};

struct ticket {
	char			*id;
	char			*subject;
	char			*description;	/* multi-line */
	enum tix_status		 status;
	char			*status_raw;	/* "pending", "4", ... */
	enum tix_priority	 priority;
	char			*priority_raw;
	char			*customer_id;
	char			*user_id;	/* assignee (an agent id) */
	char			*category_id;
	struct strv		 tags;
	char			*source;	/* "email", "web", ... */
	char			*url;		/* the ticket in the web UI */
	int64_t			 created_at;
	int64_t			 updated_at;
	int64_t			 closed_at;
	int64_t			 due_at;
};

struct contact_point {
	char	*value;		/* an address or a number */
	char	*type;		/* "WORK", "HOME", "MOBILE", ... or NULL */
};

struct customer {
	char			*id;
	char			*name;
	struct contact_point	*emails;
	size_t			 nemails;
	struct contact_point	*telephones;
	size_t			 ntelephones;
	struct strv		 tags;
	int64_t			 created_at;
	int64_t			 updated_at;
};

struct note {
	char	*id;
	char	*ticket_id;
	char	*customer_id;	/* set when the customer wrote it */
	char	*user_id;	/* set when an agent wrote it */
	char	*description;	/* multi-line */
	bool	 is_public;	/* a reply the customer sees, or internal */
	int64_t	 created_at;
	int64_t	 updated_at;
};

struct category {
	char	*id;
	char	*name;
	char	*description;
	char	*parent_id;	/* NULL at the top of the tree */
	bool	 is_active;
};

struct agent {
	char	*id;
	char	*name;
	char	*email;
	bool	 is_me;		/* the authenticated user */
};

/* One record of any kind, tagged. */
struct record {
	enum tix_kind	kind;
	unsigned	account;
	union {
		struct ticket	 ticket;
		struct customer	 customer;
		struct note	 note;
		struct category	 category;
		struct agent	 agent;
	} u;
};

/* A change to a ticket: only the fields named in "fields" are used. */
#define TIX_PATCH_PRIORITY	0x01u
#define TIX_PATCH_STATUS	0x02u
#define TIX_PATCH_CATEGORY	0x04u
#define TIX_PATCH_ASSIGNEE	0x08u
#define TIX_PATCH_TAGS		0x10u
/* Every bit above (core/field.c has one row per bit). */
#define TIX_PATCH_ALL		0x1fu

struct patch {
	unsigned		 fields;
	enum tix_priority	 priority;
	enum tix_status		 status;
	char			*category_id;	/* NULL clears */
	char			*user_id;	/* NULL unassigns */
	struct strv		 tags;		/* the whole new set */
};

/* Records: new zeroed record of a kind, deep copy, free (NULLs *rp). */
struct record	*record_new(enum tix_kind, unsigned account);
struct record	*record_dup(const struct record *);
void		 record_free(struct record **rp);
/* The record's id (every kind has one). */
const char	*record_id(const struct record *);
/* Run the text sanitizer over every string field, in place. */
void		 record_sanitize(struct record *);
/*
 * Records compare equal field by field (used to tell "updated" events);
 * tags compare as sets (core/field.c says how each field compares).
 */
bool		 record_equal(const struct record *, const struct record *);

/*
 * Apply a patch to a ticket in place (the optimistic local change).  A
 * changed level also changes the platform's word beside it: a priority's
 * becomes the level's name, a status's is cleared until the platform
 * confirms.
 */
void		 patch_apply(const struct patch *, struct ticket *);
/*
 * Does the ticket already hold every field the patch sets (tags as a set:
 * platforms hand them back in their own order)?
 */
bool		 patch_held(const struct patch *, const struct ticket *);
void		 patch_copy(struct patch *dst, const struct patch *src);
/*
 * Set the fields of src named in src->fields (TIX_PATCH_ALL bits only)
 * in dst, sanitized (they came from the user and will be shown), and add
 * them to dst->fields.
 */
void		 patch_merge(struct patch *dst, const struct patch *src);
void		 patch_done(struct patch *);

void		 strv_add(struct strv *, const char *);
void		 strv_copy(struct strv *dst, const struct strv *src);
bool		 strv_equal(const struct strv *, const struct strv *);
bool		 strv_has(const struct strv *, const char *);
void		 strv_done(struct strv *);
/* Split "a,b, c" into a strv (trimmed, empty items and duplicates dropped). */
void		 strv_split(struct strv *, const char *list);
/* Join with sep into a new string. */
char		*strv_join(const struct strv *, const char *sep);

const char	*tix_kind_name(enum tix_kind);
const char	*tix_status_name(enum tix_status);	/* "ACTIVE" */
int		 tix_status_parse(const char *, enum tix_status *);
const char	*tix_priority_name(enum tix_priority);	/* "high", "" */
int		 tix_priority_parse(const char *, enum tix_priority *);

/* ISO-8601 UTC ("2026-11-21T10:00:00Z") to and from epoch seconds. */
int		 tix_time_parse(const char *, int64_t *);
/* Writes at most 21 bytes with the NUL. */
void		 tix_time_format(int64_t, char buf[static 21]);

/* Lowercase and trim an e-mail address for matching across accounts. */
char		*tix_email_normalize(const char *);

#endif
