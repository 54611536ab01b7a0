/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-commands.h: the table of amanat-cli commands and the functions that run them. */
#pragma once

#include <stdio.h>

#include "cli-common.h"

G_BEGIN_DECLS

/* Runs a command: argv[0] is the command's name, then its own arguments. Returns an exit
 * status (CliExit), having printed any failure. */
typedef int (*CliCommandFunc)(const CliContext *ctx, int argc, char **argv);

struct CliCommand {
  const char *name;
  const char *synopsis; /* the arguments after the name, as typed: not translated */
  const char *summary;  /* N_(): one line for --help */
  CliCommandFunc run;
};

/* NULL when there is no such command. */
const CliCommand *cli_command_lookup(const char *name);

/* The command list for --help. */
void cli_print_commands(FILE *out);

/* cli-cmd-vault.c: creating, describing, re-keying and checking a vault. */
int cli_cmd_init(const CliContext *ctx, int argc, char **argv);
int cli_cmd_info(const CliContext *ctx, int argc, char **argv);
int cli_cmd_passwd(const CliContext *ctx, int argc, char **argv);
int cli_cmd_verify(const CliContext *ctx, int argc, char **argv);

G_END_DECLS
