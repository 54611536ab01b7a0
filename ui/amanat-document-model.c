/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-document-model.c: stays fast at 100 000 documents by never reading them all:
 * the count comes from amanat_doc_count, rows from amanat_doc_list in pages kept in a
 * small least-recently-used cache. While a job has the vault, rows not cached yet are
 * placeholders, and the model reloads when the job is done. */
#include "config.h"

#include <string.h>

#include "amanat-document-model.h"

#define MAX_CACHED_PAGES 32

typedef struct {
  guint offset; /* in the vault's full list */
  char id[AMANAT_ID_LEN + 1];
} HiddenRow;

typedef struct {
  char id[AMANAT_ID_LEN + 1];
  AmanatDocument *doc; /* read when first shown */
} Hit;

typedef struct {
  Hit *hit;
  guint index;
} HiddenHit;

struct _AmanatDocumentModel {
  GObject parent_instance;

  AmanatSession *session;
  gulong busy_handler;
  gulong unlocked_handler;

  guint n_items;
  char *query;    /* NULL: the whole list */
  gboolean stale; /* a placeholder was handed out */

  /* The whole list. */
  guint64 core_count;
  GHashTable *pages; /* page number + 1 → GPtrArray of AmanatDocument */
  GQueue lru;        /* page numbers + 1, most recent first */
  GArray *hidden;    /* HiddenRow, sorted by offset */

  /* Search results. */
  GPtrArray *hits;         /* Hit */
  GPtrArray *hidden_hits;  /* HiddenHit */
  guint search_generation; /* results of older searches are dropped */
  guint searches;          /* search jobs not finished */
};

