/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sniff.c: content-type sniffing on hand-built samples, every prefix of them, and mutants. */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "sniff.h"

#define OCTET "application/octet-stream"
#define DOCX  "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#define XLSX  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define PPTX  "application/vnd.openxmlformats-officedocument.presentationml.presentation"
#define ODT   "application/vnd.oasis.opendocument.text"
#define ODS   "application/vnd.oasis.opendocument.spreadsheet"

typedef struct sample {
  char *name;
  GBytes *bytes;
  guint64 total_len; /* the whole file's size; more than the bytes when only a head is given */
  const char *expected;
} sample;

static GPtrArray *samples;

static void sample_free(gpointer data) {
  sample *s = data;
  g_free(s->name);
  g_bytes_unref(s->bytes);
  g_free(s);
}

/* total_len 0: the bytes are the whole file. */
static void add_sample(const char *name, const char *expected, const void *data, gsize len,
                       guint64 total_len) {
  sample *s = g_new0(sample, 1);
  s->name = g_strdup(name);
  s->bytes = g_bytes_new(data, len);
  s->total_len = total_len ? total_len : len;
  s->expected = expected;
  g_ptr_array_add(samples, s);
}

/* A literal's bytes, embedded NULs included. */
#define ADD(name, expected, lit) add_sample((name), (expected), (lit), sizeof(lit) - 1, 0)

static void add_built(const char *name, const char *expected, GByteArray *b) {
  add_sample(name, expected, b->data, b->len, 0);
  g_byte_array_unref(b);
}

/* ---- Byte builders ---- */

#define APPEND(b, lit) g_byte_array_append((b), (const guint8 *)(lit), sizeof(lit) - 1)

static void append_zeros(GByteArray *b, gsize n) {
  static const guint8 zero[64];
  for (; n > sizeof zero; n -= sizeof zero)
    g_byte_array_append(b, zero, sizeof zero);
  g_byte_array_append(b, zero, (guint)n);
}

static void append_le16(GByteArray *b, guint16 v) {
  guint8 p[2] = {(guint8)v, (guint8)(v >> 8)};
  g_byte_array_append(b, p, 2);
}

static void append_le32(GByteArray *b, guint32 v) {
  guint8 p[4] = {(guint8)v, (guint8)(v >> 8), (guint8)(v >> 16), (guint8)(v >> 24)};
  g_byte_array_append(b, p, 4);
}

/* A ZIP local file header, its name and its data. `sized`: FALSE leaves the sizes 0 and sets the
 * data-descriptor flag, as streaming writers do. */
static void zip_entry(GByteArray *b, const char *name, guint16 method, const void *data,
                      gsize data_len, gboolean sized) {
  APPEND(b, "PK\x03\x04");
  append_le16(b, 20);            /* version needed */
  append_le16(b, sized ? 0 : 8); /* flags */
  append_le16(b, method);        /* 0 stored, 8 deflate */
  append_le16(b, 0);             /* time */
  append_le16(b, 0x5821);        /* date */
  append_le32(b, 0x12345678);    /* CRC-32: not checked by a sniffer */
  append_le32(b, sized ? (guint32)data_len : 0);
  append_le32(b, sized ? (guint32)data_len : 0);
  append_le16(b, (guint16)strlen(name));
  append_le16(b, 0); /* extra field */
  g_byte_array_append(b, (const guint8 *)name, (guint)strlen(name));
  g_byte_array_append(b, data, (guint)data_len);
}

/* Stand-in for deflated data: bytes that look like compressed output. */
static const guint8 deflated[] = {0x8d, 0x92, 0xcb, 0x6e, 0xc2, 0x30, 0x10, 0x45, 0xf7, 0x7c,
                                  0x45, 0xe4, 0x6d, 0x65, 0x07, 0xba, 0xa8, 0x2a, 0x04, 0x8b,
                                  0x3e, 0x96, 0x2d, 0x52, 0xfb, 0x03, 0x26, 0x9e, 0x04, 0xab};

static GByteArray *ooxml(const char *main_part, gboolean sized) {
  GByteArray *b = g_byte_array_new();
  zip_entry(b, "[Content_Types].xml", 8, deflated, sizeof deflated, sized);
  zip_entry(b, "_rels/.rels", 8, deflated, sizeof deflated, sized);
  zip_entry(b, main_part, 8, deflated, sizeof deflated, sized);
  return b;
}

