/*
 * A FIFO of heap items between threads.  queue_push() takes ownership of
 * the item; queue_pop() and queue_take_all() hand it to the caller.  A
 * queue made with a wakeup signals it on every push, for the UI loop; any
 * queue can be waited on with queue_pop_wait(), for workers.
 */
#ifndef TIX_QUEUE_H
#define TIX_QUEUE_H

#include <stdbool.h>
#include <stddef.h>

struct queue;
struct wakeup;

/* wakeup may be NULL; it is borrowed and must outlive the queue. */
struct queue	*queue_new(struct wakeup *);
/* Free the queue and any items left, with free_item (may be NULL). */
void		 queue_free(struct queue **, void (*free_item)(void *));
void		 queue_push(struct queue *, void *item);
/* The oldest item, or NULL at once when empty. */
void		*queue_pop(struct queue *);
/*
 * The oldest item; blocks while the queue is empty and open.  Returns
 * NULL once the queue is closed and empty.
 */
void		*queue_pop_wait(struct queue *);
/* Close: waiters wake and get NULL when the queue runs dry. */
void		 queue_close(struct queue *);
size_t		 queue_length(struct queue *);

#endif
