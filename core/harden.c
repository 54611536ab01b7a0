/* SPDX-License-Identifier: GPL-3.0-or-later */
/* harden.c: process-wide protections for a program that holds keys. */
#include <sys/prctl.h>
#include <sys/resource.h>

#include "amanat.h"

int amanat_harden_process(void) {
  /* No core file can carry keys or plaintext to disk... */
  struct rlimit none = {0, 0};
  if (setrlimit(RLIMIT_CORE, &none) != 0)
    return AMANAT_E_IO;
  /* ...and no other process of this user can attach a debugger and read our memory. */
  if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
    return AMANAT_E_IO;
  return AMANAT_OK;
}
