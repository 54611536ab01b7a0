/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-main.c: the desktop app's entry point: hardening, a log writer that never prints
 * what a message says, translations, then the application. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amanat-application.h"
#include "amanat-error-message.h"
#include "amanat-log.h"
#include "amanat-prefs-file.h"
#include "amanat-translations.h"
#include "amanat.h"

int main(int argc, char **argv) {
  int hardened = amanat_harden_process(); /* before anything can hold a secret */
  amanat_log_install();                   /* before anything can log */
  amanat_translations_setup();
  /* The language chosen in Settings, before GLib first translates anything: GLib decides
   * once per process whether to translate its own strings (file sizes), by whether
   * Amanat's catalogue has the language at that moment. */
  g_free(amanat_prefs_file_apply_language());
  if (hardened != AMANAT_OK) {
    fprintf(stderr, "%s\n",
            _("Amanat could not turn off core dumps and debugger access, so it will not run."));
    return EXIT_FAILURE;
  }
  int err = amanat_init();
  if (err != AMANAT_OK) {
    fprintf(stderr, "%s\n", amanat_error_message(err));
    return EXIT_FAILURE;
  }

  g_set_application_name("Amanat");
  g_autoptr(AmanatApplication) app = amanat_application_new(APP_ID, G_APPLICATION_DEFAULT_FLAGS);
  /* GTK tracks the screensaver (GtkApplication:screensaver-active) only for applications
   * registered with the session. */
  g_object_set(app, "register-session", TRUE, NULL);
  return g_application_run(G_APPLICATION(app), argc, argv);
}
