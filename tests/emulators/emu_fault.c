/*
 * Fault injection and the rate limit, for every platform.  Faults are
 * decided from the API request number (and a seeded PRNG for the 5xx
 * rate), so a run is repeatable when the client is; writes are counted
 * apart for the write faults.  The admin path is never faulted.
 */

#include "config.h"

#include "tests/emulators/emu.h"

#include <stdint.h>
#include <string.h>

struct emu_stats	 emu_stats;

/* Is this the every-th one? */
int
emu_fault_every(unsigned every, unsigned long n)
{
	return every != 0 && n % every == 0;
}

/*
 * A 5xx answer: 500 and 413 come from the platform's application in its
 * own JSON; 502 and 503 from the edge in front of it, as an HTML page
 * (503 with Retry-After).
 */
void
emu_fault_server_error(struct emu_resp *resp, unsigned status)
{
	const char *const	*e;

	if (status == 500 || status == 413) {
		e = status == 500 ? emu_db.platform->internal_error :
		    emu_db.platform->too_large;
		emu_db.platform->error(resp, status, e[0], e[1]);
		return;
	}
	emu_resp_text(resp, status, "text/html", status == 503 ?
	    "<html><body><h1>503 Service Unavailable</h1></body></html>\n" :
	    "<html><body><h1>502 Bad Gateway</h1></body></html>\n");
	if (status == 503)
		emu_resp_header(resp, "Retry-After", "1");
}

/*
 * Apply the request-side faults and the rate limit.  Returns 1 when the
 * response is already decided (429 or 5xx).
 */
int
emu_fault_before(unsigned long n, struct emu_resp *resp)
{
	static const unsigned	 codes[] = { 500, 502, 503 };
	time_t			 minute;
	double			 r;

	if (emu_fault_every(emu_opts.fault_429_every, n)) {
		emu_stats.f429++;
		emu_db.platform->rate_error(resp, 1);
		return 1;
	}
	if (emu_opts.fault_5xx_rate > 0.0) {
		r = (double)(emu_rand(&emu_stats.rng) >> 11) /
		    9007199254740992.0;
		if (r < emu_opts.fault_5xx_rate) {
			emu_stats.f5xx++;
			emu_fault_server_error(resp,
			    codes[emu_rand(&emu_stats.rng) % 3]);
			return 1;
		}
	}
	minute = emu_clock() / 60;
	if (minute != emu_stats.window) {
		emu_stats.window = minute;
		emu_stats.window_used = 0;
	}
	if (emu_stats.window_used >= emu_opts.rate_limit) {
		emu_stats.rate_limited++;
		emu_db.platform->rate_error(resp,
		    (unsigned)(60 - emu_clock() % 60));
		return 1;
	}
	return 0;
}

/*
 * After a write was applied: count it, then either drop the answer
 * (*drop set: the outcome is unknown), replace it with a 500 (the
 * write is kept, the answer says it failed), or cut its body in half
 * (the write is kept, the 2xx answer cannot be read).
 */
void
emu_fault_after_write(struct emu_resp *resp, int *drop)
{
	if (!resp->write)
		return;
	emu_stats.writes++;
	if (emu_fault_every(emu_opts.fault_drop_after_write,
	    emu_stats.writes)) {
		emu_stats.fdrop_write++;
		*drop = 1;
		return;
	}
	if (emu_fault_every(emu_opts.fault_5xx_after_write,
	    emu_stats.writes)) {
		emu_stats.f5xx_write++;
		emu_resp_reset(resp);
		emu_fault_server_error(resp, 500);
		return;
	}
	if (emu_fault_every(emu_opts.fault_truncate_after_write,
	    emu_stats.writes)) {
		emu_stats.ftrunc_write++;
		resp->truncate = 1;
	}
}
