/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-cmd-add.c: putting things into the vault: add (files, standard input) and note add.
 * All or nothing: every file is checked before the first is imported, and the imports form
 * one batch that is kept whole or not at all. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "amanat-error-message.h"
#include "cli-commands.h"
#include "cli-progress.h"
#include "cli-stdin-values.h"
#include "cli-table.h"

/* The largest note read into memory. */
#define NOTE_MAX_BYTES (64u << 20)

/* "photo.jpg", or "standard input" for "-": a file as named in a message. */
static char *shown_file(const char *path) {
  if (strcmp(path, "-") == 0)
    /* Translators: stands for a file name in messages about "-". */
    return g_strdup(_("standard input"));
  g_autofree char *display = g_filename_display_name(path);
  return cli_text_for_terminal(display, FALSE);
}

/* Checks that `path` can be opened for reading and is not a folder. */
static int check_readable(const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  int saved_errno = errno;
  struct stat st;
  gboolean folder = fd >= 0 && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode);
  if (fd >= 0)
    close(fd);
  if (fd >= 0 && !folder)
    return CLI_EXIT_OK;
  g_autofree char *shown = shown_file(path);
  g_autofree char *message =
      folder ? g_strdup_printf(_("“%s” is a folder, not a file. Nothing was added."), shown)
             /* Translators: %s is a file name, then the system's reason. */
             : g_strdup_printf(_("“%s” could not be opened: %s. Nothing was added."), shown,
                               g_strerror(saved_errno));
  return cli_fail_message(message);
}

/* The title a file gets by default: its name, as valid text on one line. */
static char *title_from_name(const char *path) {
  g_autofree char *base = g_path_get_basename(path);
  if (cli_text_is_valid(base, G_MAXSIZE, FALSE))
    return g_steal_pointer(&base);
  g_autofree char *display = g_filename_display_basename(path);
  return cli_text_for_terminal(display, FALSE);
}

/* One line naming the file that could not be added. */
static int fail_adding(int err, const char *path) {
  g_autofree char *shown = shown_file(path);
  g_autofree char *message = NULL;
  if (err == AMANAT_E_UNREADABLE)
    message = g_strdup_printf(_("“%s” could not be read. Nothing was added."), shown);
  else if (err == AMANAT_E_CHANGED)
    message = g_strdup_printf(_("“%s” changed while it was being added. Nothing was added; try "
                                "again."),
                              shown);
  else if (err == AMANAT_E_INVALID)
    message = g_strdup_printf(_("“%s” could not be added: its title or a tag is too long or not "
                                "valid text. Nothing was added."),
                              shown);
  else
    /* Translators: %s is a file name, then a sentence saying why. */
    message = g_strdup_printf(_("“%s” could not be added: %s"), shown, amanat_error_message(err));
  return cli_fail_message(message);
}

typedef struct {
  GPtrArray *files; /* const char *, as given */
  const char *title;
  const char **tags; /* room for argc */
  size_t tag_count;
  gboolean no_filename;
} AddRequest;

/* Titles and tags must be text on one line; tags must not be empty. */
static int check_texts(const AddRequest *request) {
  if (request->title != NULL && !cli_text_is_valid(request->title, G_MAXSIZE, FALSE))
    return cli_fail_message(_("The title must be UTF-8 text on one line. Nothing was added."));
  for (size_t i = 0; i < request->tag_count; i++)
    if (request->tags[i][0] == '\0' || !cli_text_is_valid(request->tags[i], G_MAXSIZE, FALSE))
      return cli_fail_message(
          _("A tag must be UTF-8 text on one line, and not empty. Nothing was added."));
  return CLI_EXIT_OK;
}

static int import_one(amanat_vault *vault, const AddRequest *request, const char *path,
                      char id[AMANAT_ID_LEN + 1]) {
  g_autofree char *title = NULL;
  if (request->title == NULL && !request->no_filename && strcmp(path, "-") != 0)
    title = title_from_name(path);
  amanat_import_options options = {
      .title = request->title != NULL ? request->title : title,
      .no_filename = request->no_filename,
      .tags = request->tags,
      .tag_count = request->tag_count,
      .progress = cli_progress_update,
  };
  CliProgress progress;
  cli_progress_init_adding(&progress, path);
  options.progress_data = &progress;
  int err = strcmp(path, "-") == 0 ? amanat_doc_import_fd(vault, STDIN_FILENO, NULL, &options, id)
                                   : amanat_doc_import_path(vault, path, &options, id);
  cli_progress_finish(&progress);
  return err;
}