static void list_model_iface_init(GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE(AmanatDocumentModel, amanat_document_model, G_TYPE_OBJECT,
                              G_IMPLEMENT_INTERFACE(G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_SEARCHING,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static void hit_free(Hit *hit) {
  if (hit == NULL)
    return;
  g_clear_object(&hit->doc);
  g_free(hit);
}

static void hidden_hit_free(HiddenHit *hidden) {
  hit_free(hidden->hit);
  g_free(hidden);
}

static void drop_pages(AmanatDocumentModel *self) {
  g_hash_table_remove_all(self->pages);
  g_queue_clear(&self->lru);
}

/* Visible position → offset in the vault's list, skipping hidden rows. */
static guint visible_to_offset(AmanatDocumentModel *self, guint position) {
  guint offset = position;
  for (guint i = 0; i < self->hidden->len; i++) {
    if (g_array_index(self->hidden, HiddenRow, i).offset > offset)
      break;
    offset++;
  }
  return offset;
}

static guint offset_to_visible(AmanatDocumentModel *self, guint offset) {
  guint before = 0;
  for (guint i = 0; i < self->hidden->len; i++)
    if (g_array_index(self->hidden, HiddenRow, i).offset < offset)
      before++;
  return offset - before;
}

static int collect_doc(const amanat_doc_info *info, void *user_data) {
  g_ptr_array_add(user_data, amanat_document_new_from_info(info));
  return 0;
}

static int collect_hit(const amanat_search_hit *hit, void *user_data) {
  GPtrArray *hits = user_data;
  if (hit->kind == AMANAT_HIT_CONTACT)
    return 0;
  Hit *copy = g_new0(Hit, 1);
  g_strlcpy(copy->id, hit->id, sizeof copy->id);
  g_ptr_array_add(hits, copy);
  return 0;
}

static gboolean is_hidden_hit(AmanatDocumentModel *self, const char *id) {
  for (guint i = 0; i < self->hidden_hits->len; i++) {
    HiddenHit *hidden = g_ptr_array_index(self->hidden_hits, i);
    if (strcmp(hidden->hit->id, id) == 0)
      return TRUE;
  }
  return FALSE;
}

static GPtrArray *fetch_page(AmanatDocumentModel *self, guint page) {
  amanat_vault *vault = amanat_session_borrow(self->session);
  if (vault == NULL)
    return NULL;
  GPtrArray *docs = g_ptr_array_new_with_free_func(g_object_unref);
  int rc = amanat_doc_list(vault, NULL, (size_t)page * AMANAT_DOCUMENT_MODEL_PAGE_SIZE,
                           AMANAT_DOCUMENT_MODEL_PAGE_SIZE, collect_doc, docs);
  amanat_session_give_back(self->session);
  if (rc < 0) {
    g_ptr_array_unref(docs);
    return NULL;
  }

  g_hash_table_insert(self->pages, GUINT_TO_POINTER(page + 1), docs);
  g_queue_push_head(&self->lru, GUINT_TO_POINTER(page + 1));
  while (g_queue_get_length(&self->lru) > MAX_CACHED_PAGES)
    g_hash_table_remove(self->pages, g_queue_pop_tail(&self->lru));
  return docs;
}

static AmanatDocument *list_item(AmanatDocumentModel *self, guint position) {
  guint offset = visible_to_offset(self, position);
  guint page = offset / AMANAT_DOCUMENT_MODEL_PAGE_SIZE;
  GPtrArray *docs = g_hash_table_lookup(self->pages, GUINT_TO_POINTER(page + 1));
  if (docs != NULL) {
    GList *link = g_queue_find(&self->lru, GUINT_TO_POINTER(page + 1));
    g_queue_unlink(&self->lru, link);
    g_queue_push_head_link(&self->lru, link);
  } else {
    docs = fetch_page(self, page);
  }
  guint index = offset % AMANAT_DOCUMENT_MODEL_PAGE_SIZE;
  if (docs == NULL || index >= docs->len)
    return NULL;
  return g_object_ref(g_ptr_array_index(docs, index));
}

static int keep_doc(const amanat_doc_info *info, void *user_data) {
  AmanatDocument **out = user_data;
  *out = amanat_document_new_from_info(info);
  return 0;
}

static AmanatDocument *search_item(AmanatDocumentModel *self, guint position) {
  Hit *hit = g_ptr_array_index(self->hits, position);
  if (hit->doc != NULL)
    return g_object_ref(hit->doc);
  amanat_vault *vault = amanat_session_borrow(self->session);
  if (vault == NULL)
    return NULL;
  int rc = amanat_doc_show(vault, hit->id, keep_doc, &hit->doc);
  amanat_session_give_back(self->session);
  if (rc < 0 || hit->doc == NULL)
    return NULL;
  return g_object_ref(hit->doc);
}

static GType amanat_document_model_get_item_type(GListModel *model) {
  return AMANAT_TYPE_DOCUMENT;
}

static guint amanat_document_model_get_n_items(GListModel *model) {
  return AMANAT_DOCUMENT_MODEL(model)->n_items;
}

static gpointer amanat_document_model_get_item(GListModel *model, guint position) {
  AmanatDocumentModel *self = AMANAT_DOCUMENT_MODEL(model);
  if (position >= self->n_items)
    return NULL;
  AmanatDocument *doc =
      self->query != NULL ? search_item(self, position) : list_item(self, position);
  if (doc == NULL) {
    /* The vault is busy (or changed under us): show a stand-in, read again later. */
    self->stale = TRUE;
    doc = amanat_document_new_placeholder();
  }
  return doc;
}

static void list_model_iface_init(GListModelInterface *iface) {
  iface->get_item_type = amanat_document_model_get_item_type;
  iface->get_n_items = amanat_document_model_get_n_items;
  iface->get_item = amanat_document_model_get_item;
}

static void set_n_items(AmanatDocumentModel *self, guint n_items) {
  guint removed = self->n_items;
  /* Two signals, not one "removed N, added M": GTK 4.8's list view looks for the rows it
   * released among all the added items, reading every one of them (12 s at 100 000
   * documents, tests/bench/bench-list.c). After a removal alone it has none to look for. */
  self->n_items = 0; /* what the model holds between the two */
  if (removed != 0)
    g_list_model_items_changed(G_LIST_MODEL(self), 0, removed, 0);
  self->n_items = n_items;
  if (n_items != 0)
    g_list_model_items_changed(G_LIST_MODEL(self), 0, 0, n_items);
}

static void on_session_busy_cb(AmanatSession *session, GParamSpec *pspec,
                               AmanatDocumentModel *self) {
  if (amanat_session_get_busy(session) || !self->stale)
    return;
  if (self->query != NULL) {
    /* The results stand; rows that were placeholders are read when shown again. */
    self->stale = FALSE;
    g_list_model_items_changed(G_LIST_MODEL(self), 0, self->n_items, self->n_items);
  } else {
    amanat_document_model_reload(self);
  }
}

/* ---- Searching on the worker ------------------------------------------------------- */

typedef struct {
  AmanatDocumentModel *model;
  guint generation;
  char *query;
  GPtrArray *hits; /* Hit */
} SearchJob;

static void search_job_free(SearchJob *job) {
  g_object_unref(job->model);
  g_free(job->query);
  g_ptr_array_unref(job->hits);
  g_free(job);
}

/* Runs on the session's worker: a broad prefix at 100 000 documents takes a fraction of a
 * second, too long for the main thread at every key press. */
static int search_job(amanat_vault **vault, const char *dir, gpointer data,
                      GCancellable *cancellable) {
  SearchJob *job = data;
  if (*vault == NULL)
    return AMANAT_E_CANCELLED;
  /* A query of punctuation alone has no words (AMANAT_E_INVALID): no results; so does any
   * other failure. */
  if (amanat_search(*vault, job->query, 0, collect_hit, job->hits) < 0)
    g_ptr_array_set_size(job->hits, 0);
  return AMANAT_OK;
}

static void search_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  SearchJob *job = user_data;
  AmanatDocumentModel *self = job->model;
  int rc = amanat_session_run_finish(AMANAT_SESSION(source), result, NULL);

  if (rc >= 0 && job->generation == self->search_generation && self->query != NULL &&
      g_strcmp0(job->query, self->query) == 0) {
    g_ptr_array_set_size(self->hits, 0);
    for (guint i = 0; i < job->hits->len; i++) {
      Hit *hit = g_ptr_array_index(job->hits, i);
      if (!is_hidden_hit(self, hit->id))
        g_ptr_array_add(self->hits, g_steal_pointer(&job->hits->pdata[i]));
    }
    set_n_items(self, self->hits->len);
  }
  if (--self->searches == 0)
    g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_SEARCHING]);
  search_job_free(job);
}

