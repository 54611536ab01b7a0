/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-cmd-backup.c: recovery-key new, backup, restore and travel (DESIGN.md §5, FORMAT.md
 * §Backups and §Recovery keys).
 *
 * Input order, one line each when standard input is not a terminal:
 *   recovery-key new  passphrase, confirmation
 *   backup            vault password, then (unless only --to-key) passphrase, confirmation
 *   restore           backup passphrase (or, with --key, the recovery key's passphrase),
 *                     then the new vault's password and confirmation
 *   travel            as backup, then the word WIPE to confirm the wipe
 * A duress session's backup holds what that session shows (the core makes it look like any
 * other), so every message here is the same whichever password opened the vault. */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "amanat-error-message.h"
#include "cli-commands.h"
#include "cli-table.h"

/* The word that confirms the wipe at the end of `travel`: the same as `wipe` asks for,
 * fixed and ASCII in every language. */
#define WIPE_WORD "WIPE"

typedef struct {
  const char *output;     /* -o */
  const char *card;       /* --to-key */
  gboolean passphrase;    /* --passphrase: with --to-key, a passphrase as well */
  amanat_kdf_profile kdf; /* --kdf */
} BackupArgs;

static gboolean parse_kdf(const char *name, amanat_kdf_profile *out) {
  if (strcmp(name, "interactive") == 0)
    *out = AMANAT_KDF_INTERACTIVE;
  else if (strcmp(name, "moderate") == 0)
    *out = AMANAT_KDF_MODERATE;
  else if (strcmp(name, "sensitive") == 0)
    *out = AMANAT_KDF_SENSITIVE;
  else
    return FALSE;
  return TRUE;
}

static char *shown_path(const char *path) {
  g_autofree char *display = g_filename_display_name(path);
  return cli_text_for_terminal(display, FALSE);
}

/* Matches --kdf; returns -1 when argv[*i] is not it, or an exit status on a usage error,
 * or 0 when it matched. */
static int match_kdf(const CliContext *ctx, int argc, char **argv, int *i,
                     amanat_kdf_profile *kdf) {
  const char *value = NULL;
  switch (cli_arg_value(argc, argv, i, "--kdf", &value)) {
  case CLI_ARG_MATCH:
    if (!parse_kdf(value, kdf))
      return cli_usage_error(ctx, _("Unknown key-derivation cost “%s”."), value);
    return 0;
  case CLI_ARG_MISSING:
    return cli_usage_error(ctx, _("The option “%s” needs a value."), "--kdf");
  case CLI_ARG_NO_MATCH:
    break;
  }
  return -1;
}

/* Matches `--name VALUE`; same returns as match_kdf. */
static int match_value(const CliContext *ctx, int argc, char **argv, int *i, const char *name,
                       const char **out) {
  switch (cli_arg_value(argc, argv, i, name, out)) {
  case CLI_ARG_MATCH:
    if ((*out)[0] == '\0')
      return cli_usage_error(ctx, _("The option “%s” needs a value."), name);
    return 0;
  case CLI_ARG_MISSING:
    return cli_usage_error(ctx, _("The option “%s” needs a value."), name);
  case CLI_ARG_NO_MATCH:
    break;
  }
  return -1;
}

static void warn_interactive(amanat_kdf_profile profile) {
  if (profile == AMANAT_KDF_INTERACTIVE)
    fprintf(stderr, "%s\n",
            _("Warning: the “interactive” key-derivation cost is meant for tests and "
              "low-memory machines. It makes guessing the passphrase cheaper."));
}

/* Before any password is asked: the card must be a recovery key's. Prints its safety code
 * into `code`. */
static int check_card(const char *card, char code[AMANAT_RECOVERY_CODE_LEN + 1]) {
  int err = amanat_recovery_card_code(card, code);
  if (err == AMANAT_OK)
    return CLI_EXIT_OK;
  if (err == AMANAT_E_MISSING || err == AMANAT_E_UNREADABLE) {
    g_autofree char *shown = shown_path(card);
    /* Translators: %s is a file name. */
    g_autofree char *message = g_strdup_printf(_("“%s” could not be opened or read."), shown);
    return cli_fail_message(message);
  }
  return cli_fail(err);
}

/* ---- recovery-key new -------------------------------------------------------------- */