static GByteArray *opendocument(const char *mimetype, gboolean sized) {
  GByteArray *b = g_byte_array_new();
  zip_entry(b, "mimetype", 0, mimetype, strlen(mimetype), sized);
  zip_entry(b, "content.xml", 8, deflated, sizeof deflated, sized);
  return b;
}

/* One tar header block (for "notes.txt", 5 bytes) and its data block. */
static GByteArray *tar(gboolean ustar, gboolean good_checksum) {
  guint8 h[512] = {0};
  memcpy(h, "notes.txt", 9);
  memcpy(h + 100, "0000644", 8);
  memcpy(h + 108, "0001750", 8);
  memcpy(h + 116, "0001750", 8);
  memcpy(h + 124, "00000000005", 12);
  memcpy(h + 136, "14626743200", 12);
  memset(h + 148, ' ', 8);
  h[156] = '0';
  if (ustar) {
    memcpy(h + 257,
           "ustar\0"
           "00",
           8);
    memcpy(h + 265, "user", 4);
  }
  guint sum = 0;
  for (gsize i = 0; i < sizeof h; i++)
    sum += h[i];
  char checksum[8];
  g_snprintf(checksum, sizeof checksum, "%06o", sum);
  memcpy(h + 148, checksum, 7); /* six digits and a NUL; the space stays */
  if (!good_checksum)
    h[0] ^= 1;
  GByteArray *b = g_byte_array_new();
  g_byte_array_append(b, h, sizeof h);
  APPEND(b, "hello");
  append_zeros(b, 512 - 5);
  return b;
}

/* MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, no padding: 417-byte frames. */
#define MP3_FRAME_HEADER "\xff\xfb\x90\x64"
#define MP3_FRAME_LEN    417

static void mp3_frames(GByteArray *b, int count) {
  for (int i = 0; i < count; i++) {
    APPEND(b, MP3_FRAME_HEADER);
    append_zeros(b, MP3_FRAME_LEN - 4);
  }
  APPEND(b, MP3_FRAME_HEADER);
}

/* An Ogg page holding one packet. flags 2: beginning of stream. */
static void ogg_page(GByteArray *b, guint8 flags, const void *packet, guint8 packet_len) {
  APPEND(b, "OggS\0");
  g_byte_array_append(b, &flags, 1);
  append_zeros(b, 8);                                /* granule position */
  APPEND(b, "\x01\x02\x03\x04");                     /* serial number */
  append_zeros(b, 4);                                /* sequence number */
  APPEND(b, "\xde\xad\xbe\xef");                     /* CRC: not checked by a sniffer */
  g_byte_array_append(b, (const guint8 *)"\x01", 1); /* one segment */
  g_byte_array_append(b, &packet_len, 1);
  g_byte_array_append(b, packet, packet_len);
}

/* ---- Samples ---- */