/* Imports every file in one batch: all are kept, or none. Prints the ids at the end. */
static int import_all(amanat_vault *vault, const AddRequest *request) {
  int err = amanat_vault_batch_begin(vault);
  if (err != AMANAT_OK)
    return cli_fail(err);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < request->files->len; i++) {
    const char *path = request->files->pdata[i];
    char id[AMANAT_ID_LEN + 1];
    err = import_one(vault, request, path, id);
    if (err != AMANAT_OK) {
      amanat_vault_batch_abort(vault);
      return fail_adding(err, path);
    }
    g_ptr_array_add(ids, g_strdup(id));
  }
  err = amanat_vault_batch_commit(vault); /* undoes the whole batch when it fails */
  if (err != AMANAT_OK) {
    /* Translators: %s is a sentence saying why. */
    g_autofree char *message =
        g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "The file could not be added: %s",
                                    "The files could not be added: %s", request->files->len),
                        amanat_error_message(err));
    return cli_fail_message(message);
  }
  for (guint i = 0; i < ids->len; i++)
    printf("%s\n", (const char *)ids->pdata[i]);
  return CLI_EXIT_OK;
}

int cli_cmd_add(const CliContext *ctx, int argc, char **argv) {
  g_autoptr(GPtrArray) files = g_ptr_array_new();
  g_autofree const char **tags = g_new0(const char *, argc);
  AddRequest request = {.files = files, .tags = tags};
  g_autoptr(CliStdinValues) values = cli_stdin_values_new(); /* asked for in argument order */
  gboolean options_end = FALSE;
  guint from_stdin = 0;
  for (int i = 1; i < argc; i++) {
    const char *value = NULL;
    if (!options_end && argv[i][0] == '-' && argv[i][1] != '\0') {
      if (cli_arg_is_help(argv[i])) {
        cli_print_usage(stdout, ctx->command);
        return CLI_EXIT_OK;
      }
      if (strcmp(argv[i], "--") == 0) {
        options_end = TRUE;
        continue;
      }
      if (strcmp(argv[i], "--no-filename") == 0) {
        request.no_filename = TRUE;
        continue;
      }
      CliArgMatch title = cli_arg_value(argc, argv, &i, "--title", &value);
      if (title == CLI_ARG_MATCH && request.title != NULL)
        return cli_usage_error(ctx, _("The option “%s” can be given only once."), "--title");
      if (title == CLI_ARG_MATCH) {
        request.title = value;
        cli_stdin_values_want(values, &request.title, "--title", FALSE);
        continue;
      }
      CliArgMatch tag = title == CLI_ARG_NO_MATCH ? cli_arg_value(argc, argv, &i, "--tag", &value)
                                                  : CLI_ARG_NO_MATCH;
      if (tag == CLI_ARG_MATCH) {
        tags[request.tag_count] = value;
        cli_stdin_values_want(values, &tags[request.tag_count++], "--tag", FALSE);
        continue;
      }
      if (title == CLI_ARG_MISSING || tag == CLI_ARG_MISSING)
        return cli_usage_error(ctx, _("The option “%s” needs a value."), argv[i]);
      return cli_usage_error(ctx, _("Unknown option “%s”."), argv[i]);
    }
    if (strcmp(argv[i], "-") == 0)
      from_stdin++;
    g_ptr_array_add(files, argv[i]);
  }
  if (files->len == 0)
    return cli_usage_error(ctx, _("No file was given."));
  if (request.title != NULL && files->len > 1)
    return cli_usage_error(ctx, _("The option “%s” can only be used with a single file."),
                           "--title");
  if (from_stdin > 1)
    return cli_usage_error(ctx, _("Standard input (“-”) can be added only once."));

  /* Before the password: a missing file is found without unlocking anything. */
  int status = check_texts(&request);
  for (guint i = 0; i < files->len && status == CLI_EXIT_OK; i++)
    if (strcmp(files->pdata[i], "-") != 0)
      status = check_readable(files->pdata[i]);
  if (status != CLI_EXIT_OK)
    return status;

  amanat_vault *vault = NULL;
  status = cli_unlock_with_values(ctx, values, &vault);
  if (status != CLI_EXIT_OK)
    return status;
  status = check_texts(&request);
  if (status == CLI_EXIT_OK)
    status = import_all(vault, &request);
  amanat_vault_lock(vault);
  return status;
}

