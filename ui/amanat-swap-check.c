/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-swap-check.c: decrypted documents sit in memory while they are viewed; the kernel may
 * write that memory to swap, or to a hibernation image, and from there it can be read long
 * after the vault is locked. Amanat can't prevent that, but it can tell the person. */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "amanat-swap-check.h"

/* LVM on LUKS on RAID is three levels; a loop in sysfs would be a kernel bug. */
#define MAX_DEPTH 8

static AmanatSwapKind classify(const char *name, const AmanatSwapSystem *system, guint depth) {
  if (depth > MAX_DEPTH)
    return AMANAT_SWAP_UNKNOWN;
  if (g_str_has_prefix(name, "zram"))
    return AMANAT_SWAP_IN_MEMORY;

  g_autofree char *uuid = system->dm_uuid(name, system->data);
  if (uuid != NULL && g_str_has_prefix(uuid, "CRYPT-"))
    return AMANAT_SWAP_ENCRYPTED;

  /* Built on other devices (LVM, RAID, a partition of one): safe only when all of them are. */
  g_auto(GStrv) below = system->slaves(name, system->data);
  if (below == NULL || below[0] == NULL)
    return AMANAT_SWAP_UNENCRYPTED;
  AmanatSwapKind result = AMANAT_SWAP_ENCRYPTED;
  for (guint i = 0; below[i] != NULL; i++) {
    AmanatSwapKind kind = classify(below[i], system, depth + 1);
    if (kind == AMANAT_SWAP_UNENCRYPTED || kind == AMANAT_SWAP_UNKNOWN)
      return kind;
    if (kind == AMANAT_SWAP_IN_MEMORY)
      result = AMANAT_SWAP_UNKNOWN; /* dm on zram: odd, say we can't tell */
  }
  return result;
}

AmanatSwapKind amanat_swap_classify_device(const char *name, const AmanatSwapSystem *system) {
  g_return_val_if_fail(name != NULL && system != NULL, AMANAT_SWAP_UNKNOWN);
  return classify(name, system, 0);
}

