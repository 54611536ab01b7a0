/* SPDX-License-Identifier: GPL-3.0-or-later */
/* peers.c: exporting this space's identity card, and the colleagues it knows. */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "identity.h"
#include "io.h"
#include "secret.h"
#include "space_db.h"
#include "store.h"

#define CARD_MAX_BYTES 4096
#define PEER_NAME_MAX  200

static int fill_card(int fd, void *user_data) {
  const char *text = user_data;
  return io_pwrite_all(fd, text, strlen(text), 0);
}

int amanat_identity_export(amanat_vault *v, const char *path) {
  identity_public pub;
  uint8_t *sign_sk = io_secure_alloc(64);
  char *text = NULL;
  int rc = sign_sk != NULL ? identity_load(v, &pub, NULL, sign_sk) : AMANAT_E_NOMEM;
  if (rc == AMANAT_OK)
    rc = identity_card_make(&pub, sign_sk, &text);
  secret_free(&sign_sk);
  if (rc != AMANAT_OK)
    return rc;
  rc = io_publish_new_file(path, fill_card, text);
  free(text);
  return rc;
}

static int read_card(const char *path, char **text, size_t *len) {
  /* Non-blocking, and only a regular file: a named pipe must not hang the command. */
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    return AMANAT_E_UNREADABLE;
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return AMANAT_E_UNREADABLE;
  }
  char *buf = io_malloc(CARD_MAX_BYTES + 1);
  size_t got = 0;
  int rc = buf != NULL ? io_pread_all(fd, buf, CARD_MAX_BYTES + 1, 0, &got) : AMANAT_E_NOMEM;
  close(fd);
  if (rc == AMANAT_OK && got > CARD_MAX_BYTES)
    rc = AMANAT_E_BAD_CARD;
  if (rc != AMANAT_OK) {
    free(buf);
    return rc == AMANAT_E_IO ? AMANAT_E_UNREADABLE : rc;
  }
  buf[got] = '\0';
  *text = buf;
  *len = got;
  return AMANAT_OK;
}

int amanat_peer_add(amanat_vault *v, const char *card_path, const char *name,
                    char safety_code[AMANAT_SAFETY_CODE_LEN + 1]) {
  if (name == NULL || name[0] == '\0' || store_check_text(name, PEER_NAME_MAX, 0) != AMANAT_OK)
    return AMANAT_E_INVALID;
  char *text = NULL;
  size_t len = 0;
  identity_public peer, own;
  int rc = read_card(card_path, &text, &len);
  if (rc == AMANAT_OK)
    rc = identity_card_parse(text, len, &peer);
  free(text);
  if (rc == AMANAT_OK)
    rc = identity_load(v, &own, NULL, NULL);
  if (rc == AMANAT_OK && sodium_memcmp(own.ed25519, peer.ed25519, 32) == 0)
    rc = AMANAT_E_EXISTS; /* this space's own card */
  char today[11];
  store_today(today);
  sqlite3_stmt *stmt = NULL;
  if (rc == AMANAT_OK && (rc = store_begin(v)) == AMANAT_OK) {
    rc = store_prepare(
        v, "INSERT INTO peers(name, x25519, ed25519, added) VALUES (?1, ?2, ?3, ?4);", &stmt);
    if (rc == AMANAT_OK) {
      sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
      sqlite3_bind_blob(stmt, 2, peer.x25519, 32, SQLITE_STATIC);
      sqlite3_bind_blob(stmt, 3, peer.ed25519, 32, SQLITE_STATIC);
      sqlite3_bind_text(stmt, 4, today, -1, SQLITE_STATIC);
      int step = sqlite3_step(stmt);
      int final_rc = sqlite3_finalize(stmt);
      rc = step == SQLITE_DONE                  ? space_db_error(v->db, final_rc)
           : (step & 0xff) == SQLITE_CONSTRAINT ? AMANAT_E_EXISTS
                                                : space_db_error(v->db, step);
    }
    if (rc == AMANAT_OK)
      rc = store_commit(v);
    else
      store_fail(v, rc);
  }
  if (rc == AMANAT_OK)
    identity_safety_code(&peer, safety_code);
  return rc;
}

static int change_peer(amanat_vault *v, const char *sql, const char *name) {
  int rc = store_begin(v);
  sqlite3_stmt *stmt = NULL;
  if (rc == AMANAT_OK)
    rc = store_prepare(v, sql, &stmt);
  if (rc == AMANAT_OK) {
    sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
    rc = store_run(v, stmt);
    if (rc == AMANAT_OK && sqlite3_changes(v->db) == 0)
      rc = AMANAT_E_NOT_FOUND;
  }
  if (rc == AMANAT_OK)
    return store_commit(v);
  store_fail(v, rc);
  return rc;
}

int amanat_peer_verify(amanat_vault *v, const char *name) {
  return change_peer(v, "UPDATE peers SET verified = 1 WHERE name = ?1;", name);
}

int amanat_peer_remove(amanat_vault *v, const char *name) {
  return change_peer(v, "DELETE FROM peers WHERE name = ?1;", name);
}

int amanat_peer_list(amanat_vault *v, amanat_peer_visit visit, void *user_data) {
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(v,
                         "SELECT name, x25519, ed25519, verified, added FROM peers"
                         " ORDER BY name COLLATE NOCASE;",
                         &stmt);
  int step = SQLITE_DONE;
  while (rc == AMANAT_OK && (step = sqlite3_step(stmt)) == SQLITE_ROW) {
    if (sqlite3_column_bytes(stmt, 1) != 32 || sqlite3_column_bytes(stmt, 2) != 32) {
      rc = AMANAT_E_DAMAGED;
      break;
    }
    identity_public id;
    memcpy(id.x25519, sqlite3_column_blob(stmt, 1), 32);
    memcpy(id.ed25519, sqlite3_column_blob(stmt, 2), 32);
    amanat_peer_info info = {
        .name = (const char *)sqlite3_column_text(stmt, 0),
        .verified = sqlite3_column_int(stmt, 3),
        .added = (const char *)sqlite3_column_text(stmt, 4),
    };
    identity_safety_code(&id, info.safety_code);
    rc = visit(&info, user_data);
  }
  if (rc == AMANAT_OK && step != SQLITE_DONE)
    rc = space_db_error(v->db, step);
  if (stmt != NULL)
    sqlite3_finalize(stmt);
  return rc;
}
