/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-bidi.h: keeping inserted text in its own direction inside translated sentences. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* `text` between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE: a title, a name or a tag
 * the user typed keeps its own direction and does not reorder the sentence around it. */
char *amanat_bidi_isolate(const char *text);

/* `text` between LEFT-TO-RIGHT ISOLATE and POP DIRECTIONAL ISOLATE: file names, safety codes
 * and other left-to-right data read left to right even inside a right-to-left sentence (in
 * Arabic text, "1234 5678" would otherwise show its groups in the opposite order). */
char *amanat_bidi_ltr(const char *text);

G_END_DECLS