int cli_cmd_recovery_key_new(const CliContext *ctx, int argc, char **argv) {
  const char *private_path = NULL, *public_path = NULL;
  amanat_kdf_profile kdf = AMANAT_KDF_MODERATE;
  for (int i = 1; i < argc; i++) {
    if (cli_arg_is_help(argv[i])) {
      cli_print_usage(stdout, ctx->command);
      return CLI_EXIT_OK;
    }
    int status = match_value(ctx, argc, argv, &i, "-o", &private_path);
    if (status < 0)
      status = match_value(ctx, argc, argv, &i, "--public", &public_path);
    if (status < 0)
      status = match_kdf(ctx, argc, argv, &i, &kdf);
    if (status > 0)
      return status;
    if (status < 0)
      return cli_usage_error(ctx, _("Unexpected argument “%s”."), argv[i]);
  }
  if (private_path == NULL || public_path == NULL)
    return cli_usage_error(ctx, _("Give both files: -o PRIVATE and --public CARD."));
  if (strcmp(private_path, public_path) == 0)
    return cli_usage_error(ctx, _("The private key and the public card need two different "
                                  "files."));
  int status = cli_check_new_file(private_path);
  if (status == CLI_EXIT_OK)
    status = cli_check_new_file(public_path);
  if (status != CLI_EXIT_OK)
    return status;

  g_autoptr(CliPassword) passphrase = NULL;
  gboolean weak = FALSE;
  /* Translators: the prompt for the passphrase that locks a new recovery key's private file. */
  status = cli_read_new_password(_("Recovery key passphrase: "), &passphrase, &weak);
  if (status != CLI_EXIT_OK)
    return status;
  char code[AMANAT_RECOVERY_CODE_LEN + 1];
  int err = amanat_recovery_key_new(private_path, public_path, passphrase->data, passphrase->len,
                                    amanat_kdf_cost_for(kdf), code);
  if (err != AMANAT_OK)
    return cli_fail(err);

  g_autofree char *shown_private = shown_path(private_path);
  g_autofree char *shown_public = shown_path(public_path);
  /* Translators: %s are file names. */
  printf(_("Made a recovery key. Keep the private key file %s and its passphrase apart from any "
           "laptop; give the public card %s to staff, who make backups with “--to-key”.\n"),
         shown_private, shown_public);
  printf("%s\n    %s\n", _("Its safety code (staff compare it with the code their backup shows):"),
         code);
  warn_interactive(kdf);
  cli_warn_if_weak(weak);
  return CLI_EXIT_OK;
}

/* ---- backup ------------------------------------------------------------------------- */

static int parse_backup_args(const CliContext *ctx, int argc, char **argv, BackupArgs *args,
                             gboolean output_needed) {
  for (int i = 1; i < argc; i++) {
    if (cli_arg_is_help(argv[i])) {
      cli_print_usage(stdout, ctx->command);
      return CLI_EXIT_OK;
    }
    if (strcmp(argv[i], "--passphrase") == 0) {
      args->passphrase = TRUE;
      continue;
    }
    int status = match_value(ctx, argc, argv, &i, "-o", &args->output);
    if (status < 0)
      status = match_value(ctx, argc, argv, &i, "--to-key", &args->card);
    if (status < 0)
      status = match_kdf(ctx, argc, argv, &i, &args->kdf);
    if (status > 0)
      return status;
    if (status < 0)
      return cli_usage_error(ctx, _("Unexpected argument “%s”."), argv[i]);
  }
  if (output_needed && args->output == NULL)
    return cli_usage_error(ctx, _("Give the backup's file with -o PATH."));
  if (args->passphrase && args->card == NULL)
    /* Translators: keep the option names. */
    return cli_usage_error(ctx, _("“--passphrase” goes with “--to-key”: without it, a "
                                  "passphrase is always asked for."));
  return -1;
}

/* Unlocks, reads the passphrase and writes the backup; the vault stays open in *vault (for
 * travel) or is locked (vault NULL). *passphrase_out gets the passphrase when one was read. */
