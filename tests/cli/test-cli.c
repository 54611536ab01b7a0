/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli.c: amanat-cli's contract (DESIGN.md §7): commands, messages, exit codes, files. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "amanat.h"
#include "cli-run.h"

#define PW  "lantern orbit maple thimble"
#define PW2 "quiet river copper falcon"

#define MSG_WRONG    "Wrong password.\n"
#define MSG_EMPTY    "The password is empty.\n"
#define MSG_MISMATCH "The passwords do not match. Nothing was changed.\n"
#define MSG_EXISTS                                                                                 \
  "There is already a vault or other files in this folder. Choose an empty folder.\n"
#define MSG_NOT_A_VAULT    "This folder is not an Amanat vault.\n"
#define MSG_TRUNCATED      "The vault's header is cut short (truncated). It cannot be opened.\n"
#define MSG_HEADER_DAMAGED "The vault's header has been altered or damaged. It cannot be opened.\n"
#define MSG_VERSION        "This vault was made by a newer version of Amanat. Update Amanat to open it.\n"
#define MSG_BUSY                                                                                   \
  "This vault is in use by another Amanat window or command. Close it and try again.\n"
#define MSG_NO_SPACE          "The disk is full. Nothing was changed.\n"
#define MSG_READ_ONLY         "Amanat may not write to this folder. Nothing was changed.\n"
#define MSG_INTACT            "The vault is intact.\n"
#define MSG_NONE_GIVEN        "No password was given.\n"
#define MSG_NOT_UTF8          "The password is not valid UTF-8 text.\n"
#define MSG_WEAK_START        "This password is easy to guess."
#define MSG_INTERACTIVE_START "Warning: the “interactive” key-derivation cost"

#define HEADER_LEN  4096
#define SLOTS_OFF   64
#define SLOT_LEN    224
#define SLOT_COUNT  16
#define COUNTER_OFF 3648 /* the attempt counter: every unlock attempt rewrites it */
#define COUNTER_LEN 64

/* ---- helpers ------------------------------------------------------------------------ */

static char *vault_file(const char *vault, const char *name) {
  return g_build_filename(vault, name, NULL);
}

/* The header holds the same slots and prefix as `before`: only the attempt counter, which
 * every unlock attempt rewrites, may differ. */
static void assert_header_unchanged(const char *path, GBytes *before) {
  g_autoptr(GBytes) after = read_file(path);
  gsize len = 0;
  const guint8 *a = g_bytes_get_data(before, &len);
  const guint8 *b = g_bytes_get_data(after, NULL);
  g_assert_cmpuint(g_bytes_get_size(after), ==, len);
  g_assert_cmpuint(len, ==, HEADER_LEN);
  g_assert_cmpmem(a, COUNTER_OFF, b, COUNTER_OFF);
  g_assert_cmpmem(a + COUNTER_OFF + COUNTER_LEN, len - COUNTER_OFF - COUNTER_LEN,
                  b + COUNTER_OFF + COUNTER_LEN, len - COUNTER_OFF - COUNTER_LEN);
}

static void make_vault_with(Fixture *f, const char *password) {
  g_autofree char *input = twice(password);
  g_autoptr(CliResult) r = cli_run(f, input, "init", "--kdf", "interactive");
  assert_status(r, 0);
}

static void make_vault(Fixture *f) {
  make_vault_with(f, PW);
}

/* Runs verify on `dir` with one password line. */
static CliResult *verify_dir(Fixture *f, const char *dir, const char *password) {
  g_autofree char *input = g_strconcat(password, "\n", NULL);
  return cli_run_full(f, &(CliRunOptions){.input = input, .no_vault = TRUE},
                      (const char *const[]){"--vault", dir, "verify", NULL});
}

static CliResult *verify(Fixture *f, const char *password) {
  return verify_dir(f, f->vault, password);
}

static void assert_verifies(Fixture *f, const char *password) {
  g_autoptr(CliResult) r = verify(f, password);
  assert_status(r, 0);
  g_assert_cmpstr(r->out, ==, MSG_INTACT);
  g_assert_cmpstr(r->err, ==, "");
}

