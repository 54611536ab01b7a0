/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-cmd-vault.c: the commands on the vault as a whole: init, info, passwd, verify. */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "cli-commands.h"
#include "cli-json.h"

static gboolean parse_kdf_profile(const char *name, amanat_kdf_profile *out) {
  static const struct {
    const char *name;
    amanat_kdf_profile profile;
  } profiles[] = {
      {"interactive", AMANAT_KDF_INTERACTIVE},
      {"moderate", AMANAT_KDF_MODERATE},
      {"sensitive", AMANAT_KDF_SENSITIVE},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(profiles); i++) {
    if (strcmp(name, profiles[i].name) == 0) {
      *out = profiles[i].profile;
      return TRUE;
    }
  }
  return FALSE;
}

/* The default vault folder sits under $XDG_DATA_HOME, which may not exist yet. */
static int make_default_parent(const CliContext *ctx) {
  if (!ctx->vault_dir_is_default)
    return CLI_EXIT_OK;
  g_autofree char *parent = g_path_get_dirname(ctx->vault_dir);
  if (g_mkdir_with_parents(parent, 0700) == 0)
    return CLI_EXIT_OK;
  switch (errno) {
  case ENOSPC:
  case EDQUOT:
    return cli_fail(AMANAT_E_NO_SPACE);
  case EACCES:
  case EPERM:
  case EROFS:
    return cli_fail(AMANAT_E_READ_ONLY);
  default:
    return cli_fail(AMANAT_E_IO);
  }
}

int cli_cmd_init(const CliContext *ctx, int argc, char **argv) {
  amanat_kdf_profile profile = AMANAT_KDF_MODERATE;
  for (int i = 1; i < argc; i++) {
    const char *value = NULL;
    if (cli_arg_is_help(argv[i])) {
      cli_print_usage(stdout, ctx->command);
      return CLI_EXIT_OK;
    }
    switch (cli_arg_value(argc, argv, &i, "--kdf", &value)) {
    case CLI_ARG_MATCH:
      if (!parse_kdf_profile(value, &profile))
        return cli_usage_error(ctx, _("Unknown key-derivation cost “%s”."), value);
      continue;
    case CLI_ARG_MISSING:
      return cli_usage_error(ctx, _("The option “%s” needs a value."), "--kdf");
    case CLI_ARG_NO_MATCH:
      break;
    }
    return cli_usage_error(ctx, _("Unexpected argument “%s”."), argv[i]);
  }

  g_autoptr(CliPassword) password = NULL;
  gboolean weak = FALSE;
  int status = cli_read_new_password(_("Password: "), &password, &weak);
  if (status != CLI_EXIT_OK)
    return status;

  status = make_default_parent(ctx);
  if (status != CLI_EXIT_OK)
    return status;

  int err = amanat_vault_create(ctx->vault_dir, password->data, password->len,
                                amanat_kdf_cost_for(profile));
  if (err != AMANAT_OK)
    return cli_fail(err);

  g_autofree char *shown = g_filename_display_name(ctx->vault_dir);
  printf(_("Created a new vault in %s.\n"), shown);
  /* Warnings come after success, so that a failure stays one line on stderr. */
  if (profile == AMANAT_KDF_INTERACTIVE)
    fprintf(stderr, "%s\n",
            _("Warning: the “interactive” key-derivation cost is meant for tests and "
              "low-memory machines. It makes guessing the password cheaper."));
  cli_warn_if_weak(weak);
  return CLI_EXIT_OK;
}

/* "256 MiB", "1 GiB": memory sizes in the units the KDF profiles use. */
static char *format_memory(guint64 bytes) {
  const unsigned long long mib = 1ull << 20, gib = 1ull << 30;
  if (bytes >= gib && bytes % gib == 0)
    /* Translators: gibibytes of memory. */
    return g_strdup_printf(_("%llu GiB"), (unsigned long long)(bytes / gib));
  if (bytes >= mib && bytes % mib == 0)
    /* Translators: mebibytes of memory. */
    return g_strdup_printf(_("%llu MiB"), (unsigned long long)(bytes / mib));
  /* Translators: kibibytes of memory. */
  return g_strdup_printf(_("%llu KiB"), (unsigned long long)((bytes + 1023) / 1024));
}

