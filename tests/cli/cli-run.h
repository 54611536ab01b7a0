/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-run.h: running amanat-cli in a fresh temporary folder, and file helpers, for tests. */
#pragma once

#include <gio/gio.h>
#include <glib.h>

/* A fresh temporary folder per test; `vault` is a path inside it, not created. */
typedef struct {
  char *tmp;
  char *vault;
} Fixture;

void fixture_setup(Fixture *f, gconstpointer data);
void fixture_teardown(Fixture *f, gconstpointer data);

/* The result of one run of amanat-cli. */
typedef struct {
  int status; /* the exit status, or -N when killed by signal N */
  char *out;  /* as text: cut at the first NUL byte */
  char *err;
  GBytes *out_bytes; /* standard output byte for byte, for binary output */
} CliResult;

void cli_result_free(CliResult *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CliResult, cli_result_free)

typedef struct {
  const char *input;          /* standard input (NULL: empty) */
  gsize input_len;            /* 0: strlen(input) */
  gboolean no_vault;          /* do not pass --vault <fixture vault> first */
  const char *const *env;     /* extra NAME=VALUE pairs, NULL-terminated */
  GSpawnChildSetupFunc setup; /* runs in the child before exec */
  gpointer setup_data;
  int stdin_fd;        /* > 0: this fd (taken) instead of a pipe */
  const char *program; /* instead of amanat-cli (implies no_vault) */
} CliRunOptions;

/* Runs amanat-cli [--vault f->vault] args... under LANGUAGE=C LC_ALL=C.UTF-8, with HOME
 * and XDG_DATA_HOME inside f->tmp. */
CliResult *cli_run_full(Fixture *f, const CliRunOptions *options, const char *const *args);

/* The same in two steps, for a test that acts while the command runs. */
GSubprocess *cli_spawn(Fixture *f, const CliRunOptions *options, const char *const *args);
CliResult *cli_finish(GSubprocess *child, const CliRunOptions *options);

#define cli_run(f, stdin_text, ...)                                                                \
  cli_run_full((f), &(CliRunOptions){.input = (stdin_text)},                                       \
               (const char *const[]){__VA_ARGS__, NULL})

/* Asserts the exit status, showing stderr when it differs. */
#define assert_status(r, expected)                                                                 \
  G_STMT_START {                                                                                   \
    if ((r)->status != (expected))                                                                 \
      g_test_message("stdout: %s\nstderr: %s", (r)->out, (r)->err);                                \
    g_assert_cmpint((r)->status, ==, (expected));                                                  \
  }                                                                                                \
  G_STMT_END

/* The path of amanat-cli: $AMANAT_CLI, else the one this test was built with. */
const char *cli_path(void);

/* "PW\nPW\n": a password and its confirmation, for init. */
char *twice(const char *password);

/* Files. */
GBytes *read_file(const char *path);
void flip_byte(const char *path, gint64 offset, guint8 mask);
void write_bytes_at(const char *path, gint64 offset, const void *bytes, gsize len);
void copy_dir(const char *from, const char *to);
void rm_rf(const char *path);
gboolean dir_is_empty(const char *path);
void assert_file_unchanged(const char *path, GBytes *before);

/* Child setups: drop the capabilities that let root ignore permissions; limit file size. */
void child_drop_dac_capabilities(gpointer unused);
void child_limit_file_size(gpointer limit_bytes);
