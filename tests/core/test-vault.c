/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-vault.c: create, unlock, lock, change password and verify, with bad input. */
#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "amanat.h"
#include "format.h"
#include "test-util.h"

typedef struct {
  char *root;  /* the test's own folder */
  char *vault; /* root/vault */
} Fixture;

static void fixture_set_up(Fixture *f, gconstpointer data) {
  f->root = test_tmpdir();
  f->vault = g_build_filename(f->root, "vault", NULL);
  if (data != NULL)
    test_make_vault(f->vault);
}

static void fixture_tear_down(Fixture *f, gconstpointer data) {
  test_rmtree(f->root);
  g_free(f->vault);
  g_free(f->root);
}

static char *vault_file(Fixture *f, const char *name) {
  return g_build_filename(f->vault, name, NULL);
}

static int count_entries(const char *dir) {
  GDir *d = g_dir_open(dir, 0, NULL);
  g_assert_nonnull(d);
  int n = 0;
  while (g_dir_read_name(d) != NULL)
    n++;
  g_dir_close(d);
  return n;
}

static void test_create_layout(Fixture *f, gconstpointer data) {
  g_assert_cmpint(count_entries(f->vault), ==, 4);
  char *packs = vault_file(f, "packs");
  g_assert_true(g_file_test(packs, G_FILE_TEST_IS_DIR));
  g_assert_cmpint(count_entries(packs), ==, 0); /* no document, no pack */
  g_free(packs);
  const char *names[] = {"vault.hdr", "space-0.db", "space-1.db"};
  GStatBuf first = {0};
  goffset db_size = 0;
  for (unsigned i = 0; i < G_N_ELEMENTS(names); i++) {
    char *path = vault_file(f, names[i]);
    GStatBuf st;
    g_assert_cmpint(g_stat(path, &st), ==, 0);
    g_assert_cmpint(st.st_mode & 0777, ==, 0600); /* private to the user */
    if (i == 0) {
      g_assert_cmpint(st.st_size, ==, AMANAT_HEADER_LEN);
      first = st;
    } else {
      /* Both databases start the same size, in whole growth steps. */
      g_assert_cmpint(st.st_size % AMANAT_DB_MIN_CHUNK, ==, 0);
      if (i == 2)
        g_assert_cmpint(st.st_size, ==, db_size);
      db_size = st.st_size;
      /* Times move together. */
      g_assert_cmpint(st.st_mtime, ==, first.st_mtime);
    }
    g_free(path);
  }
  /* Only the vault folder itself in the parent: no staging folder left. */
  g_assert_cmpint(count_entries(f->root), ==, 1);
}

static void test_open_lock(Fixture *f, gconstpointer data) {
  amanat_vault *vault = NULL;
  g_assert_cmpint(amanat_vault_open(f->vault, TEST_PASSWORD, strlen(TEST_PASSWORD),
                                    AMANAT_SPACE_DEFAULT, &vault),
                  ==, AMANAT_OK);
  guint64 kdf_ns = 0, ready_ns = 0;
  amanat_vault_open_timings(vault, &kdf_ns, &ready_ns);
  g_assert_cmpuint(kdf_ns, >, 0);
  g_assert_cmpuint(ready_ns, >, 0);
  amanat_vault_lock(vault);
  amanat_vault_lock(NULL);
  /* Unlocks again after a lock, and the decoy opens with the real password too. */
  g_assert_cmpint(test_try_open(f->vault, TEST_PASSWORD, AMANAT_SPACE_DEFAULT), ==, AMANAT_OK);
  g_assert_cmpint(test_try_open(f->vault, TEST_PASSWORD, AMANAT_SPACE_DECOY), ==, AMANAT_OK);
}