static void assert_wrong_password(CliResult *r) {
  assert_status(r, 3);
  g_assert_cmpstr(r->err, ==, MSG_WRONG);
  g_assert_cmpstr(r->out, ==, "");
}

/* A failure: exit 1 and exactly one given line on stderr. */
static void assert_failure(CliResult *r, const char *message) {
  assert_status(r, 1);
  g_assert_cmpstr(r->err, ==, message);
}

static void assert_usage_error(CliResult *r) {
  assert_status(r, 2);
  g_assert_nonnull(strstr(r->err, "Usage: amanat-cli"));
  g_assert_cmpstr(r->out, ==, "");
}

/* ---- init and info ------------------------------------------------------------------ */

static void test_init_creates(Fixture *f, gconstpointer data) {
  g_autofree char *input = twice(PW);
  g_autoptr(CliResult) r = cli_run(f, input, "init", "--kdf", "interactive");
  assert_status(r, 0);
  g_autofree char *expected = g_strdup_printf("Created a new vault in %s.\n", f->vault);
  g_assert_cmpstr(r->out, ==, expected);
  g_assert_true(g_str_has_prefix(r->err, MSG_INTERACTIVE_START));
  g_assert_cmpuint(strlen(r->err), ==, strcspn(r->err, "\n") + 1); /* one line, no weak warning */

  const char *names[] = {"vault.hdr", "space-0.db", "space-1.db"};
  for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
    g_autofree char *path = vault_file(f->vault, names[i]);
    g_assert_true(g_file_test(path, G_FILE_TEST_IS_REGULAR));
  }
  g_autofree char *header = vault_file(f->vault, "vault.hdr");
  g_autoptr(GBytes) bytes = read_file(header);
  g_assert_cmpuint(g_bytes_get_size(bytes), ==, HEADER_LEN);
  assert_verifies(f, PW);
}

static void test_info_human(Fixture *f, gconstpointer data) {
  make_vault(f);
  g_autoptr(CliResult) r = cli_run(f, NULL, "info");
  assert_status(r, 0);
  g_assert_cmpstr(r->out, ==,
                  "Amanat vault, format version 1\nKey derivation: Argon2id, 2 passes, 64 MiB\n");
  g_assert_cmpstr(r->err, ==, "");
}

static void test_info_json(Fixture *f, gconstpointer data) {
  make_vault(f);
  g_autoptr(CliResult) r = cli_run(f, NULL, "info", "--json");
  assert_status(r, 0);
  g_assert_true(g_str_has_prefix(r->out, "{"));
  g_assert_nonnull(strstr(r->out, "\"format_version\":1"));
  g_assert_cmpstr(r->out, ==,
                  "{\"format_version\":1,\"kdf\":{\"algorithm\":\"argon2id\",\"passes\":2,"
                  "\"memory_bytes\":67108864}}\n");
  g_assert_cmpstr(r->err, ==, "");
}

static void test_init_default_moderate(Fixture *f, gconstpointer data) {
  g_autofree char *input = twice(PW);
  g_autoptr(CliResult) r = cli_run(f, input, "init");
  assert_status(r, 0);
  g_assert_cmpstr(r->err, ==, "");
  g_autoptr(CliResult) info = cli_run(f, NULL, "info");
  assert_status(info, 0);
  g_assert_nonnull(strstr(info->out, "Key derivation: Argon2id, 3 passes, 256 MiB\n"));
}

static void test_init_empty_password(Fixture *f, gconstpointer data) {
  g_autoptr(CliResult) r = cli_run(f, "\n\n", "init", "--kdf", "interactive");
  assert_failure(r, MSG_EMPTY);
  g_assert_false(g_file_test(f->vault, G_FILE_TEST_EXISTS));
}

static void test_init_mismatch(Fixture *f, gconstpointer data) {
  g_autoptr(CliResult) r = cli_run(f, PW "\n" PW2 "\n", "init", "--kdf", "interactive");
  assert_failure(r, MSG_MISMATCH);
  g_assert_cmpstr(r->out, ==, "");
  g_assert_false(g_file_test(f->vault, G_FILE_TEST_EXISTS));
}

