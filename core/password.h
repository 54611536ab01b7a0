/* SPDX-License-Identifier: GPL-3.0-or-later */
/* password.h: passwords as the KDF sees them: UTF-8, NFC, in locked memory. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "amanat.h"

#define AMANAT_PASSWORD_MAX_BYTES 4096

/* Normalises a UTF-8 password to Unicode NFC. Every intermediate and the result live in
 * sodium_malloc memory; free *out with secret_free. Fails with AMANAT_E_EMPTY_PASSWORD
 * or AMANAT_E_INVALID (not UTF-8, or too long). */
AMANAT_MUST_CHECK int password_normalize(const char *password, size_t len, uint8_t **out,
                                         size_t *out_len);
