/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-docs.c: documents and notes: import, read back, tags, delete, compaction, damage,
 * and bad input that must change nothing. */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "amanat.h"
#include "test-util.h"

typedef struct {
  char *root;
  char *vault_dir;
  amanat_vault *vault;
} Fixture;

static void set_up(Fixture *f, gconstpointer data) {
  f->root = test_tmpdir();
  f->vault_dir = g_build_filename(f->root, "vault", NULL);
  test_make_vault(f->vault_dir);
  g_assert_cmpint(amanat_vault_open(f->vault_dir, TEST_PASSWORD, strlen(TEST_PASSWORD),
                                    AMANAT_SPACE_DEFAULT, &f->vault),
                  ==, AMANAT_OK);
}

static void tear_down(Fixture *f, gconstpointer data) {
  amanat_vault_lock(f->vault);
  test_rmtree(f->root);
  g_free(f->vault_dir);
  g_free(f->root);
}

static char *write_file(Fixture *f, const char *name, const void *data, gsize len) {
  char *path = g_build_filename(f->root, name, NULL);
  GError *error = NULL;
  g_file_set_contents(path, data, (gssize)len, &error);
  g_assert_no_error(error);
  return path;
}

/* Bytes of a photo-like (random) or text-like (compressible) file. */
static guint8 *make_bytes(gsize len, gboolean compressible, guint32 seed) {
  guint8 *data = g_malloc(len);
  GRand *rand = g_rand_new_with_seed(seed);
  static const char words[] = "the source said the meeting moved to the old library ";
  for (gsize i = 0; i < len; i++)
    data[i] = compressible ? (guint8)words[i % (sizeof words - 1)]
                           : (guint8)g_rand_int_range(rand, 0, 256);
  g_rand_free(rand);
  return data;
}

static char *import(Fixture *f, const char *path, const char *title, gboolean keep_name) {
  amanat_import_options options = {.title = title, .no_filename = !keep_name};
  char id[AMANAT_ID_LEN + 1];
  int rc = amanat_doc_import_path(f->vault, path, &options, id);
  g_assert_cmpstr(amanat_err_name(rc), ==, "ok");
  g_assert_cmpuint(strlen(id), ==, AMANAT_ID_LEN);
  return g_strdup(id);
}

static GBytes *read_back(Fixture *f, const char *id) {
  uint8_t *data = NULL;
  size_t len = 0;
  g_assert_cmpint(amanat_doc_read_all(f->vault, id, G_MAXSIZE, &data, &len), ==, AMANAT_OK);
  GBytes *bytes = g_bytes_new(data, len);
  amanat_free_secret(data);
  return bytes;
}

typedef struct {
  GString *out;
} Dump;

static int dump_doc(const amanat_doc_info *doc, void *user_data) {
  GString *out = user_data;
  g_string_append_printf(
      out,
      "doc %s kind=%d title=%s type=%s size=%" G_GUINT64_FORMAT " added=%s notes=%s tags=", doc->id,
      doc->kind, doc->title, doc->content_type, doc->size, doc->added, doc->notes);
  for (size_t i = 0; i < doc->tag_count; i++)
    g_string_append_printf(out, "%s,", doc->tags[i]);
  g_string_append(out, " contacts=");
  for (size_t i = 0; i < doc->contact_count; i++)
    g_string_append_printf(out, "%s,", doc->contacts[i]);
  g_string_append_c(out, '\n');
  return 0;
}

static int dump_contact(const amanat_contact_info *c, void *user_data) {
  GString *out = user_data;
  g_string_append_printf(out, "contact %s name=%s notes=%s fields=", c->id, c->name, c->notes);
  for (size_t i = 0; i < c->field_count; i++)
    g_string_append_printf(out, "%s:%s:%d,", c->fields[i].label, c->fields[i].value,
                           c->fields[i].sensitive);
  g_string_append(out, " tags=");
  for (size_t i = 0; i < c->tag_count; i++)
    g_string_append_printf(out, "%s,", c->tags[i]);
  g_string_append_c(out, '\n');
  return 0;
}

/* The vault's canonical state: every item and a hash of every document's content. */
static char *canonical_dump(amanat_vault *vault) {
  GString *out = g_string_new(NULL);
  g_assert_cmpint(amanat_doc_list(vault, NULL, 0, 0, dump_doc, out), ==, AMANAT_OK);
  g_assert_cmpint(amanat_contact_list(vault, dump_contact, out), ==, AMANAT_OK);
  char **lines = g_strsplit(out->str, "\n", -1);
  for (char **line = lines; *line != NULL; line++) {
    if (!g_str_has_prefix(*line, "doc "))
      continue;
    char id[AMANAT_ID_LEN + 1];
    g_strlcpy(id, *line + 4, sizeof id);
    uint8_t *data = NULL;
    size_t len = 0;
    g_assert_cmpint(amanat_doc_read_all(vault, id, G_MAXSIZE, &data, &len), ==, AMANAT_OK);
    char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, len);
    g_string_append_printf(out, "content %s %s\n", id, sum);
    g_free(sum);
    amanat_free_secret(data);
  }
  g_strfreev(lines);
  return g_string_free(out, FALSE);
}

