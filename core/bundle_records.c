/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bundle_records.c: encoding and strict decoding of bundle records. Integers are
 * little-endian; strings are a 4-byte length and UTF-8; lists a 2-byte count. */
#include "bundle_records.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "io.h"

#define TITLE_MAX 1000
#define NOTES_MAX (1u << 20)
#define TAG_MAX   200
#define LABEL_MAX 100
#define VALUE_MAX 4000
#define NAME_MAX_ 500
#define TYPE_MAX  200
#define LIST_MAX  4096

void record_buf_reset(record_buf *b) {
  if (b->data != NULL)
    sodium_memzero(b->data, b->len);
  b->len = 0;
  b->failed = 0;
}

void record_buf_free(record_buf *b) {
  if (b->data != NULL)
    sodium_memzero(b->data, b->cap);
  free(b->data);
  memset(b, 0, sizeof *b);
}

static void put_bytes(record_buf *b, const void *data, size_t len) {
  if (b->failed)
    return;
  if (b->len + len > b->cap) {
    size_t cap = b->cap == 0 ? 4096 : b->cap;
    while (cap < b->len + len)
      cap *= 2;
    /* Not realloc: the old block is wiped before it is freed. */
    uint8_t *grown = io_malloc(cap);
    if (grown == NULL) {
      b->failed = 1;
      return;
    }
    if (b->data != NULL) {
      memcpy(grown, b->data, b->len);
      sodium_memzero(b->data, b->cap);
      free(b->data);
    }
    b->data = grown;
    b->cap = cap;
  }
  memcpy(b->data + b->len, data, len);
  b->len += len;
}

static void put_u8(record_buf *b, uint8_t x) {
  put_bytes(b, &x, 1);
}

static void put_le(record_buf *b, uint64_t x, int bytes) {
  uint8_t out[8];
  for (int i = 0; i < bytes; i++)
    out[i] = (uint8_t)(x >> (8 * i));
  put_bytes(b, out, (size_t)bytes);
}

static void put_str(record_buf *b, const char *s) {
  size_t len = strlen(s);
  put_le(b, len, 4);
  put_bytes(b, s, len);
}

static void put_version(record_buf *b, const sync_version *v) {
  uint8_t *encoded = io_malloc(SYNC_VV_MAX_ENTRIES * SYNC_VV_ENTRY_LEN);
  if (encoded == NULL) {
    b->failed = 1;
    return;
  }
  size_t len = sync_vv_encode(v->vv, encoded);
  put_le(b, v->vv->count, 2);
  put_bytes(b, encoded, len);
  free(encoded);
  put_le(b, v->clock, 8);
  put_bytes(b, v->origin, SYNC_ORIGIN_LEN);
}

static void put_tags(record_buf *b, const char *const *tags, size_t count) {
  put_le(b, count, 2);
  for (size_t i = 0; i < count; i++)
    put_str(b, tags[i]);
}

/* Writes the type and a length placeholder; end_record fills the length in. */
static size_t begin_record(record_buf *b, uint8_t type) {
  put_u8(b, type);
  size_t at = b->len;
  put_le(b, 0, 4);
  return at;
}

static void end_record(record_buf *b, size_t at) {
  if (b->failed)
    return;
  uint64_t body = b->len - at - 4;
  for (int i = 0; i < 4; i++)
    b->data[at + (size_t)i] = (uint8_t)(body >> (8 * i));
}

void record_put_sender(record_buf *b, const bundle_sender *s) {
  size_t at = begin_record(b, RECORD_SENDER);
  put_bytes(b, s->x25519, 32);
  put_bytes(b, s->ed25519, 32);
  put_le(b, s->number, 8);
  put_le(b, s->flags, 4);
  end_record(b, at);
}

void record_put_document(record_buf *b, const sync_doc_state *d, int has_content) {
  size_t at = begin_record(b, RECORD_DOCUMENT);
  put_bytes(b, d->uid, 16);
  put_u8(b, (uint8_t)d->kind);
  put_version(b, &d->version);
  put_bytes(b, d->cv, 16);
  put_str(b, d->title);
  put_str(b, d->content_type);
  put_le(b, d->size, 8);
  put_str(b, d->added);
  put_str(b, d->notes);
  put_tags(b, d->tags, d->tag_count);
  put_le(b, d->link_count, 2);
  for (size_t i = 0; i < d->link_count; i++)
    put_bytes(b, d->links[i], 16);
  put_u8(b, (uint8_t)d->has_conflict_of);
  if (d->has_conflict_of)
    put_bytes(b, d->conflict_of, 16);
  put_u8(b, (uint8_t)has_content);
  end_record(b, at);
}