/* /proc/swaps escapes space, tab, newline and backslash as \ooo (the kernel's seq_escape). */
static char *unescape(const char *field) {
  GString *out = g_string_new(NULL);
  for (const char *p = field; *p != '\0'; p++) {
    if (p[0] == '\\' && p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7' && p[3] >= '0' &&
        p[3] <= '7') {
      g_string_append_c(out, (char)((p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0')));
      p += 3;
    } else {
      g_string_append_c(out, *p);
    }
  }
  return g_string_free(out, FALSE);
}

void amanat_swap_check(const char *proc_swaps, const AmanatSwapSystem *system,
                       AmanatSwapReport *report) {
  g_return_if_fail(system != NULL && report != NULL);
  memset(report, 0, sizeof *report);
  if (proc_swaps == NULL)
    return;

  g_auto(GStrv) lines = g_strsplit(proc_swaps, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++) { /* line 0 is the header */
    g_auto(GStrv) fields = g_strsplit_set(lines[i], " \t", -1);
    const char *path = NULL, *type = NULL;
    for (guint f = 0; fields[f] != NULL; f++) {
      if (fields[f][0] == '\0')
        continue;
      if (path == NULL)
        path = fields[f];
      else if (type == NULL)
        type = fields[f];
    }
    if (path == NULL)
      continue;

    report->total++;
    g_autofree char *unescaped = unescape(path);
    gboolean is_file = g_strcmp0(type, "file") == 0;
    g_autofree char *device = system->device_of(unescaped, is_file, system->data);
    AmanatSwapKind kind = device != NULL ? classify(device, system, 0) : AMANAT_SWAP_UNKNOWN;
    switch (kind) {
    case AMANAT_SWAP_ENCRYPTED:
      report->encrypted++;
      break;
    case AMANAT_SWAP_IN_MEMORY:
      report->in_memory++;
      break;
    case AMANAT_SWAP_UNENCRYPTED:
      report->unencrypted++;
      break;
    case AMANAT_SWAP_UNKNOWN:
      report->unknown++;
      break;
    }
  }
}

static gboolean has_word(const char *text, const char *word) {
  g_auto(GStrv) words = g_strsplit_set(text, " \t\n", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (strcmp(words[i], word) == 0)
      return TRUE;
  return FALSE;
}

gboolean amanat_swap_hibernation_unsafe(const char *power_state, const char *power_disk,
                                        const AmanatSwapReport *report) {
  g_return_val_if_fail(report != NULL, FALSE);
  if (power_state == NULL || !has_word(power_state, "disk"))
    return FALSE;
  /* Kernel lockdown (Secure Boot) shows "[disabled]" and refuses to hibernate. */
  if (power_disk != NULL && has_word(power_disk, "[disabled]"))
    return FALSE;
  /* The image goes to a swap area on a disk: zram can't hold it. */
  return report->unencrypted + report->unknown > 0;
}

/* ---- The running system ------------------------------------------------------------ */

static char *read_trimmed(const char *path) {
  char *text = NULL;
  if (!g_file_get_contents(path, &text, NULL, NULL))
    return NULL;
  return g_strstrip(text);
}

static char *name_of_dev(dev_t dev) {
  g_autofree char *link =
      g_strdup_printf("/sys/dev/block/%u:%u", (unsigned)major(dev), (unsigned)minor(dev));
  g_autofree char *target = g_file_read_link(link, NULL);
  return target != NULL ? g_path_get_basename(target) : NULL;
}

static char *live_device_of(const char *path, gboolean is_file, gpointer data) {
  struct stat st;
  if (stat(path, &st) != 0)
    return NULL;
  if (is_file)
    return name_of_dev(st.st_dev); /* the file system's device; NULL on btrfs and the like */
  if (!S_ISBLK(st.st_mode))
    return NULL;
  return name_of_dev(st.st_rdev);
}

static char *live_dm_uuid(const char *name, gpointer data) {
  g_autofree char *path = g_build_filename("/sys/class/block", name, "dm", "uuid", NULL);
  char *uuid = read_trimmed(path);
  if (uuid != NULL && uuid[0] == '\0')
    g_clear_pointer(&uuid, g_free);
  return uuid;
}

static char **live_slaves(const char *name, gpointer data) {
  g_autofree char *path = g_build_filename("/sys/class/block", name, "slaves", NULL);
  g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
  GPtrArray *names = g_ptr_array_new();
  for (const char *entry; dir != NULL && (entry = g_dir_read_name(dir)) != NULL;)
    g_ptr_array_add(names, g_strdup(entry));
  /* A partition ("sda2", "nvme0n1p3") is built on its disk, which sysfs shows as its parent
   * folder rather than as a slave; a partition of an encrypted device is rare enough to leave
   * as plain. */
  g_ptr_array_add(names, NULL);
  return (char **)g_ptr_array_free(names, FALSE);
}

const AmanatSwapSystem *amanat_swap_system_live(void) {
  static const AmanatSwapSystem live = {
      .device_of = live_device_of,
      .dm_uuid = live_dm_uuid,
      .slaves = live_slaves,
      .data = NULL,
  };
  return &live;
}

void amanat_swap_check_live(AmanatSwapReport *report, gboolean *hibernation_unsafe) {
  g_autofree char *swaps = NULL;
  (void)g_file_get_contents("/proc/swaps", &swaps, NULL, NULL);
  amanat_swap_check(swaps, amanat_swap_system_live(), report);
  if (hibernation_unsafe != NULL) {
    g_autofree char *state = read_trimmed("/sys/power/state");
    g_autofree char *disk = read_trimmed("/sys/power/disk");
    *hibernation_unsafe = amanat_swap_hibernation_unsafe(state, disk, report);
  }
}