static void test_wrong_password(Fixture *f, gconstpointer data) {
  g_assert_cmpint(test_try_open(f->vault, "correct horse battery stapler", AMANAT_SPACE_DEFAULT),
                  ==, AMANAT_E_WRONG_PASSWORD);
  g_assert_cmpint(test_try_open(f->vault, "", AMANAT_SPACE_DEFAULT), ==, AMANAT_E_EMPTY_PASSWORD);
  g_assert_cmpint(test_try_open(f->vault, "\xff", AMANAT_SPACE_DEFAULT), ==, AMANAT_E_INVALID);
  g_assert_cmpint(test_try_open(f->vault, TEST_PASSWORD, AMANAT_SPACE_DEFAULT), ==, AMANAT_OK);
}

/* The same password typed composed or decomposed opens the vault. */
static void test_nfc_password(Fixture *f, gconstpointer data) {
  const char *composed = "p\xc3\xa4ss w\xc3\xb6rd";     /* ä, ö precomposed */
  const char *decomposed = "pa\xcc\x88ss wo\xcc\x88rd"; /* a + U+0308, o + U+0308 */
  g_assert_cmpint(amanat_vault_create(f->vault, decomposed, strlen(decomposed), TEST_COST), ==,
                  AMANAT_OK);
  g_assert_cmpint(test_try_open(f->vault, composed, AMANAT_SPACE_DEFAULT), ==, AMANAT_OK);
  g_assert_cmpint(test_try_open(f->vault, decomposed, AMANAT_SPACE_DEFAULT), ==, AMANAT_OK);
}

static void test_create_refusals(Fixture *f, gconstpointer data) {
  /* Over an existing vault: refused, and the vault is untouched. */
  char *header = vault_file(f, "vault.hdr");
  GBytes *before = test_read_file(header);
  g_assert_cmpint(amanat_vault_create(f->vault, "another one", 11, TEST_COST), ==, AMANAT_E_EXISTS);
  GBytes *after = test_read_file(header);
  g_assert_true(g_bytes_equal(before, after));
  g_assert_cmpint(test_try_open(f->vault, TEST_PASSWORD, AMANAT_SPACE_DEFAULT), ==, AMANAT_OK);
  g_bytes_unref(before);
  g_bytes_unref(after);
  g_free(header);

  /* Into a folder with other files: refused. */
  char *busy = g_build_filename(f->root, "busy", NULL);
  char *other = g_build_filename(busy, "notes.txt", NULL);
  g_assert_cmpint(g_mkdir(busy, 0700), ==, 0);
  g_assert_true(g_file_set_contents(other, "x", 1, NULL));
  g_assert_cmpint(amanat_vault_create(busy, "pw pw pw", 8, TEST_COST), ==, AMANAT_E_EXISTS);
  g_assert_cmpint(count_entries(busy), ==, 1);

  /* Into an empty folder: fine. */
  char *empty = g_build_filename(f->root, "empty", NULL);
  g_assert_cmpint(g_mkdir(empty, 0700), ==, 0);
  g_assert_cmpint(amanat_vault_create(empty, "pw pw pw", 8, TEST_COST), ==, AMANAT_OK);

  /* Empty password, and a cost beyond the limits: refused, nothing made. */
  char *fresh = g_build_filename(f->root, "fresh", NULL);
  g_assert_cmpint(amanat_vault_create(fresh, "", 0, TEST_COST), ==, AMANAT_E_EMPTY_PASSWORD);
  g_assert_cmpint(amanat_vault_create(fresh, "pw", 2, (amanat_kdf_cost){3, 64ull << 30}), ==,
                  AMANAT_E_KDF_LIMITS);
  g_assert_false(g_file_test(fresh, G_FILE_TEST_EXISTS));
  /* A missing parent folder. */
  char *orphan = g_build_filename(f->root, "no", "such", NULL);
  g_assert_cmpint(amanat_vault_create(orphan, "pw", 2, TEST_COST), ==, AMANAT_E_MISSING);
  g_assert_cmpint(count_entries(f->root), ==, 3);
  g_free(orphan);
  g_free(fresh);
  g_free(empty);
  g_free(other);
  g_free(busy);
}

