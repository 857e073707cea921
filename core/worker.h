/*
 * Workers: one thread per account runs that account's provider calls, one
 * job at a time, so a provider never sees two calls at once for an
 * account.  A job goes in with worker_submit() and comes back, filled in,
 * on the results queue the worker was given; ownership moves with it.
 */
#ifndef TIX_WORKER_H
#define TIX_WORKER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"
#include "core/model.h"
#include "core/provider.h"

struct queue;
struct worker;

enum job_type {
	JOB_OPEN,	/* provider open(), again to retry */
	JOB_LIST,	/* one page of list() */
	JOB_GET,
	JOB_CREATE,
	JOB_UPDATE,
};

struct job {
	uint64_t	 id;
	enum job_type	 type;
	unsigned	 account;
	enum tix_kind	 kind;

	/* In. */
	char		*target_id;	/* get/update; notes: ticket */
	char		*cursor;	/* list: page cursor or NULL */
	int64_t		 updated_since;	/* list */
	struct record	*record;	/* create */
	struct patch	 patch;		/* update */
	/* The session's own bookkeeping; the worker leaves it alone. */
	unsigned	 purpose;
	uint64_t	 tag;

	/* Out. */
	enum tix_err	 err;
	char		*cause;
	struct page	 page;		/* list */
	struct record	*result;	/* get/create/update */
	/* create/update failed after the request may have been stored. */
	bool		 maybe_sent;
};

struct job	*job_new(enum job_type, unsigned account, enum tix_kind);
void		 job_free(struct job **);

/*
 * Start a worker thread for an account.  The account and the results
 * queue are borrowed and must outlive the worker.  Signals are blocked in
 * the thread: only the UI thread handles them.
 */
struct worker	*worker_new(struct account *, struct queue *results);
/* Queue a job; the worker owns it until it comes back on the results. */
void		 worker_submit(struct worker *, struct job *);
/*
 * Stop: set the account's cancel flag, let the running job return, drop
 * jobs not yet started, call the provider's close() on the worker thread,
 * and join it.
 */
void		 worker_free(struct worker **);

#endif