static void test_init_exists(Fixture *f, gconstpointer data) {
  make_vault(f);
  g_autofree char *header = vault_file(f->vault, "vault.hdr");
  g_autoptr(GBytes) before = read_file(header);

  g_autofree char *input = twice(PW2);
  g_autoptr(CliResult) r = cli_run(f, input, "init", "--kdf", "interactive");
  assert_failure(r, MSG_EXISTS);
  assert_header_unchanged(header, before);
  assert_verifies(f, PW);

  /* A folder with other files in it is refused too, and they stay. */
  g_autofree char *other = g_build_filename(f->tmp, "other", NULL);
  g_autofree char *note = g_build_filename(other, "note.txt", NULL);
  g_assert_cmpint(g_mkdir(other, 0700), ==, 0);
  g_assert_true(g_file_set_contents(note, "keep me", -1, NULL));
  g_autoptr(CliResult) r2 =
      cli_run_full(f, &(CliRunOptions){.input = input, .no_vault = TRUE},
                   (const char *const[]){"--vault", other, "init", "--kdf", "interactive", NULL});
  assert_failure(r2, MSG_EXISTS);
  g_autoptr(GBytes) kept = read_file(note);
  g_assert_cmpmem(g_bytes_get_data(kept, NULL), g_bytes_get_size(kept), "keep me", 7);
}

/* ---- passwords: wrong, change ----------------------------------------------------------- */

static void test_wrong_password(Fixture *f, gconstpointer data) {
  make_vault(f);
  g_autoptr(CliResult) r = verify(f, PW2);
  assert_wrong_password(r);
}

static void test_passwd(Fixture *f, gconstpointer data) {
  make_vault(f);
  g_autoptr(CliResult) r = cli_run(f, PW "\n" PW2 "\n" PW2 "\n", "passwd");
  assert_status(r, 0);
  g_assert_cmpstr(r->out, ==, "The password was changed.\n");
  g_assert_cmpstr(r->err, ==, "");

  g_autoptr(CliResult) old = verify(f, PW);
  assert_wrong_password(old);
  assert_verifies(f, PW2);
}

static void test_passwd_refused(Fixture *f, gconstpointer data) {
  make_vault(f);
  g_autofree char *header = vault_file(f->vault, "vault.hdr");
  g_autoptr(GBytes) before = read_file(header);

  g_autoptr(CliResult) wrong = cli_run(f, PW2 "\n" PW2 "\n" PW2 "\n", "passwd");
  assert_wrong_password(wrong);
  assert_header_unchanged(header, before);

  g_autoptr(CliResult) mismatch = cli_run(f, PW "\n" PW2 "\n" PW2 "x\n", "passwd");
  assert_failure(mismatch, MSG_MISMATCH);
  assert_header_unchanged(header, before);

  g_autoptr(CliResult) empty = cli_run(f, PW "\n\n", "passwd");
  assert_failure(empty, MSG_EMPTY);
  assert_header_unchanged(header, before);

  assert_verifies(f, PW);
  g_autoptr(CliResult) new_one = verify(f, PW2);
  assert_wrong_password(new_one);
}

static void test_weak_password_warns(Fixture *f, gconstpointer data) {
  g_autoptr(CliResult) r = cli_run(f, "password\npassword\n", "init", "--kdf", "interactive");
  assert_status(r, 0);
  g_assert_nonnull(strstr(r->err, MSG_WEAK_START));
  assert_verifies(f, "password");

  g_autoptr(CliResult) p = cli_run(f, "password\n123456\n123456\n", "passwd");
  assert_status(p, 0);
  g_assert_true(g_str_has_prefix(p->err, MSG_WEAK_START));
}

/* ---- verify and damage ------------------------------------------------------------------ */

static void test_verify_intact(Fixture *f, gconstpointer data) {
  make_vault(f);
  assert_verifies(f, PW);
}

