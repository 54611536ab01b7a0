/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-cmd-peers.c: this space's identity and the colleagues it knows: identity, identity
 * export, peer add, verify, ls and rm (FORMAT.md §Identities). Every command works on the
 * session's space, so the decoy and a duress session have an identity of their own. */
#include "config.h"

#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli-commands.h"
#include "cli-json.h"
#include "cli-table.h"

/* What the core accepts as a peer's name (core/peers.c). */
#define PEER_NAME_MAX 200

/* An identity card's body: base64 of x25519[32] || ed25519[32] || signature[64]. */
#define CARD_BODY_BYTES  128
#define CARD_BODY_BASE64 172

static gboolean wants_help(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (cli_arg_is_help(argv[i]))
      return TRUE;
  return FALSE;
}

/* A file name as it can be shown on one line. */
static char *shown_path(const char *path) {
  g_autofree char *display = g_filename_display_name(path);
  return cli_text_for_terminal(display, FALSE);
}

/* `word` as typed in a shell: quoted only when it needs to be, and made safe to show. */
static char *shell_word(const char *word) {
  gboolean plain = word[0] != '\0';
  for (const char *p = word; *p != '\0' && plain; p++)
    plain = g_ascii_isalnum(*p) || strchr("_.,:@+-/=", *p) != NULL;
  g_autofree char *quoted = plain ? g_strdup(word) : g_shell_quote(word);
  return cli_text_for_terminal(quoted, FALSE);
}

/* The command that marks `name` verified in the same vault and space as this one, so that
 * following the advice cannot verify a namesake elsewhere. */
static char *verify_command(const CliContext *ctx, const char *name) {
  g_autoptr(GString) command = g_string_new("amanat-cli");
  const char *from_env = g_getenv("AMANAT_VAULT");
  if (!ctx->vault_dir_is_default && g_strcmp0(from_env, ctx->vault_dir) != 0) {
    g_autofree char *display = g_filename_display_name(ctx->vault_dir);
    g_autofree char *dir = shell_word(display);
    g_string_append_printf(command, " --vault %s", dir);
  }
  if (ctx->space == AMANAT_SPACE_DECOY)
    g_string_append(command, " --space decoy");
  g_autofree char *typed = shell_word(name);
  /* A name that starts with "-" comes after "--", or it would be taken for an option. */
  g_string_append_printf(command, " peer verify %s%s", name[0] == '-' ? "-- " : "", typed);
  return g_string_free(g_steal_pointer(&command), FALSE);
}

static int fail_no_peer(const char *name) {
  g_autofree char *shown = cli_text_for_terminal(name, FALSE);
  g_autofree char *message = g_strdup_printf(_("There is no peer named “%s”."), shown);
  return cli_fail_message(message);
}

/* ---- identity ------------------------------------------------------------------------ */

static void print_identity(const amanat_identity_info *info) {
  printf("%s\n\n", _("Your safety code (colleagues compare it in person with the one they see "
                     "for you):"));
  printf("    %s\n\n", info->safety_code);
  g_autoptr(CliTable) table = cli_table_new(2);
  /* Translators: labels of this space's public keys; keep the colons. */
  const char *rows[][2] = {
      {_("Encryption key (X25519):"), info->x25519_hex},
      {_("Signing key (Ed25519):"), info->ed25519_hex},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(rows); i++)
    cli_table_add_row(table, rows[i]);
  cli_table_print(table, stdout);
}

int cli_cmd_identity(const CliContext *ctx, int argc, char **argv) {
  gboolean json = FALSE;
  for (int i = 1; i < argc; i++) {
    if (cli_arg_is_help(argv[i])) {
      cli_print_usage(stdout, ctx->command);
      return CLI_EXIT_OK;
    }
  }
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--json") != 0)
      return cli_usage_error(ctx, _("Unexpected argument “%s”."), argv[i]);
    json = TRUE;
  }

  amanat_vault *vault = NULL;
  int status = cli_unlock_with_values(ctx, NULL, &vault);
  if (status != CLI_EXIT_OK)
    return status;
  amanat_identity_info info;
  int err = amanat_identity_show(vault, &info);
  amanat_vault_lock(vault);
  if (err != AMANAT_OK)
    return cli_fail(err);

  if (json) {
    g_autoptr(GString) out = g_string_new(NULL);
    CliJson writer;
    cli_json_init(&writer, out);
    cli_json_begin_object(&writer);
    cli_json_key(&writer, "safety_code");
    cli_json_string(&writer, info.safety_code);
    cli_json_key(&writer, "x25519");
    cli_json_string(&writer, info.x25519_hex);
    cli_json_key(&writer, "ed25519");
    cli_json_string(&writer, info.ed25519_hex);
    cli_json_end_object(&writer);
    printf("%s\n", out->str);
  } else {
    print_identity(&info);
  }
  return CLI_EXIT_OK;
}

