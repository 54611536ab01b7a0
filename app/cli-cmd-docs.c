/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-cmd-docs.c: the commands on documents already in the vault: ls, show, get, rm, tag,
 * and compact. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "amanat-error-message.h"
#include "cli-commands.h"
#include "cli-items.h"
#include "cli-json.h"
#include "cli-progress.h"
#include "cli-table.h"

/* Parses `[--json]` plus, when `tag` is not NULL, `[--tag TAG]`, and up to `max_ids`
 * positional IDs into ids (room for argc). Returns -1 to go on, or an exit status. */
static int parse_listing(const CliContext *ctx, int argc, char **argv, gboolean *json,
                         const char **tag, const char **ids, int *id_count, int max_ids) {
  *id_count = 0;
  for (int i = 1; i < argc; i++) {
    const char *value = NULL;
    if (cli_arg_is_help(argv[i])) {
      cli_print_usage(stdout, ctx->command);
      return CLI_EXIT_OK;
    }
    if (strcmp(argv[i], "--json") == 0) {
      *json = TRUE;
      continue;
    }
    CliArgMatch match =
        tag != NULL ? cli_arg_value(argc, argv, &i, "--tag", &value) : CLI_ARG_NO_MATCH;
    if (match == CLI_ARG_MATCH) {
      *tag = value;
      continue;
    }
    if (match == CLI_ARG_MISSING)
      return cli_usage_error(ctx, _("The option “%s” needs a value."), argv[i]);
    if (argv[i][0] == '-' || *id_count >= max_ids)
      return cli_usage_error(ctx, _("Unexpected argument “%s”."), argv[i]);
    ids[(*id_count)++] = argv[i];
  }
  return -1;
}

/* ---- ls ------------------------------------------------------------------------------ */

typedef struct {
  CliJson json;
  CliTable *table;
  guint count;
} Listing;

static char *join_list(const char *const *items, size_t count) {
  g_autoptr(GString) joined = g_string_new(NULL);
  for (size_t i = 0; i < count; i++) {
    if (i > 0)
      g_string_append(joined, ", ");
    g_string_append(joined, items[i]);
  }
  return g_string_free(g_steal_pointer(&joined), FALSE);
}

/* The type column: the content type, or "note" for notes. */
static const char *shown_type(const amanat_doc_info *doc) {
  /* Translators: in the type column of a document list, for notes written in Amanat. */
  return doc->kind == AMANAT_DOC_NOTE ? C_("type", "note") : doc->content_type;
}

static const char *shown_title(const char *title) {
  /* Translators: shown for a document without a title. */
  return title[0] != '\0' ? title : _("(untitled)");
}

static int list_document(const amanat_doc_info *doc, void *user_data) {
  Listing *listing = user_data;
  listing->count++;
  if (listing->table == NULL) {
    cli_json_document(&listing->json, doc);
    return 0;
  }
  g_autofree char *size = g_format_size(doc->size);
  g_autofree char *tags = join_list(doc->tags, doc->tag_count);
  const char *cells[] = {doc->id, shown_type(doc), size, doc->added, shown_title(doc->title), tags};
  cli_table_add_row(listing->table, cells);
  return 0;
}

