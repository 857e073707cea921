/*
 * A wakeup fd: any thread signals it, the UI loop polls it beside stdin.
 * An eventfd where there is one, else a non-blocking pipe.
 */
#ifndef TIX_WAKEUP_H
#define TIX_WAKEUP_H

struct wakeup;

struct wakeup	*wakeup_new(void);
void		 wakeup_free(struct wakeup **);
/* The fd to poll for POLLIN. */
int		 wakeup_fd(const struct wakeup *);
/* Make the fd readable.  Safe from any thread and from signal handlers. */
void		 wakeup_signal(struct wakeup *);
/* Consume every pending signal (UI thread). */
void		 wakeup_drain(struct wakeup *);

#endif
