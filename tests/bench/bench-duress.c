/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-duress.c: (1) unlock time with the real password, a duress password (both
 * actions) and a wrong password, interleaved, each duress run on a fresh copy of the
 * vault, compared pairwise with the two-sample Kolmogorov-Smirnov test; (2) time until a
 * panic wipe has made the vault unrecoverable and until its files are gone, at 100 MB,
 * 1 GB and 4 GB, against `shred -u` of the same files. Prints tables; never fails on
 * timing. AMANAT_BENCH_QUICK=1 shrinks it. */
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "amanat.h"

#define REAL         "the real password of the bench"
#define DURESS_WIPE  "duress with wipe"
#define DURESS_DECOY "duress decoy only"
#define WRONG        "not a password of this vault"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void check(int rc, const char *what) {
  if (rc != AMANAT_OK) {
    fprintf(stderr, "bench-duress: %s: %s\n", what, amanat_err_name(rc));
    exit(1);
  }
}

static void shell(const char *command) {
  if (system(command) != 0) {
    fprintf(stderr, "bench-duress: failed: %s\n", command);
    exit(1);
  }
}

/* A vault with documents in both spaces and both kinds of duress password. */
static void make_vault(const char *dir, const char *scratch) {
  check(amanat_vault_create(dir, REAL, strlen(REAL), amanat_kdf_cost_for(AMANAT_KDF_INTERACTIVE)),
        "create");
  char *file = g_build_filename(scratch, "doc.txt", NULL);
  g_file_set_contents(file, "a witness statement, and more words to index", -1, NULL);
  for (int space = 0; space < 2; space++) {
    amanat_vault *v = NULL;
    check(amanat_vault_open(dir, REAL, strlen(REAL), space ? AMANAT_SPACE_DECOY : 0, &v), "open");
    check(amanat_vault_batch_begin(v), "batch");
    for (int i = 0; i < 200; i++) {
      char id[AMANAT_ID_LEN + 1];
      check(amanat_doc_import_path(v, file, NULL, id), "import");
    }
    check(amanat_vault_batch_commit(v), "commit");
    if (space == 0) {
      check(amanat_vault_duress_add(v, DURESS_WIPE, strlen(DURESS_WIPE), AMANAT_DURESS_WIPE),
            "duress");
      check(
          amanat_vault_duress_add(v, DURESS_DECOY, strlen(DURESS_DECOY), AMANAT_DURESS_DECOY_ONLY),
          "duress");
    }
    amanat_vault_lock(v);
  }
  g_free(file);
}

static int compare_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Two-sample Kolmogorov-Smirnov: the statistic D and its asymptotic p-value. */
static double ks_statistic(double *a, int na, double *b, int nb) {
  qsort(a, (size_t)na, sizeof *a, compare_double);
  qsort(b, (size_t)nb, sizeof *b, compare_double);
  int i = 0, j = 0;
  double d = 0;
  while (i < na && j < nb) {
    double x = a[i] <= b[j] ? a[i] : b[j];
    while (i < na && a[i] <= x)
      i++;
    while (j < nb && b[j] <= x)
      j++;
    d = fmax(d, fabs((double)i / na - (double)j / nb));
  }
  return d;
}

static double ks_p_value(double d, int na, int nb) {
  double n = (double)na * nb / (na + nb);
  double lambda = (sqrt(n) + 0.12 + 0.11 / sqrt(n)) * d;
  double sum = 0;
  for (int k = 1; k <= 100; k++)
    sum += 2 * ((k % 2) ? 1 : -1) * exp(-2.0 * k * k * lambda * lambda);
  return fmin(1.0, fmax(0.0, sum));
}

enum { KIND_REAL, KIND_DURESS_WIPE, KIND_DURESS_DECOY, KIND_WRONG, KINDS };
static const char *kind_names[KINDS] = {"real", "duress (wipe)", "duress (decoy only)", "wrong"};
static const char *kind_passwords[KINDS] = {REAL, DURESS_WIPE, DURESS_DECOY, WRONG};

