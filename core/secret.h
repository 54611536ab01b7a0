/* SPDX-License-Identifier: GPL-3.0-or-later */
/* secret.h: helpers for buffers that hold keys or passwords (sodium_malloc memory). */
#pragma once

#include <sodium.h>
#include <stddef.h>

/* sodium_free wipes before it frees; this also clears the caller's pointer. */
static inline void secret_free(void *pp) {
  void **p = pp;
  if (*p != NULL) {
    sodium_free(*p);
    *p = NULL;
  }
}
