/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-protection.c: the always-on protections and the safety checklist: swap and
 * hibernation detection on sample /proc/swaps texts and fake sysfs trees, the checklist's ticks
 * kept in the vault, and the lock before sleep against a fake logind on the test's own D-Bus
 * (dbus-run-session), plus no trouble at all when there is no system bus. */
#include "config.h"

#include <gio/gunixfdlist.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <string.h>
#include <unistd.h>

#include "amanat-checklist-page.h"
#include "amanat-settings-window.h"
#include "amanat-suspend-lock.h"
#include "amanat-swap-check.h"
#include "ui-test-util.h"

/* ---- A fake sysfs ------------------------------------------------------------------ */

/* Tables of "path=device", "device=dm uuid" and "device=slave,slave". */
typedef struct {
  const char *const *devices;
  const char *const *uuids;
  const char *const *slaves;
} FakeSys;

static const char *lookup(const char *const *table, const char *key) {
  size_t len = strlen(key);
  for (guint i = 0; table != NULL && table[i] != NULL; i++)
    if (strncmp(table[i], key, len) == 0 && table[i][len] == '=')
      return table[i] + len + 1;
  return NULL;
}

static char *fake_device_of(const char *path, gboolean is_file, gpointer data) {
  return g_strdup(lookup(((FakeSys *)data)->devices, path));
}

static char *fake_dm_uuid(const char *name, gpointer data) {
  return g_strdup(lookup(((FakeSys *)data)->uuids, name));
}

static char **fake_slaves(const char *name, gpointer data) {
  const char *list = lookup(((FakeSys *)data)->slaves, name);
  return list != NULL ? g_strsplit(list, ",", -1) : NULL;
}

static AmanatSwapReport check(const char *proc_swaps, const FakeSys *sys) {
  AmanatSwapSystem system = {fake_device_of, fake_dm_uuid, fake_slaves, (gpointer)sys};
  AmanatSwapReport report;
  amanat_swap_check(proc_swaps, &system, &report);
  return report;
}

#define HEADER "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"

static void test_swap_none(void) {
  FakeSys sys = {NULL, NULL, NULL};
  AmanatSwapReport r = check(HEADER, &sys);
  g_assert_cmpuint(r.total, ==, 0);
  r = check("", &sys);
  g_assert_cmpuint(r.total, ==, 0);
  r = check(NULL, &sys);
  g_assert_cmpuint(r.total, ==, 0);
}

static void test_swap_plain_partition(void) {
  const char *const devices[] = {"/dev/sda2=sda2", NULL};
  FakeSys sys = {devices, NULL, NULL};
  AmanatSwapReport r =
      check(HEADER "/dev/sda2                               partition\t8388604\t\t0\t\t-2\n", &sys);
  g_assert_cmpuint(r.total, ==, 1);
  g_assert_cmpuint(r.unencrypted, ==, 1);
  g_assert_cmpuint(r.encrypted, ==, 0);
}

static void test_swap_dm_crypt(void) {
  /* cryptsetup names: LUKS1, LUKS2 and plain mode with a random key (crypttab "swap"). */
  const char *const devices[] = {"/dev/dm-1=dm-1", "/dev/mapper/cryptswap=dm-2", "/dev/dm-3=dm-3",
                                 NULL};
  const char *const uuids[] = {"dm-1=CRYPT-LUKS2-0f1e2d3c4b5a69788796a5b4c3d2e1f0-swap",
                               "dm-2=CRYPT-PLAIN-cryptswap", "dm-3=CRYPT-LUKS1-abc-luks", NULL};
  FakeSys sys = {devices, uuids, NULL};
  AmanatSwapReport r = check(HEADER "/dev/dm-1 partition 8388604 0 -2\n"
                                    "/dev/mapper/cryptswap partition 1048572 0 -3\n"
                                    "/dev/dm-3 partition 1048572 0 -4\n",
                             &sys);
  g_assert_cmpuint(r.total, ==, 3);
  g_assert_cmpuint(r.encrypted, ==, 3);
  g_assert_cmpuint(r.unencrypted, ==, 0);
}

