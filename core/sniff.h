/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sniff.h: a document's MIME type from its first bytes, since a vault may keep no file names. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define SNIFF_HEAD_BYTES 4096 /* how many leading bytes the caller should pass */

/* The MIME type of a document from its first bytes (up to SNIFF_HEAD_BYTES; fewer when
 * the file is shorter). `total_len` is the whole file's size (a zero-length file is
 * "application/x-zerosize"). Returns a static string, never NULL; unknown binary data is
 * "application/octet-stream". When the size isn't known (a pipe), pass UINT64_MAX; a total_len
 * below len is taken as len.
 *
 * The bytes are untrusted: nothing past head[len - 1] is read, and head may be NULL only when
 * len is 0. Text that is neither UTF-8 nor UTF-16 with a BOM (Latin-1, windows-1251...) is still
 * "text/plain", so whoever decodes a text document must check its encoding. */
const char *sniff_content_type(const uint8_t *head, size_t len, uint64_t total_len);

/* 1 for text/plain and every other text/... type (ASCII case-insensitive), else 0 (also for
 * NULL): the documents whose contents go into the full-text index. XML, SVG and JSON types are
 * not text/... and so return 0. */
int sniff_is_text(const char *content_type);
