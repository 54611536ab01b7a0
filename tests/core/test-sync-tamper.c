/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sync-tamper.c: every damaged, forged or misdirected bundle is refused with a clear
 * error and leaves the vault exactly as it was; a drive that fails mid-export leaves no
 * bundle that opens; bundles split into parts are taken together. */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "bundle_file.h"
#include "bundle_records.h"
#include "identity.h"
#include "io.h"
#include "sync-net.h"
#include "test-util.h"

typedef struct {
  SyncNet *net;
  char *bundle;   /* v0 -> v1 */
  char *baseline; /* v1's dump before any bad import */
  char *scratch;  /* where damaged copies go: memory when /dev/shm is there (thousands of
                     rewrites need not wear a disk) */
} Fixture;

static void fill(SyncNet *net) {
  amanat_vault *a = net->vaults[0];
  char id[AMANAT_ID_LEN + 1];
  g_assert_cmpint(amanat_note_add(a, "note", "some text", 9, id), ==, AMANAT_OK);
  amanat_contact_field field = {"phone", "+1 555 0100", 1};
  g_assert_cmpint(amanat_contact_add(a, "Samira", &field, 1, id), ==, AMANAT_OK);
  g_assert_cmpint(amanat_note_add(a, "gone", "deleted", 7, id), ==, AMANAT_OK);
  g_assert_cmpint(amanat_doc_delete(a, id), ==, AMANAT_OK); /* a tombstone travels too */
}

static void set_up(Fixture *f, gconstpointer data) {
  f->net = sync_net_new(3);
  fill(f->net);
  f->bundle = sync_net_bundle_path(f->net);
  unsigned to = 1;
  g_assert_cmpint(sync_net_export(f->net, 0, &to, 1, 0, f->bundle), ==, AMANAT_OK);
  f->baseline = sync_net_dump(f->net, 1);
  f->scratch = access("/dev/shm", W_OK) == 0 ? g_strdup("/dev/shm/amanat-tamper-XXXXXX")
                                             : g_build_filename(f->net->root, "XXXXXX", NULL);
  g_assert_nonnull(g_mkdtemp(f->scratch));
}

static void tear_down(Fixture *f, gconstpointer data) {
  test_rmtree(f->scratch);
  g_free(f->scratch);
  sync_net_free(f->net);
  g_free(f->bundle);
  g_free(f->baseline);
}

static int import_into(Fixture *f, unsigned index, const char *path) {
  amanat_import_result result;
  return amanat_bundle_import(f->net->vaults[index], path, 0, &result);
}

static void assert_unchanged(Fixture *f) {
  char *now = sync_net_dump(f->net, 1);
  g_assert_cmpstr(now, ==, f->baseline);
  g_free(now);
  amanat_verify_report report;
  g_assert_cmpint(amanat_vault_verify(f->net->vaults[1], &report), ==, AMANAT_OK);
}

static char *copy_of(Fixture *f, const char *path, const char *name) {
  char *copy = g_build_filename(f->scratch, name, NULL);
  GBytes *bytes = test_read_file(path);
  gsize len = 0;
  const char *data = g_bytes_get_data(bytes, &len);
  g_assert_true(g_file_set_contents(copy, data, (gssize)len, NULL));
  g_bytes_unref(bytes);
  return copy;
}

/* Every byte flipped in turn, each refused. */
static void test_flip_every_byte(Fixture *f, gconstpointer data) {
  char *copy = copy_of(f, f->bundle, "flipped");
  int fd = open(copy, O_RDWR);
  g_assert_cmpint(fd, >=, 0);
  off_t size = lseek(fd, 0, SEEK_END);
  g_test_message("%lld bytes, each flipped", (long long)size);
  for (off_t at = 0; at < size; at++) {
    guint8 byte;
    g_assert_cmpint(pread(fd, &byte, 1, at), ==, 1);
    guint8 flipped = byte ^ 0x01;
    g_assert_cmpint(pwrite(fd, &flipped, 1, at), ==, 1);
    int rc = import_into(f, 1, copy);
    if (rc == AMANAT_OK)
      g_error("a bundle with byte %lld flipped was taken", (long long)at);
    /* The slot section and the key: not for us; a version byte: the version; else damaged. */
    g_assert_true(rc == AMANAT_E_BAD_BUNDLE || rc == AMANAT_E_NOT_RECIPIENT ||
                  rc == AMANAT_E_VERSION);
    g_assert_cmpint(pwrite(fd, &byte, 1, at), ==, 1);
  }
  close(fd);
  assert_unchanged(f);
  g_assert_cmpint(import_into(f, 1, copy), ==, AMANAT_OK); /* restored: taken */
  g_free(copy);
}

