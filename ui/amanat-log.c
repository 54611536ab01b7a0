/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-log.c: GLib's default writer prints what a warning says, and warnings from GTK,
 * GIO or a library can carry a document's file name or title. This writer keeps only
 * where a record came from and how severe it was. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "amanat-log.h"

static const char *level_name(GLogLevelFlags log_level) {
  if (log_level & G_LOG_LEVEL_ERROR)
    return "ERROR";
  if (log_level & G_LOG_LEVEL_CRITICAL)
    return "CRITICAL";
  if (log_level & G_LOG_LEVEL_WARNING)
    return "WARNING";
  if (log_level & G_LOG_LEVEL_MESSAGE)
    return "MESSAGE";
  if (log_level & G_LOG_LEVEL_INFO)
    return "INFO";
  return "DEBUG";
}

/* A domain is a library's fixed name; anything else in it is not printed. */
static gboolean domain_is_plain(const char *domain) {
  if (domain == NULL || domain[0] == '\0' || strlen(domain) > 64)
    return FALSE;
  for (const char *p = domain; *p != '\0'; p++)
    if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

char *amanat_log_format_record(GLogLevelFlags log_level, const GLogField *fields, gsize n_fields) {
  const char *domain = NULL;
  for (gsize i = 0; i < n_fields; i++)
    if (strcmp(fields[i].key, "GLIB_DOMAIN") == 0 && fields[i].length < 0)
      domain = fields[i].value;
  return g_strdup_printf("%s-%s: message suppressed",
                         domain_is_plain(domain) ? domain : "(unknown)", level_name(log_level));
}

GLogWriterOutput amanat_log_writer(GLogLevelFlags log_level, const GLogField *fields,
                                   gsize n_fields, gpointer user_data) {
  const char *debug = g_getenv("G_MESSAGES_DEBUG");
  if (debug == NULL || debug[0] == '\0')
    return G_LOG_WRITER_HANDLED;
  const char *domain = NULL;
  for (gsize i = 0; i < n_fields; i++)
    if (strcmp(fields[i].key, "GLIB_DOMAIN") == 0 && fields[i].length < 0)
      domain = fields[i].value;
  /* Debug and info records only for the domains G_MESSAGES_DEBUG names, as GLib does. */
  if (g_log_writer_default_would_drop(log_level, domain))
    return G_LOG_WRITER_HANDLED;
  g_autofree char *line = amanat_log_format_record(log_level, fields, n_fields);
  fprintf(stderr, "%s\n", line);
  fflush(stderr);
  return G_LOG_WRITER_HANDLED;
}

void amanat_log_install(void) {
  g_log_set_writer_func(amanat_log_writer, NULL, NULL);
}