static void test_header_truncated(Fixture *f, gconstpointer data) {
  make_vault(f);
  g_autofree char *header = vault_file(f->vault, "vault.hdr");
  const gint64 sizes[] = {10, 63, 64, 2000, HEADER_LEN - 1};
  for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++) {
    g_test_message("header cut to %" G_GINT64_FORMAT " bytes", sizes[i]);
    g_assert_cmpint(truncate(header, sizes[i]), ==, 0);
    g_autoptr(GBytes) before = read_file(header);

    g_autoptr(CliResult) r = verify(f, PW);
    assert_failure(r, MSG_TRUNCATED);
    assert_file_unchanged(header, before);
    g_autoptr(CliResult) info = cli_run(f, NULL, "info");
    assert_failure(info, MSG_TRUNCATED);
    assert_file_unchanged(header, before);
  }
}

static void test_header_altered(Fixture *f, gconstpointer data) {
  make_vault(f);
  g_autofree char *header = vault_file(f->vault, "vault.hdr");
  g_autoptr(GBytes) original = read_file(header);

  /* Every byte after the magic and the version, up to the end of the checksum. */
  for (gint64 offset = 10; offset < 64; offset++) {
    g_test_message("prefix byte %" G_GINT64_FORMAT " flipped", offset);
    flip_byte(header, offset, 0x01);
    g_autoptr(GBytes) before = read_file(header);
    g_autoptr(CliResult) info = cli_run(f, NULL, "info");
    assert_failure(info, MSG_HEADER_DAMAGED);
    assert_file_unchanged(header, before);
    if (offset == 12 || offset == 30 || offset == 50) {
      g_autoptr(CliResult) r = verify(f, PW);
      assert_failure(r, MSG_HEADER_DAMAGED);
      assert_file_unchanged(header, before);
    }
    flip_byte(header, offset, 0x01);
  }

  /* The magic: not an Amanat header at all, or a damaged one. */
  for (gint64 offset = 0; offset < 8; offset++) {
    flip_byte(header, offset, 0x01);
    g_autoptr(CliResult) info = cli_run(f, NULL, "info");
    assert_status(info, 1);
    g_assert_true(g_str_equal(info->err, MSG_NOT_A_VAULT) ||
                  g_str_equal(info->err, MSG_HEADER_DAMAGED));
    flip_byte(header, offset, 0x01);
  }

  /* Trailing data after the header. */
  g_autoptr(GBytes) longer = NULL;
  {
    g_autoptr(GByteArray) bytes = g_byte_array_new();
    g_byte_array_append(bytes, g_bytes_get_data(original, NULL), g_bytes_get_size(original));
    g_byte_array_append(bytes, (const guint8 *)"extra", 5);
    g_assert_true(g_file_set_contents(header, (const char *)bytes->data, bytes->len, NULL));
    longer = read_file(header);
  }
  g_autoptr(CliResult) r = verify(f, PW);
  assert_failure(r, MSG_HEADER_DAMAGED);
  assert_file_unchanged(header, longer);
}

static void test_header_newer_version(Fixture *f, gconstpointer data) {
  make_vault(f);
  g_autofree char *header = vault_file(f->vault, "vault.hdr");
  const guint8 version2[2] = {2, 0};
  write_bytes_at(header, 8, version2, sizeof version2);
  g_autoptr(GBytes) before = read_file(header);

  g_autoptr(CliResult) info = cli_run(f, NULL, "info");
  assert_failure(info, MSG_VERSION);
  g_autoptr(CliResult) r = verify(f, PW);
  assert_failure(r, MSG_VERSION);
  assert_file_unchanged(header, before);
}

static void test_keyslot_flipped(Fixture *f, gconstpointer data) {
  make_vault(f);
  g_autofree char *header = vault_file(f->vault, "vault.hdr");

  /* Exactly one slot opens with PW: damaging it reads as a wrong password. */
  int wrong = 0;
  for (int slot = 0; slot < SLOT_COUNT; slot++) {
    g_autofree char *name = g_strdup_printf("copy-%d", slot);
    g_autofree char *copy = g_build_filename(f->tmp, name, NULL);
    g_autofree char *copy_header = vault_file(copy, "vault.hdr");
    copy_dir(f->vault, copy);
    flip_byte(copy_header, SLOTS_OFF + slot * SLOT_LEN + SLOT_LEN / 2, 0x80);

    g_autoptr(CliResult) r = verify_dir(f, copy, PW);
    if (r->status == 3) {
      assert_wrong_password(r);
      wrong++;
    } else {
      assert_status(r, 0);
    }
    rm_rf(copy);
  }
  g_assert_cmpint(wrong, ==, 1);

  /* A byte flipped in every slot at once. */
  for (int slot = 0; slot < SLOT_COUNT; slot++)
    flip_byte(header, SLOTS_OFF + slot * SLOT_LEN + 3, 0x01);
  g_autoptr(CliResult) r = verify(f, PW);
  assert_wrong_password(r);
}

