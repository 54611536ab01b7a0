/* SPDX-License-Identifier: GPL-3.0-or-later */
/* make-seeds.c: writes the fuzz targets' seed corpus, OUTDIR/<target>/<name>: valid and
 * nearly valid inputs of every mode, made with the core's own writers (so they open) and
 * a reproducible random generator (so the committed files are exactly this output).
 *
 *   make-seeds OUTDIR */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bundle-image.h"
#include "bundle_file.h"
#include "bytes.h"
#include "chunk.h"
#include "counter.h"
#include "fixed-random.h"
#include "fuzz-common.h"
#include "header-image.h"
#include "header.h"
#include "identity.h"
#include "kdf.h"
#include "keyslot.h"

static const char *out_dir;

static void die(const char *what) {
  fprintf(stderr, "make-seeds: %s\n", what);
  exit(1);
}

static void make_dir(const char *path) {
  if (mkdir(path, 0755) != 0 && errno != EEXIST)
    die(path);
}

/* Writes OUTDIR/target/name: the mode byte(s), then `data`. */
static void seed(const char *target, const char *name, const uint8_t *head, size_t head_len,
                 const void *data, size_t len) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", out_dir, target);
  make_dir(path);
  snprintf(path, sizeof path, "%s/%s/%s", out_dir, target, name);
  FILE *f = fopen(path, "wb");
  if (f == NULL || fwrite(head, 1, head_len, f) != head_len ||
      (len > 0 && fwrite(data, 1, len, f) != len) || fclose(f) != 0)
    die(path);
}

/* ---- Headers ---------------------------------------------------------------------- */

typedef struct header_case {
  uint8_t file[AMANAT_HEADER_LEN];
  uint8_t desc[FUZZ_SEALED_LEN]; /* the same header as a FUZZ_HEADER_SEALED input */
} header_case;

static void header_start(header_case *c, amanat_kdf_cost cost, counter_state counter) {
  header_prefix prefix = {.version = AMANAT_FORMAT_VERSION, .cost = cost};
  randombytes_buf(prefix.salt, sizeof prefix.salt);
  randombytes_buf(c->file, sizeof c->file); /* unused slots and filler: random */
  header_prefix_encode(&prefix, c->file);
  counter_write(c->file, counter, c->file + AMANAT_COUNTER_OFF);
  memset(c->desc, 0, sizeof c->desc);
  memcpy(c->desc + FUZZ_SEALED_PREFIX, c->file, AMANAT_PREFIX_CHECKED_LEN);
  le32_store(c->desc + FUZZ_SEALED_COUNTER, counter.failures);
  le32_store(c->desc + FUZZ_SEALED_COUNTER + 4, counter.limit);
  for (unsigned i = 0; i < AMANAT_SLOT_COUNT; i++)
    memcpy(c->desc + FUZZ_SEALED_SLOTS + i * FUZZ_SEALED_SLOT, c->file + AMANAT_SLOT_OFF(i),
           FUZZ_SEALED_SLOT);
}

/* Seals `p` into slot `i` under the fixed master key, in both forms. */
static void header_slot(header_case *c, unsigned i, const keyslot_payload *p) {
  uint8_t key[AMANAT_SLOT_KEY_LEN];
  kdf_slot_key(fuzz_master_key, i, NULL, key);
  if (keyslot_seal(key, c->file, i, p, c->file + AMANAT_SLOT_OFF(i)) != AMANAT_OK)
    die("keyslot_seal");
  uint8_t *d = c->desc + FUZZ_SEALED_SLOTS + i * FUZZ_SEALED_SLOT;
  memcpy(d, c->file + AMANAT_SLOT_OFF(i), AMANAT_SLOT_NONCE_LEN); /* with any duress tag */
  header_image_encode_payload(p, d + AMANAT_SLOT_NONCE_LEN);
  le16_store(c->desc + FUZZ_SEALED_MASK,
             (uint16_t)(le16_load(c->desc + FUZZ_SEALED_MASK) | 1u << i));
}

