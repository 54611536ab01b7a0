/* SPDX-License-Identifier: GPL-3.0-or-later */
/* search.c: full-text search over documents, notes and contacts. */
#include <string.h>

#include "docs_internal.h"
#include "space_db.h"
#include "store.h"
#include "text_index.h"

int amanat_search(amanat_vault *v, const char *query, size_t limit, amanat_search_visit visit,
                  void *user_data) {
  if (query == NULL)
    return AMANAT_E_INVALID;
  char *expr = NULL;
  int rc = text_index_match_expr(query, strlen(query), &expr);
  if (rc != AMANAT_OK)
    return rc;
  /* Even docids are documents (id * 2), odd ones contacts (id * 2 + 1): each joins on
   * its table's rowid. */
  sqlite3_stmt *stmt = NULL;
  rc = store_prepare(v,
                     /* The newest hits first, taken from the index alone (FTS4 walks
                      * its doclists backwards for ORDER BY docid DESC), then joined. */
                     "SELECT s.docid, d.hex, d.kind, d.title, c.hex, c.name"
                     " FROM (SELECT docid FROM search_index WHERE search_index MATCH ?1"
                     "       ORDER BY docid DESC LIMIT ?2) s"
                     " LEFT JOIN documents d ON s.docid % 2 = 0 AND d.id = s.docid / 2"
                     " LEFT JOIN contacts c ON s.docid % 2 = 1 AND c.id = s.docid / 2"
                     " ORDER BY s.docid DESC;",
                     &stmt);
  if (rc == AMANAT_OK) {
    sqlite3_bind_text(stmt, 1, expr, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 2, limit == 0 ? -1 : (sqlite3_int64)limit);
    int step;
    while (rc == AMANAT_OK && (step = sqlite3_step(stmt)) == SQLITE_ROW) {
      amanat_search_hit hit = {0};
      int is_contact = sqlite3_column_int64(stmt, 0) % 2 == 1;
      const unsigned char *hex = sqlite3_column_text(stmt, is_contact ? 4 : 1);
      const unsigned char *title = sqlite3_column_text(stmt, is_contact ? 5 : 3);
      if (hex == NULL)
        continue; /* an index entry whose item is gone: never shown */
      docs_short_id((const char *)hex, hit.id);
      hit.title = title != NULL ? (const char *)title : "";
      hit.kind = is_contact                                       ? AMANAT_HIT_CONTACT
                 : sqlite3_column_int(stmt, 2) == AMANAT_DOC_NOTE ? AMANAT_HIT_NOTE
                                                                  : AMANAT_HIT_DOCUMENT;
      rc = visit(&hit, user_data);
    }
    if (rc == AMANAT_OK && step != SQLITE_DONE)
      rc = space_db_error(v->db, step);
    sqlite3_finalize(stmt);
  }
  text_index_free(expr, strlen(expr));
  return rc;
}