static void test_database_damaged(Fixture *f, gconstpointer data) {
  make_vault(f);
  for (int file = 0; file < 2; file++) {
    g_autofree char *db_name = g_strdup_printf("space-%d.db", file);
    g_autofree char *db = vault_file(f->vault, db_name);
    g_autoptr(GBytes) bytes = read_file(db);
    const gint64 offsets[] = {5, 100, (gint64)g_bytes_get_size(bytes) / 2};
    for (size_t i = 0; i < G_N_ELEMENTS(offsets); i++) {
      g_autofree char *name = g_strdup_printf("copy-%d-%" G_GINT64_FORMAT, file, offsets[i]);
      g_autofree char *copy = g_build_filename(f->tmp, name, NULL);
      g_autofree char *copy_db = vault_file(copy, db_name);
      copy_dir(f->vault, copy);
      flip_byte(copy_db, offsets[i], 0x01);

      g_test_message("%s byte %" G_GINT64_FORMAT " flipped", db_name, offsets[i]);
      g_autoptr(CliResult) r = verify_dir(f, copy, PW);
      if (r->status != 1 && r->status != 3)
        g_test_message("stdout: %s\nstderr: %s", r->out, r->err);
      g_assert_true(r->status == 1 || r->status == 3); /* never a crash, never "intact" */
      if (r->status == 1)
        g_assert_nonnull(strstr(r->err, "damaged"));
      g_assert_cmpuint(strlen(r->err), ==, strcspn(r->err, "\n") + 1);
      rm_rf(copy);
    }
  }
}

static void test_not_a_vault(Fixture *f, gconstpointer data) {
  g_autoptr(CliResult) missing = verify(f, PW);
  assert_failure(missing, MSG_NOT_A_VAULT);

  g_assert_cmpint(g_mkdir(f->vault, 0700), ==, 0);
  g_autoptr(CliResult) empty = verify(f, PW);
  assert_failure(empty, MSG_NOT_A_VAULT);
  g_autoptr(CliResult) info = cli_run(f, NULL, "info");
  assert_failure(info, MSG_NOT_A_VAULT);

  g_autofree char *photo = vault_file(f->vault, "photo.jpg");
  g_assert_true(g_file_set_contents(photo, "\xff\xd8\xff\xe0 not really", -1, NULL));
  g_autoptr(CliResult) other = verify(f, PW);
  assert_failure(other, MSG_NOT_A_VAULT);
}

/* ---- the file system refuses ------------------------------------------------------------- */

static void test_init_read_only(Fixture *f, gconstpointer data) {
  g_autofree char *parent = g_build_filename(f->tmp, "locked", NULL);
  g_autofree char *vault = g_build_filename(parent, "vault", NULL);
  g_assert_cmpint(g_mkdir(parent, 0500), ==, 0);

  /* Root ignores permissions unless its capabilities could be dropped: probe first. */
  g_autofree char *probe = g_build_filename(parent, "probe", NULL);
  g_autoptr(CliResult) probed = cli_run_full(
      f, &(CliRunOptions){.program = "/bin/mkdir", .setup = child_drop_dac_capabilities},
      (const char *const[]){probe, NULL});
  if (probed->status == 0) {
    g_test_skip("cannot drop the capabilities that override file permissions here");
    return;
  }

  g_autofree char *input = twice(PW);
  CliRunOptions options = {.input = input, .no_vault = TRUE, .setup = child_drop_dac_capabilities};
  g_autoptr(CliResult) r = cli_run_full(
      f, &options, (const char *const[]){"--vault", vault, "init", "--kdf", "interactive", NULL});
  assert_failure(r, MSG_READ_ONLY);
  g_assert_cmpstr(r->out, ==, "");
  g_assert_true(dir_is_empty(parent));

  /* An empty folder the user may not write to is not quietly replaced either. */
  g_autofree char *empty = g_build_filename(f->tmp, "read-only-empty", NULL);
  g_assert_cmpint(g_mkdir(empty, 0500), ==, 0);
  g_autoptr(CliResult) again = cli_run_full(
      f, &options, (const char *const[]){"--vault", empty, "init", "--kdf", "interactive", NULL});
  assert_failure(again, MSG_READ_ONLY);
  g_assert_true(dir_is_empty(empty));
  GStatBuf st;
  g_assert_cmpint(g_stat(empty, &st), ==, 0);
  g_assert_cmpint(st.st_mode & 0777, ==, 0500);
}