static int make_backup(const CliContext *ctx, const BackupArgs *args, CliPassword **passphrase_out,
                       gboolean *weak, gboolean travelling) {
  amanat_vault *vault = NULL;
  int status = cli_unlock(ctx, _("Password: "), &vault);
  if (status != CLI_EXIT_OK)
    return status;
  g_autoptr(CliPassword) passphrase = NULL;
  *weak = FALSE;
  if (args->card == NULL || args->passphrase) {
    /* Translators: the prompt for the passphrase that locks a backup. */
    status = cli_read_new_password(_("Backup passphrase: "), &passphrase, weak);
    if (status != CLI_EXIT_OK) {
      amanat_vault_lock(vault);
      return status;
    }
  }
  amanat_backup_options options = {
      .passphrase = passphrase != NULL ? passphrase->data : NULL,
      .passphrase_len = passphrase != NULL ? passphrase->len : 0,
      .cost = amanat_kdf_cost_for(args->kdf),
      .recovery_card = args->card,
  };
  int err = amanat_backup_write(vault, args->output, &options);
  amanat_vault_lock(vault);
  if (err == AMANAT_E_EXISTS)
    return cli_check_new_file(args->output) != CLI_EXIT_OK ? CLI_EXIT_FAILURE : cli_fail(err);
  if (err != AMANAT_OK) {
    g_autofree char *message = g_strdup_printf(
        "%s %s%s%s", _("The backup could not be made, and no backup file was left."),
        amanat_error_message(err), travelling ? " " : "",
        travelling ? _("Nothing was wiped.") : "");
    return cli_fail_message(message);
  }
  if (passphrase_out != NULL)
    *passphrase_out = g_steal_pointer(&passphrase);
  return CLI_EXIT_OK;
}

static void print_written(const BackupArgs *args, const char *code) {
  g_autofree char *shown = shown_path(args->output);
  /* Translators: %s is the backup's file name. */
  printf(_("The backup was written to %s and read back in full: it is complete.\n"), shown);
  if (args->card != NULL)
    printf("%s\n    %s\n",
           _("It is encrypted to the recovery key with this safety code; check that it is "
             "your organisation's:"),
           code);
}

int cli_cmd_backup(const CliContext *ctx, int argc, char **argv) {
  BackupArgs args = {.kdf = AMANAT_KDF_MODERATE};
  int status = parse_backup_args(ctx, argc, argv, &args, TRUE);
  if (status >= 0)
    return status;
  status = cli_check_new_file(args.output);
  if (status != CLI_EXIT_OK)
    return status;
  char code[AMANAT_RECOVERY_CODE_LEN + 1] = "";
  if (args.card != NULL && (status = check_card(args.card, code)) != CLI_EXIT_OK)
    return status;
  gboolean weak = FALSE;
  status = make_backup(ctx, &args, NULL, &weak, FALSE);
  if (status != CLI_EXIT_OK)
    return status;
  print_written(&args, code);
  if (args.card == NULL || args.passphrase)
    warn_interactive(args.kdf);
  cli_warn_if_weak(weak);
  return CLI_EXIT_OK;
}

/* ---- restore ------------------------------------------------------------------------ */

/* The target must be able to take a new vault: checked before any password is asked. */
static int check_target(const char *dir) {
  if (!g_file_test(dir, G_FILE_TEST_EXISTS))
    return CLI_EXIT_OK;
  GDir *d = g_dir_open(dir, 0, NULL);
  gboolean empty = d != NULL && g_dir_read_name(d) == NULL;
  if (d != NULL)
    g_dir_close(d);
  return empty ? CLI_EXIT_OK : cli_fail(AMANAT_E_EXISTS);
}

static int fail_restore(int err) {
  if (err == AMANAT_E_WRONG_PASSWORD) {
    cli_fail_message(_("Wrong passphrase: it does not open this backup."));
    return CLI_EXIT_WRONG_PASSWORD;
  }
  if (err == AMANAT_E_VERSION)
    return cli_fail_message(_("This backup was made by a newer version of Amanat. Update Amanat "
                              "to restore it."));
  if (err == AMANAT_E_MISSING || err == AMANAT_E_UNREADABLE)
    return cli_fail_message(_("The backup or key file could not be opened or read."));
  return cli_fail(err);
}

