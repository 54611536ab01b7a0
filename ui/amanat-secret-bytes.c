/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-secret-bytes.c: sodium_free zeroes the memory before it unmaps it, so handing it to
 * GBytes as the free function makes "wiped when nothing uses it any more" automatic, even for
 * bytes a GdkTexture holds. */
#include "config.h"

#include <sodium.h>

#include "amanat-secret-bytes.h"

static gint alive;

static void wipe_and_free(gpointer data) {
  sodium_free(data);
  g_atomic_int_add(&alive, -1);
}

GBytes *amanat_secret_bytes_new_take(void *data, gsize len) {
  g_return_val_if_fail(data != NULL, NULL);
  g_atomic_int_inc(&alive);
  return g_bytes_new_with_free_func(data, len, wipe_and_free, data);
}

guint amanat_secret_bytes_get_alive(void) {
  return (guint)g_atomic_int_get(&alive);
}
