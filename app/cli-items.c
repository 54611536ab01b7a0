/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-items.c: documents and contacts in JSON, and failures that name the ID concerned. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cli-common.h"
#include "cli-items.h"
#include "cli-table.h"

int cli_fail_item(int err, CliItemKind kind, const char *id) {
  g_autofree char *shown = cli_text_for_terminal(id, FALSE);
  g_autofree char *message = NULL;
  gboolean contact = kind == CLI_ITEM_CONTACT;
  switch (err) {
  case AMANAT_E_NOT_FOUND:
    message = g_strdup_printf(
        contact ? _("No contact has the ID “%s”.") : _("No document has the ID “%s”."), shown);
    break;
  case AMANAT_E_AMBIGUOUS:
    /* Translators: %s is the start of an ID the user typed. */
    message = g_strdup_printf(contact ? _("More than one contact has an ID that starts with "
                                          "“%s”. Type more of the ID.")
                                      : _("More than one document has an ID that starts with "
                                          "“%s”. Type more of the ID."),
                              shown);
    break;
  case AMANAT_E_INVALID:
    /* Translators: IDs are shown in lists, such as 3fa9c1d2e4b5. */
    message = g_strdup_printf(_("“%s” is not an ID: IDs are made of the digits 0–9 and the "
                                "letters a–f, and at least 4 of them are needed."),
                              shown);
    break;
  case AMANAT_E_DAMAGED:
    if (!contact) {
      message = g_strdup_printf(_("Document %s is damaged: its data failed the integrity check. "
                                  "Other documents are not affected."),
                                shown);
      break;
    }
    return cli_fail(err);
  default:
    return cli_fail(err);
  }
  return cli_fail_message(message);
}

/* "document" or "note": the `kind` of a document in JSON (never translated). */
static const char *doc_kind_json(amanat_doc_kind kind) {
  return kind == AMANAT_DOC_NOTE ? "note" : "document";
}

void cli_json_strings(CliJson *json, const char *const *strings, size_t count) {
  cli_json_begin_array(json);
  for (size_t i = 0; i < count; i++)
    cli_json_string(json, strings[i]);
  cli_json_end_array(json);
}

void cli_json_document(CliJson *json, const amanat_doc_info *doc) {
  cli_json_begin_object(json);
  cli_json_key(json, "id");
  cli_json_string(json, doc->id);
  cli_json_key(json, "kind");
  cli_json_string(json, doc_kind_json(doc->kind));
  cli_json_key(json, "title");
  cli_json_string(json, doc->title);
  cli_json_key(json, "type");
  cli_json_string(json, doc->content_type);
  cli_json_key(json, "size");
  cli_json_uint(json, doc->size);
  cli_json_key(json, "added");
  cli_json_string(json, doc->added);
  cli_json_key(json, "notes");
  cli_json_string(json, doc->notes);
  cli_json_key(json, "tags");
  cli_json_strings(json, doc->tags, doc->tag_count);
  cli_json_key(json, "contacts");
  cli_json_strings(json, doc->contacts, doc->contact_count);
  cli_json_end_object(json);
}

void cli_json_contact(CliJson *json, const amanat_contact_info *contact, gboolean reveal) {
  cli_json_begin_object(json);
  cli_json_key(json, "id");
  cli_json_string(json, contact->id);
  cli_json_key(json, "name");
  cli_json_string(json, contact->name);
  cli_json_key(json, "notes");
  cli_json_string(json, contact->notes != NULL ? contact->notes : "");
  cli_json_key(json, "added");
  cli_json_string(json, contact->added != NULL ? contact->added : "");
  cli_json_key(json, "fields");
  cli_json_begin_array(json);
  for (size_t i = 0; i < contact->field_count; i++) {
    const amanat_contact_field *field = &contact->fields[i];
    gboolean hidden = field->sensitive && !reveal;
    cli_json_begin_object(json);
    cli_json_key(json, "label");
    cli_json_string(json, field->label);
    cli_json_key(json, "value");
    if (hidden)
      cli_json_null(json);
    else
      cli_json_string(json, field->value);
    cli_json_key(json, "sensitive");
    cli_json_bool(json, field->sensitive != 0);
    cli_json_key(json, "hidden");
    cli_json_bool(json, hidden);
    cli_json_end_object(json);
  }
  cli_json_end_array(json);
  cli_json_key(json, "tags");
  cli_json_strings(json, contact->tags, contact->tag_count);
  cli_json_key(json, "documents");
  cli_json_strings(json, contact->documents, contact->document_count);
  cli_json_end_object(json);
}

static int copy_contact_id(const amanat_contact_info *contact, void *user_data) {
  g_strlcpy(user_data, contact->id, AMANAT_ID_LEN + 1);
  return 0;
}

int cli_contact_resolve(amanat_vault *vault, const char *prefix, char id_out[AMANAT_ID_LEN + 1]) {
  id_out[0] = '\0';
  return amanat_contact_show(vault, prefix, copy_contact_id, id_out);
}