static void add_images(void) {
  ADD("pdf", "application/pdf", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n");
  ADD("pdf-magic-only", "application/pdf", "%PDF-");
  ADD("pdf-cut-short", "text/plain", "%PDF");
  ADD("pdf-cut-shorter", "text/plain", "%PD");
  ADD("png", "image/png",
      "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89");
  ADD("jpeg", "image/jpeg", "\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
  ADD("jpeg-3-bytes", "image/jpeg", "\xff\xd8\xff");
  ADD("gif87a", "image/gif", "GIF87a\x01\0\x01\0\x80\0\0\0\0\0\xff\xff\xff");
  ADD("gif89a", "image/gif", "GIF89a\x01\0\x01\0\x80\0\0\0\0\0\xff\xff\xff");
  ADD("webp", "image/webp", "RIFF\x24\0\0\0WEBPVP8 \x18\0\0\0\x30\x01\0\x9d\x01\x2a");
  ADD("heic", "image/heic",
      "\0\0\0\x18"
      "ftypheic\0\0\0\0mif1heic");
  ADD("heif-mif1-heic", "image/heic",
      "\0\0\0\x18"
      "ftypmif1\0\0\0\0mif1heic");
  ADD("heif-mif1", "image/heif",
      "\0\0\0\x14"
      "ftypmif1\0\0\0\0mif1");
  ADD("avif", "image/avif",
      "\0\0\0\x1c"
      "ftypavif\0\0\0\0avifmif1miaf");
  ADD("avif-mif1", "image/avif",
      "\0\0\0\x20"
      "ftypmif1\0\0\0\0mif1miafMA1Bavif");
  ADD("tiff-le", "image/tiff", "II*\0\x08\0\0\0\x0e\0\0\x01\x03\0");
  ADD("tiff-be", "image/tiff", "MM\0*\0\0\0\x08\0\x0e\x01\0\0\x03");
  ADD("jp2", "image/jp2",
      "\0\0\0\x0cjP  \r\n\x87\n\0\0\0\x14"
      "ftypjp2 ");
  ADD("jxl", "image/jxl", "\xff\x0a\xfa\x7f\x01\x90");
  ADD("psd", "image/vnd.adobe.photoshop", "8BPS\0\x01\0\0\0\0\0\0\0\x03");

  GByteArray *b = g_byte_array_new();
  APPEND(b, "BM");
  append_le32(b, 58); /* file size */
  append_le32(b, 0);  /* reserved */
  append_le32(b, 54); /* pixel data offset */
  append_le32(b, 40); /* BITMAPINFOHEADER */
  append_le32(b, 1);
  append_le32(b, 1);
  append_le16(b, 1);
  append_le16(b, 24);
  append_zeros(b, 24 + 4);
  add_built("bmp", "image/bmp", b);
  ADD("bm-text", "text/plain", "BMW owners' club: minutes\n");

  b = g_byte_array_new();
  APPEND(b, "\0\0\x01\0\x01\0"); /* ICO, one image */
  APPEND(b, "\x10\x10\0\0");     /* 16x16, no palette, reserved */
  append_le16(b, 1);             /* planes */
  append_le16(b, 32);            /* bits per pixel */
  append_le32(b, 40);            /* size */
  append_le32(b, 22);            /* offset */
  append_zeros(b, 40);
  add_built("ico", "image/vnd.microsoft.icon", b);

  ADD("svg-prolog", "image/svg+xml",
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
      "<!-- Created with Inkscape (http://www.inkscape.org/) -->\n"
      "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" "
      "\"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\" [\n"
      "  <!ENTITY ns_svg \"http://www.w3.org/2000/svg\">\n"
      "  <!ENTITY tricky \"a > b ] c\">\n"
      "]>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">"
      "<rect width=\"10\" height=\"10\"/></svg>\n");
  ADD("svg-bare", "image/svg+xml",
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"/>\n");
  ADD("svg-bom-comment", "image/svg+xml",
      "\xef\xbb\xbf\n<!-- a comment with <svg-looking> text -->\n<svg>\n</svg>\n");
  ADD("svgfont-not-svg", "text/plain", "<svgfont>\n");

  /* A head that ends inside a long comment after an SVG DOCTYPE. */
  GString *s = g_string_new("<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<!--");
  while (s->len < SNIFF_HEAD_BYTES)
    g_string_append(s, " long comment");
  g_string_truncate(s, SNIFF_HEAD_BYTES);
  add_sample("svg-doctype-head-ends", "image/svg+xml", s->str, s->len, 100000);
  g_string_free(s, TRUE);
}

static void add_audio_video(void) {
  GByteArray *b = g_byte_array_new();
  APPEND(b, "ID3\x04\0\0\0\0\0\x0a"); /* v2.4, a 10-byte tag */
  APPEND(b, "TIT2\0\0\0\x02\0\0");
  mp3_frames(b, 1);
  add_built("mp3-id3", "audio/mpeg", b);

  b = g_byte_array_new();
  mp3_frames(b, 2);
  add_built("mp3-frames", "audio/mpeg", b);

  b = g_byte_array_new();
  APPEND(b, MP3_FRAME_HEADER);
  append_zeros(b, MP3_FRAME_LEN); /* no second frame where the first one says */
  add_built("mp3-lone-sync", OCTET, b);

  /* The head ends inside the first frame: taken on trust only if the file goes on. */
  static const guint8 one_frame[64] = {0xff, 0xfb, 0x90, 0x64};
  add_sample("mp3-head-inside-first-frame", "audio/mpeg", one_frame, sizeof one_frame, 100000);
  add_sample("mp3-file-inside-first-frame", OCTET, one_frame, sizeof one_frame, 0);

  b = g_byte_array_new();
  APPEND(b, "ID3\x03\0\0\0\0\0\0");
  APPEND(b, "fLaC\x80\0\0\x22");
  append_zeros(b, 34);
  add_built("flac-id3", "audio/flac", b);

  b = g_byte_array_new();
  for (int i = 0; i < 2; i++) {
    APPEND(b, "\xff\xf1\x50\x80\x02\x1f\xfc"); /* ADTS, AAC LC, 44.1 kHz, 16-byte frames */
    append_zeros(b, 9);
  }
  APPEND(b, "\xff\xf1\x50\x80\x02\x1f\xfc");
  add_built("aac-adts", "audio/aac", b);

  ADD("m4a", "audio/mp4",
      "\0\0\0\x20"
      "ftypM4A \0\0\0\0M4A mp42isom\0\0\0\0");
  ADD("mp4", "video/mp4",
      "\0\0\0\x20"
      "ftypisom\0\0\x02\0isomiso2avc1mp41");
  ADD("mov", "video/quicktime",
      "\0\0\0\x14"
      "ftypqt  \0\0\0\0qt  ");
  ADD("mov-no-ftyp", "video/quicktime", "\0\0\0\x08wide\0\0\x10\0mdat");
  ADD("3gp", "video/3gpp",
      "\0\0\0\x18"
      "ftyp3gp4\0\0\x02\0isom3gp4");
  ADD("3g2", "video/3gpp2",
      "\0\0\0\x18"
      "ftyp3g2a\0\0\0\0"
      "3g2amp42");
  ADD("ftyp-unknown", OCTET,
      "\0\0\0\x14"
      "ftypzzzz\0\0\0\0zzzz");

  static const guint8 opus_head[] = "OpusHead\x01\x02\x38\x01\x80\xbb\0\0\0\0\0";
  b = g_byte_array_new();
  ogg_page(b, 2, opus_head, sizeof opus_head - 1);
  add_built("ogg-opus", "audio/ogg", b);

  static const guint8 theora[] = "\x80theora\x03\x02\x01\0\x14\0\x0f";
  static const guint8 skeleton[] = "fishead\0\x03\0\0\0";
  b = g_byte_array_new();
  ogg_page(b, 2, skeleton, sizeof skeleton - 1);
  ogg_page(b, 2, theora, sizeof theora - 1);
  add_built("ogg-skeleton-theora", "video/ogg", b);

  b = g_byte_array_new();
  APPEND(b, "fLaC\x80\0\0\x22\x10\0\x10\0");
  append_zeros(b, 30);
  add_built("flac", "audio/flac", b);
  ADD("flac-word", "text/plain", "fLaC is how we spell it\n");

  ADD("wav", "audio/wav",
      "RIFF\x24\0\0\0WAVEfmt \x10\0\0\0\x01\0\x02\0\x44\xac\0\0\x10\xb1\x02\0\x04\0\x10\0"
      "data\0\0\0\0");
  ADD("avi", "video/x-msvideo",
      "RIFF\xf8\0\0\0"
      "AVI LIST\xec\0\0\0hdrlavih");
  ADD("aiff", "audio/x-aiff",
      "FORM\0\0\0\x2e"
      "AIFFCOMM\0\0\0\x12");
  ADD("amr", "audio/amr", "#!AMR\n\x3c\x91\x17\x16\xbe\x66\x78");
  ADD("amr-wb", "audio/amr-wb", "#!AMR-WB\n\x04\x10\x20\x4a");
  ADD("midi", "audio/midi", "MThd\0\0\0\x06\0\x01\0\x02\x01\xe0MTrk");
  ADD("asf", "video/x-ms-asf",
      "\x30\x26\xb2\x75\x8e\x66\xcf\x11\xa6\xd9\x00\xaa\x00\x62\xce\x6c\x2c\x02\0\0");
  ADD("webm", "video/webm",
      "\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08"
      "\x42\x82\x84webm\x42\x87\x81\x04\x42\x85\x81\x02\x18\x53\x80\x67\x01\0\0\0\0\0\0\0");
  ADD("mkv", "video/x-matroska",
      "\x1a\x45\xdf\xa3\xa3\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08"
      "\x42\x82\x88matroska\x42\x87\x81\x04\x42\x85\x81\x02\x18\x53\x80\x67\x01\0\0\0");
  ADD("ebml-unknown-size", "video/webm", "\x1a\x45\xdf\xa3\xff\x42\x82\x84webm");
}

static void add_archives(void) {
  add_built("docx", DOCX, ooxml("word/document.xml", TRUE));
  add_built("docx-data-descriptor", DOCX, ooxml("word/document.xml", FALSE));
  add_built("xlsx", XLSX, ooxml("xl/workbook.xml", TRUE));
  add_built("pptx", PPTX, ooxml("ppt/presentation.xml", TRUE));

  GByteArray *b = g_byte_array_new();
  zip_entry(b, "word/document.xml", 8, deflated, sizeof deflated, TRUE);
  add_built("zip-word-folder-only", "application/zip", b);

  add_built("odt", ODT, opendocument(ODT, TRUE));
  add_built("odt-data-descriptor", ODT, opendocument(ODT, FALSE));
  add_built("ods", ODS, opendocument(ODS, TRUE));
  add_built("epub", "application/epub+zip", opendocument("application/epub+zip", TRUE));
  add_built("opendocument-unknown", "application/zip",
            opendocument("application/vnd.oasis.opendocument.spaceship", TRUE));

  b = g_byte_array_new();
  zip_entry(b, "mimetype", 0, ODT, strlen(ODT) - 1, TRUE); /* size one short: "...tex" */
  add_built("odt-short-size", "application/zip", b);

  b = g_byte_array_new();
  zip_entry(b, "hello.txt", 0, "hello", 5, TRUE);
  add_built("zip", "application/zip", b);
  ADD("zip-empty", "application/zip", "PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0");

  ADD("cfb", "application/x-ole-storage",
      "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x3e\0\x03\0\xfe\xff");
  ADD("rtf", "application/rtf", "{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}}\\f0 Hi\\par}");
  ADD("gzip", "application/gzip", "\x1f\x8b\x08\0\0\0\0\0\0\x03\x03\0\0\0\0\0\0\0\0\0");
  ADD("7z", "application/x-7z-compressed", "7z\xbc\xaf\x27\x1c\0\x04\x8d\x9b\xd5\x0f");
  ADD("rar4", "application/vnd.rar", "Rar!\x1a\x07\0\xcf\x90\x73\0\0\x0d\0\0\0\0\0\0\0");
  ADD("rar5", "application/vnd.rar", "Rar!\x1a\x07\x01\0\x33\x92\xb5\xe5\x0a\x01\x05\x06\0");
  ADD("xz", "application/x-xz",
      "\xfd"
      "7zXZ\0\0\x04\xe6\xd6\xb4\x46\x02\0\x21\x01");
  ADD("zstd", "application/zstd", "\x28\xb5\x2f\xfd\x24\x05\x29\0\0hello\x01\x02\x03\x04");
  ADD("bzip2", "application/x-bzip2", "BZh91AY&SY\x4e\xec\xe8\x36\0\0\x02\x51\x80");
  add_built("tar-ustar", "application/x-tar", tar(TRUE, TRUE));
  add_built("tar-v7", "application/x-tar", tar(FALSE, TRUE));
  add_built("tar-v7-bad-checksum", OCTET, tar(FALSE, FALSE));
  ADD("sqlite", "application/vnd.sqlite3", "SQLite format 3\0\x10\0\x01\x01\0\x40\x20\x20");
  ADD("age", "application/x-age-encrypted",
      "age-encryption.org/v1\n-> X25519 SVrzdFfkPxf0LPHOUGB1gNb9E5Vr8EUDa9kxRnmiKAo\n"
      "--- 8w9TWtJjOYA4OJo/kEVqTwBhBkJwEZCgdEiiC05cACM\n\xd6\x3c\x1f\x00\x9e\x01");
  ADD("age-armor", "application/x-age-encrypted",
      "-----BEGIN AGE ENCRYPTED FILE-----\nYWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+\n");
  ADD("amanat-vault", "application/x-amanat-vault", "AMANAT\r\n\x01\0\x01\x10\x03\0\0\0");
}

static void add_text(void) {
  ADD("empty", "application/x-zerosize", "");
  ADD("3-bytes-text", "text/plain", "abc");
  ADD("3-bytes-binary", OCTET, "\0\x01\x02");
  ADD("utf8", "text/plain", "Hello.\n\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85\n\xd0\x9f\xd1\x80\xd0\xb8\n");
  ADD("utf8-bom-crlf", "text/plain", "\xef\xbb\xbfNote\r\n\tindented\r\n");
  ADD("ansi-log", "text/plain", "\x1b[1mbold\x1b[0m\fnext page\n");
  ADD("json", "text/plain", "{\"a\": [1, 2, \"\xe2\x82\xac\"]}\n");
  ADD("latin1", "text/plain",
      "Caf\xe9 cr\xe8me br\xfbl\xe9"
      "e, na\xefve fa\xe7"
      "ade.\n");
  ADD("cp1252-quotes", "text/plain", "\x93Quoted\x94 \x96 dash\r\n");
  ADD("nul-in-text", OCTET, "abc\0def\n");
  ADD("controls", OCTET, "a\x01\x02\x03\x04\x05\x06\x07\x08 b\n");
  ADD("utf16le", "text/plain", "\xff\xfeH\0i\0 \0\x3a\x06\n\0");
  ADD("utf16be", "text/plain", "\xfe\xff\0H\0i\0 \x06\x3a\0\n");
  ADD("utf16le-pair", "text/plain", "\xff\xfe\x3d\xd8\x00\xde\n\0"); /* U+1F600 */
  ADD("utf16le-lone-surrogate", OCTET, "\xff\xfe\x00\xdc\n\0");
  ADD("utf16le-nul", OCTET, "\xff\xfeH\0\0\0i\0");
  ADD("utf16-html", "text/plain", "\xff\xfe<\0h\0t\0m\0l\0>\0");
  ADD("not-markup", "text/plain", "<3 this\n");
  ADD("comment-then-text", "text/plain", "<!-- header -->\nJust text.\n");

  /* "Привет" is 12 bytes; the head ends after 11, inside the last letter, the file goes on. */
  static const char privet[] = "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82";
  add_sample("utf8-head-ends-mid-character", "text/plain", privet, sizeof privet - 2, 8192);
  add_sample("utf8-file-ends-mid-character", "text/plain", privet, sizeof privet - 2, 0);

  /* Two stray controls in ~100 bytes: fine for valid UTF-8 (1 in 32), too many for bytes that
   * aren't (1 in 128). A character cut at the end is valid only when the file goes on. */
  GString *s = g_string_new("Stray\x01 controls\x01: ");
  while (s->len < 100)
    g_string_append(s, "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82 ");
  g_string_append_c(s, '\xd0');
  add_sample("utf8-controls-head-ends-mid-character", "text/plain", s->str, s->len, 8192);
  add_sample("utf8-controls-file-ends-mid-character", OCTET, s->str, s->len, 0);
  g_string_free(s, TRUE);

  ADD("html-bom", "text/html",
      "\xef\xbb\xbf<!DOCTYPE html>\n<html lang=\"fa\" dir=\"rtl\"><head><meta charset=\"utf-8\">"
      "<title>\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85</title></head></html>\n");
  ADD("html-upper", "text/html", "\n  <HTML><BODY>Hi</BODY></HTML>");
  ADD("html-comment-first", "text/html",
      "<!-- saved from url=(0014)about:internet -->\n<!doctype HTML>\n<meta charset=utf-8>");
  ADD("html-body", "text/html", "<body>\nfragment\n</body>\n");
  ADD("xhtml", "text/html",
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html PUBLIC "
      "\"-//W3C//DTD XHTML 1.0 Strict//EN\" "
      "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\n"
      "<html xmlns=\"http://www.w3.org/1999/xhtml\"></html>\n");
  ADD("xml", "application/xml", "<?xml version=\"1.0\"?>\n<note><to>A</to></note>\n");
  ADD("xml-decl-only", "application/xml", "<?xml version=\"1.0\"?>");
  ADD("xml-body-root", "application/xml", "<?xml version=\"1.0\"?>\n<body/>\n");

  /* Random bytes from a fixed seed. */
  GRand *rand = g_rand_new_with_seed(20240601);
  guint8 random[SNIFF_HEAD_BYTES];
  for (gsize i = 0; i < sizeof random; i++)
    random[i] = (guint8)g_rand_int_range(rand, 0, 256);
  add_sample("random", OCTET, random, sizeof random, 1u << 20);
  add_sample("random-short", OCTET, random, 64, 0);
  g_rand_free(rand);
}

/* ---- Tests ---- */

/* The sniffer on a copy of exactly len bytes, so that AddressSanitizer sees any over-read. */
static const char *sniff_exact(const guint8 *data, gsize len, guint64 total_len) {
  guint8 *copy = len ? g_memdup2(data, len) : NULL;
  const char *type = sniff_content_type(copy, len, total_len);
  g_free(copy);
  g_assert_nonnull(type);
  g_assert_nonnull(strchr(type, '/'));
  return type;
}

static void test_sample(gconstpointer data) {
  const sample *s = data;
  gsize len;
  const guint8 *bytes = g_bytes_get_data(s->bytes, &len);
  g_assert_cmpstr(sniff_exact(bytes, len, s->total_len), ==, s->expected);
}

/* Every prefix of every sample, as a whole short file and as the head of a longer one. */
static void test_prefix_sweep(void) {
  for (guint i = 0; i < samples->len; i++) {
    const sample *s = g_ptr_array_index(samples, i);
    gsize len;
    const guint8 *bytes = g_bytes_get_data(s->bytes, &len);
    for (gsize n = 0; n <= len; n++) {
      sniff_exact(bytes, n, n);
      sniff_exact(bytes, n, s->total_len);
      sniff_exact(bytes, n, (guint64)n + 1000);
    }
  }
}

/* Samples with a few bytes changed and cut at a random length: any answer, but no bad read. */
static void test_mutants(void) {
  GRand *rand = g_rand_new_with_seed(7);
  for (guint i = 0; i < samples->len; i++) {
    const sample *s = g_ptr_array_index(samples, i);
    gsize len;
    const guint8 *bytes = g_bytes_get_data(s->bytes, &len);
    if (len == 0)
      continue;
    for (int round = 0; round < 200; round++) {
      g_autofree guint8 *copy = g_memdup2(bytes, len);
      for (int k = g_rand_int_range(rand, 1, 5); k > 0; k--) {
        gsize at = (gsize)g_rand_int_range(rand, 0, (gint32)len);
        copy[at] = round % 2 ? (guint8)g_rand_int_range(rand, 0, 256) : (guint8)(copy[at] ^ 0x80);
      }
      gsize cut = (gsize)g_rand_int_range(rand, 0, (gint32)len + 1);
      sniff_exact(copy, cut, g_rand_boolean(rand) ? cut : (guint64)len + 1);
    }
  }
  g_rand_free(rand);
}

/* A size below the head's length is wrong (or unknown): the bytes win. */
static void test_head_longer_than_size(void) {
  static const guint8 pdf[] = "%PDF-1.7";
  static const guint8 abc[] = "abc\0\0\0";
  g_assert_cmpstr(sniff_content_type(pdf, 8, 0), ==, "application/pdf");
  g_assert_cmpstr(sniff_content_type(abc, 6, 3), ==, OCTET);
  g_assert_cmpstr(sniff_content_type(NULL, 0, 0), ==, "application/x-zerosize");
  g_assert_cmpstr(sniff_content_type(NULL, 0, 4096), ==, OCTET);
  g_assert_cmpstr(sniff_content_type(abc, 3, G_MAXUINT64), ==, "text/plain");
}

static void test_is_text(void) {
  g_assert_true(sniff_is_text("text/plain"));
  g_assert_true(sniff_is_text("text/html"));
  g_assert_true(sniff_is_text("Text/Plain"));
  g_assert_false(sniff_is_text("application/xml"));
  g_assert_false(sniff_is_text("image/svg+xml"));
  g_assert_false(sniff_is_text(OCTET));
  g_assert_false(sniff_is_text("text"));
  g_assert_false(sniff_is_text(""));
  g_assert_false(sniff_is_text(NULL));
  for (guint i = 0; i < samples->len; i++) {
    const sample *s = g_ptr_array_index(samples, i);
    g_assert_cmpint(sniff_is_text(s->expected), ==, g_str_has_prefix(s->expected, "text/"));
  }
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  samples = g_ptr_array_new_with_free_func(sample_free);
  add_images();
  add_audio_video();
  add_archives();
  add_text();
  for (guint i = 0; i < samples->len; i++) {
    const sample *s = g_ptr_array_index(samples, i);
    g_autofree char *path = g_strdup_printf("/sniff/type/%s", s->name);
    g_test_add_data_func(path, s, test_sample);
  }
  g_test_add_func("/sniff/prefix-sweep", test_prefix_sweep);
  g_test_add_func("/sniff/mutants", test_mutants);
  g_test_add_func("/sniff/head-longer-than-size", test_head_longer_than_size);
  g_test_add_func("/sniff/is-text", test_is_text);
  int status = g_test_run();
  g_ptr_array_unref(samples);
  return status;
}
