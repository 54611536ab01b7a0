/* SPDX-License-Identifier: GPL-3.0-or-later */
/* schema.c: forward migrations of the space database. Never edit a shipped entry:
 * append a new one, so every older vault walks the same path. */
#include "schema.h"

const char *const schema_migrations[] = {
    /* 0 -> 1: settings kept inside the vault (never in GSettings or dconf) */
    "CREATE TABLE settings (name TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL);",
};

const int schema_version = (int)(sizeof schema_migrations / sizeof schema_migrations[0]);