static void test_not_a_vault(Fixture *f, gconstpointer data) {
  g_assert_cmpint(test_try_open(f->root, TEST_PASSWORD, AMANAT_SPACE_DEFAULT), ==,
                  AMANAT_E_NOT_A_VAULT);
  char *missing = g_build_filename(f->root, "nothing-here", NULL);
  g_assert_cmpint(test_try_open(missing, TEST_PASSWORD, AMANAT_SPACE_DEFAULT), ==,
                  AMANAT_E_NOT_A_VAULT);
  amanat_vault_info info;
  g_assert_cmpint(amanat_vault_read_info(missing, &info), ==, AMANAT_E_NOT_A_VAULT);
  g_free(missing);
}

static void test_info(Fixture *f, gconstpointer data) {
  amanat_vault_info info = {0};
  g_assert_cmpint(amanat_vault_read_info(f->vault, &info), ==, AMANAT_OK);
  g_assert_cmpuint(info.format_version, ==, 1);
  g_assert_cmpuint(info.kdf.opslimit, ==, TEST_COST.opslimit);
  g_assert_cmpuint(info.kdf.memlimit, ==, TEST_COST.memlimit);
}

static void test_busy(Fixture *f, gconstpointer data) {
  amanat_vault *vault = NULL;
  g_assert_cmpint(amanat_vault_open(f->vault, TEST_PASSWORD, strlen(TEST_PASSWORD),
                                    AMANAT_SPACE_DEFAULT, &vault),
                  ==, AMANAT_OK);
  /* flock is per open file: a second open, even here, is refused. */
  g_assert_cmpint(test_try_open(f->vault, TEST_PASSWORD, AMANAT_SPACE_DEFAULT), ==, AMANAT_E_BUSY);
  amanat_vault_lock(vault);
  g_assert_cmpint(test_try_open(f->vault, TEST_PASSWORD, AMANAT_SPACE_DEFAULT), ==, AMANAT_OK);
}

static void test_change_password(Fixture *f, gconstpointer data) {
  amanat_vault *vault = NULL;
  g_assert_cmpint(amanat_vault_open(f->vault, TEST_PASSWORD, strlen(TEST_PASSWORD),
                                    AMANAT_SPACE_DEFAULT, &vault),
                  ==, AMANAT_OK);
  char *header = vault_file(f, "vault.hdr");
  GStatBuf before_st;
  g_assert_cmpint(g_stat(header, &before_st), ==, 0);
  g_assert_cmpint(amanat_vault_change_password(vault, "new secret words", 16), ==, AMANAT_OK);
  /* Changed twice in one session: each time the slot moves, the old one is destroyed. */
  g_assert_cmpint(amanat_vault_change_password(vault, "newer secret words", 18), ==, AMANAT_OK);
  amanat_verify_report report;
  g_assert_cmpint(amanat_vault_verify(vault, &report), ==, AMANAT_OK);
  amanat_vault_lock(vault);
  /* In place: the same file (inode), never a renamed copy. */
  GStatBuf after_st;
  g_assert_cmpint(g_stat(header, &after_st), ==, 0);
  g_assert_cmpuint(before_st.st_ino, ==, after_st.st_ino);
  g_assert_cmpint(after_st.st_size, ==, AMANAT_HEADER_LEN);
  g_assert_cmpint(test_try_open(f->vault, TEST_PASSWORD, AMANAT_SPACE_DEFAULT), ==,
                  AMANAT_E_WRONG_PASSWORD);
  g_assert_cmpint(test_try_open(f->vault, "new secret words", AMANAT_SPACE_DEFAULT), ==,
                  AMANAT_E_WRONG_PASSWORD);
  g_assert_cmpint(test_try_open(f->vault, "newer secret words", AMANAT_SPACE_DEFAULT), ==,
                  AMANAT_OK);
  g_free(header);
}

/* Fails the k-th write, sync or allocation of a password change, for every k: each time
 * the old or the new password opens the vault, and the data is intact. */
