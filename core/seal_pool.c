/* SPDX-License-Identifier: GPL-3.0-or-later */
/* seal_pool.c: worker threads that seal chunks in parallel (seal_pool.h). */
#include "seal_pool.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io.h"
#include "secret.h"

#define POOL_SLOTS       6
#define POOL_MAX_WORKERS 4

enum slot_state { SLOT_FREE, SLOT_FILLING, SLOT_SUBMITTED, SLOT_SEALING, SLOT_SEALED };

typedef struct slot {
  enum slot_state state;
  uint8_t *buffer; /* locked: CHUNK_HEADER_LEN bytes of headroom, then the chunk */
  uint8_t *raw;    /* buffer + CHUNK_HEADER_LEN */
  size_t raw_len;
  uint64_t seq;
  uint8_t *record; /* ciphertext only */
  size_t record_len;
  int rc;
} slot;

struct seal_pool {
  pthread_mutex_t lock;
  pthread_cond_t changed;
  slot slots[POOL_SLOTS];
  uint64_t next_to_seal, next_to_take;
  int stopping;
  uint8_t *key; /* locked */
  uint8_t uid[CHUNK_UID_LEN];
  unsigned worker_count;
  pthread_t workers[POOL_MAX_WORKERS];
  chunk_codec codecs[POOL_MAX_WORKERS];
  int taken; /* slot returned by the last seal_pool_take, freed by the next */
};

typedef struct worker_arg {
  seal_pool *pool;
  unsigned index;
} worker_arg;

static slot *find_seq(seal_pool *p, enum slot_state state, uint64_t seq) {
  for (int i = 0; i < POOL_SLOTS; i++)
    if (p->slots[i].state == state && p->slots[i].seq == seq)
      return &p->slots[i];
  return NULL;
}

/* Seals submitted chunks in sequence order, each worker the next one not yet taken. */
static void *work(void *data) {
  seal_pool *p = ((worker_arg *)data)->pool;
  chunk_codec *codec = &p->codecs[((worker_arg *)data)->index];
  free(data);
  pthread_mutex_lock(&p->lock);
  for (;;) {
    slot *s = NULL;
    while (!p->stopping && (s = find_seq(p, SLOT_SUBMITTED, p->next_to_seal)) == NULL)
      pthread_cond_wait(&p->changed, &p->lock);
    if (p->stopping)
      break;
    s->state = SLOT_SEALING;
    p->next_to_seal++;
    pthread_mutex_unlock(&p->lock);
    size_t payload_len = 0;
    int rc = chunk_prepare_in_place(codec, s->raw, s->raw_len, &payload_len);
    if (rc == AMANAT_OK)
      rc = chunk_seal(codec, p->key, p->uid, s->seq, 0, 0, s->record, &s->record_len);
    /* The codec's buffer is overwritten by the next chunk and wiped when the pool stops. */
    pthread_mutex_lock(&p->lock);
    s->rc = rc;
    s->state = SLOT_SEALED;
    pthread_cond_broadcast(&p->changed);
  }
  pthread_mutex_unlock(&p->lock);
  return NULL;
}

static unsigned worker_count(void) {
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  if (cores < 1)
    return 1;
  return cores > POOL_MAX_WORKERS ? POOL_MAX_WORKERS : (unsigned)cores;
}

int seal_pool_start(seal_pool **out, const uint8_t key[CHUNK_KEY_LEN],
                    const uint8_t uid[CHUNK_UID_LEN]) {
  *out = NULL;
  seal_pool *p = io_calloc(1, sizeof *p);
  if (p == NULL)
    return AMANAT_E_NOMEM;
  pthread_mutex_init(&p->lock, NULL);
  pthread_cond_init(&p->changed, NULL);
  p->taken = -1;
  memcpy(p->uid, uid, CHUNK_UID_LEN);
  int rc = (p->key = io_secure_alloc(CHUNK_KEY_LEN)) != NULL ? AMANAT_OK : AMANAT_E_NOMEM;
  if (rc == AMANAT_OK)
    memcpy(p->key, key, CHUNK_KEY_LEN);
  for (int i = 0; i < POOL_SLOTS && rc == AMANAT_OK; i++) {
    p->slots[i].buffer = io_secure_alloc(CHUNK_HEADER_LEN + CHUNK_RAW_MAX);
    p->slots[i].raw = p->slots[i].buffer != NULL ? p->slots[i].buffer + CHUNK_HEADER_LEN : NULL;
    p->slots[i].record = io_malloc(CHUNK_RECORD_MAX);
    if (p->slots[i].buffer == NULL || p->slots[i].record == NULL)
      rc = AMANAT_E_NOMEM;
  }
  unsigned wanted = worker_count();
  for (unsigned i = 0; i < wanted && rc == AMANAT_OK; i++) {
    rc = chunk_codec_init(&p->codecs[i]);
    worker_arg *arg = rc == AMANAT_OK ? io_malloc(sizeof *arg) : NULL;
    if (rc == AMANAT_OK && arg == NULL)
      rc = AMANAT_E_NOMEM;
    if (rc == AMANAT_OK) {
      *arg = (worker_arg){p, i};
      if (pthread_create(&p->workers[i], NULL, work, arg) != 0) {
        free(arg);
        chunk_codec_free(&p->codecs[i]);
        rc = AMANAT_E_NOMEM;
      } else {
        p->worker_count++;
      }
    }
  }
  if (rc != AMANAT_OK) {
    seal_pool_stop(p);
    return rc;
  }
  *out = p;
  return AMANAT_OK;
}

