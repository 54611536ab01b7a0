/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-progress.h: one updating line on stderr while a large file is added or saved, shown
 * only when stderr is a terminal. */
#pragma once

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

typedef struct CliProgress {
  gboolean enabled; /* stderr is a terminal */
  gboolean shown;   /* a line is on screen */
  gint64 last_update;
  gboolean saving; /* saving a document, else adding a file */
  char *name;      /* what is being worked on, shortened for one line */
} CliProgress;

/* Starts a progress line for adding `name` (a path or "-"). */
void cli_progress_init_adding(CliProgress *progress, const char *name);

/* Starts a progress line for saving document `id`. */
void cli_progress_init_saving(CliProgress *progress, const char *id);

/* An amanat_progress callback; user_data is the CliProgress. Never cancels. */
int cli_progress_update(uint64_t done, uint64_t total, void *user_data);

/* Erases the line, if one was shown, and frees what init allocated. */
void cli_progress_finish(CliProgress *progress);

G_END_DECLS
