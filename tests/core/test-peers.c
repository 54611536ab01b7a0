/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-peers.c: identities, safety codes, identity cards and peers. */
#include <glib.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

#include "identity.h"
#include "test-util.h"

typedef struct {
  char *root, *a_dir, *b_dir;
  amanat_vault *a, *b;
} Fixture;

static amanat_vault *open_vault(const char *dir, amanat_space_choice choice) {
  amanat_vault *v = NULL;
  g_assert_cmpint(amanat_vault_open(dir, TEST_PASSWORD, strlen(TEST_PASSWORD), choice, &v), ==,
                  AMANAT_OK);
  return v;
}

static void set_up(Fixture *f, gconstpointer data) {
  f->root = test_tmpdir();
  f->a_dir = g_build_filename(f->root, "a", NULL);
  f->b_dir = g_build_filename(f->root, "b", NULL);
  test_make_vault(f->a_dir);
  test_make_vault(f->b_dir);
  f->a = open_vault(f->a_dir, AMANAT_SPACE_DEFAULT);
  f->b = open_vault(f->b_dir, AMANAT_SPACE_DEFAULT);
}

static void tear_down(Fixture *f, gconstpointer data) {
  amanat_vault_lock(f->a);
  amanat_vault_lock(f->b);
  test_rmtree(f->root);
  g_free(f->a_dir);
  g_free(f->b_dir);
  g_free(f->root);
}

static void test_identity(Fixture *f, gconstpointer data) {
  amanat_identity_info first, again, decoy;
  g_assert_cmpint(amanat_identity_show(f->a, &first), ==, AMANAT_OK);
  g_assert_true(g_regex_match_simple("^[0-9]{5}( [0-9]{5}){5}$", first.safety_code, 0, 0));
  g_assert_cmpuint(strlen(first.x25519_hex), ==, 64);
  amanat_vault_lock(f->a);
  f->a = open_vault(f->a_dir, AMANAT_SPACE_DEFAULT);
  g_assert_cmpint(amanat_identity_show(f->a, &again), ==, AMANAT_OK);
  g_assert_cmpstr(again.safety_code, ==, first.safety_code); /* stored, not remade */
  amanat_vault_lock(f->b);                                   /* one session at a time */
  amanat_vault *d = open_vault(f->b_dir, AMANAT_SPACE_DECOY);
  g_assert_cmpint(amanat_identity_show(d, &decoy), ==, AMANAT_OK);
  amanat_vault_lock(d);
  f->b = open_vault(f->b_dir, AMANAT_SPACE_DEFAULT);
  amanat_identity_info b;
  g_assert_cmpint(amanat_identity_show(f->b, &b), ==, AMANAT_OK);
  g_assert_cmpstr(decoy.ed25519_hex, !=, b.ed25519_hex); /* each space its own */
}

static char *export_card(Fixture *f, amanat_vault *v, const char *name) {
  char *path = g_build_filename(f->root, name, NULL);
  g_assert_cmpint(amanat_identity_export(v, path), ==, AMANAT_OK);
  return path;
}

static int count_peer(const amanat_peer_info *peer, void *user_data) {
  GString *out = user_data;
  g_string_append_printf(out, "%s:%d:%s;", peer->name, peer->verified, peer->safety_code);
  return 0;
}

static char *peers_of(amanat_vault *v) {
  GString *out = g_string_new(NULL);
  g_assert_cmpint(amanat_peer_list(v, count_peer, out), ==, AMANAT_OK);
  return g_string_free(out, FALSE);
}

static void test_peers(Fixture *f, gconstpointer data) {
  char *card = export_card(f, f->b, "b.card");
  g_assert_cmpint(amanat_identity_export(f->b, card), ==, AMANAT_E_EXISTS); /* never over */
  char code[AMANAT_SAFETY_CODE_LEN + 1];
  g_assert_cmpint(amanat_peer_add(f->a, card, "Layla", code), ==, AMANAT_OK);
  amanat_identity_info b;
  g_assert_cmpint(amanat_identity_show(f->b, &b), ==, AMANAT_OK);
  g_assert_cmpstr(code, ==, b.safety_code); /* what the two people compare */
  char *list = peers_of(f->a);
  char *expected = g_strdup_printf("Layla:0:%s;", code);
  g_assert_cmpstr(list, ==, expected);
  g_free(expected);
  g_free(list);
  g_assert_cmpint(amanat_peer_add(f->a, card, "Layla again", code), ==, AMANAT_E_EXISTS);
  char *own = export_card(f, f->a, "a.card");
  g_assert_cmpint(amanat_peer_add(f->a, own, "Me", code), ==, AMANAT_E_EXISTS);
  g_assert_cmpint(amanat_peer_add(f->a, own, "", code), ==, AMANAT_E_INVALID);
  g_assert_cmpint(amanat_peer_verify(f->a, "Layla"), ==, AMANAT_OK);
  list = peers_of(f->a);
  g_assert_nonnull(strstr(list, "Layla:1:"));
  g_free(list);
  g_assert_cmpint(amanat_peer_verify(f->a, "Nobody"), ==, AMANAT_E_NOT_FOUND);
  g_assert_cmpint(amanat_peer_remove(f->a, "Layla"), ==, AMANAT_OK);
  list = peers_of(f->a);
  g_assert_cmpstr(list, ==, "");
  g_free(list);
  g_assert_cmpint(amanat_peer_remove(f->a, "Layla"), ==, AMANAT_E_NOT_FOUND);
  g_free(own);
  g_free(card);
}