static void test_init_disk_full(Fixture *f, gconstpointer data) {
  g_autofree char *parent = g_build_filename(f->tmp, "stick", NULL);
  g_autofree char *vault = g_build_filename(parent, "vault", NULL);
  g_assert_cmpint(g_mkdir(parent, 0700), ==, 0);

  g_autofree char *input = twice(PW);
  CliRunOptions options = {.input = input,
                           .no_vault = TRUE,
                           .setup = child_limit_file_size,
                           .setup_data = GSIZE_TO_POINTER(GPOINTER_TO_SIZE(data))};
  g_autoptr(CliResult) r = cli_run_full(
      f, &options, (const char *const[]){"--vault", vault, "init", "--kdf", "interactive", NULL});
  assert_failure(r, MSG_NO_SPACE);
  g_assert_true(dir_is_empty(parent));
}

/* ---- another process has the vault open ----------------------------------------------- */

static void test_busy(Fixture *f, gconstpointer data) {
  make_vault(f);
  amanat_vault *vault = NULL;
  g_assert_cmpint(amanat_vault_open(f->vault, PW, strlen(PW), AMANAT_SPACE_DEFAULT, &vault), ==,
                  AMANAT_OK);
  g_autoptr(CliResult) r = verify(f, PW);
  g_autoptr(CliResult) p = cli_run(f, PW "\n" PW2 "\n" PW2 "\n", "passwd");
  amanat_vault_lock(vault);

  assert_failure(r, MSG_BUSY);
  assert_failure(p, MSG_BUSY);
  assert_verifies(f, PW);
}

/* ---- how passwords are read --------------------------------------------------------------- */

static void test_password_lines(Fixture *f, gconstpointer data) {
  /* A trailing space is part of the password. */
  make_vault_with(f, PW " ");
  g_autoptr(CliResult) no_space = verify(f, PW);
  assert_wrong_password(no_space);
  assert_verifies(f, PW " ");

  /* So is a carriage return. */
  g_autoptr(CliResult) cr = verify(f, PW " \r");
  assert_wrong_password(cr);

  /* The last line needs no newline. */
  g_autoptr(CliResult) last = cli_run(f, PW " ", "verify");
  assert_status(last, 0);
}

static void test_password_non_ascii(Fixture *f, gconstpointer data) {
  make_vault_with(f, "пароль ключ");
  assert_verifies(f, "пароль ключ");
  g_autoptr(CliResult) r = verify(f, "пароль");
  assert_wrong_password(r);
}

static void test_password_normalised(Fixture *f, gconstpointer data) {
  make_vault_with(f, "caf\xc3\xa9 au lait, s'il vous pla\xc3\xaet");   /* U+00E9, U+00EE */
  assert_verifies(f, "cafe\xcc\x81 au lait, s'il vous plai\xcc\x82t"); /* e + U+0301, i + U+0302 */
  assert_verifies(f, "caf\xc3\xa9 au lait, s'il vous pla\xc3\xaet");
}

