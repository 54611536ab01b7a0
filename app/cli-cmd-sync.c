/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-cmd-sync.c: export and import of bundles, the encrypted files colleagues carry
 * between vaults on USB sticks (FORMAT.md §Bundles). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/stat.h>

#include "amanat-error-message.h"
#include "cli-commands.h"
#include "cli-table.h"

static gboolean wants_help(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (cli_arg_is_help(argv[i]))
      return TRUE;
  return FALSE;
}

static char *shown(const char *text) {
  g_autofree char *display = g_filename_display_name(text);
  return cli_text_for_terminal(display, FALSE);
}

static char *size_text(guint64 bytes) {
  return g_format_size_full(bytes, G_FORMAT_SIZE_DEFAULT);
}

/* "3 documents or notes, 1 contact[, 0 deletions]", each count with its language's plural. */
static char *counts_text(const amanat_sync_counts *c, gboolean with_deletions) {
  g_autofree char *docs =
      g_strdup_printf(ngettext("%llu document or note", "%llu documents and notes", c->documents),
                      (unsigned long long)c->documents);
  g_autofree char *contacts = g_strdup_printf(
      ngettext("%llu contact", "%llu contacts", c->contacts), (unsigned long long)c->contacts);
  if (!with_deletions)
    /* Translators: joins two counts: "3 documents and notes, 1 contact". */
    return g_strdup_printf(_("%s, %s"), docs, contacts);
  g_autofree char *gone = g_strdup_printf(ngettext("%llu deletion", "%llu deletions", c->deletions),
                                          (unsigned long long)c->deletions);
  /* Translators: joins three counts: "3 documents and notes, 1 contact, 2 deletions". */
  return g_strdup_printf(_("%s, %s, %s"), docs, contacts, gone);
}

/* ---- export ------------------------------------------------------------------------- */

typedef struct ExportArgs {
  GPtrArray *to, *tags;
  const char *output;
  gboolean full, omit_sensitive, allow_unverified;
  guint64 part_size;
} ExportArgs;

static int parse_export(const CliContext *ctx, int argc, char **argv, ExportArgs *a) {
  for (int i = 1; i < argc; i++) {
    const char *value = NULL;
    CliArgMatch match;
    if ((match = cli_arg_value(argc, argv, &i, "--to", &value)) != CLI_ARG_NO_MATCH) {
      if (match == CLI_ARG_MISSING)
        return cli_usage_error(ctx, _("The option “%s” needs a value."), "--to");
      g_auto(GStrv) names = g_strsplit(value, ",", -1);
      for (char **n = names; *n != NULL; n++) {
        if (**n == '\0')
          return cli_usage_error(ctx, _("“%s” names an empty peer."), value);
        g_ptr_array_add(a->to, g_strdup(*n));
      }
    } else if ((match = cli_arg_value(argc, argv, &i, "--tag", &value)) != CLI_ARG_NO_MATCH) {
      if (match == CLI_ARG_MISSING)
        return cli_usage_error(ctx, _("The option “%s” needs a value."), "--tag");
      g_ptr_array_add(a->tags, g_strdup(value));
    } else if ((match = cli_arg_value(argc, argv, &i, "-o", &value)) != CLI_ARG_NO_MATCH) {
      if (match == CLI_ARG_MISSING)
        return cli_usage_error(ctx, _("The option “%s” needs a value."), "-o");
      if (a->output != NULL)
        return cli_usage_error(ctx, _("The option “%s” can be given only once."), "-o");
      a->output = value;
    } else if ((match = cli_arg_value(argc, argv, &i, "--part-size", &value)) != CLI_ARG_NO_MATCH) {
      /* Not in --help: for tests of bundles split into parts, as on FAT32. */
      guint64 size = 0;
      if (match == CLI_ARG_MISSING ||
          !g_ascii_string_to_unsigned(value, 10, 65536, G_MAXUINT64, &size, NULL))
        return cli_usage_error(ctx, _("Unexpected argument “%s”."), argv[i]);
      a->part_size = size;
    } else if (strcmp(argv[i], "--full") == 0) {
      a->full = TRUE;
    } else if (strcmp(argv[i], "--omit-sensitive") == 0) {
      a->omit_sensitive = TRUE;
    } else if (strcmp(argv[i], "--allow-unverified") == 0) {
      a->allow_unverified = TRUE;
    } else {
      return cli_usage_error(ctx, _("Unexpected argument “%s”."), argv[i]);
    }
  }
  if (a->to->len == 0)
    return cli_usage_error(ctx, _("Name the colleagues to export to: “%s”."), "--to NAME");
  if (a->to->len > AMANAT_BUNDLE_MAX_PEERS)
    return cli_usage_error(ctx, _("A bundle can be made for at most %d colleagues."),
                           AMANAT_BUNDLE_MAX_PEERS);
  if (a->output == NULL)
    return cli_usage_error(ctx, _("Say where to write the bundle: “%s”."), "-o PATH");
  return CLI_EXIT_OK;
}

