/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-cmd-duress.c: duress passwords, panic wipe and wipe after wrong passwords: duress set,
 * duress clear, wipe, wipe-after (DESIGN.md §5, FORMAT.md §Duress and §Wiping).
 *
 * A duress session (the password typed was a duress password) must look like a normal one:
 * the core handles such sessions itself, so every command here prints the same line for
 * the same outcome, whichever password opened the vault. */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli-commands.h"

/* The word to type at a terminal to confirm a wipe: fixed and ASCII in every language, so
 * that scripts, documentation and muscle memory agree. */
#define WIPE_WORD "WIPE"

/* ---- duress set, duress clear ---------------------------------------------------------- */

int cli_cmd_duress_set(const CliContext *ctx, int argc, char **argv) {
  amanat_duress_action action = AMANAT_DURESS_WIPE;
  for (int i = 1; i < argc; i++) {
    const char *value = NULL;
    if (cli_arg_is_help(argv[i])) {
      cli_print_usage(stdout, ctx->command);
      return CLI_EXIT_OK;
    }
    switch (cli_arg_value(argc, argv, &i, "--action", &value)) {
    case CLI_ARG_MATCH:
      if (strcmp(value, "wipe") == 0)
        action = AMANAT_DURESS_WIPE;
      else if (strcmp(value, "decoy-only") == 0)
        action = AMANAT_DURESS_DECOY_ONLY;
      else
        /* Translators: keep “wipe” and “decoy-only”: they are typed as they are. */
        return cli_usage_error(ctx, _("The action must be “wipe” or “decoy-only”, not “%s”."),
                               value);
      continue;
    case CLI_ARG_MISSING:
      return cli_usage_error(ctx, _("The option “%s” needs a value."), "--action");
    case CLI_ARG_NO_MATCH:
      break;
    }
    return cli_usage_error(ctx, _("Unexpected argument “%s”."), argv[i]);
  }

  amanat_vault *vault = NULL;
  int status = cli_unlock(ctx, _("Password: "), &vault);
  if (status != CLI_EXIT_OK)
    return status;

  g_autoptr(CliPassword) duress = NULL;
  gboolean weak = FALSE;
  /* Translators: the prompt for a new duress password: one that, typed instead of the real
   * password, opens the harmless decoy. */
  status = cli_read_new_password(_("Duress password: "), &duress, &weak);
  if (status == CLI_EXIT_OK) {
    int err = amanat_vault_duress_add(vault, duress->data, duress->len, action);
    /* AMANAT_E_PASSWORD_IN_USE reads the same whether the password is the real one or
     * another that already opens the vault: the message does not say which. */
    status = err == AMANAT_OK ? CLI_EXIT_OK : cli_fail(err);
  }
  amanat_vault_lock(vault);
  if (status != CLI_EXIT_OK)
    return status;

  if (action == AMANAT_DURESS_WIPE)
    printf("%s\n", _("Duress password set. Typing it instead of your password opens the decoy "
                     "and destroys the real space."));
  else
    printf("%s\n", _("Duress password set. Typing it instead of your password opens the decoy; "
                     "nothing is destroyed."));
  cli_warn_if_weak(weak);
  return CLI_EXIT_OK;
}

int cli_cmd_duress_clear(const CliContext *ctx, int argc, char **argv) {
  int status = cli_no_arguments(ctx, argc, argv);
  if (status >= 0)
    return status;

  amanat_vault *vault = NULL;
  status = cli_unlock(ctx, _("Password: "), &vault);
  if (status != CLI_EXIT_OK)
    return status;
  int err = amanat_vault_duress_clear(vault);
  amanat_vault_lock(vault);
  if (err != AMANAT_OK)
    return cli_fail(err);
  printf("%s\n", _("Every duress password was removed."));
  return CLI_EXIT_OK;
}

/* ---- wipe ---------------------------------------------------------------------------- */

