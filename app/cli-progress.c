/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-progress.c: a single progress line, redrawn with a carriage return and erased at the
 * end, so that nothing of it stays between the command's real output. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <unistd.h>

#include "cli-progress.h"
#include "cli-table.h"

/* Files smaller than this are done before a progress line would help. */
#define PROGRESS_MIN_BYTES (16u << 20)
#define PROGRESS_INTERVAL  (G_USEC_PER_SEC / 10)
#define PROGRESS_NAME_MAX  32 /* characters of the name shown */

static void init(CliProgress *progress, const char *name) {
  *progress = (CliProgress){.enabled = isatty(STDERR_FILENO) != 0};
  if (!progress->enabled)
    return;
  g_autofree char *base = g_filename_display_basename(name);
  g_autofree char *safe = cli_text_for_terminal(base, FALSE);
  if (g_utf8_strlen(safe, -1) > PROGRESS_NAME_MAX) {
    g_autofree char *start = g_utf8_substring(safe, 0, PROGRESS_NAME_MAX - 1);
    progress->name = g_strconcat(start, "…", NULL);
  } else {
    progress->name = g_steal_pointer(&safe);
  }
}

void cli_progress_init_adding(CliProgress *progress, const char *name) {
  init(progress, name);
}

void cli_progress_init_saving(CliProgress *progress, const char *id) {
  init(progress, id);
  progress->saving = TRUE;
}

static char *format_line(const CliProgress *progress, uint64_t done, uint64_t total) {
  g_autofree char *done_text = g_format_size(done);
  if (total == 0)
    return progress->saving
               /* Translators: a progress line; %s is a document's ID, then a size. */
               ? g_strdup_printf(_("Saving %s: %s"), progress->name, done_text)
               /* Translators: a progress line for standard input, whose size is not known;
                * %s is "-", then a size such as "1.2 GB". */
               : g_strdup_printf(_("Adding %s: %s"), progress->name, done_text);
  g_autofree char *total_text = g_format_size(total);
  int percent = (int)(done >= total ? 100 : done * 100 / total);
  return progress->saving
             /* Translators: a progress line; %s is a document's ID, %d%% a percentage, then
              * two sizes such as "1.2 GB". */
             ? g_strdup_printf(_("Saving %s: %d%% (%s of %s)"), progress->name, percent, done_text,
                               total_text)
             /* Translators: a progress line; %s is a file name, %d%% a percentage, then two
              * sizes such as "1.2 GB". */
             : g_strdup_printf(_("Adding %s: %d%% (%s of %s)"), progress->name, percent, done_text,
                               total_text);
}

int cli_progress_update(uint64_t done, uint64_t total, void *user_data) {
  CliProgress *progress = user_data;
  if (!progress->enabled)
    return 0;
  if (total != 0 ? total < PROGRESS_MIN_BYTES : done < PROGRESS_MIN_BYTES)
    return 0;
  gint64 now = g_get_monotonic_time();
  if (progress->shown && now - progress->last_update < PROGRESS_INTERVAL && done < total)
    return 0;
  progress->last_update = now;

  g_autofree char *line = format_line(progress, done, total);
  /* \r back to the start, then the line, then erase whatever the last one left after it. */
  fprintf(stderr, "\r%s\033[K", line);
  fflush(stderr);
  progress->shown = TRUE;
  return 0;
}

void cli_progress_finish(CliProgress *progress) {
  if (progress->shown) {
    fputs("\r\033[K", stderr);
    fflush(stderr);
  }
  g_clear_pointer(&progress->name, g_free);
  progress->shown = FALSE;
}
