/*
 * What the benchmarks share: a generator with a fixed seed, so every run
 * builds the same data, and a monotonic clock.
 */
#ifndef TIX_BENCH_H
#define TIX_BENCH_H

#include <stdint.h>
#include <time.h>

static uint64_t	bench_rng = 0x5eed5eed1234ULL;

/* Start the sequence again from seed (not 0). */
static inline void
bench_seed(uint64_t seed)
{
	bench_rng = seed;
}

/* xorshift64. */
static inline uint32_t
bench_rand(void)
{
	bench_rng ^= bench_rng << 13;
	bench_rng ^= bench_rng >> 7;
	bench_rng ^= bench_rng << 17;
	return (uint32_t)(bench_rng >> 16);
}

/* Monotonic nanoseconds. */
static inline int64_t
bench_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

#endif
