/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-docs.c: document throughput and scale, side by side with age, zstd | age and a
 * plain copy on the same files in the same run (every contender ends with sync), peak
 * memory importing 4 GiB, and list/search at 100 000 documents and 10 000 contacts.
 * Prints tables; never passes or fails on timing. AMANAT_BENCH_QUICK=1 shrinks it. */
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "amanat.h"
#include "bench-util.h"
#include "bench-vault.h"

#define PASSWORD "bench password"
#define MIB      (1024.0 * 1024.0)

static void check(int rc, const char *what) {
  if (rc != AMANAT_OK) {
    fprintf(stderr, "bench-docs: %s: %s\n", what, amanat_err_name(rc));
    exit(1);
  }
}

static void run_shell(const char *command) {
  int status = system(command);
  if (status != 0) {
    fprintf(stderr, "bench-docs: failed: %s\n", command);
    exit(1);
  }
}

static void shellf(const char *format, ...) G_GNUC_PRINTF(1, 2);
static void shellf(const char *format, ...) {
  va_list args;
  va_start(args, format);
  char *command = g_strdup_vprintf(format, args);
  va_end(args);
  run_shell(command);
  g_free(command);
}

/* Cold caches where we may (root); otherwise the table says "warm". */
static gboolean drop_caches(void) {
  sync();
  FILE *f = fopen("/proc/sys/vm/drop_caches", "w");
  if (f == NULL)
    return FALSE;
  gboolean ok = fputs("3\n", f) >= 0;
  return fclose(f) == 0 && ok;
}

/* Text- and PDF-like data: words with some binary runs, compresses about 3:1 with zstd. */
static void fill_compressible(guint8 *buf, gsize len, GRand *rand) {
  static const char *words[] = {"the",      "report",  "source", "meeting", "border",
                                "evidence", "witness", "office", "stream",  "obj",
                                "endobj",   "/Length", "<<",     ">>",      "2024"};
  gsize i = 0;
  while (i < len) {
    if (g_rand_int_range(rand, 0, 40) == 0) {
      for (int k = 0; k < 48 && i < len; k++)
        buf[i++] = (guint8)g_rand_int(rand);
    } else {
      const char *w = words[g_rand_int_range(rand, 0, G_N_ELEMENTS(words))];
      for (const char *p = w; *p && i < len; p++)
        buf[i++] = (guint8)*p;
      if (i < len)
        buf[i++] = g_rand_int_range(rand, 0, 12) == 0 ? '\n' : ' ';
    }
  }
}

static void make_set(const char *dir, int files, gsize size, gboolean compressible, guint32 seed) {
  g_mkdir_with_parents(dir, 0700);
  GRand *rand = g_rand_new_with_seed(seed);
  guint8 *buf = g_malloc(size);
  for (int i = 0; i < files; i++) {
    if (compressible)
      fill_compressible(buf, size, rand);
    else
      for (gsize k = 0; k < size; k += 4) {
        guint32 r = g_rand_int(rand);
        memcpy(buf + k, &r, sizeof r);
      }
    char *path = g_strdup_printf("%s/%03d.%s", dir, i, compressible ? "pdf" : "jpg");
    g_file_set_contents(path, (const char *)buf, (gssize)size, NULL);
    g_free(path);
  }
  g_free(buf);
  g_rand_free(rand);
}

typedef struct {
  double seconds[2]; /* [0] text half, [1] random half */
} Timing;

static double timed_shell(const char *command) {
  double start = bench_now();
  run_shell(command);
  return bench_now() - start;
}

