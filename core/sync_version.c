/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sync_version.c: version vectors and the order of concurrent versions. */
#include "sync_version.h"

#include <string.h>

static uint64_t load_be64(const uint8_t *p) {
  uint64_t x = 0;
  for (int i = 0; i < 8; i++)
    x = (x << 8) | p[i];
  return x;
}

static void store_be64(uint8_t *p, uint64_t x) {
  for (int i = 7; i >= 0; i--) {
    p[i] = (uint8_t)x;
    x >>= 8;
  }
}

int sync_vv_decode(const uint8_t *bytes, size_t len, sync_vv *out) {
  out->count = 0;
  if (len % SYNC_VV_ENTRY_LEN != 0 || len / SYNC_VV_ENTRY_LEN > SYNC_VV_MAX_ENTRIES)
    return AMANAT_E_BAD_BUNDLE;
  size_t n = len / SYNC_VV_ENTRY_LEN;
  for (size_t i = 0; i < n; i++) {
    const uint8_t *entry = bytes + i * SYNC_VV_ENTRY_LEN;
    /* Sorted and unique, so one version has one encoding and compares byte for byte. */
    if (i > 0 && memcmp(out->origin[i - 1], entry, SYNC_ORIGIN_LEN) >= 0)
      return AMANAT_E_BAD_BUNDLE;
    memcpy(out->origin[i], entry, SYNC_ORIGIN_LEN);
    out->counter[i] = load_be64(entry + SYNC_ORIGIN_LEN);
    if (out->counter[i] == 0)
      return AMANAT_E_BAD_BUNDLE;
  }
  out->count = n;
  return AMANAT_OK;
}

size_t sync_vv_encode(const sync_vv *vv, uint8_t *out) {
  for (size_t i = 0; i < vv->count; i++) {
    memcpy(out + i * SYNC_VV_ENTRY_LEN, vv->origin[i], SYNC_ORIGIN_LEN);
    store_be64(out + i * SYNC_VV_ENTRY_LEN + SYNC_ORIGIN_LEN, vv->counter[i]);
  }
  return vv->count * SYNC_VV_ENTRY_LEN;
}

sync_order sync_vv_compare(const sync_vv *a, const sync_vv *b) {
  int a_more = 0, b_more = 0;
  size_t i = 0, j = 0;
  while (i < a->count || j < b->count) {
    int cmp = i == a->count   ? 1
              : j == b->count ? -1
                              : memcmp(a->origin[i], b->origin[j], SYNC_ORIGIN_LEN);
    if (cmp < 0) {
      a_more = 1;
      i++;
    } else if (cmp > 0) {
      b_more = 1;
      j++;
    } else {
      if (a->counter[i] > b->counter[j])
        a_more = 1;
      else if (a->counter[i] < b->counter[j])
        b_more = 1;
      i++;
      j++;
    }
  }
  if (a_more && b_more)
    return SYNC_CONCURRENT;
  return a_more ? SYNC_AFTER : b_more ? SYNC_BEFORE : SYNC_EQUAL;
}

int sync_vv_merge(sync_vv *a, const sync_vv *b) {
  for (size_t j = 0; j < b->count; j++) {
    size_t i = 0;
    while (i < a->count && memcmp(a->origin[i], b->origin[j], SYNC_ORIGIN_LEN) < 0)
      i++;
    if (i < a->count && memcmp(a->origin[i], b->origin[j], SYNC_ORIGIN_LEN) == 0) {
      if (b->counter[j] > a->counter[i])
        a->counter[i] = b->counter[j];
      continue;
    }
    if (a->count == SYNC_VV_MAX_ENTRIES)
      return AMANAT_E_INVALID;
    memmove(a->origin[i + 1], a->origin[i], (a->count - i) * SYNC_ORIGIN_LEN);
    memmove(&a->counter[i + 1], &a->counter[i], (a->count - i) * sizeof a->counter[0]);
    memcpy(a->origin[i], b->origin[j], SYNC_ORIGIN_LEN);
    a->counter[i] = b->counter[j];
    a->count++;
  }
  return AMANAT_OK;
}

int sync_vv_bump(sync_vv *vv, const uint8_t origin[SYNC_ORIGIN_LEN]) {
  sync_vv one = {.count = 1};
  memcpy(one.origin[0], origin, SYNC_ORIGIN_LEN);
  one.counter[0] = 1;
  for (size_t i = 0; i < vv->count; i++)
    if (memcmp(vv->origin[i], origin, SYNC_ORIGIN_LEN) == 0)
      one.counter[0] = vv->counter[i] + 1;
  return sync_vv_merge(vv, &one);
}

int sync_wins(uint64_t clock_a, const uint8_t origin_a[SYNC_ORIGIN_LEN], uint64_t clock_b,
              const uint8_t origin_b[SYNC_ORIGIN_LEN]) {
  if (clock_a != clock_b)
    return clock_a > clock_b;
  return memcmp(origin_a, origin_b, SYNC_ORIGIN_LEN) > 0;
}