/* -o a folder: a random file name inside it, which tells nobody what the file is. */
static char *bundle_path(const char *output) {
  if (!g_file_test(output, G_FILE_TEST_IS_DIR))
    return g_strdup(output);
  char name[17];
  amanat_bundle_default_name(name);
  return g_build_filename(output, name, NULL);
}

/* Says which peers are not verified; refuses unless --allow-unverified. */
typedef struct UnverifiedCheck {
  GPtrArray *to;
  GPtrArray *unverified;
} UnverifiedCheck;

static int note_unverified(const amanat_peer_info *peer, void *data) {
  UnverifiedCheck *check = data;
  for (guint i = 0; i < check->to->len; i++)
    if (!peer->verified && g_utf8_collate(peer->name, g_ptr_array_index(check->to, i)) == 0)
      g_ptr_array_add(check->unverified, g_strdup(peer->name));
  return 0;
}

static int warn_unverified(amanat_vault *vault, const ExportArgs *a) {
  g_autoptr(GPtrArray) unverified = g_ptr_array_new_with_free_func(g_free);
  UnverifiedCheck check = {a->to, unverified};
  int err = amanat_peer_list(vault, note_unverified, &check);
  if (err != AMANAT_OK)
    return cli_fail(err);
  for (guint i = 0; i < unverified->len; i++) {
    g_autofree char *name = cli_text_for_terminal(g_ptr_array_index(unverified, i), FALSE);
    if (!a->allow_unverified) {
      g_autofree char *message = g_strdup_printf(
          _("“%s” is not verified: compare safety codes in person first (peer verify), or "
            "give --allow-unverified. Nothing was written."),
          name);
      return cli_fail_message(message);
    }
    g_printerr(_("Warning: “%s” is not verified; the bundle is made for them anyway, as "
                 "--allow-unverified asks.\n"),
               name);
  }
  return CLI_EXIT_OK;
}

int cli_cmd_export(const CliContext *ctx, int argc, char **argv) {
  if (wants_help(argc, argv)) {
    cli_print_usage(stdout, ctx->command);
    return CLI_EXIT_OK;
  }
  ExportArgs a = {.to = g_ptr_array_new_with_free_func(g_free),
                  .tags = g_ptr_array_new_with_free_func(g_free)};
  int status = parse_export(ctx, argc, argv, &a);
  g_autofree char *path = status == CLI_EXIT_OK ? bundle_path(a.output) : NULL;
  if (status == CLI_EXIT_OK)
    status = cli_check_new_file(path);
  amanat_vault *vault = NULL;
  if (status == CLI_EXIT_OK)
    status = cli_unlock_with_values(ctx, NULL, &vault);
  if (status == CLI_EXIT_OK)
    status = warn_unverified(vault, &a);
  if (status != CLI_EXIT_OK) {
    amanat_vault_lock(vault);
    g_ptr_array_free(a.to, TRUE);
    g_ptr_array_free(a.tags, TRUE);
    return status;
  }
  amanat_export_options options = {
      .to = (const char *const *)a.to->pdata,
      .to_count = a.to->len,
      .full = a.full,
      .tags = (const char *const *)a.tags->pdata,
      .tag_count = a.tags->len,
      .omit_sensitive = a.omit_sensitive,
      .allow_unverified = TRUE, /* checked above, with the names in the message */
      .part_size = a.part_size,
  };
  amanat_export_result result;
  int err = amanat_bundle_export(vault, path, &options, &result);
  amanat_vault_lock(vault);
  g_ptr_array_free(a.tags, TRUE);
  g_autofree char *where = shown(path);
  if (err == AMANAT_E_NOT_FOUND) {
    g_ptr_array_free(a.to, TRUE);
    return cli_fail_message(_("One of the names given to --to is not a peer here (see peer ls). "
                              "Nothing was written."));
  }
  g_ptr_array_free(a.to, TRUE);
  if (err != AMANAT_OK) {
    g_autofree char *message = g_strdup_printf(
        _("The export failed: %s No bundle was left at “%s”."), amanat_error_message(err), where);
    return cli_fail_message(message);
  }
  g_autofree char *size = size_text(result.bytes);
  if (result.parts > 1)
    printf(_("Wrote %s.001 to %s.%03u (%u parts: import them together).\n"), where, where,
           result.parts, result.parts);
  else
    printf(_("Wrote %s.\n"), where);
  g_autofree char *counts = counts_text(&result.sent, TRUE);
  /* Translators: the first %s lists counts ("3 documents or notes, 1 contact, 0 deletions"),
   * the second is a size such as "2.1 MB". */
  printf(_("Sent %s (%s).\n"), counts, size);
  printf("%s\n", _("The bundle was synced and read back whole: it is safe to remove the drive."));
  return CLI_EXIT_OK;
}