/* ---- identity export ----------------------------------------------------------------- */

static int fail_export(int err, const char *path) {
  if (err == AMANAT_E_EXISTS)
    return cli_check_new_file(path) != CLI_EXIT_OK
               ? CLI_EXIT_FAILURE
               : cli_fail_message(_("The identity card could not be saved. Nothing was "
                                    "overwritten."));
  g_autofree char *shown = shown_path(path);
  g_autofree char *message = NULL;
  if (err == AMANAT_E_READ_ONLY)
    message =
        g_strdup_printf(_("Amanat may not write in the folder of “%s”. Nothing was saved."), shown);
  else if (err == AMANAT_E_IO)
    message = g_strdup_printf(
        _("The identity card could not be saved as “%s”. Check the disk and try again."), shown);
  else
    return cli_fail(err);
  return cli_fail_message(message);
}

int cli_cmd_identity_export(const CliContext *ctx, int argc, char **argv) {
  const char *path = NULL;
  if (wants_help(argc, argv)) {
    cli_print_usage(stdout, ctx->command);
    return CLI_EXIT_OK;
  }
  for (int i = 1; i < argc; i++) {
    const char *value = NULL;
    CliArgMatch match = cli_arg_value(argc, argv, &i, "-o", &value);
    if (match == CLI_ARG_NO_MATCH)
      match = cli_arg_value(argc, argv, &i, "--output", &value);
    if (match == CLI_ARG_MATCH && value[0] != '\0' && path == NULL) {
      path = value;
      continue;
    }
    if (match == CLI_ARG_MATCH && path != NULL)
      return cli_usage_error(ctx, _("The option “%s” can be given only once."), "-o");
    if (match != CLI_ARG_NO_MATCH)
      return cli_usage_error(ctx, _("The option “%s” needs a value."), "-o");
    return cli_usage_error(ctx, _("Unexpected argument “%s”."), argv[i]);
  }
  if (path == NULL)
    /* Translators: -o FILE is an option, keep it. */
    return cli_usage_error(ctx, _("Say where to save the identity card: “-o FILE”."));
  if (strcmp(path, "-") == 0)
    /* Translators: -o FILE and ./- are typed as they are, keep them. */
    return cli_usage_error(ctx, _("The identity card is saved as a file: “-o FILE” (“-o ./-” "
                                  "for a file named “-”)."));

  int status = cli_check_new_file(path);
  if (status != CLI_EXIT_OK)
    return status;
  amanat_vault *vault = NULL;
  status = cli_unlock_with_values(ctx, NULL, &vault);
  if (status != CLI_EXIT_OK)
    return status;
  amanat_identity_info info;
  int err = amanat_identity_show(vault, &info);
  if (err == AMANAT_OK)
    err = amanat_identity_export(vault, path);
  amanat_vault_lock(vault);
  if (err != AMANAT_OK)
    return fail_export(err, path);

  g_autofree char *shown = shown_path(path);
  /* Translators: %s is the file the identity card was saved as; the safety code follows on
   * the next line. */
  printf(_("Your identity card was saved as “%s”. Give it to the colleague you will exchange "
           "documents with, then compare this safety code with them in person:\n"),
         shown);
  printf("    %s\n", info.safety_code);
  return CLI_EXIT_OK;
}

/* ---- peer add ------------------------------------------------------------------------ */

static gboolean peer_name_is_valid(const char *name) {
  return name[0] != '\0' && cli_text_is_valid(name, PEER_NAME_MAX, FALSE);
}

static int fail_peer_name(void) {
  return cli_fail_message(_("A peer’s name must be UTF-8 text on one line, not empty and at "
                            "most 200 bytes. Nothing was added."));
}

