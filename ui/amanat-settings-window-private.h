/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-settings-window-private.h: what amanat-settings-window.c shares with
 * amanat-settings-window-actions.c. */
#pragma once

#include "amanat-checklist-page.h"
#include "amanat-settings-window.h"

G_BEGIN_DECLS

struct _AmanatSettingsWindow {
  AdwPreferencesWindow parent_instance;

  AmanatSession *session;
  GWeakRef main_window; /* the AmanatWindow */
  guint busy;           /* jobs started here and not finished */
  gboolean loading;     /* widgets being set from the vault: not a change by the person */
  char *last_toast;
  guint auto_lock_save_source;
  guint wipe_after_save_source;

  GtkPasswordEntry *current_entry;
  GtkPasswordEntry *new_entry;
  GtkPasswordEntry *confirm_entry;
  GtkLevelBar *strength_bar;
  GtkLabel *strength_label;
  GtkLabel *password_message;
  GtkSpinner *password_spinner;
  GtkCheckButton *duress_wipe_check;
  GtkCheckButton *duress_decoy_check;
  GtkPasswordEntry *duress_entry;
  GtkPasswordEntry *duress_confirm_entry;
  GtkLabel *duress_message;
  GtkSpinner *duress_spinner;
  GtkSpinButton *auto_lock_spin;
  GtkSwitch *wipe_after_switch;
  GtkWidget *wipe_after_row;
  GtkSpinButton *wipe_after_spin;
  AdwComboRow *language_row;
  GtkPasswordEntry *decoy_entry;
  GtkLabel *decoy_message;
  AmanatChecklistPage *checklist_page;
};

void amanat_settings_window_class_install_actions(GtkWidgetClass *widget_class);
void amanat_settings_window_update_actions(AmanatSettingsWindow *self);

/* Shows `text` under a section, or hides it (NULL). */
void amanat_settings_window_show_label(GtkLabel *label, const char *text);
void amanat_settings_window_toast(AmanatSettingsWindow *self, const char *text);
/* Counts a job in and out (busy spinners, actions). */
void amanat_settings_window_begin_job(AmanatSettingsWindow *self);
void amanat_settings_window_end_job(AmanatSettingsWindow *self);

G_END_DECLS
