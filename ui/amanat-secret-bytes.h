/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-secret-bytes.h: GBytes over sodium_malloc memory (a decrypted document, the pixels
 * of one of its pages), wiped and freed with their last reference. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Takes `data`, which sodium_malloc (or the core's amanat_doc_read_all) allocated. */
GBytes *amanat_secret_bytes_new_take(void *data, gsize len);

/* How many such GBytes are alive: the viewer's tests check that a closed viewer left none. */
guint amanat_secret_bytes_get_alive(void);

G_END_DECLS
