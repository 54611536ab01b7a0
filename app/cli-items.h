/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-items.h: documents and contacts as amanat-cli shows them: JSON objects, and the
 * failures that name an item's ID. */
#pragma once

#include <glib.h>

#include "amanat.h"
#include "cli-json.h"

G_BEGIN_DECLS

typedef enum {
  CLI_ITEM_DOCUMENT,
  CLI_ITEM_CONTACT,
} CliItemKind;

/* Prints one line for an error from looking up `id` (as the user typed it), naming it when
 * that helps: no such item, more than one, not an ID, damaged. Returns the exit status. */
int cli_fail_item(int err, CliItemKind kind, const char *id);

/* A JSON array of strings. */
void cli_json_strings(CliJson *json, const char *const *strings, size_t count);

/* The JSON object of a document: id, kind, title, type, size, added, notes, tags, contacts. */
void cli_json_document(CliJson *json, const amanat_doc_info *doc);

/* The JSON object of a contact: id, name, notes, added, fields, tags, documents. A sensitive
 * field's value is null, with "hidden": true, unless `reveal`. */
void cli_json_contact(CliJson *json, const amanat_contact_info *contact, gboolean reveal);

/* The full ID of the contact `prefix` names, in `id_out`; an amanat_err code. */
int cli_contact_resolve(amanat_vault *vault, const char *prefix, char id_out[AMANAT_ID_LEN + 1]);

G_END_DECLS
