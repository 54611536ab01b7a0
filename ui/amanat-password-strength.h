/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-password-strength.h: a simple, offline estimate of how hard a password is to guess. */
#pragma once

#include <glib.h>
#include <stddef.h>

G_BEGIN_DECLS

typedef enum {
  AMANAT_PASSWORD_WEAK,
  AMANAT_PASSWORD_FAIR,
  AMANAT_PASSWORD_GOOD,
  AMANAT_PASSWORD_STRONG,
} AmanatPasswordStrength;

/* Estimates the strength of the UTF-8 password in `utf8` (`len` bytes, no terminator
 * needed). Reads the buffer in place and copies nothing of it anywhere. Invalid UTF-8
 * counts as WEAK. */
AmanatPasswordStrength amanat_password_strength(const char *utf8, size_t len);

/* Translated plain advice for a password of this strength. */
const char *amanat_password_strength_advice(AmanatPasswordStrength strength);

G_END_DECLS
