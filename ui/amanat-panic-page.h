/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-panic-page.h: the confirmation before a panic wipe: hold a button for two seconds,
 * or tick "I understand" and press Wipe Now (keyboard and screen readers). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define AMANAT_TYPE_PANIC_PAGE (amanat_panic_page_get_type())
G_DECLARE_FINAL_TYPE(AmanatPanicPage, amanat_panic_page, AMANAT, PANIC_PAGE, GtkWidget)

/* Back to the first state: nothing ticked, no message, not busy. */
void amanat_panic_page_reset(AmanatPanicPage *self);
/* While the wipe runs: a spinner, nothing to press. */
void amanat_panic_page_set_busy(AmanatPanicPage *self, gboolean busy);
/* Shows why the wipe failed (NULL hides it). */
void amanat_panic_page_set_error(AmanatPanicPage *self, const char *message);
/* Puts the keyboard focus on Cancel, the safe choice. */
void amanat_panic_page_focus_default(AmanatPanicPage *self);

G_END_DECLS
