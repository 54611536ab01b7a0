/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-cmd-search.c: search, over documents, notes and contacts. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "cli-commands.h"
#include "cli-json.h"
#include "cli-table.h"

typedef struct {
  CliJson json;
  CliTable *table; /* NULL for JSON */
} SearchOutput;

static const char *kind_json(amanat_hit_kind kind) {
  switch (kind) {
  case AMANAT_HIT_NOTE:
    return "note";
  case AMANAT_HIT_CONTACT:
    return "contact";
  case AMANAT_HIT_DOCUMENT:
    break;
  }
  return "document";
}

static const char *kind_shown(amanat_hit_kind kind) {
  /* Translators: the kind of a search result, at the start of its line. */
  switch (kind) {
  case AMANAT_HIT_NOTE:
    return C_("kind", "note");
  case AMANAT_HIT_CONTACT:
    return C_("kind", "contact");
  case AMANAT_HIT_DOCUMENT:
    break;
  }
  return C_("kind", "document");
}

static int add_hit(const amanat_search_hit *hit, void *user_data) {
  SearchOutput *output = user_data;
  if (output->table == NULL) {
    cli_json_begin_object(&output->json);
    cli_json_key(&output->json, "id");
    cli_json_string(&output->json, hit->id);
    cli_json_key(&output->json, "kind");
    cli_json_string(&output->json, kind_json(hit->kind));
    cli_json_key(&output->json, "title");
    cli_json_string(&output->json, hit->title);
    cli_json_end_object(&output->json);
    return 0;
  }
  /* Translators: shown for a document without a title. */
  const char *title = hit->title[0] != '\0' ? hit->title : _("(untitled)");
  const char *cells[] = {kind_shown(hit->kind), hit->id, title};
  cli_table_add_row(output->table, cells);
  return 0;
}

int cli_cmd_search(const CliContext *ctx, int argc, char **argv) {
  gboolean json = FALSE;
  /* The words of the query may come as one argument or several, each "-" a line of stdin. */
  g_autofree const char **words = g_new0(const char *, argc);
  int word_count = 0;
  for (int i = 1; i < argc; i++) {
    if (cli_arg_is_help(argv[i])) {
      cli_print_usage(stdout, ctx->command);
      return CLI_EXIT_OK;
    }
    if (strcmp(argv[i], "--json") == 0)
      json = TRUE;
    else if (argv[i][0] == '-' && argv[i][1] != '\0')
      return cli_usage_error(ctx, _("Unknown option “%s”."), argv[i]);
    else
      words[word_count++] = argv[i];
  }
  if (word_count == 0)
    return cli_usage_error(ctx, _("Say what to search for."));

  g_autoptr(CliStdinValues) values = cli_stdin_values_new();
  for (int w = 0; w < word_count; w++)
    cli_stdin_values_want(values, &words[w], "QUERY", FALSE);
  amanat_vault *vault = NULL;
  int status = cli_unlock_with_values(ctx, values, &vault);
  if (status != CLI_EXIT_OK)
    return status;

  g_autofree char *query = g_strjoinv(" ", (char **)words);
  g_autoptr(GString) out = g_string_new(NULL);
  g_autoptr(CliTable) table = json ? NULL : cli_table_new(3);
  SearchOutput output = {.table = table};
  cli_json_init(&output.json, out);
  if (json)
    cli_json_begin_array(&output.json);
  int err = amanat_search(vault, query, 0, add_hit, &output);
  amanat_vault_lock(vault);
  sodium_memzero(query, strlen(query));
  if (err == AMANAT_E_INVALID)
    return cli_fail_message(_("The search has no words to look for. Type a word or a name."));
  if (err != AMANAT_OK)
    return cli_fail(err);
  if (json) {
    cli_json_end_array(&output.json);
    printf("%s\n", out->str);
  } else {
    cli_table_print(table, stdout);
  }
  return CLI_EXIT_OK;
}
