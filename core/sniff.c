/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sniff.c: content types from leading bytes: magic numbers, container headers, then text. */
#include "sniff.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bytes.h"
#include "format.h"

#define OCTET_STREAM "application/octet-stream"
#define NOT_FOUND    SIZE_MAX

/* ---- Bounded reads: every look at the head goes through these ---- */

/* 1 if the n bytes at `off` lie inside the head and equal `bytes`. */
static int at(const uint8_t *h, size_t len, size_t off, const void *bytes, size_t n) {
  return off <= len && n <= len - off && memcmp(h + off, bytes, n) == 0;
}

/* The same for a string literal; sizeof counts embedded NULs but not the terminator. */
#define AT(off, lit) at(h, len, (off), (lit), sizeof(lit) - 1)

/* Like at(), ASCII case-insensitive; `lower` is lower-case. */
static int at_ci(const uint8_t *h, size_t len, size_t off, const char *lower) {
  size_t n = strlen(lower);
  if (off > len || n > len - off)
    return 0;
  for (size_t i = 0; i < n; i++) {
    uint8_t c = h[off + i];
    if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != (uint8_t)lower[i])
      return 0;
  }
  return 1;
}

/* Index of the first `lit` at or after `from`, or NOT_FOUND. */
static size_t find(const uint8_t *h, size_t len, size_t from, const char *lit) {
  size_t n = strlen(lit);
  for (size_t i = from; i < len && n <= len - i; i++)
    if (memcmp(h + i, lit, n) == 0)
      return i;
  return NOT_FOUND;
}

