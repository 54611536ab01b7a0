/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-list.c: unlock to a listed 100 000-document vault, after the KDF. Drives the app's
 * own window (the UI library the app links) on a virtual display: the lock page's unlock,
 * then the time from the unlock job's KDF finishing to the first frame that shows the
 * documents page with its newest rows drawn and the list holding all 100 000. The KDF's
 * end is the job's start plus the KDF time the core measured for that very open. Prints a
 * table; never passes or fails on timing.
 *
 * AMANAT_BENCH_RUNS sets the runs (7); AMANAT_BENCH_LIST_DOCS the size (100 000);
 * AMANAT_BENCH_LIST_VAULT a folder to keep the filled vault in between invocations (it is
 * filled when missing). */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amanat-application.h"
#include "amanat-documents-page.h"
#include "amanat-lock-page.h"
/* For the session's vault and its open timings, which the window keeps to itself. */
#include "amanat-window-private.h"
#include "bench-util.h"
#include "bench-vault.h"

#define PASSWORD "bench list password"

typedef struct {
  AmanatWindow *window;
  guint documents;
  char *newest_prefix; /* "Document 99999 " */
  gint64 page_us;      /* the first frame after the unlock on the documents page */
  gint64 painted_us;   /* the first frame after the unlock that shows it all */
} Run;

static void die(const char *message) {
  fprintf(stderr, "bench-list: %s\n", message);
  exit(1);
}

static gboolean shows_label_with_prefix(GtkWidget *widget, const char *prefix) {
  if (!gtk_widget_get_mapped(widget))
    return FALSE;
  if (GTK_IS_LABEL(widget) && g_str_has_prefix(gtk_label_get_text(GTK_LABEL(widget)), prefix))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child(widget); child != NULL;
       child = gtk_widget_get_next_sibling(child))
    if (shows_label_with_prefix(child, prefix))
      return TRUE;
  return FALSE;
}

/* After each frame: the documents page, the whole count, the newest row drawn. */
static void on_after_paint_cb(GdkFrameClock *clock, Run *run) {
  if (run->painted_us != 0 || g_strcmp0(amanat_window_get_page(run->window), "main") != 0)
    return;
  if (run->page_us == 0)
    run->page_us = g_get_monotonic_time();
  GtkWidget *page = amanat_window_get_documents_page(run->window);
  GListModel *model = amanat_documents_page_get_model(AMANAT_DOCUMENTS_PAGE(page));
  if (g_list_model_get_n_items(model) != run->documents)
    return;
  if (shows_label_with_prefix(page, run->newest_prefix))
    run->painted_us = g_get_monotonic_time();
}

typedef gboolean (*Condition)(gpointer data);

static void wait_for(Condition condition, gpointer data, const char *what) {
  gint64 deadline = g_get_monotonic_time() + 120 * G_USEC_PER_SEC;
  while (!condition(data)) {
    if (g_get_monotonic_time() > deadline)
      die(what);
    g_main_context_iteration(NULL, TRUE);
  }
}

static gboolean is_painted(gpointer data) {
  return ((Run *)data)->painted_us != 0;
}

static gboolean is_locked(gpointer data) {
  AmanatWindow *window = data;
  return g_strcmp0(amanat_window_get_page(window), "lock") == 0 &&
         !amanat_window_get_unlocked(window) && !amanat_window_get_busy(window);
}

static gboolean is_idle(gpointer data) {
  return !amanat_window_get_busy(data);
}

static gboolean is_mapped(gpointer data) {
  return gtk_widget_get_mapped(data);
}

/* One unlock and lock; sets the KDF, the core's open after it, the KDF's end to the frame,
 * and how long locking held the main thread (the window can't redraw meanwhile). */
static void unlock_once(Run *run, double *kdf_ms, double *ready_ms, double *to_page_ms,
                        double *to_rows_ms, double *lock_ms) {
  AmanatWindow *window = run->window;
  GtkWidget *lock = amanat_window_get_lock_page(window);
  GtkEditable *entry =
      GTK_EDITABLE(gtk_widget_get_template_child(lock, AMANAT_TYPE_LOCK_PAGE, "password_entry"));
  gtk_editable_set_text(entry, PASSWORD);
  run->painted_us = 0;
  run->page_us = 0;
  GdkFrameClock *clock = gtk_widget_get_frame_clock(GTK_WIDGET(window));
  gulong handler = g_signal_connect(clock, "after-paint", G_CALLBACK(on_after_paint_cb), run);

  gint64 start_us = g_get_monotonic_time();
  amanat_lock_page_unlock(AMANAT_LOCK_PAGE(lock));
  wait_for(is_painted, run, "the documents never showed");
  g_signal_handler_disconnect(clock, handler);

  wait_for(is_idle, window, "the vault stayed busy");
  amanat_vault *vault = amanat_session_borrow(window->session);
  if (vault == NULL)
    die("the vault is not open");
  uint64_t kdf_ns = 0, ready_ns = 0;
  amanat_vault_open_timings(vault, &kdf_ns, &ready_ns);
  amanat_session_give_back(window->session);

  *kdf_ms = (double)kdf_ns / 1e6;
  *ready_ms = (double)ready_ns / 1e6;
  /* The job starts at once on the idle worker: its KDF ends kdf_ns after the click. */
  *to_page_ms = (double)(run->page_us - start_us) / 1e3 - *kdf_ms;
  *to_rows_ms = (double)(run->painted_us - start_us) / 1e3 - *kdf_ms;

  gint64 lock_us = g_get_monotonic_time();
  amanat_window_lock(window);
  *lock_ms = (double)(g_get_monotonic_time() - lock_us) / 1e3;
  wait_for(is_locked, window, "the vault did not lock");
}

