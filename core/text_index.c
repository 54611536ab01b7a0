/* SPDX-License-Identifier: GPL-3.0-or-later */
/* text_index.c: normalises indexed text and queries alike into tokens for FTS4's `simple`
 * tokenizer, because SQLite's own tokenizers split or fail Arabic, Tibetan and CJK text.
 *
 * Pipeline: UTF-8 → UTF-16 (ill-formed bytes become U+FFFD) → NFKC_Casefold → our own
 * folding (fold_char) → ICU word breaking → tokens (CJK runs as bigrams, punctuation
 * splits) written straight to UTF-8. Buffers are sized from the input and grown on
 * demand; everything that held the text is wiped before it is freed. */
#include "text_index.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "io.h"

#define DROP ((UChar32)-1)

/* A growable byte buffer for the UTF-8 result. */
typedef struct byte_buf {
  char *data;
  size_t len;
  size_t cap;
} byte_buf;

/* Where token output stands between characters and across ICU's word segments. */
typedef struct token_state {
  byte_buf *out;
  bool in_word;     /* a non-CJK token is open and takes more characters */
  int run_chars;    /* characters in the current CJK run, counted up to 2 */
  UChar32 run_last; /* the run's last character */
  int32_t run_end;  /* index just after it: the run goes on only from there */
} token_state;

static void wipe_free(void *p, size_t size) {
  if (p != NULL) {
    explicit_bzero(p, size);
    free(p);
  }
}

/* malloc behind the core's fault hook, so tests can fail each allocation in turn. */
static void *index_alloc(size_t size) {
  return io_malloc(size);
}

static int icu_err(UErrorCode status) {
  return status == U_MEMORY_ALLOCATION_ERROR ? AMANAT_E_NOMEM : AMANAT_E_INVALID;
}

static int buf_reserve(byte_buf *b, size_t extra) {
  if (b->cap - b->len >= extra)
    return AMANAT_OK;
  size_t cap = b->cap > 0 ? b->cap : 64;
  while (cap - b->len < extra) {
    if (cap > SIZE_MAX / 2)
      return AMANAT_E_NOMEM;
    cap *= 2;
  }
  /* Not realloc: it would leave the old copy of the text unwiped. */
  char *data = index_alloc(cap);
  if (data == NULL)
    return AMANAT_E_NOMEM;
  if (b->len > 0)
    memcpy(data, b->data, b->len);
  wipe_free(b->data, b->cap);
  b->data = data;
  b->cap = cap;
  return AMANAT_OK;
}

static int buf_put_char(byte_buf *b, UChar32 c) {
  int rc = buf_reserve(b, U8_MAX_LENGTH);
  if (rc != AMANAT_OK)
    return rc;
  U8_APPEND_UNSAFE(b->data, b->len, c);
  return AMANAT_OK;
}

/* Step 3, after NFKC_Casefold (which has already mapped Arabic presentation forms to
 * letters and Ё to ё): the folded character, or DROP. */
static UChar32 fold_char(UChar32 c) {
  if (c < 0x80)
    return c;
  if ((c >= 0x064B && c <= 0x065F) || c == 0x0670 || (c >= 0x06D6 && c <= 0x06ED) || c == 0x0640)
    return DROP; /* harakat, hamza and madda marks, Quranic marks, tatweel */
  switch (c) {
  case 0x06A9: /* ک Persian kaf */
    return 0x0643;
  case 0x06CC: /* ی Persian yeh */
  case 0x0649: /* ى alef maksura */
    return 0x064A;
  case 0x0629: /* ة teh marbuta */
  case 0x06C1: /* ہ heh goal */
  case 0x06BE: /* ھ heh doachashmee */
    return 0x0647;
  case 0x0622: /* آ */
  case 0x0623: /* أ */
  case 0x0625: /* إ */
  case 0x0671: /* ٱ alef wasla */
    return 0x0627;
  case 0x0451: /* ё */
    return 0x0435;
  default:
    break;
  }
  /* Uyghur ې U+06D0 and Kurdish ە U+06D5 are letters of their own: kept. */
  switch (u_charType(c)) {
  case U_FORMAT_CHAR: /* ZWJ, ZWNJ, ZWSP, BOM, bidi marks, Arabic number signs */
    return DROP;
  case U_DECIMAL_DIGIT_NUMBER: /* ٢٠٢٤ and ۲۰۲۴ find 2024 */
    return '0' + u_charDigitValue(c);
  default:
    return c;
  }
}

/* Folds text[0, *len) in place: no character grows, so the result fits. */
static void fold_text(UChar *text, int32_t *len) {
  int32_t w = 0;
  for (int32_t r = 0; r < *len;) {
    UChar32 c;
    U16_NEXT(text, r, *len, c);
    c = fold_char(c);
    if (c != DROP)
      U16_APPEND_UNSAFE(text, w, c);
  }
  *len = w;
}

