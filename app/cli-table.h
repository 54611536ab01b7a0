/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-table.h: the human output of listings: aligned columns, text made safe for a terminal. */
#pragma once

#include <glib.h>
#include <stdio.h>

G_BEGIN_DECLS

typedef struct CliTable CliTable;

CliTable *cli_table_new(guint columns);
void cli_table_free(CliTable *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CliTable, cli_table_free)

/* Right-aligns a column (sizes). */
void cli_table_align_right(CliTable *table, guint column);

/* Adds a row of `columns` cells, copied and made safe with cli_text_for_terminal. */
void cli_table_add_row(CliTable *table, const char *const *cells);

/* Prints the rows, columns two spaces apart; the last column is not padded. */
void cli_table_print(const CliTable *table, FILE *out);

/* A copy of `text` to print: invalid UTF-8 and control characters (C0, C1, DEL, and line
 * breaks unless `multiline`) become U+FFFD, so stored text cannot steer the terminal. */
char *cli_text_for_terminal(const char *text, gboolean multiline);

/* Columns `text` takes on a terminal: wide (CJK) characters count two, combining marks none. */
gsize cli_text_width(const char *text);

G_END_DECLS