/* The fuzz target seals slots from the spec: it must give the core's bytes exactly. */
static void header_cross_check(const header_case *c) {
  uint8_t built[AMANAT_HEADER_LEN];
  header_image_build(c->desc, sizeof c->desc, built);
  if (memcmp(built, c->file, AMANAT_PREFIX_LEN) != 0)
    die("header_image_build: prefix differs from header_prefix_encode");
  uint16_t mask = le16_load(c->desc + FUZZ_SEALED_MASK);
  for (unsigned i = 0; i < AMANAT_SLOT_COUNT; i++)
    if ((mask & (1u << i)) &&
        memcmp(built + AMANAT_SLOT_OFF(i), c->file + AMANAT_SLOT_OFF(i), AMANAT_SLOT_LEN) != 0)
      die("header_image_build: a slot differs from keyslot_seal");
}

static void header_write(const header_case *c, const char *name) {
  char file_name[128], sealed_name[128];
  snprintf(file_name, sizeof file_name, "file-%s", name);
  snprintf(sealed_name, sizeof sealed_name, "sealed-%s", name);
  header_cross_check(c);
  seed("header", file_name, (const uint8_t[]){FUZZ_HEADER_FILE}, 1, c->file, sizeof c->file);
  seed("header", sealed_name, (const uint8_t[]){FUZZ_HEADER_SEALED}, 1, c->desc, sizeof c->desc);
}

static keyslot_payload *payload(uint8_t role, uint8_t space, uint16_t live) {
  keyslot_payload *p = keyslot_payload_new();
  if (p == NULL)
    die("out of memory");
  p->role = role;
  p->space = space;
  p->live_mask = live;
  randombytes_buf(p->primary_key, 32);
  randombytes_buf(p->secondary_key, 32);
  randombytes_buf(p->standby_key, 32);
  return p;
}

static void header_seeds(void) {
  amanat_kdf_cost cheap = {1, 8u << 20}, moderate = {3, 256u << 20};
  header_case c;

  /* A new vault: the owner's slot, nothing else. */
  header_start(&c, moderate, (counter_state){0, 0});
  keyslot_payload *owner = payload(AMANAT_ROLE_OWNER, 1, 1u << 0);
  header_slot(&c, 0, owner);
  header_write(&c, "owner");

  /* After a password change that crashed before the old slot was overwritten. */
  header_start(&c, cheap, (counter_state){0, 0});
  owner->live_mask = 1u << 1;
  owner->scrub_mask = 1u << 0;
  header_slot(&c, 1, owner);
  owner->scrub_mask = 0;
  owner->live_mask = 1u << 0;
  header_slot(&c, 0, owner);
  header_write(&c, "changed-password");

  /* Two duress passwords of one group, nested ones, and wipe after 5 failures. */
  header_start(&c, cheap, (counter_state){2, 5});
  randombytes_buf(owner->group_key, 32);
  owner->live_mask = 1u << 1 | 1u << 4 | 1u << 9;
  owner->duress_mask = 1u << 4 | 1u << 9;
  header_slot(&c, 1, owner);
  keyslot_payload *wipe = payload(AMANAT_ROLE_DURESS_WIPE, 0, 1u << 4 | 1u << 9);
  memcpy(wipe->group_key, owner->group_key, 32);
  memcpy(wipe->primary_key, owner->secondary_key, 32);
  header_slot(&c, 4, wipe);
  keyslot_payload *decoy = payload(AMANAT_ROLE_DURESS_DECOY, 0, 1u << 4 | 1u << 9);
  memcpy(decoy->group_key, owner->group_key, 32);
  decoy->flags = AMANAT_PAYLOAD_FLAG_NESTED;
  header_slot(&c, 9, decoy);
  header_write(&c, "duress");

  /* Only the duress password's slot opens under the fixed key. */
  header_start(&c, cheap, (counter_state){0, 0});
  header_slot(&c, 4, wipe);
  header_write(&c, "duress-only");

  /* No slot opens: a wrong password, one short of the wipe limit. */
  header_start(&c, cheap, (counter_state){2, 3});
  header_write(&c, "wrong-password");

  /* A slot that opens to a payload out of range (role 0, space 2). */
  header_start(&c, cheap, (counter_state){0, 0});
  keyslot_payload *odd = payload(0, 2, 1u << 7);
  header_slot(&c, 7, odd);
  header_write(&c, "bad-payload");

  sodium_free(owner);
  sodium_free(wipe);
  sodium_free(decoy);
  sodium_free(odd);

  /* Files that stop at the prefix. */
  header_start(&c, cheap, (counter_state){0, 0});
  const uint8_t file_mode[] = {FUZZ_HEADER_FILE};
  seed("header", "file-truncated", file_mode, 1, c.file, 100);
  uint8_t longer[AMANAT_HEADER_LEN + 1];
  memcpy(longer, c.file, sizeof c.file);
  longer[AMANAT_HEADER_LEN] = '\n';
  seed("header", "file-trailing-byte", file_mode, 1, longer, sizeof longer);
  c.file[AMANAT_PREFIX_OFF_KDF_ALG] = AMANAT_KDF_WIPED;
  seed("header", "file-wiped", file_mode, 1, c.file, sizeof c.file);
  seed("header", "file-empty", file_mode, 1, NULL, 0);
  seed("header", "file-not-a-vault", file_mode, 1, "PK\3\4 a zip file, not a vault", 29);
}