static int count_files(const char *dir) {
  GDir *d = g_dir_open(dir, 0, NULL);
  if (d == NULL)
    return 0;
  int n = 0;
  while (g_dir_read_name(d) != NULL)
    n++;
  g_dir_close(d);
  return n;
}

typedef struct {
  int count;
  amanat_doc_info last;
  char title[256], type[128], added[16];
  char tags[512];
} Seen;

static int see_doc(const amanat_doc_info *doc, void *user_data) {
  Seen *s = user_data;
  s->count++;
  s->last = *doc;
  g_strlcpy(s->title, doc->title, sizeof s->title);
  g_strlcpy(s->type, doc->content_type, sizeof s->type);
  g_strlcpy(s->added, doc->added, sizeof s->added);
  s->tags[0] = '\0';
  for (size_t i = 0; i < doc->tag_count; i++) {
    g_strlcat(s->tags, doc->tags[i], sizeof s->tags);
    g_strlcat(s->tags, ",", sizeof s->tags);
  }
  return 0;
}

static void test_import_roundtrip(Fixture *f, gconstpointer data) {
  const char text[] = "Notes from the meeting.\nNothing else.\n";
  char *path = write_file(f, "meeting-notes.txt", text, strlen(text));
  char *id = import(f, path, NULL, TRUE);
  Seen seen = {0};
  g_assert_cmpint(amanat_doc_show(f->vault, id, see_doc, &seen), ==, AMANAT_OK);
  g_assert_cmpint(seen.count, ==, 1);
  g_assert_cmpstr(seen.title, ==, "meeting-notes.txt");
  g_assert_cmpstr(seen.type, ==, "text/plain");
  g_assert_cmpuint(seen.last.size, ==, strlen(text));
  g_assert_cmpuint(strlen(seen.added), ==, 10); /* a day, nothing finer */
  GBytes *back = read_back(f, id);
  g_assert_cmpmem(g_bytes_get_data(back, NULL), g_bytes_get_size(back), text, strlen(text));
  g_bytes_unref(back);

  /* Saved to a path: complete, with nothing else left in that folder. */
  char *out_dir = g_build_filename(f->root, "out", NULL);
  g_assert_cmpint(g_mkdir(out_dir, 0700), ==, 0);
  char *out = g_build_filename(out_dir, "copy.txt", NULL);
  g_assert_cmpint(amanat_doc_export_path(f->vault, id, out, NULL, NULL), ==, AMANAT_OK);
  GBytes *copy = test_read_file(out);
  g_assert_cmpmem(g_bytes_get_data(copy, NULL), g_bytes_get_size(copy), text, strlen(text));
  g_assert_cmpint(count_files(out_dir), ==, 1);
  g_bytes_unref(copy);
  /* Never in place of a file already there; a bare file name means this folder. */
  g_assert_cmpint(amanat_doc_export_path(f->vault, id, out, NULL, NULL), ==, AMANAT_E_EXISTS);
  g_assert_cmpint(count_files(out_dir), ==, 1);
  char *cwd = g_get_current_dir();
  g_assert_cmpint(g_chdir(out_dir), ==, 0);
  g_assert_cmpint(amanat_doc_export_path(f->vault, id, "bare.txt", NULL, NULL), ==, AMANAT_OK);
  g_assert_cmpint(g_chdir(cwd), ==, 0);
  g_assert_cmpint(count_files(out_dir), ==, 2);
  g_free(cwd);

  /* By prefix, and errors for unknown, short and non-hex ids. */
  char prefix[5];
  g_strlcpy(prefix, id, sizeof prefix);
  char full[AMANAT_ID_LEN + 1];
  g_assert_cmpint(amanat_doc_resolve(f->vault, prefix, full), ==, AMANAT_OK);
  g_assert_cmpstr(full, ==, id);
  g_assert_cmpint(amanat_doc_resolve(f->vault, "ffffffffffff", full), ==, AMANAT_E_NOT_FOUND);
  g_assert_cmpint(amanat_doc_resolve(f->vault, "ab", full), ==, AMANAT_E_INVALID);
  g_assert_cmpint(amanat_doc_resolve(f->vault, "zzzzzz", full), ==, AMANAT_E_INVALID);
  g_assert_cmpint(amanat_doc_delete(f->vault, "ffffffffffff"), ==, AMANAT_E_NOT_FOUND);
  g_free(out);
  g_free(out_dir);
  g_free(id);
  g_free(path);
}

