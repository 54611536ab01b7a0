/* SPDX-License-Identifier: GPL-3.0-or-later */
/* schema.c: forward migrations of the space database. Never edit a shipped entry:
 * append a new one, so every older vault walks the same path. */
#include "schema.h"

const char *const schema_migrations[] = {
    /* 0 -> 1: settings kept inside the vault (never in GSettings or dconf) */
    "CREATE TABLE settings (name TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL);",

    /* 1 -> 2: documents, notes, contacts, tags, links and the search index */
    "CREATE TABLE packs ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  used INTEGER NOT NULL,"
    "  live INTEGER NOT NULL);"
    "CREATE TABLE pack_trash (name TEXT PRIMARY KEY NOT NULL);"
    "CREATE TABLE documents ("
    "  id INTEGER PRIMARY KEY,"
    "  uid BLOB NOT NULL UNIQUE,"
    "  hex TEXT NOT NULL UNIQUE,"
    "  kind INTEGER NOT NULL,"
    "  title TEXT NOT NULL,"
    "  content_type TEXT NOT NULL,"
    "  size INTEGER NOT NULL,"
    "  added TEXT NOT NULL,"
    "  notes TEXT NOT NULL DEFAULT '',"
    "  doc_key BLOB NOT NULL,"
    "  chunk_count INTEGER NOT NULL);"
    "CREATE TABLE chunks ("
    "  doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    "  seq INTEGER NOT NULL,"
    "  pack INTEGER NOT NULL REFERENCES packs(id),"
    "  offset INTEGER NOT NULL,"
    "  length INTEGER NOT NULL,"
    "  PRIMARY KEY (doc, seq)) WITHOUT ROWID;"
    "CREATE INDEX chunks_by_pack ON chunks(pack);"
    "CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
    "CREATE TABLE document_tags ("
    "  doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    "  tag INTEGER NOT NULL REFERENCES tags(id),"
    "  PRIMARY KEY (doc, tag)) WITHOUT ROWID;"
    "CREATE INDEX document_tags_by_tag ON document_tags(tag);"
    "CREATE TABLE contacts ("
    "  id INTEGER PRIMARY KEY,"
    "  uid BLOB NOT NULL UNIQUE,"
    "  hex TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  notes TEXT NOT NULL DEFAULT '',"
    "  added TEXT NOT NULL);"
    "CREATE TABLE contact_fields ("
    "  contact INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL,"
    "  label TEXT NOT NULL,"
    "  value TEXT NOT NULL,"
    "  sensitive INTEGER NOT NULL,"
    "  PRIMARY KEY (contact, position)) WITHOUT ROWID;"
    "CREATE TABLE contact_tags ("
    "  contact INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,"
    "  tag INTEGER NOT NULL REFERENCES tags(id),"
    "  PRIMARY KEY (contact, tag)) WITHOUT ROWID;"
    "CREATE TABLE links ("
    "  doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    "  contact INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,"
    "  PRIMARY KEY (doc, contact)) WITHOUT ROWID;"
    "CREATE INDEX links_by_contact ON links(contact);"
    /* Text is normalised by the core (text_index.c) before it reaches FTS4. */
    "CREATE VIRTUAL TABLE search_index USING fts4(body, tokenize=simple);",

    /* 2 -> 3: colleagues this space exchanges bundles with */
    "CREATE TABLE peers ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
    "  x25519 BLOB NOT NULL,"
    "  ed25519 BLOB NOT NULL UNIQUE,"
    "  verified INTEGER NOT NULL DEFAULT 0,"
    "  added TEXT NOT NULL);",
};

const int schema_version = (int)(sizeof schema_migrations / sizeof schema_migrations[0]);
