/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sync.c: bundles between vaults: what travels, incremental exports, idempotent and
 * order-free imports, conflicts, deletions, and convergence of many vaults under random
 * edits and random deliveries (seed from AMANAT_SYNC_SEED, length from AMANAT_SYNC_OPS). */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sync-net.h"
#include "test-util.h"

static char *add_note(amanat_vault *v, const char *title, const char *text) {
  char id[AMANAT_ID_LEN + 1];
  g_assert_cmpint(amanat_note_add(v, title, text, strlen(text), id), ==, AMANAT_OK);
  return g_strdup(id);
}

static char *add_file(amanat_vault *v, const char *dir, const char *name, gsize size,
                      guint32 seed) {
  char *path = g_build_filename(dir, name, NULL);
  GRand *rand = g_rand_new_with_seed(seed);
  guint8 *bytes = g_malloc(size + 1);
  for (gsize i = 0; i < size; i++)
    bytes[i] = (guint8)g_rand_int(rand);
  g_assert_true(g_file_set_contents(path, (const char *)bytes, (gssize)size, NULL));
  char id[AMANAT_ID_LEN + 1];
  g_assert_cmpint(amanat_doc_import_path(v, path, NULL, id), ==, AMANAT_OK);
  g_unlink(path);
  g_free(path);
  g_free(bytes);
  g_rand_free(rand);
  return g_strdup(id);
}

static void assert_same_dumps(SyncNet *net, unsigned a, unsigned b) {
  char *da = sync_net_dump(net, a), *db = sync_net_dump(net, b);
  g_assert_cmpstr(da, ==, db);
  g_free(da);
  g_free(db);
}

static int import(SyncNet *net, unsigned into, const char *path, amanat_import_result *result) {
  amanat_import_result ignored;
  return amanat_bundle_import(net->vaults[into], path, 0, result != NULL ? result : &ignored);
}

/* Everything a vault holds travels, bit for bit; a second import changes nothing. */
static void test_full_round_trip(void) {
  SyncNet *net = sync_net_new(2);
  amanat_vault *a = net->vaults[0];
  char *note = add_note(a, "Meeting", "Met the source at 9.\nSecond line.");
  char *file = add_file(a, net->root, "scan.bin", 3u << 20, 7); /* several chunks */
  const char *tags[] = {"urgent", "leak"};
  g_assert_cmpint(amanat_doc_tag(a, file, tags, 2, NULL, 0), ==, AMANAT_OK);
  g_assert_cmpint(amanat_doc_set_notes(a, file, "from the ministry"), ==, AMANAT_OK);
  amanat_contact_field fields[] = {{"phone", "+1 555 0100", 0}, {"address", "secret st", 1}};
  char contact[AMANAT_ID_LEN + 1];
  g_assert_cmpint(amanat_contact_add(a, "Samira", fields, 2, contact), ==, AMANAT_OK);
  g_assert_cmpint(amanat_link(a, file, contact, 1), ==, AMANAT_OK);

  char *path = sync_net_bundle_path(net);
  unsigned to = 1;
  g_assert_cmpint(sync_net_export(net, 0, &to, 1, 0, path), ==, AMANAT_OK);
  amanat_import_result result;
  g_assert_cmpint(import(net, 1, path, &result), ==, AMANAT_OK);
  g_assert_cmpstr(result.peer, ==, "v0");
  g_assert_cmpuint(result.added.documents, ==, 2);
  g_assert_cmpuint(result.added.contacts, ==, 1);
  assert_same_dumps(net, 0, 1);

  /* The same bundle again: nothing changes. */
  char *before = sync_net_dump(net, 1);
  g_assert_cmpint(import(net, 1, path, &result), ==, AMANAT_OK);
  g_assert_cmpuint(result.added.documents + result.updated.documents, ==, 0);
  char *after = sync_net_dump(net, 1);
  g_assert_cmpstr(before, ==, after);

  /* The content itself reads back identical. */
  uint8_t *text = NULL;
  size_t len = 0;
  g_assert_cmpint(amanat_doc_read_all(net->vaults[1], note, 1 << 20, &text, &len), ==, AMANAT_OK);
  g_assert_cmpmem(text, len, "Met the source at 9.\nSecond line.", 33);
  amanat_free_secret(text);
  g_free(before);
  g_free(after);
  g_free(path);
  g_free(note);
  g_free(file);
  sync_net_free(net);
}