/* ---- Chunks and packs ------------------------------------------------------------- */

static chunk_codec codec;
static uint8_t *record;

/* Seals `raw` as chunk `seq` (final or not) with `pad` bytes of padding. */
static size_t chunk_record(const uint8_t *raw, size_t len, uint64_t seq, int final, size_t pad,
                           uint8_t *plain_out, size_t *plain_len) {
  size_t payload_len = 0, record_len = 0;
  if (chunk_prepare(&codec, raw, len, &payload_len) != AMANAT_OK ||
      chunk_seal(&codec, fuzz_doc_key, fuzz_doc_uid, seq, final, pad, record, &record_len) !=
          AMANAT_OK)
    die("chunk_seal");
  if (plain_out != NULL) {
    *plain_len = CHUNK_HEADER_LEN + payload_len + pad;
    memcpy(plain_out, codec.sealed_from, *plain_len);
  }
  return record_len;
}

static void chunk_seeds(void) {
  if (chunk_codec_init(&codec) != AMANAT_OK)
    die("chunk_codec_init");
  record = malloc(CHUNK_RECORD_MAX);
  uint8_t *plain = malloc(CHUNK_PLAIN_MAX);
  if (record == NULL || plain == NULL)
    die("out of memory");

  static const char text[] = "Meeting notes, 3 March: the source asked for the files to be "
                             "kept offline. Meeting notes, 3 March: keep them offline. ";
  uint8_t words[4096], noise[700];
  for (size_t i = 0; i < sizeof words; i++)
    words[i] = (uint8_t)text[i % (sizeof text - 1)];
  randombytes_buf(noise, sizeof noise);

  struct {
    const char *name;
    const uint8_t *raw;
    size_t len;
    uint8_t seq_final; /* bit 0 final, bits 1-2 index */
    size_t pad;
  } cases[] = {
      {"text-final", (const uint8_t *)text, sizeof text - 1, 1, 0},
      {"zstd-first", words, sizeof words, 0, 0},
      {"zstd-final-padded", words, 1000, 2 << 1 | 1, 300},
      {"noise-second", noise, sizeof noise, 1 << 1, 0},
      {"noise-final-padded", noise, sizeof noise, 3 << 1 | 1, 64},
      {"empty-final", NULL, 0, 1, 0}, /* NULL: regression, UBSan once caught a memcpy */
  };
  uint8_t pack[3 * 8192];
  size_t pack_used = 0;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    size_t plain_len = 0;
    size_t len = chunk_record(cases[i].raw, cases[i].len, (uint64_t)(cases[i].seq_final >> 1),
                              cases[i].seq_final & 1, cases[i].pad, plain, &plain_len);
    char name[128];
    snprintf(name, sizeof name, "record-%s", cases[i].name);
    seed("chunk", name, (const uint8_t[]){FUZZ_CHUNK_RECORD, cases[i].seq_final}, 2, record, len);
    snprintf(name, sizeof name, "plain-%s", cases[i].name);
    seed("chunk", name, (const uint8_t[]){FUZZ_CHUNK_PLAIN, cases[i].seq_final}, 2, plain,
         plain_len);
    /* A pack of the records so far, then random fill; the seed reads the last one. */
    if (pack_used + len + 64 > sizeof pack)
      continue;
    memcpy(pack + pack_used, record, len);
    uint8_t head[6] = {FUZZ_CHUNK_PACK, cases[i].seq_final};
    le16_store(head + 2, (uint16_t)pack_used);
    le16_store(head + 4, (uint16_t)len);
    pack_used += len;
    randombytes_buf(pack + pack_used, 64);
    snprintf(name, sizeof name, "pack-%s", cases[i].name);
    seed("chunk", name, head, sizeof head, pack, pack_used + 64);
  }
  free(plain);
  free(record);
  chunk_codec_free(&codec);
}