/* Cut at every length, each refused. */
static void test_truncate_everywhere(Fixture *f, gconstpointer data) {
  char *copy = copy_of(f, f->bundle, "cut");
  int fd = open(copy, O_RDWR);
  off_t size = lseek(fd, 0, SEEK_END);
  for (off_t len = size - 1; len >= 0; len--) {
    g_assert_cmpint(ftruncate(fd, len), ==, 0);
    int rc = import_into(f, 1, copy);
    g_assert_true(rc == AMANAT_E_BAD_BUNDLE || (len < 2 && rc == AMANAT_E_BAD_BUNDLE));
  }
  close(fd);
  assert_unchanged(f);
  g_free(copy);
}

static void append(const char *path, gsize len) {
  guint8 *junk = g_malloc(len);
  for (gsize i = 0; i < len; i++)
    junk[i] = (guint8)g_random_int();
  int fd = open(path, O_WRONLY | O_APPEND);
  g_assert_cmpint(write(fd, junk, len), ==, (gssize)len);
  close(fd);
  g_free(junk);
}

static void test_appended_garbage(Fixture *f, gconstpointer data) {
  char *one = copy_of(f, f->bundle, "plus-one");
  append(one, 1);
  g_assert_cmpint(import_into(f, 1, one), ==, AMANAT_E_BAD_BUNDLE);
  char *chunk = copy_of(f, f->bundle, "plus-chunk");
  append(chunk, BUNDLE_SEALED_LEN); /* the size stays a whole number of chunks */
  g_assert_cmpint(import_into(f, 1, chunk), ==, AMANAT_E_BAD_BUNDLE);
  assert_unchanged(f);
  g_free(one);
  g_free(chunk);
}

/* The first chunk of another bundle to the same vault, put in place of this one's. */
static void test_swapped_chunk(Fixture *f, gconstpointer data) {
  char *other = sync_net_bundle_path(f->net);
  unsigned to = 1;
  g_assert_cmpint(sync_net_export(f->net, 0, &to, 1, 1, other), ==, AMANAT_OK);
  GBytes *theirs = test_read_file(other);
  char *copy = copy_of(f, f->bundle, "swapped");
  int fd = open(copy, O_RDWR);
  const guint8 *chunk = (const guint8 *)g_bytes_get_data(theirs, NULL) + BUNDLE_HEADER_LEN;
  g_assert_cmpint(pwrite(fd, chunk, BUNDLE_SEALED_LEN, BUNDLE_HEADER_LEN), ==, BUNDLE_SEALED_LEN);
  /* And the whole header too: then the chunks after the first are the stranger. */
  close(fd);
  g_assert_cmpint(import_into(f, 1, copy), ==, AMANAT_E_BAD_BUNDLE);
  char *headed = copy_of(f, f->bundle, "swapped-header");
  fd = open(headed, O_RDWR);
  g_assert_cmpint(pwrite(fd, g_bytes_get_data(theirs, NULL), BUNDLE_HEADER_LEN, 0), ==,
                  BUNDLE_HEADER_LEN);
  close(fd);
  g_assert_cmpint(import_into(f, 1, headed), ==, AMANAT_E_BAD_BUNDLE);
  assert_unchanged(f);
  g_bytes_unref(theirs);
  g_free(other);
  g_free(copy);
  g_free(headed);
}

