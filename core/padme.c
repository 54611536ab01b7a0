/* SPDX-License-Identifier: GPL-3.0-or-later */
/* padme.c: Padmé rounding, for every size the vault shows to an observer. */
#include "padme.h"

static unsigned floor_log2(uint64_t x) {
  return 63u - (unsigned)__builtin_clzll(x);
}

uint64_t padme_step(uint64_t len) {
  if (len < 2)
    return 1;
  unsigned e = floor_log2(len);
  unsigned s = floor_log2(e) + 1;
  return e > s ? (uint64_t)1 << (e - s) : 1;
}

uint64_t padme_round(uint64_t len) {
  uint64_t step = padme_step(len);
  return (len + step - 1) & ~(step - 1);
}
