/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vault_files.h: the vault folder as a set of files: names, creation in a hidden
 * folder beside it, removal, and modification times that move together. */
#pragma once

#include <stddef.h>

#include "amanat.h"

/* "dir/name" in malloc memory (paths are not secret); NULL when out of memory. */
char *vault_path(const char *dir, const char *name);

/* The database file name of space file `index`, in a caller buffer of 32 bytes. */
void vault_space_db_name(int index, char name[32]);

/* AMANAT_OK when `dir` may receive a new vault: it does not exist (its parent does) or is
 * an empty folder. AMANAT_E_EXISTS otherwise. */
AMANAT_MUST_CHECK int vault_folder_check_new(const char *dir);

/* Makes a hidden, private folder beside `dir` to build a vault in; *out is malloc'd.
 * *lock_fd holds its lock until closed (after publishing or removing it): a staging
 * folder no process holds was left by a killed one, and the next one made beside it
 * removes it (io_temp_make). */
AMANAT_MUST_CHECK int vault_folder_make_staging(const char *dir, char **out, int *lock_fd);

/* Moves the finished staging folder to `dir` and syncs the parent folder; if that sync
 * fails, the new vault is removed again. */
AMANAT_MUST_CHECK int vault_folder_publish(const char *staging, const char *dir);

/* Removes a vault or staging folder: its files and its packs folder. */
void vault_folder_remove(const char *dir);

/* Sets every vault file's access and modification time to one value, so times do not
 * tell which space was used. */
void vault_files_touch(int dir_fd);
