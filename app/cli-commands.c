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
    {"add", "FILE... [--title T] [--tag TAG]... [--no-filename]",
     N_("Add files (“-”: standard input); prints their IDs"), cli_cmd_add},
    {"ls", "[--json] [--tag TAG]", N_("List the documents, newest first"), cli_cmd_ls},
    {"show", "ID [--json]", N_("Show a document's details"), cli_cmd_show},
    {"get", "ID -o PATH|-", N_("Save a document as a new file, or write it to standard output"),
     cli_cmd_get},
    {"rm", "ID...", N_("Delete documents"), cli_cmd_rm},
    {"tag", "ID +TAG|-TAG...", N_("Add (+) or remove (-) a document's tags"), cli_cmd_tag},
    {"note add", "--title T --file PATH|-", N_("Add a note from a text file or standard input"),
     cli_cmd_note_add},
    {"contact add", "--name N [--field LABEL=VALUE]... [--sensitive LABEL=VALUE]...",
     N_("Add a contact; prints its ID"), cli_cmd_contact_add},
    {"contact ls", "[--json]", N_("List the contacts"), cli_cmd_contact_ls},
    {"contact show", "ID [--reveal] [--json]",
     N_("Show a contact (sensitive fields only with --reveal)"), cli_cmd_contact_show},
    {"contact edit",
     "ID [--name N] [--field LABEL=VALUE]... [--sensitive LABEL=VALUE]... [--remove LABEL]... "
     "[--notes TEXT]",
     N_("Change a contact's name, fields or notes"), cli_cmd_contact_edit},
    {"contact rm", "ID...", N_("Delete contacts"), cli_cmd_contact_rm},
    {"search", "QUERY [--json]", N_("Search documents, notes and contacts"), cli_cmd_search},
    /* "identity export" before "identity", which would take "export" as its argument. */
    {"identity export", "-o FILE", N_("Save this space's identity card, to give to a colleague"),
     cli_cmd_identity_export},
    {"identity", "[--json]", N_("Show this space's safety code and public keys"), cli_cmd_identity},
    {"peer add", "FILE --name NAME",
     N_("Add a colleague from their identity card (not yet verified)"), cli_cmd_peer_add},
    {"peer verify", "[--] NAME", N_("Mark a colleague verified, once the safety codes match"),
     cli_cmd_peer_verify},
    {"peer ls", "[--json]", N_("List the colleagues this space knows"), cli_cmd_peer_ls},
    {"peer rm", "[--] NAME", N_("Remove a colleague"), cli_cmd_peer_rm},
    {"export",
     "--to NAME[,NAME...] -o PATH [--full] [--tag TAG]... [--omit-sensitive] "
     "[--allow-unverified]",
     N_("Write a bundle for colleagues: what they were not sent yet (--full: everything)"),
     cli_cmd_export},
    {"import", "PATH [--allow-unverified]",
     N_("Check a colleague's bundle, then apply it in one step"), cli_cmd_import},
    {"compact", "", N_("Give back the disk space of deleted documents"), cli_cmd_compact},
    {"duress set", "[--action wipe|decoy-only]",
     N_("Add a duress password: it opens the decoy and, with “wipe”, destroys the real space"),
     cli_cmd_duress_set},
    {"duress clear", "", N_("Remove every duress password"), cli_cmd_duress_clear},
    {"wipe", "[--yes] [--keep-decoy]",
     N_("Destroy the vault for good (no password), or only its real space (--keep-decoy)"),
     cli_cmd_wipe},
    {"wipe-after", "[N|off]",
     N_("Wipe the vault after N wrong passwords in a row; show the setting"), cli_cmd_wipe_after},
    {"recovery-key new", "-o PRIVATE --public CARD [--kdf interactive|moderate|sensitive]",
     N_("Make an organisation recovery key that backups can be encrypted to"),
     cli_cmd_recovery_key_new},
    {"backup", "-o PATH [--to-key CARD [--passphrase]] [--kdf interactive|moderate|sensitive]",
     N_("Write an encrypted backup of the whole vault, read back to check it"), cli_cmd_backup},
    {"restore", "PATH [--key PRIVATE] [--vault NEW] [--kdf interactive|moderate|sensitive]",
     N_("Restore a backup into a new vault (duress passwords are set again after)"),
     cli_cmd_restore},
    {"travel", "[-o PATH] [--to-key CARD [--passphrase]] [--kdf interactive|moderate|sensitive]",
     N_("Before a border: back up, check the backup, then wipe the vault (type WIPE)"),
     cli_cmd_travel},
};

const CliCommand *cli_command_lookup(int argc, char **argv, int *words) {
  for (size_t i = 0; i < G_N_ELEMENTS(commands); i++) {
    const char *name = commands[i].name;
    const char *space = strchr(name, ' ');
    if (space == NULL && strcmp(name, argv[0]) == 0) {
      *words = 1;
      return &commands[i];
    }
    if (space != NULL && argc > 1 && strncmp(name, argv[0], (size_t)(space - name)) == 0 &&
        argv[0][space - name] == '\0' && strcmp(space + 1, argv[1]) == 0) {
      *words = 2;
      return &commands[i];
    }
  }
  return NULL;
}

gboolean cli_command_is_group(const char *name) {
  size_t n = strlen(name);
  for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
    if (strncmp(commands[i].name, name, n) == 0 && commands[i].name[n] == ' ')
      return TRUE;
  return FALSE;
}

char *cli_command_group_members(const char *group) {
  g_autoptr(GString) members = g_string_new(NULL);
  size_t n = strlen(group);
  for (size_t i = 0; i < G_N_ELEMENTS(commands); i++) {
    if (strncmp(commands[i].name, group, n) != 0 || commands[i].name[n] != ' ')
      continue;
    if (members->len > 0)
      g_string_append(members, ", ");
    g_string_append(members, commands[i].name + n + 1);
  }
  return g_string_free(g_steal_pointer(&members), FALSE);
}

void cli_print_commands(FILE *out) {
  for (size_t i = 0; i < G_N_ELEMENTS(commands); i++) {
    g_autofree char *call = g_strdup_printf("%s %s", commands[i].name, commands[i].synopsis);
    g_strchomp(call);
    if (strlen(call) <= 48)
      fprintf(out, "  %-48s %s\n", call, _(commands[i].summary));
    else /* a long synopsis gets a line of its own */
      fprintf(out, "  %s\n  %-48s %s\n", call, "", _(commands[i].summary));
  }
}
