/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-translations.h: gettext set-up shared by the app and the command line. */
#pragma once

/* Binds Amanat's text domain: the catalogues built in the build folder when the running
 * binary lives there, the installed ones otherwise. */
void amanat_translations_setup(void);
