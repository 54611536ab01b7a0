/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-settings-window.h: Settings (an AdwPreferencesWindow) for the open vault of one
 * window: password, duress password, automatic lock, wipe after wrong passwords, language,
 * the decoy, and the safety checklist. It closes itself when the vault locks. */
#pragma once

#include <adwaita.h>

#include "amanat-session.h"
#include "amanat-window.h"

G_BEGIN_DECLS

#define AMANAT_TYPE_SETTINGS_WINDOW (amanat_settings_window_get_type())
G_DECLARE_FINAL_TYPE(AmanatSettingsWindow, amanat_settings_window, AMANAT, SETTINGS_WINDOW,
                     AdwPreferencesWindow)

/* Settings for `session`'s vault, over `window`. */
AmanatSettingsWindow *amanat_settings_window_new(AmanatWindow *window, AmanatSession *session);

/* Shows a page: "security", "general" or "checklist". */
void amanat_settings_window_show_page(AmanatSettingsWindow *self, const char *name);

/* Whether a change is being saved (tests wait for this). */
gboolean amanat_settings_window_get_busy(AmanatSettingsWindow *self);
/* The last toast's text, or NULL (tests). */
const char *amanat_settings_window_get_last_toast(AmanatSettingsWindow *self);

/* Reads the settings the app applies from the vault (the automatic lock's delay) through a
 * job on `session`, and applies them to `application`. Call after each unlock. */
void amanat_settings_window_apply_vault_settings(AmanatSession *session,
                                                 AmanatApplication *application);

G_END_DECLS