void record_put_contact(record_buf *b, const sync_contact_state *c, int omit_sensitive) {
  size_t at = begin_record(b, RECORD_CONTACT);
  put_bytes(b, c->uid, 16);
  put_version(b, &c->version);
  put_str(b, c->name);
  put_str(b, c->notes);
  put_str(b, c->added);
  put_le(b, c->field_count, 2);
  for (size_t i = 0; i < c->field_count; i++) {
    const sync_field *f = &c->fields[i];
    int withheld = f->withheld || (omit_sensitive && f->sensitive);
    put_str(b, f->label);
    put_str(b, withheld ? "" : f->value);
    put_u8(b, (uint8_t)((f->sensitive ? 1 : 0) | (withheld ? 2 : 0)));
  }
  put_tags(b, c->tags, c->tag_count);
  end_record(b, at);
}

void record_put_tombstone(record_buf *b, const sync_tombstone *t) {
  size_t at = begin_record(b, RECORD_TOMBSTONE);
  put_bytes(b, t->uid, 16);
  put_u8(b, (uint8_t)t->kind);
  put_version(b, &t->version);
  put_bytes(b, t->cv, 16);
  end_record(b, at);
}

void record_put_end(record_buf *b) {
  put_u8(b, RECORD_END);
}

/* ---- Decoding --------------------------------------------------------------------- */

typedef struct cursor {
  const uint8_t *p;
  size_t left;
  int bad;
  int nomem; /* bad because memory ran out, not because of the bytes */
  sync_arena *arena;
} cursor;

/* Memory from the record's arena; when there is none, the record is refused as out of
 * memory (finish), never as malformed. */
static void *cursor_alloc(cursor *c, size_t len) {
  void *p = sync_arena_alloc(c->arena, len);
  if (p == NULL)
    c->bad = c->nomem = 1;
  return p;
}

static const uint8_t *take(cursor *c, size_t len) {
  if (c->bad || c->left < len) {
    c->bad = 1;
    return NULL;
  }
  const uint8_t *at = c->p;
  c->p += len;
  c->left -= len;
  return at;
}

static uint64_t get_le(cursor *c, int bytes) {
  const uint8_t *p = take(c, (size_t)bytes);
  uint64_t x = 0;
  for (int i = bytes - 1; p != NULL && i >= 0; i--)
    x = (x << 8) | p[i];
  return x;
}

static void get_raw(cursor *c, void *out, size_t len) {
  const uint8_t *p = take(c, len);
  if (p != NULL)
    memcpy(out, p, len);
  else
    memset(out, 0, len);
}

/* A string of at most `max` bytes: valid UTF-8, control characters only if multiline. */
static const char *get_str(cursor *c, size_t max, int multiline, int may_be_empty) {
  uint64_t len = get_le(c, 4);
  if (c->bad || len > max || (len == 0 && !may_be_empty)) {
    c->bad = 1;
    return "";
  }
  const uint8_t *p = take(c, (size_t)len);
  char *s = p != NULL ? sync_arena_strndup(c->arena, (const char *)p, (size_t)len) : NULL;
  if (p != NULL && s == NULL)
    c->nomem = 1;
  if (s == NULL || memchr(s, '\0', (size_t)len) != NULL ||
      store_check_text(s, max, multiline) != AMANAT_OK) {
    c->bad = 1;
    return "";
  }
  return s;
}

static void get_version(cursor *c, sync_version *v) {
  uint64_t count = get_le(c, 2);
  v->vv = cursor_alloc(c, sizeof *v->vv);
  const uint8_t *p =
      count <= SYNC_VV_MAX_ENTRIES ? take(c, (size_t)count * SYNC_VV_ENTRY_LEN) : NULL;
  if (v->vv == NULL || p == NULL ||
      sync_vv_decode(p, (size_t)count * SYNC_VV_ENTRY_LEN, v->vv) != AMANAT_OK)
    c->bad = 1;
  v->clock = get_le(c, 8);
  get_raw(c, v->origin, SYNC_ORIGIN_LEN);
  /* A version always names at least its writer. */
  if (!c->bad && (v->vv->count == 0 || v->clock == 0 || v->clock > INT64_MAX))
    c->bad = 1;
}

/* Tags: sorted, distinct, non-empty. */
static void get_tags(cursor *c, const char ***out, size_t *count) {
  uint64_t n = get_le(c, 2);
  *count = 0;
  *out = n <= LIST_MAX ? cursor_alloc(c, (size_t)(n + 1) * sizeof **out) : NULL;
  if (*out == NULL) {
    c->bad = 1;
    return;
  }
  for (size_t i = 0; i < n && !c->bad; i++) {
    (*out)[i] = get_str(c, TAG_MAX, 0, 0);
    if (i > 0 && strcmp((*out)[i - 1], (*out)[i]) >= 0)
      c->bad = 1;
  }
  *count = (size_t)n;
}