static goffset bundle_size(const char *path) {
  GStatBuf st;
  g_assert_cmpint(g_stat(path, &st), ==, 0);
  return st.st_size;
}

/* A second export carries only the change, so its size follows the change. */
static void test_incremental(void) {
  SyncNet *net = sync_net_new(2);
  amanat_vault *a = net->vaults[0];
  char *big = add_file(a, net->root, "big.bin", 2u << 20, 1);
  unsigned to = 1;
  char *first = sync_net_bundle_path(net), *second = sync_net_bundle_path(net);
  g_assert_cmpint(sync_net_export(net, 0, &to, 1, 0, first), ==, AMANAT_OK);
  g_assert_cmpint(amanat_doc_set_title(a, big, "renamed"), ==, AMANAT_OK);
  char *note = add_note(a, "small", "a few words");
  amanat_export_options options = {.to = (const char *[]){"v1"}, .to_count = 1};
  amanat_export_result result;
  g_assert_cmpint(amanat_bundle_export(a, second, &options, &result), ==, AMANAT_OK);
  g_assert_cmpuint(result.sent.documents, ==, 2);
  g_assert_cmpint(bundle_size(first), >, 2 << 20);
  g_assert_cmpint(bundle_size(second), <, 64 << 10); /* the 2 MiB file is not sent again */

  g_assert_cmpint(import(net, 1, first, NULL), ==, AMANAT_OK);
  g_assert_cmpint(import(net, 1, second, NULL), ==, AMANAT_OK);
  assert_same_dumps(net, 0, 1);

  /* Nothing changed since: an empty incremental bundle, still a valid one. */
  char *third = sync_net_bundle_path(net);
  g_assert_cmpint(amanat_bundle_export(a, third, &options, &result), ==, AMANAT_OK);
  g_assert_cmpuint(result.sent.documents + result.sent.contacts + result.sent.deletions, ==, 0);
  g_assert_cmpint(import(net, 1, third, NULL), ==, AMANAT_OK);
  g_free(first);
  g_free(second);
  g_free(third);
  g_free(big);
  g_free(note);
  sync_net_free(net);
}

/* A bundle that builds on one not imported yet is refused whole, then taken after it. */
static void test_gap_then_order(void) {
  SyncNet *net = sync_net_new(2);
  amanat_vault *a = net->vaults[0];
  /* A file: its content travels once (a note's text travels with every change). */
  char *note = add_file(a, net->root, "draft", 5000, 11);
  unsigned to = 1;
  char *first = sync_net_bundle_path(net), *second = sync_net_bundle_path(net);
  g_assert_cmpint(sync_net_export(net, 0, &to, 1, 0, first), ==, AMANAT_OK);
  g_assert_cmpint(amanat_doc_set_title(a, note, "final"), ==, AMANAT_OK);
  g_assert_cmpint(sync_net_export(net, 0, &to, 1, 0, second), ==, AMANAT_OK);

  char *empty = sync_net_dump(net, 1);
  g_assert_cmpint(import(net, 1, second, NULL), ==, AMANAT_E_BUNDLE_GAP);
  char *still = sync_net_dump(net, 1);
  g_assert_cmpstr(empty, ==, still);
  g_assert_cmpint(import(net, 1, first, NULL), ==, AMANAT_OK);
  g_assert_cmpint(import(net, 1, second, NULL), ==, AMANAT_OK);
  assert_same_dumps(net, 0, 1);
  /* The old one again, after the newer: nothing goes back. */
  g_assert_cmpint(import(net, 1, first, NULL), ==, AMANAT_OK);
  assert_same_dumps(net, 0, 1);
  g_free(empty);
  g_free(still);
  g_free(first);
  g_free(second);
  g_free(note);
  sync_net_free(net);
}

