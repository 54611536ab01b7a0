/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-commands.c: the table of amanat-cli commands; new commands get a row here. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cli-commands.h"

static const CliCommand commands[] = {
    {"init", "[--kdf interactive|moderate|sensitive]", N_("Create a new vault"), cli_cmd_init},
    {"info", "[--json]", N_("Show the vault's format and key-derivation cost (no password)"),
     cli_cmd_info},
    {"passwd", "", N_("Change the password"), cli_cmd_passwd},
    {"verify", "", N_("Check that every part of the vault is intact"), cli_cmd_verify},
};

const CliCommand *cli_command_lookup(const char *name) {
  for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
    if (strcmp(commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

void cli_print_commands(FILE *out) {
  for (size_t i = 0; i < G_N_ELEMENTS(commands); i++) {
    g_autofree char *call = g_strdup_printf("%s %s", commands[i].name, commands[i].synopsis);
    fprintf(out, "  %-48s %s\n", g_strchomp(call), _(commands[i].summary));
  }
}
