/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-sync-destinations.h: where a bundle goes: one of the removable drives GIO's volume
 * monitor sees (kept up to date as drives come and go), or a folder chosen with the app's
 * own chooser. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define AMANAT_TYPE_SYNC_DESTINATIONS (amanat_sync_destinations_get_type())
G_DECLARE_FINAL_TYPE(AmanatSyncDestinations, amanat_sync_destinations, AMANAT, SYNC_DESTINATIONS,
                     GtkWidget)

/* The folder chosen, or NULL; `mount` (may be NULL) gets the drive when it is one
 * (borrowed). Emits ::changed when the choice changes. */
char *amanat_sync_destinations_dup_dir(AmanatSyncDestinations *self, GMount **mount);
/* Chooses `folder` as the destination. */
void amanat_sync_destinations_set_folder(AmanatSyncDestinations *self, GFile *folder);
/* The removable drives offered (GMount). */
GListModel *amanat_sync_destinations_get_drives(AmanatSyncDestinations *self);
/* Forgets the folder and the choice. */
void amanat_sync_destinations_clear(AmanatSyncDestinations *self);

G_END_DECLS