/* ---- Identity cards --------------------------------------------------------------- */

static void card_seeds(void) {
  uint8_t seed_bytes[32], sign_sk[64], x_sk[32];
  identity_public pub;
  randombytes_buf(seed_bytes, sizeof seed_bytes);
  crypto_sign_seed_keypair(pub.ed25519, sign_sk, seed_bytes);
  randombytes_buf(x_sk, sizeof x_sk);
  crypto_scalarmult_base(pub.x25519, x_sk);
  char *text = NULL;
  if (identity_card_make(&pub, sign_sk, &text) != AMANAT_OK)
    die("identity_card_make");
  size_t len = strlen(text);
  seed("card", "text-valid", (const uint8_t[]){FUZZ_CARD_TEXT}, 1, text, len);
  seed("card", "text-no-final-newline", (const uint8_t[]){FUZZ_CARD_TEXT}, 1, text, len - 1);
  uint8_t body[IDENTITY_CARD_BODY_LEN];
  size_t body_len = 0;
  size_t magic = strlen(IDENTITY_CARD_MAGIC);
  if (sodium_base642bin(body, sizeof body, text + magic + 1, len - magic - 2, NULL, &body_len, NULL,
                        sodium_base64_VARIANT_ORIGINAL) != 0)
    die("base64");
  seed("card", "body-valid", (const uint8_t[]){FUZZ_CARD_BODY}, 1, body, sizeof body);
  seed("card", "x25519-valid", (const uint8_t[]){FUZZ_CARD_X25519}, 1, pub.x25519, 32);
  static const uint8_t zero[32];
  seed("card", "x25519-zero", (const uint8_t[]){FUZZ_CARD_X25519}, 1, zero, sizeof zero);
  free(text);
}

/* ---- Bundles ---------------------------------------------------------------------- */

static uint8_t body[16384];
static size_t body_len;

static void append(const void *data, size_t len) {
  if (body_len + len > sizeof body)
    die("bundle body too long");
  memcpy(body + body_len, data, len);
  body_len += len;
}

/* Appends the record in `b` to the body and writes its body as a FUZZ_BUNDLE_RECORD seed
 * (`name` NULL: not). */
static void append_record(record_buf *b, const char *name) {
  if (b->failed)
    die("record_put");
  append(b->data, b->len);
  static const uint8_t which[] = {[RECORD_SENDER] = 0, [RECORD_DOCUMENT] = 1,
                                  [RECORD_CONTACT] = 2, [RECORD_TOMBSTONE] = 3};
  if (name != NULL)
    seed("bundle", name, (const uint8_t[]){FUZZ_BUNDLE_RECORD, which[b->data[0]]}, 2, b->data + 5,
         b->len - 5);
  record_buf_reset(b);
}

static void bundle_file_seed(const char *name, const uint8_t (*recipients)[32], size_t count,
                             const uint8_t *sign_sk, uint8_t version) {
  size_t len = 0;
  uint8_t *file = bundle_image_write(body, body_len, recipients, count, sign_sk, &len);
  file[1] = version;
  seed("bundle", name, (const uint8_t[]){FUZZ_BUNDLE_FILE}, 1, file, len);
  free(file);
}

