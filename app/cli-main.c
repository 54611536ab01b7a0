/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-main.c: amanat-cli's entry point: hardening, translations, global options, dispatch. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "amanat-translations.h"
#include "amanat.h"
#include "cli-commands.h"

static void print_help(void) {
  cli_print_usage(stdout, NULL);
  printf("\n%s\n\n", _("Amanat keeps documents in an encrypted vault, offline."));
  printf("%s\n", _("Options:"));
  printf("  %-24s %s\n", _("--vault DIR"),
         _("The vault folder (default: $AMANAT_VAULT, else $XDG_DATA_HOME/amanat)"));
  printf("  %-24s %s\n", "--space real|decoy",
         _("With the real password, work on the real space or on the decoy"));
  printf("  %-24s %s\n", "--help", _("Show this help"));
  printf("  %-24s %s\n", "--version", _("Show the version"));
  printf("\n%s\n", _("Commands:"));
  cli_print_commands(stdout);
  printf("\n%s\n", _("Passwords are read from the terminal without echo or, when standard input is "
                     "not a terminal, one per line from it."));
  printf("%s\n", _("Exit status: 0 success, 1 failure, 2 usage error, 3 wrong password."));
}

static gboolean parse_space(const char *name, amanat_space_choice *out) {
  if (strcmp(name, "real") == 0)
    *out = AMANAT_SPACE_DEFAULT;
  else if (strcmp(name, "decoy") == 0)
    *out = AMANAT_SPACE_DECOY;
  else
    return FALSE;
  return TRUE;
}

/* Parses the global options and runs the command; returns the exit status. */
static int run(int argc, char **argv) {
  const char *vault = NULL;
  const char *space = "real";
  int i = 1;
  for (; i < argc && argv[i][0] == '-'; i++) {
    const char *value = NULL;
    if (strcmp(argv[i], "--") == 0) {
      i++;
      break;
    }
    if (cli_arg_is_help(argv[i])) {
      print_help();
      return CLI_EXIT_OK;
    }
    if (strcmp(argv[i], "--version") == 0) {
      printf("amanat-cli %s\n", PACKAGE_VERSION);
      return CLI_EXIT_OK;
    }
    CliArgMatch vault_match = cli_arg_value(argc, argv, &i, "--vault", &value);
    if (vault_match == CLI_ARG_MATCH && value[0] != '\0') {
      vault = value;
      continue;
    }
    if (vault_match != CLI_ARG_NO_MATCH)
      return cli_usage_error(NULL, _("The option “%s” needs a value."), "--vault");
    CliArgMatch space_match = cli_arg_value(argc, argv, &i, "--space", &value);
    if (space_match == CLI_ARG_MATCH) {
      space = value;
      continue;
    }
    if (space_match == CLI_ARG_MISSING)
      return cli_usage_error(NULL, _("The option “%s” needs a value."), "--space");
    return cli_usage_error(NULL, _("Unknown option “%s”."), argv[i]);
  }

  CliContext ctx = {0};
  if (!parse_space(space, &ctx.space))
    return cli_usage_error(NULL, _("The space must be “real” or “decoy”, not “%s”."), space);
  if (i >= argc)
    return cli_usage_error(NULL, _("No command was given."));
  int words = 1;
  ctx.command = cli_command_lookup(argc - i, argv + i, &words);
  if (ctx.command == NULL && cli_command_is_group(argv[i])) {
    g_autofree char *members = cli_command_group_members(argv[i]);
    /* Translators: the first %s is a command such as "contact", the second a list of what
     * may follow it: "add, ls, show". */
    return cli_usage_error(NULL, _("The command “%s” needs one of: %s."), argv[i], members);
  }
  if (ctx.command == NULL)
    return cli_usage_error(NULL, _("Unknown command “%s”."), argv[i]);

  g_autofree char *default_dir = NULL;
  const char *from_env = g_getenv("AMANAT_VAULT");
  if (vault != NULL)
    ctx.vault_dir = vault;
  else if (from_env != NULL && from_env[0] != '\0')
    ctx.vault_dir = from_env;
  else {
    default_dir = g_build_filename(g_get_user_data_dir(), "amanat", NULL);
    ctx.vault_dir = default_dir;
    ctx.vault_dir_is_default = TRUE;
  }
  /* A command's arguments start with the last word of its name. */
  i += words - 1;
  return ctx.command->run(&ctx, argc - i, argv + i);
}

int main(int argc, char **argv) {
  int hardened = amanat_harden_process(); /* before anything can hold a secret */
  amanat_translations_setup();
  if (hardened != AMANAT_OK)
    return cli_fail_message(_("Amanat could not turn off core dumps and debugger access, so "
                              "it will not run."));

  int err = amanat_init();
  if (err != AMANAT_OK)
    return cli_fail(err);

  int status = run(argc, argv);
  if (fflush(stdout) != 0 && status == CLI_EXIT_OK)
    status = cli_fail_message(_("The output could not be written."));
  return status;
}
