/* SPDX-License-Identifier: GPL-3.0-or-later */
/* e2e-steps.h: what a person does in Amanat, as the keys they press (the shortcuts of
 * amanat-window-actions.c and the pages' own, and Tab between fields). Each step waits until
 * the window shows its result; s->last then holds that picture. */
#pragma once

#include "e2e-session.h"

/* Focuses the main window and presses `keys` there. */
void e2e_main_keys(E2eSession *s, const char *const *keys);
#define e2e_main_key(s, ...) e2e_main_keys((s), (const char *const[]){__VA_ARGS__, NULL})

/* On the lock screen: types s->password and Enter, and waits for the documents. */
void e2e_unlock(E2eSession *s);
/* Ctrl+L: waits for the lock screen. */
void e2e_lock(E2eSession *s);

/* Ctrl+O, then the file chooser's location entry (Ctrl+L) and the whole path, then Enter;
 * waits for the chooser to close and the new row. `chooser_image` (may be NULL) receives
 * the chooser as it first appeared. */
void e2e_add_file(E2eSession *s, const char *path, GdkPixbuf **chooser_image);

/* Ctrl+F and `query` on the documents page; waits for the results. */
void e2e_search(E2eSession *s, const char *query);
/* Escape in the search entry: the whole list again. */
void e2e_clear_search(E2eSession *s);

/* What activating a document's row opened. */
typedef enum {
  E2E_OPENED_NOTHING,
  E2E_OPENED_PAGE,   /* in the main window: s->last shows it */
  E2E_OPENED_WINDOW, /* a window of its own */
} E2eOpened;

/* From the search entry to the first row (Tab), then Enter. A window it opens is returned in
 * `window`, drawn. */
E2eOpened e2e_open_first_document(E2eSession *s, Window *window);
/* Escape (in `window`, or the main window for a page): back to the documents. */
void e2e_close_document(E2eSession *s, E2eOpened opened, Window window);

/* Alt+2 (or Alt+3, Alt+4): the notes (contacts, sync) page. */
void e2e_show_view(E2eSession *s, int number);

/* Ctrl+N on the notes page, the title, Tab to the text, the text, Ctrl+S. */
void e2e_add_note(E2eSession *s, const char *title, const char *text);

/* Ctrl+N on the contacts page, the name; a detail with `label` and `value` (marked
 * sensitive) unless `label` is NULL; `notes` and `tags` unless NULL; Ctrl+S. */
void e2e_add_contact(E2eSession *s, const char *name, const char *label, const char *value,
                     const char *notes, const char *tags);

/* Ctrl+, : the settings window; returns it, drawn. */
Window e2e_open_settings(E2eSession *s);
/* Escape in the settings window; waits for it to close. */
void e2e_close_settings(E2eSession *s, Window settings);
