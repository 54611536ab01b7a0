/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-panic-page.h: the confirmation before a panic wipe: what to destroy (everything, or
 * the real space keeping the decoy), then hold a button for two seconds, or tick "I
 * understand" and press Wipe Now (keyboard and screen readers). After a keep-decoy wipe it
 * confirms what happened until the person continues (::finished). */
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

/* Whether "keep the decoy" may be chosen (the vault is open); FALSE falls back to everything. */
void amanat_panic_page_set_can_keep_decoy(AmanatPanicPage *self, gboolean can);
/* Whether the person chose to keep the decoy; choosing it as the option row does. */
gboolean amanat_panic_page_get_keep_decoy(AmanatPanicPage *self);
void amanat_panic_page_set_keep_decoy(AmanatPanicPage *self, gboolean keep);
/* After a keep-decoy wipe: the plain confirmation, with Continue. */
void amanat_panic_page_show_done(AmanatPanicPage *self);

G_END_DECLS
