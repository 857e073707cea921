/*
 * Worker threads.  Each runs a loop: wait for a job, call the provider
 * slot it names, push the job (with its result) onto the results queue.
 */

#include "config.h"

#include "core/worker.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/queue.h"
#include "core/xmalloc.h"

struct worker {
	struct account	*account;
	struct queue	*jobs;
	struct queue	*results;
	pthread_t	 thread;
};

struct job *
job_new(enum job_type type, unsigned account, enum tix_kind kind)
{
	struct job	*j = xcalloc(1, sizeof *j);

	j->type = type;
	j->account = account;
	j->kind = kind;
	return j;
}

void
job_free(struct job **jp)
{
	struct job	*j = *jp;

	if (j == NULL)
		return;
	free(j->target_id);
	free(j->cursor);
	record_free(&j->record);
	patch_done(&j->patch);
	free(j->cause);
	page_done(&j->page);
	record_free(&j->result);
	free(j);
	*jp = NULL;
}

static void
job_free_item(void *item)
{
	struct job	*j = item;

	job_free(&j);
}

/* Run one job's provider call. */
static void
worker_run_job(struct worker *w, struct job *j)
{
	struct account			*a = w->account;
	const struct tix_provider_ops	*ops = a->ops;
	struct query			 q;

	switch (j->type) {
	case JOB_OPEN:
		j->err = ops->open(a, &j->cause);
		break;
	case JOB_LIST:
		memset(&q, 0, sizeof q);
		q.updated_since = j->updated_since;
		q.ticket_id = j->target_id;
		q.cursor = j->cursor;
		j->err = ops->list(a, j->kind, &q, &j->page, &j->cause);
		break;
	case JOB_GET:
		j->err = ops->get(a, j->kind, j->target_id, &j->result,
		    &j->cause);
		break;
	case JOB_CREATE:
		j->err = ops->create(a, j->record, &j->result,
		    &j->maybe_sent, &j->cause);
		break;
	case JOB_UPDATE:
		j->err = ops->update(a, j->target_id, &j->patch, &j->result,
		    &j->maybe_sent, &j->cause);
		break;
	}
	if (j->err != TIX_OK && j->cause == NULL)
		j->cause = xstrdup(tix_err_name(j->err));
	/* A provider that forgot to fill in an error's result leaks nothing. */
	if (j->err != TIX_OK) {
		page_done(&j->page);
		record_free(&j->result);
	}
}

static void *
worker_main(void *arg)
{
	struct worker	*w = arg;
	struct job	*j;

	for (j = queue_pop_wait(w->jobs); j != NULL;
	    j = queue_pop_wait(w->jobs)) {
		if (atomic_load(&w->account->cancel)) {
			job_free(&j);
			continue;
		}
		worker_run_job(w, j);
		log_debug("worker %s: job %llu type %d kind %s: %s",
		    w->account->name, (unsigned long long)j->id, j->type,
		    tix_kind_name(j->kind), tix_err_name(j->err));
		queue_push(w->results, j);
	}
	/* configure() may have set priv even if open() never ran. */
	if (w->account->ops->close != NULL)
		w->account->ops->close(w->account);
	return NULL;
}

struct worker *
worker_new(struct account *a, struct queue *results)
{
	struct worker	*w = xcalloc(1, sizeof *w);
	sigset_t	 all, old;
	int		 error;

	w->account = a;
	w->results = results;
	w->jobs = queue_new(NULL);
	/* The thread inherits this mask: signals stay with the UI thread. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	error = pthread_create(&w->thread, NULL, worker_main, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (error != 0)
		fatalx("pthread_create: %s", strerror(error));
	return w;
}

void
worker_submit(struct worker *w, struct job *j)
{
	queue_push(w->jobs, j);
}

void
worker_free(struct worker **wp)
{
	struct worker	*w = *wp;

	if (w == NULL)
		return;
	atomic_store(&w->account->cancel, true);
	queue_close(w->jobs);
	pthread_join(w->thread, NULL);
	queue_free(&w->jobs, job_free_item);
	free(w);
	*wp = NULL;
}
