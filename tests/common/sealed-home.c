/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sealed-home.c: see sealed-home.h. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sealed-home.h"

static char *make_dir(const char *root, const char *relative) {
  char *path = g_build_filename(root, relative, NULL);
  g_assert_cmpint(g_mkdir_with_parents(path, 0700), ==, 0);
  return path;
}

void sealed_home_init(SealedHome *h, const char *root) {
  h->home = make_dir(root, "home");
  h->data = make_dir(root, "home/.local/share");
  h->config = make_dir(root, "home/.config");
  h->cache = make_dir(root, "home/.cache");
  h->state = make_dir(root, "home/.local/state");
  h->runtime = make_dir(root, "run");
  h->tmp = make_dir(root, "tmp");
  const char *const pairs[][2] = {
      {"HOME", h->home},
      {"XDG_DATA_HOME", h->data},
      {"XDG_CONFIG_HOME", h->config},
      {"XDG_CACHE_HOME", h->cache},
      {"XDG_STATE_HOME", h->state},
      {"XDG_RUNTIME_DIR", h->runtime},
      {"TMPDIR", h->tmp},
  };
  h->env = g_new0(char *, G_N_ELEMENTS(pairs) + 1);
  for (size_t i = 0; i < G_N_ELEMENTS(pairs); i++)
    h->env[i] = g_strconcat(pairs[i][0], "=", pairs[i][1], NULL);
}

void sealed_home_clear(SealedHome *h) {
  g_free(h->home);
  g_free(h->data);
  g_free(h->config);
  g_free(h->cache);
  g_free(h->state);
  g_free(h->runtime);
  g_free(h->tmp);
  g_strfreev(h->env);
  memset(h, 0, sizeof *h);
}
