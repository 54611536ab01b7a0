/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vault-state.c: see vault-state.h. */
#include "vault-state.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

amanat_vault *vault_state_open(const char *dir, const char *password, amanat_space_choice space) {
  amanat_vault *vault = NULL;
  g_assert_cmpint(amanat_vault_open(dir, password, strlen(password), space, &vault), ==, AMANAT_OK);
  return vault;
}

char *vault_state_dump(amanat_vault *vault) {
  /* In memory: a dump names titles and notes, which never go to disk in plain text. */
  int fd = memfd_create("dump", MFD_CLOEXEC);
  g_assert_cmpint(fd, >=, 0);
  g_assert_cmpint(amanat_vault_dump(vault, fd), ==, AMANAT_OK);
  off_t len = lseek(fd, 0, SEEK_END);
  g_assert_cmpint(len, >=, 0);
  char *text = g_malloc(len + 1);
  g_assert_cmpint(pread(fd, text, len, 0), ==, len);
  text[len] = '\0';
  close(fd);
  return text;
}

guint crash_runs(guint share) {
  const char *text = g_getenv("AMANAT_CRASH_RUNS");
  guint64 runs = 200;
  if (text != NULL && text[0] != '\0') {
    g_autoptr(GError) error = NULL;
    g_ascii_string_to_unsigned(text, 10, 1, 1000000, &runs, &error);
    g_assert_no_error(error);
  }
  return share <= 1 ? (guint)runs : MAX(12, (guint)runs / share);
}

char *vault_state_checked_dump(const char *dir, const char *password, amanat_space_choice space) {
  amanat_vault *vault = vault_state_open(dir, password, space);
  amanat_verify_report report;
  g_assert_cmpint(amanat_vault_verify(vault, &report), ==, AMANAT_OK);
  char *dump = vault_state_dump(vault);
  amanat_vault_lock(vault);
  return dump;
}
