/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-error-message.h: core error codes as translated sentences and GErrors. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The GError domain for errors that come from the core; codes are amanat_err values. */
#define AMANAT_CORE_ERROR (amanat_core_error_quark())
GQuark amanat_core_error_quark(void);

/* A translated sentence, in plain words, for an amanat_err code. Never NULL. */
const char *amanat_error_message(int err);

/* Sets `error` (AMANAT_CORE_ERROR, `err`, the sentence) and returns FALSE when
 * err < 0; returns TRUE and leaves `error` alone otherwise. */
gboolean amanat_set_error(GError **error, int err);

G_END_DECLS