int cli_cmd_info(const CliContext *ctx, int argc, char **argv) {
  gboolean json = FALSE;
  for (int i = 1; i < argc; i++) {
    if (cli_arg_is_help(argv[i])) {
      cli_print_usage(stdout, ctx->command);
      return CLI_EXIT_OK;
    }
    if (strcmp(argv[i], "--json") == 0)
      json = TRUE;
    else
      return cli_usage_error(ctx, _("Unexpected argument “%s”."), argv[i]);
  }

  amanat_vault_info info;
  int err = amanat_vault_read_info(ctx->vault_dir, &info);
  if (err != AMANAT_OK)
    return cli_fail(err);

  if (json) {
    g_autoptr(GString) out = g_string_new(NULL);
    CliJson writer;
    cli_json_init(&writer, out);
    cli_json_begin_object(&writer);
    cli_json_key(&writer, "format_version");
    cli_json_uint(&writer, info.format_version);
    cli_json_key(&writer, "kdf");
    cli_json_begin_object(&writer);
    cli_json_key(&writer, "algorithm");
    cli_json_string(&writer, "argon2id");
    cli_json_key(&writer, "passes");
    cli_json_uint(&writer, info.kdf.opslimit);
    cli_json_key(&writer, "memory_bytes");
    cli_json_uint(&writer, info.kdf.memlimit);
    cli_json_end_object(&writer);
    cli_json_end_object(&writer);
    printf("%s\n", out->str);
    return CLI_EXIT_OK;
  }

  g_autofree char *memory = format_memory(info.kdf.memlimit);
  printf(_("Amanat vault, format version %u\n"), (unsigned)info.format_version);
  /* Translators: %u is a number of passes, %s an amount of memory such as "256 MiB". */
  printf(g_dngettext(GETTEXT_PACKAGE, "Key derivation: Argon2id, %u pass, %s\n",
                     "Key derivation: Argon2id, %u passes, %s\n", info.kdf.opslimit),
         (unsigned)info.kdf.opslimit, memory);
  return CLI_EXIT_OK;
}

int cli_cmd_passwd(const CliContext *ctx, int argc, char **argv) {
  int status = cli_no_arguments(ctx, argc, argv);
  if (status >= 0)
    return status;

  amanat_vault *vault = NULL;
  status = cli_unlock(ctx, _("Current password: "), &vault);
  if (status != CLI_EXIT_OK)
    return status;

  g_autoptr(CliPassword) password = NULL;
  gboolean weak = FALSE;
  status = cli_read_new_password(_("New password: "), &password, &weak);
  if (status == CLI_EXIT_OK) {
    int err = amanat_vault_change_password(vault, password->data, password->len);
    status = err == AMANAT_OK ? CLI_EXIT_OK : cli_fail(err);
  }
  amanat_vault_lock(vault);

  if (status == CLI_EXIT_OK) {
    printf("%s\n", _("The password was changed."));
    cli_warn_if_weak(weak);
  }
  return status;
}

int cli_cmd_verify(const CliContext *ctx, int argc, char **argv) {
  int status = cli_no_arguments(ctx, argc, argv);
  if (status >= 0)
    return status;

  amanat_vault *vault = NULL;
  status = cli_unlock(ctx, _("Password: "), &vault);
  if (status != CLI_EXIT_OK)
    return status;

  amanat_verify_report report = {.part = AMANAT_PART_NONE};
  int err = amanat_vault_verify(vault, &report);
  amanat_vault_lock(vault);

  if (err == AMANAT_OK) {
    printf("%s\n", _("The vault is intact."));
    return CLI_EXIT_OK;
  }
  if (err == AMANAT_E_DAMAGED && report.part == AMANAT_PART_HEADER)
    return cli_fail_message(_("The vault header is damaged."));
  if (err == AMANAT_E_DAMAGED && report.part == AMANAT_PART_DATABASE) {
    /* Translators: %d numbers the vault's database files, as in their names. */
    g_autofree char *message = g_strdup_printf(_("Database file %d is damaged."), report.index);
    return cli_fail_message(message);
  }
  if (err == AMANAT_E_DAMAGED && report.part == AMANAT_PART_DOCUMENT) {
    /* Translators: %s is a document's ID. */
    g_autofree char *message = g_strdup_printf(_("Document %s is damaged."), report.document_id);
    return cli_fail_message(message);
  }
  return cli_fail(err);
}
