/* SPDX-License-Identifier: GPL-3.0-or-later */
/* e2e-session.h: runs the real `amanat` binary on the virtual display (xvfb-run) with HOME,
 * XDG_* and TMPDIR inside a fresh temporary folder, drives it with real key presses
 * (xdotool, through the XTEST extension), and reads the screen back with Xlib: windows found
 * by name and class, screenshots that wait for the picture to settle. */
#pragma once

#include <X11/Xlib.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>

#include "cli-run.h"
#include "sealed-home.h"

#define E2E_PASSWORD "quiet harbour lantern seven"

typedef struct {
  Fixture fixture;   /* the temporary root; amanat-cli runs there too */
  SealedHome sealed; /* HOME, XDG_* and TMPDIR under the root */
  const char *home;  /* sealed.home */
  char *vault;       /* the default vault: $XDG_DATA_HOME/amanat */
  char *recent_path; /* $XDG_DATA_HOME/recently-used.xbel, seeded */
  GBytes *recent_seed;
  GStrv env;            /* sealed.env */
  const char *password; /* the vault's: E2E_PASSWORD unless a test sets another first */
  Display *display;
  GSubprocess *app;
  Window window;              /* the app's main window while it runs */
  GdkPixbuf *last;            /* the main window as the last step left it */
  GdkPixbuf *before_document; /* the list before a document was opened */
} E2eSession;

/* Sets up the temporary root, seeds recently-used.xbel, opens the display. FALSE (and the
 * reason in g_test_skip) when there is no display: the suite runs under xvfb-run. */
gboolean e2e_session_init(E2eSession *s);
void e2e_session_clear(E2eSession *s);

/* A new path under the root, not created. */
char *e2e_path(E2eSession *s, const char *relative);

/* amanat-cli (with s->password first on standard input, then `input`) in the session's
 * environment; asserts exit status 0. */
CliResult *e2e_cli(E2eSession *s, const char *input, const char *const *args);
#define e2e_cli_ok(s, input, ...) e2e_cli((s), (input), (const char *const[]){__VA_ARGS__, NULL})
/* Makes the default vault with the "interactive" key-derivation cost. */
void e2e_make_vault(E2eSession *s);

/* Starts build/app/amanat (LANGUAGE=`language`, "" for none) and waits for its main window
 * (name "Amanat", class "amanat") to be mapped and drawn; sets s->window and s->last. */
void e2e_app_start(E2eSession *s, const char *language);
/* Ctrl+Q, then waits for the app to exit with status 0. */
void e2e_app_quit(E2eSession *s);

/* A mapped window of the app other than `besides` (its main window), e.g. a dialog: waits
 * for it and for its first frame; or (find) 0 when there is none now. */
Window e2e_wait_other_window(E2eSession *s, Window besides);
Window e2e_find_other_window(E2eSession *s, Window besides);
/* Waits until the window shows more than a background. */
void e2e_wait_painted(E2eSession *s, Window window);
/* Its title (WM_NAME). */
char *e2e_window_name(E2eSession *s, Window window);
void e2e_wait_window_gone(E2eSession *s, Window window);
/* Whether `window` exists and is viewable. */
gboolean e2e_window_mapped(E2eSession *s, Window window);

/* Keyboard focus to `window` (there is no window manager to give it). */
void e2e_focus(E2eSession *s, Window window);
/* xdotool key KEY... (e.g. "ctrl+o"), xdotool type TEXT. */
void e2e_keys(E2eSession *s, const char *const *keys);
#define e2e_key(s, ...) e2e_keys((s), (const char *const[]){__VA_ARGS__, NULL})
void e2e_type(E2eSession *s, const char *text);

/* The window's pixels now (RGB). */
GdkPixbuf *e2e_capture(E2eSession *s, Window window);
/* The window's pixels once they stopped changing. */
GdkPixbuf *e2e_settle(E2eSession *s, Window window);
/* Waits until more than `fraction` of the pixels differ from `before`, then settles. */
GdkPixbuf *e2e_wait_change(E2eSession *s, Window window, GdkPixbuf *before, double fraction,
                           const char *what);
/* Waits until at most `fraction` of the pixels differ from `target`, then settles. */
GdkPixbuf *e2e_wait_similar(E2eSession *s, Window window, GdkPixbuf *target, double fraction,
                            const char *what);
/* The same for the main window and s->last, which then holds the new picture (returned,
 * borrowed) after checking that it is not blank. */
GdkPixbuf *e2e_next(E2eSession *s, double fraction, const char *what);
/* The share of pixels that differ (1.0 when the sizes do). */
double e2e_difference(GdkPixbuf *a, GdkPixbuf *b);
/* Asserts that the picture shows something: many colours, no single one covering it. */
void e2e_assert_not_blank(GdkPixbuf *image);
/* Where dark pixels (text, icons) sit in rows y0..y1: their mean x as a share of the width,
 * for telling a mirrored layout from a left-to-right one. */
double e2e_ink_centre(GdkPixbuf *image, int y0, int y1);
/* Saves `image` as <build>/screenshots/e2e-NAME.png. */
void e2e_save(GdkPixbuf *image, const char *name);

/* Asserts that recently-used.xbel still holds exactly the seed. */
void e2e_assert_recent_unchanged(E2eSession *s);
