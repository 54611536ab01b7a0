/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-bidi.c: Unicode directional isolates (UAX #9, X5a–X6a) around inserted text. Pango
 * (through FriBidi) honours them; they draw nothing. */
#include "config.h"

#include "amanat-bidi.h"

#define FSI "\u2068"
#define LRI "\u2066"
#define PDI "\u2069"

char *amanat_bidi_isolate(const char *text) {
  return g_strconcat(FSI, text != NULL ? text : "", PDI, NULL);
}

char *amanat_bidi_ltr(const char *text) {
  return g_strconcat(LRI, text != NULL ? text : "", PDI, NULL);
}
