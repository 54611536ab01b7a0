/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-json.c: a tiny JSON writer with careful string escaping (json-glib is not a dependency). */
#include "cli-json.h"

void cli_json_init(CliJson *json, GString *out) {
  *json = (CliJson){.out = out};
}

/* Starts a value: a comma if it follows a sibling (not a key). */
static void begin_value(CliJson *json) {
  if (json->after_key) {
    json->after_key = FALSE;
    return;
  }
  if (json->depth > 0) {
    if (json->has_items[json->depth - 1])
      g_string_append_c(json->out, ',');
    json->has_items[json->depth - 1] = TRUE;
  }
}

static void open_container(CliJson *json, char bracket) {
  g_return_if_fail(json->depth < CLI_JSON_MAX_DEPTH);
  begin_value(json);
  g_string_append_c(json->out, bracket);
  json->has_items[json->depth++] = FALSE;
}

static void close_container(CliJson *json, char bracket) {
  g_return_if_fail(json->depth > 0 && !json->after_key);
  json->depth--;
  g_string_append_c(json->out, bracket);
}

void cli_json_begin_object(CliJson *json) {
  open_container(json, '{');
}

void cli_json_end_object(CliJson *json) {
  close_container(json, '}');
}

void cli_json_begin_array(CliJson *json) {
  open_container(json, '[');
}

void cli_json_end_array(CliJson *json) {
  close_container(json, ']');
}

void cli_json_key(CliJson *json, const char *name) {
  g_return_if_fail(json->depth > 0 && !json->after_key);
  begin_value(json);
  cli_json_append_escaped(json->out, name);
  g_string_append_c(json->out, ':');
  json->after_key = TRUE;
}

void cli_json_string(CliJson *json, const char *utf8) {
  begin_value(json);
  cli_json_append_escaped(json->out, utf8);
}

void cli_json_int(CliJson *json, gint64 value) {
  begin_value(json);
  g_string_append_printf(json->out, "%" G_GINT64_FORMAT, value);
}

void cli_json_uint(CliJson *json, guint64 value) {
  begin_value(json);
  g_string_append_printf(json->out, "%" G_GUINT64_FORMAT, value);
}

void cli_json_bool(CliJson *json, gboolean value) {
  begin_value(json);
  g_string_append(json->out, value ? "true" : "false");
}

void cli_json_null(CliJson *json) {
  begin_value(json);
  g_string_append(json->out, "null");
}

void cli_json_append_escaped(GString *out, const char *utf8) {
  g_string_append_c(out, '"');
  const char *p = utf8;
  while (*p != '\0') {
    gunichar c = g_utf8_get_char_validated(p, -1);
    if (c == (gunichar)-1 || c == (gunichar)-2) {
      g_string_append(out, "\\ufffd");
      p++;
      continue;
    }
    switch (c) {
    case '"':
      g_string_append(out, "\\\"");
      break;
    case '\\':
      g_string_append(out, "\\\\");
      break;
    case '\n':
      g_string_append(out, "\\n");
      break;
    case '\r':
      g_string_append(out, "\\r");
      break;
    case '\t':
      g_string_append(out, "\\t");
      break;
    default:
      /* Control characters, and U+2028/U+2029 which break JavaScript string literals. */
      if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029)
        g_string_append_printf(out, "\\u%04x", (unsigned)c);
      else
        g_string_append_len(out, p, g_utf8_next_char(p) - p);
    }
    p = g_utf8_next_char(p);
  }
  g_string_append_c(out, '"');
}
