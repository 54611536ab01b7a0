/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-secret-entry.h: helpers for the GtkPasswordEntry widgets that take passwords. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Turns off undo: with the peek icon on, GtkText would otherwise keep typed text in an
 * undo history on the ordinary heap. Call once per entry. */
void amanat_secret_entry_prepare(GtkEditable *entry);

/* Empties the entry so that its old text does not linger in the entry's buffer: see the
 * .c file. */
void amanat_secret_entry_wipe(GtkEditable *entry);

G_END_DECLS