static void test_no_filename(Fixture *f, gconstpointer data) {
  char *path = write_file(f, "source-ahmed-passport.jpg", "\xff\xd8\xff\xe0rest", 8);
  char *id = import(f, path, NULL, FALSE);
  Seen seen = {0};
  g_assert_cmpint(amanat_doc_show(f->vault, id, see_doc, &seen), ==, AMANAT_OK);
  g_assert_cmpstr(seen.title, ==, "");
  g_assert_cmpstr(seen.type, ==, "image/jpeg"); /* from the bytes, not the name */
  g_free(id);
  /* An explicit title wins over the file name. */
  id = import(f, path, "Passport scan", TRUE);
  g_assert_cmpint(amanat_doc_show(f->vault, id, see_doc, &seen), ==, AMANAT_OK);
  g_assert_cmpstr(seen.title, ==, "Passport scan");
  g_free(id);
  g_free(path);
}

/* Several chunks, compressible and not, an empty file: all come back bit for bit, and
 * pack files have random names and Padmé sizes. */
static void test_sizes_and_packs(Fixture *f, gconstpointer data) {
  const gsize sizes[] = {0, 1, 1048575, 1048576, 1048577, 3 * 1048576 + 12345};
  GPtrArray *ids = g_ptr_array_new_with_free_func(g_free);
  GPtrArray *contents = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
  for (unsigned i = 0; i < G_N_ELEMENTS(sizes); i++) {
    for (int compressible = 0; compressible < 2; compressible++) {
      guint8 *bytes = make_bytes(sizes[i], compressible, i);
      char *path = write_file(f, "file.bin", bytes, sizes[i]);
      g_ptr_array_add(ids, import(f, path, NULL, TRUE));
      g_ptr_array_add(contents, g_bytes_new_take(bytes, sizes[i]));
      g_free(path);
    }
  }
  for (unsigned i = 0; i < ids->len; i++) {
    GBytes *back = read_back(f, ids->pdata[i]);
    g_assert_true(g_bytes_equal(back, contents->pdata[i]));
    g_bytes_unref(back);
  }
  char *packs = g_build_filename(f->vault_dir, "packs", NULL);
  GDir *d = g_dir_open(packs, 0, NULL);
  const char *name;
  goffset total = 0;
  while ((name = g_dir_read_name(d)) != NULL) {
    g_assert_cmpuint(strlen(name), ==, 32); /* random hex, nothing else */
    char *path = g_build_filename(packs, name, NULL);
    GStatBuf st;
    g_assert_cmpint(g_stat(path, &st), ==, 0);
    g_assert_cmpint(st.st_mode & 0777, ==, 0600);
    total += st.st_size;
    g_free(path);
  }
  g_dir_close(d);
  /* Compression shrank the text: less stored than imported. */
  gsize imported = 0;
  for (unsigned i = 0; i < G_N_ELEMENTS(sizes); i++)
    imported += 2 * sizes[i];
  g_assert_cmpint(total, <, (goffset)imported);
  g_assert_cmpint(total, >, (goffset)imported / 2);
  amanat_verify_report report;
  g_assert_cmpint(amanat_vault_verify(f->vault, &report), ==, AMANAT_OK);
  g_free(packs);
  g_ptr_array_unref(ids);
  g_ptr_array_unref(contents);
}

static void test_tags_and_notes(Fixture *f, gconstpointer data) {
  char *path = write_file(f, "a.txt", "alpha", 5);
  const char *tags[] = {"sources", "2024"};
  amanat_import_options options = {.tags = tags, .tag_count = 2};
  char id[AMANAT_ID_LEN + 1], other[AMANAT_ID_LEN + 1];
  g_assert_cmpint(amanat_doc_import_path(f->vault, path, &options, id), ==, AMANAT_OK);
  g_assert_cmpint(amanat_doc_import_path(f->vault, path, NULL, other), ==, AMANAT_OK);
  Seen seen = {0};
  g_assert_cmpint(amanat_doc_list(f->vault, "sources", 0, 0, see_doc, &seen), ==, AMANAT_OK);
  g_assert_cmpint(seen.count, ==, 1);
  g_assert_cmpstr(seen.tags, ==, "2024,sources,");
  const char *add[] = {"urgent"}, *remove[] = {"2024"};
  g_assert_cmpint(amanat_doc_tag(f->vault, id, add, 1, remove, 1), ==, AMANAT_OK);
  g_assert_cmpint(amanat_doc_show(f->vault, id, see_doc, &seen), ==, AMANAT_OK);
  g_assert_cmpstr(seen.tags, ==, "sources,urgent,");
  const char *bad[] = {"bad\ttag"};
  g_assert_cmpint(amanat_doc_tag(f->vault, id, bad, 1, NULL, 0), ==, AMANAT_E_INVALID);
  g_assert_cmpint(amanat_doc_set_title(f->vault, id, "Renamed"), ==, AMANAT_OK);
  g_assert_cmpint(amanat_doc_set_notes(f->vault, id, "line one\nline two"), ==, AMANAT_OK);
  g_assert_cmpint(amanat_doc_show(f->vault, id, see_doc, &seen), ==, AMANAT_OK);
  g_assert_cmpstr(seen.title, ==, "Renamed");
  uint64_t count = 0;
  g_assert_cmpint(amanat_doc_count(f->vault, NULL, &count), ==, AMANAT_OK);
  g_assert_cmpuint(count, ==, 2);
  g_assert_cmpint(amanat_doc_count(f->vault, "urgent", &count), ==, AMANAT_OK);
  g_assert_cmpuint(count, ==, 1);

  char note[AMANAT_ID_LEN + 1];
  const char *text = "Call back on Tuesday";
  g_assert_cmpint(amanat_note_add(f->vault, "Reminder", text, strlen(text), note), ==, AMANAT_OK);
  g_assert_cmpint(amanat_doc_show(f->vault, note, see_doc, &seen), ==, AMANAT_OK);
  g_assert_cmpint(seen.last.kind, ==, AMANAT_DOC_NOTE);
  g_assert_cmpstr(seen.type, ==, "text/plain");
  GBytes *back = read_back(f, note);
  g_assert_cmpmem(g_bytes_get_data(back, NULL), g_bytes_get_size(back), text, strlen(text));
  g_bytes_unref(back);
  g_assert_cmpint(amanat_note_add(f->vault, "", "x", 1, note), ==, AMANAT_E_INVALID);
  g_free(path);
}