int cli_cmd_ls(const CliContext *ctx, int argc, char **argv) {
  gboolean json = FALSE;
  const char *tag = NULL;
  int id_count = 0;
  int status = parse_listing(ctx, argc, argv, &json, &tag, NULL, &id_count, 0);
  if (status >= 0)
    return status;

  g_autoptr(CliStdinValues) values = cli_stdin_values_new();
  cli_stdin_values_want(values, &tag, "--tag", FALSE);
  amanat_vault *vault = NULL;
  status = cli_unlock_with_values(ctx, values, &vault);
  if (status != CLI_EXIT_OK)
    return status;

  g_autoptr(GString) out = g_string_new(NULL);
  g_autoptr(CliTable) table = json ? NULL : cli_table_new(6);
  Listing listing = {.table = table};
  cli_json_init(&listing.json, out);
  if (json)
    cli_json_begin_array(&listing.json);
  else {
    cli_table_align_right(table, 2);
    /* Translators: column headings of the document list. */
    const char *heading[] = {_("ID"), _("TYPE"), _("SIZE"), _("ADDED"), _("TITLE"), _("TAGS")};
    cli_table_add_row(table, heading);
  }
  int err = amanat_doc_list(vault, tag, 0, 0, list_document, &listing);
  amanat_vault_lock(vault);
  if (err != AMANAT_OK)
    return cli_fail(err);

  if (json) {
    cli_json_end_array(&listing.json);
    printf("%s\n", out->str);
  } else if (listing.count > 0) {
    cli_table_print(table, stdout);
  } else if (tag != NULL) {
    g_autofree char *shown = cli_text_for_terminal(tag, FALSE);
    printf(_("No documents have the tag “%s”.\n"), shown);
  } else {
    printf("%s\n", _("The vault holds no documents yet."));
  }
  return CLI_EXIT_OK;
}

/* ---- show ---------------------------------------------------------------------------- */

static void print_notes(const char *label, const char *notes) {
  if (notes == NULL || notes[0] == '\0')
    return;
  g_autofree char *safe = cli_text_for_terminal(notes, TRUE);
  g_auto(GStrv) lines = g_strsplit(safe, "\n", -1);
  printf("%s\n", label);
  for (char **line = lines; *line != NULL; line++)
    printf("  %s\n", *line);
}

static int print_document(const amanat_doc_info *doc, void *user_data) {
  if (user_data != NULL) {
    CliJson *json = user_data;
    cli_json_document(json, doc);
    return 0;
  }
  g_autofree char *size = g_format_size_full(doc->size, G_FORMAT_SIZE_LONG_FORMAT);
  g_autofree char *tags = join_list(doc->tags, doc->tag_count);
  g_autofree char *contacts = join_list(doc->contacts, doc->contact_count);
  /* Translators: the kind of an item, in `show`. */
  const char *kind = doc->kind == AMANAT_DOC_NOTE ? C_("kind", "note") : C_("kind", "document");
  g_autoptr(CliTable) table = cli_table_new(2);
  /* Translators: labels of a document's details; keep the colons. */
  const char *rows[][2] = {
      {_("ID:"), doc->id}, {_("Title:"), shown_title(doc->title)},
      {_("Kind:"), kind},  {_("Type:"), doc->content_type},
      {_("Size:"), size},  {_("Added:"), doc->added},
      {_("Tags:"), tags},  {_("Contacts:"), contacts},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(rows); i++)
    cli_table_add_row(table, rows[i]);
  cli_table_print(table, stdout);
  print_notes(_("Notes:"), doc->notes);
  return 0;
}

int cli_cmd_show(const CliContext *ctx, int argc, char **argv) {
  gboolean json = FALSE;
  const char *id[1] = {NULL};
  int id_count = 0;
  int status = parse_listing(ctx, argc, argv, &json, NULL, id, &id_count, 1);
  if (status >= 0)
    return status;
  if (id_count == 0)
    return cli_usage_error(ctx, _("No ID was given."));

  amanat_vault *vault = NULL;
  status = cli_unlock_with_values(ctx, NULL, &vault);
  if (status != CLI_EXIT_OK)
    return status;
  g_autoptr(GString) out = g_string_new(NULL);
  CliJson writer;
  cli_json_init(&writer, out);
  int err = amanat_doc_show(vault, id[0], print_document, json ? &writer : NULL);
  amanat_vault_lock(vault);
  if (err != AMANAT_OK)
    return cli_fail_item(err, CLI_ITEM_DOCUMENT, id[0]);
  if (json)
    printf("%s\n", out->str);
  return CLI_EXIT_OK;
}

/* ---- get ----------------------------------------------------------------------------- */

