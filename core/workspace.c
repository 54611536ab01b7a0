/* SPDX-License-Identifier: GPL-3.0-or-later */
/* workspace.c: per-vault plaintext buffers, reused and wiped. */
#include "workspace.h"

#include <sodium.h>
#include <stdlib.h>

#include "docs_internal.h"
#include "io.h"
#include "seal_pool.h"
#include "secret.h"
#include "vault_internal.h"

workspace *workspace_new(void) {
  workspace *w = io_calloc(1, sizeof *w);
  if (w == NULL)
    return NULL;
  int rc = chunk_codec_init(&w->codec);
  w->raw[0] = io_secure_alloc(CHUNK_RAW_MAX);
  w->raw[1] = io_secure_alloc(CHUNK_RAW_MAX);
  w->record = io_malloc(CHUNK_RECORD_MAX);
  w->key = io_secure_alloc(CHUNK_KEY_LEN);
  if (rc != AMANAT_OK || w->raw[0] == NULL || w->raw[1] == NULL || w->record == NULL ||
      w->key == NULL) {
    workspace_free(w);
    return NULL;
  }
  return w;
}

void workspace_free(workspace *w) {
  if (w == NULL)
    return;
  seal_pool_stop(w->pool);
  chunk_codec_free(&w->codec);
  secret_free(&w->raw[0]);
  secret_free(&w->raw[1]);
  secret_free(&w->key);
  secret_free(&w->text);
  free(w->record);
  free(w);
}

workspace *workspace_take(struct amanat_vault *v) {
  if (v->work == NULL)
    v->work = workspace_new();
  if (v->work == NULL || v->work->busy)
    return NULL;
  v->work->busy = 1;
  return v->work;
}

void workspace_give_back(workspace *w, size_t used) {
  size_t raw = used < CHUNK_RAW_MAX ? used : CHUNK_RAW_MAX;
  sodium_memzero(w->raw[0], raw);
  sodium_memzero(w->raw[1], raw);
  sodium_memzero(w->key, CHUNK_KEY_LEN);
  chunk_codec_wipe(&w->codec, used);
  if (w->text != NULL)
    sodium_memzero(w->text, w->text_len);
  w->text_len = 0;
  w->busy = 0;
}

struct seal_pool *workspace_pool(workspace *w, const uint8_t *key, const uint8_t *uid) {
  if (w->pool == NULL) {
    if (seal_pool_start(&w->pool, key, uid) != AMANAT_OK)
      w->pool = NULL;
    return w->pool;
  }
  seal_pool_reset(w->pool, key, uid);
  return w->pool;
}

uint8_t *workspace_text(workspace *w) {
  if (w->text == NULL)
    w->text = io_secure_alloc(DOCS_TEXT_INDEX_MAX);
  return w->text;
}