static void test_change_password_faults(Fixture *f, gconstpointer data) {
  const char *old_pw = TEST_PASSWORD;
  char new_pw[32];
  for (unsigned k = 1;; k++) {
    amanat_vault *vault = NULL;
    g_assert_cmpint(
        amanat_vault_open(f->vault, old_pw, strlen(old_pw), AMANAT_SPACE_DEFAULT, &vault), ==,
        AMANAT_OK);
    g_snprintf(new_pw, sizeof new_pw, "new password %u", k);
    amanat_fault_arm(k, EIO);
    int rc = amanat_vault_change_password(vault, new_pw, strlen(new_pw));
    unsigned calls = amanat_fault_arm(0, 0);
    amanat_vault_lock(vault);
    int old_opens = test_try_open(f->vault, old_pw, AMANAT_SPACE_DEFAULT);
    int new_opens = test_try_open(f->vault, new_pw, AMANAT_SPACE_DEFAULT);
    g_assert_true(old_opens == AMANAT_OK || new_opens == AMANAT_OK);
    if (rc == AMANAT_OK) {
      g_assert_cmpint(new_opens, ==, AMANAT_OK);
      g_assert_cmpint(old_opens, ==, AMANAT_E_WRONG_PASSWORD);
    } else {
      g_assert_true(rc == AMANAT_E_IO || rc == AMANAT_E_NOMEM);
    }
    if (rc == AMANAT_OK && calls < k)
      break; /* no call was left to fail */
    if (new_opens == AMANAT_OK) {
      /* Back to the old password, for the next k to start from the same place. */
      g_assert_cmpint(
          amanat_vault_open(f->vault, new_pw, strlen(new_pw), AMANAT_SPACE_DEFAULT, &vault), ==,
          AMANAT_OK);
      g_assert_cmpint(amanat_vault_change_password(vault, old_pw, strlen(old_pw)), ==, AMANAT_OK);
      amanat_vault_lock(vault);
    }
    /* A scrubbed leftover never lingers: only one of the two works after an unlock. */
    g_assert_cmpint(test_try_open(f->vault, old_pw, AMANAT_SPACE_DEFAULT), ==, AMANAT_OK);
    g_assert_cmpint(k, <, 100);
  }
}

/* Fails the k-th write, sync, rename, mkdir or allocation of create, for every k: a clean
 * error and nothing left behind, neither the vault folder nor a staging folder. */
static void test_create_faults(Fixture *f, gconstpointer data) {
  const int errors[] = {ENOSPC, EIO};
  for (unsigned e = 0; e < G_N_ELEMENTS(errors); e++) {
    unsigned disk_full_reports = 0;
    for (unsigned k = 1;; k++) {
      amanat_fault_arm(k, errors[e]);
      int rc = amanat_vault_create(f->vault, TEST_PASSWORD, strlen(TEST_PASSWORD), TEST_COST);
      unsigned calls = amanat_fault_arm(0, 0);
      if (rc == AMANAT_OK) {
        g_assert_cmpuint(calls, <, k);
        test_rmtree(f->vault);
        break;
      }
      /* An allocation that fails says "out of memory" whatever errno was armed, and a
       * WAL file SQLite could not delete is an I/O error. */
      if (errors[e] == ENOSPC)
        g_assert_true(rc == AMANAT_E_NO_SPACE || rc == AMANAT_E_NOMEM || rc == AMANAT_E_IO);
      else
        g_assert_true(rc == AMANAT_E_IO || rc == AMANAT_E_NOMEM);
      disk_full_reports += rc == AMANAT_E_NO_SPACE;
      g_assert_cmpint(count_entries(f->root), ==, 0);
      g_assert_cmpint(k, <, 500);
    }
    if (errors[e] == ENOSPC)
      g_assert_cmpuint(disk_full_reports, >, 10);
  }
}

