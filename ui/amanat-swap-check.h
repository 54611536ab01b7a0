/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-swap-check.h: whether memory can reach the disk unencrypted, through swap or a
 * hibernation image. The decision is a pure function of /proc/swaps and of what sysfs says
 * about block devices, passed in, so that tests can feed it any system. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  AMANAT_SWAP_ENCRYPTED,   /* dm-crypt, directly or under LVM/RAID */
  AMANAT_SWAP_IN_MEMORY,   /* zram: compressed RAM, never on a disk */
  AMANAT_SWAP_UNENCRYPTED, /* a plain disk or partition */
  AMANAT_SWAP_UNKNOWN,     /* could not tell (e.g. a swap file on btrfs) */
} AmanatSwapKind;

/* What the check may ask about the system. Every result is newly allocated, or NULL. */
typedef struct {
  /* The kernel's name ("dm-0", "sda2", "zram0") of the block device that is, or for a swap
   * file holds, `path`. */
  char *(*device_of)(const char *path, gboolean is_file, gpointer data);
  /* /sys/class/block/NAME/dm/uuid without its newline ("CRYPT-LUKS2-…", "LVM-…"), or NULL when
   * NAME is not a device-mapper device. */
  char *(*dm_uuid)(const char *name, gpointer data);
  /* The names in /sys/class/block/NAME/slaves (the devices NAME is built on). */
  char **(*slaves)(const char *name, gpointer data);
  gpointer data;
} AmanatSwapSystem;

typedef struct {
  guint total;
  guint encrypted;
  guint in_memory;
  guint unencrypted;
  guint unknown;
} AmanatSwapReport;

/* Classifies the block device `name`: encrypted when it, or every device it is built on, is
 * dm-crypt. */
AmanatSwapKind amanat_swap_classify_device(const char *name, const AmanatSwapSystem *system);

/* Reads the text of /proc/swaps (header line, then one line per swap area with octal escapes
 * such as \040 in paths) and counts its areas by kind. */
void amanat_swap_check(const char *proc_swaps, const AmanatSwapSystem *system,
                       AmanatSwapReport *report);

/* Whether a hibernation image could be written to an unencrypted disk: the kernel offers
 * "disk" in /sys/power/state, /sys/power/disk is not "[disabled]", and some swap on a disk is
 * not known to be encrypted. NULL texts mean "file missing". */
gboolean amanat_swap_hibernation_unsafe(const char *power_state, const char *power_disk,
                                        const AmanatSwapReport *report);

/* The running system's sysfs and /dev. */
const AmanatSwapSystem *amanat_swap_system_live(void);

/* amanat_swap_check() and amanat_swap_hibernation_unsafe() on the running system. */
void amanat_swap_check_live(AmanatSwapReport *report, gboolean *hibernation_unsafe);

G_END_DECLS