typedef struct {
  GString *hits;
} Hits;

static int see_hit(const amanat_search_hit *hit, void *user_data) {
  g_string_append_printf(user_data, "%d:%s:%s;", hit->kind, hit->id, hit->title);
  return 0;
}

static char *search(Fixture *f, const char *query) {
  GString *hits = g_string_new(NULL);
  int rc = amanat_search(f->vault, query, 0, see_hit, hits);
  g_assert_cmpint(rc, ==, AMANAT_OK);
  return g_string_free(hits, FALSE);
}

static void test_search(Fixture *f, gconstpointer data) {
  const char body[] = "Report: the convoy left Kabul at dawn.";
  char *path = write_file(f, "report.txt", body, strlen(body));
  char *doc = import(f, path, "Convoy summary", TRUE);
  char note[AMANAT_ID_LEN + 1], contact[AMANAT_ID_LEN + 1];
  const char *text = "مُحَمَّد will bring the کتاب";
  g_assert_cmpint(amanat_note_add(f->vault, "Handover", text, strlen(text), note), ==, AMANAT_OK);
  amanat_contact_field fields[] = {{"Signal", "+93 700 123 456", 1}, {"City", "Herat", 0}};
  g_assert_cmpint(amanat_contact_add(f->vault, "Falcon", fields, 2, contact), ==, AMANAT_OK);

  char *hits = search(f, "kabul"); /* the text of a text document */
  g_assert_nonnull(strstr(hits, doc));
  g_free(hits);
  hits = search(f, "convoy summ"); /* title, last word as a prefix */
  g_assert_nonnull(strstr(hits, doc));
  g_free(hits);
  hits = search(f, "محمد"); /* harakat ignored */
  g_assert_nonnull(strstr(hits, note));
  g_assert_null(strstr(hits, doc));
  g_free(hits);
  hits = search(f, "كتاب"); /* Arabic kaf finds Persian keheh */
  g_assert_nonnull(strstr(hits, note));
  g_free(hits);
  hits = search(f, "herat");
  g_assert_nonnull(strstr(hits, contact));
  g_assert_nonnull(strstr(hits, "2:"));
  g_free(hits);
  hits = search(f, "nothing-like-this");
  g_assert_cmpstr(hits, ==, "");
  g_free(hits);
  GString *none = g_string_new(NULL);
  g_assert_cmpint(amanat_search(f->vault, "  ...  ", 0, see_hit, none), ==, AMANAT_E_INVALID);
  g_string_free(none, TRUE);

  /* Renaming, tagging and deleting keep the index in step. */
  g_assert_cmpint(amanat_doc_set_title(f->vault, doc, "Supply route"), ==, AMANAT_OK);
  hits = search(f, "summary");
  g_assert_cmpstr(hits, ==, ""); /* the old title is gone from the index */
  g_free(hits);
  hits = search(f, "supply");
  g_assert_nonnull(strstr(hits, doc));
  g_free(hits);
  g_assert_cmpint(amanat_doc_delete(f->vault, doc), ==, AMANAT_OK);
  hits = search(f, "kabul");
  g_assert_cmpstr(hits, ==, "");
  g_free(hits);
  g_free(doc);
  g_free(path);
}

typedef struct {
  char name[64];
  char fields[512];
  int field_count;
} ContactSeen;

