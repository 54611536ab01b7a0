/* SPDX-License-Identifier: GPL-3.0-or-later */
/* password.c: NFC normalisation of passwords with ICU, entirely inside sodium_malloc
 * buffers so that no copy of a password is left in ordinary heap memory. */
#include "password.h"

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "io.h"
#include "secret.h"

int password_normalize(const char *password, size_t len, uint8_t **out, size_t *out_len) {
  *out = NULL;
  *out_len = 0;
  if (len == 0)
    return AMANAT_E_EMPTY_PASSWORD;
  if (len > AMANAT_PASSWORD_MAX_BYTES)
    return AMANAT_E_INVALID;

  /* UTF-16 needs at most one unit per UTF-8 byte; NFC grows text at most threefold. */
  int32_t utf16_cap = (int32_t)len + 1;
  int32_t nfc_cap = 3 * utf16_cap;
  int32_t utf8_cap = 3 * nfc_cap + 1;
  UChar *utf16 = io_secure_alloc(sizeof(UChar) * (size_t)utf16_cap);
  UChar *nfc = io_secure_alloc(sizeof(UChar) * (size_t)nfc_cap);
  uint8_t *utf8 = io_secure_alloc((size_t)utf8_cap);
  int rc = AMANAT_E_NOMEM;
  if (utf16 == NULL || nfc == NULL || utf8 == NULL)
    goto done;

  rc = AMANAT_E_INVALID;
  UErrorCode status = U_ZERO_ERROR;
  int32_t utf16_len = 0;
  u_strFromUTF8(utf16, utf16_cap, &utf16_len, password, (int32_t)len, &status);
  if (U_FAILURE(status)) /* ill-formed UTF-8 reports U_INVALID_CHAR_FOUND */
    goto done;
  for (int32_t i = 0; i < utf16_len; i++)
    if (utf16[i] == 0) /* an embedded NUL is not something anyone types */
      goto done;

  const UNormalizer2 *nfc_form = unorm2_getNFCInstance(&status);
  if (U_FAILURE(status))
    goto done;
  int32_t nfc_len = unorm2_normalize(nfc_form, utf16, utf16_len, nfc, nfc_cap, &status);
  if (U_FAILURE(status))
    goto done;

  int32_t utf8_len = 0;
  u_strToUTF8((char *)utf8, utf8_cap, &utf8_len, nfc, nfc_len, &status);
  if (U_FAILURE(status))
    goto done;

  *out = utf8;
  *out_len = (size_t)utf8_len;
  utf8 = NULL;
  rc = AMANAT_OK;
done:
  secret_free(&utf16);
  secret_free(&nfc);
  secret_free(&utf8);
  return rc;
}