static int compare_paths(gconstpointer a, gconstpointer b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static char **list_files(const char *dir) {
  GPtrArray *paths = g_ptr_array_new();
  GDir *d = g_dir_open(dir, 0, NULL);
  const char *name;
  while ((name = g_dir_read_name(d)) != NULL)
    g_ptr_array_add(paths, g_build_filename(dir, name, NULL));
  g_dir_close(d);
  g_ptr_array_sort(paths, compare_paths);
  g_ptr_array_add(paths, NULL);
  return (char **)g_ptr_array_free(paths, FALSE);
}

/* Imports a folder's files in one batch, then syncs: what `amanat-cli add` of a folder does,
 * less the KDF. Returns seconds; fills `ids`. */
static double amanat_import_set(amanat_vault *vault, const char *dir, GPtrArray *ids) {
  char **files = list_files(dir);
  double start = bench_now();
  check(amanat_vault_batch_begin(vault), "batch");
  for (char **f = files; *f != NULL; f++) {
    char id[AMANAT_ID_LEN + 1];
    check(amanat_doc_import_path(vault, *f, NULL, id), "import");
    g_ptr_array_add(ids, g_strdup(id));
  }
  check(amanat_vault_batch_commit(vault), "commit");
  sync();
  double seconds = bench_now() - start;
  g_strfreev(files);
  return seconds;
}

static double amanat_export_set(amanat_vault *vault, GPtrArray *ids, const char *out_dir) {
  g_mkdir_with_parents(out_dir, 0700);
  double start = bench_now();
  for (guint i = 0; i < ids->len; i++) {
    char *path = g_strdup_printf("%s/%u.out", out_dir, i);
    check(amanat_doc_export_path(vault, ids->pdata[i], path, NULL, NULL), "export");
    g_free(path);
  }
  sync();
  return bench_now() - start;
}

static void print_row(const char *name, Timing t, double text_mib, double random_mib,
                      const char *note) {
  double total = t.seconds[0] + t.seconds[1];
  printf("| %-22s | %8.2f | %9.0f | %9.0f | %9.0f | %s\n", name, total,
         (text_mib + random_mib) / total, text_mib / t.seconds[0], random_mib / t.seconds[1], note);
}

static void bench_throughput(const char *root, gboolean quick) {
  int files = quick ? 4 : 16;
  gsize size = 32u << 20;
  double half_mib = files * (double)size / MIB;
  char *sets[2] = {g_build_filename(root, "text", NULL), g_build_filename(root, "random", NULL)};
  make_set(sets[0], files, size, TRUE, 1);
  make_set(sets[1], files, size, FALSE, 2);
  char *key = g_build_filename(root, "age.key", NULL);
  shellf("age-keygen -o '%s' 2>/dev/null", key);
  char *recipient = NULL;
  char *cmd = g_strdup_printf("age-keygen -y '%s'", key);
  g_spawn_command_line_sync(cmd, &recipient, NULL, NULL, NULL);
  g_strstrip(recipient);
  g_free(cmd);
  gboolean cold = drop_caches();

  Timing copy = {0}, age_enc = {0}, zstd_age = {0}, amanat = {0}, age_dec = {0}, amanat_get = {0};
  char *vault_dir = g_build_filename(root, "vault", NULL);
  check(amanat_vault_create(vault_dir, PASSWORD, strlen(PASSWORD),
                            amanat_kdf_cost_for(AMANAT_KDF_INTERACTIVE)),
        "create");
  amanat_vault *vault = NULL;
  check(amanat_vault_open(vault_dir, PASSWORD, strlen(PASSWORD), AMANAT_SPACE_DEFAULT, &vault),
        "open");
  GPtrArray *ids[2] = {g_ptr_array_new_with_free_func(g_free),
                       g_ptr_array_new_with_free_func(g_free)};

  for (int half = 0; half < 2; half++) {
    const char *src = sets[half];
    char *out = g_strdup_printf("%s/out-%d", root, half);
#define CONTENDER(timing, body)                                                                    \
  do {                                                                                             \
    shellf("rm -rf '%s' && mkdir -p '%s'", out, out);                                              \
    drop_caches();                                                                                 \
    timing.seconds[half] = timed_shell(body);                                                      \
  } while (0)
    char *c1 = g_strdup_printf("for f in '%s'/*; do cat \"$f\" > '%s'/$(basename \"$f\"); done;"
                               " sync",
                               src, out);
    CONTENDER(copy, c1);
    char *c2 = g_strdup_printf("for f in '%s'/*; do age -r %s -o '%s'/$(basename \"$f\").age"
                               " \"$f\"; done; sync",
                               src, recipient, out);
    CONTENDER(age_enc, c2);
    char *c3 = g_strdup_printf("for f in '%s'/*; do age -d -i '%s' -o \"$f.dec\" \"$f\"; done;"
                               " sync",
                               out, key);
    drop_caches();
    age_dec.seconds[half] = timed_shell(c3);
    char *c4 = g_strdup_printf("for f in '%s'/*; do zstd -3 -q -c \"$f\" | age -r %s -o '%s'/"
                               "$(basename \"$f\").zst.age; done; sync",
                               src, recipient, out);
    CONTENDER(zstd_age, c4);
    drop_caches();
    amanat.seconds[half] = amanat_import_set(vault, src, ids[half]);
    shellf("rm -rf '%s'", out);
    drop_caches();
    amanat_get.seconds[half] = amanat_export_set(vault, ids[half], out);
    shellf("rm -rf '%s'", out);
    g_free(c1);
    g_free(c2);
    g_free(c3);
    g_free(c4);
    g_free(out);
#undef CONTENDER
  }
  amanat_vault_lock(vault);

  printf("\nImport %.0f MiB (%.0f MiB text/PDF-like, %.0f MiB random like photos), %s caches,"
         " each ending with sync\n\n",
         2 * half_mib, half_mib, half_mib, cold ? "cold" : "warm");
  printf("| contender              | seconds  | MiB/s all | MiB/s text| MiB/s rand| note\n");
  printf("|------------------------|----------|-----------|-----------|-----------|\n");
  print_row("plain copy (cat)", copy, half_mib, half_mib, "the disk's own write speed");
  print_row("age -r", age_enc, half_mib, half_mib, "");
  print_row("zstd -3 | age -r", zstd_age, half_mib, half_mib, "");
  print_row("amanat import", amanat, half_mib, half_mib, "one batch, in process, KDF excluded");
  double amanat_total = amanat.seconds[0] + amanat.seconds[1];
  printf("\namanat vs zstd -3 | age: %.2fx the speed (goal >= 1.5x); random half vs plain copy:"
         " %.2fx (goal >= 0.8x)\n",
         (zstd_age.seconds[0] + zstd_age.seconds[1]) / amanat_total,
         copy.seconds[1] / amanat.seconds[1]);

  printf("\nRead back the same, each ending with sync\n\n");
  printf("| contender              | seconds  | MiB/s all | MiB/s text| MiB/s rand| note\n");
  printf("|------------------------|----------|-----------|-----------|-----------|\n");
  print_row("age -d", age_dec, half_mib, half_mib, "");
  print_row("amanat get -o", amanat_get, half_mib, half_mib, "verified, renamed into place");

  char *packs = g_build_filename(vault_dir, "packs", NULL);
  char *du = g_strdup_printf("sh -c \"du -sm '%s' | cut -f1\"", packs);
  char *size_text = NULL;
  g_spawn_command_line_sync(du, &size_text, NULL, NULL, NULL);
  printf("\nStored: %s MiB of packs for %.0f MiB imported\n", g_strstrip(size_text), 2 * half_mib);
  g_free(size_text);
  g_free(du);
  g_free(packs);
  g_ptr_array_unref(ids[0]);
  g_ptr_array_unref(ids[1]);
  g_free(vault_dir);
  g_free(recipient);
  g_free(key);
  g_free(sets[0]);
  g_free(sets[1]);
}

/* Peak memory of a child that imports `size` bytes of random data from a pipe, after
 * its KDF (the peak is reset once the vault is open). */
static void bench_memory(const char *root, guint64 size) {
  char *vault_dir = g_build_filename(root, "vault-mem", NULL);
  check(amanat_vault_create(vault_dir, PASSWORD, strlen(PASSWORD),
                            amanat_kdf_cost_for(AMANAT_KDF_INTERACTIVE)),
        "create");
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0)
    exit(1);
  fflush(stdout); /* the child must not print the parent's buffered tables again */
  pid_t child = fork();
  if (child == 0) {
    close(pipe_fds[1]);
    amanat_vault *vault = NULL;
    check(amanat_vault_open(vault_dir, PASSWORD, strlen(PASSWORD), AMANAT_SPACE_DEFAULT, &vault),
          "open");
    FILE *clear = fopen("/proc/self/clear_refs", "w"); /* resets VmHWM: the KDF is done */
    if (clear != NULL) {
      fputs("5", clear);
      fclose(clear);
    }
    char id[AMANAT_ID_LEN + 1];
    check(amanat_doc_import_fd(vault, pipe_fds[0], NULL, NULL, id), "import");
    char *status = NULL;
    g_file_get_contents("/proc/self/status", &status, NULL, NULL);
    const char *hwm = status != NULL ? strstr(status, "VmHWM:") : NULL;
    long kib = hwm != NULL ? strtol(hwm + 6, NULL, 10) : -1;
    amanat_vault_lock(vault);
    printf("\nPeak memory importing %.1f GiB of random data from a pipe (after the KDF):"
           " %.1f MiB (goal <= 64 MiB)\n",
           (double)size / (1 << 30), kib / 1024.0);
    fflush(stdout);
    _exit(0);
  }
  close(pipe_fds[0]);
  GRand *rand = g_rand_new_with_seed(9);
  guint32 block[16384];
  double start = bench_now();
  for (guint64 sent = 0; sent < size; sent += sizeof block) {
    for (size_t i = 0; i < G_N_ELEMENTS(block); i++)
      block[i] = g_rand_int(rand);
    if (write(pipe_fds[1], block, sizeof block) != (ssize_t)sizeof block)
      exit(1);
  }
  close(pipe_fds[1]);
  int status = 0;
  struct rusage usage;
  wait4(child, &status, 0, &usage);
  printf("(whole child, KDF included: max RSS %.1f MiB; %.1f s)\n", usage.ru_maxrss / 1024.0,
         bench_now() - start);
  g_rand_free(rand);
  g_free(vault_dir);
}