static void bundle_seeds(void) {
  uint8_t recipients[2][32], sign_pk[32], sign_sk[64], other_sk[32];
  crypto_scalarmult_base(recipients[0], fuzz_bundle_sk);
  randombytes_buf(other_sk, sizeof other_sk);
  crypto_scalarmult_base(recipients[1], other_sk);
  crypto_sign_seed_keypair(sign_pk, sign_sk, fuzz_bundle_sign_seed);
  bundle_sender sender = {.number = 3, .flags = BUNDLE_FLAG_OMIT_SENSITIVE};
  randombytes_buf(sender.x25519, 32);
  memcpy(sender.ed25519, sign_pk, 32);
  static sync_vv vv[6];
  record_buf b = {0};

  /* Every kind of record: a contact, a file and a note with their content, a document
   * sent without its content (links and a conflict origin), a deletion. */
  record_put_sender(&b, &sender);
  append_record(&b, "record-sender");
  sync_contact_state contact;
  bundle_image_contact(&contact, &vv[0], 1);
  record_put_contact(&b, &contact, 1);
  append_record(&b, "record-contact");
  uint8_t content[300];
  randombytes_buf(content, sizeof content);
  sync_doc_state doc;
  bundle_image_document(&doc, &vv[1], 2, AMANAT_DOC_FILE, sizeof content);
  record_put_document(&b, &doc, 1);
  append_record(&b, "record-document-file");
  append(content, sizeof content);
  static const char note[] = "Call back on Monday.\n";
  bundle_image_document(&doc, &vv[2], 3, AMANAT_DOC_NOTE, sizeof note - 1);
  record_put_document(&b, &doc, 1);
  append_record(&b, "record-document-note");
  append(note, sizeof note - 1);
  bundle_image_document(&doc, &vv[3], 4, AMANAT_DOC_FILE, 123456);
  /* Two writers in its version vector, sorted by origin. */
  memset(vv[3].origin[1], 0x7f, SYNC_ORIGIN_LEN);
  vv[3].counter[1] = 9;
  vv[3].count = 2;
  uint8_t links[2][16];
  memcpy(links[0], contact.uid, 16);
  memset(links[1], 0x22, 16);
  doc.links = links;
  doc.link_count = 2;
  doc.has_conflict_of = 1;
  memset(doc.conflict_of, 0x33, 16);
  doc.notes = "Copy of the court filing.\r\n\tPage 3 missing.";
  record_put_document(&b, &doc, 0);
  append_record(&b, "record-document-links");
  sync_tombstone tomb;
  bundle_image_tombstone(&tomb, &vv[4], 5);
  record_put_tombstone(&b, &tomb);
  append_record(&b, "record-tombstone");
  record_put_end(&b);
  append_record(&b, NULL);
  seed("bundle", "plain-full", (const uint8_t[]){FUZZ_BUNDLE_PLAIN}, 1, body, body_len);
  bundle_file_seed("file-full", (const uint8_t(*)[32])recipients, 2, sign_sk, BUNDLE_VERSION);

  /* The sender alone, then the end. */
  body_len = 0;
  sender.flags = BUNDLE_FLAG_FULL | BUNDLE_FLAG_TAGS;
  record_put_sender(&b, &sender);
  record_put_end(&b);
  append_record(&b, NULL);
  seed("bundle", "plain-empty", (const uint8_t[]){FUZZ_BUNDLE_PLAIN}, 1, body, body_len);
  bundle_file_seed("file-empty", (const uint8_t(*)[32])recipients, 1, sign_sk, BUNDLE_VERSION);
  bundle_file_seed("file-other-recipient", (const uint8_t(*)[32])recipients + 1, 1, sign_sk,
                   BUNDLE_VERSION);
  bundle_file_seed("file-version-2", (const uint8_t(*)[32])recipients, 1, sign_sk, 2);

  /* Near misses behind the signature: a contact after a document, one uid twice. */
  body_len = 0;
  record_put_sender(&b, &sender);
  bundle_image_document(&doc, &vv[5], 6, AMANAT_DOC_NOTE, 0);
  record_put_document(&b, &doc, 1);
  record_put_contact(&b, &contact, 0);
  record_put_end(&b);
  append_record(&b, NULL);
  seed("bundle", "plain-order", (const uint8_t[]){FUZZ_BUNDLE_PLAIN}, 1, body, body_len);
  body_len = 0;
  record_put_sender(&b, &sender);
  record_put_contact(&b, &contact, 0);
  bundle_image_tombstone(&tomb, &vv[4], 1);
  record_put_tombstone(&b, &tomb);
  record_put_end(&b);
  append_record(&b, NULL);
  seed("bundle", "plain-duplicate", (const uint8_t[]){FUZZ_BUNDLE_PLAIN}, 1, body, body_len);
  record_buf_free(&b);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: make-seeds OUTDIR\n");
    return 2;
  }
  out_dir = argv[1];
  make_dir(out_dir);
  fixed_random_install("amanat fuzz seeds v1");
  if (amanat_init() != AMANAT_OK)
    die("amanat_init");
  header_seeds();
  chunk_seeds();
  card_seeds();
  bundle_seeds();
  return 0;
}
