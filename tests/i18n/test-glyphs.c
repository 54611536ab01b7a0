/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-glyphs.c: every translated string can be drawn with the installed fonts. Each
 * catalogue built in the build folder is read directly (the .mo format: a table of
 * original and translated strings), and every translation, every plural form, is laid out
 * with Pango in that language; a glyph the fonts lack shows as an "unknown glyph" box.
 * The fonts are those the packaging names (Noto, packaging/debian/control). */
#include "config.h"

#include <glib.h>
#include <pango/pangocairo.h>
#include <string.h>

static const char *source_root, *build_root;

static guint32 read_u32(const guint8 *data, gsize size, gsize offset, gboolean swap) {
  g_assert_cmpuint(offset + 4, <=, size);
  guint32 v;
  memcpy(&v, data + offset, 4);
  return swap ? GUINT32_SWAP_LE_BE(v) : v;
}

/* Calls lay_out for each translated string (plural forms one by one), skipping the header. */
static guint for_each_translation(GBytes *mo, void (*lay_out)(const char *, gpointer),
                                  gpointer data) {
  gsize size;
  const guint8 *bytes = g_bytes_get_data(mo, &size);
  g_assert_cmpuint(size, >=, 28);
  guint32 magic;
  memcpy(&magic, bytes, 4);
  gboolean swap = magic == 0xde120495u;
  g_assert_true(swap || magic == 0x950412deu);
  guint32 count = read_u32(bytes, size, 8, swap);
  guint32 originals = read_u32(bytes, size, 12, swap);
  guint32 translations = read_u32(bytes, size, 16, swap);
  guint laid_out = 0;
  for (guint32 i = 0; i < count; i++) {
    guint32 original_length = read_u32(bytes, size, originals + 8 * i, swap);
    if (original_length == 0)
      continue; /* the header */
    guint32 length = read_u32(bytes, size, translations + 8 * i, swap);
    guint32 offset = read_u32(bytes, size, translations + 8 * i + 4, swap);
    g_assert_cmpuint((guint64)offset + length, <, size);
    const char *text = (const char *)bytes + offset;
    /* Plural forms follow each other, separated by NUL bytes. */
    for (const char *form = text; form < text + length; form += strlen(form) + 1) {
      g_assert_true(g_utf8_validate(form, -1, NULL));
      lay_out(form, data);
      laid_out++;
    }
  }
  return laid_out;
}

typedef struct {
  PangoLayout *layout;
  guint missing_strings;
} Check;

static void check_string(const char *text, gpointer data) {
  Check *check = data;
  pango_layout_set_text(check->layout, text, -1);
  int unknown = pango_layout_get_unknown_glyphs_count(check->layout);
  if (unknown > 0) {
    check->missing_strings++;
    g_test_message("%d glyph(s) missing in: %s", unknown, text);
  }
}

/* data: "CODE" for Amanat's catalogue, "DOMAIN/CODE" for a toolkit one (i18n/toolkit/). */
static void test_language(gconstpointer data) {
  g_auto(GStrv) parts = g_strsplit(data, "/", 2);
  gboolean toolkit = parts[1] != NULL;
  const char *code = toolkit ? parts[1] : parts[0];
  g_autofree char *mo_name = g_strconcat(toolkit ? parts[0] : "amanat", ".mo", NULL);
  g_autofree char *folder = toolkit
                                ? g_build_filename(build_root, "i18n", "toolkit", parts[0], NULL)
                                : g_build_filename(build_root, "i18n", NULL);
  g_autofree char *mo_path = g_build_filename(folder, code, "LC_MESSAGES", mo_name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) mapped = g_mapped_file_new(mo_path, FALSE, &error);
  g_assert_no_error(error);
  g_autoptr(GBytes) mo = g_mapped_file_get_bytes(mapped);

  PangoFontMap *font_map = pango_cairo_font_map_get_default();
  PangoContext *context = pango_font_map_create_context(font_map);
  /* Language-specific fallback, as GTK does for the app's language. */
  g_autofree char *tag = g_strdelimit(g_strdup(code), "_", '-');
  pango_context_set_language(context, pango_language_from_string(tag));
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string("Sans 11");
  pango_context_set_font_description(context, font);

  Check check = {.layout = pango_layout_new(context)};
  guint laid_out = for_each_translation(mo, check_string, &check);
  g_object_unref(check.layout);
  g_object_unref(context);
  g_test_message("%s: %u strings laid out, %u with missing glyphs", code, laid_out,
                 check.missing_strings);
  g_assert_cmpuint(laid_out, >, toolkit ? 20 : 100);
  g_assert_cmpuint(check.missing_strings, ==, 0);
}

/* Adds a test per language in folder/LINGUAS; the test data names the catalogue. */
static guint add_languages(const char *folder, const char *domain) {
  g_autofree char *path = g_build_filename(source_root, folder, "LINGUAS", NULL);
  g_autofree char *linguas = NULL;
  g_autoptr(GError) error = NULL;
  g_assert_true(g_file_get_contents(path, &linguas, NULL, &error));
  g_auto(GStrv) lines = g_strsplit(linguas, "\n", -1);
  guint count = 0;
  for (char **l = lines; *l != NULL; l++) {
    g_strstrip(*l);
    if ((*l)[0] == '\0' || (*l)[0] == '#')
      continue;
    /* Test data lives as long as the program. */
    char *data = domain != NULL ? g_strdup_printf("%s/%s", domain, *l) : g_strdup(*l);
    g_autofree char *name = g_strdup_printf("/glyphs/%s", data);
    g_test_add_data_func_full(name, data, test_language, g_free);
    count++;
  }
  return count;
}

static void test_no_languages(void) {
  g_test_fail_printf("i18n/LINGUAS lists no language");
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  source_root = g_getenv("AMANAT_SOURCE_ROOT");
  build_root = g_getenv("AMANAT_BUILD_ROOT");
  g_assert_nonnull(source_root);
  g_assert_nonnull(build_root);

  guint languages = add_languages("i18n", NULL);
  add_languages("i18n/toolkit/gtk40", "gtk40");
  add_languages("i18n/toolkit/libadwaita", "libadwaita");
  if (languages == 0)
    g_test_add_func("/glyphs/no-languages", test_no_languages);
  return g_test_run();
}