/* Reads one line from standard input with read(2), as passwords are read, so that nothing
 * after it is swallowed by a buffer. TRUE when it is exactly WIPE_WORD. */
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

/* Before a wipe: at a terminal the user types WIPE_WORD; without a terminal --yes is needed.
 * Returns -1 to go on, or an exit status after printing why not. */
static int confirm_wipe(const CliContext *ctx, gboolean yes, gboolean keep_decoy) {
  if (yes)
    return -1;
  if (!isatty(STDIN_FILENO)) {
    /* A keep-decoy wipe needs the password, which no one pipes in by accident. */
    if (keep_decoy)
      return -1;
    /* Translators: keep “--yes”: it is typed as it is. */
    return cli_fail_message(_("Nothing was wiped: there is no terminal to confirm at. Add --yes "
                              "to wipe without asking."));
  }
  g_autofree char *shown = g_filename_display_name(ctx->vault_dir);
  fflush(stdout);
  g_autofree char *warning = NULL;
  if (keep_decoy)
    /* Translators: %s is the vault's folder. */
    warning = g_strdup_printf(_("This destroys the real space of the vault in %s for good. "
                                "Your password will then open the decoy."),
                              shown);
  else
    /* Translators: %s is the vault's folder. */
    warning = g_strdup_printf(_("This destroys the vault in %s for good: no password will "
                                "open it again and its files are removed."),
                              shown);
  fprintf(stderr, "%s\n", warning);
  /* Translators: %s is the word to type, “WIPE”; it stays in English so that it is the
   * same everywhere. */
  fprintf(stderr, _("Type %s to go on: "), WIPE_WORD);
  fflush(stderr);
  if (!read_wipe_word())
    return cli_fail_message(_("Nothing was wiped."));
  return -1;
}

/* The rest of a panic wipe failed after the header was overwritten: the vault is gone for
 * good, but files remain. Says so rather than "nothing was changed". */
static int wipe_failed(const CliContext *ctx, int err) {
  amanat_vault_info info;
  int now = amanat_vault_read_info(ctx->vault_dir, &info);
  if (now != AMANAT_E_WIPED)
    return cli_fail(err);
  return cli_fail_message(_("The vault was wiped and cannot be opened again, but some of its "
                            "files could not be removed. Run the command again to remove them."));
}

/* An empty folder is what a wipe killed after its last file leaves: wiping finishes it. */
static gboolean is_empty_folder(const char *path) {
  GDir *dir = g_dir_open(path, 0, NULL);
  if (dir == NULL)
    return FALSE;
  gboolean empty = g_dir_read_name(dir) == NULL;
  g_dir_close(dir);
  return empty;
}

static int wipe_everything(const CliContext *ctx, gboolean yes) {
  amanat_vault_info info;
  int err = amanat_vault_read_info(ctx->vault_dir, &info);
  if ((err == AMANAT_E_NOT_A_VAULT || err == AMANAT_E_MISSING) && !is_empty_folder(ctx->vault_dir))
    return cli_fail(AMANAT_E_NOT_A_VAULT); /* before asking anything */
  int status = confirm_wipe(ctx, yes, FALSE);
  if (status >= 0)
    return status;

  amanat_wipe_timings timings;
  err = amanat_vault_wipe(ctx->vault_dir, &timings);
  if (err != AMANAT_OK)
    return wipe_failed(ctx, err);
  printf("%s\n", _("The vault was wiped. It cannot be opened again."));
  return CLI_EXIT_OK;
}

static int wipe_keep_decoy(const CliContext *ctx, gboolean yes) {
  amanat_vault_info info;
  int err = amanat_vault_read_info(ctx->vault_dir, &info);
  if (err != AMANAT_OK)
    return cli_fail(err == AMANAT_E_MISSING ? AMANAT_E_NOT_A_VAULT : err);
  int status = confirm_wipe(ctx, yes, TRUE);
  if (status >= 0)
    return status;

  amanat_vault *vault = NULL;
  status = cli_unlock(ctx, _("Password: "), &vault);
  if (status != CLI_EXIT_OK)
    return status;
  err = amanat_vault_wipe_keep_decoy(vault);
  amanat_vault_lock(vault);
  if (err != AMANAT_OK)
    return cli_fail(err);
  printf("%s\n", _("The real space was destroyed. Your password now opens the decoy."));
  return CLI_EXIT_OK;
}

