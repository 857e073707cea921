/*
 * tix-emu: main, options, signals and the platform registry.  Adding a
 * platform is one line in platforms[] below; everything else it needs is
 * its own route table and codecs (see emu.h).
 */

#include "config.h"

#include "tests/emulators/emu.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"

struct emu_opts		 emu_opts;

/* The registered platforms: one line each. */
static const struct emu_platform *const platforms[] = {
	&emu_zendesk,
	&emu_freshdesk,
};

static noreturn void	die(const char *, ...) TIX_PRINTF(1, 2);

static const struct emu_platform	*platform;
static int				 signal_pipe[2] = { -1, -1 };

/* A usage or startup error: say so and exit 2 (no core dump). */
static noreturn void
die(const char *fmt, ...)
{
	va_list	ap;

	fputs("tix-emu: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

/* Print usage and exit. */
static void
usage(int code)
{
	fprintf(code == 0 ? stdout : stderr,
"usage: tix-emu --provider zendesk|freshdesk [--port N] [--seed S]\n"
"               [--tickets N] [--now EPOCH] [--email E] [--token T]\n"
"               [--oauth-token O] [--api-key K] [--me-role admin|agent]\n"
"               [--rate-limit N] [--export-lag SECONDS]\n"
"               [--fault-429-every N] [--fault-5xx-rate P]\n"
"               [--fault-slow-ms MS] [--fault-drop-every N]\n"
"               [--fault-truncate-every N] [--fault-invalid-json-every N]\n"
"               [--fault-drop-after-write N] [--fault-5xx-after-write N]\n"
"               [--fault-truncate-after-write N]\n"
"               [--hostile]\n");
	exit(code);
}

/* Parse a decimal integer in [min, max] with full checking; 0 if good. */
int
emu_parse_uint(const char *s, long long min, long long max, long long *out)
{
	char		*end;
	long long	 v;

	if (s == NULL || *s == '\0')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* Parse a positive id. */
int
emu_parse_int64(const char *s, int64_t *out)
{
	long long	v;

	if (emu_parse_uint(s, 1, LLONG_MAX, &v) != 0)
		return -1;
	*out = (int64_t)v;
	return 0;
}

/* An option's unsigned value, or exit with a message. */
static unsigned
opt_uint(const char *name, const char *s, long long max)
{
	long long	v;

	if (emu_parse_uint(s, 0, max, &v) != 0)
		die("--%s: bad value: %s", name, s);
	return (unsigned)v;
}

/* getopt_long() entries: an option with a value, and a flag. */
#define EMU_OPT_ARG(n, v)	{ .name = (n), .has_arg = required_argument, \
				  .val = (v) }
#define EMU_OPT_FLAG(n, v)	{ .name = (n), .has_arg = no_argument, \
				  .val = (v) }

/* Parse the command line into emu_opts. */
static void
opt_parse(int argc, char **argv)
{
	static const struct option longopts[] = {
		EMU_OPT_ARG("provider", 'P'),
		EMU_OPT_ARG("port", 'p'),
		EMU_OPT_ARG("seed", 's'),
		EMU_OPT_ARG("tickets", 'n'),
		EMU_OPT_ARG("now", 'N'),
		EMU_OPT_ARG("email", 'e'),
		EMU_OPT_ARG("token", 't'),
		EMU_OPT_ARG("oauth-token", 'o'),
		EMU_OPT_ARG("api-key", 'k'),
		EMU_OPT_ARG("me-role", 'r'),
		EMU_OPT_ARG("rate-limit", 'R'),
		EMU_OPT_ARG("export-lag", 'L'),
		EMU_OPT_ARG("fault-429-every", '4'),
		EMU_OPT_ARG("fault-5xx-rate", '5'),
		EMU_OPT_ARG("fault-slow-ms", 'S'),
		EMU_OPT_ARG("fault-drop-every", 'D'),
		EMU_OPT_ARG("fault-truncate-every", 'T'),
		EMU_OPT_ARG("fault-invalid-json-every", 'J'),
		EMU_OPT_ARG("fault-drop-after-write", 'W'),
		EMU_OPT_ARG("fault-5xx-after-write", 'X'),
		EMU_OPT_ARG("fault-truncate-after-write", 'U'),
		EMU_OPT_FLAG("hostile", 'H'),
		EMU_OPT_FLAG("help", 'h'),
		{ .name = NULL }
	};
	long long	 v;
	char		*end;
	size_t		 i;
	int		 ch;

	emu_opts.seed = 1;
	emu_opts.tickets = 100;
	emu_opts.email = "agent@example.com";
	emu_opts.token = "emu-api-token";
	emu_opts.oauth_token = "emu-oauth-token";
	emu_opts.api_key = "emu-api-key";
	emu_opts.me_admin = 1;
	for (;;) {
		ch = getopt_long(argc, argv, "h", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 'P':
			emu_opts.provider = optarg;
			break;
		case 'p':
			emu_opts.port = opt_uint("port", optarg, 65535);
			break;
		case 's':
			if (emu_parse_uint(optarg, 0, LLONG_MAX, &v) != 0)
				die("--seed: bad value: %s", optarg);
			emu_opts.seed = (uint64_t)v;
			break;
		case 'n':
			emu_opts.tickets = opt_uint("tickets", optarg,
			    1000000);
			break;
		case 'N':
			if (emu_parse_uint(optarg, 86400 * 365, LLONG_MAX,
			    &v) != 0)
				die("--now: bad value: %s", optarg);
			emu_opts.now = (time_t)v;
			break;
		case 'e':
			emu_opts.email = optarg;
			break;
		case 't':
			emu_opts.token = optarg;
			break;
		case 'o':
			emu_opts.oauth_token = optarg;
			break;
		case 'k':
			emu_opts.api_key = optarg;
			break;
		case 'r':
			if (strcmp(optarg, "admin") == 0)
				emu_opts.me_admin = 1;
			else if (strcmp(optarg, "agent") == 0)
				emu_opts.me_admin = 0;
			else
				die("--me-role: admin or agent");
			break;
		case 'R':
			emu_opts.rate_limit = opt_uint("rate-limit", optarg,
			    1000000);
			break;
		case 'L':
			emu_opts.export_lag = opt_uint("export-lag", optarg,
			    86400);
			break;
		case '4':
			emu_opts.fault_429_every = opt_uint("fault-429-every",
			    optarg, INT_MAX);
			break;
		case '5':
			errno = 0;
			emu_opts.fault_5xx_rate = strtod(optarg, &end);
			if (errno != 0 || *optarg == '\0' || *end != '\0' ||
			    !(emu_opts.fault_5xx_rate >= 0.0 &&
			    emu_opts.fault_5xx_rate <= 1.0))
				die("--fault-5xx-rate: 0..1: %s", optarg);
			break;
		case 'S':
			emu_opts.fault_slow_ms = opt_uint("fault-slow-ms",
			    optarg, 600000);
			break;
		case 'D':
			emu_opts.fault_drop_every = opt_uint(
			    "fault-drop-every", optarg, INT_MAX);
			break;
		case 'T':
			emu_opts.fault_truncate_every = opt_uint(
			    "fault-truncate-every", optarg, INT_MAX);
			break;
		case 'J':
			emu_opts.fault_invalid_json_every = opt_uint(
			    "fault-invalid-json-every", optarg, INT_MAX);
			break;
		case 'W':
			emu_opts.fault_drop_after_write = opt_uint(
			    "fault-drop-after-write", optarg, INT_MAX);
			break;
		case 'X':
			emu_opts.fault_5xx_after_write = opt_uint(
			    "fault-5xx-after-write", optarg, INT_MAX);
			break;
		case 'U':
			emu_opts.fault_truncate_after_write = opt_uint(
			    "fault-truncate-after-write", optarg, INT_MAX);
			break;
		case 'H':
			emu_opts.hostile = 1;
			break;
		case 'h':
			usage(0);
			break;
		default:
			usage(2);
			break;
		}
	}
	if (optind != argc || emu_opts.provider == NULL)
		usage(2);
	for (i = 0; i < EMU_NITEMS(platforms); i++) {
		if (strcmp(emu_opts.provider, platforms[i]->name) == 0)
			platform = platforms[i];
	}
	if (platform == NULL)
		die("--provider: no such platform: %s", emu_opts.provider);
	if (emu_opts.rate_limit == 0)
		emu_opts.rate_limit = platform->rate_limit;
}

/* SIGTERM/SIGINT: wake the main loop. */
static void
on_signal(int sig)
{
	int	saved = errno;
	char	b = (char)sig;

	if (write(signal_pipe[1], &b, 1) == -1) {
		/* nothing to do: the pipe is full, a wakeup is pending */
	}
	errno = saved;
}

/* Install handlers, and return the mask MHD's threads start with. */
static void
signals_setup(sigset_t *blocked, sigset_t *old)
{
	struct sigaction	sa;

	if (pipe(signal_pipe) == -1)
		fatal("pipe");
	fcntl(signal_pipe[1], F_SETFL, O_NONBLOCK);
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigemptyset(blocked);
	sigaddset(blocked, SIGTERM);
	sigaddset(blocked, SIGINT);
	sigaddset(blocked, SIGHUP);
	pthread_sigmask(SIG_BLOCK, blocked, old);
}

/* Wait for a signal, or for EOF on stdin when stdin is a pipe. */
static void
wait_for_end(void)
{
	struct pollfd	pfd[2];
	struct stat	st;
	nfds_t		nfd = 1;
	char		buf[512];
	ssize_t		n;

	pfd[0].fd = signal_pipe[0];
	pfd[0].events = POLLIN;
	if (fstat(STDIN_FILENO, &st) == 0 && S_ISFIFO(st.st_mode)) {
		pfd[1].fd = STDIN_FILENO;
		pfd[1].events = POLLIN;
		nfd = 2;
	}
	for (;;) {
		if (poll(pfd, nfd, -1) == -1) {
			if (errno == EINTR)
				continue;
			fatal("poll");
		}
		if (pfd[0].revents != 0)
			return;
		if (nfd == 2 && pfd[1].revents != 0) {
			n = read(STDIN_FILENO, buf, sizeof buf);
			if (n == 0 || (n == -1 && errno != EINTR &&
			    errno != EAGAIN))
				return;
		}
	}
}

/* Build the data set, listen on 127.0.0.1, print the port, serve. */
int
main(int argc, char **argv)
{
	sigset_t	 blocked, old;
	unsigned	 port;

	opt_parse(argc, argv);
	emu_data_init(platform);
	emu_stats.rng = emu_opts.seed ^ 0x5eed5eed5eed5eedULL;

	signals_setup(&blocked, &old);
	if (emu_http_start(emu_opts.port, &port) != 0)
		die("cannot listen on 127.0.0.1:%u", emu_opts.port);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	printf("%u\n", port);
	if (fflush(stdout) == EOF)
		fatal("stdout");

	wait_for_end();

	emu_http_stop();
	emu_stats_free();
	emu_data_free();
	return 0;
}
