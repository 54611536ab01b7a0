/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-window.h: the main window: setup, lock, documents, panic and "wiped" pages for one
 * vault folder. Its title is always just "Amanat". */
#pragma once

#include <adwaita.h>

#include "amanat-application.h"
#include "amanat.h"

G_BEGIN_DECLS

#define AMANAT_TYPE_WINDOW (amanat_window_get_type())
G_DECLARE_FINAL_TYPE(AmanatWindow, amanat_window, AMANAT, WINDOW, AdwApplicationWindow)

/* A window for the vault in `vault_dir` (it need not exist yet). */
AmanatWindow *amanat_window_new(AmanatApplication *application, const char *vault_dir);

const char *amanat_window_get_vault_dir(AmanatWindow *self);
/* "setup", "lock", "main", "panic" or "wiped". */
const char *amanat_window_get_page(AmanatWindow *self);
gboolean amanat_window_get_unlocked(AmanatWindow *self);
/* Whether a job (unlock, import, wipe…) is running for this window's vault. */
gboolean amanat_window_get_busy(AmanatWindow *self);

/* The key-derivation cost for a vault created in this window (tests use a cheap one). */
void amanat_window_set_kdf_cost(AmanatWindow *self, amanat_kdf_cost cost);

/* Locks the vault and shows the lock page (nothing happens while no vault is open). */
void amanat_window_lock(AmanatWindow *self);
/* Shows the panic wipe confirmation (nothing happens while there is no vault). */
void amanat_window_show_panic(AmanatWindow *self);
/* Resets the idle timer, as any key press or pointer motion in the window does. */
void amanat_window_note_activity(AmanatWindow *self);
/* Input on `widget` (a window over this one, such as the viewer) counts as activity too. */
void amanat_window_watch_activity(AmanatWindow *self, GtkWidget *widget);

GtkWidget *amanat_window_get_setup_page(AmanatWindow *self);
GtkWidget *amanat_window_get_lock_page(AmanatWindow *self);
GtkWidget *amanat_window_get_documents_page(AmanatWindow *self);
GtkWidget *amanat_window_get_panic_page(AmanatWindow *self);
GtkWidget *amanat_window_get_notes_page(AmanatWindow *self);
GtkWidget *amanat_window_get_contacts_page(AmanatWindow *self);
GtkWidget *amanat_window_get_sync_page(AmanatWindow *self);

/* On the main page: "documents", "notes", "contacts" or "sync". */
const char *amanat_window_get_view(AmanatWindow *self);
/* Shows one of those views (only while the vault is open). */
void amanat_window_show_view(AmanatWindow *self, const char *view);
/* Moves the focus to the search entry of the view shown. */
void amanat_window_focus_search(AmanatWindow *self);

G_END_DECLS
