/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui-test-util.h: shared set-up for the widget tests: a private HOME, one application,
 * windows on fresh vault folders, and waiting on the main loop for a condition. */
#pragma once

#include <adwaita.h>

#include "amanat-application.h"
#include "amanat-window.h"
#include "amanat.h"

#define UI_TEST_PASSWORD "correct horse battery staple"
#define UI_TEST_DURESS   "tulip marble harbour seventeen"
/* The cheapest cost the format accepts: for tests only. */
#define UI_TEST_COST ((amanat_kdf_cost){1, 8u << 20})

/* Points HOME and XDG_* at a new temporary folder, seeds recently-used.xbel there, then
 * gtk_test_init(), adw_init() and amanat_init(). Call first in main(). */
void ui_test_init(int *argc, char ***argv);

/* Runs the tests, closes the application, removes the temporary root; returns
 * g_test_run()'s result. */
int ui_test_run(void);

/* The temporary root and the seeded recently-used.xbel. */
const char *ui_test_root(void);
const char *ui_test_recent_path(void);
/* Asserts that recently-used.xbel still holds exactly what ui_test_init() put there. */
void ui_test_assert_recent_unchanged(void);

/* The process's one application, registered. */
AmanatApplication *ui_test_app(void);

/* A new path under the root, not created yet. Free with g_free. */
char *ui_test_new_path(const char *name);
/* Writes `contents` to ROOT/files/NAME and returns the path. */
char *ui_test_write_file(const char *name, const char *contents);

/* A presented window on `vault_dir` using UI_TEST_COST for new vaults. */
AmanatWindow *ui_test_window_new(const char *vault_dir);
/* Destroys the window (its vault is locked) and waits for that to settle. */
void ui_test_window_close(AmanatWindow *window);

/* Iterates the main context until `cond(data)` holds; fails after `timeout_ms`. */
typedef gboolean (*UiTestCond)(gpointer data);
void ui_test_wait(UiTestCond cond, gpointer data, guint timeout_ms, const char *what);
/* Iterates the main context for `ms` milliseconds. */
void ui_test_run_for(guint ms);
/* Waits until the window's vault has no job running and nothing is pending. */
void ui_test_wait_idle(AmanatWindow *window);

/* A template child of `widget` (GtkWidget template of `type`) by its id. */
gpointer ui_test_child(gpointer widget, GType type, const char *name);

/* Drives the setup page: a password, optionally a duress password with `action`. Waits
 * for the documents page. */
void ui_test_setup_vault(AmanatWindow *window, const char *password, const char *duress,
                         amanat_duress_action action);
/* Types `password` on the lock page and presses Unlock; waits for the result. */
void ui_test_unlock(AmanatWindow *window, const char *password);
/* app.lock, then waits until the vault is locked. */
void ui_test_lock(AmanatWindow *window);
/* Imports the files (paths, NULL-terminated) through the documents page; waits. */
void ui_test_import(AmanatWindow *window, const char *const *paths);
/* The number of rows the documents page shows. */
guint ui_test_n_rows(AmanatWindow *window);
/* The titles the documents page shows, newest first, joined with "|". */
char *ui_test_titles(AmanatWindow *window);
/* The titles of the documents in `vault` (opened with the core), newest first, each followed
 * by "|". */
char *ui_test_core_titles(amanat_vault *vault);

/* Renders `window` as it is now (after the main loop settled) into DIR/NAME.png. */
void ui_test_save_screenshot(AmanatWindow *window, const char *dir, const char *name);
/* The same for any window (a dialog). */
void ui_test_save_window_screenshot(GtkWindow *window, const char *dir, const char *name);
/* Whether any label, editable or text view under `widget` (shown or not) shows `text`. */
gboolean ui_test_widget_shows_text(GtkWidget *widget, const char *text);
