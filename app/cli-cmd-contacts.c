/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-cmd-contacts.c: contact add, ls, show, edit and rm. Sensitive field values are never
 * printed unless --reveal asks for them. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "cli-commands.h"
#include "cli-items.h"
#include "cli-json.h"
#include "cli-table.h"

/* What the options of contact add and contact edit asked for. Arrays have room for argc. */
typedef struct {
  const char *name;
  const char *notes;
  amanat_contact_field *fields;
  size_t field_count;
  const char **remove;
  size_t remove_count;
} ContactRequest;

static void contact_request_init(ContactRequest *request, int argc) {
  *request = (ContactRequest){
      .fields = g_new0(amanat_contact_field, argc),
      .remove = g_new0(const char *, argc),
  };
}

static void contact_request_clear(ContactRequest *request) {
  g_free(request->fields);
  g_free(request->remove);
}

/* Output that may hold revealed values is wiped before it is freed. */
static void wipe_string(GString *text) {
  sodium_memzero(text->str, text->allocated_len);
  g_string_free(text, TRUE);
}

/* Splits "LABEL=VALUE" in place (argv's own memory); a VALUE of "-" is read from stdin. */
static gboolean add_field(ContactRequest *request, CliStdinValues *values, char *spec,
                          gboolean sensitive) {
  char *equals = strchr(spec, '=');
  if (equals == NULL || equals == spec)
    return FALSE;
  *equals = '\0';
  amanat_contact_field *field = &request->fields[request->field_count++];
  *field = (amanat_contact_field){.label = spec, .value = equals + 1, .sensitive = sensitive};
  g_autofree char *what = g_strdup_printf("%s %s", sensitive ? "--sensitive" : "--field", spec);
  cli_stdin_values_want(values, &field->value, what, sensitive);
  return TRUE;
}

/* Parses the options of contact add (`edit` FALSE) or contact edit, and the ID of edit; asks
 * `values` for those given as "-", in argument order. Returns -1 to go on, or an exit
 * status. */
static int parse_contact_options(const CliContext *ctx, int argc, char **argv, gboolean edit,
                                 ContactRequest *request, CliStdinValues *values, const char **id) {
  static const char *const value_options[] = {"--name", "--field", "--sensitive", "--remove",
                                              "--notes"};
  for (int i = 1; i < argc; i++) {
    if (cli_arg_is_help(argv[i])) {
      cli_print_usage(stdout, ctx->command);
      return CLI_EXIT_OK;
    }
  }
  for (int i = 1; i < argc; i++) {
    const char *value = NULL;
    size_t which = 0;
    CliArgMatch match = CLI_ARG_NO_MATCH;
    for (; which < G_N_ELEMENTS(value_options) && match == CLI_ARG_NO_MATCH; which++)
      match = cli_arg_value(argc, argv, &i, value_options[which], &value);
    if (match == CLI_ARG_MISSING)
      return cli_usage_error(ctx, _("The option “%s” needs a value."), argv[i]);
    if (match == CLI_ARG_NO_MATCH) {
      if (edit && *id == NULL && argv[i][0] != '-') {
        *id = argv[i];
        continue;
      }
      return cli_usage_error(ctx, _("Unexpected argument “%s”."), argv[i]);
    }
    const char *option = value_options[which - 1];
    gboolean is_name = strcmp(option, "--name") == 0, is_notes = strcmp(option, "--notes") == 0;
    if (!edit && (is_notes || strcmp(option, "--remove") == 0))
      return cli_usage_error(ctx, _("Unexpected argument “%s”."), option);
    if ((is_name && request->name != NULL) || (is_notes && request->notes != NULL))
      return cli_usage_error(ctx, _("The option “%s” can be given only once."), option);
    if (is_name) {
      request->name = value;
      cli_stdin_values_want(values, &request->name, option, FALSE);
    } else if (is_notes) {
      request->notes = value;
      cli_stdin_values_want(values, &request->notes, option, FALSE);
    } else if (strcmp(option, "--remove") == 0) {
      request->remove[request->remove_count] = value;
      cli_stdin_values_want(values, &request->remove[request->remove_count++], option, FALSE);
    } else if (!add_field(request, values, (char *)value, strcmp(option, "--sensitive") == 0)) {
      /* Translators: LABEL=VALUE stays as it is. */
      return cli_usage_error(ctx, _("“%s” needs a value of the form LABEL=VALUE."), option);
    }
  }
  return -1;
}

