/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-util.h: shared helpers for the core's unit tests. */
#pragma once

#include <glib.h>
#include <stdint.h>

#include "amanat.h"

/* The cheapest cost the format accepts: for tests only. */
#define TEST_COST     ((amanat_kdf_cost){1, 8u << 20})
#define TEST_PASSWORD "correct horse battery staple"

/* A fresh folder under the test's temporary folder; remove with test_rmtree. */
char *test_tmpdir(void);
void test_rmtree(const char *path);

/* Makes a vault at `dir` with TEST_PASSWORD and TEST_COST; asserts success. */
void test_make_vault(const char *dir);

/* Reads a whole file; asserts success. */
GBytes *test_read_file(const char *path);

/* XORs `mask` into the byte at `offset` of the file at `path`. */
void test_flip_byte(const char *path, gint64 offset, guint8 mask);

/* Copies folder `from`, with its subfolders, to a new folder `to`. */
void test_copy_dir(const char *from, const char *to);

/* Opens with `password`, returns the result code and locks again. */
int test_try_open(const char *dir, const char *password, amanat_space_choice choice);
