/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-vault.h: a large vault for the scale benchmarks (bench-docs, bench-list): small
 * text documents whose words the search index carries, and contacts, imported through the
 * core API in batches. */
#pragma once

#include <stddef.h>

/* Words in several scripts that documents, titles and search queries are made of. */
extern const char *const bench_vocabulary[];
extern const size_t bench_vocabulary_len;

/* Creates a vault at `dir` ("interactive" KDF cost) holding `documents` documents titled
 * "Document N WORD" (N from 0, so the newest is documents - 1) and `contacts` contacts.
 * `scratch` is a file path it may overwrite. Exits with a message on failure. Sets the
 * seconds spent importing each. */
void bench_vault_fill(const char *dir, const char *password, const char *scratch, int documents,
                      int contacts, double *documents_seconds, double *contacts_seconds);