static void on_session_unlocked_cb(AmanatSession *session, GParamSpec *pspec,
                                   AmanatDocumentModel *self) {
  if (!amanat_session_get_unlocked(session))
    amanat_document_model_clear(self);
}

static void amanat_document_model_dispose(GObject *object) {
  AmanatDocumentModel *self = AMANAT_DOCUMENT_MODEL(object);

  if (self->session != NULL) {
    g_clear_signal_handler(&self->busy_handler, self->session);
    g_clear_signal_handler(&self->unlocked_handler, self->session);
    g_clear_object(&self->session);
  }

  G_OBJECT_CLASS(amanat_document_model_parent_class)->dispose(object);
}

static void amanat_document_model_finalize(GObject *object) {
  AmanatDocumentModel *self = AMANAT_DOCUMENT_MODEL(object);

  drop_pages(self);
  g_hash_table_unref(self->pages);
  g_array_unref(self->hidden);
  g_ptr_array_unref(self->hits);
  g_ptr_array_unref(self->hidden_hits);
  g_free(self->query);

  G_OBJECT_CLASS(amanat_document_model_parent_class)->finalize(object);
}

static void amanat_document_model_get_property(GObject *object, guint prop_id, GValue *value,
                                               GParamSpec *pspec) {
  AmanatDocumentModel *self = AMANAT_DOCUMENT_MODEL(object);

  switch (prop_id) {
  case PROP_SEARCHING:
    g_value_set_boolean(value, self->searches > 0);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
  }
}

static void amanat_document_model_class_init(AmanatDocumentModelClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);

  object_class->get_property = amanat_document_model_get_property;
  object_class->dispose = amanat_document_model_dispose;
  object_class->finalize = amanat_document_model_finalize;

  properties[PROP_SEARCHING] = g_param_spec_boolean("searching", NULL, NULL, FALSE,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties(object_class, N_PROPS, properties);
}

static void amanat_document_model_init(AmanatDocumentModel *self) {
  self->pages = g_hash_table_new_full(NULL, NULL, NULL, (GDestroyNotify)g_ptr_array_unref);
  g_queue_init(&self->lru);
  self->hidden = g_array_new(FALSE, FALSE, sizeof(HiddenRow));
  self->hits = g_ptr_array_new_with_free_func((GDestroyNotify)hit_free);
  self->hidden_hits = g_ptr_array_new_with_free_func((GDestroyNotify)hidden_hit_free);
}

