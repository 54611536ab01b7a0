/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-sync.c: bundles. (1) A full export and import of 1 GiB (64 MiB with
 * AMANAT_BENCH_QUICK) next to age encrypting and decrypting the same files, in one run.
 * (2) An incremental export of 10 changed items from a vault of 10 000 documents: time
 * and bundle size against the size of what changed. Prints tables; never fails on time. */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "amanat.h"

#define PASSWORD "bench password"
#define MIB      (1024.0 * 1024.0)

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void check(int rc, const char *what) {
  if (rc != AMANAT_OK) {
    fprintf(stderr, "bench-sync: %s: %s\n", what, amanat_err_name(rc));
    exit(1);
  }
}

static double timed_shell(const char *command) {
  double start = now();
  if (system(command) != 0) {
    fprintf(stderr, "bench-sync: failed: %s\n", command);
    exit(1);
  }
  return now() - start;
}

static amanat_vault *make_vault(const char *dir) {
  check(amanat_vault_create(dir, PASSWORD, strlen(PASSWORD),
                            amanat_kdf_cost_for(AMANAT_KDF_INTERACTIVE)),
        "create");
  amanat_vault *v = NULL;
  check(amanat_vault_open(dir, PASSWORD, strlen(PASSWORD), AMANAT_SPACE_DEFAULT, &v), "open");
  return v;
}

/* a and b, each other's verified peers "a" and "b". */
static void pair(const char *root, amanat_vault *a, amanat_vault *b) {
  char *card_a = g_build_filename(root, "a.card", NULL),
       *card_b = g_build_filename(root, "b.card", NULL);
  char code[AMANAT_SAFETY_CODE_LEN + 1];
  check(amanat_identity_export(a, card_a), "card");
  check(amanat_identity_export(b, card_b), "card");
  check(amanat_peer_add(a, card_b, "b", code), "peer");
  check(amanat_peer_add(b, card_a, "a", code), "peer");
  check(amanat_peer_verify(a, "b"), "verify");
  check(amanat_peer_verify(b, "a"), "verify");
  g_unlink(card_a);
  g_unlink(card_b);
  g_free(card_a);
  g_free(card_b);
}

static goffset file_size(const char *path) {
  GStatBuf st;
  return g_stat(path, &st) == 0 ? st.st_size : 0;
}

/* Half text-like, half random files of 64 MiB (4 MiB when quick). */
static guint64 make_data(const char *dir, gboolean quick) {
  g_mkdir(dir, 0700);
  gsize file = quick ? 4u << 20 : 64u << 20;
  guint files = 16;
  GRand *rand = g_rand_new_with_seed(42);
  guint8 *buf = g_malloc(file);
  static const char *const words[] = {"report ", "source ", "ministry ", "2026 ", "witness "};
  for (guint i = 0; i < files; i++) {
    if (i % 2 == 0) {
      for (gsize at = 0; at < file;) {
        const char *w = words[g_rand_int_range(rand, 0, 5)];
        gsize n = MIN(strlen(w), file - at);
        memcpy(buf + at, w, n);
        at += n;
      }
    } else {
      for (gsize at = 0; at < file; at += 4) {
        guint32 r = g_rand_int(rand);
        memcpy(buf + at, &r, MIN(4, file - at));
      }
    }
    char *path = g_strdup_printf("%s/file-%02u", dir, i);
    g_file_set_contents(path, (const char *)buf, (gssize)file, NULL);
    g_free(path);
  }
  g_free(buf);
  g_rand_free(rand);
  return (guint64)file * files;
}

static void full_sync(const char *root, gboolean quick) {
  char *data = g_build_filename(root, "data", NULL);
  guint64 total = make_data(data, quick);
  char *a_dir = g_build_filename(root, "a", NULL), *b_dir = g_build_filename(root, "b", NULL);
  amanat_vault *a = make_vault(a_dir), *b = make_vault(b_dir);
  pair(root, a, b);
  check(amanat_vault_batch_begin(a), "batch");
  GDir *d = g_dir_open(data, 0, NULL);
  const char *name;
  while ((name = g_dir_read_name(d)) != NULL) {
    char *path = g_build_filename(data, name, NULL), id[AMANAT_ID_LEN + 1];
    check(amanat_doc_import_path(a, path, NULL, id), "import");
    g_free(path);
  }
  g_dir_close(d);
  check(amanat_vault_batch_commit(a), "commit");

  char *bundle = g_build_filename(root, "bundle", NULL);
  amanat_export_options options = {.to = (const char *[]){"b"}, .to_count = 1, .full = 1};
  amanat_export_result result;
  sync();
  double t0 = now();
  check(amanat_bundle_export(a, bundle, &options, &result), "export");
  double export_s = now() - t0;
  amanat_import_result imported;
  t0 = now();
  check(amanat_bundle_import(b, bundle, 0, &imported), "import bundle");
  sync();
  double import_s = now() - t0;

  char *key = g_build_filename(root, "age.key", NULL);
  char *cmd = g_strdup_printf("age-keygen -o '%s' 2>/dev/null", key);
  timed_shell(cmd);
  g_free(cmd);
  char *recipient = NULL;
  cmd = g_strdup_printf("age-keygen -y '%s'", key);
  g_spawn_command_line_sync(cmd, &recipient, NULL, NULL, NULL);
  g_strstrip(recipient);
  g_free(cmd);
  /* age gets the same files as one stream (tar), synced like the bundle. */
  cmd = g_strdup_printf("tar -C '%s' -cf - . | age -r %s -o '%s/data.age' && sync", data, recipient,
                        root);
  double age_enc = timed_shell(cmd);
  g_free(cmd);
  cmd = g_strdup_printf("mkdir -p '%s/out' && age -d -i '%s' '%s/data.age' | tar -C '%s/out' "
                        "-xf - && sync",
                        root, key, root, root);
  double age_dec = timed_shell(cmd);
  g_free(cmd);
  char *age_file = g_strdup_printf("%s/data.age", root);
  double mib = (double)total / MIB;
  printf("\nFull sync of %.0f MiB (16 files, half text, half random), one run:\n", mib);
  printf("%-34s %10s %10s %14s\n", "", "seconds", "MiB/s", "output bytes");
  printf("%-34s %10.2f %10.1f %14llu\n", "amanat export --full (+ re-read)", export_s,
         mib / export_s, (unsigned long long)result.bytes);
  printf("%-34s %10.2f %10.1f %14lld\n", "age -r (tar | age), sync", age_enc, mib / age_enc,
         (long long)file_size(age_file));
  printf("%-34s %10.2f %10.1f %14s\n", "amanat import (checked, applied)", import_s, mib / import_s,
         "-");
  printf("%-34s %10.2f %10.1f %14s\n", "age -d | tar -x, sync", age_dec, mib / age_dec, "-");
  printf("export vs age -r: %.2fx the speed; import vs age -d: %.2fx\n", age_enc / export_s,
         age_dec / import_s);
  amanat_vault_lock(a);
  amanat_vault_lock(b);
  g_free(age_file);
  g_free(recipient);
  g_free(key);
  g_free(bundle);
  g_free(a_dir);
  g_free(b_dir);
  g_free(data);
}

