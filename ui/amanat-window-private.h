/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-window-private.h: what amanat-window.c shares with amanat-window-actions.c. */
#pragma once

#include "amanat-contacts-page.h"
#include "amanat-documents-page.h"
#include "amanat-lock-page.h"
#include "amanat-notes-page.h"
#include "amanat-panic-page.h"
#include "amanat-session.h"
#include "amanat-setup-page.h"
#include "amanat-sync-page.h"
#include "amanat-window.h"

G_BEGIN_DECLS

struct _AmanatWindow {
  AdwApplicationWindow parent_instance;

  AmanatSession *session;
  char *previous_page; /* to go back to when the panic page is cancelled */

  /* Auto-lock after a time without input. */
  gint64 last_activity_us;
  guint idle_source;
  guint housekeeping_source;

  GtkStack *stack;
  GtkWidget *import_button;
  GtkWidget *lock_button;
  AmanatSetupPage *setup_page;
  AmanatLockPage *lock_page;
  AmanatDocumentsPage *documents_page;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewStack *view_stack;
  AmanatNotesPage *notes_page;
  AmanatContactsPage *contacts_page;
  AmanatSyncPage *sync_page;
  AmanatPanicPage *panic_page;
};

void amanat_window_class_install_actions(GtkWidgetClass *widget_class);
void amanat_window_update_actions(AmanatWindow *self);
/* Shows the setup page for a new vault (after a wipe). */
void amanat_window_start_setup(AmanatWindow *self);

G_END_DECLS