/* TRUE when the card at `path` (which the core accepted) carries this space's own keys. */
static gboolean card_is_own(const char *path, const amanat_identity_info *own) {
  g_autofree char *text = NULL;
  gsize len = 0;
  if (!g_file_get_contents(path, &text, &len, NULL))
    return FALSE;
  const char *body = memchr(text, '\n', len);
  if (body == NULL || (gsize)(text + len - body - 1) < CARD_BODY_BASE64)
    return FALSE;
  guint8 keys[CARD_BODY_BYTES];
  size_t decoded = 0;
  if (sodium_base642bin(keys, sizeof keys, body + 1, CARD_BODY_BASE64, NULL, &decoded, NULL,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      decoded != sizeof keys)
    return FALSE;
  char ed25519_hex[65];
  sodium_bin2hex(ed25519_hex, sizeof ed25519_hex, keys + 32, 32);
  return strcmp(ed25519_hex, own->ed25519_hex) == 0;
}

static int fail_peer_add(amanat_vault *vault, int err, const char *path) {
  amanat_identity_info own;
  switch (err) {
  case AMANAT_E_INVALID:
    return fail_peer_name();
  case AMANAT_E_UNREADABLE: {
    g_autofree char *shown = shown_path(path);
    g_autofree char *message = g_strdup_printf(
        _("The identity card “%s” could not be opened or read. Nothing was added."), shown);
    return cli_fail_message(message);
  }
  case AMANAT_E_EXISTS:
    if (amanat_identity_show(vault, &own) == AMANAT_OK && card_is_own(path, &own))
      return cli_fail_message(_("This is your own identity card. Add the card your colleague "
                                "gives you. Nothing was added."));
    return cli_fail_message(_("A peer with that name or that identity already exists."));
  default:
    return cli_fail(err);
  }
}

int cli_cmd_peer_add(const CliContext *ctx, int argc, char **argv) {
  const char *path = NULL, *name = NULL;
  if (wants_help(argc, argv)) {
    cli_print_usage(stdout, ctx->command);
    return CLI_EXIT_OK;
  }
  for (int i = 1; i < argc; i++) {
    const char *value = NULL;
    CliArgMatch match = cli_arg_value(argc, argv, &i, "--name", &value);
    if (match == CLI_ARG_MISSING)
      return cli_usage_error(ctx, _("The option “%s” needs a value."), argv[i]);
    if (match == CLI_ARG_MATCH && name != NULL)
      return cli_usage_error(ctx, _("The option “%s” can be given only once."), "--name");
    if (match == CLI_ARG_MATCH) {
      name = value;
      continue;
    }
    if (argv[i][0] == '-' || path != NULL)
      return cli_usage_error(ctx, _("Unexpected argument “%s”."), argv[i]);
    path = argv[i];
  }
  if (path == NULL)
    return cli_usage_error(ctx, _("No identity card was given."));
  if (name == NULL)
    return cli_usage_error(ctx, _("A peer needs a name: “%s”."), "--name NAME");

  g_autoptr(CliStdinValues) values = cli_stdin_values_new();
  cli_stdin_values_want(values, &name, "--name", FALSE);
  if (strcmp(name, "-") != 0 && !peer_name_is_valid(name))
    return fail_peer_name();
  /* A mistyped file name fails before the password is asked for. */
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return fail_peer_add(NULL, AMANAT_E_UNREADABLE, path);
  close(fd);

  amanat_vault *vault = NULL;
  int status = cli_unlock_with_values(ctx, values, &vault);
  if (status != CLI_EXIT_OK)
    return status;
  if (!peer_name_is_valid(name)) {
    amanat_vault_lock(vault);
    return fail_peer_name();
  }
  char code[AMANAT_SAFETY_CODE_LEN + 1];
  int err = amanat_peer_add(vault, path, name, code);
  if (err != AMANAT_OK) {
    status = fail_peer_add(vault, err, path);
    amanat_vault_lock(vault);
    return status;
  }
  amanat_vault_lock(vault);

  g_autofree char *shown = cli_text_for_terminal(name, FALSE);
  g_autofree char *verify = verify_command(ctx, name);
  /* Translators: %s is the name given to the colleague; NOT VERIFIED is shown the same way
   * in “peer ls”. The card's safety code follows on the next line. */
  printf(_("Added “%s”, NOT VERIFIED. The safety code of the card is:\n"), shown);
  printf("    %s\n", code);
  /* Translators: the first %s is a command to type, "amanat-cli identity"; the second is
   * "amanat-cli peer verify" and the peer's name. */
  printf(_("Compare it with the code your colleague sees under “%s”, in person or on paper. "
           "Only if they are the same, run “%s”.\n"),
         "amanat-cli identity", verify);
  return CLI_EXIT_OK;
}

/* ---- peer verify, peer rm ------------------------------------------------------------ */

/* Parses the one NAME of peer verify and peer rm ("-- NAME" for a name that starts with "-").
 * Returns -1 to go on, or an exit status. */
static int parse_name(const CliContext *ctx, int argc, char **argv, const char **name) {
  for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
    if (cli_arg_is_help(argv[i])) {
      cli_print_usage(stdout, ctx->command);
      return CLI_EXIT_OK;
    }
  }
  gboolean options = TRUE; /* until "--": then a name may start with "-" */
  for (int i = 1; i < argc; i++) {
    if (options && strcmp(argv[i], "--") == 0) {
      options = FALSE;
      continue;
    }
    if ((options && argv[i][0] == '-') || *name != NULL)
      return cli_usage_error(ctx, _("Unexpected argument “%s”."), argv[i]);
    *name = argv[i];
  }
  if (*name == NULL)
    return cli_usage_error(ctx, _("No peer name was given."));
  return -1;
}