static void test_swap_lvm(void) {
  /* Debian's installer: a swap LV in a volume group on LUKS; and one VG on a plain disk. */
  const char *const devices[] = {"/dev/dm-2=dm-2", "/dev/dm-5=dm-5", NULL};
  const char *const uuids[] = {"dm-0=CRYPT-LUKS2-1234-sda3_crypt", "dm-2=LVM-abcdefswap",
                               "dm-5=LVM-plainvgswap", NULL};
  const char *const slaves[] = {"dm-2=dm-0", "dm-0=sda3", "dm-5=sdb1", NULL};
  FakeSys sys = {devices, uuids, slaves};
  AmanatSwapReport r = check(HEADER "/dev/dm-2 partition 999420 0 -2\n", &sys);
  g_assert_cmpuint(r.encrypted, ==, 1);
  r = check(HEADER "/dev/dm-5 partition 999420 0 -2\n", &sys);
  g_assert_cmpuint(r.unencrypted, ==, 1);

  /* RAID over two disks, only one of them encrypted: not safe. */
  const char *const mixed[] = {"md0=dm-0,sdc1", "dm-0=sda3", NULL};
  const char *const md_devices[] = {"/dev/md0=md0", NULL};
  FakeSys raid = {md_devices, uuids, mixed};
  r = check(HEADER "/dev/md0 partition 999420 0 -2\n", &raid);
  g_assert_cmpuint(r.unencrypted, ==, 1);
}

static void test_swap_zram(void) {
  const char *const devices[] = {"/dev/zram0=zram0", NULL};
  FakeSys sys = {devices, NULL, NULL};
  AmanatSwapReport r = check(HEADER "/dev/zram0 partition 4046844 0 100\n", &sys);
  g_assert_cmpuint(r.in_memory, ==, 1);
  g_assert_cmpuint(r.unencrypted, ==, 0);
}

static void test_swap_files(void) {
  /* A swap file lives on its file system's device; a path with a space is escaped. */
  const char *const devices[] = {"/swapfile=dm-0", "/home/my swap=sda1", NULL};
  const char *const uuids[] = {"dm-0=CRYPT-LUKS2-99-root", NULL};
  FakeSys sys = {devices, uuids, NULL};
  AmanatSwapReport r =
      check(HEADER "/swapfile                               file\t\t2097148\t\t0\t\t-2\n"
                   "/home/my\\040swap file 1024 0 -3\n",
            &sys);
  g_assert_cmpuint(r.total, ==, 2);
  g_assert_cmpuint(r.encrypted, ==, 1);
  g_assert_cmpuint(r.unencrypted, ==, 1);

  /* btrfs: st_dev names no block device, so it can't be told. */
  FakeSys unknown = {NULL, NULL, NULL};
  r = check(HEADER "/swap/swapfile file 2097148 0 -2\n", &unknown);
  g_assert_cmpuint(r.unknown, ==, 1);
}

static void test_swap_mixed(void) {
  const char *const devices[] = {"/dev/zram0=zram0", "/dev/sda2=sda2", NULL};
  FakeSys sys = {devices, NULL, NULL};
  AmanatSwapReport r =
      check(HEADER "/dev/zram0 partition 4046844 0 100\n/dev/sda2 partition 8388604 0 -2\n", &sys);
  g_assert_cmpuint(r.total, ==, 2);
  g_assert_cmpuint(r.in_memory, ==, 1);
  g_assert_cmpuint(r.unencrypted, ==, 1);
}

