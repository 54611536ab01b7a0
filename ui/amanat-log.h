/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-log.h: a GLib log writer that never writes a log message's text. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The writer amanat_log_install() installs: drops every record's text. With
 * G_MESSAGES_DEBUG set it writes "DOMAIN-LEVEL: message suppressed" to stderr, else
 * nothing. Exposed so tests can call it directly. */
GLogWriterOutput amanat_log_writer(GLogLevelFlags log_level, const GLogField *fields,
                                   gsize n_fields, gpointer user_data);

/* Formats what amanat_log_writer() prints for a record, without the trailing newline. */
char *amanat_log_format_record(GLogLevelFlags log_level, const GLogField *fields, gsize n_fields);

/* Installs amanat_log_writer for the whole process. Call first thing in main(), before
 * anything logs: GLib allows one writer per process. */
void amanat_log_install(void);

G_END_DECLS
