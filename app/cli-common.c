/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-common.c: option matching, error reporting and unlocking shared by amanat-cli commands. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "amanat-error-message.h"
#include "amanat-password-strength.h"
#include "cli-commands.h"
#include "cli-common.h"
#include "cli-table.h"

CliArgMatch cli_arg_value(int argc, char **argv, int *i, const char *name, const char **value) {
  const char *arg = argv[*i];
  size_t n = strlen(name);
  if (strncmp(arg, name, n) != 0)
    return CLI_ARG_NO_MATCH;
  if (arg[n] == '=') {
    *value = arg + n + 1;
    return CLI_ARG_MATCH;
  }
  if (arg[n] != '\0')
    return CLI_ARG_NO_MATCH;
  if (*i + 1 >= argc)
    return CLI_ARG_MISSING;
  *i += 1;
  *value = argv[*i];
  return CLI_ARG_MATCH;
}

gboolean cli_arg_is_help(const char *arg) {
  return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

void cli_print_usage(FILE *out, const CliCommand *command) {
  /* Translators: the start of a usage line, followed by the command's syntax. */
  const char *usage = _("Usage:");
  if (command == NULL) {
    /* Translators: keep the option names; DIR and the upper-case words may be translated. */
    fprintf(out, "%s amanat-cli %s\n", usage,
            _("[--vault DIR] [--space real|decoy] COMMAND [ARGS]"));
    return;
  }
  /* Translators: stands for --vault and --space in a command's usage line. */
  const char *options = _("[OPTIONS]");
  g_autofree char *line =
      g_strdup_printf("%s amanat-cli %s %s %s", usage, options, command->name, command->synopsis);
  fprintf(out, "%s\n", g_strchomp(line));
}

int cli_usage_error(const CliContext *ctx, const char *format, ...) {
  va_list args;
  va_start(args, format);
  g_autofree char *message = g_strdup_vprintf(format, args);
  va_end(args);

  fflush(stdout);
  fprintf(stderr, "amanat-cli: %s\n", message);
  cli_print_usage(stderr, ctx != NULL ? ctx->command : NULL);
  /* Translators: %s is the command to type, "amanat-cli --help". */
  fprintf(stderr, _("Run “%s” to see every command and option.\n"), "amanat-cli --help");
  return CLI_EXIT_USAGE;
}

int cli_fail_message(const char *message) {
  fflush(stdout);
  fprintf(stderr, "%s\n", message);
  return CLI_EXIT_FAILURE;
}

int cli_fail(int err) {
  cli_fail_message(amanat_error_message(err));
  return err == AMANAT_E_WRONG_PASSWORD ? CLI_EXIT_WRONG_PASSWORD : CLI_EXIT_FAILURE;
}

int cli_fail_error(const GError *error) {
  cli_fail_message(error->message);
  if (error->domain == AMANAT_CORE_ERROR && error->code == AMANAT_E_WRONG_PASSWORD)
    return CLI_EXIT_WRONG_PASSWORD;
  return CLI_EXIT_FAILURE;
}

void cli_warn_if_weak(gboolean weak) {
  if (weak)
    fprintf(stderr, "%s\n", amanat_password_strength_advice(AMANAT_PASSWORD_WEAK));
}

int cli_unlock(const CliContext *ctx, const char *prompt, amanat_vault **out) {
  g_autoptr(GError) error = NULL;
  g_autoptr(CliPassword) password = cli_password_read(prompt, &error);
  if (password == NULL)
    return cli_fail_error(error);

  int err = amanat_vault_open(ctx->vault_dir, password->data, password->len, ctx->space, out);
  if (err != AMANAT_OK)
    return cli_fail(err);
  return CLI_EXIT_OK;
}

int cli_unlock_with_values(const CliContext *ctx, CliStdinValues *values, amanat_vault **out) {
  /* Translators: the prompt for the vault's password at a terminal. */
  int status = cli_unlock(ctx, _("Password: "), out);
  if (status != CLI_EXIT_OK || values == NULL)
    return status;
  status = cli_stdin_values_read(values);
  if (status != CLI_EXIT_OK) {
    amanat_vault_lock(*out);
    *out = NULL;
  }
  return status;
}

gboolean cli_text_is_valid(const char *text, size_t max_bytes, gboolean multiline) {
  size_t len = strlen(text);
  if (len > max_bytes || !g_utf8_validate_len(text, len, NULL))
    return FALSE;
  for (const char *p = text; *p != '\0'; p++) {
    unsigned char c = (unsigned char)*p;
    if (multiline && (c == '\n' || c == '\t' || c == '\r'))
      continue;
    if (c < 0x20 || c == 0x7f)
      return FALSE;
  }
  return TRUE;
}

int cli_read_new_password(const char *prompt, CliPassword **out, gboolean *weak) {
  g_autoptr(GError) error = NULL;
  g_autoptr(CliPassword) password = cli_password_read(prompt, &error);
  if (password == NULL)
    return cli_fail_error(error);
  gboolean is_weak =
      amanat_password_strength(password->data, password->len) == AMANAT_PASSWORD_WEAK;
  if (is_weak && isatty(STDIN_FILENO)) {
    /* Someone at a terminal can still press Ctrl+C and choose another. */
    cli_warn_if_weak(TRUE);
    is_weak = FALSE;
  }

  g_autoptr(CliPassword) again = cli_password_read(_("Repeat the password: "), &error);
  if (again == NULL)
    return cli_fail_error(error);
  if (!cli_password_equal(password, again))
    return cli_fail_message(_("The passwords do not match. Nothing was changed."));

  *weak = is_weak;
  *out = g_steal_pointer(&password);
  return CLI_EXIT_OK;
}

int cli_no_arguments(const CliContext *ctx, int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (cli_arg_is_help(argv[i])) {
      cli_print_usage(stdout, ctx->command);
      return CLI_EXIT_OK;
    }
    return cli_usage_error(ctx, _("Unexpected argument “%s”."), argv[i]);
  }
  return -1;
}

/* Nothing is overwritten silently: not a file, not a link (even a dangling one). And the
 * folder must be there. */
int cli_check_new_file(const char *path) {
  g_autofree char *display = g_filename_display_name(path);
  g_autofree char *shown = cli_text_for_terminal(display, FALSE);
  struct stat st;
  if (lstat(path, &st) == 0) {
    g_autofree char *message = g_strdup_printf(
        _("“%s” already exists. Nothing was overwritten; choose another name."), shown);
    return cli_fail_message(message);
  }
  g_autofree char *folder = g_path_get_dirname(path);
  if (stat(folder, &st) != 0 || !S_ISDIR(st.st_mode)) {
    g_autofree char *message =
        g_strdup_printf(_("The folder to save “%s” in does not exist."), shown);
    return cli_fail_message(message);
  }
  return CLI_EXIT_OK;
}
