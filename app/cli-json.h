/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-json.h: a tiny JSON writer for the command line's --json output. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CLI_JSON_MAX_DEPTH 32

/* Writes compact JSON into `out`. Commas are placed automatically; a value after
 * cli_json_key() belongs to that key. */
typedef struct CliJson {
  GString *out;
  guint depth;
  gboolean after_key;
  gboolean has_items[CLI_JSON_MAX_DEPTH]; /* per open container: needs a comma first */
} CliJson;

void cli_json_init(CliJson *json, GString *out);
void cli_json_begin_object(CliJson *json);
void cli_json_end_object(CliJson *json);
void cli_json_begin_array(CliJson *json);
void cli_json_end_array(CliJson *json);
void cli_json_key(CliJson *json, const char *name);
void cli_json_string(CliJson *json, const char *utf8);
void cli_json_int(CliJson *json, gint64 value);
void cli_json_uint(CliJson *json, guint64 value);
void cli_json_bool(CliJson *json, gboolean value);
void cli_json_null(CliJson *json);

/* Appends `utf8` as a quoted JSON string; invalid UTF-8 becomes U+FFFD. */
void cli_json_append_escaped(GString *out, const char *utf8);

G_END_DECLS
