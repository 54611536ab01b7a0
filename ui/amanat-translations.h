/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-translations.h: gettext set-up shared by the app and the command line. */
#pragma once

/* Binds Amanat's text domain: the catalogues built in the build folder when the running
 * binary lives there, the installed ones otherwise. */
void amanat_translations_setup(void);

/* `relative` (a folder) inside the build folder that holds the running binary, or NULL when
 * it does not run from one. Found from /proc/self/exe: no build path is compiled in. */
char *amanat_build_tree_dir(const char *relative);

/* For a language GTK 4.8 or libadwaita 1.2 has no catalogue for, binds their text domains to
 * Amanat's translations of the strings its windows show (i18n/toolkit/). Call after GTK and
 * libadwaita are initialised (they bind their domains then) and after a language change. */
void amanat_translations_supply_toolkit(void);
