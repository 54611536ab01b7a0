/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-application.h: the desktop application: its actions (lock, panic, quit,
 * shortcuts, about) and locking when the screen locks or after a time without input. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Seconds without input before the vault locks itself. */
#define AMANAT_DEFAULT_IDLE_TIMEOUT 300

#define AMANAT_TYPE_APPLICATION (amanat_application_get_type())
G_DECLARE_FINAL_TYPE(AmanatApplication, amanat_application, AMANAT, APPLICATION, AdwApplication)

AmanatApplication *amanat_application_new(const char *application_id, GApplicationFlags flags);

/* $AMANAT_VAULT when set, else the vault opened last (amanat-prefs-file.h), else
 * $XDG_DATA_HOME/amanat. */
char *amanat_application_dup_default_vault_dir(void);

/* 0 turns the idle lock off. */
guint amanat_application_get_idle_timeout(AmanatApplication *self);
void amanat_application_set_idle_timeout(AmanatApplication *self, guint seconds);

/* Locks every window's vault (app.lock). */
void amanat_application_lock_all(AmanatApplication *self);

G_END_DECLS