static void test_hibernation(void) {
  AmanatSwapReport plain = {.total = 1, .unencrypted = 1};
  AmanatSwapReport crypt = {.total = 1, .encrypted = 1};
  AmanatSwapReport zram = {.total = 1, .in_memory = 1};
  AmanatSwapReport unknown = {.total = 1, .unknown = 1};
  const char *state = "freeze mem disk";
  const char *disk = "[platform] shutdown reboot suspend test_resume";

  g_assert_true(amanat_swap_hibernation_unsafe(state, disk, &plain));
  g_assert_true(amanat_swap_hibernation_unsafe(state, disk, &unknown));
  g_assert_false(amanat_swap_hibernation_unsafe(state, disk, &crypt));
  g_assert_false(amanat_swap_hibernation_unsafe(state, disk, &zram));
  /* The kernel can't hibernate: no "disk", or locked down (Secure Boot). */
  g_assert_false(amanat_swap_hibernation_unsafe("freeze mem", disk, &plain));
  g_assert_false(amanat_swap_hibernation_unsafe(state, "[disabled]", &plain));
  g_assert_false(amanat_swap_hibernation_unsafe(NULL, NULL, &plain));
  /* "diskless" is not "disk". */
  g_assert_false(amanat_swap_hibernation_unsafe("freeze diskless", disk, &plain));
}

static void test_swap_live_runs(void) {
  /* Whatever this machine has: it runs and the counts add up. */
  AmanatSwapReport r;
  gboolean hibernation = TRUE;
  amanat_swap_check_live(&r, &hibernation);
  g_assert_cmpuint(r.encrypted + r.in_memory + r.unencrypted + r.unknown, ==, r.total);
  if (r.unencrypted + r.unknown == 0)
    g_assert_false(hibernation);
}

/* ---- The checklist ----------------------------------------------------------------- */

static AmanatSettingsWindow *find_settings(void) {
  for (GList *l = gtk_application_get_windows(GTK_APPLICATION(ui_test_app())); l != NULL;
       l = l->next)
    if (AMANAT_IS_SETTINGS_WINDOW(l->data))
      return l->data;
  return NULL;
}

static gboolean settings_idle(gpointer data) {
  return !amanat_settings_window_get_busy(data);
}

static AmanatChecklistPage *open_checklist(AmanatWindow *window, AmanatSettingsWindow **out) {
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(window), "win.checklist", NULL));
  AmanatSettingsWindow *settings = find_settings();
  g_assert_nonnull(settings);
  ui_test_wait(settings_idle, settings, 30000, "the checklist to load");
  g_assert_cmpstr(adw_preferences_window_get_visible_page_name(ADW_PREFERENCES_WINDOW(settings)),
                  ==, "checklist");
  *out = settings;
  return ui_test_child(settings, AMANAT_TYPE_SETTINGS_WINDOW, "checklist_page");
}