/* A vault that is nobody's peer sends a bundle: refused, its safety code shown. */
static void test_unknown_sender(Fixture *f, gconstpointer data) {
  char *dir = g_build_filename(f->net->root, "stranger", NULL);
  test_make_vault(dir);
  amanat_vault *stranger = NULL;
  g_assert_cmpint(
      amanat_vault_open(dir, TEST_PASSWORD, strlen(TEST_PASSWORD), AMANAT_SPACE_DEFAULT, &stranger),
      ==, AMANAT_OK);
  char *card = g_build_filename(f->net->root, "v1-card", NULL);
  g_assert_cmpint(amanat_identity_export(f->net->vaults[1], card), ==, AMANAT_OK);
  char code[AMANAT_SAFETY_CODE_LEN + 1];
  g_assert_cmpint(amanat_peer_add(stranger, card, "v1", code), ==, AMANAT_OK);
  g_assert_cmpint(amanat_peer_verify(stranger, "v1"), ==, AMANAT_OK);
  char id[AMANAT_ID_LEN + 1];
  g_assert_cmpint(amanat_note_add(stranger, "spam", "x", 1, id), ==, AMANAT_OK);
  char *path = sync_net_bundle_path(f->net);
  amanat_export_options options = {.to = (const char *[]){"v1"}, .to_count = 1};
  amanat_export_result result;
  g_assert_cmpint(amanat_bundle_export(stranger, path, &options, &result), ==, AMANAT_OK);
  amanat_import_result imported;
  g_assert_cmpint(amanat_bundle_import(f->net->vaults[1], path, 1, &imported), ==,
                  AMANAT_E_UNKNOWN_SENDER);
  amanat_identity_info info;
  g_assert_cmpint(amanat_identity_show(stranger, &info), ==, AMANAT_OK);
  g_assert_cmpstr(imported.safety_code, ==, info.safety_code);
  assert_unchanged(f);
  amanat_vault_lock(stranger);
  g_free(dir);
  g_free(card);
  g_free(path);
}

/* Records claiming to come from v0, signed with another key: refused. */
static void test_forged_signature(Fixture *f, gconstpointer data) {
  identity_public sender, recipient;
  uint8_t *forger_sk = sodium_malloc(64), forger_pk[32];
  crypto_sign_keypair(forger_pk, forger_sk);
  g_assert_cmpint(identity_load(f->net->vaults[0], &sender, NULL, NULL), ==, AMANAT_OK);
  g_assert_cmpint(identity_load(f->net->vaults[1], &recipient, NULL, NULL), ==, AMANAT_OK);
  char *path = sync_net_bundle_path(f->net);
  bundle_writer *w = NULL;
  const uint8_t(*to)[32] = (const uint8_t(*)[32])recipient.x25519;
  g_assert_cmpint(bundle_writer_open(&w, path, to, 1, forger_sk, 0), ==, AMANAT_OK);
  record_buf buf = {0};
  bundle_sender s = {.number = 99};
  memcpy(s.x25519, sender.x25519, 32);
  memcpy(s.ed25519, sender.ed25519, 32);
  record_put_sender(&buf, &s);
  record_put_end(&buf);
  g_assert_cmpint(bundle_writer_write(w, buf.data, buf.len), ==, AMANAT_OK);
  g_assert_cmpint(bundle_writer_finish(w), ==, AMANAT_OK);
  bundle_writer_keep(w);
  bundle_writer_free(w);
  record_buf_free(&buf);
  g_assert_cmpint(import_into(f, 1, path), ==, AMANAT_E_BAD_BUNDLE);
  assert_unchanged(f);
  sodium_free(forger_sk);
  g_free(path);
}

/* A bundle made for v2 is no use to v1. */
static void test_wrong_recipient(Fixture *f, gconstpointer data) {
  char *path = sync_net_bundle_path(f->net);
  unsigned to = 2;
  g_assert_cmpint(sync_net_export(f->net, 0, &to, 1, 0, path), ==, AMANAT_OK);
  g_assert_cmpint(import_into(f, 1, path), ==, AMANAT_E_NOT_RECIPIENT);
  assert_unchanged(f);
  g_free(path);
}

static guint count_files(const char *dir) {
  GDir *d = g_dir_open(dir, 0, NULL);
  guint n = 0;
  while (g_dir_read_name(d) != NULL)
    n++;
  g_dir_close(d);
  return n;
}

/* The k-th write, sync, rename or allocation fails (a pulled stick, a full one): the
 * export says so, nothing is left on the drive, and the next export still sends all. */
