/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-settings-store.h: settings that live inside the vault (auto-lock delay, the safety
 * checklist's ticks…). Call only from session jobs, on the worker thread, with the vault the
 * job was given. This is the one place that calls the core's settings functions. */
#pragma once

#include <glib.h>

#include "amanat.h"

G_BEGIN_DECLS

/* Names of the settings the app keeps. */
#define AMANAT_SETTING_AUTO_LOCK_MINUTES "ui.auto-lock-minutes"
#define AMANAT_SETTING_CHECKLIST_PREFIX  "ui.checklist."

/* Minutes without input before the vault locks, when nothing is stored. */
#define AMANAT_DEFAULT_AUTO_LOCK_MINUTES 5
#define AMANAT_MAX_AUTO_LOCK_MINUTES     240

/* A setting's value: AMANAT_OK with *value set (free with g_free), AMANAT_E_NOT_FOUND when it
 * was never set, or another amanat_err (AMANAT_E_INVALID for a name not under "ui."). `dir`
 * is the vault's folder. */
AMANAT_MUST_CHECK int amanat_settings_store_get(amanat_vault *vault, const char *dir,
                                                const char *name, char **value);
/* Stores a setting (UTF-8 text). */
AMANAT_MUST_CHECK int amanat_settings_store_set(amanat_vault *vault, const char *dir,
                                                const char *name, const char *value);

/* A whole number in [min, max]; `fallback` when unset or out of range. */
guint amanat_settings_store_get_uint(amanat_vault *vault, const char *dir, const char *name,
                                     guint min, guint max, guint fallback);
AMANAT_MUST_CHECK int amanat_settings_store_set_uint(amanat_vault *vault, const char *dir,
                                                     const char *name, guint value);

/* Whether `password` is the one that opened this session (asked before a password change, so
 * that someone at an unlocked computer can't change it). AMANAT_OK or AMANAT_E_WRONG_PASSWORD.
 * Runs the key derivation: call from a job. */
AMANAT_MUST_CHECK int amanat_settings_check_password(amanat_vault *vault, const char *password,
                                                     size_t password_len);

G_END_DECLS