static void test_password_errors(Fixture *f, gconstpointer data) {
  g_autoptr(CliResult) none = cli_run(f, "", "init", "--kdf", "interactive");
  assert_failure(none, MSG_NONE_GIVEN);
  g_autoptr(CliResult) no_confirmation = cli_run(f, PW "\n", "init", "--kdf", "interactive");
  assert_failure(no_confirmation, MSG_NONE_GIVEN);
  g_autoptr(CliResult) bad = cli_run(f, "abc\xff\xfe def ghi\n", "init", "--kdf", "interactive");
  assert_failure(bad, MSG_NOT_UTF8);
  g_autoptr(CliResult) nul =
      cli_run_full(f, &(CliRunOptions){.input = "abc\0def\nabc\0def\n", .input_len = 16},
                   (const char *const[]){"init", "--kdf", "interactive", NULL});
  assert_failure(nul, MSG_NOT_UTF8);

  g_autofree char *long_pw = g_strnfill(4097, 'x');
  g_autofree char *long_input = twice(long_pw);
  g_autoptr(CliResult) too_long = cli_run(f, long_input, "init", "--kdf", "interactive");
  assert_failure(too_long, "The password is too long: it may have at most 4096 bytes.\n");
  g_assert_false(g_file_test(f->vault, G_FILE_TEST_EXISTS));

  /* 4096 bytes exactly is accepted. */
  g_autofree char *max_pw = g_strnfill(4096, 'y');
  make_vault_with(f, max_pw);
  assert_verifies(f, max_pw);
}

/* Nothing after the password line is consumed: it stays for whatever reads stdin next. */
static void test_password_leaves_rest(Fixture *f, gconstpointer data) {
  make_vault(f);
  g_autoptr(CliResult) r = cli_run_full(
      f, &(CliRunOptions){.input = PW "\nthe rest\nof the input\n", .program = "/bin/sh"},
      (const char *const[]){"-c", "\"$0\" --vault \"$1\" verify && exec cat", cli_path(), f->vault,
                            NULL});
  assert_status(r, 0);
  g_assert_cmpstr(r->out, ==, MSG_INTACT "the rest\nof the input\n");
}

/* ---- options ------------------------------------------------------------------------------- */

static void test_usage_errors(Fixture *f, gconstpointer data) {
  const char *const cases[][6] = {
      {NULL},
      {"frobnicate", NULL},
      {"--frobnicate", "info", NULL},
      {"--space", "foo", "info", NULL},
      {"--space", NULL},
      {"--vault", NULL},
      {"--vault=", "info", NULL},
      {"info", "--frobnicate", NULL},
      {"info", "extra", NULL},
      {"init", "--kdf", "bogus", NULL},
      {"init", "--kdf", NULL},
      {"verify", "extra", NULL},
      {"passwd", "--json", NULL},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autoptr(CliResult) r =
        cli_run_full(f, &(CliRunOptions){.input = PW "\n", .no_vault = TRUE}, cases[i]);
    assert_usage_error(r);
  }
  g_assert_false(g_file_test(f->vault, G_FILE_TEST_EXISTS));
}

static void test_space_decoy(Fixture *f, gconstpointer data) {
  make_vault(f);
  g_autoptr(CliResult) r = cli_run_full(f, &(CliRunOptions){.input = PW "\n"},
                                        (const char *const[]){"--space", "decoy", "verify", NULL});
  assert_status(r, 0);
  g_assert_cmpstr(r->out, ==, MSG_INTACT);
  g_autoptr(CliResult) real = cli_run_full(f, &(CliRunOptions){.input = PW "\n"},
                                           (const char *const[]){"--space=real", "verify", NULL});
  assert_status(real, 0);
}

static void test_env_vault(Fixture *f, gconstpointer data) {
  g_autofree char *setting = g_strconcat("AMANAT_VAULT=", f->vault, NULL);
  const char *const env[] = {setting, NULL};
  g_autofree char *input = twice(PW);
  g_autoptr(CliResult) init =
      cli_run_full(f, &(CliRunOptions){.input = input, .no_vault = TRUE, .env = env},
                   (const char *const[]){"init", "--kdf", "interactive", NULL});
  assert_status(init, 0);
  g_assert_true(g_file_test(f->vault, G_FILE_TEST_IS_DIR));
  assert_verifies(f, PW);

  /* --vault wins over the variable. */
  g_autoptr(CliResult) elsewhere =
      cli_run_full(f, &(CliRunOptions){.no_vault = TRUE, .env = env},
                   (const char *const[]){"--vault", f->tmp, "info", NULL});
  assert_failure(elsewhere, MSG_NOT_A_VAULT);
}