static void test_checklist_ticks_kept(void) {
  g_autofree char *dir = ui_test_new_path("vault");
  AmanatWindow *window = ui_test_window_new(dir);
  ui_test_setup_vault(window, UI_TEST_PASSWORD, NULL, AMANAT_DURESS_WIPE);

  AmanatSettingsWindow *settings = NULL;
  AmanatChecklistPage *page = open_checklist(window, &settings);
  g_assert_cmpuint(amanat_checklist_page_get_done(page), ==, 0);
  const char *const keys[] = {"passwords",       "mfa",    "trusted-apps", "restart", "share-less",
                              "verify-contacts", "updates"};
  for (guint i = 0; i < G_N_ELEMENTS(keys); i++)
    g_assert_false(gtk_check_button_get_active(amanat_checklist_page_get_step(page, keys[i])));
  /* No colleagues yet is fine; swap and hibernation were checked on this machine. */
  g_assert_cmpint(amanat_checklist_page_get_check(page, "peers"), ==, AMANAT_CHECK_GOOD);
  g_assert_cmpint(amanat_checklist_page_get_check(page, "hibernation"), !=, AMANAT_CHECK_UNKNOWN);

  gtk_check_button_set_active(amanat_checklist_page_get_step(page, "mfa"), TRUE);
  gtk_check_button_set_active(amanat_checklist_page_get_step(page, "restart"), TRUE);
  g_assert_cmpuint(amanat_checklist_page_get_done(page), ==, 2);
  ui_test_wait(settings_idle, settings, 30000, "the ticks to be saved");
  gtk_window_destroy(GTK_WINDOW(settings));

  /* Kept in the vault: still there after a lock and an unlock. */
  ui_test_lock(window);
  ui_test_unlock(window, UI_TEST_PASSWORD);
  page = open_checklist(window, &settings);
  g_assert_cmpuint(amanat_checklist_page_get_done(page), ==, 2);
  g_assert_true(gtk_check_button_get_active(amanat_checklist_page_get_step(page, "mfa")));
  g_assert_true(gtk_check_button_get_active(amanat_checklist_page_get_step(page, "restart")));
  g_assert_false(gtk_check_button_get_active(amanat_checklist_page_get_step(page, "updates")));

  /* A colleague added but not verified is pointed out. */
  ui_test_lock(window);
  g_assert_null(find_settings());
  {
    amanat_vault *peer_vault = NULL;
    g_autofree char *peer_dir = ui_test_new_path("peer-vault");
    g_autofree char *card = ui_test_new_path("card");
    g_assert_cmpint(amanat_vault_create(peer_dir, "peer password", 13, UI_TEST_COST), ==,
                    AMANAT_OK);
    g_assert_cmpint(
        amanat_vault_open(peer_dir, "peer password", 13, AMANAT_SPACE_DEFAULT, &peer_vault), ==,
        AMANAT_OK);
    g_assert_cmpint(amanat_identity_export(peer_vault, card), ==, AMANAT_OK);
    amanat_vault_lock(peer_vault);
    amanat_vault *vault = NULL;
    g_assert_cmpint(amanat_vault_open(dir, UI_TEST_PASSWORD, strlen(UI_TEST_PASSWORD),
                                      AMANAT_SPACE_DEFAULT, &vault),
                    ==, AMANAT_OK);
    char code[AMANAT_SAFETY_CODE_LEN + 1];
    g_assert_cmpint(amanat_peer_add(vault, card, "Colleague", code), ==, AMANAT_OK);
    amanat_vault_lock(vault);
  }
  ui_test_unlock(window, UI_TEST_PASSWORD);
  page = open_checklist(window, &settings);
  g_assert_cmpint(amanat_checklist_page_get_check(page, "peers"), ==, AMANAT_CHECK_WARNING);

  ui_test_window_close(window);
  ui_test_assert_recent_unchanged();
}

/* ---- Lock before sleep ------------------------------------------------------------- */

static const char logind_xml[] =
    "<node>"
    "  <interface name='org.freedesktop.login1.Manager'>"
    "    <method name='Inhibit'>"
    "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
    "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
    "      <arg type='h' direction='out'/>"
    "    </method>"
    "    <signal name='PrepareForSleep'><arg type='b'/></signal>"
    "  </interface>"
    "</node>";

typedef struct {
  guint inhibits;
  char *what, *mode;
  int held_read_end; /* read end of the pipe whose write end went to the app: EOF = released */
} FakeLogind;

static void fake_logind_call(GDBusConnection *bus, const char *sender, const char *path,
                             const char *iface, const char *method, GVariant *params,
                             GDBusMethodInvocation *invocation, gpointer user_data) {
  FakeLogind *logind = user_data;
  g_assert_cmpstr(method, ==, "Inhibit");
  const char *what, *who, *why, *mode;
  g_variant_get(params, "(&s&s&s&s)", &what, &who, &why, &mode);
  g_free(logind->what);
  g_free(logind->mode);
  logind->what = g_strdup(what);
  logind->mode = g_strdup(mode);
  logind->inhibits++;

  int fds[2];
  g_assert_true(g_unix_open_pipe(fds, FD_CLOEXEC, NULL));
  if (logind->held_read_end >= 0)
    close(logind->held_read_end);
  logind->held_read_end = fds[0];
  g_autoptr(GUnixFDList) list = g_unix_fd_list_new();
  gint index = g_unix_fd_list_append(list, fds[1], NULL);
  close(fds[1]); /* the list holds its own copy, and the app gets one through the bus */
  g_dbus_method_invocation_return_value_with_unix_fd_list(invocation, g_variant_new("(h)", index),
                                                          list);
}