static void flip_and_verify(const char *vault_dir, const char *name, gint64 offset,
                            amanat_verify_part expected_part, int *seen_in_open) {
  char *path = g_build_filename(vault_dir, name, NULL);
  test_flip_byte(path, offset, 0x10);
  amanat_vault *vault = NULL;
  int rc = amanat_vault_open(vault_dir, TEST_PASSWORD, strlen(TEST_PASSWORD), AMANAT_SPACE_DEFAULT,
                             &vault);
  if (rc == AMANAT_OK) {
    amanat_verify_report report;
    rc = amanat_vault_verify(vault, &report);
    if (rc != AMANAT_E_DAMAGED)
      g_test_message("%s offset %" G_GINT64_FORMAT " not reported", name, offset);
    g_assert_cmpint(rc, ==, AMANAT_E_DAMAGED);
    g_assert_cmpint(report.part, ==, expected_part);
    amanat_vault_lock(vault);
  } else {
    /* Damage in the space in use already shows when it is opened. */
    g_assert_cmpint(rc, ==, AMANAT_E_DAMAGED);
    (*seen_in_open)++;
  }
  test_flip_byte(path, offset, 0x10); /* undo */
  g_free(path);
}

/* A changed byte anywhere in either database is reported, the salt (bytes 0-15) and
 * the zero tail included. */
static void test_verify_databases(Fixture *f, gconstpointer data) {
  amanat_verify_report report;
  amanat_vault *vault = NULL;
  g_assert_cmpint(amanat_vault_open(f->vault, TEST_PASSWORD, strlen(TEST_PASSWORD),
                                    AMANAT_SPACE_DEFAULT, &vault),
                  ==, AMANAT_OK);
  g_assert_cmpint(amanat_vault_verify(vault, &report), ==, AMANAT_OK);
  g_assert_cmpint(report.part, ==, AMANAT_PART_NONE);
  amanat_vault_lock(vault);

  /* 4083 is the last byte of page 1 that SQLCipher's HMAC covers: each page ends in 48
   * reserved bytes, a 16-byte IV and a 20-byte HMAC-SHA1 then 12 bytes of random filler
   * that carry nothing (FORMAT.md §Space databases, test below). */
  const gint64 offsets[] = {0,    5,    15,   16,   100,  1000,  4047,
                            4048, 4083, 4096, 5000, 9000, 20000, AMANAT_DB_MIN_CHUNK - 13};
  int seen_in_open = 0;
  for (int db = 0; db < 2; db++) {
    char name[32];
    g_snprintf(name, sizeof name, "space-%d.db", db);
    for (unsigned i = 0; i < G_N_ELEMENTS(offsets); i++)
      flip_and_verify(f->vault, name, offsets[i], AMANAT_PART_DATABASE, &seen_in_open);
  }
  /* Each database was the one in use for some flips and the other one for the rest. */
  g_assert_cmpint(seen_in_open, >, 0);
  g_assert_cmpint(seen_in_open, <, 2 * (int)G_N_ELEMENTS(offsets));
  g_assert_cmpint(test_try_open(f->vault, TEST_PASSWORD, AMANAT_SPACE_DEFAULT), ==, AMANAT_OK);
}

/* The 12 filler bytes that end each SQLCipher v3 page are outside its HMAC: changing
 * them is not reported, and it changes nothing that is read back either. */
static void test_page_filler_carries_nothing(Fixture *f, gconstpointer data) {
  for (int db = 0; db < 2; db++) {
    char *path = g_strdup_printf("%s/space-%d.db", f->vault, db);
    for (gint64 offset = 4084; offset < 4096; offset++)
      test_flip_byte(path, offset, 0xff);
    g_free(path);
  }
  amanat_vault *vault = NULL;
  g_assert_cmpint(amanat_vault_open(f->vault, TEST_PASSWORD, strlen(TEST_PASSWORD),
                                    AMANAT_SPACE_DEFAULT, &vault),
                  ==, AMANAT_OK);
  amanat_verify_report report;
  g_assert_cmpint(amanat_vault_verify(vault, &report), ==, AMANAT_OK);
  amanat_vault_lock(vault);
}