static int fail_saving(int err, const char *id, const char *path) {
  if ((err == AMANAT_E_IO || err == AMANAT_E_READ_ONLY) && strcmp(path, "-") != 0) {
    g_autofree char *display = g_filename_display_name(path);
    g_autofree char *shown = cli_text_for_terminal(display, FALSE);
    g_autofree char *message =
        err == AMANAT_E_READ_ONLY
            ? g_strdup_printf(_("Amanat may not write in the folder of “%s”. Nothing was saved."),
                              shown)
            : g_strdup_printf(_("The document could not be saved as “%s”. Check the disk and "
                                "try again."),
                              shown);
    return cli_fail_message(message);
  }
  if (err == AMANAT_E_IO)
    return cli_fail_message(_("The document could not be written to standard output."));
  return cli_fail_item(err, CLI_ITEM_DOCUMENT, id);
}

int cli_cmd_get(const CliContext *ctx, int argc, char **argv) {
  const char *id = NULL, *path = NULL;
  for (int i = 1; i < argc; i++) {
    const char *value = NULL;
    if (cli_arg_is_help(argv[i])) {
      cli_print_usage(stdout, ctx->command);
      return CLI_EXIT_OK;
    }
    CliArgMatch match = cli_arg_value(argc, argv, &i, "-o", &value);
    if (match == CLI_ARG_NO_MATCH)
      match = cli_arg_value(argc, argv, &i, "--output", &value);
    if (match == CLI_ARG_MATCH && value[0] != '\0') {
      path = value;
      continue;
    }
    if (match != CLI_ARG_NO_MATCH)
      return cli_usage_error(ctx, _("The option “%s” needs a value."), "-o");
    if (argv[i][0] == '-' || id != NULL)
      return cli_usage_error(ctx, _("Unexpected argument “%s”."), argv[i]);
    id = argv[i];
  }
  if (id == NULL)
    return cli_usage_error(ctx, _("No ID was given."));
  if (path == NULL)
    /* Translators: -o PATH and -o - are options, keep them. */
    return cli_usage_error(ctx, _("Say where to save it: “-o PATH”, or “-o -” for standard "
                                  "output."));

  gboolean to_stdout = strcmp(path, "-") == 0;
  /* The core finds the folder for its temporary file with dirname(3), whose result it does
   * not use for a bare name: "./" gives it one. */
  g_autofree char *target =
      strchr(path, '/') != NULL ? g_strdup(path) : g_strconcat("./", path, NULL);
  int status = to_stdout ? CLI_EXIT_OK : cli_check_new_file(path);
  if (status != CLI_EXIT_OK)
    return status;

  amanat_vault *vault = NULL;
  status = cli_unlock_with_values(ctx, NULL, &vault);
  if (status != CLI_EXIT_OK)
    return status;
  char full[AMANAT_ID_LEN + 1];
  int err = amanat_doc_resolve(vault, id, full);
  if (err != AMANAT_OK) {
    amanat_vault_lock(vault);
    return cli_fail_item(err, CLI_ITEM_DOCUMENT, id);
  }
  /* Checked again: the password took time. */
  status = to_stdout ? CLI_EXIT_OK : cli_check_new_file(path);
  if (status == CLI_EXIT_OK) {
    CliProgress progress;
    cli_progress_init_saving(&progress, full);
    fflush(stdout);
    err = to_stdout
              ? amanat_doc_export_fd(vault, full, STDOUT_FILENO, cli_progress_update, &progress)
              : amanat_doc_export_path(vault, full, target, cli_progress_update, &progress);
    cli_progress_finish(&progress);
    if (err != AMANAT_OK)
      status = fail_saving(err, full, path);
  }
  amanat_vault_lock(vault);
  return status;
}

/* ---- rm -------------------------------------------------------------------------------- */

/* Resolves every id (room for argc) to a distinct full id; fails naming the first bad one. */
static int resolve_all(amanat_vault *vault, CliItemKind kind, char **ids, int count,
                       GPtrArray *full_ids) {
  for (int i = 0; i < count; i++) {
    char full[AMANAT_ID_LEN + 1];
    int err = kind == CLI_ITEM_CONTACT ? cli_contact_resolve(vault, ids[i], full)
                                       : amanat_doc_resolve(vault, ids[i], full);
    if (err != AMANAT_OK)
      return cli_fail_item(err, kind, ids[i]);
    gboolean seen = FALSE;
    for (guint k = 0; k < full_ids->len && !seen; k++)
      seen = strcmp(full_ids->pdata[k], full) == 0;
    if (!seen)
      g_ptr_array_add(full_ids, g_strdup(full));
  }
  return CLI_EXIT_OK;
}