/* ---- import ------------------------------------------------------------------------- */

int cli_cmd_import(const CliContext *ctx, int argc, char **argv) {
  if (wants_help(argc, argv)) {
    cli_print_usage(stdout, ctx->command);
    return CLI_EXIT_OK;
  }
  const char *path = NULL;
  gboolean allow_unverified = FALSE;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--allow-unverified") == 0)
      allow_unverified = TRUE;
    else if (argv[i][0] == '-' || path != NULL)
      return cli_usage_error(ctx, _("Unexpected argument “%s”."), argv[i]);
    else
      path = argv[i];
  }
  if (path == NULL)
    return cli_usage_error(ctx, _("No bundle was given."));
  amanat_vault *vault = NULL;
  int status = cli_unlock_with_values(ctx, NULL, &vault);
  if (status != CLI_EXIT_OK)
    return status;
  amanat_import_result r;
  int err = amanat_bundle_import(vault, path, allow_unverified, &r);
  amanat_vault_lock(vault);
  g_autofree char *sender = cli_text_for_terminal(r.peer, FALSE);
  switch (err) {
  case AMANAT_OK:
    break;
  case AMANAT_E_UNKNOWN_SENDER: {
    g_autofree char *message = g_strdup_printf(
        _("This bundle is signed by someone who is not a peer here. Their safety code is %s. "
          "If you know them, add their identity card and compare this code. Nothing was "
          "changed."),
        r.safety_code);
    return cli_fail_message(message);
  }
  case AMANAT_E_UNVERIFIED: {
    g_autofree char *message = g_strdup_printf(
        _("This bundle comes from “%s”, who is not verified: compare safety codes in person "
          "first (peer verify), or give --allow-unverified. Nothing was changed."),
        sender);
    return cli_fail_message(message);
  }
  case AMANAT_E_UNREADABLE: {
    g_autofree char *where = shown(path);
    g_autofree char *message = g_strdup_printf(
        _("The bundle “%s” could not be opened or read. Nothing was changed."), where);
    return cli_fail_message(message);
  }
  default:
    return cli_fail(err);
  }
  if (allow_unverified)
    g_printerr(_("Warning: imported without checking that “%s” is verified.\n"), sender);
  printf(_("Imported a bundle from “%s”.\n"), r.peer[0] != '\0' ? sender : _("this space"));
  g_autofree char *added = counts_text(&r.added, FALSE);
  g_autofree char *updated = counts_text(&r.updated, FALSE);
  g_autofree char *deleted = counts_text(&r.deleted, FALSE);
  /* Translators: %s lists counts, such as "3 documents or notes, 1 contact". */
  printf(_("Added: %s.\n"), added);
  printf(_("Updated: %s.\n"), updated);
  printf(_("Deleted: %s.\n"), deleted);
  if (r.conflicts > 0)
    printf(ngettext("%llu item was changed here and there at once; the rule in FORMAT.md chose "
                    "one, and a losing note was kept as a conflict copy.\n",
                    "%llu items were changed here and there at once; the rule in FORMAT.md chose "
                    "one, and losing notes were kept as conflict copies.\n",
                    r.conflicts),
           (unsigned long long)r.conflicts);
  return CLI_EXIT_OK;
}