static void test_header_damage(Fixture *f, gconstpointer data) {
  char *header = vault_file(f, "vault.hdr");
  /* A changed keyslot byte can't be told from a wrong password, by design. */
  for (int slot = 0; slot < AMANAT_SLOT_COUNT; slot++) {
    char *copy = g_strdup_printf("%s/copy-%d", f->root, slot);
    test_copy_dir(f->vault, copy);
    char *copy_header = g_build_filename(copy, "vault.hdr", NULL);
    test_flip_byte(copy_header, AMANAT_SLOT_OFF(slot) + 100, 0x01);
    int rc = test_try_open(copy, TEST_PASSWORD, AMANAT_SPACE_DEFAULT);
    g_assert_true(rc == AMANAT_OK || rc == AMANAT_E_WRONG_PASSWORD);
    test_rmtree(copy);
    g_free(copy_header);
    g_free(copy);
  }
  /* A truncated header, a longer one, an altered prefix: named, and the file unchanged. */
  GBytes *original = test_read_file(header);
  g_assert_true(g_file_set_contents(header, g_bytes_get_data(original, NULL), 4000, NULL));
  g_assert_cmpint(test_try_open(f->vault, TEST_PASSWORD, AMANAT_SPACE_DEFAULT), ==,
                  AMANAT_E_HEADER_TRUNCATED);
  GBytes *now = test_read_file(header);
  g_assert_cmpuint(g_bytes_get_size(now), ==, 4000);
  g_bytes_unref(now);
  g_assert_true(g_file_set_contents(header, g_bytes_get_data(original, NULL), 4096, NULL));
  test_flip_byte(header, 30, 0x04);
  g_assert_cmpint(test_try_open(f->vault, TEST_PASSWORD, AMANAT_SPACE_DEFAULT), ==,
                  AMANAT_E_HEADER_DAMAGED);
  test_flip_byte(header, 30, 0x04);
  g_assert_cmpint(test_try_open(f->vault, TEST_PASSWORD, AMANAT_SPACE_DEFAULT), ==, AMANAT_OK);
  g_bytes_unref(original);
  g_free(header);
}

/* Apart from its prefix, the header looks like random bytes: a chi-square test on the
 * byte frequencies (255 degrees of freedom; 400 is far beyond what chance gives). */
static void test_header_looks_random(Fixture *f, gconstpointer data) {
  char *header = vault_file(f, "vault.hdr");
  GBytes *bytes = test_read_file(header);
  const guint8 *p = g_bytes_get_data(bytes, NULL);
  double counts[256] = {0};
  size_t n = AMANAT_HEADER_LEN - AMANAT_PREFIX_LEN;
  for (size_t i = AMANAT_PREFIX_LEN; i < AMANAT_HEADER_LEN; i++)
    counts[p[i]]++;
  double expected = (double)n / 256.0, chi = 0;
  for (int i = 0; i < 256; i++)
    chi += (counts[i] - expected) * (counts[i] - expected) / expected;
  g_assert_cmpfloat(chi, <, 400.0);
  g_bytes_unref(bytes);
  g_free(header);
}

/* Two vaults made with the same password differ in every byte after the magic, version
 * and cost: nothing in the header tells one user's vault from another's. */
static void test_headers_unlinkable(Fixture *f, gconstpointer data) {
  char *other = g_build_filename(f->root, "other", NULL);
  test_make_vault(other);
  char *a_path = vault_file(f, "vault.hdr");
  char *b_path = g_build_filename(other, "vault.hdr", NULL);
  GBytes *a = test_read_file(a_path), *b = test_read_file(b_path);
  g_assert_cmpmem(g_bytes_get_data(a, NULL), AMANAT_PREFIX_OFF_SALT, g_bytes_get_data(b, NULL),
                  AMANAT_PREFIX_OFF_SALT);
  const guint8 *pa = g_bytes_get_data(a, NULL), *pb = g_bytes_get_data(b, NULL);
  size_t same = 0;
  for (size_t i = AMANAT_PREFIX_OFF_SALT; i < AMANAT_HEADER_LEN; i++)
    same += pa[i] == pb[i] ? 1 : 0;
  g_assert_cmpuint(same, <, 60); /* chance alone gives about 16 */
  g_bytes_unref(a);
  g_bytes_unref(b);
  g_free(a_path);
  g_free(b_path);
  g_free(other);
}