AmanatDocumentModel *amanat_document_model_new(AmanatSession *session) {
  g_return_val_if_fail(AMANAT_IS_SESSION(session), NULL);

  AmanatDocumentModel *self = g_object_new(AMANAT_TYPE_DOCUMENT_MODEL, NULL);
  self->session = g_object_ref(session);
  self->busy_handler =
      g_signal_connect(session, "notify::busy", G_CALLBACK(on_session_busy_cb), self);
  self->unlocked_handler =
      g_signal_connect(session, "notify::unlocked", G_CALLBACK(on_session_unlocked_cb), self);
  return self;
}

void amanat_document_model_set_query(AmanatDocumentModel *self, const char *query) {
  g_return_if_fail(AMANAT_IS_DOCUMENT_MODEL(self));

  g_autofree char *trimmed = g_strstrip(g_strdup(query != NULL ? query : ""));
  /* The same query (an empty search box emptied again, before a lock): nothing to do. */
  if (g_strcmp0(self->query, trimmed[0] != '\0' ? trimmed : NULL) == 0)
    return;
  gboolean was_search = self->query != NULL;
  g_free(self->query);
  self->query = trimmed[0] != '\0' ? g_steal_pointer(&trimmed) : NULL;
  self->search_generation++;
  if (self->query != NULL && !was_search) {
    /* From the list to results: nothing is shown until the first results arrive. */
    g_ptr_array_set_size(self->hits, 0);
    set_n_items(self, 0);
  }
  amanat_document_model_reload(self);
}

const char *amanat_document_model_get_query(AmanatDocumentModel *self) {
  g_return_val_if_fail(AMANAT_IS_DOCUMENT_MODEL(self), NULL);
  return self->query;
}

void amanat_document_model_reload(AmanatDocumentModel *self) {
  g_return_if_fail(AMANAT_IS_DOCUMENT_MODEL(self));

  if (self->query != NULL) {
    if (!amanat_session_get_unlocked(self->session)) {
      amanat_document_model_clear(self);
      return;
    }
    /* The current results stay on screen until the new ones arrive. */
    self->stale = FALSE;
    SearchJob *job = g_new0(SearchJob, 1);
    job->model = g_object_ref(self);
    job->generation = ++self->search_generation;
    job->query = g_strdup(self->query);
    job->hits = g_ptr_array_new_with_free_func((GDestroyNotify)hit_free);
    if (self->searches++ == 0)
      g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_SEARCHING]);
    amanat_session_run(self->session, search_job, job, NULL, NULL, search_done_cb, job);
    return;
  }

  amanat_vault *vault = amanat_session_borrow(self->session);
  if (vault == NULL) {
    if (amanat_session_get_unlocked(self->session))
      self->stale = TRUE; /* busy: try again when the job is done */
    else
      amanat_document_model_clear(self);
    return;
  }
  self->stale = FALSE;
  drop_pages(self);

  guint n_items = 0;
  uint64_t count = 0;
  if (amanat_doc_count(vault, NULL, &count) < 0)
    count = 0;
  self->core_count = count;
  guint64 visible = count > self->hidden->len ? count - self->hidden->len : 0;
  n_items = (guint)MIN(visible, (guint64)G_MAXUINT);
  amanat_session_give_back(self->session);
  set_n_items(self, n_items);
}

void amanat_document_model_clear(AmanatDocumentModel *self) {
  g_return_if_fail(AMANAT_IS_DOCUMENT_MODEL(self));

  drop_pages(self);
  g_array_set_size(self->hidden, 0);
  g_ptr_array_set_size(self->hits, 0);
  g_ptr_array_set_size(self->hidden_hits, 0);
  self->core_count = 0;
  self->stale = FALSE;
  self->search_generation++;
  set_n_items(self, 0);
}

AmanatDocument *amanat_document_model_hide(AmanatDocumentModel *self, guint position) {
  g_return_val_if_fail(AMANAT_IS_DOCUMENT_MODEL(self), NULL);
  if (position >= self->n_items)
    return NULL;
  AmanatDocument *doc = g_list_model_get_item(G_LIST_MODEL(self), position);
  if (amanat_document_is_placeholder(doc)) {
    g_object_unref(doc);
    return NULL;
  }

  if (self->query != NULL) {
    HiddenHit *hidden = g_new0(HiddenHit, 1);
    hidden->hit = g_ptr_array_steal_index(self->hits, position);
    hidden->index = position;
    g_ptr_array_add(self->hidden_hits, hidden);
  } else {
    HiddenRow row = {.offset = visible_to_offset(self, position)};
    g_strlcpy(row.id, amanat_document_get_id(doc), sizeof row.id);
    guint at = 0;
    while (at < self->hidden->len && g_array_index(self->hidden, HiddenRow, at).offset < row.offset)
      at++;
    g_array_insert_val(self->hidden, at, row);
  }
  self->n_items--;
  g_list_model_items_changed(G_LIST_MODEL(self), position, 1, 0);
  return doc;
}

