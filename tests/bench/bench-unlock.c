/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-unlock.c: unlock cost per KDF profile, split into the Argon2id run and the time
 * from the KDF's end to a ready vault (slot trials, counter write, database open). */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amanat.h"

#define PASSWORD "bench password for unlock"

static int compare_u64(const void *a, const void *b) {
  guint64 x = *(const guint64 *)a, y = *(const guint64 *)b;
  return x < y ? -1 : x > y;
}

static double median_ms(guint64 *ns, int n) {
  qsort(ns, (size_t)n, sizeof *ns, compare_u64);
  return (n % 2 ? (double)ns[n / 2] : (ns[n / 2 - 1] + ns[n / 2]) / 2.0) / 1e6;
}

static void bench_profile(const char *name, amanat_kdf_profile profile, int runs) {
  char *root = g_dir_make_tmp("amanat-bench-XXXXXX", NULL);
  char *dir = g_build_filename(root, "vault", NULL);
  amanat_kdf_cost cost = amanat_kdf_cost_for(profile);
  if (amanat_vault_create(dir, PASSWORD, strlen(PASSWORD), cost) != AMANAT_OK) {
    fprintf(stderr, "bench-unlock: could not create a vault\n");
    exit(1);
  }
  guint64 kdf[32], ready[32];
  for (int i = 0; i < runs; i++) {
    amanat_vault *vault = NULL;
    if (amanat_vault_open(dir, PASSWORD, strlen(PASSWORD), AMANAT_SPACE_DEFAULT, &vault) !=
        AMANAT_OK) {
      fprintf(stderr, "bench-unlock: could not open the vault\n");
      exit(1);
    }
    amanat_vault_open_timings(vault, &kdf[i], &ready[i]);
    amanat_vault_lock(vault);
  }
  double kdf_min = 1e300, ready_min = 1e300;
  for (int i = 0; i < runs; i++) {
    kdf_min = MIN(kdf_min, kdf[i] / 1e6);
    ready_min = MIN(ready_min, ready[i] / 1e6);
  }
  printf("| %-11s | %3u passes, %5llu MiB | %4d | %10.1f | %8.1f | %13.2f | %11.2f |\n", name,
         cost.opslimit, (unsigned long long)(cost.memlimit >> 20), runs, median_ms(kdf, runs),
         kdf_min, median_ms(ready, runs), ready_min);
  char *rm = g_strdup_printf("rm -rf '%s'", root);
  if (system(rm) != 0)
    fprintf(stderr, "bench-unlock: could not remove %s\n", root);
  g_free(rm);
  g_free(dir);
  g_free(root);
}

int main(void) {
  if (amanat_init() != AMANAT_OK)
    return 1;
  int quick = g_getenv("AMANAT_BENCH_QUICK") != NULL;
  printf("Unlock: Argon2id (KDF) and KDF-done-to-ready, milliseconds\n\n");
  printf("| profile     | cost                  | runs | KDF median | KDF min  | ready median  | "
         "ready min   |\n");
  printf("|-------------|-----------------------|------|------------|----------|---------------|---"
         "----------|\n");
  bench_profile("interactive", AMANAT_KDF_INTERACTIVE, quick ? 3 : 15);
  bench_profile("moderate", AMANAT_KDF_MODERATE, quick ? 2 : 7);
  if (!quick)
    bench_profile("sensitive", AMANAT_KDF_SENSITIVE, 3);
  return 0;
}