int cli_cmd_peer_verify(const CliContext *ctx, int argc, char **argv) {
  const char *name = NULL;
  int status = parse_name(ctx, argc, argv, &name);
  if (status >= 0)
    return status;
  amanat_vault *vault = NULL;
  status = cli_unlock_with_values(ctx, NULL, &vault);
  if (status != CLI_EXIT_OK)
    return status;
  int err = amanat_peer_verify(vault, name);
  amanat_vault_lock(vault);
  if (err == AMANAT_E_NOT_FOUND)
    return fail_no_peer(name);
  if (err != AMANAT_OK)
    return cli_fail(err);
  g_autofree char *shown = cli_text_for_terminal(name, FALSE);
  /* Translators: %s is a peer's name. */
  printf(_("“%s” is now marked as verified.\n"), shown);
  return CLI_EXIT_OK;
}

int cli_cmd_peer_rm(const CliContext *ctx, int argc, char **argv) {
  const char *name = NULL;
  int status = parse_name(ctx, argc, argv, &name);
  if (status >= 0)
    return status;
  amanat_vault *vault = NULL;
  status = cli_unlock_with_values(ctx, NULL, &vault);
  if (status != CLI_EXIT_OK)
    return status;
  int err = amanat_peer_remove(vault, name);
  amanat_vault_lock(vault);
  if (err == AMANAT_E_NOT_FOUND)
    return fail_no_peer(name);
  if (err != AMANAT_OK)
    return cli_fail(err);
  g_autofree char *shown = cli_text_for_terminal(name, FALSE);
  /* Translators: %s is a peer's name. */
  printf(_("“%s” is no longer a peer.\n"), shown);
  return CLI_EXIT_OK;
}

/* ---- peer ls ------------------------------------------------------------------------- */

typedef struct {
  CliJson json;
  CliTable *table; /* NULL for JSON */
  guint count;
} PeerListing;

static int list_peer(const amanat_peer_info *peer, void *user_data) {
  PeerListing *listing = user_data;
  listing->count++;
  if (listing->table == NULL) {
    CliJson *json = &listing->json;
    cli_json_begin_object(json);
    cli_json_key(json, "name");
    cli_json_string(json, peer->name);
    cli_json_key(json, "verified");
    cli_json_bool(json, peer->verified != 0);
    cli_json_key(json, "safety_code");
    cli_json_string(json, peer->safety_code);
    cli_json_key(json, "added");
    cli_json_string(json, peer->added);
    cli_json_end_object(json);
    return 0;
  }
  /* Translators: whether a peer's safety code was compared in person, in the peer list;
   * NOT VERIFIED is in capitals to stand out. */
  const char *state = peer->verified ? C_("peer", "verified") : C_("peer", "NOT VERIFIED");
  const char *cells[] = {peer->name, state, peer->safety_code, peer->added};
  cli_table_add_row(listing->table, cells);
  return 0;
}

int cli_cmd_peer_ls(const CliContext *ctx, int argc, char **argv) {
  gboolean json = FALSE;
  if (wants_help(argc, argv)) {
    cli_print_usage(stdout, ctx->command);
    return CLI_EXIT_OK;
  }
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--json") != 0)
      return cli_usage_error(ctx, _("Unexpected argument “%s”."), argv[i]);
    json = TRUE;
  }

  amanat_vault *vault = NULL;
  int status = cli_unlock_with_values(ctx, NULL, &vault);
  if (status != CLI_EXIT_OK)
    return status;
  g_autoptr(GString) out = g_string_new(NULL);
  g_autoptr(CliTable) table = json ? NULL : cli_table_new(4);
  PeerListing listing = {.table = table};
  cli_json_init(&listing.json, out);
  if (json) {
    cli_json_begin_array(&listing.json);
  } else {
    /* Translators: column headings of the peer list. */
    const char *heading[] = {_("NAME"), _("STATUS"), _("SAFETY CODE"), _("ADDED")};
    cli_table_add_row(table, heading);
  }
  int err = amanat_peer_list(vault, list_peer, &listing);
  amanat_vault_lock(vault);
  if (err != AMANAT_OK)
    return cli_fail(err);

  if (json) {
    cli_json_end_array(&listing.json);
    printf("%s\n", out->str);
  } else if (listing.count > 0) {
    cli_table_print(table, stdout);
  } else {
    /* Translators: %s is the command to type, "amanat-cli peer add FILE --name NAME". */
    printf(_("No peers yet. Add a colleague’s identity card with “%s”.\n"),
           "amanat-cli peer add FILE --name NAME");
  }
  return CLI_EXIT_OK;
}