gboolean amanat_document_model_unhide(AmanatDocumentModel *self, const char *id) {
  g_return_val_if_fail(AMANAT_IS_DOCUMENT_MODEL(self), FALSE);
  g_return_val_if_fail(id != NULL, FALSE);

  guint position = G_MAXUINT;
  if (self->query != NULL) {
    for (guint i = 0; i < self->hidden_hits->len; i++) {
      HiddenHit *hidden = g_ptr_array_index(self->hidden_hits, i);
      if (strcmp(hidden->hit->id, id) != 0)
        continue;
      position = MIN(hidden->index, self->hits->len);
      g_ptr_array_insert(self->hits, (gint)position, g_steal_pointer(&hidden->hit));
      g_free(g_ptr_array_steal_index(self->hidden_hits, i));
      break;
    }
  } else {
    for (guint i = 0; i < self->hidden->len; i++) {
      HiddenRow *row = &g_array_index(self->hidden, HiddenRow, i);
      if (strcmp(row->id, id) != 0)
        continue;
      guint offset = row->offset;
      g_array_remove_index(self->hidden, i);
      position = offset_to_visible(self, offset);
      break;
    }
  }
  if (position == G_MAXUINT)
    return FALSE;
  self->n_items++;
  g_list_model_items_changed(G_LIST_MODEL(self), position, 0, 1);
  return TRUE;
}

void amanat_document_model_forget_hidden(AmanatDocumentModel *self, const char *id) {
  g_return_if_fail(AMANAT_IS_DOCUMENT_MODEL(self));
  g_return_if_fail(id != NULL);

  for (guint i = 0; i < self->hidden->len; i++)
    if (strcmp(g_array_index(self->hidden, HiddenRow, i).id, id) == 0)
      g_array_remove_index(self->hidden, i--);
  for (guint i = 0; i < self->hidden_hits->len; i++) {
    HiddenHit *hidden = g_ptr_array_index(self->hidden_hits, i);
    if (strcmp(hidden->hit->id, id) == 0)
      g_ptr_array_remove_index(self->hidden_hits, i--);
  }
}

gboolean amanat_document_model_find(AmanatDocumentModel *self, const char *id, guint *position) {
  g_return_val_if_fail(AMANAT_IS_DOCUMENT_MODEL(self), FALSE);
  g_return_val_if_fail(id != NULL, FALSE);

  if (self->query != NULL) {
    for (guint i = 0; i < self->hits->len; i++) {
      Hit *hit = g_ptr_array_index(self->hits, i);
      if (strcmp(hit->id, id) == 0) {
        *position = i;
        return TRUE;
      }
    }
    return FALSE;
  }
  GHashTableIter iter;
  gpointer key, value;
  g_hash_table_iter_init(&iter, self->pages);
  while (g_hash_table_iter_next(&iter, &key, &value)) {
    GPtrArray *docs = value;
    guint page = GPOINTER_TO_UINT(key) - 1;
    for (guint i = 0; i < docs->len; i++) {
      if (strcmp(amanat_document_get_id(g_ptr_array_index(docs, i)), id) != 0)
        continue;
      guint offset = page * AMANAT_DOCUMENT_MODEL_PAGE_SIZE + i;
      for (guint h = 0; h < self->hidden->len; h++)
        if (g_array_index(self->hidden, HiddenRow, h).offset == offset)
          return FALSE;
      *position = offset_to_visible(self, offset);
      return TRUE;
    }
  }
  return FALSE;
}

gboolean amanat_document_model_get_searching(AmanatDocumentModel *self) {
  g_return_val_if_fail(AMANAT_IS_DOCUMENT_MODEL(self), FALSE);
  return self->searches > 0;
}

guint amanat_document_model_get_cached_pages(AmanatDocumentModel *self) {
  g_return_val_if_fail(AMANAT_IS_DOCUMENT_MODEL(self), 0);
  return g_hash_table_size(self->pages);
}