/* Two vaults edit one note at once: both end with the same winner and the same copy. */
static void test_concurrent_note(void) {
  SyncNet *net = sync_net_new(2);
  char *note = add_note(net->vaults[0], "plan", "original");
  unsigned to1 = 1, to0 = 0;
  char *p = sync_net_bundle_path(net);
  g_assert_cmpint(sync_net_export(net, 0, &to1, 1, 0, p), ==, AMANAT_OK);
  g_assert_cmpint(import(net, 1, p, NULL), ==, AMANAT_OK);
  g_assert_cmpint(amanat_note_set_text(net->vaults[0], note, "edited in A", 11), ==, AMANAT_OK);
  g_assert_cmpint(amanat_note_set_text(net->vaults[1], note, "edited in B", 11), ==, AMANAT_OK);
  char *pa = sync_net_bundle_path(net), *pb = sync_net_bundle_path(net);
  g_assert_cmpint(sync_net_export(net, 0, &to1, 1, 0, pa), ==, AMANAT_OK);
  g_assert_cmpint(sync_net_export(net, 1, &to0, 1, 0, pb), ==, AMANAT_OK);
  amanat_import_result result;
  g_assert_cmpint(import(net, 1, pa, &result), ==, AMANAT_OK);
  g_assert_cmpuint(result.conflicts, ==, 1);
  g_assert_cmpint(import(net, 0, pb, &result), ==, AMANAT_OK);
  assert_same_dumps(net, 0, 1);
  uint64_t count = 0;
  g_assert_cmpint(amanat_doc_count(net->vaults[0], NULL, &count), ==, AMANAT_OK);
  g_assert_cmpuint(count, ==, 2); /* the winner, and the loser kept as a copy */
  g_free(p);
  g_free(pa);
  g_free(pb);
  g_free(note);
  sync_net_free(net);
}

/* A deletion travels; an edit made while it was deleted elsewhere is kept as a copy. */
static void test_delete_against_edit(void) {
  SyncNet *net = sync_net_new(2);
  char *note = add_note(net->vaults[0], "list", "one");
  char *file = add_file(net->vaults[0], net->root, "f", 1000, 3);
  unsigned to1 = 1, to0 = 0;
  char *p = sync_net_bundle_path(net);
  g_assert_cmpint(sync_net_export(net, 0, &to1, 1, 0, p), ==, AMANAT_OK);
  g_assert_cmpint(import(net, 1, p, NULL), ==, AMANAT_OK);
  g_assert_cmpint(amanat_doc_delete(net->vaults[0], note), ==, AMANAT_OK);
  g_assert_cmpint(amanat_doc_delete(net->vaults[0], file), ==, AMANAT_OK);
  g_assert_cmpint(amanat_note_set_text(net->vaults[1], note, "one, two", 8), ==, AMANAT_OK);
  g_assert_cmpint(amanat_doc_set_title(net->vaults[1], file, "kept?"), ==, AMANAT_OK);
  char *pa = sync_net_bundle_path(net), *pb = sync_net_bundle_path(net);
  g_assert_cmpint(sync_net_export(net, 0, &to1, 1, 0, pa), ==, AMANAT_OK);
  g_assert_cmpint(sync_net_export(net, 1, &to0, 1, 0, pb), ==, AMANAT_OK);
  g_assert_cmpint(import(net, 1, pa, NULL), ==, AMANAT_OK);
  g_assert_cmpint(import(net, 0, pb, NULL), ==, AMANAT_OK);
  assert_same_dumps(net, 0, 1);
  uint64_t count = 0;
  g_assert_cmpint(amanat_doc_count(net->vaults[1], NULL, &count), ==, AMANAT_OK);
  g_assert_cmpuint(count, ==, 1); /* the edited note, as a copy; the file is gone */
  g_free(p);
  g_free(pa);
  g_free(pb);
  g_free(note);
  g_free(file);
  sync_net_free(net);
}

static int find_contact(const amanat_contact_info *c, void *data) {
  *(char **)data = g_strdup(c->id);
  return 0;
}

static const amanat_contact_field *field_of(const amanat_contact_info *c, const char *label) {
  for (size_t i = 0; i < c->field_count; i++)
    if (strcmp(c->fields[i].label, label) == 0)
      return &c->fields[i];
  return NULL;
}

static int remember_secret(const amanat_contact_info *c, void *data) {
  const amanat_contact_field *f = field_of(c, "real name");
  *(char **)data = g_strdup(f != NULL ? f->value : "(none)");
  return 0;
}

