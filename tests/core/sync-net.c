/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sync-net.c: vaults that are each other's peers. */
#include "sync-net.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "test-util.h"

static amanat_vault *open_default(const char *dir) {
  amanat_vault *v = NULL;
  g_assert_cmpint(
      amanat_vault_open(dir, TEST_PASSWORD, strlen(TEST_PASSWORD), AMANAT_SPACE_DEFAULT, &v), ==,
      AMANAT_OK);
  return v;
}

SyncNet *sync_net_new(unsigned count) {
  g_assert_cmpuint(count, <=, SYNC_NET_MAX);
  SyncNet *net = g_new0(SyncNet, 1);
  net->root = test_tmpdir();
  net->count = count;
  char *cards[SYNC_NET_MAX];
  for (unsigned i = 0; i < count; i++) {
    net->names[i] = g_strdup_printf("v%u", i);
    net->dirs[i] = g_build_filename(net->root, net->names[i], NULL);
    test_make_vault(net->dirs[i]);
    net->vaults[i] = open_default(net->dirs[i]);
    cards[i] = g_strdup_printf("%s/%s.card", net->root, net->names[i]);
    g_assert_cmpint(amanat_identity_export(net->vaults[i], cards[i]), ==, AMANAT_OK);
  }
  for (unsigned i = 0; i < count; i++)
    for (unsigned j = 0; j < count; j++) {
      if (i == j)
        continue;
      char code[AMANAT_SAFETY_CODE_LEN + 1];
      g_assert_cmpint(amanat_peer_add(net->vaults[i], cards[j], net->names[j], code), ==,
                      AMANAT_OK);
      g_assert_cmpint(amanat_peer_verify(net->vaults[i], net->names[j]), ==, AMANAT_OK);
    }
  for (unsigned i = 0; i < count; i++)
    g_free(cards[i]);
  return net;
}

void sync_net_free(SyncNet *net) {
  for (unsigned i = 0; i < net->count; i++) {
    amanat_vault_lock(net->vaults[i]);
    g_free(net->dirs[i]);
    g_free(net->names[i]);
  }
  test_rmtree(net->root);
  g_free(net->root);
  g_free(net);
}

char *sync_net_bundle_path(SyncNet *net) {
  return g_strdup_printf("%s/bundle-%u", net->root, net->bundles++);
}

int sync_net_export(SyncNet *net, unsigned from, const unsigned *to, unsigned count, int full,
                    const char *path) {
  const char *names[SYNC_NET_MAX];
  for (unsigned i = 0; i < count; i++)
    names[i] = net->names[to[i]];
  amanat_export_options options = {.to = names, .to_count = count, .full = full};
  amanat_export_result result;
  return amanat_bundle_export(net->vaults[from], path, &options, &result);
}

char *sync_net_dump(SyncNet *net, unsigned index) {
  int fd = memfd_create("dump", MFD_CLOEXEC);
  g_assert_cmpint(fd, >=, 0);
  g_assert_cmpint(amanat_vault_dump(net->vaults[index], fd), ==, AMANAT_OK);
  off_t len = lseek(fd, 0, SEEK_END);
  char *text = g_malloc(len + 1);
  g_assert_cmpint(pread(fd, text, len, 0), ==, len);
  text[len] = '\0';
  close(fd);
  return text;
}