int cli_remove_items(const CliContext *ctx, CliItemKind kind, int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (cli_arg_is_help(argv[i])) {
      cli_print_usage(stdout, ctx->command);
      return CLI_EXIT_OK;
    }
    if (argv[i][0] == '-')
      return cli_usage_error(ctx, _("Unexpected argument “%s”."), argv[i]);
  }
  if (argc < 2)
    return cli_usage_error(ctx, _("No ID was given."));

  amanat_vault *vault = NULL;
  int status = cli_unlock_with_values(ctx, NULL, &vault);
  if (status != CLI_EXIT_OK)
    return status;
  g_autoptr(GPtrArray) full_ids = g_ptr_array_new_with_free_func(g_free);
  status = resolve_all(vault, kind, argv + 1, argc - 1, full_ids);
  /* One batch: `rm A B` killed halfway deletes both or neither. */
  int batch = status == CLI_EXIT_OK ? amanat_vault_batch_begin(vault) : AMANAT_OK;
  if (batch != AMANAT_OK)
    status = cli_fail(batch);
  guint deleted = 0;
  for (guint i = 0; i < full_ids->len && status == CLI_EXIT_OK; i++) {
    const char *full = full_ids->pdata[i];
    int err = kind == CLI_ITEM_CONTACT ? amanat_contact_delete(vault, full)
                                       : amanat_doc_delete(vault, full);
    if (err == AMANAT_OK) {
      deleted++;
      continue;
    }
    /* Translators: %s is an ID, then a sentence saying why. */
    g_autofree char *message =
        g_strdup_printf(kind == CLI_ITEM_CONTACT ? _("Contact %s could not be deleted: %s")
                                                 : _("Document %s could not be deleted: %s"),
                        full, amanat_error_message(err));
    status = cli_fail_message(message);
    if (err == AMANAT_E_WRONG_PASSWORD)
      status = CLI_EXIT_WRONG_PASSWORD;
  }
  if (status == CLI_EXIT_OK) {
    int err = amanat_vault_batch_commit(vault); /* undoes the whole batch when it fails */
    if (err != AMANAT_OK)
      status = cli_fail(err);
  } else {
    amanat_vault_batch_abort(vault);
  }
  amanat_vault_lock(vault);
  if (status == CLI_EXIT_OK)
    printf(kind == CLI_ITEM_CONTACT ? g_dngettext(GETTEXT_PACKAGE, "Deleted %u contact.\n",
                                                  "Deleted %u contacts.\n", deleted)
                                    : g_dngettext(GETTEXT_PACKAGE, "Deleted %u document.\n",
                                                  "Deleted %u documents.\n", deleted),
           deleted);
  return status;
}

int cli_cmd_rm(const CliContext *ctx, int argc, char **argv) {
  return cli_remove_items(ctx, CLI_ITEM_DOCUMENT, argc, argv);
}

/* ---- tag ------------------------------------------------------------------------------- */

static int print_tags(const amanat_doc_info *doc, void *user_data) {
  g_autofree char *tags = join_list(doc->tags, doc->tag_count);
  g_autofree char *shown = cli_text_for_terminal(tags, FALSE);
  /* Translators: %s is a document's ID, the second %s its tags, comma-separated. */
  printf(_("Tags of %s: %s\n"), doc->id, shown);
  return 0;
}

/* "+TAG" adds, "-TAG" removes. Returns FALSE for anything else. */
static gboolean sort_change(const char *change, const char **add, size_t *add_count,
                            const char **remove, size_t *remove_count) {
  if ((change[0] != '+' && change[0] != '-') || change[1] == '\0')
    return FALSE;
  if (change[0] == '+')
    add[(*add_count)++] = change + 1;
  else
    remove[(*remove_count)++] = change + 1;
  return TRUE;
}