static void test_default_vault(Fixture *f, gconstpointer data) {
  g_autofree char *input = twice(PW);
  g_autoptr(CliResult) init =
      cli_run_full(f, &(CliRunOptions){.input = input, .no_vault = TRUE},
                   (const char *const[]){"init", "--kdf", "interactive", NULL});
  assert_status(init, 0);
  g_autofree char *expected = g_build_filename(f->tmp, "xdg", "amanat", "vault.hdr", NULL);
  g_assert_true(g_file_test(expected, G_FILE_TEST_IS_REGULAR));
}

static void test_version(Fixture *f, gconstpointer data) {
  g_autoptr(CliResult) r =
      cli_run_full(f, &(CliRunOptions){.no_vault = TRUE}, (const char *const[]){"--version", NULL});
  assert_status(r, 0);
  g_assert_cmpstr(r->out, ==, "amanat-cli " PACKAGE_VERSION "\n");
  g_assert_cmpstr(r->err, ==, "");
}

static void test_help(Fixture *f, gconstpointer data) {
  g_autoptr(CliResult) r =
      cli_run_full(f, &(CliRunOptions){.no_vault = TRUE}, (const char *const[]){"--help", NULL});
  assert_status(r, 0);
  g_assert_true(g_str_has_prefix(r->out, "Usage: amanat-cli"));
  const char *commands[] = {"  init ", "  info ", "  passwd ", "  verify "};
  for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
    g_assert_nonnull(strstr(r->out, commands[i]));

  g_autoptr(CliResult) init_help = cli_run(f, NULL, "init", "--help");
  assert_status(init_help, 0);
  g_assert_nonnull(strstr(init_help->out, "init [--kdf interactive|moderate|sensitive]"));
  g_assert_false(g_file_test(f->vault, G_FILE_TEST_EXISTS));
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_assert_cmpint(amanat_init(), ==, AMANAT_OK);

#define ADD(path, func)                                                                            \
  g_test_add("/cli/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD("init/creates", test_init_creates);
  ADD("init/default-moderate", test_init_default_moderate);
  ADD("init/empty-password", test_init_empty_password);
  ADD("init/mismatch", test_init_mismatch);
  ADD("init/exists", test_init_exists);
  ADD("init/read-only", test_init_read_only);
  /* File-size limits that stop the header, then a database (each is 64 KiB when new). */
  const gsize limits[] = {1024, 16 * 1024, 60 * 1024};
  for (size_t i = 0; i < G_N_ELEMENTS(limits); i++) {
    g_autofree char *path = g_strdup_printf("/cli/init/disk-full/%zu-KiB", limits[i] / 1024);
    g_test_add(path, Fixture, GSIZE_TO_POINTER(limits[i]), fixture_setup, test_init_disk_full,
               fixture_teardown);
  }
  ADD("info/human", test_info_human);
  ADD("info/json", test_info_json);
  ADD("password/wrong", test_wrong_password);
  ADD("password/weak-warns", test_weak_password_warns);
  ADD("password/lines", test_password_lines);
  ADD("password/non-ascii", test_password_non_ascii);
  ADD("password/normalised", test_password_normalised);
  ADD("password/errors", test_password_errors);
  ADD("password/leaves-rest", test_password_leaves_rest);
  ADD("passwd/changes", test_passwd);
  ADD("passwd/refused", test_passwd_refused);
  ADD("verify/intact", test_verify_intact);
  ADD("verify/header-truncated", test_header_truncated);
  ADD("verify/header-altered", test_header_altered);
  ADD("verify/newer-version", test_header_newer_version);
  ADD("verify/keyslot-flipped", test_keyslot_flipped);
  ADD("verify/database-damaged", test_database_damaged);
  ADD("verify/not-a-vault", test_not_a_vault);
  ADD("busy", test_busy);
  ADD("options/usage-errors", test_usage_errors);
  ADD("options/space-decoy", test_space_decoy);
  ADD("options/env-vault", test_env_vault);
  ADD("options/default-vault", test_default_vault);
  ADD("options/version", test_version);
  ADD("options/help", test_help);
#undef ADD

  return g_test_run();
}
