/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sync-net.h: several vaults that know each other as verified peers, for the sync tests. */
#pragma once

#include <glib.h>

#include "amanat.h"

#define SYNC_NET_MAX 8

typedef struct SyncNet {
  char *root;
  unsigned count;
  char *dirs[SYNC_NET_MAX];
  amanat_vault *vaults[SYNC_NET_MAX];
  char *names[SYNC_NET_MAX]; /* "v0", "v1"... as each is known to the others */
  unsigned bundles;          /* bundle files made so far, for unique names */
} SyncNet;

/* `count` vaults in a fresh folder, each a verified peer of every other. */
SyncNet *sync_net_new(unsigned count);
void sync_net_free(SyncNet *net);

/* A new path for a bundle file in the net's folder. */
char *sync_net_bundle_path(SyncNet *net);

/* Exports from vault `from` to the vaults in `to` (count of them); returns the code. */
int sync_net_export(SyncNet *net, unsigned from, const unsigned *to, unsigned count, int full,
                    const char *path);

/* The canonical dump of vault `index`. */
char *sync_net_dump(SyncNet *net, unsigned index);
