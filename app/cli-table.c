/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-table.c: aligned columns for people; widths count what a terminal shows, not bytes. */
#include <string.h>

#include "cli-table.h"

struct CliTable {
  guint columns;
  gboolean *right;
  GPtrArray *rows; /* char ** of `columns` cells */
};

CliTable *cli_table_new(guint columns) {
  CliTable *table = g_new0(CliTable, 1);
  table->columns = columns;
  table->right = g_new0(gboolean, columns);
  table->rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
  return table;
}

void cli_table_free(CliTable *table) {
  if (table == NULL)
    return;
  g_ptr_array_unref(table->rows);
  g_free(table->right);
  g_free(table);
}

void cli_table_align_right(CliTable *table, guint column) {
  g_return_if_fail(column < table->columns);
  table->right[column] = TRUE;
}

void cli_table_add_row(CliTable *table, const char *const *cells) {
  char **row = g_new0(char *, table->columns + 1);
  for (guint i = 0; i < table->columns; i++)
    row[i] = cli_text_for_terminal(cells[i] != NULL ? cells[i] : "", FALSE);
  g_ptr_array_add(table->rows, row);
}

static void pad(GString *line, gsize n) {
  for (gsize i = 0; i < n; i++)
    g_string_append_c(line, ' ');
}

void cli_table_print(const CliTable *table, FILE *out) {
  g_autofree gsize *widths = g_new0(gsize, table->columns);
  for (guint r = 0; r < table->rows->len; r++) {
    char **row = table->rows->pdata[r];
    for (guint c = 0; c < table->columns; c++)
      widths[c] = MAX(widths[c], cli_text_width(row[c]));
  }
  g_autoptr(GString) line = g_string_new(NULL);
  for (guint r = 0; r < table->rows->len; r++) {
    char **row = table->rows->pdata[r];
    g_string_truncate(line, 0);
    for (guint c = 0; c < table->columns; c++) {
      gsize fill = widths[c] - cli_text_width(row[c]);
      if (c > 0)
        g_string_append(line, "  ");
      if (table->right[c])
        pad(line, fill);
      g_string_append(line, row[c]);
      if (!table->right[c])
        pad(line, fill);
    }
    /* No trailing blanks where the last columns are empty. */
    while (line->len > 0 && line->str[line->len - 1] == ' ')
      g_string_truncate(line, line->len - 1);
    fprintf(out, "%s\n", line->str);
  }
}

static gboolean is_control(gunichar c, gboolean multiline) {
  if (multiline && (c == '\n' || c == '\t'))
    return FALSE;
  return c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x2029;
}

char *cli_text_for_terminal(const char *text, gboolean multiline) {
  GString *out = g_string_sized_new(strlen(text));
  const char *p = text;
  while (*p != '\0') {
    gunichar c = g_utf8_get_char_validated(p, -1);
    if (c == (gunichar)-1 || c == (gunichar)-2) {
      g_string_append_unichar(out, 0xfffd);
      p++;
      continue;
    }
    if (is_control(c, multiline))
      g_string_append_unichar(out, 0xfffd);
    else
      g_string_append_len(out, p, g_utf8_next_char(p) - p);
    p = g_utf8_next_char(p);
  }
  return g_string_free(out, FALSE);
}

gsize cli_text_width(const char *text) {
  gsize width = 0;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (g_unichar_iszerowidth(c))
      continue;
    width += g_unichar_iswide(c) ? 2 : 1;
  }
  return width;
}
