/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-sync-page.h: exchanging documents with colleagues: this space's safety code and
 * identity card, the colleagues and whether their code was compared, exporting a bundle for
 * some of them to a removable drive or a folder, and importing a bundle. */
#pragma once

#include <adwaita.h>

#include "amanat-session.h"

G_BEGIN_DECLS

#define AMANAT_TYPE_SYNC_PAGE (amanat_sync_page_get_type())
G_DECLARE_FINAL_TYPE(AmanatSyncPage, amanat_sync_page, AMANAT, SYNC_PAGE, GtkWidget)

/* Follows `session`: reads the identity and colleagues when the vault unlocks, empties
 * itself when it locks. Emits ::imported after a bundle changed the vault. */
void amanat_sync_page_set_session(AmanatSyncPage *self, AmanatSession *session);
/* Reads the identity and the colleagues again. */
void amanat_sync_page_reload(AmanatSyncPage *self);

/* This space's safety code as shown ("" until read). */
const char *amanat_sync_page_get_safety_code(AmanatSyncPage *self);
/* The colleagues shown; 1 verified, 0 not verified, -1 no such colleague. */
guint amanat_sync_page_get_n_peers(AmanatSyncPage *self);
int amanat_sync_page_get_peer_verified(AmanatSyncPage *self, const char *name);

/* Saves the identity card as `path` (never over a file). */
void amanat_sync_page_save_identity(AmanatSyncPage *self, const char *path);
/* Adds the colleague whose card is `card_path` as `name`, then shows the dialog that
 * compares safety codes. */
void amanat_sync_page_add_peer(AmanatSyncPage *self, const char *card_path, const char *name);
/* Marks `name` verified (the codes were compared). */
void amanat_sync_page_verify_peer(AmanatSyncPage *self, const char *name);
/* Removes the colleague `name`, as confirming sync.remove-peer's dialog does. */
void amanat_sync_page_remove_peer(AmanatSyncPage *self, const char *name);
/* The message dialog the page has open (comparing codes, naming a colleague, confirming an
 * import or a removal), or NULL. */
AdwMessageDialog *amanat_sync_page_get_dialog(AmanatSyncPage *self);

/* Export choices, as the check rows, the switch and the destination rows set them. */
void amanat_sync_page_set_recipient(AmanatSyncPage *self, const char *name, gboolean chosen);
void amanat_sync_page_set_allow_unverified(AmanatSyncPage *self, gboolean allow);
void amanat_sync_page_set_destination_folder(AmanatSyncPage *self, GFile *folder);
/* The removable drives offered as destinations (GMount). */
GListModel *amanat_sync_page_get_drives(AmanatSyncPage *self);
/* Whether Export may be pressed now. */
gboolean amanat_sync_page_can_export(AmanatSyncPage *self);
/* Starts the export (as the Export button does); FALSE when the choices don't allow it. */
gboolean amanat_sync_page_export(AmanatSyncPage *self);
/* After an export: the bundle's path (NULL before or after a failure); the status line. */
const char *amanat_sync_page_get_export_path(AmanatSyncPage *self);
const char *amanat_sync_page_get_export_status(AmanatSyncPage *self);

/* Imports the bundle at `path` (as choosing it does); `allow_unverified` as after the
 * confirmation. */
void amanat_sync_page_import(AmanatSyncPage *self, const char *path, gboolean allow_unverified);
/* After an import: "done", "unknown-sender", "unverified", "error" (or "none"); the
 * summary; the sender's safety code when it is shown (else NULL). */
const char *amanat_sync_page_get_import_state(AmanatSyncPage *self);
const char *amanat_sync_page_get_import_summary(AmanatSyncPage *self);
const char *amanat_sync_page_get_import_code(AmanatSyncPage *self);

/* Whether an export or import job is running. */
gboolean amanat_sync_page_get_busy(AmanatSyncPage *self);

/* Before the vault locks: closes dialogs, forgets colleagues, choices and results. */
void amanat_sync_page_prepare_lock(AmanatSyncPage *self);

G_END_DECLS
