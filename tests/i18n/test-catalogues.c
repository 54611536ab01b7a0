/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-catalogues.c: the translations are complete and well-formed.
 *
 * - LINGUAS lists every required language, sorted, and each has its .po (and no .po is
 *   left out of LINGUAS);
 * - POTFILES.in names every source file with a translatable string, and only files that
 *   exist;
 * - for each language: a template extracted now from the sources (xgettext, the same
 *   keywords as meson's glib preset) merged into its .po leaves nothing untranslated or
 *   fuzzy, `msgfmt --check` (formats, header, plural forms) and the mnemonic check pass,
 *   and Plural-Forms is that language's rule;
 * - the same for Amanat's translations of GTK's and libadwaita's strings (i18n/toolkit/) in
 *   the languages those toolkits have no catalogue for. */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

/* The languages the issue asks for, with their gettext plural rules (the CLDR categories
 * gettext can express; the same expressions GNU gettext's own catalogues use). */
static const struct {
  const char *code, *plural_forms;
} required[] = {
    {"am", "nplurals=2; plural=(n > 1);"},
    {"ar", "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
           "n%100>=11 ? 4 : 5);"},
    {"be", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || "
           "n%100>=20) ? 1 : 2);"},
    {"bo", "nplurals=1; plural=0;"},
    {"ckb", "nplurals=2; plural=(n != 1);"},
    {"es", "nplurals=2; plural=(n != 1);"},
    {"fa", "nplurals=2; plural=(n > 1);"},
    {"fr", "nplurals=2; plural=(n > 1);"},
    {"ko", "nplurals=1; plural=0;"},
    {"my", "nplurals=1; plural=0;"},
    {"ru", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || "
           "n%100>=20) ? 1 : 2);"},
    {"ti", "nplurals=2; plural=(n > 1);"},
    {"tr", "nplurals=2; plural=(n != 1);"},
    {"ug", "nplurals=2; plural=(n != 1);"},
    {"uk", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || "
           "n%100>=20) ? 1 : 2);"},
    {"ur", "nplurals=2; plural=(n != 1);"},
    {"vi", "nplurals=1; plural=0;"},
    {"zh_CN", "nplurals=1; plural=0;"},
    {"zh_TW", "nplurals=1; plural=0;"},
};

static const char *source_root;
static char *scratch;   /* a temporary folder for the fresh template */
static char *fresh_pot; /* extracted once, in /i18n/template */

static char *source_path(const char *relative) {
  return g_build_filename(source_root, relative, NULL);
}

/* Non-empty lines that are not comments. */
static GPtrArray *read_list(const char *relative) {
  g_autofree char *path = source_path(relative);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_assert_true(g_file_get_contents(path, &text, NULL, &error));
  GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
  g_auto(GStrv) split = g_strsplit(text, "\n", -1);
  for (char **l = split; *l != NULL; l++) {
    g_strstrip(*l);
    if ((*l)[0] != '\0' && (*l)[0] != '#')
      g_ptr_array_add(lines, g_strdup(*l));
  }
  return lines;
}

static gboolean list_has(GPtrArray *list, const char *item) {
  for (guint i = 0; i < list->len; i++)
    if (strcmp(list->pdata[i], item) == 0)
      return TRUE;
  return FALSE;
}

/* Runs argv in the source root; returns its exit status and its stderr in *err. */
static int run(const char *const *argv, char **out, char **err) {
  g_autoptr(GError) error = NULL;
  int status = -1;
  g_assert_true(g_spawn_sync(source_root, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out,
                             err, &status, &error));
  return g_spawn_check_wait_status(status, NULL) ? 0 : 1;
}

static void test_linguas(void) {
  g_autoptr(GPtrArray) linguas = read_list("i18n/LINGUAS");
  for (guint i = 0; i < G_N_ELEMENTS(required); i++)
    if (!list_has(linguas, required[i].code))
      g_test_fail_printf("LINGUAS lacks the required language %s", required[i].code);
  for (guint i = 0; i < linguas->len; i++) {
    g_autofree char *po = g_strdup_printf("i18n/%s.po", (char *)linguas->pdata[i]);
    g_autofree char *path = source_path(po);
    if (!g_file_test(path, G_FILE_TEST_IS_REGULAR))
      g_test_fail_printf("%s is in LINGUAS but %s is missing", (char *)linguas->pdata[i], po);
    if (i > 0 && strcmp(linguas->pdata[i - 1], linguas->pdata[i]) >= 0)
      g_test_fail_printf("LINGUAS is not sorted at %s", (char *)linguas->pdata[i]);
  }
  g_autofree char *dir_path = source_path("i18n");
  g_autoptr(GDir) dir = g_dir_open(dir_path, 0, NULL);
  g_assert_nonnull(dir);
  for (const char *name; (name = g_dir_read_name(dir)) != NULL;) {
    if (!g_str_has_suffix(name, ".po"))
      continue;
    g_autofree char *code = g_strndup(name, strlen(name) - 3);
    if (!list_has(linguas, code))
      g_test_fail_printf("i18n/%s is not built: %s is missing from LINGUAS", name, code);
  }
}

/* A source file holds a translatable string when it calls a gettext keyword or marks a
 * .ui property translatable; desktop and metainfo templates always do. */
static gboolean has_translatable(const char *path) {
  if (g_str_has_suffix(path, ".desktop.in") || g_str_has_suffix(path, ".metainfo.xml.in"))
    return TRUE;
  g_autofree char *text = NULL;
  if (!g_file_get_contents(path, &text, NULL, NULL))
    return FALSE;
  if (g_str_has_suffix(path, ".ui"))
    return strstr(text, "translatable=\"yes\"") != NULL;
  static GRegex *call = NULL;
  if (call == NULL)
    call = g_regex_new("(?<![A-Za-z0-9_])(_|N_|C_|NC_|ngettext|g_dngettext)\\s*\\(\\s*\"",
                       G_REGEX_OPTIMIZE, 0, NULL);
  return g_regex_match(call, text, 0, NULL);
}

static void scan_folder(const char *relative, GPtrArray *potfiles) {
  g_autofree char *path = source_path(relative);
  g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
  if (dir == NULL)
    return;
  for (const char *name; (name = g_dir_read_name(dir)) != NULL;) {
    g_autofree char *child = g_build_filename(relative, name, NULL);
    g_autofree char *full = source_path(child);
    if (g_file_test(full, G_FILE_TEST_IS_DIR)) {
      scan_folder(child, potfiles);
      continue;
    }
    gboolean source = g_str_has_suffix(name, ".c") || g_str_has_suffix(name, ".ui") ||
                      g_str_has_suffix(name, ".desktop.in") ||
                      g_str_has_suffix(name, ".metainfo.xml.in");
    if (source && has_translatable(full) && !list_has(potfiles, child))
      g_test_fail_printf("%s has translatable strings but is not in i18n/POTFILES.in", child);
  }
}

static void test_potfiles(void) {
  g_autoptr(GPtrArray) potfiles = read_list("i18n/POTFILES.in");
  g_assert_cmpuint(potfiles->len, >, 0);
  for (guint i = 0; i < potfiles->len; i++) {
    g_autofree char *path = source_path(potfiles->pdata[i]);
    if (!g_file_test(path, G_FILE_TEST_IS_REGULAR))
      g_test_fail_printf("POTFILES.in names %s, which does not exist", (char *)potfiles->pdata[i]);
  }
  /* Every folder whose code reaches the user; core/ returns error codes only. */
  const char *const folders[] = {"app", "ui", "core", "render", "packaging"};
  for (guint i = 0; i < G_N_ELEMENTS(folders); i++)
    scan_folder(folders[i], potfiles);
}

/* The template as the sources stand now (what `meson compile amanat-pot` would write). */
static void test_template(void) {
  g_autofree char *files_from = source_path("i18n/POTFILES.in");
  fresh_pot = g_build_filename(scratch, "amanat.pot", NULL);
  const char *argv[] = {"xgettext",
                        "--from-code=UTF-8",
                        "--add-comments=Translators:",
                        "--keyword=_",
                        "--keyword=N_",
                        "--keyword=C_:1c,2",
                        "--keyword=NC_:1c,2",
                        "--keyword=g_dngettext:2,3",
                        "--keyword=g_dpgettext2:2c,3",
                        "--flag=N_:1:pass-c-format",
                        "--flag=C_:2:pass-c-format",
                        "--flag=NC_:2:pass-c-format",
                        "--flag=g_dngettext:2:pass-c-format",
                        "--flag=g_strdup_printf:1:c-format",
                        "--flag=g_string_printf:2:c-format",
                        "--flag=g_string_append_printf:2:c-format",
                        "--flag=g_set_error:4:c-format",
                        "--flag=g_printerr:1:c-format",
                        "--flag=g_print:1:c-format",
                        "--flag=g_markup_printf_escaped:1:c-format",
                        "--files-from",
                        files_from,
                        "-o",
                        fresh_pot,
                        NULL};
  g_autofree char *err = NULL;
  int status = run(argv, NULL, &err);
  if (status != 0)
    g_test_message("%s", err);
  g_assert_cmpint(status, ==, 0);
  g_assert_true(g_file_test(fresh_pot, G_FILE_TEST_IS_REGULAR));
}

/* A field of the header entry; PO continues a string on the next line with "\n"". */
static char *header_field(const char *po_text, const char *field) {
  g_auto(GStrv) pieces = g_strsplit(po_text, "\"\n\"", -1);
  g_autofree char *joined = g_strjoinv("", pieces);
  po_text = joined;
  /* Fields after the first follow the previous one's "\n". */
  g_autofree char *key = g_strdup_printf("\\n%s: ", field);
  const char *at = strstr(po_text, key);
  if (at == NULL)
    return NULL;
  at += strlen(key);
  const char *end = strstr(at, "\\n");
  return end != NULL ? g_strndup(at, end - at) : NULL;
}

static const char *plural_rule(const char *code) {
  for (guint i = 0; i < G_N_ELEMENTS(required); i++)
    if (strcmp(required[i].code, code) == 0)
      return required[i].plural_forms;
  g_assert_not_reached();
}

/* One catalogue checked against its template: complete, well-formed, the right rule. */
static void check_catalogue(const char *code, const char *relative, const char *pot) {
  g_autofree char *po = source_path(relative);
  g_autofree char *text = NULL;
  if (!g_file_get_contents(po, &text, NULL, NULL)) {
    g_test_fail_printf("%s is missing", relative);
    return;
  }

  g_autofree char *plural = header_field(text, "Plural-Forms");
  g_assert_cmpstr(plural, ==, plural_rule(code));
  g_autofree char *content_type = header_field(text, "Content-Type");
  g_assert_cmpstr(content_type, ==, "text/plain; charset=UTF-8");

  g_autofree char *flat = g_strdelimit(g_strdup(relative), "/", '-');
  g_autofree char *merged = g_build_filename(scratch, flat, NULL);
  const char *merge[] = {"msgmerge", "--quiet", "--no-fuzzy-matching", "--output-file", merged, po,
                         pot,        NULL};
  g_assert_cmpint(run(merge, NULL, NULL), ==, 0);

  const char *check[] = {
      "msgfmt", "--check", "--check-accelerators=_", "--statistics", "--output-file=/dev/null",
      merged,   NULL};
  g_autofree char *err = NULL;
  int status = run(check, NULL, &err);
  g_test_message("%s: %s", relative, err);
  g_assert_cmpint(status, ==, 0);
  /* "N translated messages." and nothing else: no fuzzy, no untranslated. */
  if (strstr(err, "translated message") == NULL || strstr(err, "untranslated") != NULL ||
      strstr(err, "fuzzy") != NULL)
    g_test_fail_printf("%s is not complete: %s", relative, err);
  (void)g_remove(merged);
}

static void test_language(gconstpointer data) {
  const char *code = data;
  if (fresh_pot == NULL) {
    g_test_fail_printf("no template: /i18n/template failed or was not run");
    return;
  }
  g_autofree char *relative = g_strdup_printf("i18n/%s.po", code);
  check_catalogue(code, relative, fresh_pot);
}

/* GTK 4.8 and libadwaita 1.2 have no catalogue on Debian 12 for these languages
 * (PLATFORM.md); Amanat supplies the strings its windows show (i18n/toolkit/). */
static const struct {
  const char *domain, *const *codes;
} toolkit[] = {
    {"gtk40", (const char *const[]){"bo", "ckb", "ti", NULL}},
    {"libadwaita", (const char *const[]){"am", "ar", "bo", "ckb", "my", "ti", "ug", "ur", NULL}},
};

static void test_toolkit(gconstpointer data) {
  const char *domain = toolkit[GPOINTER_TO_UINT(data) >> 8].domain;
  const char *code = toolkit[GPOINTER_TO_UINT(data) >> 8].codes[GPOINTER_TO_UINT(data) & 0xff];
  g_autofree char *linguas_relative = g_strdup_printf("i18n/toolkit/%s/LINGUAS", domain);
  g_autoptr(GPtrArray) linguas = read_list(linguas_relative);
  if (!list_has(linguas, code))
    g_test_fail_printf("%s lacks %s", linguas_relative, code);
  g_autofree char *pot_relative = g_strdup_printf("i18n/toolkit/%s/%s.pot", domain, domain);
  g_autofree char *pot = source_path(pot_relative);
  g_autofree char *relative = g_strdup_printf("i18n/toolkit/%s/%s.po", domain, code);
  check_catalogue(code, relative, pot);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_set_nonfatal_assertions();
  source_root = g_getenv("AMANAT_SOURCE_ROOT");
  g_assert_nonnull(source_root);
  g_autoptr(GError) error = NULL;
  scratch = g_dir_make_tmp("amanat-i18n-XXXXXX", &error);
  g_assert_no_error(error);

  g_test_add_func("/i18n/linguas", test_linguas);
  g_test_add_func("/i18n/potfiles", test_potfiles);
  g_test_add_func("/i18n/template", test_template);
  for (guint i = 0; i < G_N_ELEMENTS(required); i++) {
    g_autofree char *name = g_strdup_printf("/i18n/catalogue/%s", required[i].code);
    g_test_add_data_func(name, required[i].code, test_language);
  }
  for (guint d = 0; d < G_N_ELEMENTS(toolkit); d++)
    for (guint i = 0; toolkit[d].codes[i] != NULL; i++) {
      g_autofree char *name =
          g_strdup_printf("/i18n/toolkit/%s/%s", toolkit[d].domain, toolkit[d].codes[i]);
      g_test_add_data_func(name, GUINT_TO_POINTER(d << 8 | i), test_toolkit);
    }
  int status = g_test_run();

  g_autofree char *rm_pot = g_build_filename(scratch, "amanat.pot", NULL);
  (void)g_remove(rm_pot);
  (void)g_rmdir(scratch);
  g_free(fresh_pot);
  g_free(scratch);
  return status;
}