/* Characters that never go inside a token: every ASCII character but [a-z0-9] (FTS4
 * query syntax is ASCII), and punctuation, spaces, symbols and controls that ICU keeps
 * inside a word ("can't", "3.14", "٣٫١٤", "l·l", Tibetan tsheg and shad). */
static bool is_separator(UChar32 c) {
  if (c < 0x80)
    return !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
  if (c == 0x02BC) /* modifier letter apostrophe: Ukrainian мʼясо as м'ясо */
    return true;
  return (U_GET_GC_MASK(c) &
          (U_GC_P_MASK | U_GC_Z_MASK | U_GC_S_MASK | U_GC_CC_MASK | U_GC_CS_MASK)) != 0;
}

/* Han, Hiragana and Katakana (with the marks they share, like ー and 々): these are
 * indexed as bigrams. Nothing below U+2E80 qualifies. */
static bool is_cjk(UChar32 c) {
  if (c < 0x2E80)
    return false;
  return u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC) || uscript_hasScript(c, USCRIPT_HAN) ||
         uscript_hasScript(c, USCRIPT_HIRAGANA) || uscript_hasScript(c, USCRIPT_KATAKANA);
}

static int begin_token(token_state *ts) {
  return ts->out->len > 0 ? buf_put_char(ts->out, ' ') : AMANAT_OK;
}

/* Ends the CJK run: its last character is also a token of its own (a run of one is
 * only that), so a one-character query finds the character wherever it stands — as the
 * start of a bigram through the query's prefix, or as the end of a run. */
static int flush_run(token_state *ts) {
  int rc = AMANAT_OK;
  if (ts->run_chars >= 1) {
    rc = begin_token(ts);
    if (rc == AMANAT_OK)
      rc = buf_put_char(ts->out, ts->run_last);
  }
  ts->run_chars = 0;
  return rc;
}

/* Adds CJK character c found at text[at, next): a bigram with the character before it
 * when that one ended exactly at `at`, even in another of ICU's segments. */
static int add_cjk(token_state *ts, UChar32 c, int32_t at, int32_t next) {
  int rc;
  ts->in_word = false;
  if (ts->run_chars > 0 && at == ts->run_end) {
    rc = begin_token(ts);
    if (rc == AMANAT_OK)
      rc = buf_put_char(ts->out, ts->run_last);
    if (rc == AMANAT_OK)
      rc = buf_put_char(ts->out, c);
    ts->run_chars = 2;
  } else {
    rc = flush_run(ts);
    ts->run_chars = 1;
  }
  if (rc != AMANAT_OK)
    return rc;
  ts->run_last = c;
  ts->run_end = next;
  return AMANAT_OK;
}

static int add_word_char(token_state *ts, UChar32 c) {
  int rc = flush_run(ts);
  if (rc == AMANAT_OK && !ts->in_word) {
    rc = begin_token(ts);
    ts->in_word = true;
  }
  return rc == AMANAT_OK ? buf_put_char(ts->out, c) : rc;
}

/* One of ICU's word segments, text[start, end). */
static int add_segment(token_state *ts, const UChar *text, int32_t start, int32_t end) {
  int rc = AMANAT_OK;
  for (int32_t i = start; i < end && rc == AMANAT_OK;) {
    int32_t at = i;
    UChar32 c;
    U16_NEXT(text, i, end, c);
    if (is_separator(c)) {
      ts->in_word = false;
      rc = flush_run(ts);
    } else if (is_cjk(c)) {
      rc = add_cjk(ts, c, at, i);
    } else {
      rc = add_word_char(ts, c);
    }
  }
  ts->in_word = false;
  return rc;
}

/* Step 4: keeps ICU's word segments (letters, numbers, kana, ideographs), whose breaks
 * inside Thai, Lao, Khmer, Burmese and CJK come from ICU's dictionaries. */
static int tokenize(const UChar *text, int32_t len, byte_buf *out) {
  UErrorCode status = U_ZERO_ERROR;
  UBreakIterator *words = ubrk_open(UBRK_WORD, "", text, len, &status);
  if (U_FAILURE(status))
    return icu_err(status);
  token_state ts = {.out = out};
  int rc = AMANAT_OK;
  int32_t start = ubrk_first(words);
  for (int32_t end = ubrk_next(words); end != UBRK_DONE && rc == AMANAT_OK;
       start = end, end = ubrk_next(words)) {
    if (ubrk_getRuleStatus(words) >= UBRK_WORD_NONE_LIMIT)
      rc = add_segment(&ts, text, start, end);
  }
  if (rc == AMANAT_OK)
    rc = flush_run(&ts);
  ubrk_close(words);
  return rc;
}

