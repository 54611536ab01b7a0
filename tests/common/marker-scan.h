/* SPDX-License-Identifier: GPL-3.0-or-later */
/* marker-scan.h: random markers to put into a vault (file names, contents, titles, notes,
 * contacts, tags, passwords) and a scanner that looks for them in every name and every byte
 * of a folder tree, in UTF-8, UTF-16LE and UTF-16BE, ignoring case. The leak tests of the
 * command line (tests/cli/test-leak.c) and of the desktop app (tests/e2e/) share it. */
#pragma once

#include <glib.h>

typedef enum {
  MARKER_UTF8,
  MARKER_UTF16LE,
  MARKER_UTF16BE,
  MARKER_N_ENCODINGS,
} MarkerEncoding;

/* `n` markers, "MARKER" + 16 random hex digits each, one per place; `place_names` (n of
 * them, kept, not copied) say in reports where each one was put. */
typedef struct MarkerSet MarkerSet;

MarkerSet *marker_set_new(const char *const *place_names, guint n);
void marker_set_free(MarkerSet *set);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MarkerSet, marker_set_free)

guint marker_set_size(const MarkerSet *set);
/* The marker of place `i`, e.g. "MARKER3fa09c…". */
const char *marker_set_get(const MarkerSet *set, guint i);
/* Every marker in every encoding, one a line: the content of the scanner's positive control. */
GBytes *marker_set_control_bytes(const MarkerSet *set);

/* `ascii` in `encoding` (UTF-16 by widening each byte). */
GBytes *marker_encode(const char *ascii, MarkerEncoding encoding);

/* What one scan found. */
typedef struct MarkerScan MarkerScan;

MarkerScan *marker_scan_new(const MarkerSet *set);
void marker_scan_free(MarkerScan *scan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MarkerScan, marker_scan_free)

/* Every name and every byte under `path` (a file or a folder), without following links. */
void marker_scan_tree(MarkerScan *scan, const char *path);
/* How many files or names held marker `i` in `encoding`. */
guint marker_scan_hits(const MarkerScan *scan, guint i, MarkerEncoding encoding);
guint marker_scan_files(const MarkerScan *scan);
guint64 marker_scan_bytes(const MarkerScan *scan);
/* One line per hit ("PATH: PLACE marker in ENCODING"); "" when nothing was found. */
const char *marker_scan_report(const MarkerScan *scan);
