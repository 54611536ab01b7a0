/* SPDX-License-Identifier: GPL-3.0-or-later */
/* e2e-steps.c: see e2e-steps.h. The fractions are how much of the window a step changes at
 * least: a page switch redraws most of it, typed text a few hundred pixels. */
#include "config.h"

#include "e2e-steps.h"

#define PAGE  0.1   /* another page */
#define ROWS  0.005 /* a row more or less, a toast */
#define TYPED 0.0003

void e2e_main_keys(E2eSession *s, const char *const *keys) {
  e2e_focus(s, s->window);
  e2e_keys(s, keys);
}

void e2e_unlock(E2eSession *s) {
  e2e_focus(s, s->window);
  e2e_type(s, s->password);
  (void)e2e_next(s, TYPED, "the password's dots");
  e2e_main_key(s, "Return");
  /* Even an empty vault's page (a status page) differs by 12 %; a message on the lock screen
   * by less than 1 %. */
  (void)e2e_next(s, 0.05, "the documents page");
}

void e2e_lock(E2eSession *s) {
  e2e_main_key(s, "ctrl+l");
  (void)e2e_next(s, 0.05, "the lock screen");
}

void e2e_add_file(E2eSession *s, const char *path, GdkPixbuf **chooser_image) {
  e2e_main_key(s, "ctrl+o");
  Window chooser = e2e_wait_other_window(s, s->window);
  if (chooser_image != NULL)
    *chooser_image = e2e_settle(s, chooser);
  /* The location entry, then the whole path, as someone pasting it would. */
  e2e_focus(s, chooser);
  e2e_key(s, "ctrl+l");
  e2e_type(s, path);
  e2e_key(s, "Return");
  e2e_wait_window_gone(s, chooser);
  (void)e2e_next(s, ROWS, "the added file's row");
}

void e2e_search(E2eSession *s, const char *query) {
  e2e_main_key(s, "ctrl+f");
  e2e_type(s, query);
  (void)e2e_next(s, ROWS, "the search results");
}

void e2e_clear_search(E2eSession *s) {
  e2e_main_key(s, "Escape");
  (void)e2e_next(s, ROWS, "the whole list again");
}

E2eOpened e2e_open_first_document(E2eSession *s, Window *window) {
  *window = 0;
  e2e_main_key(s, "Tab");
  GdkPixbuf *focused = e2e_settle(s, s->window);
  g_set_object(&s->before_document, focused);
  g_set_object(&s->last, focused);
  g_object_unref(focused);
  e2e_main_key(s, "Return");
  for (gint64 end = g_get_monotonic_time() + 3 * G_USEC_PER_SEC / 2;
       g_get_monotonic_time() < end;) {
    *window = e2e_find_other_window(s, s->window);
    if (*window != 0) {
      e2e_wait_painted(s, *window);
      return E2E_OPENED_WINDOW;
    }
    g_autoptr(GdkPixbuf) now = e2e_capture(s, s->window);
    if (e2e_difference(now, focused) > PAGE) {
      (void)e2e_next(s, PAGE, "the opened document");
      return E2E_OPENED_PAGE;
    }
    g_usleep(100 * 1000);
  }
  return E2E_OPENED_NOTHING;
}

void e2e_close_document(E2eSession *s, E2eOpened opened, Window window) {
  if (opened == E2E_OPENED_NOTHING)
    return;
  if (opened == E2E_OPENED_WINDOW) {
    e2e_focus(s, window);
    e2e_key(s, "Escape");
    e2e_wait_window_gone(s, window);
  } else {
    e2e_main_key(s, "Escape");
  }
  /* Back to the list as it was before the document opened (give or take a toast). */
  g_autoptr(GdkPixbuf) back =
      e2e_wait_similar(s, s->window, s->before_document, 0.05, "the documents again");
  g_set_object(&s->last, back);
}

void e2e_show_view(E2eSession *s, int number) {
  g_autofree char *key = g_strdup_printf("alt+%d", number);
  e2e_main_key(s, key);
  (void)e2e_next(s, PAGE, "another view");
}

void e2e_add_note(E2eSession *s, const char *title, const char *text) {
  e2e_main_key(s, "ctrl+n");
  (void)e2e_next(s, TYPED, "a new note");
  e2e_type(s, title);
  /* Title → Save → Delete → the text. */
  e2e_main_key(s, "Tab", "Tab", "Tab");
  e2e_type(s, text);
  (void)e2e_next(s, TYPED, "the note's text");
  e2e_main_key(s, "ctrl+s");
  (void)e2e_next(s, TYPED, "the saved note in the list");
}

void e2e_add_contact(E2eSession *s, const char *name, const char *label, const char *value,
                     const char *notes, const char *tags) {
  e2e_main_key(s, "ctrl+n");
  (void)e2e_next(s, ROWS, "the new contact's form");
  e2e_type(s, name);
  if (label != NULL) {
    /* Name → Add Detail (Enter) → the new detail's label → its delete button → its value →
     * the switch that marks it sensitive (Space) */
    e2e_main_key(s, "Tab", "Return");
    (void)e2e_next(s, TYPED, "a new detail");
    e2e_type(s, label);
    e2e_main_key(s, "Tab", "Tab");
    e2e_type(s, value);
    e2e_main_key(s, "Tab", "space");
    /* → the notes */
    e2e_main_key(s, "Tab");
  } else {
    /* Name → Add Detail → the notes */
    e2e_main_key(s, "Tab", "Tab");
  }
  if (notes != NULL)
    e2e_type(s, notes);
  if (tags != NULL) {
    /* Tab types a tab in the notes; Ctrl+Tab leaves them, for the tags. */
    e2e_main_key(s, "ctrl+Tab");
    e2e_type(s, tags);
  }
  (void)e2e_next(s, TYPED, "the filled-in form");
  e2e_main_key(s, "ctrl+s");
  (void)e2e_next(s, ROWS, "the saved contact");
}

Window e2e_open_settings(E2eSession *s) {
  e2e_main_key(s, "ctrl+comma");
  return e2e_wait_other_window(s, s->window);
}

void e2e_close_settings(E2eSession *s, Window settings) {
  e2e_focus(s, settings);
  e2e_key(s, "Escape");
  e2e_wait_window_gone(s, settings);
}