static void incremental(const char *root, guint docs) {
  char *a_dir = g_build_filename(root, "ia", NULL), *b_dir = g_build_filename(root, "ib", NULL);
  amanat_vault *a = make_vault(a_dir), *b = make_vault(b_dir);
  pair(root, a, b);
  GPtrArray *ids = g_ptr_array_new_with_free_func(g_free);
  GString *text = g_string_new(NULL);
  double t0 = now();
  check(amanat_vault_batch_begin(a), "batch");
  for (guint i = 0; i < docs; i++) {
    g_string_printf(text, "Document %u: ", i);
    while (text->len < 2000)
      g_string_append(text, "notes from the field, names withheld. ");
    char id[AMANAT_ID_LEN + 1];
    char *title = g_strdup_printf("doc %u", i);
    check(amanat_note_add(a, title, text->str, text->len, id), "note");
    g_ptr_array_add(ids, g_strdup(id));
    g_free(title);
  }
  check(amanat_vault_batch_commit(a), "commit");
  double fill = now() - t0;
  char *first = g_build_filename(root, "first", NULL);
  amanat_export_options options = {.to = (const char *[]){"b"}, .to_count = 1};
  amanat_export_result result;
  t0 = now();
  check(amanat_bundle_export(a, first, &options, &result), "first export");
  double first_s = now() - t0;
  amanat_import_result imported;
  check(amanat_bundle_import(b, first, 0, &imported), "first import");
  /* Ten changes: five notes get new text, five documents new titles. */
  guint64 changed = 0;
  for (guint i = 0; i < 5; i++) {
    g_string_printf(text, "Rewritten %u: ", i);
    while (text->len < 4000)
      g_string_append(text, "a new account of the meeting. ");
    check(amanat_note_set_text(a, g_ptr_array_index(ids, i * 97), text->str, text->len), "edit");
    changed += text->len;
    check(amanat_doc_set_title(a, g_ptr_array_index(ids, i * 89 + 7), "renamed after review"),
          "title");
    changed += strlen("renamed after review") + 2000; /* the note's text travels with it */
  }
  char *second = g_build_filename(root, "second", NULL);
  t0 = now();
  check(amanat_bundle_export(a, second, &options, &result), "incremental export");
  double inc_s = now() - t0;
  t0 = now();
  check(amanat_bundle_import(b, second, 0, &imported), "incremental import");
  double inc_import = now() - t0;
  printf("\nIncremental export, %u-document vault (filled in %.1f s):\n", docs, fill);
  printf("%-40s %10s %14s\n", "", "seconds", "bundle bytes");
  printf("%-40s %10.3f %14lld\n", "first export (everything)", first_s,
         (long long)file_size(first));
  printf("%-40s %10.3f %14lld\n", "10 changed items (goal <= 1 s)", inc_s,
         (long long)file_size(second));
  printf("%-40s %10.3f %14s\n", "import of those 10", inc_import, "-");
  printf("changed data %llu bytes; bundle / changed = %.2f (goal <= 2)\n",
         (unsigned long long)changed, (double)file_size(second) / (double)changed);
  amanat_vault_lock(a);
  amanat_vault_lock(b);
  g_ptr_array_free(ids, TRUE);
  g_string_free(text, TRUE);
  g_free(first);
  g_free(second);
  g_free(a_dir);
  g_free(b_dir);
}

int main(void) {
  check(amanat_init(), "init");
  gboolean quick = g_getenv("AMANAT_BENCH_QUICK") != NULL;
  const char *base = g_getenv("AMANAT_BENCH_DIR");
  char *root =
      g_build_filename(base != NULL ? base : g_get_tmp_dir(), "amanat-bench-sync-XXXXXX", NULL);
  g_assert_nonnull(g_mkdtemp(root));
  full_sync(root, quick);
  incremental(root, quick ? 1000 : 10000);
  char *cmd = g_strdup_printf("rm -rf '%s'", root);
  timed_shell(cmd);
  g_free(cmd);
  g_free(root);
  return 0;
}