int cli_cmd_restore(const CliContext *ctx, int argc, char **argv) {
  const char *backup = NULL, *key = NULL, *target = NULL;
  amanat_kdf_profile kdf = AMANAT_KDF_MODERATE;
  gboolean options_done = FALSE;
  for (int i = 1; i < argc; i++) {
    if (!options_done && cli_arg_is_help(argv[i])) {
      cli_print_usage(stdout, ctx->command);
      return CLI_EXIT_OK;
    }
    int status = -1;
    if (!options_done && strcmp(argv[i], "--") == 0) {
      options_done = TRUE;
      continue;
    }
    if (!options_done && argv[i][0] == '-') {
      status = match_value(ctx, argc, argv, &i, "--key", &key);
      if (status < 0)
        status = match_value(ctx, argc, argv, &i, "--vault", &target);
      if (status < 0)
        status = match_kdf(ctx, argc, argv, &i, &kdf);
      if (status > 0)
        return status;
      if (status < 0)
        return cli_usage_error(ctx, _("Unexpected argument “%s”."), argv[i]);
      continue;
    }
    if (backup != NULL)
      return cli_usage_error(ctx, _("Unexpected argument “%s”."), argv[i]);
    backup = argv[i];
  }
  if (backup == NULL)
    return cli_usage_error(ctx, _("Give the backup file to restore."));
  /* --vault after the command names the new vault; without it, the global one. */
  if (target == NULL)
    target = ctx->vault_dir;
  if (ctx->vault_dir_is_default && target == ctx->vault_dir) {
    g_autofree char *parent = g_path_get_dirname(target);
    if (g_mkdir_with_parents(parent, 0700) != 0)
      return cli_fail(errno == ENOSPC ? AMANAT_E_NO_SPACE : AMANAT_E_READ_ONLY);
  }
  int status = check_target(target);
  if (status != CLI_EXIT_OK)
    return status;

  g_autoptr(GError) error = NULL;
  g_autoptr(CliPassword) passphrase = cli_password_read(
      key != NULL ? _("Recovery key passphrase: ") : _("Backup passphrase: "), &error);
  if (passphrase == NULL)
    return cli_fail_error(error);
  amanat_backup *opened = NULL;
  int err = key != NULL ? amanat_backup_open_with_key(backup, key, passphrase->data,
                                                      passphrase->len, &opened)
                        : amanat_backup_open(backup, passphrase->data, passphrase->len, &opened);
  g_clear_pointer(&passphrase, cli_password_free);
  if (err != AMANAT_OK)
    return fail_restore(err);

  g_autoptr(CliPassword) password = NULL;
  gboolean weak = FALSE;
  /* Translators: the prompt for the password of the vault a backup is restored into. */
  status = cli_read_new_password(_("New vault password: "), &password, &weak);
  if (status == CLI_EXIT_OK) {
    err = amanat_backup_restore(opened, target, password->data, password->len,
                                amanat_kdf_cost_for(kdf), NULL, NULL);
    status = err == AMANAT_OK ? CLI_EXIT_OK : fail_restore(err);
  }
  amanat_backup_close(opened);
  if (status != CLI_EXIT_OK)
    return status;

  g_autofree char *shown = shown_path(target);
  /* Translators: %s is the new vault's folder. */
  printf(_("The backup was restored into a new vault in %s.\n"), shown);
  printf("%s\n", _("Duress passwords are not kept in backups: set them again with "
                   "“amanat-cli duress set”."));
  if (kdf == AMANAT_KDF_INTERACTIVE)
    fprintf(stderr, "%s\n",
            _("Warning: the “interactive” key-derivation cost is meant for tests and "
              "low-memory machines. It makes guessing the password cheaper."));
  cli_warn_if_weak(weak);
  return CLI_EXIT_OK;
}

/* ---- travel ------------------------------------------------------------------------- */

/* One line from standard input, read byte by byte as passwords are: TRUE when it is exactly
 * WIPE_WORD (a trailing carriage return allowed). */
static gboolean read_wipe_word(void) {
  char line[sizeof WIPE_WORD + 1];
  size_t len = 0;
  gboolean too_long = FALSE;
  for (;;) {
    char c;
    ssize_t n = read(STDIN_FILENO, &c, 1);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0 || c == '\n')
      break;
    if (len < sizeof line - 1)
      line[len++] = c;
    else
      too_long = TRUE;
  }
  line[len] = '\0';
  if (len > 0 && line[len - 1] == '\r')
    line[--len] = '\0';
  return !too_long && strcmp(line, WIPE_WORD) == 0;
}

/* A file name that says nothing: 16 random hex digits, in the current folder. */
static char *default_travel_path(void) {
  guint8 random[8];
  randombytes_buf(random, sizeof random);
  char hex[17];
  sodium_bin2hex(hex, sizeof hex, random, sizeof random);
  return g_strdup(hex);
}

/* "amanat-cli [--vault DIR] restore PATH" to show, with the paths made absolute. */
static char *restore_command(const char *vault_dir, const char *path) {
  g_autofree char *abs_path = g_canonicalize_filename(path, NULL);
  g_autofree char *abs_dir = g_canonicalize_filename(vault_dir, NULL);
  g_autofree char *display_path = g_filename_display_name(abs_path);
  g_autofree char *display_dir = g_filename_display_name(abs_dir);
  g_autofree char *quoted_path = g_shell_quote(display_path);
  g_autofree char *quoted_dir = g_shell_quote(display_dir);
  g_autofree char *command =
      g_strdup_printf("amanat-cli restore %s --vault %s", quoted_path, quoted_dir);
  return cli_text_for_terminal(command, FALSE);
}