int cli_cmd_tag(const CliContext *ctx, int argc, char **argv) {
  const char *id = NULL;
  g_autofree const char **changes = g_new0(const char *, argc);
  int change_count = 0;
  for (int i = 1; i < argc; i++) {
    /* Only --help: "-h" removes the tag "h". */
    if (strcmp(argv[i], "--help") == 0) {
      cli_print_usage(stdout, ctx->command);
      return CLI_EXIT_OK;
    }
    if (id == NULL && argv[i][0] != '+' && argv[i][0] != '-') {
      id = argv[i];
      continue;
    }
    if (strcmp(argv[i], "-") != 0 && (argv[i][0] != '+' && argv[i][0] != '-'))
      return cli_usage_error(ctx, _("Unexpected argument “%s”."), argv[i]);
    if (strcmp(argv[i], "+") == 0)
      return cli_usage_error(ctx, _("A tag to add or remove is missing after “%s”."), argv[i]);
    changes[change_count++] = argv[i];
  }
  if (id == NULL)
    return cli_usage_error(ctx, _("No ID was given."));
  if (change_count == 0)
    return cli_usage_error(ctx, _("Say which tags to add (+TAG) or remove (-TAG)."));

  /* A lone "-" is a change (+TAG or -TAG) read from standard input. */
  g_autoptr(CliStdinValues) values = cli_stdin_values_new();
  for (int c = 0; c < change_count; c++)
    cli_stdin_values_want(values, &changes[c], "+TAG/-TAG", FALSE);
  amanat_vault *vault = NULL;
  int status = cli_unlock_with_values(ctx, values, &vault);
  if (status != CLI_EXIT_OK)
    return status;

  g_autofree const char **add = g_new0(const char *, argc);
  g_autofree const char **remove = g_new0(const char *, argc);
  size_t add_count = 0, remove_count = 0;
  for (int c = 0; c < change_count && status == CLI_EXIT_OK; c++) {
    if (!sort_change(changes[c], add, &add_count, remove, &remove_count) ||
        !cli_text_is_valid(changes[c], G_MAXSIZE, FALSE))
      status = cli_fail_message(_("A tag change must be +TAG or -TAG, with the tag as UTF-8 text "
                                  "on one line. Nothing was changed."));
  }
  char full[AMANAT_ID_LEN + 1];
  int err = status == CLI_EXIT_OK ? amanat_doc_resolve(vault, id, full) : AMANAT_OK;
  if (err != AMANAT_OK)
    status = cli_fail_item(err, CLI_ITEM_DOCUMENT, id);
  if (status == CLI_EXIT_OK) {
    err = amanat_doc_tag(vault, full, add, add_count, remove, remove_count);
    if (err == AMANAT_OK)
      err = amanat_doc_show(vault, full, print_tags, NULL);
    if (err == AMANAT_E_INVALID)
      status = cli_fail_message(_("A tag is too long. Nothing was changed."));
    else if (err != AMANAT_OK)
      status = cli_fail_item(err, CLI_ITEM_DOCUMENT, full);
  }
  amanat_vault_lock(vault);
  return status;
}

/* ---- compact --------------------------------------------------------------------------- */

int cli_cmd_compact(const CliContext *ctx, int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (cli_arg_is_help(argv[i])) {
      cli_print_usage(stdout, ctx->command);
      return CLI_EXIT_OK;
    }
    return cli_usage_error(ctx, _("Unexpected argument “%s”."), argv[i]);
  }
  amanat_vault *vault = NULL;
  int status = cli_unlock_with_values(ctx, NULL, &vault);
  if (status != CLI_EXIT_OK)
    return status;
  int err = amanat_vault_compact(vault);
  amanat_vault_lock(vault);
  if (err != AMANAT_OK)
    return cli_fail(err);
  printf("%s\n", _("The space of deleted documents was given back."));
  return CLI_EXIT_OK;
}
