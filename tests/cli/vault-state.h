/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vault-state.h: what the crash tests compare after a kill — a vault opened through the
 * core with a password, verified, and its canonical dump (amanat_vault_dump) as text. */
#pragma once

#include <glib.h>

#include "amanat.h"

/* Opens `dir` with `password` in `space`; asserts that it opens. */
amanat_vault *vault_state_open(const char *dir, const char *password, amanat_space_choice space);

/* The canonical dump of an open vault's space. */
char *vault_state_dump(amanat_vault *vault);

/* Opens, checks with amanat_vault_verify (asserting it passes), dumps and locks. */
char *vault_state_checked_dump(const char *dir, const char *password, amanat_space_choice space);

/* How many kills a crash test makes of each command: AMANAT_CRASH_RUNS (default 200), or a
 * `share` of it (1/share, at least 12) for a test of several commands. */
guint crash_runs(guint share);
