/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-checklist-page.h: the safety checklist: live checks of this computer and this vault
 * (swap, hibernation, duress password, colleagues verified) and the civil-society guidance as
 * steps to tick, the ticks kept in the vault. */
#pragma once

#include <adwaita.h>

#include "amanat-session.h"
#include "amanat-swap-check.h"

G_BEGIN_DECLS

#define AMANAT_TYPE_CHECKLIST_PAGE (amanat_checklist_page_get_type())
G_DECLARE_FINAL_TYPE(AmanatChecklistPage, amanat_checklist_page, AMANAT, CHECKLIST_PAGE,
                     AdwPreferencesPage)

typedef enum {
  AMANAT_CHECK_UNKNOWN, /* not checked yet, or could not tell */
  AMANAT_CHECK_GOOD,
  AMANAT_CHECK_WARNING,
} AmanatCheckState;

void amanat_checklist_page_set_session(AmanatChecklistPage *self, AmanatSession *session);

/* Runs the live checks again and reloads the ticks from the vault. */
void amanat_checklist_page_refresh(AmanatChecklistPage *self);
gboolean amanat_checklist_page_get_busy(AmanatChecklistPage *self);

/* A live check's result: "swap", "hibernation", "duress" or "peers". */
AmanatCheckState amanat_checklist_page_get_check(AmanatChecklistPage *self, const char *check);
/* The step's check button: "passwords", "mfa", "trusted-apps", "restart", "share-less",
 * "verify-contacts" or "updates". */
GtkCheckButton *amanat_checklist_page_get_step(AmanatChecklistPage *self, const char *step);
/* How many steps are ticked. */
guint amanat_checklist_page_get_done(AmanatChecklistPage *self);

/* Test hook: check these texts instead of /proc/swaps and /sys/power (NULL: the live system). */
void amanat_checklist_page_set_swap_source(AmanatChecklistPage *self, const char *proc_swaps,
                                           const AmanatSwapSystem *system, const char *power_state,
                                           const char *power_disk);

G_END_DECLS
