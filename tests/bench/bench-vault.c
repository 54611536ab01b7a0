/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-vault.c: see bench-vault.h. */
#include "bench-vault.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amanat.h"
#include "bench-util.h"

const char *const bench_vocabulary[] = {
    "report", "witness",  "border", "meeting",   "source",  "archive", "lawyer",    "protest",
    "convoy", "passport", "clinic", "ledger",    "harbour", "village", "interview", "تقرير",
    "شاهد",   "حدود",     "доклад", "свидетель", "граница", "会议",    "北京",      "证人",
    "rapor",  "tanık",    "sınır",  "báo",       "nhân",    "biên"};
const size_t bench_vocabulary_len = G_N_ELEMENTS(bench_vocabulary);

static void check(int rc, const char *what) {
  if (rc != AMANAT_OK) {
    fprintf(stderr, "bench-vault: %s: %s\n", what, amanat_err_name(rc));
    exit(1);
  }
}

static void random_text(GString *out, GRand *rand, int words) {
  g_string_truncate(out, 0);
  for (int i = 0; i < words; i++) {
    g_string_append(out, bench_vocabulary[g_rand_int_range(rand, 0, (gint32)bench_vocabulary_len)]);
    g_string_append_printf(out, " %u ", g_rand_int_range(rand, 0, 5000));
  }
}

void bench_vault_fill(const char *dir, const char *password, const char *scratch, int documents,
                      int contacts, double *documents_seconds, double *contacts_seconds) {
  check(amanat_vault_create(dir, password, strlen(password),
                            amanat_kdf_cost_for(AMANAT_KDF_INTERACTIVE)),
        "create");
  amanat_vault *vault = NULL;
  check(amanat_vault_open(dir, password, strlen(password), AMANAT_SPACE_DEFAULT, &vault), "open");
  GRand *rand = g_rand_new_with_seed(5);
  GString *text = g_string_new(NULL);
  double start = bench_now();
  for (int done = 0; done < documents;) {
    check(amanat_vault_batch_begin(vault), "batch");
    for (int i = 0; i < 5000 && done < documents; i++, done++) {
      random_text(text, rand, 40);
      g_file_set_contents(scratch, text->str, (gssize)text->len, NULL);
      char *title =
          g_strdup_printf("Document %d %s", done, bench_vocabulary[g_rand_int_range(rand, 0, 15)]);
      amanat_import_options options = {.title = title};
      char id[AMANAT_ID_LEN + 1];
      check(amanat_doc_import_path(vault, scratch, &options, id), "import");
      g_free(title);
    }
    check(amanat_vault_batch_commit(vault), "commit");
  }
  *documents_seconds = bench_now() - start;
  start = bench_now();
  check(amanat_vault_batch_begin(vault), "batch");
  for (int i = 0; i < contacts; i++) {
    char *name =
        g_strdup_printf("Contact %d %s", i, bench_vocabulary[g_rand_int_range(rand, 0, 15)]);
    char *phone = g_strdup_printf("+%u", g_rand_int_range(rand, 1000000, 9999999));
    amanat_contact_field fields[] = {{"Phone", phone, 1}, {"City", "Herat", 0}};
    char id[AMANAT_ID_LEN + 1];
    check(amanat_contact_add(vault, name, fields, 2, id), "contact");
    g_free(name);
    g_free(phone);
  }
  check(amanat_vault_batch_commit(vault), "commit");
  *contacts_seconds = bench_now() - start;
  amanat_vault_lock(vault);
  g_rand_free(rand);
  g_string_free(text, TRUE);
}
