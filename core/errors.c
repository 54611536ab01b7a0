/* SPDX-License-Identifier: GPL-3.0-or-later */
/* errors.c: names of error codes for developers' logs; users see the caller's text. */
#include "amanat.h"

const char *amanat_err_name(int err) {
  switch (err) {
  case AMANAT_OK:
    return "ok";
  case AMANAT_E_WRONG_PASSWORD:
    return "wrong password";
  case AMANAT_E_NOT_A_VAULT:
    return "not a vault";
  case AMANAT_E_EXISTS:
    return "exists";
  case AMANAT_E_VERSION:
    return "newer version";
  case AMANAT_E_HEADER_TRUNCATED:
    return "header truncated";
  case AMANAT_E_HEADER_DAMAGED:
    return "header damaged";
  case AMANAT_E_KDF_LIMITS:
    return "KDF cost beyond limits";
  case AMANAT_E_DAMAGED:
    return "damaged";
  case AMANAT_E_BUSY:
    return "in use";
  case AMANAT_E_IO:
    return "input/output error";
  case AMANAT_E_NO_SPACE:
    return "no space";
  case AMANAT_E_READ_ONLY:
    return "read-only";
  case AMANAT_E_NOMEM:
    return "out of memory";
  case AMANAT_E_EMPTY_PASSWORD:
    return "empty password";
  case AMANAT_E_INVALID:
    return "invalid";
  case AMANAT_E_NO_FREE_SLOT:
    return "no free keyslot";
  case AMANAT_E_CRYPTO:
    return "crypto library failed";
  case AMANAT_E_NOT_ALLOWED:
    return "not allowed";
  case AMANAT_E_MISSING:
    return "missing file";
  case AMANAT_E_NOT_FOUND:
    return "not found";
  case AMANAT_E_AMBIGUOUS:
    return "ambiguous id";
  case AMANAT_E_CHANGED:
    return "file changed while read";
  case AMANAT_E_CANCELLED:
    return "cancelled";
  case AMANAT_E_UNREADABLE:
    return "unreadable file";
  case AMANAT_E_WIPED:
    return "wiped";
  case AMANAT_E_PASSWORD_IN_USE:
    return "password in use";
  case AMANAT_E_BAD_CARD:
    return "bad identity card";
  case AMANAT_E_BAD_BACKUP:
    return "bad backup";
  case AMANAT_E_BAD_RECOVERY_KEY:
    return "bad recovery key";
  case AMANAT_E_NOT_RECIPIENT:
    return "not a recipient";
  case AMANAT_E_UNKNOWN_SENDER:
    return "unknown sender";
  case AMANAT_E_UNVERIFIED:
    return "unverified peer";
  case AMANAT_E_BUNDLE_GAP:
    return "earlier bundle missing";
  case AMANAT_E_BAD_BUNDLE:
    return "bad bundle";
  default:
    return "unknown error";
  }
}