static void bench_unlock(const char *root, int runs) {
  char *pristine = g_build_filename(root, "pristine", NULL);
  char *work = g_build_filename(root, "work", NULL);
  make_vault(pristine, root);
  double *times[KINDS];
  for (int k = 0; k < KINDS; k++)
    times[k] = g_new0(double, runs);
  for (int r = 0; r < runs; r++) {
    for (int k = 0; k < KINDS; k++) {
      /* Every run on a fresh copy, made outside the timed part. */
      char *copy = g_strdup_printf("rm -rf '%s' && cp -a '%s' '%s' && sync", work, pristine, work);
      shell(copy);
      g_free(copy);
      amanat_vault *v = NULL;
      double start = now();
      int rc = amanat_vault_open(work, kind_passwords[k], strlen(kind_passwords[k]),
                                 AMANAT_SPACE_DEFAULT, &v);
      times[k][r] = (now() - start) * 1000;
      if ((k == KIND_WRONG) != (rc == AMANAT_E_WRONG_PASSWORD)) {
        fprintf(stderr, "bench-duress: unexpected %s for %s\n", amanat_err_name(rc), kind_names[k]);
        exit(1);
      }
      amanat_vault_lock(v);
    }
  }
  printf("Unlock time, %d runs each, interleaved, interactive KDF (ms)\n\n", runs);
  printf("| password            | median | min    | max    |\n");
  printf("|---------------------|--------|--------|--------|\n");
  double *sorted[KINDS];
  for (int k = 0; k < KINDS; k++) {
    sorted[k] = g_memdup2(times[k], sizeof(double) * (gsize)runs);
    qsort(sorted[k], (size_t)runs, sizeof(double), compare_double);
    printf("| %-19s | %6.1f | %6.1f | %6.1f |\n", kind_names[k], sorted[k][runs / 2], sorted[k][0],
           sorted[k][runs - 1]);
  }
  printf("\nTwo-sample Kolmogorov-Smirnov, each pair (goal: p > 0.01 for every pair)\n\n");
  printf("| pair                                     | D     | p      |\n");
  printf("|------------------------------------------|-------|--------|\n");
  for (int a = 0; a < KINDS; a++) {
    for (int b = a + 1; b < KINDS; b++) {
      double d = ks_statistic(sorted[a], runs, sorted[b], runs);
      char *pair = g_strdup_printf("%s vs %s", kind_names[a], kind_names[b]);
      printf("| %-40s | %.3f | %.4f |\n", pair, d, ks_p_value(d, runs, runs));
      g_free(pair);
    }
  }
  for (int k = 0; k < KINDS; k++) {
    g_free(times[k]);
    g_free(sorted[k]);
  }
  char *rm = g_strdup_printf("rm -rf '%s' '%s'", work, pristine);
  shell(rm);
  g_free(rm);
  g_free(pristine);
  g_free(work);
}

/* Fills a vault with `bytes` of random data from a pipe (incompressible, like photos). */
static void fill_vault(const char *dir, guint64 bytes) {
  check(amanat_vault_create(dir, REAL, strlen(REAL), amanat_kdf_cost_for(AMANAT_KDF_INTERACTIVE)),
        "create");
  amanat_vault *v = NULL;
  check(amanat_vault_open(dir, REAL, strlen(REAL), 0, &v), "open");
  char *cmd = g_strdup_printf("head -c %" G_GUINT64_FORMAT " /dev/urandom", bytes);
  FILE *pipe = popen(cmd, "r");
  char id[AMANAT_ID_LEN + 1];
  check(amanat_doc_import_fd(v, fileno(pipe), NULL, NULL, id), "import");
  pclose(pipe);
  g_free(cmd);
  amanat_vault_lock(v);
  sync();
}

static void bench_wipe(const char *root, const guint64 *sizes, int count) {
  printf("\nPanic wipe: until unrecoverable (header overwritten and synced) and until every"
         " file is gone, vs shred -u of the same files\n\n");
  printf("| vault size | unrecoverable ms | all removed ms | shred -u s |\n");
  printf("|------------|------------------|----------------|------------|\n");
  for (int i = 0; i < count; i++) {
    char *dir = g_build_filename(root, "wipe-me", NULL);
    char *twin = g_build_filename(root, "shred-me", NULL);
    fill_vault(dir, sizes[i]);
    char *copy = g_strdup_printf("cp -a '%s' '%s' && sync", dir, twin);
    shell(copy);
    amanat_wipe_timings t = {0};
    check(amanat_vault_wipe(dir, &t), "wipe");
    char *shred =
        g_strdup_printf("find '%s' -type f -exec shred -u {} + && rm -rf '%s' && sync", twin, twin);
    double start = now();
    shell(shred);
    double shred_seconds = now() - start;
    printf("| %7.1f MB | %16.2f | %14.2f | %10.2f |\n", sizes[i] / 1e6, t.unrecoverable_ns / 1e6,
           t.removed_ns / 1e6, shred_seconds);
    fflush(stdout);
    g_free(shred);
    g_free(copy);
    g_free(twin);
    g_free(dir);
  }
}

int main(void) {
  if (amanat_init() != AMANAT_OK)
    return 1;
  gboolean quick = g_getenv("AMANAT_BENCH_QUICK") != NULL;
  const char *base = g_getenv("AMANAT_BENCH_DIR");
  char *root =
      g_build_filename(base != NULL ? base : g_get_tmp_dir(), "amanat-duress-XXXXXX", NULL);
  if (g_mkdtemp(root) == NULL)
    return 1;
  bench_unlock(root, quick ? 8 : 30);
  const guint64 sizes[] = {100000000ull, 1000000000ull, 4000000000ull};
  bench_wipe(root, sizes, quick ? 1 : 3);
  char *rm = g_strdup_printf("rm -rf '%s'", root);
  shell(rm);
  g_free(rm);
  g_free(root);
  return 0;
}