static void test_pulled_stick(Fixture *f, gconstpointer data) {
  char *stick = g_build_filename(f->net->root, "stick", NULL);
  g_assert_cmpint(g_mkdir(stick, 0700), ==, 0);
  char *path = g_build_filename(stick, "bundle", NULL);
  amanat_export_options options = {.to = (const char *[]){"v2"}, .to_count = 1, .full = 1};
  amanat_export_result result;
  const int errors[] = {EIO, ENOSPC};
  unsigned failures = 0;
  for (guint e = 0; e < G_N_ELEMENTS(errors); e++) {
    for (unsigned k = 1;; k++) {
      amanat_fault_arm(k, errors[e]);
      int rc = amanat_bundle_export(f->net->vaults[0], path, &options, &result);
      unsigned calls = amanat_fault_arm(0, 0);
      if (rc == AMANAT_OK) {
        /* Only a failure past the point of no return (a checkpoint after the commit that
         * recorded what was sent) lets it succeed: then the bundle is whole. */
        g_assert_cmpint(import_into(f, 2, path), ==, AMANAT_OK);
        g_assert_cmpint(g_unlink(path), ==, 0);
        if (k > calls)
          break;
        continue;
      }
      g_assert_cmpuint(count_files(stick), ==, 0); /* no bundle, no temporary file */
      failures++;
    }
  }
  /* A failed incremental export does not count as sent: the next one carries it all. */
  char id[AMANAT_ID_LEN + 1];
  g_assert_cmpint(amanat_note_add(f->net->vaults[0], "late", "late text", 9, id), ==, AMANAT_OK);
  options.full = 0;
  amanat_fault_arm(3, EIO);
  g_assert_cmpint(amanat_bundle_export(f->net->vaults[0], path, &options, &result), !=, AMANAT_OK);
  amanat_fault_arm(0, 0);
  g_assert_cmpint(amanat_bundle_export(f->net->vaults[0], path, &options, &result), ==, AMANAT_OK);
  g_assert_cmpuint(result.sent.documents, >=, 1);
  g_test_message("%u failing exports, each cleaned up", failures);
  g_assert_cmpuint(failures, >, 10);
  g_free(stick);
  g_free(path);
}

/* Parts: written when the file system's limit is smaller than the bundle. */
static void test_parts(Fixture *f, gconstpointer data) {
  char *file = g_build_filename(f->net->root, "big", NULL);
  guint8 *bytes = g_malloc(300000);
  for (guint i = 0; i < 300000; i++)
    bytes[i] = (guint8)g_random_int();
  g_assert_true(g_file_set_contents(file, (const char *)bytes, 300000, NULL));
  char id[AMANAT_ID_LEN + 1];
  g_assert_cmpint(amanat_doc_import_path(f->net->vaults[0], file, NULL, id), ==, AMANAT_OK);
  char *path = sync_net_bundle_path(f->net);
  amanat_export_options options = {
      .to = (const char *[]){"v1"}, .to_count = 1, .part_size = 100000};
  amanat_export_result result;
  g_assert_cmpint(amanat_bundle_export(f->net->vaults[0], path, &options, &result), ==, AMANAT_OK);
  g_assert_cmpuint(result.parts, >=, 4);
  g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
  char *last = g_strdup_printf("%s.%03u", path, result.parts);
  char *hidden = g_strdup_printf("%s.hidden", last);
  /* The last part missing: refused. */
  g_assert_cmpint(g_rename(last, hidden), ==, 0);
  g_assert_cmpint(import_into(f, 1, path), ==, AMANAT_E_BAD_BUNDLE);
  assert_unchanged(f);
  g_assert_cmpint(g_rename(hidden, last), ==, 0);
  /* Named by its first part, or by the name without a number. */
  char *first = g_strdup_printf("%s.001", path);
  g_assert_cmpint(import_into(f, 1, first), ==, AMANAT_OK);
  g_assert_cmpint(import_into(f, 1, path), ==, AMANAT_OK);
  g_assert_cmpint(import_into(f, 1, f->bundle), ==, AMANAT_OK); /* the earlier items */
  char *a = sync_net_dump(f->net, 0), *b = sync_net_dump(f->net, 1);
  g_assert_cmpstr(a, ==, b);
  g_free(a);
  g_free(b);
  g_free(first);
  g_free(last);
  g_free(hidden);
  g_free(path);
  g_free(file);
  g_free(bytes);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_assert_cmpint(amanat_init(), ==, AMANAT_OK);
#define ADD(name, fn) g_test_add("/sync-tamper/" name, Fixture, NULL, set_up, fn, tear_down)
  ADD("flip-every-byte", test_flip_every_byte);
  ADD("truncate-everywhere", test_truncate_everywhere);
  ADD("appended-garbage", test_appended_garbage);
  ADD("swapped-chunk", test_swapped_chunk);
  ADD("unknown-sender", test_unknown_sender);
  ADD("forged-signature", test_forged_signature);
  ADD("wrong-recipient", test_wrong_recipient);
  ADD("pulled-stick", test_pulled_stick);
  ADD("parts", test_parts);
  return g_test_run();
}