/* Step 1: *out (capacity *cap units, at least 1) holds utf8 as UTF-16, *len units. */
static int to_utf16(const char *utf8, int32_t len, UChar **out, int32_t *out_len,
                    int32_t *out_cap) {
  /* UTF-16 never takes more units than UTF-8 takes bytes, even with U+FFFD standing in
   * for each ill-formed byte. */
  int32_t cap = len > 0 ? len : 1;
  UChar *utf16 = index_alloc(sizeof(UChar) * (size_t)cap);
  if (utf16 == NULL)
    return AMANAT_E_NOMEM;
  UErrorCode status = U_ZERO_ERROR;
  u_strFromUTF8WithSub(utf16, cap, out_len, utf8, len, 0xFFFD, NULL, &status);
  if (U_FAILURE(status)) {
    wipe_free(utf16, sizeof(UChar) * (size_t)cap);
    return icu_err(status);
  }
  *out = utf16;
  *out_cap = cap;
  return AMANAT_OK;
}

/* Step 2: *out (capacity *cap units) holds NFKC_Casefold(src), *len units. */
static int nfkc_casefold(const UChar *src, int32_t src_len, UChar **out, int32_t *out_len,
                         int32_t *out_cap) {
  UErrorCode status = U_ZERO_ERROR;
  const UNormalizer2 *nfkc_cf = unorm2_getNFKCCasefoldInstance(&status);
  if (U_FAILURE(status))
    return icu_err(status);
  /* It rarely grows text much (ß → ss, ﷺ → 18 units): a guess, then the measured size. */
  int64_t guess = (int64_t)src_len + src_len / 8 + 16;
  int32_t cap = guess > INT32_MAX ? INT32_MAX : (int32_t)guess;
  for (int attempt = 0; attempt < 2; attempt++) {
    UChar *norm = index_alloc(sizeof(UChar) * (size_t)cap);
    if (norm == NULL)
      return AMANAT_E_NOMEM;
    status = U_ZERO_ERROR;
    int32_t len = unorm2_normalize(nfkc_cf, src, src_len, norm, cap, &status);
    if (U_SUCCESS(status)) {
      *out = norm;
      *out_len = len;
      *out_cap = cap;
      return AMANAT_OK;
    }
    wipe_free(norm, sizeof(UChar) * (size_t)cap);
    if (status != U_BUFFER_OVERFLOW_ERROR)
      break;
    cap = len;
  }
  return icu_err(status);
}

int text_index_tokens(const char *utf8, size_t len, char **out, size_t *out_len) {
  *out = NULL;
  *out_len = 0;
  if ((utf8 == NULL && len > 0) || len > INT32_MAX)
    return AMANAT_E_INVALID;

  UChar *utf16 = NULL, *text = NULL;
  int32_t utf16_len = 0, utf16_cap = 0, text_len = 0, text_cap = 0;
  int rc = to_utf16(utf8 != NULL ? utf8 : "", (int32_t)len, &utf16, &utf16_len, &utf16_cap);
  if (rc != AMANAT_OK)
    return rc;
  rc = nfkc_casefold(utf16, utf16_len, &text, &text_len, &text_cap);
  wipe_free(utf16, sizeof(UChar) * (size_t)utf16_cap);
  if (rc != AMANAT_OK)
    return rc;
  fold_text(text, &text_len);

  /* About two bytes per unit for most scripts; CJK bigrams need more and grow it. */
  byte_buf buf = {0};
  rc = buf_reserve(&buf, 2 * (size_t)text_len + 1);
  if (rc == AMANAT_OK && text_len > 0)
    rc = tokenize(text, text_len, &buf);
  if (rc == AMANAT_OK)
    rc = buf_reserve(&buf, 1);
  if (rc == AMANAT_OK) {
    buf.data[buf.len] = '\0';
    *out = buf.data;
    *out_len = buf.len;
    buf.data = NULL;
  }
  wipe_free(buf.data, buf.cap);
  wipe_free(text, sizeof(UChar) * (size_t)text_cap);
  return rc;
}

int text_index_match_expr(const char *utf8, size_t len, char **out) {
  *out = NULL;
  char *tokens;
  size_t tokens_len;
  int rc = text_index_tokens(utf8, len, &tokens, &tokens_len);
  if (rc != AMANAT_OK)
    return rc;
  char *expr = NULL;
  rc = AMANAT_E_INVALID; /* nothing to search for: only spaces, punctuation or marks */
  if (tokens_len > 0) {
    /* Tokens hold no FTS4 syntax, so space-separated they AND; `*` makes the last a
     * prefix. Lower-case and/or/not/near are plain terms to FTS4. */
    expr = index_alloc(tokens_len + 2);
    rc = AMANAT_E_NOMEM;
    if (expr != NULL) {
      memcpy(expr, tokens, tokens_len);
      expr[tokens_len] = '*';
      expr[tokens_len + 1] = '\0';
      *out = expr;
      rc = AMANAT_OK;
    }
  }
  text_index_free(tokens, tokens_len);
  return rc;
}

void text_index_free(char *s, size_t len) {
  wipe_free(s, s != NULL ? len + 1 : 0);
}