static uint32_t be32_load(const uint8_t *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* ---- Fixed magic numbers ---- */

typedef struct magic {
  uint16_t off;
  uint8_t n;
  const char *bytes;
  const char *type;
} magic;

#define MAGIC(off, lit, type)                                                                      \
  { (off), sizeof(lit) - 1, (lit), (type) }

/* First match wins, so order matters where one format can hold another's magic. */
static const magic magics[] = {
    MAGIC(0, AMANAT_MAGIC, "application/x-amanat-vault"),
    /* tar first: a tar's first bytes are a member's name, which may look like anything. */
    MAGIC(257, "ustar\0", "application/x-tar"),   /* POSIX */
    MAGIC(257, "ustar  \0", "application/x-tar"), /* GNU */
    MAGIC(0, "age-encryption.org/v1\n", "application/x-age-encrypted"),
    MAGIC(0, "-----BEGIN AGE ENCRYPTED FILE-----", "application/x-age-encrypted"),
    /* Readers accept "%PDF-" a little later in the file too; we don't, so that text about PDF
     * stays text. */
    MAGIC(0, "%PDF-", "application/pdf"), MAGIC(0, "\x89PNG\r\n\x1a\n", "image/png"),
    MAGIC(0, "\xff\xd8\xff", "image/jpeg"), MAGIC(0, "GIF87a", "image/gif"),
    MAGIC(0, "GIF89a", "image/gif"), MAGIC(0, "II*\0", "image/tiff"),
    MAGIC(0, "MM\0*", "image/tiff"), MAGIC(0, "II+\0", "image/tiff"), /* BigTIFF */
    MAGIC(0, "MM\0+", "image/tiff"), MAGIC(0, "\0\0\0\x0cjP  \r\n\x87\n", "image/jp2"),
    MAGIC(0, "\0\0\0\x0cJXL \r\n\x87\n", "image/jxl"),
    MAGIC(0, "\xff\x0a", "image/jxl"), /* a bare JPEG XL codestream */
    MAGIC(0, "8BPS\0\x01", "image/vnd.adobe.photoshop"),
    MAGIC(0, "8BPS\0\x02", "image/vnd.adobe.photoshop"), /* PSB, the large-document variant */
    /* FLAC's first metadata block is always STREAMINFO, 34 bytes long. */
    MAGIC(0, "fLaC\0\0\0\x22", "audio/flac"),
    MAGIC(0, "fLaC\x80\0\0\x22", "audio/flac"), /* ... and also the last block */
    MAGIC(0, "#!AMR\n", "audio/amr"), MAGIC(0, "#!AMR_MC1.0\n", "audio/amr"),
    MAGIC(0, "#!AMR-WB\n", "audio/amr-wb"), MAGIC(0, "#!AMR-WB_MC1.0\n", "audio/amr-wb"),
    MAGIC(0, "MThd\0\0\0\x06", "audio/midi"),
    /* The ASF header object's GUID: WMA and WMV. */
    MAGIC(0, "\x30\x26\xb2\x75\x8e\x66\xcf\x11\xa6\xd9\x00\xaa\x00\x62\xce\x6c", "video/x-ms-asf"),
    /* Compound File Binary: .doc, .xls, .ppt, .msg and more. Which one is only said by the names
     * in its directory, which sits wherever the header's sector chain puts it, usually past the
     * first 4096 bytes; so we can't tell them apart reliably and don't guess. */
    MAGIC(0, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),
    MAGIC(0, "{\\rtf", "application/rtf"), MAGIC(0, "\x1f\x8b\x08", "application/gzip"),
    MAGIC(0, "7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    MAGIC(0, "Rar!\x1a\x07\x00", "application/vnd.rar"),     /* RAR 1.5 to 4 */
    MAGIC(0, "Rar!\x1a\x07\x01\x00", "application/vnd.rar"), /* RAR 5 */
    MAGIC(0,
          "\xfd"
          "7zXZ\0",
          "application/x-xz"),
    MAGIC(0, "\x28\xb5\x2f\xfd", "application/zstd"),
    MAGIC(0, "SQLite format 3\0", "application/vnd.sqlite3"),
    MAGIC(0, "PK\x05\x06", "application/zip"), /* an empty archive: only the end record */
};

/* ---- Containers and formats that need more than one fixed string ---- */

static const char *sniff_bzip2(const uint8_t *h, size_t len) {
  /* "BZh", the block size '1'..'9', then the first block's magic (the digits of pi). */
  if (AT(0, "BZh") && AT(4, "1AY&SY") && h[3] >= '1' && h[3] <= '9')
    return "application/x-bzip2";
  return NULL;
}

/* RIFF and IFF: a four-character form type at offset 8. */
static const char *sniff_riff(const uint8_t *h, size_t len) {
  int riff = AT(0, "RIFF");
  if ((riff || AT(0, "RIFX") || AT(0, "RF64")) && AT(8, "WAVE"))
    return "audio/wav";
  if (riff && AT(8, "WEBP"))
    return "image/webp";
  if (riff && AT(8, "AVI "))
    return "video/x-msvideo";
  if (AT(0, "FORM") && (AT(8, "AIFF") || AT(8, "AIFC")))
    return "audio/x-aiff";
  return NULL;
}

/* ISO base media file format (MP4, MOV, 3GP, HEIF, AVIF): an `ftyp` box first, holding a major
 * brand and a list of compatible brands. Generic brands say only "ISO-BMFF" or "HEIF"; a specific
 * one anywhere in the box says more (an AVIF may be major brand mif1 with avif compatible). */
typedef struct brand {
  char id[5];
  uint8_t prefix; /* how many of id's bytes must match */
  uint8_t generic;
  const char *type;
} brand;

static const brand brands[] = {
    {"heic", 4, 0, "image/heic"},          {"heix", 4, 0, "image/heic"},
    {"heim", 4, 0, "image/heic"},          {"heis", 4, 0, "image/heic"},
    {"hevc", 4, 0, "image/heic-sequence"}, {"hevx", 4, 0, "image/heic-sequence"},
    {"hevm", 4, 0, "image/heic-sequence"}, {"hevs", 4, 0, "image/heic-sequence"},
    {"avif", 4, 0, "image/avif"},          {"avis", 4, 0, "image/avif"},
    {"M4A ", 4, 0, "audio/mp4"},           {"M4B ", 4, 0, "audio/mp4"},
    {"M4P ", 4, 0, "audio/mp4"},           {"M4V", 3, 0, "video/mp4"},
    {"qt  ", 4, 0, "video/quicktime"},     {"3g2", 3, 0, "video/3gpp2"},
    {"3gp", 3, 0, "video/3gpp"},           {"3ge", 3, 0, "video/3gpp"},
    {"3gg", 3, 0, "video/3gpp"},           {"3gr", 3, 0, "video/3gpp"},
    {"3gs", 3, 0, "video/3gpp"},           {"mif1", 4, 1, "image/heif"},
    {"msf1", 4, 1, "image/heif-sequence"}, {"iso", 3, 1, "video/mp4"}, /* isom, iso2 ... */
    {"mp41", 4, 1, "video/mp4"},           {"mp42", 4, 1, "video/mp4"},
    {"avc1", 4, 1, "video/mp4"},           {"dash", 4, 1, "video/mp4"},
    {"mmp4", 4, 1, "video/mp4"},           {"MSNV", 4, 1, "video/mp4"},
    {"NDAS", 4, 1, "video/mp4"},           {"F4V ", 4, 1, "video/mp4"},
};

/* `b` has 4 bytes. */
static const brand *find_brand(const uint8_t *b) {
  for (size_t i = 0; i < sizeof brands / sizeof brands[0]; i++)
    if (memcmp(b, brands[i].id, brands[i].prefix) == 0)
      return &brands[i];
  return NULL;
}

static const char *sniff_isobmff(const uint8_t *h, size_t len) {
  if (len < 12 || !AT(4, "ftyp"))
    return NULL;
  uint32_t box = be32_load(h);
  if (box < 12) /* also 1, a 64-bit size, which a few-byte ftyp box never needs */
    return NULL;
  size_t end = box < len ? box : len;
  const brand *major = find_brand(h + 8), *generic = NULL;
  if (major && !major->generic)
    return major->type;
  for (size_t off = 16; off + 4 <= end; off += 4) { /* from 16: skip the minor version */
    const brand *b = find_brand(h + off);
    if (b && !b->generic)
      return b->type;
    if (b && !generic)
      generic = b;
  }
  return major ? major->type : generic ? generic->type : NULL;
}

/* QuickTime files older than `ftyp` start straight with an atom. Its size must start with a
 * zero byte (or be 0, "to the end", or 1, "64-bit size follows") so that text never matches. */
static const char *sniff_quicktime(const uint8_t *h, size_t len) {
  static const char atoms[][5] = {"moov", "mdat", "wide", "free", "skip", "pnot"};
  if (len < 8)
    return NULL;
  uint32_t size = be32_load(h);
  if (size >= (1u << 24) || (size >= 2 && size < 8))
    return NULL;
  for (size_t i = 0; i < sizeof atoms / sizeof atoms[0]; i++)
    if (at(h, len, 4, atoms[i], 4))
      return "video/quicktime";
  return NULL;
}

/* An EBML variable-length integer at *off: as many bytes as the first byte's leading zero bits
 * plus one. Element IDs keep that length marker, sizes drop it. 0 if it doesn't fit in len. */
static int ebml_vint(const uint8_t *h, size_t len, size_t *off, int keep_marker, uint64_t *out) {
  if (*off >= len || h[*off] == 0)
    return 0;
  uint8_t first = h[*off];
  size_t n = 1;
  while (!(first & (0x80u >> (n - 1))))
    n++;
  if (n > len - *off)
    return 0;
  uint64_t v = keep_marker ? first : first & (0xffu >> n);
  for (size_t i = 1; i < n; i++)
    v = v << 8 | h[*off + i];
  *off += n;
  *out = v;
  return 1;
}

/* Matroska and WebM: an EBML header whose DocType element (ID 0x4282) says which. */
static const char *sniff_ebml(const uint8_t *h, size_t len) {
  if (!AT(0, "\x1a\x45\xdf\xa3"))
    return NULL;
  size_t off = 4;
  uint64_t id, size;
  if (!ebml_vint(h, len, &off, 0, &size))
    return "video/x-matroska";
  size_t end = size < len - off ? off + (size_t)size : len; /* the header's children */
  while (off < end) {
    if (!ebml_vint(h, end, &off, 1, &id) || !ebml_vint(h, end, &off, 0, &size) || size > end - off)
      break;
    if (id == 0x4282) { /* a string, possibly padded with NULs */
      if (size >= 4 && at(h, end, off, "webm", 4) && (size == 4 || h[off + 4] == 0))
        return "video/webm";
      break;
    }
    off += (size_t)size;
  }
  return "video/x-matroska";
}

/* What an OpenDocument or EPUB file's first entry, "mimetype", may hold. */
static const char *const zip_mimetypes[] = {
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.text-template",
    "application/vnd.oasis.opendocument.text-master",
    "application/vnd.oasis.opendocument.text-master-template",
    "application/vnd.oasis.opendocument.text-web",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.spreadsheet-template",
    "application/vnd.oasis.opendocument.presentation",
    "application/vnd.oasis.opendocument.presentation-template",
    "application/vnd.oasis.opendocument.graphics",
    "application/vnd.oasis.opendocument.graphics-template",
    "application/vnd.oasis.opendocument.chart",
    "application/vnd.oasis.opendocument.chart-template",
    "application/vnd.oasis.opendocument.formula",
    "application/vnd.oasis.opendocument.formula-template",
    "application/vnd.oasis.opendocument.image",
    "application/vnd.oasis.opendocument.image-template",
    "application/vnd.oasis.opendocument.base",
    "application/epub+zip",
};

/* The OOXML type a part name's top folder gives, or NULL. */
static const char *ooxml_part(const uint8_t *name, size_t n) {
  if (n >= 5 && memcmp(name, "word/", 5) == 0)
    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  if (n >= 3 && memcmp(name, "xl/", 3) == 0)
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  if (n >= 4 && memcmp(name, "ppt/", 4) == 0)
    return "application/vnd.openxmlformats-officedocument.presentationml.presentation";
  return NULL;
}

/* ZIP local file header: signature, version, flags @6, method @8, time, date, CRC,
 * compressed size @18, size @22, name length @26, extra length @28, name @30. */
#define ZIP_LFH_LEN 30

static const char *sniff_zip(const uint8_t *h, size_t len) {
  if (!AT(0, "PK\x03\x04"))
    return NULL;
  /* OpenDocument and EPUB: a stored first entry "mimetype" whose data is the type. */
  if (len >= ZIP_LFH_LEN && AT(ZIP_LFH_LEN, "mimetype") && le16_load(h + 26) == 8 &&
      le16_load(h + 8) == 0) {
    uint16_t flags = le16_load(h + 6);
    uint32_t csize = le32_load(h + 18);
    size_t data = ZIP_LFH_LEN + 8 + (size_t)le16_load(h + 28);
    for (size_t i = 0; i < sizeof zip_mimetypes / sizeof zip_mimetypes[0]; i++) {
      const char *t = zip_mimetypes[i];
      size_t n = strlen(t);
      /* Sizes may be left 0 for a data descriptor (flag bit 3): then the next header ends it. */
      int sized = csize == n || (csize == 0 && (flags & 8) && at(h, len, data + n, "PK", 2));
      if (sized && at(h, len, data, t, n))
        return t;
    }
  }
  /* OOXML: [Content_Types].xml plus parts under word/, xl/ or ppt/. Walk every local header in
   * the head rather than chaining entry sizes, which a data descriptor may leave as 0. */
  int content_types = 0;
  const char *part = NULL;
  for (size_t i = 0; len >= ZIP_LFH_LEN && i <= len - ZIP_LFH_LEN; i++) {
    if (h[i] != 'P' || !AT(i, "PK\x03\x04"))
      continue;
    size_t n = le16_load(h + i + 26);
    if (n > len - i - ZIP_LFH_LEN)
      continue;
    const uint8_t *name = h + i + ZIP_LFH_LEN;
    if (n == 19 && memcmp(name, "[Content_Types].xml", 19) == 0)
      content_types = 1;
    else if (!part)
      part = ooxml_part(name, n);
  }
  return content_types && part ? part : "application/zip";
}

/* Ogg: each logical stream starts with a beginning-of-stream page whose first packet names the
 * codec. Look at those pages (a Skeleton stream may come first) for a video codec. */
static const char *sniff_ogg(const uint8_t *h, size_t len) {
  if (!AT(0, "OggS\0"))
    return NULL;
  size_t page = 0;
  for (int pages = 0; pages < 8 && AT(page, "OggS\0") && len - page >= 27; pages++) {
    if (!(h[page + 5] & 0x02)) /* not beginning-of-stream: the codec headers are over */
      break;
    size_t segments = h[page + 26], body = page + 27 + segments, body_len = 0;
    if (body > len)
      break;
    if (AT(body, "\x80theora") ||
        AT(body, "\x80"
                 "daala") ||
        AT(body, "\x01video\0\0\0"))
      return "video/ogg";
    for (size_t s = 0; s < segments; s++)
      body_len += h[page + 27 + s];
    page = body + body_len;
  }
  return "audio/ogg"; /* Vorbis, Opus, FLAC, Speex: audio/ogg, which every player knows */
}

/* Windows bitmap: "BM", then a DIB header whose size names one of the known versions. */
static const char *sniff_bmp(const uint8_t *h, size_t len) {
  if (len < 18 || !AT(0, "BM"))
    return NULL;
  uint32_t pixels = le32_load(h + 10), dib = le32_load(h + 14);
  switch (dib) {
  case 12:
  case 16:
  case 40:
  case 52:
  case 56:
  case 64:
  case 108:
  case 124:
    return pixels >= 14 + dib ? "image/bmp" : NULL;
  default:
    return NULL;
  }
}

/* ICO: reserved 0, type 1, a count, then 16-byte directory entries; check the first. */
static const char *sniff_ico(const uint8_t *h, size_t len) {
  if (len < 22 || !AT(0, "\0\0\x01\0"))
    return NULL;
  uint16_t count = le16_load(h + 4), planes = le16_load(h + 10), bits = le16_load(h + 12);
  uint32_t size = le32_load(h + 14), offset = le32_load(h + 18);
  if (count == 0 || h[9] != 0 || planes > 1 || bits > 32 || size == 0)
    return NULL;
  return offset >= 6u + 16u * count ? "image/vnd.microsoft.icon" : NULL;
}

/* A tar without the ustar magic (the old v7 format): the header checksum, stored in octal at
 * 148..155, is the sum of the header's 512 bytes with those eight counted as spaces. Text can't
 * pass: a header pads its name with NULs. */
static const char *sniff_tar_v7(const uint8_t *h, size_t len) {
  if (len < 512 || h[0] == 0 || !memchr(h, 0, 512))
    return NULL;
  size_t i = 148;
  uint32_t want = 0, sum = 8 * ' ';
  while (i < 156 && h[i] == ' ')
    i++;
  size_t digits = i;
  for (; i < 156 && h[i] >= '0' && h[i] <= '7'; i++)
    want = want * 8 + (uint32_t)(h[i] - '0');
  if (i == digits || (i < 156 && h[i] != 0 && h[i] != ' '))
    return NULL;
  for (i = 0; i < 512; i++)
    sum += i >= 148 && i < 156 ? 0 : h[i];
  return sum == want ? "application/x-tar" : NULL;
}

/* ---- MPEG audio and AAC, which have no magic, only frame headers ---- */

/* The length of the MPEG audio frame whose 4-byte header is at p, or 0 if it isn't one. */
static size_t mpeg_frame_len(const uint8_t *p) {
  static const uint16_t kbps[5][16] = {
      {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448, 0}, /* V1 L1 */
      {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 0},    /* V1 L2 */
      {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0},     /* V1 L3 */
      {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256, 0},    /* V2 L1 */
      {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0},         /* V2 L2, L3 */
  };
  static const uint16_t rates[4][3] = {
      {11025, 12000, 8000},  /* MPEG 2.5 */
      {0, 0, 0},             /* reserved */
      {22050, 24000, 16000}, /* MPEG 2 */
      {44100, 48000, 32000}, /* MPEG 1 */
  };
  if (p[0] != 0xff || (p[1] & 0xe0) != 0xe0)
    return 0;
  unsigned version = (p[1] >> 3) & 3, layer = (p[1] >> 1) & 3; /* layer 3 is I, 1 is III */
  unsigned rate_index = p[2] >> 4, hz_index = (p[2] >> 2) & 3, padding = (p[2] >> 1) & 1;
  /* Reserved values, and free-format bit rate (index 0) whose length we can't compute. */
  if (version == 1 || layer == 0 || rate_index == 0 || rate_index == 15 || hz_index == 3 ||
      (p[3] & 3) == 2)
    return 0;
  int v1 = version == 3;
  unsigned row = v1 ? 3 - layer : layer == 3 ? 3 : 4;
  uint32_t bps = kbps[row][rate_index] * 1000u, hz = rates[version][hz_index];
  if (layer == 3)
    return (12 * bps / hz + padding) * 4;
  return (layer == 1 && !v1 ? 72 : 144) * bps / hz + padding;
}

/* The length of the ADTS (raw AAC) frame whose 7-byte header is at p, or 0. */
static size_t adts_frame_len(const uint8_t *p) {
  if (p[0] != 0xff || (p[1] & 0xf6) != 0xf0 || ((p[2] >> 2) & 0xf) > 12)
    return 0;
  size_t n = (size_t)(p[3] & 3) << 11 | (size_t)p[4] << 3 | p[5] >> 5;
  return n >= 7 ? n : 0;
}

/* Audio frames at `off`. A lone sync word turns up in any binary data, so the next frame must
 * start with a matching header too. Where the head ends first, the frame is taken on trust only
 * if the file goes on (`truncated`): a whole file of one frame is more likely something else. */
static const char *sniff_audio_frames(const uint8_t *h, size_t len, size_t off, int truncated) {
  if (off > len || len - off < 4)
    return NULL;
  size_t n = mpeg_frame_len(h + off);
  if (n) {
    size_t next = off + n;
    if (next > len || len - next < 4)
      return truncated ? "audio/mpeg" : NULL;
    int same = (h[next + 1] & 0x1e) == (h[off + 1] & 0x1e); /* version and layer */
    return mpeg_frame_len(h + next) && same ? "audio/mpeg" : NULL;
  }
  if (len - off >= 7 && (n = adts_frame_len(h + off))) {
    size_t next = off + n;
    if (next > len || len - next < 7)
      return truncated ? "audio/aac" : NULL;
    return adts_frame_len(h + next) ? "audio/aac" : NULL;
  }
  return NULL;
}

/* An ID3v2 tag (MP3, sometimes FLAC or AAC): "ID3", version, flags, a 28-bit size in four
 * 7-bit bytes. What follows the tag says the codec when it is in the head. */
static const char *sniff_id3(const uint8_t *h, size_t len) {
  if (len < 10 || !AT(0, "ID3") || h[3] == 0xff || h[4] == 0xff ||
      (h[6] | h[7] | h[8] | h[9]) & 0x80)
    return NULL;
  size_t end = 10 + ((size_t)h[6] << 21 | (size_t)h[7] << 14 | (size_t)h[8] << 7 | h[9]);
  if (h[5] & 0x10) /* a footer follows the tag */
    end += 10;
  if (AT(end, "fLaC"))
    return "audio/flac";
  const char *frames = sniff_audio_frames(h, len, end, 1); /* the tag already says audio */
  return frames ? frames : "audio/mpeg";
}

/* ---- Text ---- */

/* Control bytes that don't belong in text: C0 except tab, LF, FF, CR and ESC; and DEL. */
static int is_stray_control(unsigned c) {
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r' && c != 0x1b) || c == 0x7f;
}

/* The length of the UTF-8 sequence at h[i] (RFC 3629: no overlong forms, surrogates or values
 * past U+10FFFF), or 0 if invalid. One cut off by the end of the head counts when `truncated`
 * (the file goes on), since the head ends wherever the caller's read did. */
static size_t utf8_seq(const uint8_t *h, size_t len, size_t i, int truncated) {
  uint8_t c = h[i], lo = 0x80, hi = 0xbf;
  size_t n;
  if (c < 0x80)
    return 1;
  if (c >= 0xc2 && c <= 0xdf)
    n = 2;
  else if (c >= 0xe0 && c <= 0xef)
    n = 3, lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
  else if (c >= 0xf0 && c <= 0xf4)
    n = 4, lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
  else
    return 0;
  for (size_t k = 1; k < n; k++) {
    if (k >= len - i)
      return truncated ? len - i : 0;
    uint8_t b = h[i + k];
    if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xbf))
      return 0;
  }
  return n;
}