static const GDBusInterfaceVTable fake_logind_vtable = {.method_call = fake_logind_call};

static gboolean released(FakeLogind *logind) {
  /* Every write end closed: a read gets end-of-file at once. */
  GPollFD poll = {logind->held_read_end, G_IO_IN | G_IO_HUP, 0};
  return g_poll(&poll, 1, 0) == 1;
}

static gboolean released_cond(gpointer data) {
  return released(data);
}

static gboolean inhibiting(gpointer data) {
  return amanat_suspend_lock_get_inhibiting(data);
}

static gboolean inhibit_count_is_2(gpointer data) {
  return ((FakeLogind *)data)->inhibits == 2;
}

static void emit_prepare_for_sleep(GDBusConnection *bus, gboolean start) {
  g_autoptr(GError) error = NULL;
  g_assert_true(g_dbus_connection_emit_signal(bus, NULL, "/org/freedesktop/login1",
                                              "org.freedesktop.login1.Manager", "PrepareForSleep",
                                              g_variant_new("(b)", start), &error));
  g_assert_no_error(error);
}

static gboolean name_owned(gpointer data) {
  return *(gboolean *)data;
}

static void on_name_acquired(GDBusConnection *bus, const char *name, gpointer data) {
  *(gboolean *)data = TRUE;
}

static void test_lock_before_sleep(void) {
  g_autoptr(GError) error = NULL;
  g_autofree char *address = g_dbus_address_get_for_bus_sync(G_BUS_TYPE_SESSION, NULL, NULL);
  if (address == NULL) {
    g_test_skip("no session bus: run under dbus-run-session");
    return;
  }
  /* logind's side and the app's side on two connections, as on a real system bus. */
  g_autoptr(GDBusConnection) logind_bus =
      g_dbus_connection_new_for_address_sync(address,
                                             G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                 G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                             NULL, NULL, &error);
  g_assert_no_error(error);
  g_autoptr(GDBusConnection) app_bus =
      g_dbus_connection_new_for_address_sync(address,
                                             G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                 G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                             NULL, NULL, &error);
  g_assert_no_error(error);

  FakeLogind logind = {0, NULL, NULL, -1};
  g_autoptr(GDBusNodeInfo) node = g_dbus_node_info_new_for_xml(logind_xml, &error);
  g_assert_no_error(error);
  guint object =
      g_dbus_connection_register_object(logind_bus, "/org/freedesktop/login1", node->interfaces[0],
                                        &fake_logind_vtable, &logind, NULL, &error);
  g_assert_no_error(error);
  gboolean owned = FALSE;
  guint name = g_bus_own_name_on_connection(logind_bus, "org.freedesktop.login1",
                                            G_BUS_NAME_OWNER_FLAGS_NONE, on_name_acquired, NULL,
                                            &owned, NULL);
  ui_test_wait(name_owned, &owned, 5000, "the fake logind's name");

  g_autofree char *dir = ui_test_new_path("vault");
  AmanatWindow *window = ui_test_window_new(dir);
  ui_test_setup_vault(window, UI_TEST_PASSWORD, NULL, AMANAT_DURESS_WIPE);

  AmanatSuspendLock *lock = amanat_suspend_lock_new_for_bus(ui_test_app(), app_bus);
  ui_test_wait(inhibiting, lock, 5000, "the delay inhibitor");
  g_assert_cmpuint(logind.inhibits, ==, 1);
  g_assert_cmpstr(logind.what, ==, "sleep");
  g_assert_cmpstr(logind.mode, ==, "delay");
  g_assert_false(released(&logind));

  /* Going to sleep: the vault locks, and only once its keys are wiped (the lock job ran) is
   * the inhibitor let go. */
  emit_prepare_for_sleep(logind_bus, TRUE);
  ui_test_wait(released_cond, &logind, 10000, "the inhibitor to be released");
  g_assert_false(amanat_window_get_unlocked(window));
  g_assert_false(amanat_window_get_busy(window));
  g_assert_cmpstr(amanat_window_get_page(window), ==, "lock");
  g_assert_false(amanat_suspend_lock_get_inhibiting(lock));
  g_assert_cmpuint(amanat_suspend_lock_get_sleeps(lock), ==, 1);

  /* Awake again: a new inhibitor for the next sleep. */
  emit_prepare_for_sleep(logind_bus, FALSE);
  ui_test_wait(inhibit_count_is_2, &logind, 5000, "a new inhibitor");
  ui_test_wait(inhibiting, lock, 5000, "the new inhibitor");

  /* Sleeping while locked just lets go. */
  emit_prepare_for_sleep(logind_bus, TRUE);
  ui_test_wait(released_cond, &logind, 10000, "the inhibitor to be released");

  g_object_unref(lock);
  g_bus_unown_name(name);
  g_dbus_connection_unregister_object(logind_bus, object);
  close(logind.held_read_end);
  g_free(logind.what);
  g_free(logind.mode);
  ui_test_window_close(window);
}

