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

    /* 3 -> 4: sync (FORMAT.md §Sync versions). Every item gets a version: a version
     * vector, a Lamport clock and the replica that wrote it; `changed` is the local
     * sequence number of its last change, which incremental exports compare with what a
     * peer was sent; `cv` names the content, new whenever the content changes. Deleted
     * items leave a tombstone. Items made before this version count as changed at their
     * row id, so the first export to a peer carries them. */
    "ALTER TABLE documents ADD COLUMN vv BLOB NOT NULL DEFAULT x'';"
    "ALTER TABLE documents ADD COLUMN clock INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE documents ADD COLUMN origin BLOB NOT NULL DEFAULT x'';"
    "ALTER TABLE documents ADD COLUMN cv BLOB NOT NULL DEFAULT x'';"
    "ALTER TABLE documents ADD COLUMN changed INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE documents ADD COLUMN content_changed INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE documents ADD COLUMN conflict_of BLOB;"
    "UPDATE documents SET cv = randomblob(16), changed = id, content_changed = id;"
    "CREATE INDEX documents_by_change ON documents(changed);"
    "ALTER TABLE contacts ADD COLUMN vv BLOB NOT NULL DEFAULT x'';"
    "ALTER TABLE contacts ADD COLUMN clock INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE contacts ADD COLUMN origin BLOB NOT NULL DEFAULT x'';"
    "ALTER TABLE contacts ADD COLUMN changed INTEGER NOT NULL DEFAULT 0;"
    "UPDATE contacts SET changed = id;"
    /* A field an export left out (--omit-sensitive): its label only, never its value. */
    "ALTER TABLE contact_fields ADD COLUMN withheld INTEGER NOT NULL DEFAULT 0;"
    "CREATE INDEX contacts_by_change ON contacts(changed);"
    "CREATE TABLE tombstones ("
    "  uid BLOB PRIMARY KEY NOT NULL,"
    "  kind INTEGER NOT NULL,"
    "  vv BLOB NOT NULL,"
    "  clock INTEGER NOT NULL,"
    "  origin BLOB NOT NULL,"
    "  cv BLOB NOT NULL,"
    "  changed INTEGER NOT NULL);"
    "CREATE INDEX tombstones_by_change ON tombstones(changed);"
    /* A document's links to contacts this space has not received yet. */
    "CREATE TABLE pending_links ("
    "  doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    "  contact_uid BLOB NOT NULL,"
    "  PRIMARY KEY (doc, contact_uid)) WITHOUT ROWID;"
    /* What was last sent to each peer, and how many bundles went each way. */
    "ALTER TABLE peers ADD COLUMN sent_seq INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE peers ADD COLUMN bundles_sent INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE peers ADD COLUMN last_received INTEGER NOT NULL DEFAULT 0;"
    "INSERT INTO settings(name, value) SELECT 'sync.seq', max(coalesce((SELECT max(id) FROM"
    " documents), 0), coalesce((SELECT max(id) FROM contacts), 0));",
};

const int schema_version = (int)(sizeof schema_migrations / sizeof schema_migrations[0]);