static int see_contact(const amanat_contact_info *c, void *user_data) {
  ContactSeen *s = user_data;
  g_strlcpy(s->name, c->name, sizeof s->name);
  s->fields[0] = '\0';
  s->field_count = (int)c->field_count;
  for (size_t i = 0; i < c->field_count; i++) {
    char *one = g_strdup_printf("%s=%s%s;", c->fields[i].label, c->fields[i].value,
                                c->fields[i].sensitive ? "(s)" : "");
    g_strlcat(s->fields, one, sizeof s->fields);
    g_free(one);
  }
  return 0;
}

static void test_contacts(Fixture *f, gconstpointer data) {
  amanat_contact_field fields[] = {{"Phone", "+1 555 0100", 0}, {"Signal", "falcon.01", 1}};
  char id[AMANAT_ID_LEN + 1];
  g_assert_cmpint(amanat_contact_add(f->vault, "Falcon", fields, 2, id), ==, AMANAT_OK);
  ContactSeen seen = {0};
  g_assert_cmpint(amanat_contact_show(f->vault, id, see_contact, &seen), ==, AMANAT_OK);
  g_assert_cmpstr(seen.name, ==, "Falcon");
  g_assert_cmpstr(seen.fields, ==, "Phone=+1 555 0100;Signal=falcon.01(s);");
  amanat_contact_field change[] = {{"Phone", "+1 555 0199", 0}, {"Email", "f@example.org", 1}};
  const char *drop[] = {"Signal"};
  g_assert_cmpint(amanat_contact_edit(f->vault, id, "Falcon (Herat)", change, 2, drop, 1), ==,
                  AMANAT_OK);
  g_assert_cmpint(amanat_contact_show(f->vault, id, see_contact, &seen), ==, AMANAT_OK);
  g_assert_cmpstr(seen.name, ==, "Falcon (Herat)");
  g_assert_cmpstr(seen.fields, ==, "Phone=+1 555 0199;Email=f@example.org(s);");
  g_assert_cmpint(amanat_contact_add(f->vault, "", NULL, 0, id), ==, AMANAT_E_INVALID);
  amanat_contact_field no_label[] = {{"", "x", 0}};
  g_assert_cmpint(amanat_contact_add(f->vault, "X", no_label, 1, id), ==, AMANAT_E_INVALID);

  /* Links both ways. */
  char *path = write_file(f, "photo.jpg", "\xff\xd8\xff\xe0", 4);
  char *doc = import(f, path, NULL, TRUE);
  g_assert_cmpint(amanat_link(f->vault, doc, id, 1), ==, AMANAT_OK);
  Seen doc_seen = {0};
  g_assert_cmpint(amanat_doc_show(f->vault, doc, see_doc, &doc_seen), ==, AMANAT_OK);
  g_assert_cmpuint(doc_seen.last.contact_count, ==, 1);
  GString *dump = g_string_new(NULL);
  g_assert_cmpint(amanat_doc_show(f->vault, doc, dump_doc, dump), ==, AMANAT_OK);
  g_assert_nonnull(strstr(dump->str, id));
  g_string_free(dump, TRUE);
  g_assert_cmpint(amanat_contact_delete(f->vault, id), ==, AMANAT_OK);
  g_assert_cmpint(amanat_contact_show(f->vault, id, see_contact, &seen), ==, AMANAT_E_NOT_FOUND);
  dump = g_string_new(NULL);
  g_assert_cmpint(amanat_doc_show(f->vault, doc, dump_doc, dump), ==, AMANAT_OK);
  g_assert_nonnull(strstr(dump->str, "contacts=\n"));
  g_string_free(dump, TRUE);
  g_free(doc);
  g_free(path);
}

/* Deleting destroys the key at once; compaction then gives the space back. */
static void test_delete_and_compact(Fixture *f, gconstpointer data) {
  char *packs = g_build_filename(f->vault_dir, "packs", NULL);
  GPtrArray *ids = g_ptr_array_new_with_free_func(g_free);
  for (int i = 0; i < 6; i++) {
    guint8 *bytes = make_bytes(5 * 1048576, FALSE, (guint32)i);
    char *path = write_file(f, "big.bin", bytes, 5 * 1048576);
    g_ptr_array_add(ids, import(f, path, NULL, TRUE));
    g_free(bytes);
    g_free(path);
  }
  char *keep_before = NULL;
  GBytes *kept = read_back(f, ids->pdata[5]);
  (void)keep_before;
  for (int i = 0; i < 5; i++) {
    g_assert_cmpint(amanat_doc_delete(f->vault, ids->pdata[i]), ==, AMANAT_OK);
    uint8_t *out = NULL;
    size_t len = 0;
    g_assert_cmpint(amanat_doc_read_all(f->vault, ids->pdata[i], G_MAXSIZE, &out, &len), ==,
                    AMANAT_E_NOT_FOUND);
  }
  /* Automatic compaction ran: far less than 30 MiB of packs remain. */
  goffset total = 0;
  GDir *d = g_dir_open(packs, 0, NULL);
  const char *name;
  while ((name = g_dir_read_name(d)) != NULL) {
    char *path = g_build_filename(packs, name, NULL);
    GStatBuf st;
    g_stat(path, &st);
    total += st.st_size;
    g_free(path);
  }
  g_dir_close(d);
  g_assert_cmpint(total, <, 12 * 1048576);
  g_assert_cmpint(amanat_vault_compact(f->vault), ==, AMANAT_OK);
  GBytes *after = read_back(f, ids->pdata[5]);
  g_assert_true(g_bytes_equal(kept, after));
  amanat_verify_report report;
  g_assert_cmpint(amanat_vault_verify(f->vault, &report), ==, AMANAT_OK);
  g_bytes_unref(kept);
  g_bytes_unref(after);
  g_ptr_array_unref(ids);
  g_free(packs);
}

