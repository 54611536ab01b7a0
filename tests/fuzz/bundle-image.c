/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bundle-image.c: bundle files and sample items for the generators (see bundle-image.h). */
#include "bundle-image.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bundle_file.h"

static void fail(const char *what) {
  fprintf(stderr, "bundle-image: %s\n", what);
  exit(1);
}

uint8_t *bundle_image_write(const uint8_t *body, size_t len, const uint8_t (*recipients)[32],
                            size_t count, const uint8_t *sign_sk, size_t *out_len) {
  char dir[] = "/tmp/amanat-bundle-image-XXXXXX";
  if (mkdtemp(dir) == NULL)
    fail("mkdtemp");
  char path[sizeof dir + 16];
  snprintf(path, sizeof path, "%s/bundle", dir);
  bundle_writer *w = NULL;
  if (bundle_writer_open(&w, path, recipients, count, sign_sk, 0) != AMANAT_OK ||
      bundle_writer_write(w, body, len) != AMANAT_OK || bundle_writer_finish(w) != AMANAT_OK ||
      bundle_writer_parts(w) != 1)
    fail("bundle_writer");
  bundle_writer_keep(w);
  bundle_writer_free(w);
  FILE *f = fopen(path, "rb");
  if (f == NULL || fseek(f, 0, SEEK_END) != 0)
    fail(path);
  long size = ftell(f);
  uint8_t *bytes = malloc(size > 0 ? (size_t)size : 1);
  if (size <= 0 || bytes == NULL || fseek(f, 0, SEEK_SET) != 0 ||
      fread(bytes, 1, (size_t)size, f) != (size_t)size)
    fail(path);
  fclose(f);
  unlink(path);
  rmdir(dir);
  *out_len = (size_t)size;
  return bytes;
}

static void version(sync_version *v, sync_vv *vv, uint8_t n) {
  memset(vv, 0, sizeof *vv);
  vv->count = 1;
  memset(vv->origin[0], 0x40 + n, SYNC_ORIGIN_LEN);
  vv->counter[0] = 3 + n;
  v->vv = vv;
  v->clock = 1000 + n;
  memcpy(v->origin, vv->origin[0], SYNC_ORIGIN_LEN);
}

static void uid(uint8_t out[16], uint8_t n) {
  memset(out, 0x11, 16);
  out[0] = n;
}

static const char *contact_tags[] = {"lawyer", "source"};
static sync_field contact_fields[] = {
    {"Phone", "+961 1 234 567", 0, 0},
    {"Signal", "", 1, 1}, /* sensitive, withheld by the sender */
    {"Address", "Rue Hamra 12\nBeirut", 1, 0},
};

void bundle_image_contact(sync_contact_state *c, sync_vv *vv, uint8_t n) {
  memset(c, 0, sizeof *c);
  uid(c->uid, n);
  version(&c->version, vv, n);
  c->name = "Layla Haddad";
  c->notes = "Met at the conference.\nPrefers calls.";
  c->added = "2026-03-03";
  c->fields = contact_fields;
  c->field_count = sizeof contact_fields / sizeof contact_fields[0];
  c->tags = contact_tags;
  c->tag_count = 2;
}

static const char *doc_tags[] = {"court", "evidence", "\xd8\xaf\xd9\x84\xd9\x8a\xd9\x84"};

void bundle_image_document(sync_doc_state *d, sync_vv *vv, uint8_t n, int kind, uint64_t size) {
  memset(d, 0, sizeof *d);
  uid(d->uid, n);
  d->kind = kind;
  version(&d->version, vv, n);
  memset(d->cv, 0x60 + n, 16);
  d->title = kind == AMANAT_DOC_NOTE ? "Meeting notes" : "scan-0042.pdf";
  d->content_type = kind == AMANAT_DOC_NOTE ? "text/plain" : "application/pdf";
  d->size = size;
  d->added = "2026-03-04";
  d->notes = "";
  d->tags = doc_tags;
  d->tag_count = 3;
}

void bundle_image_tombstone(sync_tombstone *t, sync_vv *vv, uint8_t n) {
  memset(t, 0, sizeof *t);
  uid(t->uid, n);
  t->kind = 1;
  version(&t->version, vv, n);
  memset(t->cv, 0x70 + n, 16);
}