/* Text in UTF-8 or a legacy 8-bit encoding: no NULs, and few stray controls. Valid UTF-8 is
 * itself strong evidence of text, so it may carry more of them (1 byte in 32) than bytes that
 * are not UTF-8 (1 in 128), which is all binary data looks like to a text check. */
static int is_text(const uint8_t *h, size_t len, int truncated) {
  size_t stray = 0, i = AT(0, "\xef\xbb\xbf") ? 3 : 0;
  int utf8 = 1;
  while (i < len) {
    if (h[i] == 0)
      return 0;
    stray += (size_t)is_stray_control(h[i]);
    size_t n = utf8 ? utf8_seq(h, len, i, truncated) : 1;
    if (n == 0)
      utf8 = 0, n = 1;
    i += n;
  }
  return stray * (utf8 ? 32 : 128) <= len;
}

/* UTF-16 after its BOM: surrogates paired, no U+0000, few stray controls. */
static int is_utf16_text(const uint8_t *h, size_t len, int big_endian, int truncated) {
  size_t stray = 0, i = 2;
  for (; i + 1 < len; i += 2) {
    unsigned u = big_endian ? (unsigned)h[i] << 8 | h[i + 1] : (unsigned)h[i + 1] << 8 | h[i];
    if (u == 0 || (u >= 0xdc00 && u <= 0xdfff))
      return 0;
    if (u >= 0xd800 && u <= 0xdbff) {
      if (i + 3 >= len) /* a pair cut off by the end of the head */
        return truncated;
      i += 2;
      u = big_endian ? (unsigned)h[i] << 8 | h[i + 1] : (unsigned)h[i + 1] << 8 | h[i];
      if (u < 0xdc00 || u > 0xdfff)
        return 0;
    }
    stray += (size_t)is_stray_control(u);
  }
  if (i < len && !truncated) /* an odd byte at the end of the file */
    return 0;
  return stray * 64 <= len;
}

