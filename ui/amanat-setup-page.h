/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-setup-page.h: first run: what Amanat does, a password, an optional duress
 * password, then the vault is created and opened. */
#pragma once

#include <gtk/gtk.h>

#include "amanat-session.h"

G_BEGIN_DECLS

#define AMANAT_TYPE_SETUP_PAGE (amanat_setup_page_get_type())
G_DECLARE_FINAL_TYPE(AmanatSetupPage, amanat_setup_page, AMANAT, SETUP_PAGE, GtkWidget)

void amanat_setup_page_set_session(AmanatSetupPage *self, AmanatSession *session);

/* The key-derivation cost for the new vault (default: AMANAT_KDF_MODERATE). Tests use a
 * cheaper one. */
void amanat_setup_page_set_kdf_cost(AmanatSetupPage *self, amanat_kdf_cost cost);

/* The step shown: "welcome", "password", "duress" or "creating". */
const char *amanat_setup_page_get_step(AmanatSetupPage *self);

/* Back to the welcome step with every entry emptied. */
void amanat_setup_page_reset(AmanatSetupPage *self);

G_END_DECLS
