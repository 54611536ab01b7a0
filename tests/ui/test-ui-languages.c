/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-languages.c: the main screens in Arabic, Persian, Uyghur, Chinese, Tibetan,
 * Burmese and Russian, switched through LANGUAGE as the app does (PLATFORM.md: the system
 * has only C.UTF-8). For each language and screen: the text is the catalogue's, right-to-left
 * languages mirror the window, every label lies inside the window and is not cut short
 * (its allocation is at least its natural width, or it ellipsizes or wraps by design), and
 * no glyph is missing. Screenshots go into <build>/screenshots/lang-<code>-<screen>.png. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "amanat-settings-languages.h"
#include "amanat-translations.h"
#include "ui-test-util.h"

static const char *const languages[] = {"ar", "fa", "ug", "zh_CN", "bo", "my", "ru"};

static void switch_language(const char *code) {
  g_setenv("LANGUAGE", code, TRUE);
  textdomain(textdomain(NULL)); /* glibc drops what it cached for the old language */
  amanat_translations_supply_toolkit();
  const AmanatLanguage *language = amanat_settings_language_find(code);
  g_assert_nonnull(language);
  gtk_widget_set_default_direction(language->right_to_left ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR);
}

typedef struct {
  GtkWidget *window;
  guint labels, problems;
} LabelCheck;

/* Visible labels: inside the window, not cut, every glyph drawn. */
static void check_labels(GtkWidget *widget, LabelCheck *check) {
  if (!gtk_widget_get_mapped(widget) || !gtk_widget_get_child_visible(widget))
    return;
  if (GTK_IS_LABEL(widget) && gtk_label_get_text(GTK_LABEL(widget))[0] != '\0') {
    GtkLabel *label = GTK_LABEL(widget);
    check->labels++;
    PangoLayout *layout = gtk_label_get_layout(label);
    int unknown = pango_layout_get_unknown_glyphs_count(layout);
    if (unknown > 0) {
      check->problems++;
      g_test_message("missing glyphs in “%s”", gtk_label_get_text(label));
    }
    int natural = 0;
    gtk_widget_measure(widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
    gboolean may_shrink =
        gtk_label_get_ellipsize(label) != PANGO_ELLIPSIZE_NONE || gtk_label_get_wrap(label);
    /* Two pixels of slack: a label that much narrower than its natural width (seen on an
     * AdwButtonContent in the header bar) draws its edge into the button's padding; a cut
     * word is wider than that. */
    if (!may_shrink && gtk_widget_get_width(widget) + 2 < natural) {
      check->problems++;
      g_test_message("“%s” is cut: %d px of %d (in a %s)", gtk_label_get_text(label),
                     gtk_widget_get_width(widget), natural,
                     G_OBJECT_TYPE_NAME(gtk_widget_get_parent(widget)));
    }
    graphene_rect_t bounds;
    if (gtk_widget_compute_bounds(widget, check->window, &bounds)) {
      int width = gtk_widget_get_width(check->window);
      if (bounds.origin.x < -1 || bounds.origin.x + bounds.size.width > width + 1) {
        check->problems++;
        g_test_message("“%s” lies outside the window (x %.0f, width %.0f of %d)",
                       gtk_label_get_text(label), bounds.origin.x, bounds.size.width, width);
      }
    }
  }
  for (GtkWidget *child = gtk_widget_get_first_child(widget); child != NULL;
       child = gtk_widget_get_next_sibling(child))
    check_labels(child, check);
}

/* Checks and saves the window as it is now. */
static void screen(AmanatWindow *window, const char *code, const char *name) {
  g_autofree char *file = g_strdup_printf("lang-%s-%s", code, name);
  ui_test_save_screenshot(window, AMANAT_SCREENSHOT_DIR, file);
  LabelCheck check = {.window = GTK_WIDGET(window)};
  check_labels(GTK_WIDGET(window), &check);
  g_test_message("%s %s: %u labels checked, %u problems", code, name, check.labels, check.problems);
  g_assert_cmpuint(check.labels, >, 3);
  g_assert_cmpuint(check.problems, ==, 0);
}

/* The screen shows `msgid` in this language, and that is not the English text. */
static void assert_translated(AmanatWindow *window, const char *msgid) {
  const char *translated = gettext(msgid);
  g_assert_cmpstr(translated, !=, msgid);
  g_assert_true(ui_test_widget_shows_text(GTK_WIDGET(window), translated));
}

static void test_language(gconstpointer data) {
  const char *code = data;
  switch_language(code);
  const AmanatLanguage *language = amanat_settings_language_find(code);

  g_autofree char *dir = ui_test_new_path("vault");
  AmanatWindow *window = ui_test_window_new(dir);
  gtk_window_set_default_size(GTK_WINDOW(window), 820, 640);
  g_assert_cmpint(gtk_widget_get_direction(GTK_WIDGET(window)), ==,
                  language->right_to_left ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR);
  screen(window, code, "setup");
  assert_translated(window, "Welcome to Amanat");

  ui_test_setup_vault(window, UI_TEST_PASSWORD, NULL, AMANAT_DURESS_WIPE);
  g_autofree char *a = ui_test_write_file("Interview notes.txt", "Notes from the interview.");
  g_autofree char *b = ui_test_write_file("تقرير المحكمة.pdf", "%PDF-1.4\n% sample\n");
  g_autofree char *c = ui_test_write_file("2024 budget.pdf", "%PDF-1.4\n% sample\n");
  const char *const paths[] = {a, b, c, NULL};
  ui_test_import(window, paths);
  screen(window, code, "documents");

  amanat_window_show_view(window, "contacts");
  screen(window, code, "contacts");
  amanat_window_show_view(window, "sync");
  ui_test_wait_idle(window);
  screen(window, code, "sync");

  ui_test_lock(window);
  ui_test_unlock(window, "not the password");
  screen(window, code, "lock");
  ui_test_window_close(window);
}

int main(int argc, char **argv) {
  /* A translated language before GLib first translates: it decides once per process whether
   * to translate its own strings (sizes), by whether Amanat's catalogue has the language. */
  amanat_translations_setup();
  g_setenv("LANGUAGE", languages[0], TRUE);
  ui_test_init(&argc, &argv);
  for (guint i = 0; i < G_N_ELEMENTS(languages); i++) {
    g_autofree char *name = g_strdup_printf("/ui/languages/%s", languages[i]);
    g_test_add_data_func(name, languages[i], test_language);
  }
  return ui_test_run();
}