/* Reads a note's text (a file, or the rest of standard input) into locked memory. */
static int read_note_text(const char *path, CliSecureText *text) {
  gboolean from_stdin = strcmp(path, "-") == 0;
  int fd = from_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  int err = fd < 0 ? errno : 0;
  if (fd >= 0) {
    struct stat st;
    if (!from_stdin && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode))
      err = EISDIR;
    else
      err = cli_secure_text_read_fd(text, fd, NOTE_MAX_BYTES);
    if (!from_stdin)
      close(fd);
  }
  if (err == 0 && !g_utf8_validate_len(text->data, text->len, NULL))
    return cli_fail_message(_("The note’s text is not valid UTF-8 text. Nothing was added."));
  if (err == 0)
    return CLI_EXIT_OK;

  g_autofree char *shown = shown_file(path);
  g_autofree char *message = NULL;
  if (err == EFBIG)
    /* Translators: %s is a file name; %u a number of mebibytes. */
    message = g_strdup_printf(_("“%s” is too long for a note: a note may have at most %u MiB. "
                                "Add it as a document instead."),
                              shown, NOTE_MAX_BYTES >> 20);
  else if (err == ENOMEM)
    return cli_fail(AMANAT_E_NOMEM);
  else
    message = g_strdup_printf(_("“%s” could not be read: %s. Nothing was added."), shown,
                              g_strerror(err));
  return cli_fail_message(message);
}

int cli_cmd_note_add(const CliContext *ctx, int argc, char **argv) {
  const char *title = NULL, *file = NULL;
  for (int i = 1; i < argc; i++) {
    const char *value = NULL;
    if (cli_arg_is_help(argv[i])) {
      cli_print_usage(stdout, ctx->command);
      return CLI_EXIT_OK;
    }
    CliArgMatch match = cli_arg_value(argc, argv, &i, "--title", &value);
    if (match == CLI_ARG_MATCH && title != NULL)
      return cli_usage_error(ctx, _("The option “%s” can be given only once."), "--title");
    if (match == CLI_ARG_MATCH) {
      title = value;
      continue;
    }
    if (match == CLI_ARG_NO_MATCH)
      match = cli_arg_value(argc, argv, &i, "--file", &value);
    if (match == CLI_ARG_MATCH && file != NULL)
      return cli_usage_error(ctx, _("The option “%s” can be given only once."), "--file");
    if (match == CLI_ARG_MATCH) {
      file = value;
      continue;
    }
    if (match == CLI_ARG_MISSING)
      return cli_usage_error(ctx, _("The option “%s” needs a value."), argv[i]);
    return cli_usage_error(ctx, _("Unexpected argument “%s”."), argv[i]);
  }
  if (title == NULL || file == NULL)
    return cli_usage_error(ctx, _("A note needs both “%s” and “%s”."), "--title", "--file");

  g_autoptr(CliStdinValues) values = cli_stdin_values_new();
  cli_stdin_values_want(values, &title, "--title", FALSE);
  CliSecureText text = {0};
  int status = CLI_EXIT_OK;
  if (strcmp(file, "-") != 0)
    status = read_note_text(file, &text); /* before the password: a bad file costs nothing */

  amanat_vault *vault = NULL;
  if (status == CLI_EXIT_OK)
    status = cli_unlock_with_values(ctx, values, &vault);
  if (status == CLI_EXIT_OK && strcmp(file, "-") == 0)
    status = read_note_text(file, &text);
  if (status == CLI_EXIT_OK && (title[0] == '\0' || !cli_text_is_valid(title, G_MAXSIZE, FALSE)))
    status = cli_fail_message(_("A note’s title must be UTF-8 text on one line, and not empty. "
                                "Nothing was added."));
  if (status == CLI_EXIT_OK) {
    char id[AMANAT_ID_LEN + 1];
    int err = amanat_note_add(vault, title, text.data != NULL ? text.data : "", text.len, id);
    if (err == AMANAT_OK)
      printf("%s\n", id);
    else if (err == AMANAT_E_INVALID)
      status = cli_fail_message(_("The note’s title is too long. Nothing was added."));
    else
      status = cli_fail(err);
  }
  amanat_vault_lock(vault);
  cli_secure_text_clear(&text);
  return status;
}