/* A card signed by its own key, with chosen keys: to make forged and odd cards. */
static char *make_card(const guint8 x25519[32], const guint8 ed_pk[32], const guint8 ed_sk[64]) {
  identity_public pub;
  memcpy(pub.x25519, x25519, 32);
  memcpy(pub.ed25519, ed_pk, 32);
  char *text = NULL;
  g_assert_cmpint(identity_card_make(&pub, ed_sk, &text), ==, AMANAT_OK);
  return text;
}

static int parse(const char *text, size_t len) {
  identity_public out;
  return identity_card_parse(text, len, &out);
}

static void test_bad_cards(Fixture *f, gconstpointer data) {
  guint8 ed_pk[32], ed_sk[64], x_sk[32], x_pk[32];
  crypto_sign_keypair(ed_pk, ed_sk);
  randombytes_buf(x_sk, sizeof x_sk);
  crypto_scalarmult_base(x_pk, x_sk);
  char *good = make_card(x_pk, ed_pk, ed_sk);
  size_t len = strlen(good);
  g_assert_cmpint(parse(good, len), ==, AMANAT_OK);
  /* Every truncation, and every bit flipped in every byte. */
  for (size_t cut = 0; cut < len - 1; cut++)
    g_assert_cmpint(parse(good, cut), ==, AMANAT_E_BAD_CARD);
  g_assert_cmpint(parse(good, len - 1), ==, AMANAT_OK); /* without the final newline */
  unsigned accepted = 0;
  for (size_t i = 0; i < len; i++) {
    for (int bit = 0; bit < 8; bit++) {
      char *bad = g_strdup(good);
      bad[i] ^= (char)(1 << bit);
      accepted += parse(bad, len) == AMANAT_OK;
      g_free(bad);
    }
  }
  g_assert_cmpuint(accepted, ==, 0);
  /* Trailing data, another magic, an empty card. */
  char *longer = g_strconcat(good, "x", NULL);
  g_assert_cmpint(parse(longer, strlen(longer)), ==, AMANAT_E_BAD_CARD);
  char *twice = g_strconcat(good, "\n", NULL);
  g_assert_cmpint(parse(twice, strlen(twice)), ==, AMANAT_E_BAD_CARD);
  g_assert_cmpint(parse("", 0), ==, AMANAT_E_BAD_CARD);
  g_assert_cmpint(parse("AMANAT IDENTITY 2\n", 18), ==, AMANAT_E_BAD_CARD);
  /* A low-order X25519 key, correctly signed: refused. */
  guint8 low_order[32] = {0}; /* the point 0 */
  char *weak = make_card(low_order, ed_pk, ed_sk);
  g_assert_cmpint(parse(weak, strlen(weak)), ==, AMANAT_E_BAD_CARD);
  guint8 order_eight[32] = {0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae, 0x16, 0x56, 0xe3,
                            0xfa, 0xf1, 0x9f, 0xc4, 0x6a, 0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32,
                            0xb1, 0xfd, 0x86, 0x62, 0x05, 0x16, 0x5f, 0x49, 0xb8, 0x00};
  char *weak8 = make_card(order_eight, ed_pk, ed_sk);
  g_assert_cmpint(parse(weak8, strlen(weak8)), ==, AMANAT_E_BAD_CARD);
  /* A card whose signature is by another key than the one it names. */
  guint8 other_pk[32], other_sk[64];
  crypto_sign_keypair(other_pk, other_sk);
  char *forged = make_card(x_pk, ed_pk, other_sk);
  g_assert_cmpint(parse(forged, strlen(forged)), ==, AMANAT_E_BAD_CARD);
  /* Through the API: nothing is added. */
  char *path = g_build_filename(f->root, "forged.card", NULL);
  g_assert_true(g_file_set_contents(path, forged, -1, NULL));
  char code[AMANAT_SAFETY_CODE_LEN + 1];
  g_assert_cmpint(amanat_peer_add(f->a, path, "Forger", code), ==, AMANAT_E_BAD_CARD);
  char *missing = g_build_filename(f->root, "missing.card", NULL);
  g_assert_cmpint(amanat_peer_add(f->a, missing, "Nobody", code), ==, AMANAT_E_UNREADABLE);
  char *list = peers_of(f->a);
  g_assert_cmpstr(list, ==, "");
  g_free(list);
  g_free(missing);
  g_free(path);
  g_free(forged);
  g_free(weak);
  g_free(weak8);
  g_free(longer);
  g_free(twice);
  g_free(good);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_assert_cmpint(amanat_init(), ==, AMANAT_OK);
#define ADD(path, func) g_test_add(path, Fixture, NULL, set_up, func, tear_down)
  ADD("/peers/identity", test_identity);
  ADD("/peers/add-verify-remove", test_peers);
  ADD("/peers/bad-cards", test_bad_cards);
#undef ADD
  return g_test_run();
}
