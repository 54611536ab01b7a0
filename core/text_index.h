/* SPDX-License-Identifier: GPL-3.0-or-later */
/* text_index.h: the one normaliser for full-text search: turns document text and queries
 * alike into space-separated tokens for an FTS4 table with the `simple` tokenizer. */
#pragma once

#include <stddef.h>

#include "amanat.h"

/* Normalises text into index tokens, each separated by one ASCII space, in a malloc'd
 * NUL-terminated string (*out, length *out_len). Empty text gives "".
 *
 * The text is UTF-8; ill-formed sequences are replaced by U+FFFD, which is not a letter
 * and so separates tokens ("ab\xFFcd" gives "ab cd"): one bad byte in extracted text
 * costs a word, not the document's index. Then: NFKC_Casefold; Arabic-script marks,
 * tatweel and format characters (ZWJ, ZWNJ, bidi marks) removed; ک/ك, ی/ى/ي, ة/ه,
 * أ/إ/آ/ٱ/ا, ہ/ھ/ه, ё/е and every decimal digit (٣ → 3) folded; ICU word breaking
 * (dictionaries for Thai, Lao, Khmer, Burmese); runs of Han and kana as overlapping
 * bigrams; any punctuation or symbol left inside a word splits it. Tokens hold only
 * ASCII [a-z0-9] and non-ASCII characters. AMANAT_E_INVALID if utf8 is NULL with
 * len > 0 or len exceeds INT32_MAX; AMANAT_E_NOMEM. */
AMANAT_MUST_CHECK int text_index_tokens(const char *utf8, size_t len, char **out, size_t *out_len);

/* Builds an FTS4 MATCH expression for a user's query: its tokens ANDed (FTS4 standard
 * query syntax: space-separated), the last token as a prefix (`tok*`) so search works
 * as you type. *out is malloc'd; a query with no tokens gives AMANAT_E_INVALID. */
AMANAT_MUST_CHECK int text_index_match_expr(const char *utf8, size_t len, char **out);

/* Frees (and zeroes) what the functions above return: `len` is the string's length
 * (*out_len, or strlen for a MATCH expression); its NUL byte is wiped too. Accepts NULL. */
void text_index_free(char *s, size_t len);