/* --omit-sensitive: the label travels, the value stays; an edit coming back keeps it. */
static void test_omit_sensitive(void) {
  SyncNet *net = sync_net_new(2);
  amanat_contact_field fields[] = {{"phone", "+1 555 0100", 0}, {"real name", "Amina H.", 1}};
  char id[AMANAT_ID_LEN + 1];
  g_assert_cmpint(amanat_contact_add(net->vaults[0], "Falcon", fields, 2, id), ==, AMANAT_OK);
  char *p = sync_net_bundle_path(net);
  amanat_export_options options = {
      .to = (const char *[]){"v1"}, .to_count = 1, .omit_sensitive = 1};
  amanat_export_result result;
  g_assert_cmpint(amanat_bundle_export(net->vaults[0], p, &options, &result), ==, AMANAT_OK);
  GBytes *bytes = test_read_file(p);
  gsize len = 0;
  const char *data = g_bytes_get_data(bytes, &len);
  g_assert_null(g_strstr_len(data, (gssize)len, "Amina")); /* encrypted anyway; and absent: */
  g_bytes_unref(bytes);
  g_assert_cmpint(import(net, 1, p, NULL), ==, AMANAT_OK);
  char *there = NULL, *secret = NULL;
  g_assert_cmpint(amanat_contact_list(net->vaults[1], find_contact, &there), ==, AMANAT_OK);
  g_assert_cmpint(amanat_contact_show(net->vaults[1], there, remember_secret, &secret), ==,
                  AMANAT_OK);
  g_assert_cmpstr(secret, ==, ""); /* withheld: the label only */
  g_free(secret);
  /* The colleague renames the contact and sends it back: the value stays at home. */
  g_assert_cmpint(
      amanat_contact_edit(net->vaults[1], there, "Falcon (met twice)", NULL, 0, NULL, 0), ==,
      AMANAT_OK);
  char *back = sync_net_bundle_path(net);
  unsigned to0 = 0;
  g_assert_cmpint(sync_net_export(net, 1, &to0, 1, 0, back), ==, AMANAT_OK);
  g_assert_cmpint(import(net, 0, back, NULL), ==, AMANAT_OK);
  g_assert_cmpint(amanat_contact_show(net->vaults[0], id, remember_secret, &secret), ==, AMANAT_OK);
  g_assert_cmpstr(secret, ==, "Amina H.");
  g_free(secret);
  g_free(there);
  g_free(p);
  g_free(back);
  sync_net_free(net);
}

/* --tag: only items with the tag, and nothing counts as sent. */
static void test_tag_filter(void) {
  SyncNet *net = sync_net_new(2);
  char *tagged = add_note(net->vaults[0], "tagged", "for the trip");
  char *other = add_note(net->vaults[0], "other", "stays home");
  const char *tags[] = {"trip"};
  g_assert_cmpint(amanat_doc_tag(net->vaults[0], tagged, tags, 1, NULL, 0), ==, AMANAT_OK);
  char *p = sync_net_bundle_path(net);
  amanat_export_options options = {
      .to = (const char *[]){"v1"}, .to_count = 1, .tags = tags, .tag_count = 1};
  amanat_export_result result;
  g_assert_cmpint(amanat_bundle_export(net->vaults[0], p, &options, &result), ==, AMANAT_OK);
  g_assert_cmpuint(result.sent.documents, ==, 1);
  g_assert_cmpint(import(net, 1, p, NULL), ==, AMANAT_OK);
  uint64_t count = 0;
  g_assert_cmpint(amanat_doc_count(net->vaults[1], NULL, &count), ==, AMANAT_OK);
  g_assert_cmpuint(count, ==, 1);
  /* A normal export afterwards still carries both. */
  char *all = sync_net_bundle_path(net);
  options.tag_count = 0;
  g_assert_cmpint(amanat_bundle_export(net->vaults[0], all, &options, &result), ==, AMANAT_OK);
  g_assert_cmpuint(result.sent.documents, ==, 2);
  g_free(p);
  g_free(all);
  g_free(tagged);
  g_free(other);
  sync_net_free(net);
}

/* ---- Convergence under random edits and deliveries ---------------------------------- */

typedef struct Ids {
  GPtrArray *docs, *notes, *contacts;
} Ids;

static int collect_doc(const amanat_doc_info *doc, void *data) {
  Ids *ids = data;
  g_ptr_array_add(doc->kind == AMANAT_DOC_NOTE ? ids->notes : ids->docs, g_strdup(doc->id));
  return 0;
}

static int collect_contact(const amanat_contact_info *contact, void *data) {
  Ids *ids = data;
  g_ptr_array_add(ids->contacts, g_strdup(contact->id));
  return 0;
}

static Ids list_ids(amanat_vault *v) {
  Ids ids = {g_ptr_array_new_with_free_func(g_free), g_ptr_array_new_with_free_func(g_free),
             g_ptr_array_new_with_free_func(g_free)};
  g_assert_cmpint(amanat_doc_list(v, NULL, 0, 0, collect_doc, &ids), ==, AMANAT_OK);
  g_assert_cmpint(amanat_contact_list(v, collect_contact, &ids), ==, AMANAT_OK);
  return ids;
}

