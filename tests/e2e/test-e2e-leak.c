/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-e2e-leak.c: the documents issue's leak test (tests/cli/test-leak.c) over a session
 * of the desktop app. Random markers go in through the real app's keyboard: the password
 * typed on the lock screen, a file whose name and content hold markers added through the
 * file chooser (its path typed), a search for the content's marker, a note's title and text,
 * a contact's name, sensitive detail, notes and tag. The app opens the document, locks,
 * unlocks and quits, with HOME, XDG_* and TMPDIR inside the test's folder. amanat-cli then
 * checks that everything reached the vault; the sources are deleted; and no marker may
 * remain anywhere under the folder, in UTF-8 or UTF-16, in any file or file name.
 * recently-used.xbel must be byte for byte what it was. */
#include "config.h"

#include <string.h>

#include "e2e-steps.h"
#include "marker-scan.h"

/* Where each marker is put. */
typedef enum {
  M_PASSWORD,
  M_FILE_NAME,
  M_CONTENT,
  M_NOTE_TITLE,
  M_NOTE_TEXT,
  M_CONTACT_NAME,
  M_SENSITIVE_DETAIL,
  M_CONTACT_NOTES,
  M_TAG,
  M_COUNT
} MarkerPlace;

static const char *const place_names[M_COUNT] = {
    "password",     "file name",        "file content",  "note title", "note text",
    "contact name", "sensitive detail", "contact notes", "tag",
};

static char *write_file(const char *dir, const char *name, const void *data, gsize len) {
  g_assert_cmpint(g_mkdir_with_parents(dir, 0700), ==, 0);
  char *path = g_build_filename(dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_file_set_contents(path, data, (gssize)len, &error);
  g_assert_no_error(error);
  return path;
}

/* Everything the GUI was given is in the vault: otherwise finding no marker proves nothing. */
static void assert_in_vault(E2eSession *s, const char *const *M, const char *file_name) {
  g_autoptr(CliResult) ls = e2e_cli_ok(s, NULL, "ls", "--json");
  g_assert_nonnull(strstr(ls->out, file_name));
  g_assert_nonnull(strstr(ls->out, M[M_NOTE_TITLE]));
  g_autoptr(CliResult) found = e2e_cli_ok(s, NULL, "search", "--json", M[M_CONTENT]);
  g_assert_nonnull(strstr(found->out, file_name));
  g_autoptr(CliResult) by_note = e2e_cli_ok(s, NULL, "search", "--json", M[M_NOTE_TEXT]);
  g_assert_nonnull(strstr(by_note->out, M[M_NOTE_TITLE]));

  g_autoptr(CliResult) contacts = e2e_cli_ok(s, NULL, "contact", "ls", "--json");
  g_assert_nonnull(strstr(contacts->out, M[M_CONTACT_NAME]));
  g_autoptr(GString) tag = g_string_new(M[M_TAG]);
  g_string_ascii_down(tag); /* tags may be kept folded */
  g_autoptr(GString) listed = g_string_new(contacts->out);
  g_string_ascii_down(listed);
  g_assert_nonnull(strstr(listed->str, tag->str));
  g_autofree char *id = g_strndup(strstr(contacts->out, "\"id\":\"") + 6, 12);
  g_autoptr(CliResult) shown = e2e_cli_ok(s, NULL, "contact", "show", id, "--reveal", "--json");
  g_assert_nonnull(strstr(shown->out, M[M_SENSITIVE_DETAIL]));
  g_assert_nonnull(strstr(shown->out, M[M_CONTACT_NOTES]));
}

static void test_no_plaintext_on_disk(void) {
  E2eSession session;
  E2eSession *s = &session;
  if (!e2e_session_init(s))
    return;
  g_autoptr(MarkerSet) markers = marker_set_new(place_names, M_COUNT);
  const char *M[M_COUNT];
  for (int m = 0; m < M_COUNT; m++)
    M[m] = marker_set_get(markers, m);

  /* Sources: seen by the final scan only after they are deleted. */
  g_autofree char *sources = e2e_path(s, "sources");
  g_autofree char *file_name = g_strdup_printf("report-%s.txt", M[M_FILE_NAME]);
  g_autofree char *content =
      g_strdup_printf("The convoy left at dawn. Source: %s.\nEnd.\n", M[M_CONTENT]);
  g_autofree char *path = write_file(sources, file_name, content, strlen(content));
  g_autoptr(GBytes) control = marker_set_control_bytes(markers);
  g_free(write_file(sources, "control.bin", g_bytes_get_data(control, NULL),
                    g_bytes_get_size(control)));

  s->password = M[M_PASSWORD];
  e2e_make_vault(s);
  e2e_app_start(s, "");
  e2e_unlock(s);
  e2e_add_file(s, path, NULL);
  Window opened_window = 0;
  E2eOpened opened = e2e_open_first_document(s, &opened_window);
  if (opened == E2E_OPENED_NOTHING)
    g_test_message("the viewer has not landed: the document was not opened");
  e2e_close_document(s, opened, opened_window);
  e2e_search(s, M[M_CONTENT]);
  e2e_clear_search(s);
  e2e_show_view(s, 2);
  e2e_add_note(s, M[M_NOTE_TITLE], M[M_NOTE_TEXT]);
  e2e_show_view(s, 3);
  e2e_add_contact(s, M[M_CONTACT_NAME], "Signal", M[M_SENSITIVE_DETAIL], M[M_CONTACT_NOTES],
                  M[M_TAG]);
  e2e_lock(s);
  e2e_unlock(s);
  e2e_app_quit(s);

  assert_in_vault(s, M, file_name);
  e2e_assert_recent_unchanged(s);

  /* Positive control: the scanner finds every marker where it is in plaintext. */
  g_autoptr(MarkerScan) control_scan = marker_scan_new(markers);
  marker_scan_tree(control_scan, sources);
  for (int m = 0; m < M_COUNT; m++)
    for (int e = 0; e < MARKER_N_ENCODINGS; e++)
      g_assert_cmpuint(marker_scan_hits(control_scan, m, e), >, 0);
  g_assert_cmpuint(marker_scan_hits(control_scan, M_FILE_NAME, MARKER_UTF8), >=, 2);
  g_assert_cmpuint(marker_scan_hits(control_scan, M_CONTENT, MARKER_UTF8), >=, 2);

  /* The sources go; nothing of the markers may remain anywhere. */
  rm_rf(sources);
  g_autoptr(MarkerScan) scan = marker_scan_new(markers);
  marker_scan_tree(scan, s->fixture.tmp);
  g_test_message("scanned %u files, %" G_GUINT64_FORMAT " bytes", marker_scan_files(scan),
                 marker_scan_bytes(scan));
  g_assert_cmpuint(marker_scan_files(scan), >=, 5); /* the vault, the prefs, the recent list */
  if (marker_scan_report(scan)[0] != '\0')
    g_test_message("plaintext found on disk:\n%s", marker_scan_report(scan));
  g_assert_cmpstr(marker_scan_report(scan), ==, "");
  e2e_session_clear(s);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/e2e/leak/no-plaintext-on-disk", test_no_plaintext_on_disk);
  return g_test_run();
}