/* Names, labels and values must be text the vault accepts. */
static int check_request(const ContactRequest *request) {
  if (request->name != NULL &&
      (request->name[0] == '\0' || !cli_text_is_valid(request->name, G_MAXSIZE, FALSE)))
    return cli_fail_message(_("A contact’s name must be UTF-8 text on one line, and not empty. "
                              "Nothing was changed."));
  for (size_t i = 0; i < request->field_count; i++)
    if (!cli_text_is_valid(request->fields[i].label, G_MAXSIZE, FALSE) ||
        !cli_text_is_valid(request->fields[i].value, G_MAXSIZE, TRUE))
      return cli_fail_message(_("A field’s label must be UTF-8 text on one line and its value "
                                "UTF-8 text. Nothing was changed."));
  if (request->notes != NULL && !cli_text_is_valid(request->notes, G_MAXSIZE, TRUE))
    return cli_fail_message(_("The notes must be UTF-8 text. Nothing was changed."));
  return CLI_EXIT_OK;
}

static int fail_invalid_contact(int err) {
  if (err == AMANAT_E_INVALID)
    return cli_fail_message(
        _("A name, label, value or the notes are too long for a contact. Nothing was changed."));
  return cli_fail(err);
}

/* ---- contact add --------------------------------------------------------------------- */

int cli_cmd_contact_add(const CliContext *ctx, int argc, char **argv) {
  ContactRequest request;
  contact_request_init(&request, argc);
  g_autoptr(CliStdinValues) values = cli_stdin_values_new();
  const char *no_id = NULL;
  int status = parse_contact_options(ctx, argc, argv, FALSE, &request, values, &no_id);
  if (status < 0 && request.name == NULL)
    status = cli_usage_error(ctx, _("A contact needs a name: “%s”."), "--name NAME");
  if (status >= 0) {
    contact_request_clear(&request);
    return status;
  }

  amanat_vault *vault = NULL;
  status = check_request(&request); /* what the command line gave, before the password */
  if (status == CLI_EXIT_OK)
    status = cli_unlock_with_values(ctx, values, &vault);
  if (status == CLI_EXIT_OK)
    status = check_request(&request); /* and what standard input gave */
  if (status == CLI_EXIT_OK) {
    char id[AMANAT_ID_LEN + 1];
    int err = amanat_contact_add(vault, request.name, request.fields, request.field_count, id);
    if (err == AMANAT_OK)
      printf("%s\n", id);
    else
      status = fail_invalid_contact(err);
  }
  amanat_vault_lock(vault);
  contact_request_clear(&request);
  return status;
}

/* ---- contact ls and show ------------------------------------------------------------- */

typedef struct {
  CliJson json;
  gboolean as_json;
  CliTable *table; /* the human listing */
  gboolean reveal;
  guint count;
} ContactOutput;

static char *join_list(const char *const *items, size_t count) {
  g_autoptr(GString) joined = g_string_new(NULL);
  for (size_t i = 0; i < count; i++) {
    if (i > 0)
      g_string_append(joined, ", ");
    g_string_append(joined, items[i]);
  }
  return g_string_free(g_steal_pointer(&joined), FALSE);
}

static int list_contact(const amanat_contact_info *contact, void *user_data) {
  ContactOutput *output = user_data;
  output->count++;
  if (output->as_json) {
    cli_json_contact(&output->json, contact, FALSE);
    return 0;
  }
  g_autofree char *tags = join_list(contact->tags, contact->tag_count);
  const char *cells[] = {contact->id, contact->name, contact->added, tags};
  cli_table_add_row(output->table, cells);
  return 0;
}

static gboolean parse_flags(int argc, char **argv, gboolean allow_reveal, gboolean *json,
                            gboolean *reveal, const char **id, const char **bad) {
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--json") == 0)
      *json = TRUE;
    else if (allow_reveal && strcmp(argv[i], "--reveal") == 0)
      *reveal = TRUE;
    else if (id != NULL && *id == NULL && argv[i][0] != '-')
      *id = argv[i];
    else {
      *bad = argv[i];
      return FALSE;
    }
  }
  return TRUE;
}

