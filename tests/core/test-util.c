/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-util.c: shared helpers for the core's unit tests. */
#include "test-util.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

char *test_tmpdir(void) {
  GError *error = NULL;
  char *dir = g_dir_make_tmp("amanat-test-XXXXXX", &error);
  g_assert_no_error(error);
  return dir;
}

void test_rmtree(const char *path) {
  GDir *dir = g_dir_open(path, 0, NULL);
  if (dir != NULL) {
    const char *name;
    while ((name = g_dir_read_name(dir)) != NULL) {
      char *child = g_build_filename(path, name, NULL);
      if (g_file_test(child, G_FILE_TEST_IS_DIR) && !g_file_test(child, G_FILE_TEST_IS_SYMLINK))
        test_rmtree(child);
      else
        g_unlink(child);
      g_free(child);
    }
    g_dir_close(dir);
  }
  g_rmdir(path);
}

void test_make_vault(const char *dir) {
  int rc = amanat_vault_create(dir, TEST_PASSWORD, strlen(TEST_PASSWORD), TEST_COST);
  g_assert_cmpstr(amanat_err_name(rc), ==, amanat_err_name(AMANAT_OK));
}

GBytes *test_read_file(const char *path) {
  char *data = NULL;
  gsize len = 0;
  GError *error = NULL;
  g_file_get_contents(path, &data, &len, &error);
  g_assert_no_error(error);
  return g_bytes_new_take(data, len);
}

void test_flip_byte(const char *path, gint64 offset, guint8 mask) {
  int fd = open(path, O_RDWR);
  g_assert_cmpint(fd, >=, 0);
  guint8 byte = 0;
  g_assert_cmpint(pread(fd, &byte, 1, offset), ==, 1);
  byte ^= mask;
  g_assert_cmpint(pwrite(fd, &byte, 1, offset), ==, 1);
  close(fd);
}

void test_copy_dir(const char *from, const char *to) {
  g_assert_cmpint(g_mkdir(to, 0700), ==, 0);
  GDir *dir = g_dir_open(from, 0, NULL);
  g_assert_nonnull(dir);
  const char *name;
  while ((name = g_dir_read_name(dir)) != NULL) {
    char *src = g_build_filename(from, name, NULL);
    char *dst = g_build_filename(to, name, NULL);
    if (g_file_test(src, G_FILE_TEST_IS_DIR)) {
      test_copy_dir(src, dst);
      g_free(src);
      g_free(dst);
      continue;
    }
    GBytes *bytes = test_read_file(src);
    GError *error = NULL;
    g_file_set_contents(dst, g_bytes_get_data(bytes, NULL), (gssize)g_bytes_get_size(bytes),
                        &error);
    g_assert_no_error(error);
    g_bytes_unref(bytes);
    g_free(src);
    g_free(dst);
  }
  g_dir_close(dir);
}

int test_try_open(const char *dir, const char *password, amanat_space_choice choice) {
  amanat_vault *vault = NULL;
  int rc = amanat_vault_open(dir, password, strlen(password), choice, &vault);
  if (rc == AMANAT_OK)
    g_assert_nonnull(vault);
  else
    g_assert_null(vault);
  amanat_vault_lock(vault);
  return rc;
}
