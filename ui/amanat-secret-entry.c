/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-secret-entry.c: GtkPasswordEntry (GTK 4.4+) keeps its text in GtkPasswordEntryBuffer,
 * in locked memory that is never swapped. But deleting text there only moves the end of
 * the string: the deleted bytes stay in the buffer until the widget is destroyed. So to
 * empty an entry, first overwrite its text in place with filler of the same length (an
 * insert that fits reuses the same buffer), then delete the filler. */
#include "config.h"

#include <string.h>

#include "amanat-secret-entry.h"

void amanat_secret_entry_prepare(GtkEditable *entry) {
  g_return_if_fail(GTK_IS_EDITABLE(entry));
  gtk_editable_set_enable_undo(entry, FALSE);
}

void amanat_secret_entry_wipe(GtkEditable *entry) {
  g_return_if_fail(GTK_IS_EDITABLE(entry));

  size_t len = strlen(gtk_editable_get_text(entry));
  if (len > 0) {
    g_autofree char *filler = g_malloc(len + 1);
    memset(filler, 'x', len);
    filler[len] = '\0';
    gtk_editable_set_text(entry, filler);
  }
  gtk_editable_set_text(entry, "");
}
