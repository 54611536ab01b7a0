/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sync_bundle.c: the record walk shared by import and the export's verifying re-read. */
#include "sync_bundle.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"

#define SKIP_BLOCK 65536

int sync_content_read(void *data, uint8_t *buf, size_t want, size_t *got) {
  sync_content *content = data;
  size_t n = content->left < want ? (size_t)content->left : want;
  int rc = n > 0 ? bundle_reader_read(content->reader, buf, n) : AMANAT_OK;
  if (rc != AMANAT_OK)
    return rc;
  content->left -= n;
  *got = n;
  return AMANAT_OK;
}

static int skip_content(sync_content *content) {
  uint8_t *block = io_secure_alloc(SKIP_BLOCK);
  if (block == NULL)
    return AMANAT_E_NOMEM;
  int rc = AMANAT_OK;
  while (content->left > 0 && rc == AMANAT_OK) {
    size_t got = 0;
    rc = sync_content_read(content, block, SKIP_BLOCK, &got);
  }
  sodium_free(block);
  return rc;
}

/* Every uid the bundle names, to refuse one named twice. */
typedef struct uid_list {
  uint8_t (*uids)[16];
  size_t count, cap;
} uid_list;

static int uid_list_add(uid_list *list, const uint8_t uid[16]) {
  if (list->count == list->cap) {
    size_t cap = list->cap == 0 ? 256 : list->cap * 2;
    uint8_t(*grown)[16] = io_realloc(list->uids, cap * 16);
    if (grown == NULL)
      return AMANAT_E_NOMEM;
    list->uids = grown;
    list->cap = cap;
  }
  memcpy(list->uids[list->count++], uid, 16);
  return AMANAT_OK;
}

static int compare_uid(const void *a, const void *b) {
  return memcmp(a, b, 16);
}

static int uid_list_unique(uid_list *list) {
  /* A bundle with no items has no list at all: qsort must not get its NULL (UBSan). */
  if (list->count > 1)
    qsort(list->uids, list->count, 16, compare_uid);
  for (size_t i = 1; i < list->count; i++)
    if (memcmp(list->uids[i - 1], list->uids[i], 16) == 0)
      return AMANAT_E_BAD_BUNDLE;
  return AMANAT_OK;
}

static int read_body(bundle_reader *r, uint8_t **body, size_t *len) {
  uint8_t raw[4];
  int rc = bundle_reader_read(r, raw, 4);
  if (rc != AMANAT_OK)
    return rc;
  uint32_t n =
      (uint32_t)raw[0] | (uint32_t)raw[1] << 8 | (uint32_t)raw[2] << 16 | (uint32_t)raw[3] << 24;
  if (n > RECORD_BODY_MAX)
    return AMANAT_E_BAD_BUNDLE;
  /* Record bodies hold names and notes: locked memory, wiped when freed. */
  *body = io_secure_alloc(n + 1);
  if (*body == NULL)
    return AMANAT_E_NOMEM;
  *len = n;
  return bundle_reader_read(r, *body, n);
}

static int walk_record(bundle_reader *r, uint8_t type, const sync_handlers *h, uid_list *uids) {
  uint8_t *body = NULL;
  size_t len = 0;
  sync_arena arena = {0};
  int rc = read_body(r, &body, &len);
  if (rc == AMANAT_OK && type == RECORD_CONTACT) {
    sync_contact_state c;
    rc = record_get_contact(body, len, &arena, &c);
    if (rc == AMANAT_OK)
      rc = uid_list_add(uids, c.uid);
    if (rc == AMANAT_OK && h->contact != NULL)
      rc = h->contact(h->ctx, &c);
  } else if (rc == AMANAT_OK && type == RECORD_DOCUMENT) {
    sync_doc_state d;
    int has_content = 0;
    rc = record_get_document(body, len, &arena, &d, &has_content);
    sync_content content = {r, has_content ? d.size : 0};
    if (rc == AMANAT_OK)
      rc = uid_list_add(uids, d.uid);
    if (rc == AMANAT_OK && h->document != NULL)
      rc = h->document(h->ctx, &d, has_content ? &content : NULL);
    if (rc == AMANAT_OK)
      rc = skip_content(&content);
  } else if (rc == AMANAT_OK && type == RECORD_TOMBSTONE) {
    sync_tombstone t;
    rc = record_get_tombstone(body, len, &arena, &t);
    if (rc == AMANAT_OK)
      rc = uid_list_add(uids, t.uid);
    if (rc == AMANAT_OK && h->tombstone != NULL)
      rc = h->tombstone(h->ctx, &t);
  }
  sync_arena_free(&arena);
  if (body != NULL)
    sodium_free(body);
  return rc;
}

/* The order records must come in: each type's rank may only grow. */
static int rank_of(uint8_t type) {
  switch (type) {
  case RECORD_CONTACT:
    return 1;
  case RECORD_DOCUMENT:
    return 2;
  case RECORD_TOMBSTONE:
    return 3;
  default:
    return -1;
  }
}

int sync_bundle_walk(bundle_reader *r, const sync_handlers *h, bundle_sender *sender) {
  uint8_t type = 0, *body = NULL;
  size_t len = 0;
  int rc = bundle_reader_read(r, &type, 1);
  if (rc == AMANAT_OK && type != RECORD_SENDER)
    rc = AMANAT_E_BAD_BUNDLE;
  if (rc == AMANAT_OK)
    rc = read_body(r, &body, &len);
  if (rc == AMANAT_OK)
    rc = record_get_sender(body, len, sender);
  if (body != NULL)
    sodium_free(body);
  uid_list uids = {0};
  int rank = 0;
  while (rc == AMANAT_OK) {
    rc = bundle_reader_read(r, &type, 1);
    if (rc != AMANAT_OK || type == RECORD_END)
      break;
    int next = rank_of(type);
    if (next < rank) {
      rc = AMANAT_E_BAD_BUNDLE;
      break;
    }
    rank = next;
    rc = walk_record(r, type, h, &uids);
  }
  if (rc == AMANAT_OK)
    rc = uid_list_unique(&uids);
  free(uids.uids);
  if (rc == AMANAT_OK)
    rc = bundle_reader_finish(r);
  return rc;
}

int sync_bundle_check(amanat_vault *v, const char *path, const uint8_t x25519_pk[32],
                      const uint8_t *x25519_sk) {
  (void)v;
  bundle_reader *r = NULL;
  uint8_t ed[32], x[32];
  bundle_sender sender;
  sync_handlers none = {0};
  int rc = bundle_reader_open_one_pass(&r, path, x25519_sk, x25519_pk, ed, x);
  if (rc == AMANAT_OK)
    rc = sync_bundle_walk(r, &none, &sender);
  bundle_reader_free(r);
  /* What was just written does not read back: the drive failed or was pulled. */
  return rc == AMANAT_OK ? AMANAT_OK : AMANAT_E_IO;
}
