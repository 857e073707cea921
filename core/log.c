/* Debug log to a private file, and fatal errors. */

#include "config.h"

#include "core/log.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/text.h"

static FILE		*log_file;
static atomic_bool	 log_enabled;	/* skip formatting when no log */
static pthread_mutex_t	 log_lock = PTHREAD_MUTEX_INITIALIZER;
static void		(*log_fatal_hook)(void);
static atomic_flag	 log_dying = ATOMIC_FLAG_INIT;

int
log_open(const char *path)
{
	int	fd;
	bool	ok;

	fd = open(path, O_WRONLY|O_CREAT|O_APPEND|O_CLOEXEC|O_NOFOLLOW, 0600);
	if (fd == -1)
		return -1;
	pthread_mutex_lock(&log_lock);
	if (log_file != NULL)
		fclose(log_file);
	log_file = fdopen(fd, "a");
	if (log_file == NULL)
		close(fd);
	else
		setvbuf(log_file, NULL, _IOLBF, 0);
	ok = log_file != NULL;
	atomic_store(&log_enabled, ok);
	pthread_mutex_unlock(&log_lock);
	return ok ? 0 : -1;
}

void
log_close(void)
{
	pthread_mutex_lock(&log_lock);
	if (log_file != NULL)
		fclose(log_file);
	log_file = NULL;
	atomic_store(&log_enabled, false);
	pthread_mutex_unlock(&log_lock);
}

/*
 * Messages may quote a platform (an error reason, an id), so each one goes
 * through the text sanitizer: the log is safe to read in a terminal.
 */
void
log_debug(const char *fmt, ...)
{
	struct timespec	 ts;
	va_list		 ap;
	char		*raw, *clean;

	if (!atomic_load(&log_enabled))
		return;
	va_start(ap, fmt);
	raw = xvasprintf(fmt, ap);
	va_end(ap);
	clean = text_sanitize(raw, strlen(raw), 0);
	free(raw);
	pthread_mutex_lock(&log_lock);
	if (log_file != NULL) {
		clock_gettime(CLOCK_REALTIME, &ts);
		fprintf(log_file, "%lld.%03ld %s\n", (long long)ts.tv_sec,
		    ts.tv_nsec / 1000000, clean);
	}
	pthread_mutex_unlock(&log_lock);
	free(clean);
}

void
log_set_fatal_hook(void (*hook)(void))
{
	log_fatal_hook = hook;
}

static noreturn void
log_die(int errnum, const char *fmt, va_list ap)
{
	char	msg[512];

	/* A second thread dying while the first reports just waits. */
	if (atomic_flag_test_and_set(&log_dying))
		for (;;)
			pause();
	if (log_fatal_hook != NULL)
		log_fatal_hook();
	vsnprintf(msg, sizeof msg, fmt, ap);
	if (errnum != 0)
		fprintf(stderr, "tix: %s: %s\n", msg, strerror(errnum));
	else
		fprintf(stderr, "tix: %s\n", msg);
	/* Not log_debug(): it allocates, and this may be out of memory. */
	pthread_mutex_lock(&log_lock);
	if (log_file != NULL)
		fprintf(log_file, "fatal: %s\n", msg);
	pthread_mutex_unlock(&log_lock);
	abort();
}

void
fatal(const char *fmt, ...)
{
	va_list	ap;
	int	errnum = errno;

	va_start(ap, fmt);
	log_die(errnum, fmt, ap);
}

void
fatalx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_die(0, fmt, ap);
}