static int finish(cursor *c) {
  if (c->nomem)
    return AMANAT_E_NOMEM;
  return c->bad || c->left != 0 ? AMANAT_E_BAD_BUNDLE : AMANAT_OK;
}

int record_get_sender(const uint8_t *body, size_t len, bundle_sender *out) {
  cursor c = {.p = body, .left = len};
  get_raw(&c, out->x25519, 32);
  get_raw(&c, out->ed25519, 32);
  out->number = get_le(&c, 8);
  out->flags = (uint32_t)get_le(&c, 4);
  if (out->flags & ~(BUNDLE_FLAG_FULL | BUNDLE_FLAG_OMIT_SENSITIVE | BUNDLE_FLAG_TAGS))
    c.bad = 1;
  return finish(&c);
}

int record_get_document(const uint8_t *body, size_t len, sync_arena *arena, sync_doc_state *out,
                        int *has_content) {
  cursor c = {.p = body, .left = len, .arena = arena};
  memset(out, 0, sizeof *out);
  get_raw(&c, out->uid, 16);
  out->kind = (int)get_le(&c, 1);
  if (out->kind != AMANAT_DOC_FILE && out->kind != AMANAT_DOC_NOTE)
    c.bad = 1;
  get_version(&c, &out->version);
  get_raw(&c, out->cv, 16);
  out->title = get_str(&c, TITLE_MAX, 0, 1);
  out->content_type = get_str(&c, TYPE_MAX, 0, 0);
  out->size = get_le(&c, 8);
  out->added = get_str(&c, 10, 0, 0);
  out->notes = get_str(&c, NOTES_MAX, 1, 1);
  get_tags(&c, &out->tags, &out->tag_count);
  uint64_t links = get_le(&c, 2);
  out->links = links <= LIST_MAX ? cursor_alloc(&c, (size_t)(links + 1) * 16) : NULL;
  if (out->links == NULL)
    c.bad = 1;
  for (size_t i = 0; i < links && !c.bad; i++) {
    get_raw(&c, out->links[i], 16);
    if (i > 0 && memcmp(out->links[i - 1], out->links[i], 16) >= 0)
      c.bad = 1;
  }
  out->link_count = c.bad ? 0 : (size_t)links;
  uint64_t conflict = get_le(&c, 1);
  if (conflict > 1)
    c.bad = 1;
  out->has_conflict_of = (int)conflict;
  if (conflict)
    get_raw(&c, out->conflict_of, 16);
  uint64_t content = get_le(&c, 1);
  if (content > 1 || out->size > INT64_MAX)
    c.bad = 1;
  *has_content = (int)content;
  return finish(&c);
}

int record_get_contact(const uint8_t *body, size_t len, sync_arena *arena,
                       sync_contact_state *out) {
  cursor c = {.p = body, .left = len, .arena = arena};
  memset(out, 0, sizeof *out);
  get_raw(&c, out->uid, 16);
  get_version(&c, &out->version);
  out->name = get_str(&c, NAME_MAX_, 0, 0);
  out->notes = get_str(&c, NOTES_MAX, 1, 1);
  out->added = get_str(&c, 10, 0, 0);
  uint64_t n = get_le(&c, 2);
  out->fields = n <= LIST_MAX ? cursor_alloc(&c, (size_t)(n + 1) * sizeof *out->fields) : NULL;
  if (out->fields == NULL)
    c.bad = 1;
  for (size_t i = 0; i < n && !c.bad; i++) {
    sync_field *f = &out->fields[i];
    f->label = get_str(&c, LABEL_MAX, 0, 0);
    f->value = get_str(&c, VALUE_MAX, 1, 1);
    uint64_t flags = get_le(&c, 1);
    if (flags > 3 || ((flags & 2) && f->value[0] != '\0'))
      c.bad = 1;
    f->sensitive = (int)(flags & 1);
    f->withheld = (int)((flags >> 1) & 1);
    for (size_t j = 0; j < i && !c.bad; j++)
      if (strcmp(out->fields[j].label, f->label) == 0)
        c.bad = 1; /* one field per label */
  }
  out->field_count = c.bad ? 0 : (size_t)n;
  get_tags(&c, &out->tags, &out->tag_count);
  return finish(&c);
}

int record_get_tombstone(const uint8_t *body, size_t len, sync_arena *arena, sync_tombstone *out) {
  cursor c = {.p = body, .left = len, .arena = arena};
  memset(out, 0, sizeof *out);
  get_raw(&c, out->uid, 16);
  out->kind = (int)get_le(&c, 1);
  if (out->kind != 1 && out->kind != 2)
    c.bad = 1;
  get_version(&c, &out->version);
  get_raw(&c, out->cv, 16);
  return finish(&c);
}