static void free_ids(Ids *ids) {
  g_ptr_array_free(ids->docs, TRUE);
  g_ptr_array_free(ids->notes, TRUE);
  g_ptr_array_free(ids->contacts, TRUE);
}

static const char *pick(GRand *rand, GPtrArray *list) {
  return list->len == 0 ? NULL : g_ptr_array_index(list, g_rand_int_range(rand, 0, list->len));
}

static const char *const words[] = {"alpha", "beta", "gamma", "delta", "report", "source"};

static void random_edit(SyncNet *net, unsigned i, GRand *rand, unsigned step) {
  amanat_vault *v = net->vaults[i];
  Ids ids = list_ids(v);
  const char *doc = pick(rand, ids.docs), *note = pick(rand, ids.notes),
             *contact = pick(rand, ids.contacts);
  const char *any = g_rand_boolean(rand) ? doc : note;
  const char *word = words[g_rand_int_range(rand, 0, G_N_ELEMENTS(words))];
  char *text = g_strdup_printf("%s %u from v%u", word, step, i);
  char id[AMANAT_ID_LEN + 1];
  int rc = AMANAT_OK;
  switch (g_rand_int_range(rand, 0, 13)) {
  case 0:
  case 1:
    g_free(add_file(v, net->root, "random", g_rand_int_range(rand, 0, 5000), step));
    break;
  case 2:
    g_free(add_note(v, word, text));
    break;
  case 3:
    if (note != NULL)
      rc = amanat_note_set_text(v, note, text, strlen(text));
    break;
  case 4:
    if (any != NULL)
      rc = amanat_doc_set_title(v, any, text);
    break;
  case 5:
    if (any != NULL) {
      const char *tags[] = {word};
      rc = g_rand_boolean(rand) ? amanat_doc_tag(v, any, tags, 1, NULL, 0)
                                : amanat_doc_tag(v, any, NULL, 0, tags, 1);
    }
    break;
  case 6:
    if (any != NULL && g_rand_int_range(rand, 0, 3) == 0)
      rc = amanat_doc_delete(v, any);
    break;
  case 7: {
    amanat_contact_field fields[] = {{"phone", text, 0}, {"secret", word, 1}};
    rc = amanat_contact_add(v, word, fields, g_rand_int_range(rand, 0, 3), id);
    break;
  }
  case 8:
    if (contact != NULL) {
      amanat_contact_field set = {word, text, (int)g_rand_boolean(rand)};
      rc = amanat_contact_edit(v, contact, g_rand_boolean(rand) ? text : NULL, &set, 1, NULL, 0);
    }
    break;
  case 9:
    if (contact != NULL)
      rc = amanat_contact_set_notes(v, contact, text);
    break;
  case 10:
    if (contact != NULL && g_rand_int_range(rand, 0, 3) == 0)
      rc = amanat_contact_delete(v, contact);
    break;
  case 11:
    if (any != NULL && contact != NULL)
      rc = amanat_link(v, any, contact, (int)g_rand_boolean(rand));
    break;
  case 12:
    if (contact != NULL) {
      const char *tags[] = {word};
      rc = amanat_contact_tag(v, contact, tags, 1, NULL, 0);
    }
    break;
  }
  g_assert_cmpint(rc, ==, AMANAT_OK);
  g_free(text);
  free_ids(&ids);
}

typedef struct Delivery {
  char *path;
  unsigned to;
} Delivery;

static guint64 env_number(const char *name, guint64 fallback) {
  const char *value = g_getenv(name);
  return value != NULL && value[0] != '\0' ? g_ascii_strtoull(value, NULL, 10) : fallback;
}

/* Imports what is waiting, in random order, some twice; a bundle whose predecessor has
 * not arrived waits for a later try. */
static void deliver_some(SyncNet *net, GPtrArray *mail, GRand *rand, gboolean all) {
  for (guint tries = 0; mail->len > 0 && tries < (all ? 1000 : 3); tries++) {
    guint k = g_rand_int_range(rand, 0, mail->len);
    Delivery *d = g_ptr_array_index(mail, k);
    int rc = import(net, d->to, d->path, NULL);
    g_assert_true(rc == AMANAT_OK || rc == AMANAT_E_BUNDLE_GAP);
    /* Kept after a success now and then: a duplicate or stale delivery later. */
    if (rc == AMANAT_OK && (all || g_rand_int_range(rand, 0, 4) != 0))
      g_ptr_array_remove_index(mail, k);
  }
}

