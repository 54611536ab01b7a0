/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-commands.h: the table of amanat-cli commands and the functions that run them. */
#pragma once

#include <stdio.h>

#include "cli-common.h"
#include "cli-items.h"

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

/* The command named by argv[0], or by argv[0] and argv[1] ("contact add"), with *words set
 * to how many arguments name it. NULL when there is no such command. */
const CliCommand *cli_command_lookup(int argc, char **argv, int *words);

/* TRUE when `name` is the first word of commands such as "contact add". */
gboolean cli_command_is_group(const char *name);

/* The second words of a group, for a message: "add, ls, show". */
char *cli_command_group_members(const char *group);

/* The command list for --help. */
void cli_print_commands(FILE *out);

/* cli-cmd-vault.c: creating, describing, re-keying and checking a vault. */
int cli_cmd_init(const CliContext *ctx, int argc, char **argv);
int cli_cmd_info(const CliContext *ctx, int argc, char **argv);
int cli_cmd_passwd(const CliContext *ctx, int argc, char **argv);
int cli_cmd_verify(const CliContext *ctx, int argc, char **argv);

/* cli-cmd-add.c: adding files and notes. */
int cli_cmd_add(const CliContext *ctx, int argc, char **argv);
int cli_cmd_note_add(const CliContext *ctx, int argc, char **argv);

/* cli-cmd-docs.c: listing, showing, saving, deleting and tagging documents; compaction. */
int cli_cmd_ls(const CliContext *ctx, int argc, char **argv);
int cli_cmd_show(const CliContext *ctx, int argc, char **argv);
int cli_cmd_get(const CliContext *ctx, int argc, char **argv);
int cli_cmd_rm(const CliContext *ctx, int argc, char **argv);
int cli_cmd_tag(const CliContext *ctx, int argc, char **argv);
int cli_cmd_compact(const CliContext *ctx, int argc, char **argv);

/* rm and contact rm: resolves every ID before deleting anything. */
int cli_remove_items(const CliContext *ctx, CliItemKind kind, int argc, char **argv);

/* cli-cmd-contacts.c */
int cli_cmd_contact_add(const CliContext *ctx, int argc, char **argv);
int cli_cmd_contact_ls(const CliContext *ctx, int argc, char **argv);
int cli_cmd_contact_show(const CliContext *ctx, int argc, char **argv);
int cli_cmd_contact_edit(const CliContext *ctx, int argc, char **argv);
int cli_cmd_contact_rm(const CliContext *ctx, int argc, char **argv);

/* cli-cmd-search.c */
int cli_cmd_search(const CliContext *ctx, int argc, char **argv);

/* cli-cmd-duress.c: duress passwords, panic wipe, wipe after wrong passwords. */
int cli_cmd_duress_set(const CliContext *ctx, int argc, char **argv);
int cli_cmd_duress_clear(const CliContext *ctx, int argc, char **argv);
int cli_cmd_wipe(const CliContext *ctx, int argc, char **argv);
int cli_cmd_wipe_after(const CliContext *ctx, int argc, char **argv);

/* cli-cmd-peers.c: this space's identity and the colleagues it knows. */
int cli_cmd_identity(const CliContext *ctx, int argc, char **argv);
int cli_cmd_identity_export(const CliContext *ctx, int argc, char **argv);
int cli_cmd_peer_add(const CliContext *ctx, int argc, char **argv);
int cli_cmd_peer_verify(const CliContext *ctx, int argc, char **argv);
int cli_cmd_peer_ls(const CliContext *ctx, int argc, char **argv);
int cli_cmd_peer_rm(const CliContext *ctx, int argc, char **argv);

/* cli-cmd-sync.c: bundles for colleagues. */
int cli_cmd_export(const CliContext *ctx, int argc, char **argv);
int cli_cmd_import(const CliContext *ctx, int argc, char **argv);

/* cli-cmd-backup.c: recovery keys, backup, restore and travel mode. */
int cli_cmd_recovery_key_new(const CliContext *ctx, int argc, char **argv);
int cli_cmd_backup(const CliContext *ctx, int argc, char **argv);
int cli_cmd_restore(const CliContext *ctx, int argc, char **argv);
int cli_cmd_travel(const CliContext *ctx, int argc, char **argv);

G_END_DECLS
