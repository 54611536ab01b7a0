/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-clipboard.h: copying a secret (a sensitive contact field, a password) to the
 * clipboard for a short time only. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* How long a copied secret stays on the clipboard. */
#define AMANAT_CLIPBOARD_CLEAR_SECONDS 30

/* Puts `text` on `widget`'s clipboard, marked for clipboard managers as a secret not to
 * keep, and clears the clipboard AMANAT_CLIPBOARD_CLEAR_SECONDS later unless something
 * else was copied meanwhile. A second copy replaces the first and restarts the delay. */
void amanat_clipboard_copy_secret(GtkWidget *widget, const char *text);

/* Clears the clipboard now if it still holds the secret copied last (on lock, on quit). */
void amanat_clipboard_clear_secret(void);

/* Whether a copied secret is waiting to be cleared. */
gboolean amanat_clipboard_has_secret(void);

/* For tests: the delay in milliseconds for later copies (0 restores the default). */
void amanat_clipboard_set_clear_delay_ms(guint delay_ms);

G_END_DECLS
