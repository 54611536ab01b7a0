/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-lock-page.h: the password screen. Unlocks on the session's worker; a wrong
 * password reads "Wrong password."; a duress password looks exactly like the real one. */
#pragma once

#include <gtk/gtk.h>

#include "amanat-session.h"

G_BEGIN_DECLS

#define AMANAT_TYPE_LOCK_PAGE (amanat_lock_page_get_type())
G_DECLARE_FINAL_TYPE(AmanatLockPage, amanat_lock_page, AMANAT, LOCK_PAGE, GtkWidget)

void amanat_lock_page_set_session(AmanatLockPage *self, AmanatSession *session);

/* Unlocks with what is in the password entry (as the Unlock button does), then empties the
 * entry. ::unlocked is emitted on success. */
void amanat_lock_page_unlock(AmanatLockPage *self);
gboolean amanat_lock_page_get_busy(AmanatLockPage *self);

/* Shows a message under the entry (NULL hides it). */
void amanat_lock_page_set_message(AmanatLockPage *self, const char *message);
const char *amanat_lock_page_get_message(AmanatLockPage *self);

/* Empties the entry and message and focuses the entry. */
void amanat_lock_page_reset(AmanatLockPage *self);

G_END_DECLS
