/*
 * Thread-safe FIFO.  Items sit in a singly linked list of small nodes; the
 * lock is held only to link or unlink, never while an item is processed.
 */

#include "config.h"

#include "core/queue.h"

#include <pthread.h>
#include <stdlib.h>

#include "core/wakeup.h"
#include "core/xmalloc.h"

struct queue_node {
	void			*item;
	struct queue_node	*next;
};

struct queue {
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
	struct queue_node	*head;
	struct queue_node	*tail;
	size_t			 length;
	bool			 closed;
	struct wakeup		*wakeup;
};

struct queue *
queue_new(struct wakeup *w)
{
	struct queue	*q = xcalloc(1, sizeof *q);

	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->cond, NULL);
	q->wakeup = w;
	return q;
}

void
queue_free(struct queue **qp, void (*free_item)(void *))
{
	struct queue		*q = *qp;
	struct queue_node	*n, *next;

	if (q == NULL)
		return;
	for (n = q->head; n != NULL; n = next) {
		next = n->next;
		if (free_item != NULL)
			free_item(n->item);
		free(n);
	}
	pthread_cond_destroy(&q->cond);
	pthread_mutex_destroy(&q->lock);
	free(q);
	*qp = NULL;
}

void
queue_push(struct queue *q, void *item)
{
	struct queue_node	*n = xmalloc(sizeof *n);

	n->item = item;
	n->next = NULL;
	pthread_mutex_lock(&q->lock);
	if (q->tail != NULL)
		q->tail->next = n;
	else
		q->head = n;
	q->tail = n;
	q->length++;
	pthread_cond_signal(&q->cond);
	pthread_mutex_unlock(&q->lock);
	if (q->wakeup != NULL)
		wakeup_signal(q->wakeup);
}

static void *
queue_unlink(struct queue *q)
{
	struct queue_node	*n = q->head;
	void			*item;

	if (n == NULL)
		return NULL;
	q->head = n->next;
	if (q->head == NULL)
		q->tail = NULL;
	q->length--;
	item = n->item;
	free(n);
	return item;
}

void *
queue_pop(struct queue *q)
{
	void	*item;

	pthread_mutex_lock(&q->lock);
	item = queue_unlink(q);
	pthread_mutex_unlock(&q->lock);
	return item;
}

void *
queue_pop_wait(struct queue *q)
{
	void	*item;

	pthread_mutex_lock(&q->lock);
	while (q->head == NULL && !q->closed)
		pthread_cond_wait(&q->cond, &q->lock);
	item = queue_unlink(q);
	pthread_mutex_unlock(&q->lock);
	return item;
}

void
queue_close(struct queue *q)
{
	pthread_mutex_lock(&q->lock);
	q->closed = true;
	pthread_cond_broadcast(&q->cond);
	pthread_mutex_unlock(&q->lock);
}

size_t
queue_length(struct queue *q)
{
	size_t	n;

	pthread_mutex_lock(&q->lock);
	n = q->length;
	pthread_mutex_unlock(&q->lock);
	return n;
}