/* Unlocking rewrites the counter block, and leaves the times of all files equal. */
static void test_unlock_writes(Fixture *f, gconstpointer data) {
  char *header = vault_file(f, "vault.hdr");
  GBytes *before = test_read_file(header);
  g_assert_cmpint(test_try_open(f->vault, "wrong password", AMANAT_SPACE_DEFAULT), ==,
                  AMANAT_E_WRONG_PASSWORD);
  GBytes *after = test_read_file(header);
  const guint8 *a = g_bytes_get_data(before, NULL), *b = g_bytes_get_data(after, NULL);
  g_assert_cmpmem(a, AMANAT_COUNTER_OFF, b, AMANAT_COUNTER_OFF);
  g_assert_false(memcmp(a + AMANAT_COUNTER_OFF, b + AMANAT_COUNTER_OFF, AMANAT_COUNTER_LEN) == 0);
  g_assert_cmpmem(a + AMANAT_FILLER_OFF, AMANAT_FILLER_LEN, b + AMANAT_FILLER_OFF,
                  AMANAT_FILLER_LEN);
  const char *names[] = {"vault.hdr", "space-0.db", "space-1.db"};
  struct stat st[3];
  for (int i = 0; i < 3; i++) {
    char *path = vault_file(f, names[i]);
    g_assert_cmpint(stat(path, &st[i]), ==, 0);
    g_free(path);
  }
  for (int i = 1; i < 3; i++) {
    g_assert_cmpint(st[i].st_mtim.tv_sec, ==, st[0].st_mtim.tv_sec);
    g_assert_cmpint(st[i].st_mtim.tv_nsec, ==, st[0].st_mtim.tv_nsec);
  }
  g_bytes_unref(before);
  g_bytes_unref(after);
  g_free(header);
}

static void test_missing_database(Fixture *f, gconstpointer data) {
  for (int db = 0; db < 2; db++) {
    char *copy = g_strdup_printf("%s/copy-%d", f->root, db);
    test_copy_dir(f->vault, copy);
    char *victim = g_strdup_printf("%s/space-%d.db", copy, db);
    g_assert_cmpint(g_unlink(victim), ==, 0);
    amanat_vault *vault = NULL;
    int rc =
        amanat_vault_open(copy, TEST_PASSWORD, strlen(TEST_PASSWORD), AMANAT_SPACE_DEFAULT, &vault);
    if (rc == AMANAT_OK) {
      amanat_verify_report report;
      g_assert_cmpint(amanat_vault_verify(vault, &report), ==, AMANAT_E_DAMAGED);
      g_assert_cmpint(report.part, ==, AMANAT_PART_DATABASE);
      g_assert_cmpint(report.index, ==, db);
      amanat_vault_lock(vault);
    } else {
      g_assert_cmpint(rc, ==, AMANAT_E_MISSING);
    }
    /* SQLite was never allowed to make a new empty file in its place. */
    g_assert_false(g_file_test(victim, G_FILE_TEST_EXISTS));
    test_rmtree(copy);
    g_free(victim);
    g_free(copy);
  }
}

static char *make_file(const char *dir, const char *name) {
  char *path = g_build_filename(dir, name, NULL);
  g_assert_true(g_file_set_contents(path, "ciphertext", -1, NULL));
  return path;
}

/* What a killed `init`, restore or export leaves — a hidden staging folder (with its packs
 * folder) or temporary file that no process holds — goes when a vault is next made beside
 * it; one still locked by a live writer, a link and other names stay (FORMAT.md
 * §Temporary files). */