static void release_taken(seal_pool *p);

void seal_pool_reset(seal_pool *p, const uint8_t key[CHUNK_KEY_LEN],
                     const uint8_t uid[CHUNK_UID_LEN]) {
  pthread_mutex_lock(&p->lock);
  release_taken(p);
  memcpy(p->key, key, CHUNK_KEY_LEN);
  memcpy(p->uid, uid, CHUNK_UID_LEN);
  p->next_to_seal = p->next_to_take = 0;
  for (unsigned i = 0; i < p->worker_count; i++) {
    p->codecs[i].incompressible_run = 0; /* a new document: try compression afresh */
    p->codecs[i].chunks_seen = 0;
  }
  pthread_mutex_unlock(&p->lock);
}

int seal_pool_input(seal_pool *p, uint8_t **raw) {
  pthread_mutex_lock(&p->lock);
  int index = -1;
  for (int i = 0; i < POOL_SLOTS && index < 0; i++) {
    if (p->slots[i].state == SLOT_FREE && i != p->taken) {
      p->slots[i].state = SLOT_FILLING;
      index = i;
      *raw = p->slots[i].raw;
    }
  }
  pthread_mutex_unlock(&p->lock);
  return index;
}

void seal_pool_submit(seal_pool *p, int index, size_t raw_len, uint64_t seq) {
  pthread_mutex_lock(&p->lock);
  slot *s = &p->slots[index];
  s->raw_len = raw_len;
  s->seq = seq;
  s->state = SLOT_SUBMITTED;
  pthread_cond_broadcast(&p->changed);
  pthread_mutex_unlock(&p->lock);
}

void seal_pool_cancel(seal_pool *p, int index, size_t raw_len) {
  pthread_mutex_lock(&p->lock);
  sodium_memzero(p->slots[index].raw, raw_len);
  p->slots[index].state = SLOT_FREE;
  pthread_mutex_unlock(&p->lock);
}

int seal_pool_pending(seal_pool *p) {
  pthread_mutex_lock(&p->lock);
  int pending = 0;
  for (int i = 0; i < POOL_SLOTS; i++)
    if (p->slots[i].state >= SLOT_SUBMITTED && i != p->taken)
      pending = 1;
  pthread_mutex_unlock(&p->lock);
  return pending;
}

/* Frees the slot the caller was given last time: its record has been written. */
static void release_taken(seal_pool *p) {
  if (p->taken >= 0) {
    /* Its plaintext is overwritten by the next read, and wiped when the pool stops. */
    p->slots[p->taken].state = SLOT_FREE;
    p->taken = -1;
  }
}

int seal_pool_take(seal_pool *p, const uint8_t **record, size_t *len) {
  pthread_mutex_lock(&p->lock);
  release_taken(p);
  slot *s;
  while ((s = find_seq(p, SLOT_SEALED, p->next_to_take)) == NULL)
    pthread_cond_wait(&p->changed, &p->lock);
  p->next_to_take++;
  p->taken = (int)(s - p->slots);
  int rc = s->rc;
  *record = s->record;
  *len = s->record_len;
  pthread_mutex_unlock(&p->lock);
  return rc;
}

void seal_pool_stop(seal_pool *p) {
  if (p == NULL)
    return;
  pthread_mutex_lock(&p->lock);
  p->stopping = 1;
  pthread_cond_broadcast(&p->changed);
  pthread_mutex_unlock(&p->lock);
  for (unsigned i = 0; i < p->worker_count; i++) {
    pthread_join(p->workers[i], NULL);
    chunk_codec_free(&p->codecs[i]);
  }
  for (int i = 0; i < POOL_SLOTS; i++) {
    secret_free(&p->slots[i].buffer);
    free(p->slots[i].record);
  }
  secret_free(&p->key);
  pthread_cond_destroy(&p->changed);
  pthread_mutex_destroy(&p->lock);
  free(p);
}
