/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-stdin-values.c: reads "-" option values line by line with read(2), never through stdio,
 * so that whatever follows them on standard input (a document, a note) is left unread. */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "cli-common.h"
#include "cli-stdin-values.h"
#include "cli-table.h"

/* The longest value line: a contact's or a document's notes may hold 1 MiB. */
#define CLI_VALUE_MAX (1u << 20)

gboolean cli_secure_text_reserve(CliSecureText *text, size_t more) {
  if (text->data != NULL && text->cap - text->len >= more)
    return TRUE;
  if (more > G_MAXSIZE / 2 - text->len - 1)
    return FALSE;
  size_t cap = text->cap < 64 ? 64 : text->cap;
  while (cap - text->len < more)
    cap *= 2;
  char *grown = sodium_malloc(cap + 1);
  if (grown == NULL)
    return FALSE;
  if (text->data != NULL)
    memcpy(grown, text->data, text->len);
  grown[text->len] = '\0';
  if (text->data != NULL)
    sodium_free(text->data); /* wipes the old copy */
  text->data = grown;
  text->cap = cap;
  return TRUE;
}

void cli_secure_text_clear(CliSecureText *text) {
  if (text->data != NULL)
    sodium_free(text->data);
  *text = (CliSecureText){0};
}

int cli_secure_text_read_fd(CliSecureText *out, int fd, size_t max) {
  for (;;) {
    if (!cli_secure_text_reserve(out, 64 * 1024))
      return ENOMEM;
    size_t room = out->cap - out->len;
    if (out->len + room > max + 1)
      room = max + 1 - out->len; /* one byte past max tells that it is too long */
    ssize_t n = read(fd, out->data + out->len, room);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return errno;
    if (n == 0)
      break;
    out->len += (size_t)n;
    out->data[out->len] = '\0';
    if (out->len > max)
      return EFBIG;
  }
  out->data[out->len] = '\0';
  return 0;
}

typedef struct {
  const char **slot;
  char *what;
  gboolean hidden;
  CliSecureText text;
} WantedValue;

struct CliStdinValues {
  GArray *wanted; /* WantedValue */
};

CliStdinValues *cli_stdin_values_new(void) {
  CliStdinValues *values = g_new0(CliStdinValues, 1);
  values->wanted = g_array_new(FALSE, TRUE, sizeof(WantedValue));
  return values;
}

void cli_stdin_values_free(CliStdinValues *values) {
  if (values == NULL)
    return;
  for (guint i = 0; i < values->wanted->len; i++) {
    WantedValue *wanted = &g_array_index(values->wanted, WantedValue, i);
    cli_secure_text_clear(&wanted->text);
    g_free(wanted->what);
  }
  g_array_unref(values->wanted);
  g_free(values);
}

void cli_stdin_values_want(CliStdinValues *values, const char **slot, const char *what,
                           gboolean hidden) {
  if (*slot == NULL || strcmp(*slot, "-") != 0)
    return;
  /* `what` may hold a field's label, typed by anyone: printed safely. */
  WantedValue wanted = {.slot = slot, .what = cli_text_for_terminal(what, FALSE), .hidden = hidden};
  g_array_append_val(values->wanted, wanted);
}

typedef enum {
  LINE_OK,
  LINE_NONE, /* end of input before any byte */
  LINE_TOO_LONG,
  LINE_NO_MEMORY,
  LINE_READ_ERROR, /* errno set */
} LineResult;

/* Reads up to a newline (not kept), one byte at a time so nothing after it is consumed. */
static LineResult read_line(CliSecureText *text) {
  gboolean any = FALSE;
  for (;;) {
    char byte = 0;
    ssize_t n = read(STDIN_FILENO, &byte, 1);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return LINE_READ_ERROR;
    if (n == 0)
      break;
    any = TRUE;
    if (byte == '\n')
      break;
    if (text->len >= CLI_VALUE_MAX) {
      sodium_memzero(&byte, 1);
      continue; /* drained, so the rest of the line does not reach whatever reads next */
    }
    if (!cli_secure_text_reserve(text, 1))
      return LINE_NO_MEMORY;
    text->data[text->len++] = byte;
    text->data[text->len] = '\0';
    sodium_memzero(&byte, 1);
  }
  if (!any)
    return LINE_NONE;
  if (text->len >= CLI_VALUE_MAX)
    return LINE_TOO_LONG;
  /* An empty value still needs a NUL-terminated buffer. */
  return cli_secure_text_reserve(text, 0) ? LINE_OK : LINE_NO_MEMORY;
}

static int read_one(WantedValue *wanted, gboolean terminal) {
  CliTerminalState saved;
  gboolean quiet = FALSE;
  if (terminal) {
    /* Translators: a prompt for an option's value typed at the terminal; %s is the option,
     * such as "--name". */
    fprintf(stderr, _("Value of %s: "), wanted->what);
    fflush(stderr);
    quiet = wanted->hidden && cli_terminal_echo_off(&saved);
  }
  LineResult result = read_line(&wanted->text);
  int saved_errno = errno;
  if (quiet)
    cli_terminal_echo_restore(&saved);

  g_autofree char *message = NULL;
  switch (result) {
  case LINE_OK:
    if (!g_utf8_validate_len(wanted->text.data, wanted->text.len, NULL))
      /* Translators: %s is an option given as "-", such as "--name". */
      message = g_strdup_printf(_("The value of %s read from standard input is not valid UTF-8 "
                                  "text."),
                                wanted->what);
    break;
  case LINE_NONE:
    /* Translators: %s is an option given as "-", such as "--name". */
    message = g_strdup_printf(_("Standard input ended before the value of %s."), wanted->what);
    break;
  case LINE_TOO_LONG:
    /* Translators: %s is an option given as "-"; %u a number of bytes. */
    message = g_strdup_printf(_("The value of %s read from standard input is too long: it may "
                                "have at most %u bytes."),
                              wanted->what, CLI_VALUE_MAX - 1);
    break;
  case LINE_NO_MEMORY:
    return cli_fail(AMANAT_E_NOMEM);
  case LINE_READ_ERROR:
    /* Translators: %s is an option given as "-", the second %s the system's reason. */
    message = g_strdup_printf(_("The value of %s could not be read: %s"), wanted->what,
                              g_strerror(saved_errno));
    break;
  }
  if (message != NULL)
    return cli_fail_message(message);
  *wanted->slot = wanted->text.data;
  return CLI_EXIT_OK;
}

int cli_stdin_values_read(CliStdinValues *values) {
  gboolean terminal = isatty(STDIN_FILENO);
  for (guint i = 0; i < values->wanted->len; i++) {
    int status = read_one(&g_array_index(values->wanted, WantedValue, i), terminal);
    if (status != CLI_EXIT_OK)
      return status;
  }
  return CLI_EXIT_OK;
}