static double env_number(const char *name, double fallback) {
  const char *text = g_getenv(name);
  return text != NULL && text[0] != '\0' ? g_ascii_strtod(text, NULL) : fallback;
}

int main(void) {
  const char *display = g_getenv("DISPLAY");
  if (display == NULL || display[0] == '\0') {
    printf("bench-list: skipped: no display (packaging/dev.sh bench runs it under xvfb-run)\n");
    return 0;
  }
  int runs = CLAMP((int)env_number("AMANAT_BENCH_RUNS", 7), 1, 50);
  int documents = CLAMP((int)env_number("AMANAT_BENCH_LIST_DOCS", 100000), 1, 10000000);

  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp("amanat-bench-list-XXXXXX", &error);
  if (root == NULL)
    die(error->message);
  /* The app's small prefs file (last vault) goes here, not into the user's home. */
  g_autofree char *home = g_build_filename(root, "home", NULL);
  g_setenv("HOME", home, TRUE);
  g_autofree char *config = g_build_filename(home, ".config", NULL);
  g_setenv("XDG_CONFIG_HOME", config, TRUE);
  g_autofree char *data = g_build_filename(home, ".local", "share", NULL);
  g_setenv("XDG_DATA_HOME", data, TRUE);

  const char *kept = g_getenv("AMANAT_BENCH_LIST_VAULT");
  g_autofree char *vault_dir =
      kept != NULL && kept[0] != '\0' ? g_strdup(kept) : g_build_filename(root, "vault", NULL);
  if (amanat_init() != AMANAT_OK)
    die("amanat_init failed");
  amanat_vault_info info;
  if (amanat_vault_read_info(vault_dir, &info) != AMANAT_OK) {
    g_autofree char *scratch = g_build_filename(root, "small.txt", NULL);
    double documents_s = 0, contacts_s = 0;
    bench_vault_fill(vault_dir, PASSWORD, scratch, documents, 1000, &documents_s, &contacts_s);
    printf("\nFilled a vault with %d documents and 1000 contacts in %.0f s + %.0f s\n", documents,
           documents_s, contacts_s);
  }

  gtk_init();
  adw_init();
  g_object_set(gtk_settings_get_default(), "gtk-enable-animations", FALSE, NULL);
  g_autoptr(AmanatApplication) app =
      amanat_application_new("org.amanat.Amanat.Bench", G_APPLICATION_NON_UNIQUE);
  if (!g_application_register(G_APPLICATION(app), NULL, &error))
    die(error->message);
  Run run = {
      .window = amanat_window_new(app, vault_dir),
      .documents = (guint)documents,
      .newest_prefix = g_strdup_printf("Document %d ", documents - 1),
  };
  gtk_window_present(GTK_WINDOW(run.window));
  wait_for(is_mapped, run.window, "the window was never mapped");
  if (g_strcmp0(amanat_window_get_page(run.window), "lock") != 0)
    die("the window does not show the lock screen");

  double kdf[50], ready[50], to_page[50], to_rows[50], lock[50], ignored;
  /* Warm-up: page cache, fonts, icons. */
  unlock_once(&run, &ignored, &ignored, &ignored, &ignored, &ignored);
  for (int r = 0; r < runs; r++)
    unlock_once(&run, &kdf[r], &ready[r], &to_page[r], &to_rows[r], &lock[r]);

  const char *renderer = g_getenv("GSK_RENDERER");
  if (renderer != NULL && renderer[0] == '\0')
    renderer = NULL;
  printf("\nUnlock to a listed %d-document vault (the app's window on %s, GSK renderer %s;\n"
         "median of %d runs after a warm-up)\n\n",
         documents, display, renderer != NULL ? renderer : "default", runs);
  printf("| measure                                                 | median ms |\n");
  printf("|---------------------------------------------------------|-----------|\n");
  printf("| KDF (interactive cost, in the unlock job)               | %9.1f |\n",
         bench_median(kdf, runs));
  printf("| core open after the KDF (databases keyed and checked)   | %9.1f |\n",
         bench_median(ready, runs));
  printf("| KDF end → first frame of the documents page (no rows)   | %9.1f |\n",
         bench_median(to_page, runs));
  printf("| KDF end → frame with the first rows and all %6d rows | %9.1f |\n", documents,
         bench_median(to_rows, runs));
  printf("| Lock: main thread held by amanat_window_lock()          | %9.1f |\n",
         bench_median(lock, runs));

  gtk_window_destroy(GTK_WINDOW(run.window));
  g_free(run.newest_prefix);
  /* A kept vault lives outside `root`. */
  g_autofree char *rm = g_strdup_printf("rm -rf '%s'", root);
  if (system(rm) != 0)
    die("cannot remove the temporary folder");
  return 0;
}