/* ---- Markup in text: HTML, SVG, XML ---- */

static int is_space(uint8_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static size_t skip_space(const uint8_t *h, size_t len, size_t i) {
  while (i < len && is_space(h[i]))
    i++;
  return i;
}

/* 1 if the name at i is `name` (ASCII case-insensitive when `ci`, then lower-case) and ends
 * there: at a space, '>', '/', '[' or the end of the head. */
static int name_is(const uint8_t *h, size_t len, size_t i, const char *name, int ci) {
  size_t n = strlen(name);
  if (!(ci ? at_ci(h, len, i, name) : at(h, len, i, name, n)))
    return 0;
  i += n;
  return i == len || is_space(h[i]) || h[i] == '>' || h[i] == '/' || h[i] == '[';
}

/* The '>' that closes a DOCTYPE, past quoted strings and an internal subset [...]. */
static size_t doctype_end(const uint8_t *h, size_t len, size_t i) {
  uint8_t quote = 0;
  size_t depth = 0;
  for (; i < len; i++) {
    uint8_t c = h[i];
    if (quote) {
      if (c == quote)
        quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[') {
      depth++;
    } else if (c == ']' && depth) {
      depth--;
    } else if (c == '>' && !depth) {
      return i;
    }
  }
  return NOT_FOUND;
}

/* The type text's markup says, or NULL for plain text. Skips an XML declaration, processing
 * instructions, comments and a DOCTYPE to reach the root element. */
static const char *sniff_markup(const uint8_t *h, size_t len) {
  size_t i = skip_space(h, len, AT(0, "\xef\xbb\xbf") ? 3 : 0), end;
  int xml = AT(i, "<?xml");
  enum { DOCTYPE_NONE, DOCTYPE_HTML, DOCTYPE_SVG } doctype = DOCTYPE_NONE;
  while ((i = skip_space(h, len, i)) < len && h[i] == '<') {
    if (AT(i, "<?")) {
      if ((end = find(h, len, i + 2, "?>")) == NOT_FOUND)
        break;
      i = end + 2;
    } else if (AT(i, "<!--")) {
      if ((end = find(h, len, i + 4, "-->")) == NOT_FOUND)
        break;
      i = end + 3;
    } else if (at_ci(h, len, i, "<!doctype")) {
      size_t name = skip_space(h, len, i + 9);
      if (name_is(h, len, name, "html", 1))
        doctype = DOCTYPE_HTML;
      else if (name_is(h, len, name, "svg", 0))
        doctype = DOCTYPE_SVG;
      if ((end = doctype_end(h, len, i + 9)) == NOT_FOUND)
        break;
      i = end + 1;
    } else { /* the root element: XML names are case-sensitive, HTML's are not */
      i++;
      if (name_is(h, len, i, "svg", 0))
        return "image/svg+xml";
      if (doctype == DOCTYPE_HTML || name_is(h, len, i, "html", 1) ||
          (!xml && (name_is(h, len, i, "head", 1) || name_is(h, len, i, "body", 1))))
        return "text/html"; /* XHTML too: every reader of text/html reads it */
      return xml ? "application/xml" : NULL;
    }
  }
  /* The head ended (or the text did) before a root element. */
  if (doctype == DOCTYPE_SVG)
    return "image/svg+xml";
  if (doctype == DOCTYPE_HTML)
    return "text/html";
  return xml ? "application/xml" : NULL;
}

/* ---- Public ---- */

typedef const char *(*sniffer)(const uint8_t *h, size_t len);

const char *sniff_content_type(const uint8_t *head, size_t len, uint64_t total_len) {
  static const sniffer containers[] = {
      sniff_bzip2, sniff_riff, sniff_isobmff, sniff_quicktime, sniff_ebml,   sniff_zip,
      sniff_ogg,   sniff_id3,  sniff_bmp,     sniff_ico,       sniff_tar_v7,
  };
  const uint8_t *h = head;
  if (!h && len)
    abort();
  if (total_len < len) /* the bytes are there, so the caller's size is wrong (or unknown) */
    total_len = len;
  if (total_len == 0)
    return "application/x-zerosize";
  if (len == 0)
    return OCTET_STREAM;
  int truncated = total_len > len;

  for (size_t i = 0; i < sizeof magics / sizeof magics[0]; i++)
    if (at(h, len, magics[i].off, magics[i].bytes, magics[i].n))
      return magics[i].type;
  for (size_t i = 0; i < sizeof containers / sizeof containers[0]; i++) {
    const char *type = containers[i](h, len);
    if (type)
      return type;
  }
  if ((AT(0, "\xff\xfe") || AT(0, "\xfe\xff")) && is_utf16_text(h, len, h[0] == 0xfe, truncated))
    return "text/plain";
  if (is_text(h, len, truncated)) {
    const char *markup = sniff_markup(h, len);
    return markup ? markup : "text/plain";
  }
  /* After the text check, since an MPEG frame's FF FB is also two letters in Latin-1. */
  const char *frames = sniff_audio_frames(h, len, 0, truncated);
  return frames ? frames : OCTET_STREAM;
}

int sniff_is_text(const char *content_type) {
  return content_type && strncasecmp(content_type, "text/", 5) == 0;
}