static int count_visit(const amanat_doc_info *doc, void *user_data) {
  (*(int *)user_data)++;
  return 0;
}

static int count_hit(const amanat_search_hit *hit, void *user_data) {
  (*(int *)user_data)++;
  return 0;
}

/* 100 000 documents (small text files, so the search index carries their words) and
 * 10 000 contacts, imported in batches; then unlock, list and search are timed. */
static void bench_scale(const char *root, int documents, int contacts) {
  char *vault_dir = g_build_filename(root, "vault-scale", NULL);
  char *src = g_build_filename(root, "small.txt", NULL);
  double import_seconds = 0, contact_seconds = 0;
  bench_vault_fill(vault_dir, PASSWORD, src, documents, contacts, &import_seconds,
                   &contact_seconds);
  amanat_vault *vault = NULL;

  enum { RUNS = 15, QUERIES = 60 };
  double ready[RUNS], list[RUNS], search[QUERIES];
  int hits_total = 0;
  for (int r = 0; r < RUNS; r++) {
    check(amanat_vault_open(vault_dir, PASSWORD, strlen(PASSWORD), AMANAT_SPACE_DEFAULT, &vault),
          "open");
    guint64 kdf_ns, ready_ns;
    amanat_vault_open_timings(vault, &kdf_ns, &ready_ns);
    ready[r] = ready_ns / 1e6;
    int listed = 0;
    double t = bench_now();
    check(amanat_doc_list(vault, NULL, 0, 100, count_visit, &listed), "list");
    list[r] = (bench_now() - t) * 1000;
    if (r == RUNS - 1) {
      for (int q = 0; q < QUERIES; q++) {
        char *query = g_strdup_printf("%s", bench_vocabulary[q % bench_vocabulary_len]);
        int hits = 0;
        t = bench_now();
        check(amanat_search(vault, query, 100, count_hit, &hits), "search");
        search[q] = (bench_now() - t) * 1000;
        hits_total += hits;
        g_free(query);
      }
    }
    amanat_vault_lock(vault);
  }
  char *du = g_strdup_printf("sh -c \"du -sm '%s' | cut -f1\"", vault_dir);
  char *size_text = NULL;
  g_spawn_command_line_sync(du, &size_text, NULL, NULL, NULL);
  printf("\nScale: %d documents, %d contacts (filled in %.0f s + %.0f s; vault %s MiB)\n\n",
         documents, contacts, import_seconds, contact_seconds, g_strstrip(size_text));
  printf("| measure                         | median ms | goal ms |\n");
  printf("|---------------------------------|-----------|---------|\n");
  printf("| vault ready after the KDF       | %9.2f | <= 50   |\n", bench_median(ready, RUNS));
  printf("| first 100 documents listed      | %9.2f | <= 20   |\n", bench_median(list, RUNS));
  printf("| search (one word, <= 100 hits)  | %9.2f | <= 20   |\n", bench_median(search, QUERIES));
  printf("(%d hits over %d queries)\n", hits_total, QUERIES);
  g_free(size_text);
  g_free(du);
  g_free(src);
  g_free(vault_dir);
}

int main(void) {
  if (amanat_init() != AMANAT_OK)
    return 1;
  gboolean quick = g_getenv("AMANAT_BENCH_QUICK") != NULL;
  const char *base = g_getenv("AMANAT_BENCH_DIR");
  char *root = g_build_filename(base != NULL ? base : g_get_tmp_dir(), "amanat-bench-XXXXXX", NULL);
  if (g_mkdtemp(root) == NULL)
    return 1;
  if (g_getenv("AMANAT_BENCH_SCALE_ONLY") == NULL) {
    bench_throughput(root, quick);
    bench_memory(root, quick ? (256ull << 20) : (4ull << 30));
  }
  bench_scale(root, quick ? 5000 : 100000, quick ? 500 : 10000);
  char *rm = g_strdup_printf("rm -rf '%s'", root);
  run_shell(rm);
  g_free(rm);
  g_free(root);
  return 0;
}