static void free_delivery(gpointer data) {
  Delivery *d = data;
  g_free(d->path);
  g_free(d);
}

static void test_convergence(void) {
  guint64 seed = env_number("AMANAT_SYNC_SEED", 20261123);
  guint64 ops = env_number("AMANAT_SYNC_OPS", 300);
  g_test_message("seed %" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT " operations", seed, ops);
  GRand *rand = g_rand_new_with_seed((guint32)seed);
  const unsigned n = 5;
  SyncNet *net = sync_net_new(n);
  GPtrArray *mail = g_ptr_array_new_with_free_func(free_delivery);
  for (guint64 step = 0; step < ops; step++) {
    random_edit(net, g_rand_int_range(rand, 0, n), rand, (unsigned)step);
    if (g_rand_int_range(rand, 0, 6) == 0) {
      unsigned from = g_rand_int_range(rand, 0, n), to[SYNC_NET_MAX], count = 0;
      for (unsigned j = 0; j < n; j++)
        if (j != from && g_rand_int_range(rand, 0, 2) == 0)
          to[count++] = j;
      if (count == 0)
        to[count++] = (from + 1) % n;
      char *path = sync_net_bundle_path(net);
      g_assert_cmpint(
          sync_net_export(net, from, to, count, g_rand_int_range(rand, 0, 8) == 0, path), ==,
          AMANAT_OK);
      for (unsigned j = 0; j < count; j++) {
        Delivery *d = g_new0(Delivery, 1);
        d->path = g_strdup(path);
        d->to = to[j];
        g_ptr_array_add(mail, d);
      }
      g_free(path);
    }
    if (g_rand_int_range(rand, 0, 4) == 0)
      deliver_some(net, mail, rand, FALSE);
  }
  deliver_some(net, mail, rand, TRUE);
  g_assert_cmpuint(mail->len, ==, 0);
  /* Then everyone sends everyone the rest, until nothing new comes (what an import made,
   * such as conflict copies, travels in the next round). */
  for (int round = 0; round < 3; round++) {
    for (unsigned from = 0; from < n; from++) {
      unsigned to[SYNC_NET_MAX], count = 0;
      for (unsigned j = 0; j < n; j++)
        if (j != from)
          to[count++] = j;
      char *path = sync_net_bundle_path(net);
      g_assert_cmpint(sync_net_export(net, from, to, count, 0, path), ==, AMANAT_OK);
      for (unsigned j = 0; j < count; j++)
        g_assert_cmpint(import(net, to[j], path, NULL), ==, AMANAT_OK);
      g_free(path);
    }
  }
  char *first = sync_net_dump(net, 0);
  g_assert_cmpuint(strlen(first), >, 0);
  for (unsigned i = 1; i < n; i++) {
    char *other = sync_net_dump(net, i);
    if (strcmp(first, other) != 0 && g_getenv("AMANAT_SYNC_DIFF_DIR") != NULL) {
      /* For a longer run that fails: both dumps, to compare with diff. */
      char *a = g_build_filename(g_getenv("AMANAT_SYNC_DIFF_DIR"), "dump-0", NULL);
      char *b = g_strdup_printf("%s/dump-%u", g_getenv("AMANAT_SYNC_DIFF_DIR"), i);
      g_assert_true(g_file_set_contents(a, first, -1, NULL));
      g_assert_true(g_file_set_contents(b, other, -1, NULL));
      g_free(a);
      g_free(b);
    }
    g_assert_cmpstr(first, ==, other);
    g_free(other);
  }
  char **lines = g_strsplit(first, "\n", -1);
  g_test_message("%u lines in the converged dump", g_strv_length(lines));
  g_strfreev(lines);
  g_free(first);
  g_ptr_array_free(mail, TRUE);
  g_rand_free(rand);
  sync_net_free(net);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_assert_cmpint(amanat_init(), ==, AMANAT_OK);
  g_test_add_func("/sync/full-round-trip", test_full_round_trip);
  g_test_add_func("/sync/incremental", test_incremental);
  g_test_add_func("/sync/gap-then-order", test_gap_then_order);
  g_test_add_func("/sync/concurrent-note", test_concurrent_note);
  g_test_add_func("/sync/delete-against-edit", test_delete_against_edit);
  g_test_add_func("/sync/omit-sensitive", test_omit_sensitive);
  g_test_add_func("/sync/tag-filter", test_tag_filter);
  g_test_add_func("/sync/convergence", test_convergence);
  return g_test_run();
}
