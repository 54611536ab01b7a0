/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-bidi.c: left-to-right data stays left to right inside right-to-left sentences, and a
 * name the user typed keeps its own direction. Laid out with Pango in an Arabic sentence:
 * the visual x position of each character is compared. */
#include "config.h"

#include <pango/pangocairo.h>
#include <string.h>

#include "amanat-bidi.h"

/* The x of the character at byte `index` of the layout's text, in Pango units. */
static int x_of(PangoLayout *layout, int index) {
  PangoRectangle pos;
  pango_layout_index_to_pos(layout, index, &pos);
  /* An RTL character's rectangle has a negative width: use its left edge either way. */
  return pos.width < 0 ? pos.x + pos.width : pos.x;
}

static PangoLayout *rtl_layout(void) {
  PangoContext *context = pango_font_map_create_context(pango_cairo_font_map_get_default());
  pango_context_set_base_dir(context, PANGO_DIRECTION_RTL);
  pango_context_set_language(context, pango_language_from_string("ar"));
  PangoLayout *layout = pango_layout_new(context);
  pango_layout_set_auto_dir(layout, FALSE);
  g_object_unref(context);
  return layout;
}

/* "رمز الأمان %s صحيح" ("safety code %s is correct") with the code inserted. */
static char *sentence(const char *inserted) {
  return g_strdup_printf("رمز الأمان %s صحيح", inserted);
}

static void test_ltr_groups_keep_order(void) {
  const char *code = "1234 5678 9012";
  PangoLayout *layout = rtl_layout();

  g_autofree char *isolated = amanat_bidi_ltr(code);
  g_autofree char *good = sentence(isolated);
  pango_layout_set_text(layout, good, -1);
  int base = (int)(strstr(good, code) - good);
  /* The first digit of each group left of the next group's first digit. */
  g_assert_cmpint(x_of(layout, base + 0), <, x_of(layout, base + 5));
  g_assert_cmpint(x_of(layout, base + 5), <, x_of(layout, base + 10));

  /* Without the isolate the groups run right to left: the reason the isolate is there. */
  g_autofree char *bad = sentence(code);
  pango_layout_set_text(layout, bad, -1);
  base = (int)(strstr(bad, code) - bad);
  g_assert_cmpint(x_of(layout, base + 0), >, x_of(layout, base + 5));
  g_object_unref(layout);
}

static void test_isolate_keeps_own_direction(void) {
  PangoLayout *layout = rtl_layout();
  /* An English title inside an Arabic sentence reads left to right... */
  const char *title = "Report 2024!";
  g_autofree char *isolated = amanat_bidi_isolate(title);
  g_autofree char *text = sentence(isolated);
  pango_layout_set_text(layout, text, -1);
  int base = (int)(strstr(text, title) - text);
  g_assert_cmpint(x_of(layout, base), <, x_of(layout, base + 7)); /* R before 2 */
  /* ...and its trailing "!" stays at its end (right of the 4), not thrown to the far side. */
  g_assert_cmpint(x_of(layout, base + 10), <, x_of(layout, base + 11));
  /* ...and an Arabic title inside the same sentence reads right to left. */
  const char *arabic = "تقرير";
  g_autofree char *isolated_ar = amanat_bidi_isolate(arabic);
  g_autofree char *text_ar = sentence(isolated_ar);
  pango_layout_set_text(layout, text_ar, -1);
  base = (int)(strstr(text_ar, arabic) - text_ar);
  g_assert_cmpint(x_of(layout, base), >, x_of(layout, base + 2));
  g_object_unref(layout);
}

static void test_wrapping(void) {
  g_autofree char *a = amanat_bidi_isolate("x");
  g_assert_cmpstr(a, ==, "\u2068x\u2069");
  g_autofree char *b = amanat_bidi_ltr(NULL);
  g_assert_cmpstr(b, ==, "\u2066\u2069");
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/bidi/wrapping", test_wrapping);
  g_test_add_func("/bidi/ltr-groups-keep-order", test_ltr_groups_keep_order);
  g_test_add_func("/bidi/isolate-keeps-own-direction", test_isolate_keeps_own_direction);
  return g_test_run();
}
