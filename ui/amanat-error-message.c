/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-error-message.c: the one place where core error codes become translated sentences. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "amanat-error-message.h"
#include "amanat.h"

/* clang-format off */
G_DEFINE_QUARK(amanat-core-error-quark, amanat_core_error)
/* clang-format on */

const char *amanat_error_message(int err) {
  switch ((amanat_err)err) {
  case AMANAT_OK:
    /* Translators: shown when an operation on the vault succeeded. */
    return _("Done.");
  case AMANAT_E_WRONG_PASSWORD:
    return _("Wrong password.");
  case AMANAT_E_NOT_A_VAULT:
    return _("This folder is not an Amanat vault.");
  case AMANAT_E_EXISTS:
    return _("There is already a vault or other files in this folder. Choose an empty folder.");
  case AMANAT_E_VERSION:
    return _("This vault was made by a newer version of Amanat. Update Amanat to open it.");
  case AMANAT_E_HEADER_TRUNCATED:
    /* Translators: the header is the small file at the start of a vault that holds the
     * locked keys. */
    return _("The vault's header is cut short (truncated). It cannot be opened.");
  case AMANAT_E_HEADER_DAMAGED:
    return _("The vault's header has been altered or damaged. It cannot be opened.");
  case AMANAT_E_KDF_LIMITS:
    /* Translators: key derivation is the deliberately slow step that turns a password into
     * a key; its cost is stored in the vault. */
    return _("The vault asks for a key-derivation cost beyond what Amanat accepts; it may have "
             "been tampered with.");
  case AMANAT_E_DAMAGED:
    return _("The vault is damaged: some of its data failed the integrity check.");
  case AMANAT_E_BUSY:
    return _("This vault is in use by another Amanat window or command. Close it and try again.");
  case AMANAT_E_IO:
    return _("The vault could not be read or written. Check the disk and try again.");
  case AMANAT_E_NO_SPACE:
    return _("The disk is full. Nothing was changed.");
  case AMANAT_E_READ_ONLY:
    return _("Amanat may not write to this folder. Nothing was changed.");
  case AMANAT_E_NOMEM:
    return _("There is not enough memory. Close other programs and try again.");
  case AMANAT_E_EMPTY_PASSWORD:
    return _("The password is empty.");
  case AMANAT_E_INVALID:
    return _("Amanat cannot use what it was given, for example a password that is not valid "
             "text.");
  case AMANAT_E_NO_FREE_SLOT:
    return _("This vault cannot hold another password.");
  case AMANAT_E_CRYPTO:
    return _("Amanat's encryption library could not start on this computer.");
  case AMANAT_E_NOT_ALLOWED:
    return _("This password does not allow that.");
  case AMANAT_E_MISSING:
    return _("A file of the vault is missing. It cannot be opened.");
  case AMANAT_E_NOT_FOUND:
    return _("There is nothing with that ID in the vault.");
  case AMANAT_E_AMBIGUOUS:
    /* Translators: an ID is the short code that names a document or contact. */
    return _("That ID is the start of more than one ID. Type more of it.");
  case AMANAT_E_CHANGED:
    return _("The file changed while it was being added. Nothing was added; try again.");
  case AMANAT_E_CANCELLED:
    return _("Stopped. Nothing was changed.");
  case AMANAT_E_UNREADABLE:
    return _("The file could not be opened or read. Nothing was added.");
  case AMANAT_E_WIPED:
    return _("This vault has been wiped. Nothing in it can be opened any more.");
  case AMANAT_E_PASSWORD_IN_USE:
    return _("That password already opens this vault. Choose another one.");
  case AMANAT_E_BAD_CARD:
    /* Translators: an identity card is the file a colleague gives you to add them. */
    return _("This is not a valid identity card, or it was altered. Nothing was added.");
  case AMANAT_E_BAD_BACKUP:
    return _("This is not an Amanat backup, or it is cut short, altered or damaged. Nothing "
             "was restored.");
  case AMANAT_E_BAD_RECOVERY_KEY:
    /* Translators: a recovery key is an organisation's key that backups can be encrypted
     * to; it comes as two files, a private key and a public card. */
    return _("This is not a valid recovery key file, or it was altered.");
  case AMANAT_E_NOT_RECIPIENT:
    /* Translators: a bundle is the encrypted file colleagues carry between vaults. */
    return _("This bundle was not made for this vault. Nothing was changed.");
  case AMANAT_E_UNKNOWN_SENDER:
    return _("This bundle comes from someone who is not one of your colleagues here. Nothing "
             "was changed.");
  case AMANAT_E_UNVERIFIED:
    return _("This colleague's safety code has not been compared yet. Compare it in person "
             "first.");
  case AMANAT_E_BUNDLE_GAP:
    return _("This bundle builds on an earlier one that was not imported here. Import the "
             "earlier bundle first, or ask for a full export. Nothing was changed.");
  case AMANAT_E_BAD_BUNDLE:
    return _("This bundle is damaged, incomplete or was altered. Nothing was changed.");
  }
  /* Translators: the error is not one Amanat knows; this should never be seen. */
  return _("Something unexpected went wrong.");
}

gboolean amanat_set_error(GError **error, int err) {
  if (err >= 0)
    return TRUE;
  g_set_error_literal(error, AMANAT_CORE_ERROR, err, amanat_error_message(err));
  return FALSE;
}