int cli_cmd_wipe(const CliContext *ctx, int argc, char **argv) {
  gboolean yes = FALSE, keep_decoy = FALSE;
  for (int i = 1; i < argc; i++) {
    if (cli_arg_is_help(argv[i])) {
      cli_print_usage(stdout, ctx->command);
      return CLI_EXIT_OK;
    }
    if (strcmp(argv[i], "--yes") == 0)
      yes = TRUE;
    else if (strcmp(argv[i], "--keep-decoy") == 0)
      keep_decoy = TRUE;
    else
      return cli_usage_error(ctx, _("Unexpected argument “%s”."), argv[i]);
  }
  return keep_decoy ? wipe_keep_decoy(ctx, yes) : wipe_everything(ctx, yes);
}

/* ---- wipe-after ---------------------------------------------------------------------- */

#define WIPE_AFTER_MAX 1000

/* "off" is 0; otherwise plain digits from 1 to WIPE_AFTER_MAX. */
static gboolean parse_wipe_after(const char *text, guint32 *out) {
  if (strcmp(text, "off") == 0) {
    *out = 0;
    return TRUE;
  }
  size_t len = strlen(text);
  if (len == 0 || len > 4 || strspn(text, "0123456789") != len)
    return FALSE;
  unsigned long value = strtoul(text, NULL, 10);
  if (value < 1 || value > WIPE_AFTER_MAX)
    return FALSE;
  *out = (guint32)value;
  return TRUE;
}

int cli_cmd_wipe_after(const CliContext *ctx, int argc, char **argv) {
  const char *given = NULL;
  guint32 limit = 0;
  for (int i = 1; i < argc; i++) {
    if (cli_arg_is_help(argv[i])) {
      cli_print_usage(stdout, ctx->command);
      return CLI_EXIT_OK;
    }
    if (given != NULL)
      return cli_usage_error(ctx, _("Unexpected argument “%s”."), argv[i]);
    given = argv[i];
    if (!parse_wipe_after(given, &limit)) {
      /* Translators: %d is the largest number allowed; keep “off”: it is typed as it is. */
      g_autofree char *message = g_strdup_printf(_("Give a number of wrong passwords from 1 to "
                                                   "%d, or “off”, not “%s”."),
                                                 WIPE_AFTER_MAX, given);
      return cli_usage_error(ctx, "%s", message);
    }
  }

  amanat_vault *vault = NULL;
  int status = cli_unlock(ctx, _("Password: "), &vault);
  if (status != CLI_EXIT_OK)
    return status;
  int err = given != NULL ? amanat_vault_set_wipe_after(vault, limit)
                          : amanat_vault_get_wipe_after(vault, &limit);
  amanat_vault_lock(vault);
  if (err != AMANAT_OK)
    return cli_fail(err);

  if (given != NULL && limit == 0)
    printf("%s\n", _("The vault will not be wiped after wrong passwords."));
  else if (given != NULL)
    printf(g_dngettext(GETTEXT_PACKAGE,
                       "The vault will be wiped after %u wrong password in a row.\n",
                       "The vault will be wiped after %u wrong passwords in a row.\n", limit),
           (unsigned)limit);
  else if (limit == 0)
    printf("%s\n", _("Wiping after wrong passwords is off."));
  else
    printf(g_dngettext(GETTEXT_PACKAGE, "The vault is wiped after %u wrong password in a row.\n",
                       "The vault is wiped after %u wrong passwords in a row.\n", limit),
           (unsigned)limit);
  return CLI_EXIT_OK;
}