int cli_cmd_travel(const CliContext *ctx, int argc, char **argv) {
  BackupArgs args = {.kdf = AMANAT_KDF_MODERATE};
  int status = parse_backup_args(ctx, argc, argv, &args, FALSE);
  if (status >= 0)
    return status;
  g_autofree char *chosen = args.output == NULL ? default_travel_path() : NULL;
  if (chosen != NULL)
    args.output = chosen;

  amanat_vault_info info;
  int err = amanat_vault_read_info(ctx->vault_dir, &info);
  if (err != AMANAT_OK)
    return cli_fail(err == AMANAT_E_MISSING ? AMANAT_E_NOT_A_VAULT : err);
  status = cli_check_new_file(args.output);
  if (status != CLI_EXIT_OK)
    return status;
  char code[AMANAT_RECOVERY_CODE_LEN + 1] = "";
  if (args.card != NULL && (status = check_card(args.card, code)) != CLI_EXIT_OK)
    return status;

  g_autofree char *shown = shown_path(args.output);
  g_autofree char *restore = restore_command(ctx->vault_dir, args.output);
  /* Translators: %s is the backup's file name. */
  printf(_("Travel mode, in three steps:\n"
           "  1. An encrypted backup of the whole vault is written to %s.\n"
           "  2. It is read back in full, to be sure it can be restored.\n"
           "  3. After you confirm, the vault is wiped from this computer.\n"
           "Nothing is wiped if a step fails. Keep the backup away from this computer (a "
           "stick, a colleague) and its passphrase in your head.\n"),
         shown);
  fflush(stdout);

  g_autoptr(CliPassword) passphrase = NULL;
  gboolean weak = FALSE;
  status = make_backup(ctx, &args, &passphrase, &weak, TRUE);
  if (status != CLI_EXIT_OK)
    return status;
  /* An independent read: the passphrase typed opens what is on the disk now. */
  if (passphrase != NULL) {
    amanat_backup *opened = NULL;
    err = amanat_backup_open(args.output, passphrase->data, passphrase->len, &opened);
    if (err == AMANAT_OK)
      err = amanat_backup_check(opened, NULL, NULL);
    amanat_backup_close(opened);
    if (err != AMANAT_OK) {
      g_autofree char *message =
          g_strdup_printf("%s %s", _("The backup did not read back. Nothing was wiped."),
                          amanat_error_message(err == AMANAT_E_WRONG_PASSWORD ? AMANAT_E_IO : err));
      return cli_fail_message(message);
    }
  }
  print_written(&args, code);
  fflush(stdout);
  if (isatty(STDIN_FILENO)) {
    /* Translators: %s is the word to type, “WIPE”; it stays in English so that it is the
     * same everywhere. */
    fprintf(stderr, _("Type %s to wipe the vault now: "), WIPE_WORD);
    fflush(stderr);
  }
  if (!read_wipe_word()) {
    /* Translators: %s is the backup's file name. */
    g_autofree char *message =
        g_strdup_printf(_("Nothing was wiped. The backup stays in %s."), shown);
    return cli_fail_message(message);
  }
  amanat_wipe_timings timings;
  err = amanat_vault_wipe(ctx->vault_dir, &timings);
  if (err != AMANAT_OK) {
    if (amanat_vault_read_info(ctx->vault_dir, &info) == AMANAT_E_WIPED)
      return cli_fail_message(_("The vault was wiped and cannot be opened again, but some of its "
                                "files could not be removed. Run “amanat-cli wipe” to remove "
                                "them."));
    return cli_fail(err);
  }
  printf("%s\n", _("The vault was wiped. It cannot be opened again."));
  /* Translators: %s is the command to type, for example "amanat-cli restore /media/x/abc
   * --vault /home/me/.local/share/amanat". */
  printf(_("After the crossing, restore it with:\n    %s\n"), restore);
  printf("%s\n", _("It asks for the backup passphrase (or, with --key, the recovery key and its "
                   "passphrase), then a new password. Set duress passwords again after that."));
  if (args.card == NULL || args.passphrase)
    warn_interactive(args.kdf);
  cli_warn_if_weak(weak);
  return CLI_EXIT_OK;
}