/* A changed byte in a pack names the damaged document; the others still read. */
static void test_damaged_pack(Fixture *f, gconstpointer data) {
  char *a_path = write_file(f, "a.bin", "first document", 14);
  char *a = import(f, a_path, NULL, TRUE);
  char *b = import(f, a_path, "second", TRUE);
  char *packs = g_build_filename(f->vault_dir, "packs", NULL);
  GDir *d = g_dir_open(packs, 0, NULL);
  char *pack = g_build_filename(packs, g_dir_read_name(d), NULL);
  g_dir_close(d);
  test_flip_byte(pack, 30, 0x01); /* inside the first record: document a */
  uint8_t *out = NULL;
  size_t len = 0;
  g_assert_cmpint(amanat_doc_read_all(f->vault, a, G_MAXSIZE, &out, &len), ==, AMANAT_E_DAMAGED);
  GBytes *b_back = read_back(f, b);
  g_assert_cmpuint(g_bytes_get_size(b_back), ==, 14);
  g_bytes_unref(b_back);
  char *target = g_build_filename(f->root, "restored.bin", NULL);
  g_assert_cmpint(amanat_doc_export_path(f->vault, a, target, NULL, NULL), ==, AMANAT_E_DAMAGED);
  g_assert_false(g_file_test(target, G_FILE_TEST_EXISTS));
  amanat_verify_report report;
  g_assert_cmpint(amanat_vault_verify(f->vault, &report), ==, AMANAT_E_DAMAGED);
  g_assert_cmpint(report.part, ==, AMANAT_PART_DOCUMENT);
  g_assert_cmpstr(report.document_id, ==, a);
  g_free(target);
  g_free(pack);
  g_free(packs);
  g_free(a);
  g_free(b);
  g_free(a_path);
}

typedef struct {
  const char *path;
  int calls;
} Grower;

/* Appends to the file being imported after the first chunk has been read. */
static int grow_file(uint64_t done, uint64_t total, void *user_data) {
  Grower *g = user_data;
  if (g->calls++ == 0) {
    FILE *file = fopen(g->path, "ab");
    g_assert_nonnull(file);
    fputs("more", file);
    fclose(file);
  }
  return 0;
}

/* Cuts the file being imported short after the first chunk has been read. */
static int shrink_file(uint64_t done, uint64_t total, void *user_data) {
  Grower *g = user_data;
  if (g->calls++ == 0)
    g_assert_cmpint(truncate(g->path, 1500000), ==, 0);
  return 0;
}

static int cancel_at_once(uint64_t done, uint64_t total, void *user_data) {
  return 1;
}

