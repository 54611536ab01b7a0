/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-util.h: the clock and the statistic the benchmarks share. */
#pragma once

/* Seconds on the monotonic clock. */
double bench_now(void);
/* The median of `n` values (sorts them in place). */
double bench_median(double *values, int n);
