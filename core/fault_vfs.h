/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fault_vfs.h: a SQLite VFS over the default one that routes every database write,
 * sync and truncate through the core's fault hook (io_fault_hit). */
#pragma once

#include "amanat.h"

/* Registers the VFS as SQLite's default; idempotent. */
AMANAT_MUST_CHECK int fault_vfs_register(void);