static void test_bad_imports(Fixture *f, gconstpointer data) {
  char *seed = write_file(f, "seed.txt", "already here", 12);
  g_free(import(f, seed, NULL, TRUE));
  char *before = canonical_dump(f->vault);
  char *packs = g_build_filename(f->vault_dir, "packs", NULL);
  int packs_before = count_files(packs);
  char id[AMANAT_ID_LEN + 1];

  char *missing = g_build_filename(f->root, "vanished.pdf", NULL);
  g_assert_cmpint(amanat_doc_import_path(f->vault, missing, NULL, id), ==, AMANAT_E_UNREADABLE);
  g_assert_cmpint(amanat_doc_import_path(f->vault, f->root, NULL, id), ==, AMANAT_E_UNREADABLE);

  guint8 *bytes = make_bytes(3 * 1048576, TRUE, 7);
  char *growing = write_file(f, "growing.txt", bytes, 3 * 1048576);
  Grower grower = {growing, 0};
  amanat_import_options options = {.progress = grow_file, .progress_data = &grower};
  g_assert_cmpint(amanat_doc_import_path(f->vault, growing, &options, id), ==, AMANAT_E_CHANGED);
  char *shrinking = write_file(f, "shrinking.txt", bytes, 3 * 1048576);
  Grower shrinker = {shrinking, 0};
  amanat_import_options shrink_options = {.progress = shrink_file, .progress_data = &shrinker};
  g_assert_cmpint(amanat_doc_import_path(f->vault, shrinking, &shrink_options, id), ==,
                  AMANAT_E_CHANGED);
  g_free(shrinking);
  g_assert_cmpint(truncate(growing, 1000), ==, 0);
  options.progress = cancel_at_once;
  g_assert_cmpint(amanat_doc_import_path(f->vault, growing, &options, id), ==, AMANAT_E_CANCELLED);
  const char *bad_tags[] = {""};
  amanat_import_options tagged = {.tags = bad_tags, .tag_count = 1};
  g_assert_cmpint(amanat_doc_import_path(f->vault, growing, &tagged, id), ==, AMANAT_E_INVALID);

  /* The disk fills at every possible write, sync or allocation of an import: a clean
   * error each time, and the vault exactly as before. */
  for (gsize i = 0; i < 3 * 1048576; i += 100)
    bytes[i] = 0; /* binary, so the check is about packs and rows, not the text index */
  char *big = write_file(f, "big.bin", bytes, 3 * 1048576);
  unsigned failures = 0;
  for (unsigned k = 1;; k++) {
    amanat_fault_arm(k, ENOSPC);
    int rc = amanat_doc_import_path(f->vault, big, NULL, id);
    unsigned calls = amanat_fault_arm(0, 0);
    if (rc == AMANAT_OK && calls < k)
      break;
    if (rc == AMANAT_OK) {
      /* The fault hit the checkpoint after COMMIT: the import is durable and whole.
       * Take it out again to go on from the same state. */
      GBytes *back = read_back(f, id);
      g_assert_cmpuint(g_bytes_get_size(back), ==, 3 * 1048576);
      g_bytes_unref(back);
      g_assert_cmpint(amanat_doc_delete(f->vault, id), ==, AMANAT_OK);
      g_assert_cmpint(amanat_vault_compact(f->vault), ==, AMANAT_OK);
      packs_before = count_files(packs);
      continue;
    }
    g_assert_true(rc == AMANAT_E_NO_SPACE || rc == AMANAT_E_NOMEM);
    failures++;
    char *now = canonical_dump(f->vault);
    g_assert_cmpstr(now, ==, before);
    g_free(now);
    g_assert_cmpint(count_files(packs), ==, packs_before);
    g_assert_cmpuint(k, <, 400);
  }
  g_assert_cmpuint(failures, >, 5);
  amanat_verify_report report;
  g_assert_cmpint(amanat_vault_verify(f->vault, &report), ==, AMANAT_OK);
  g_free(big);
  g_free(bytes);
  g_free(growing);
  g_free(missing);
  g_free(packs);
  g_free(before);
  g_free(seed);
}

/* Compaction that fails at any write leaves every document readable, and a later
 * compaction finishes the job. */
static void test_compaction_faults(Fixture *f, gconstpointer data) {
  GPtrArray *ids = g_ptr_array_new_with_free_func(g_free);
  for (int i = 0; i < 4; i++) {
    guint8 *bytes = make_bytes(1048576 + 100, i % 2, (guint32)i);
    char *path = write_file(f, "x.bin", bytes, 1048576 + 100);
    g_ptr_array_add(ids, import(f, path, NULL, TRUE));
    g_free(bytes);
    g_free(path);
  }
  g_assert_cmpint(amanat_doc_delete(f->vault, ids->pdata[0]), ==, AMANAT_OK);
  char *before = canonical_dump(f->vault);
  for (unsigned k = 1;; k++) {
    amanat_fault_arm(k, EIO);
    int rc = amanat_vault_compact(f->vault);
    unsigned calls = amanat_fault_arm(0, 0);
    char *now = canonical_dump(f->vault);
    g_assert_cmpstr(now, ==, before);
    g_free(now);
    if (rc == AMANAT_OK && calls < k)
      break;
    g_assert_cmpuint(k, <, 400);
  }
  amanat_verify_report report;
  g_assert_cmpint(amanat_vault_verify(f->vault, &report), ==, AMANAT_OK);
  g_free(before);
  g_ptr_array_unref(ids);
}

typedef struct {
  guint64 done, total;
} Progress;

static int note_progress(uint64_t done, uint64_t total, void *user_data) {
  Progress *p = user_data;
  g_assert_cmpuint(done, >=, p->done);
  p->done = done;
  p->total = total;
  return 0;
}

/* A single file over 4 GiB (sparse, so the test is quick): stored, then read back whole
 * with every chunk verified (into /dev/null, to spare the disk). */
static void test_over_4_gib(Fixture *f, gconstpointer data) {
  const goffset size = (4ll << 30) + 4096 + 7;
  char *path = g_build_filename(f->root, "huge.img", NULL);
  int fd = open(path, O_CREAT | O_WRONLY, 0600);
  g_assert_cmpint(fd, >=, 0);
  g_assert_cmpint(ftruncate(fd, size), ==, 0);
  g_assert_cmpint(pwrite(fd, "end", 3, size - 3), ==, 3);
  close(fd);
  char *id = import(f, path, NULL, TRUE);
  g_unlink(path);
  Seen seen = {0};
  g_assert_cmpint(amanat_doc_show(f->vault, id, see_doc, &seen), ==, AMANAT_OK);
  g_assert_cmpuint(seen.last.size, ==, (guint64)size);
  Progress progress = {0};
  fd = open("/dev/null", O_WRONLY);
  g_assert_cmpint(amanat_doc_export_fd(f->vault, id, fd, note_progress, &progress), ==, AMANAT_OK);
  close(fd);
  g_assert_cmpuint(progress.done, ==, (guint64)size);
  g_assert_cmpuint(progress.total, ==, (guint64)size);
  g_free(id);
  g_free(path);
}