static void test_stale_temporaries(Fixture *f, gconstpointer data) {
  g_autofree char *stale_dir = g_build_filename(f->root, ".amanat-new-Ab12Cd", NULL);
  g_autofree char *stale_packs = g_build_filename(stale_dir, "packs", NULL);
  g_assert_cmpint(g_mkdir_with_parents(stale_packs, 0700), ==, 0);
  g_free(make_file(stale_dir, "vault.hdr"));
  g_free(make_file(stale_packs, "0123456789abcdef0123456789abcdef"));
  g_autofree char *stale_file = make_file(f->root, ".amanat-Zz9Yy8");
  g_autofree char *held = make_file(f->root, ".amanat-Q1w2E3");
  g_autofree char *other = make_file(f->root, ".amanat-notes.txt");
  g_autofree char *too_long = make_file(f->root, ".amanat-new-Ab12Cd3");
  g_autofree char *outside = g_build_filename(f->root, "outside", NULL);
  g_assert_cmpint(g_mkdir(outside, 0700), ==, 0);
  g_autofree char *kept_inside = make_file(outside, "kept");
  g_autofree char *link = g_build_filename(f->root, ".amanat-new-Lk4Lk4", NULL);
  g_assert_cmpint(symlink(outside, link), ==, 0);

  /* A live writer's lock: flock locks of two opens conflict even in one process. */
  int held_fd = open(held, O_RDONLY | O_CLOEXEC);
  g_assert_cmpint(flock(held_fd, LOCK_EX | LOCK_NB), ==, 0);

  g_assert_cmpint(amanat_vault_create(f->vault, TEST_PASSWORD, strlen(TEST_PASSWORD), TEST_COST),
                  ==, AMANAT_OK);
  g_assert_false(g_file_test(stale_dir, G_FILE_TEST_EXISTS));
  g_assert_false(g_file_test(stale_file, G_FILE_TEST_EXISTS));
  g_assert_true(g_file_test(held, G_FILE_TEST_EXISTS));
  g_assert_true(g_file_test(other, G_FILE_TEST_EXISTS));
  g_assert_true(g_file_test(too_long, G_FILE_TEST_EXISTS));
  g_assert_true(g_file_test(link, G_FILE_TEST_IS_SYMLINK));
  g_assert_true(g_file_test(kept_inside, G_FILE_TEST_EXISTS));
  /* The new vault's own staging folder is gone too: published under its name. */
  g_assert_cmpint(count_entries(f->root), ==, 6); /* vault, held, other, too_long, link, outside */

  /* Once its writer is gone, the next one removes it. */
  close(held_fd);
  g_autofree char *second = g_build_filename(f->root, "second", NULL);
  g_assert_cmpint(amanat_vault_create(second, TEST_PASSWORD, strlen(TEST_PASSWORD), TEST_COST), ==,
                  AMANAT_OK);
  g_assert_false(g_file_test(held, G_FILE_TEST_EXISTS));
  g_assert_true(g_file_test(other, G_FILE_TEST_EXISTS));
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_assert_cmpint(amanat_init(), ==, AMANAT_OK);
  const void *with_vault = "yes";
#define ADD(path, func, data)                                                                      \
  g_test_add(path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD("/vault/create-layout", test_create_layout, with_vault);
  ADD("/vault/open-lock", test_open_lock, with_vault);
  ADD("/vault/wrong-password", test_wrong_password, with_vault);
  ADD("/vault/nfc-password", test_nfc_password, NULL);
  ADD("/vault/create-refusals", test_create_refusals, with_vault);
  ADD("/vault/not-a-vault", test_not_a_vault, NULL);
  ADD("/vault/info", test_info, with_vault);
  ADD("/vault/busy", test_busy, with_vault);
  ADD("/vault/change-password", test_change_password, with_vault);
  ADD("/vault/change-password-faults", test_change_password_faults, with_vault);
  ADD("/vault/create-faults", test_create_faults, NULL);
  ADD("/vault/verify-databases", test_verify_databases, with_vault);
  ADD("/vault/page-filler-carries-nothing", test_page_filler_carries_nothing, with_vault);
  ADD("/vault/header-damage", test_header_damage, with_vault);
  ADD("/vault/header-looks-random", test_header_looks_random, with_vault);
  ADD("/vault/headers-unlinkable", test_headers_unlinkable, with_vault);
  ADD("/vault/unlock-writes", test_unlock_writes, with_vault);
  ADD("/vault/missing-database", test_missing_database, with_vault);
  ADD("/vault/stale-temporaries", test_stale_temporaries, NULL);
#undef ADD
  return g_test_run();
}
