/* Wakeup fd: eventfd, or a pipe where there is none. */

#include "config.h"

#include "core/wakeup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/eventfd.h>
#endif

#include "core/log.h"
#include "core/xmalloc.h"

struct wakeup {
	int	rfd;
	int	wfd;	/* == rfd for an eventfd */
};

struct wakeup *
wakeup_new(void)
{
	struct wakeup	*w = xcalloc(1, sizeof *w);
	int		 fds[2];

#ifdef __linux__
	w->rfd = eventfd(0, EFD_CLOEXEC|EFD_NONBLOCK);
	if (w->rfd != -1) {
		w->wfd = w->rfd;
		return w;
	}
#endif
	if (pipe(fds) == -1)
		fatal("pipe");
	for (int i = 0; i < 2; i++) {
		if (fcntl(fds[i], F_SETFL, O_NONBLOCK) == -1 ||
		    fcntl(fds[i], F_SETFD, FD_CLOEXEC) == -1)
			fatal("fcntl");
	}
	w->rfd = fds[0];
	w->wfd = fds[1];
	return w;
}

void
wakeup_free(struct wakeup **wp)
{
	struct wakeup	*w = *wp;

	if (w == NULL)
		return;
	if (w->wfd != w->rfd)
		close(w->wfd);
	close(w->rfd);
	free(w);
	*wp = NULL;
}

int
wakeup_fd(const struct wakeup *w)
{
	return w->rfd;
}

void
wakeup_signal(struct wakeup *w)
{
	uint64_t	one = 1;
	int		saved = errno;

	/* A full pipe or counter means a wakeup is already pending. */
	while (write(w->wfd, &one, w->wfd == w->rfd ? sizeof one : 1) == -1 &&
	    errno == EINTR)
		continue;
	errno = saved;
}

void
wakeup_drain(struct wakeup *w)
{
	char	buf[64];

	for (;;) {
		ssize_t	n = read(w->rfd, buf, sizeof buf);

		if (n > 0 && w->wfd != w->rfd)
			continue;
		if (n == -1 && errno == EINTR)
			continue;
		break;
	}
}