static gboolean wants_help(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (cli_arg_is_help(argv[i]))
      return TRUE;
  return FALSE;
}

int cli_cmd_contact_ls(const CliContext *ctx, int argc, char **argv) {
  gboolean json = FALSE, reveal = FALSE;
  const char *bad = NULL;
  if (wants_help(argc, argv)) {
    cli_print_usage(stdout, ctx->command);
    return CLI_EXIT_OK;
  }
  if (!parse_flags(argc, argv, FALSE, &json, &reveal, NULL, &bad))
    return cli_usage_error(ctx, _("Unexpected argument “%s”."), bad);

  amanat_vault *vault = NULL;
  int status = cli_unlock_with_values(ctx, NULL, &vault);
  if (status != CLI_EXIT_OK)
    return status;
  GString *out = g_string_new(NULL);
  g_autoptr(CliTable) table = json ? NULL : cli_table_new(4);
  ContactOutput output = {.as_json = json, .table = table};
  cli_json_init(&output.json, out);
  if (json) {
    cli_json_begin_array(&output.json);
  } else {
    /* Translators: column headings of the contact list. */
    const char *heading[] = {_("ID"), _("NAME"), _("ADDED"), _("TAGS")};
    cli_table_add_row(table, heading);
  }
  int err = amanat_contact_list(vault, list_contact, &output);
  amanat_vault_lock(vault);
  if (err != AMANAT_OK) {
    wipe_string(out);
    return cli_fail(err);
  }
  if (json) {
    cli_json_end_array(&output.json);
    printf("%s\n", out->str);
  } else if (output.count > 0) {
    cli_table_print(table, stdout);
  } else {
    printf("%s\n", _("The vault holds no contacts yet."));
  }
  wipe_string(out);
  return CLI_EXIT_OK;
}

static void print_contact(const amanat_contact_info *contact, gboolean reveal) {
  g_autofree char *tags = join_list(contact->tags, contact->tag_count);
  g_autofree char *documents = join_list(contact->documents, contact->document_count);
  g_autoptr(CliTable) table = cli_table_new(2);
  /* Translators: labels of a contact's details; keep the colons. */
  const char *rows[][2] = {
      {_("ID:"), contact->id}, {_("Name:"), contact->name},  {_("Added:"), contact->added},
      {_("Tags:"), tags},      {_("Documents:"), documents},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(rows); i++)
    cli_table_add_row(table, rows[i]);
  cli_table_print(table, stdout);

  if (contact->field_count > 0) {
    printf("%s\n", _("Fields:"));
    g_autoptr(CliTable) fields = cli_table_new(2);
    for (size_t i = 0; i < contact->field_count; i++) {
      const amanat_contact_field *field = &contact->fields[i];
      g_autofree char *label = g_strdup_printf("  %s:", field->label);
      /* Translators: shown instead of a sensitive field's value. */
      const char *value = field->sensitive && !reveal ? _("(hidden — use --reveal)") : field->value;
      const char *cells[] = {label, value};
      cli_table_add_row(fields, cells);
    }
    cli_table_print(fields, stdout);
  }
  if (contact->notes != NULL && contact->notes[0] != '\0') {
    g_autofree char *safe = cli_text_for_terminal(contact->notes, TRUE);
    g_auto(GStrv) lines = g_strsplit(safe, "\n", -1);
    printf("%s\n", _("Notes:"));
    for (char **line = lines; *line != NULL; line++)
      printf("  %s\n", *line);
  }
}

static int show_contact(const amanat_contact_info *contact, void *user_data) {
  ContactOutput *output = user_data;
  if (output->as_json)
    cli_json_contact(&output->json, contact, output->reveal);
  else
    print_contact(contact, output->reveal);
  return 0;
}