/* A batch keeps all of its imports or none. */
static void test_batch(Fixture *f, gconstpointer data) {
  guint8 *bytes = make_bytes(2 * 1048576 + 5, FALSE, 3);
  char *path = write_file(f, "photo.raw", bytes, 2 * 1048576 + 5);
  char *missing = g_build_filename(f->root, "missing.pdf", NULL);
  char *packs = g_build_filename(f->vault_dir, "packs", NULL);
  char id[AMANAT_ID_LEN + 1];

  g_assert_cmpint(amanat_vault_batch_begin(f->vault), ==, AMANAT_OK);
  g_assert_cmpint(amanat_vault_batch_begin(f->vault), ==, AMANAT_E_INVALID);
  for (int i = 0; i < 3; i++)
    g_assert_cmpint(amanat_doc_import_path(f->vault, path, NULL, id), ==, AMANAT_OK);
  g_assert_cmpint(amanat_vault_batch_commit(f->vault), ==, AMANAT_OK);
  uint64_t count = 0;
  g_assert_cmpint(amanat_doc_count(f->vault, NULL, &count), ==, AMANAT_OK);
  g_assert_cmpuint(count, ==, 3);
  GBytes *back = read_back(f, id);
  g_assert_cmpmem(g_bytes_get_data(back, NULL), g_bytes_get_size(back), bytes, 2 * 1048576 + 5);
  g_bytes_unref(back);

  char *before = canonical_dump(f->vault);
  int packs_before = count_files(packs);
  g_assert_cmpint(amanat_vault_batch_begin(f->vault), ==, AMANAT_OK);
  g_assert_cmpint(amanat_doc_import_path(f->vault, path, NULL, id), ==, AMANAT_OK);
  g_assert_cmpint(amanat_doc_import_path(f->vault, missing, NULL, id), ==, AMANAT_E_UNREADABLE);
  /* Once failed, the batch refuses further changes with the same error. */
  g_assert_cmpint(amanat_doc_import_path(f->vault, path, NULL, id), ==, AMANAT_E_UNREADABLE);
  g_assert_cmpint(amanat_vault_batch_commit(f->vault), ==, AMANAT_E_UNREADABLE);
  char *after = canonical_dump(f->vault);
  g_assert_cmpstr(after, ==, before);
  g_assert_cmpint(count_files(packs), ==, packs_before);
  g_free(after);

  /* A batch that is never committed is undone when the vault locks. */
  g_assert_cmpint(amanat_vault_batch_begin(f->vault), ==, AMANAT_OK);
  g_assert_cmpint(amanat_doc_import_path(f->vault, path, NULL, id), ==, AMANAT_OK);
  g_assert_cmpint(amanat_vault_compact(f->vault), ==, AMANAT_E_INVALID);
  amanat_vault_lock(f->vault);
  g_assert_cmpint(amanat_vault_open(f->vault_dir, TEST_PASSWORD, strlen(TEST_PASSWORD),
                                    AMANAT_SPACE_DEFAULT, &f->vault),
                  ==, AMANAT_OK);
  after = canonical_dump(f->vault);
  g_assert_cmpstr(after, ==, before);
  amanat_verify_report report;
  g_assert_cmpint(amanat_vault_verify(f->vault, &report), ==, AMANAT_OK);
  g_free(after);
  g_free(before);
  g_free(packs);
  g_free(missing);
  g_free(path);
  g_free(bytes);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_assert_cmpint(amanat_init(), ==, AMANAT_OK);
#define ADD(path, func) g_test_add(path, Fixture, NULL, set_up, func, tear_down)
  ADD("/docs/import-roundtrip", test_import_roundtrip);
  ADD("/docs/no-filename", test_no_filename);
  ADD("/docs/sizes-and-packs", test_sizes_and_packs);
  ADD("/docs/tags-and-notes", test_tags_and_notes);
  ADD("/docs/search", test_search);
  ADD("/docs/contacts", test_contacts);
  ADD("/docs/delete-and-compact", test_delete_and_compact);
  ADD("/docs/damaged-pack", test_damaged_pack);
  ADD("/docs/bad-imports", test_bad_imports);
  ADD("/docs/compaction-faults", test_compaction_faults);
  ADD("/docs/over-4-gib", test_over_4_gib);
  ADD("/docs/batch", test_batch);
#undef ADD
  return g_test_run();
}
