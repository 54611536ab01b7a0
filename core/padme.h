/* SPDX-License-Identifier: GPL-3.0-or-later */
/* padme.h: Padmé size rounding (Nikitin et al., "Reducing Metadata Leakage from
 * Encrypted Files and Communication with PURBs", 2019). */
#pragma once

#include <stdint.h>

/* The step Padmé rounds a length of `len` bytes to: 2^(E-S) with E = floor(log2 len) and
 * S = floor(log2 E) + 1. At most 12 % overhead, and only O(log log len) bits leak. */
uint64_t padme_step(uint64_t len);

/* len rounded up to its Padmé size. */
uint64_t padme_round(uint64_t len);