static void test_no_system_bus(void) {
  /* Under G_DEBUG=fatal-warnings any warning would fail this test. */
  g_autofree char *old = g_strdup(g_getenv("DBUS_SYSTEM_BUS_ADDRESS"));
  g_autofree char *missing = g_build_filename(ui_test_root(), "no-such-socket", NULL);
  g_autofree char *address = g_strdup_printf("unix:path=%s", missing);
  g_setenv("DBUS_SYSTEM_BUS_ADDRESS", address, TRUE);

  AmanatSuspendLock *lock = amanat_suspend_lock_new(ui_test_app());
  ui_test_run_for(300);
  g_assert_false(amanat_suspend_lock_get_inhibiting(lock));
  g_object_unref(lock);

  /* Dropped before the bus answered: nothing happens later either. */
  lock = amanat_suspend_lock_new(ui_test_app());
  g_object_unref(lock);
  ui_test_run_for(200);

  if (old != NULL)
    g_setenv("DBUS_SYSTEM_BUS_ADDRESS", old, TRUE);
  else
    g_unsetenv("DBUS_SYSTEM_BUS_ADDRESS");
}

int main(int argc, char **argv) {
  ui_test_init(&argc, &argv);

  g_test_add_func("/protection/swap/none", test_swap_none);
  g_test_add_func("/protection/swap/plain-partition", test_swap_plain_partition);
  g_test_add_func("/protection/swap/dm-crypt", test_swap_dm_crypt);
  g_test_add_func("/protection/swap/lvm-and-raid", test_swap_lvm);
  g_test_add_func("/protection/swap/zram", test_swap_zram);
  g_test_add_func("/protection/swap/files", test_swap_files);
  g_test_add_func("/protection/swap/mixed", test_swap_mixed);
  g_test_add_func("/protection/swap/hibernation", test_hibernation);
  g_test_add_func("/protection/swap/live", test_swap_live_runs);
  g_test_add_func("/protection/checklist/ticks-kept", test_checklist_ticks_kept);
  g_test_add_func("/protection/sleep/lock-before-sleep", test_lock_before_sleep);
  g_test_add_func("/protection/sleep/no-system-bus", test_no_system_bus);
  return ui_test_run();
}