int cli_cmd_contact_show(const CliContext *ctx, int argc, char **argv) {
  gboolean json = FALSE, reveal = FALSE;
  const char *id = NULL, *bad = NULL;
  if (wants_help(argc, argv)) {
    cli_print_usage(stdout, ctx->command);
    return CLI_EXIT_OK;
  }
  if (!parse_flags(argc, argv, TRUE, &json, &reveal, &id, &bad))
    return cli_usage_error(ctx, _("Unexpected argument “%s”."), bad);
  if (id == NULL)
    return cli_usage_error(ctx, _("No ID was given."));

  amanat_vault *vault = NULL;
  int status = cli_unlock_with_values(ctx, NULL, &vault);
  if (status != CLI_EXIT_OK)
    return status;
  GString *out = g_string_new(NULL);
  ContactOutput output = {.as_json = json, .reveal = reveal};
  cli_json_init(&output.json, out);
  int err = amanat_contact_show(vault, id, show_contact, &output);
  amanat_vault_lock(vault);
  if (err == AMANAT_OK && json)
    printf("%s\n", out->str);
  wipe_string(out);
  return err == AMANAT_OK ? CLI_EXIT_OK : cli_fail_item(err, CLI_ITEM_CONTACT, id);
}

/* ---- contact edit -------------------------------------------------------------------- */

typedef struct {
  char id[AMANAT_ID_LEN + 1];
  char *notes;
} ContactBefore;

static int remember_contact(const amanat_contact_info *contact, void *user_data) {
  ContactBefore *before = user_data;
  g_strlcpy(before->id, contact->id, sizeof before->id);
  before->notes = g_strdup(contact->notes != NULL ? contact->notes : "");
  return 0;
}

/* Notes and the rest are two changes in the core: if the second fails, the first is undone,
 * so that the command changes all or nothing. */
static int apply_edit(amanat_vault *vault, const char *id, const ContactRequest *request) {
  ContactBefore before = {.notes = NULL};
  int err = amanat_contact_show(vault, id, remember_contact, &before);
  g_autofree char *old_notes = before.notes;
  if (err != AMANAT_OK)
    return cli_fail_item(err, CLI_ITEM_CONTACT, id);
  const char *full = before.id;

  if (request->notes != NULL &&
      (err = amanat_contact_set_notes(vault, full, request->notes)) != AMANAT_OK)
    return fail_invalid_contact(err);
  gboolean other_changes =
      request->name != NULL || request->field_count > 0 || request->remove_count > 0;
  if (other_changes) {
    err = amanat_contact_edit(vault, full, request->name, request->fields, request->field_count,
                              request->remove, request->remove_count);
    if (err != AMANAT_OK) {
      if (request->notes != NULL && amanat_contact_set_notes(vault, full, old_notes) != AMANAT_OK)
        return cli_fail_message(_("The contact could not be changed, and its notes could not "
                                  "be set back as they were."));
      return fail_invalid_contact(err);
    }
  }
  /* Translators: %s is a contact's ID. */
  printf(_("Contact %s was changed.\n"), full);
  return CLI_EXIT_OK;
}

int cli_cmd_contact_edit(const CliContext *ctx, int argc, char **argv) {
  ContactRequest request;
  contact_request_init(&request, argc);
  g_autoptr(CliStdinValues) values = cli_stdin_values_new();
  const char *id = NULL;
  int status = parse_contact_options(ctx, argc, argv, TRUE, &request, values, &id);
  if (status < 0 && id == NULL)
    status = cli_usage_error(ctx, _("No ID was given."));
  if (status < 0 && request.name == NULL && request.notes == NULL && request.field_count == 0 &&
      request.remove_count == 0)
    status = cli_usage_error(ctx, _("Say what to change: a name, fields or notes."));
  if (status >= 0) {
    contact_request_clear(&request);
    return status;
  }

  amanat_vault *vault = NULL;
  status = check_request(&request);
  if (status == CLI_EXIT_OK)
    status = cli_unlock_with_values(ctx, values, &vault);
  if (status == CLI_EXIT_OK)
    status = check_request(&request);
  if (status == CLI_EXIT_OK)
    status = apply_edit(vault, id, &request);
  amanat_vault_lock(vault);
  contact_request_clear(&request);
  return status;
}

/* ---- contact rm ---------------------------------------------------------------------- */

int cli_cmd_contact_rm(const CliContext *ctx, int argc, char **argv) {
  return cli_remove_items(ctx, CLI_ITEM_CONTACT, argc, argv);
}
