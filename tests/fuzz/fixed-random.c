/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fixed-random.c: BLAKE2b-512 of a counter, keyed with a label. For generators only. */
#include "fixed-random.h"

#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint8_t seed[crypto_generichash_KEYBYTES];
static uint64_t counter;

static void fixed_buf(void *const buf, const size_t size) {
  uint8_t *out = buf;
  for (size_t done = 0; done < size;) {
    uint8_t block[64], count[8];
    for (int i = 0; i < 8; i++)
      count[i] = (uint8_t)(counter >> (8 * i));
    counter++;
    crypto_generichash(block, sizeof block, count, sizeof count, seed, sizeof seed);
    size_t take = size - done < sizeof block ? size - done : sizeof block;
    memcpy(out + done, block, take);
    done += take;
  }
}

static uint32_t fixed_random(void) {
  uint32_t r;
  fixed_buf(&r, sizeof r);
  return r;
}

static const char *fixed_name(void) {
  return "amanat-fixed-random";
}

static struct randombytes_implementation fixed_rng = {
    .implementation_name = fixed_name,
    .random = fixed_random,
    .buf = fixed_buf,
};

void fixed_random_install(const char *label) {
  memset(seed, 0, sizeof seed);
  size_t len = strlen(label);
  memcpy(seed, label, len < sizeof seed ? len : sizeof seed);
  counter = 0;
  if (randombytes_set_implementation(&fixed_rng) != 0)
    abort();
}
