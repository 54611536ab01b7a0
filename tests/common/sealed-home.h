/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sealed-home.h: HOME, the XDG folders and TMPDIR inside a test's own folder, so that
 * whatever a program writes lands where the test can see it (and scan it for leaks), and
 * nowhere in the real home. */
#pragma once

#include <glib.h>

typedef struct {
  char *home;    /* ROOT/home */
  char *data;    /* ROOT/home/.local/share */
  char *config;  /* ROOT/home/.config */
  char *cache;   /* ROOT/home/.cache */
  char *state;   /* ROOT/home/.local/state */
  char *runtime; /* ROOT/run */
  char *tmp;     /* ROOT/tmp */
  GStrv env;     /* HOME, XDG_*_HOME, XDG_RUNTIME_DIR and TMPDIR as NAME=VALUE */
} SealedHome;

/* Makes the folders (mode 0700) under `root`. */
void sealed_home_init(SealedHome *home, const char *root);
void sealed_home_clear(SealedHome *home);
