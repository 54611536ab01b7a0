/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-dates.h: days shown in the app's language, not the C locale's. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The day of `date` ("5 May 2024") in the order and with the month names of Amanat's own
 * catalogue: a fresh system has only the C.UTF-8 locale, whose month names are English
 * whatever LANGUAGE says (PLATFORM.md), so the names come from gettext. */
char *amanat_format_day(GDateTime *date);

/* The same for an ISO day "YYYY-MM-DD" (with anything after it); a copy of `iso` when it is
 * not one. */
char *amanat_format_iso_day(const char *iso);

G_END_DECLS
