/* SPDX-License-Identifier: GPL-3.0-or-later */
/* marker-scan.c: see marker-scan.h. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "marker-scan.h"

static const char *const encoding_names[MARKER_N_ENCODINGS] = {"UTF-8", "UTF-16LE", "UTF-16BE"};

struct MarkerSet {
  guint n;
  const char *const *place_names;
  char **markers;    /* n */
  GBytes **patterns; /* [marker * MARKER_N_ENCODINGS + encoding]: the random part, lower case */
};

struct MarkerScan {
  const MarkerSet *set;
  guint *hits; /* [marker * MARKER_N_ENCODINGS + encoding] */
  guint files;
  guint64 bytes;
  GString *report;
};

GBytes *marker_encode(const char *ascii, MarkerEncoding encoding) {
  gsize n = strlen(ascii);
  if (encoding == MARKER_UTF8)
    return g_bytes_new(ascii, n);
  guint8 *out = g_malloc0(2 * n);
  for (gsize i = 0; i < n; i++)
    out[2 * i + (encoding == MARKER_UTF16LE ? 0 : 1)] = (guint8)ascii[i];
  return g_bytes_new_take(out, 2 * n);
}

MarkerSet *marker_set_new(const char *const *place_names, guint n) {
  MarkerSet *set = g_new0(MarkerSet, 1);
  set->n = n;
  set->place_names = place_names;
  set->markers = g_new0(char *, n + 1);
  set->patterns = g_new0(GBytes *, (gsize)n * MARKER_N_ENCODINGS);
  for (guint m = 0; m < n; m++) {
    g_autoptr(GString) hex = g_string_new(NULL);
    for (int i = 0; i < 16; i++)
      g_string_append_printf(hex, "%x", (unsigned)g_random_int_range(0, 16));
    set->markers[m] = g_strconcat("MARKER", hex->str, NULL);
    /* The random part alone: it still matches if the marker is split, lower-cased (as in a
     * search index) or stored without its prefix. */
    for (int e = 0; e < MARKER_N_ENCODINGS; e++)
      set->patterns[m * MARKER_N_ENCODINGS + e] = marker_encode(hex->str, (MarkerEncoding)e);
  }
  return set;
}

void marker_set_free(MarkerSet *set) {
  if (set == NULL)
    return;
  for (guint i = 0; i < set->n * MARKER_N_ENCODINGS; i++)
    g_bytes_unref(set->patterns[i]);
  g_free(set->patterns);
  g_strfreev(set->markers);
  g_free(set);
}

guint marker_set_size(const MarkerSet *set) {
  return set->n;
}

const char *marker_set_get(const MarkerSet *set, guint i) {
  g_assert_cmpuint(i, <, set->n);
  return set->markers[i];
}

GBytes *marker_set_control_bytes(const MarkerSet *set) {
  g_autoptr(GByteArray) control = g_byte_array_new();
  for (guint m = 0; m < set->n; m++)
    for (int e = 0; e < MARKER_N_ENCODINGS; e++) {
      g_autoptr(GBytes) encoded = marker_encode(set->markers[m], (MarkerEncoding)e);
      g_byte_array_append(control, g_bytes_get_data(encoded, NULL), g_bytes_get_size(encoded));
      g_byte_array_append(control, (const guint8 *)"\n", 1);
    }
  return g_byte_array_free_to_bytes(g_steal_pointer(&control));
}

MarkerScan *marker_scan_new(const MarkerSet *set) {
  MarkerScan *scan = g_new0(MarkerScan, 1);
  scan->set = set;
  scan->hits = g_new0(guint, (gsize)set->n * MARKER_N_ENCODINGS);
  scan->report = g_string_new(NULL);
  return scan;
}

void marker_scan_free(MarkerScan *scan) {
  if (scan == NULL)
    return;
  g_free(scan->hits);
  g_string_free(scan->report, TRUE);
  g_free(scan);
}

/* Looks for every pattern in `data`, lower-cased first (ASCII only, so UTF-16 too). */
static void scan_bytes(MarkerScan *scan, const char *where, const guint8 *data, gsize len) {
  const MarkerSet *set = scan->set;
  g_autofree guint8 *lower = g_malloc(len + 1);
  for (gsize i = 0; i < len; i++)
    lower[i] = (guint8)g_ascii_tolower((char)data[i]);
  scan->bytes += len;
  for (guint m = 0; m < set->n; m++) {
    for (int e = 0; e < MARKER_N_ENCODINGS; e++) {
      gsize plen = 0;
      const void *pattern = g_bytes_get_data(set->patterns[m * MARKER_N_ENCODINGS + e], &plen);
      if (len >= plen && memmem(lower, len, pattern, plen) != NULL) {
        scan->hits[m * MARKER_N_ENCODINGS + e]++;
        g_string_append_printf(scan->report, "%s: %s marker in %s\n", where, set->place_names[m],
                               encoding_names[e]);
      }
    }
  }
}

void marker_scan_tree(MarkerScan *scan, const char *path) {
  GStatBuf st;
  g_assert_cmpint(g_lstat(path, &st), ==, 0);
  g_autofree char *base = g_path_get_basename(path);
  scan_bytes(scan, path, (const guint8 *)base, strlen(base));
  if (S_ISDIR(st.st_mode)) {
    g_autoptr(GError) error = NULL;
    g_autoptr(GDir) dir = g_dir_open(path, 0, &error);
    g_assert_no_error(error);
    for (const char *name; (name = g_dir_read_name(dir)) != NULL;) {
      g_autofree char *child = g_build_filename(path, name, NULL);
      marker_scan_tree(scan, child);
    }
  } else if (S_ISREG(st.st_mode)) {
    g_autoptr(GError) error = NULL;
    g_autofree char *data = NULL;
    gsize len = 0;
    g_file_get_contents(path, &data, &len, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(len, ==, (gsize)st.st_size);
    scan_bytes(scan, path, (const guint8 *)data, len);
    scan->files++;
  } else if (S_ISLNK(st.st_mode)) {
    g_autofree char *target = g_file_read_link(path, NULL);
    if (target != NULL)
      scan_bytes(scan, path, (const guint8 *)target, strlen(target));
  }
}

guint marker_scan_hits(const MarkerScan *scan, guint i, MarkerEncoding encoding) {
  g_assert_cmpuint(i, <, scan->set->n);
  return scan->hits[i * MARKER_N_ENCODINGS + encoding];
}

guint marker_scan_files(const MarkerScan *scan) {
  return scan->files;
}

guint64 marker_scan_bytes(const MarkerScan *scan) {
  return scan->bytes;
}

const char *marker_scan_report(const MarkerScan *scan) {
  return scan->report->str;
}
