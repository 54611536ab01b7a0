/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-text-index.c: the search normaliser, proved by real FTS4 searches (tokenize=simple)
 * in an in-memory SQLCipher database, script by script. */
#include <errno.h>
#include <glib.h>
#include <sqlite3.h>
#include <string.h>

#include "text_index.h"

/* ---- Helpers ---------------------------------------------------------------------- */

static void exec_sql(sqlite3 *db, const char *sql) {
  char *err = NULL;
  int rc = sqlite3_exec(db, sql, NULL, NULL, &err);
  if (rc != SQLITE_OK)
    g_error("%s: %s", sql, err);
}

static sqlite3 *db_new(void) {
  sqlite3 *db = NULL;
  g_assert_cmpint(sqlite3_open(":memory:", &db), ==, SQLITE_OK);
  exec_sql(db, "CREATE VIRTUAL TABLE t USING fts4(body, tokenize=simple)");
  return db;
}

static char *tokens_of(const char *text, size_t len) {
  char *tokens = NULL;
  size_t tokens_len = 0;
  g_assert_cmpint(text_index_tokens(text, len, &tokens, &tokens_len), ==, AMANAT_OK);
  g_assert_nonnull(tokens);
  g_assert_cmpuint(strlen(tokens), ==, tokens_len);
  char *copy = g_strdup(tokens);
  text_index_free(tokens, tokens_len);
  return copy;
}

static void assert_tokens(const char *text, const char *expected) {
  g_autofree char *tokens = tokens_of(text, strlen(text));
  g_assert_cmpstr(tokens, ==, expected);
}

static void db_add(sqlite3 *db, const char *doc) {
  g_autofree char *tokens = tokens_of(doc, strlen(doc));
  sqlite3_stmt *st = NULL;
  g_assert_cmpint(sqlite3_prepare_v2(db, "INSERT INTO t(body) VALUES (?)", -1, &st, NULL), ==,
                  SQLITE_OK);
  g_assert_cmpint(sqlite3_bind_text(st, 1, tokens, -1, SQLITE_TRANSIENT), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_step(st), ==, SQLITE_DONE);
  sqlite3_finalize(st);
}

/* Rows matching a raw MATCH expression; any SQL or FTS syntax error fails the test. */
static int db_count(sqlite3 *db, const char *expr) {
  sqlite3_stmt *st = NULL;
  g_assert_cmpint(sqlite3_prepare_v2(db, "SELECT count(*) FROM t WHERE t MATCH ?", -1, &st, NULL),
                  ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_bind_text(st, 1, expr, -1, SQLITE_TRANSIENT), ==, SQLITE_OK);
  int rc = sqlite3_step(st);
  if (rc != SQLITE_ROW)
    g_error("MATCH '%s': %s", expr, sqlite3_errmsg(db));
  int count = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return count;
}

static char *match_expr(const char *query) {
  char *expr = NULL;
  g_assert_cmpint(text_index_match_expr(query, strlen(query), &expr), ==, AMANAT_OK);
  char *copy = g_strdup(expr);
  text_index_free(expr, strlen(expr));
  return copy;
}

/* Does the user's `query` find `doc`, through the normaliser on both sides? */
static gboolean finds(const char *query, const char *doc) {
  sqlite3 *db = db_new();
  db_add(db, doc);
  g_autofree char *expr = match_expr(query);
  int count = db_count(db, expr);
  sqlite3_close(db);
  return count > 0;
}

/* Is `raw` (an FTS4 expression, used as is) a whole token of `doc`? No prefix search. */
static gboolean has_token(const char *raw, const char *doc) {
  sqlite3 *db = db_new();
  db_add(db, doc);
  int count = db_count(db, raw);
  sqlite3_close(db);
  return count > 0;
}

static int query_status(const char *query, size_t len) {
  char *expr = NULL;
  int rc = text_index_match_expr(query, len, &expr);
  if (rc == AMANAT_OK)
    text_index_free(expr, strlen(expr));
  else
    g_assert_null(expr);
  return rc;
}

/* ---- Arabic script ---------------------------------------------------------------- */

static void test_arabic_harakat(void) {
  g_assert_true(finds("محمد", "مُحَمَّد"));
  g_assert_true(finds("مُحَمَّد", "محمد"));
  g_assert_true(finds("محمد", "جاء مُحَمَّد إلى البيت"));
  g_assert_false(finds("محمود", "جاء مُحَمَّد إلى البيت"));
  /* Quranic marks and superscript alef */
  g_assert_true(finds("الرحمن", "ٱلرَّحْمَٰنِ"));
  /* Uthmani Quranic marks: U+06E1 as sukun, U+06E5 small waw. */
  g_assert_true(finds("بسم", "بِسۡمِ ٱللَّهِ"));
  g_assert_true(finds("الهه", "إِلَـٰهَهُۥ"));
  /* Presentation forms become letters (NFKC) before the folding runs. */
  g_assert_true(finds("محمد", "ﻣﺤﻤﺪ"));
  g_assert_true(finds("ﻣﺤﻤﺪ", "مُحَمَّد"));
  assert_tokens("جاء مُحَمَّد إلى البيت", "جاء محمد الي البيت");
}

static void test_arabic_tatweel(void) {
  g_assert_true(finds("محمد", "مـحـمـد"));
  g_assert_true(finds("مـحـمـد", "محمد"));
  g_assert_false(finds("مـحـمـود", "مـحـمـد"));
  assert_tokens("مـحـمـد", "محمد");
}

static void test_arabic_letter_variants(void) {
  g_assert_true(finds("کتاب", "كتاب")); /* Persian kaf finds Arabic kaf */
  g_assert_true(finds("كتاب", "کتاب")); /* and back */
  g_assert_false(finds("كتب", "کتاب"));
  g_assert_true(finds("علی", "علي")); /* Persian yeh */
  g_assert_true(finds("علي", "علی"));
  g_assert_true(finds("على", "علي")); /* alef maksura */
  g_assert_false(finds("علا", "علي"));
  g_assert_true(finds("مدرسة", "مدرسه")); /* teh marbuta */
  g_assert_true(finds("مدرسه", "مدرسة"));
  g_assert_false(finds("مدرست", "مدرسة"));
  g_assert_true(finds("احمد", "أحمد")); /* hamza and madda on alef */
  g_assert_true(finds("احمد", "إحمد"));
  g_assert_true(finds("امن", "آمن"));
  g_assert_true(finds("الله", "ٱلله"));
  g_assert_true(finds("گاه", "گاہ")); /* Urdu heh forms: ہ and ھ fold to ه */
  g_assert_true(finds("بهی", "بھی"));
  /* Letters of their own stay apart: Uyghur ې, Kurdish ە, Urdu ے, hamza on yeh. */
  assert_tokens("ې ە ے ئ", "ې ە ے ئ");
  g_assert_false(finds("بېرىش", "بيرىش"));
  g_assert_false(finds("ئەو", "ئهو"));
}

static void test_uyghur(void) {
  g_assert_true(finds("ئۇيغۇر", "ئۇيغۇر تىلى"));
  g_assert_true(finds("تىلى", "ئۇيغۇر تىلى"));
  g_assert_false(finds("ئۇيغۇر", "قازاق تىلى"));
}

static void test_persian_zwnj(void) {
  const char *zwnj = "می\u200cخواهم"; /* U+200C ZERO WIDTH NON-JOINER */
  g_assert_cmpuint(strlen(zwnj), ==, strlen("میخواهم") + 3);
  g_assert_true(finds("میخواهم", zwnj));
  g_assert_true(finds(zwnj, "میخواهم"));
  g_assert_true(finds(zwnj, "من کتاب را می\u200cخواهم"));
  g_assert_false(finds("میخواهی", zwnj));
  /* Other format characters go too: ZWJ, ZWSP, BOM, bidi marks and embeddings. */
  /* Format characters that NFKC_Casefold keeps: Arabic number sign, interlinear
   * annotation marks. */
  assert_tokens("ab\u0600cd \ufff9ef\ufffbgh", "abcd efgh");
  assert_tokens("\u200fab\u200dc\u200bd\ufeffe\u202bf\u202c\u2067g\u2069", "abcdefg");
}

static void test_digits(void) {
  g_assert_true(finds("2024", "سنة ٢٠٢٤")); /* Arabic-Indic */
  g_assert_true(finds("۲۰۲۴", "سنة ٢٠٢٤")); /* Persian digits */
  g_assert_false(finds("2025", "سنة ٢٠٢٤"));
  assert_tokens("٣٫١٤", "3 14");
}

/* ---- Cyrillic --------------------------------------------------------------------- */

static void test_cyrillic(void) {
  g_assert_true(finds("ежик", "ёжик"));
  g_assert_true(finds("ежик", "ЁЖИК"));
  g_assert_true(finds("ЁЖИК", "ежик"));
  g_assert_false(finds("ежики", "ёжик"));
  g_assert_true(finds("Київ", "Місто Київ велике"));
  g_assert_true(finds("київ", "МІСТО КИЇВ"));
  /* Ukrainian ї and і are different letters: not folded together, nor й and и. */
  g_assert_false(finds("Кіів", "Місто Київ велике"));
  g_assert_false(finds("мои", "мой"));
  assert_tokens("ї і й и", "ї і й и");
  /* Apostrophes split like other punctuation, whichever one was typed. */
  assert_tokens("м'ясо м’ясо мʼясо", "м ясо м ясо м ясо");
}

/* ---- CJK, Tibetan, Burmese and other scripts without spaces ------------------------ */

static void test_cjk_bigrams(void) {
  /* Bigrams, and each run's last character alone, so one character is found anywhere. */
  assert_tokens("会议在北京举行", "会议 议在 在北 北京 京举 举行 行");
  assert_tokens("京", "京");
  assert_tokens("北京 上海", "北京 京 上海 海");
  assert_tokens("北京、上海", "北京 京 上海 海");
  assert_tokens("北 京", "北 京");
  g_assert_true(finds("北京", "会议在北京举行"));
  g_assert_true(finds("会议", "会议在北京举行"));
  g_assert_true(finds("议在", "会议在北京举行")); /* across ICU's words 会议 | 在 */
  g_assert_true(finds("在北京", "会议在北京举行"));
  g_assert_false(finds("京会", "会议在北京举行"));
  g_assert_false(finds("上海", "会议在北京举行"));
  g_assert_true(finds("北", "会议在北京举行")); /* one character: a prefix of 北京 */
  g_assert_true(finds("行", "会议在北京举行")); /* the last one: its own token */
  g_assert_false(finds("海", "会议在北京举行"));
  /* Japanese: kanji and kana in one run, the prolonged sound mark ー with them. */
  assert_tokens("コーヒー", "コー ーヒ ヒー ー");
  g_assert_true(finds("コーヒー", "コーヒーを飲みます"));
  g_assert_true(finds("飲み", "コーヒーを飲みます"));
  g_assert_false(finds("紅茶", "コーヒーを飲みます"));
  /* Half-width katakana are the same letters (NFKC). */
  g_assert_true(finds("ｺｰﾋｰ", "コーヒー"));
}

static void test_tibetan(void) {
  const char *doc = "བཀྲ་ཤིས་བདེ་ལེགས།";
  assert_tokens(doc, "བཀྲ ཤིས བདེ ལེགས");
  g_assert_true(finds("བཀྲ་ཤིས", doc));
  g_assert_true(finds("བཀྲ", doc));
  g_assert_true(has_token("བདེ", doc)); /* a syllable inside is a whole token */
  g_assert_false(finds("ལེགས་པ", doc));
  g_assert_false(finds("བཀྲ་ཤིས", "བདེ་ལེགས།"));
  /* Other syllable and clause marks split too: U+0F0C, U+0F0E, U+0F14 */
  assert_tokens("ཀ\u0f0cཁ\u0f0eག\u0f14ང", "ཀ ཁ ག ང");
}

static void test_burmese(void) {
  /* ICU's dictionary splits "Mandalay city is big" into မန္တလေး | မြို့ | သည် | ကြီး | သည်. */
  const char *doc = "မန္တလေးမြို့သည်ကြီးသည်";
  g_assert_true(has_token("မြို့", doc)); /* "city", a whole token inside the sentence */
  g_assert_true(finds("မြို့", doc));
  g_assert_true(finds("မန္တလေး", doc));
  g_assert_false(finds("ရန်ကုန်", doc)); /* Yangon */
  g_assert_true(finds("ရန်ကုန်", "ရန်ကုန်မြို့"));
  /* ICU keeps မြန်မာနိုင်ငံ ("Myanmar country") as one word: မြန်မာ finds it as a prefix
   * only, and နိုင်ငံ alone does not. */
  g_assert_true(finds("မြန်မာ", "မြန်မာနိုင်ငံသည်"));
  g_assert_false(has_token("မြန်မာ", "မြန်မာနိုင်ငံသည်"));
}

static void test_thai(void) {
  const char *doc = "ฉันรักภาษาไทย"; /* ICU: ฉัน | รัก | ภาษา | ไทย */
  g_assert_true(has_token("ภาษา", doc));
  g_assert_true(finds("ไทย", doc));
  g_assert_false(finds("ลาว", doc));
}

/* ---- Latin and width ---------------------------------------------------------------- */

static void test_latin(void) {
  g_assert_true(finds("cafe\u0301", "café")); /* decomposed finds composed */
  g_assert_true(finds("café", "cafe\u0301"));
  g_assert_true(finds("CAFÉ", "café"));
  g_assert_false(finds("cafe", "café")); /* accents are not stripped */
  g_assert_true(finds("OSLO", "oslo"));
  g_assert_true(finds("oslo", "Oslo Oslo OSLO"));
  g_assert_false(finds("osl0", "oslo"));
  g_assert_true(finds("strasse", "Straße")); /* full case folding */
}

static void test_fullwidth(void) {
  g_assert_true(finds("ＡＢＣ", "abc"));
  g_assert_true(finds("abc", "ＡＢＣ"));
  g_assert_false(finds("ＡＢＤ", "abc"));
  assert_tokens("ＡＢＣ　１２３", "abc 123");
}

/* ---- Queries ------------------------------------------------------------------------ */

static void test_prefix(void) {
  g_assert_true(finds("جام", "جامعة القاهرة"));
  g_assert_true(finds("kie", "kiev"));
  g_assert_false(finds("kiw", "kiev"));
  /* Only the last token is a prefix. */
  g_assert_true(finds("kiev lon", "kiev london"));
  g_assert_false(finds("kie london", "kiev london"));
  g_autofree char *expr = match_expr("Kiev  LONDON ");
  g_assert_cmpstr(expr, ==, "kiev london*");
}

static void test_punctuation(void) {
  g_assert_true(finds("e-mail", "send me an e-mail"));
  g_assert_true(finds("can't", "I can't come"));
  g_assert_true(finds("3.14", "pi is 3.14"));
  g_assert_false(finds("3.15", "pi is 3.14"));
  g_assert_true(finds("x_y", "x_y"));
  assert_tokens("can't 3.14 e-mail x_y a*b \"q\" (p) k:v", "can t 3 14 e mail x y a b q p k v");

  /* Nothing to search for. */
  g_assert_cmpint(query_status("", 0), ==, AMANAT_E_INVALID);
  g_assert_cmpint(query_status("   ", 3), ==, AMANAT_E_INVALID);
  g_assert_cmpint(query_status("?!-* ()\"':", 10), ==, AMANAT_E_INVALID);
  g_assert_cmpint(query_status("، ۔ ། ။ 。 \u200c", strlen("، ۔ ། ။ 。 \u200c")), ==,
                  AMANAT_E_INVALID);
  g_assert_cmpint(query_status(NULL, 0), ==, AMANAT_E_INVALID);

  /* FTS4 syntax in what users type never reaches FTS4 as syntax. */
  static const char *const nasty[] = {
      "\"unterminated",
      "body:x",
      "-x",
      "x -y",
      "(x",
      "x)",
      "x*y*",
      "NEAR/3 x",
      "x OR",
      "AND",
      "x AND",
      "^x",
      "'",
      "x'; DROP TABLE t; --",
      "* x",
      "x NEAR y",
      "\"a\" \"b\"",
      "a:b:c",
      "x -(y)",
  };
  sqlite3 *db = db_new();
  db_add(db, "x y a b c body");
  for (size_t i = 0; i < G_N_ELEMENTS(nasty); i++) {
    char *expr = NULL;
    int rc = text_index_match_expr(nasty[i], strlen(nasty[i]), &expr);
    if (rc == AMANAT_E_INVALID)
      continue;
    g_assert_cmpint(rc, ==, AMANAT_OK);
    (void)db_count(db, expr); /* fails the test on any FTS error */
    text_index_free(expr, strlen(expr));
  }
  sqlite3_close(db);
}

static void test_operator_words(void) {
  /* FTS4 itself treats upper-case OR as an operator ... */
  sqlite3 *db = db_new();
  db_add(db, "cats");
  g_assert_cmpint(db_count(db, "cats OR dogs"), ==, 1);
  sqlite3_close(db);

  /* ... but queries come out case-folded, where and/or/not/near are plain words. */
  static const char *const words[] = {"and", "or", "not", "near", "AND", "OR", "NOT", "NEAR"};
  for (size_t i = 0; i < G_N_ELEMENTS(words); i++) {
    g_autofree char *query = g_strdup_printf("cats %s dogs", words[i]);
    g_autofree char *doc = g_ascii_strdown(query, -1);
    g_assert_true(finds(query, doc));
    g_assert_false(finds(query, "cats dogs"));
    g_assert_false(finds(query, "cats"));
    g_assert_true(finds(words[i], doc)); /* alone, as the only (prefix) term */
    g_assert_false(finds(words[i], "cats dogs"));
  }
}

static void test_invalid_utf8(void) {
  /* Ill-formed bytes become U+FFFD, which separates tokens. */
  assert_tokens("ab\xff"
                "cd",
                "ab cd");
  assert_tokens("caf\xc3", "caf");
  assert_tokens("\xed\xa0\x80x", "x"); /* a UTF-16 surrogate encoded in UTF-8 */
  assert_tokens("\xc0\xaf"
                "etc",
                "etc"); /* overlong '/' */
  g_assert_true(finds("cd", "ab\xff"
                            "cd"));
  g_assert_true(finds("ab\xfe", "ab\xff"
                                "cd"));
  g_assert_false(finds("abcd", "ab\xff"
                               "cd"));
  g_assert_cmpint(query_status("\xff\xfe", 2), ==, AMANAT_E_INVALID);
  /* An embedded NUL separates too. */
  g_autofree char *tokens = tokens_of("ab\0cd", 5);
  g_assert_cmpstr(tokens, ==, "ab cd");
}

/* ---- The token alphabet and large input --------------------------------------------- */

static void assert_well_formed(const char *tokens) {
  size_t len = strlen(tokens);
  g_assert_true(g_utf8_validate(tokens, -1, NULL));
  if (len == 0)
    return;
  g_assert_cmpint(tokens[0], !=, ' ');
  g_assert_cmpint(tokens[len - 1], !=, ' ');
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)tokens[i];
    if (c == ' ')
      g_assert_cmpint(tokens[i + 1], !=, ' ');
    else
      g_assert_true(c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
  }
}

static void test_token_alphabet(void) {
  static const char *const texts[] = {
      "",
      " Hello, World! (\"quoted\") -minus +plus a*b col:val ~`!@#$%^&*()_+={}[]|\\;<>,.?/",
      "جاء مُحَمَّد إلى البيت، ثم ذهب!",
      "会议在北京举行。コーヒーを飲みます！",
      "བཀྲ་ཤིས་བདེ་ལེགས། ཀ༌ཁ༎",
      "😀 emoji 👍🏽 and ⌘ symbols © ® ™ ½ ² ﷺ",
      "\t\r\n\v\f tabs and\x01"
      "controls\x7f",
      "ﬁﬀ ligatures ℌ ℍ Ⅻ ⓐ",
  };
  for (size_t i = 0; i < G_N_ELEMENTS(texts); i++) {
    g_autofree char *tokens = tokens_of(texts[i], strlen(texts[i]));
    assert_well_formed(tokens);
  }
  assert_tokens("", "");
  g_autofree char *none = tokens_of(NULL, 0);
  g_assert_cmpstr(none, ==, "");
  text_index_free(NULL, 0);
  /* What ICU leaves outside words is dropped: a combining mark after a space,
   * private-use and unassigned code points. */
  assert_tokens("a \u0301 b\ue000c\u0378d", "a b c d");
  assert_tokens("ﬁﬀ Ⅻ ⓐ ½", "fiff xii a 1 2"); /* compatibility forms (NFKC) */
}

static void test_large_input(void) {
  /* 4 MiB of mixed text: buffers grow with it. */
  GString *doc = g_string_new(NULL);
  while (doc->len < 4u << 20)
    g_string_append(doc, "مُحَمَّد Київ 会议在北京举行 ");
  g_autofree char *tokens = tokens_of(doc->str, doc->len);
  assert_well_formed(tokens);
  g_assert_true(g_str_has_prefix(tokens, "محمد київ 会议 议在 在北 北京 京举 举行 行 محمد"));
  sqlite3 *db = db_new();
  db_add(db, doc->str);
  g_assert_cmpint(db_count(db, "京举"), ==, 1);
  sqlite3_close(db);
  g_string_free(doc, TRUE);

  /* One long CJK run: output about three times the input, past the first guess. */
  GString *run = g_string_new(NULL);
  for (int i = 0; i < 300000; i++)
    g_string_append(run, "北京");
  g_autofree char *bigrams = tokens_of(run->str, run->len);
  /* 2×3 bytes + space per bigram, then the run's last character (space + 3 bytes). */
  g_assert_cmpuint(strlen(bigrams), ==, (600000 - 1) * 7 - 1 + 4);
  g_string_free(run, TRUE);

  /* U+FDFA grows eighteenfold under NFKC: the normaliser's guess is too small. */
  GString *sallallahou = g_string_new(NULL);
  for (int i = 0; i < 20000; i++)
    g_string_append(sallallahou, "ﷺ ");
  g_autofree char *words = tokens_of(sallallahou->str, sallallahou->len);
  g_assert_true(g_str_has_prefix(words, "صلي الله عليه وسلم صلي الله"));
  g_assert_cmpuint(strlen(words), ==, 20000 * (strlen("صلي الله عليه وسلم") + 1) - 1);
  g_string_free(sallallahou, TRUE);
}

/* Every allocation fails in turn (the core's fault hook): each run gives
 * AMANAT_E_NOMEM and no output, until a run has no failure left to inject. Under
 * AddressSanitizer this also shows that no path leaks. */
static void test_out_of_memory(void) {
  GString *doc = g_string_new(NULL);
  for (int i = 0; i < 200; i++) /* bigrams and ﷺ outgrow the first buffer sizes */
    g_string_append(doc, "会议在北京举行 ﷺ مُحَمَّد ");
  for (int api = 0; api < 2; api++) {
    gboolean ran_clean = FALSE;
    for (unsigned k = 1; !ran_clean; k++) {
      char *out = NULL;
      size_t out_len = 0;
      amanat_fault_arm(k, ENOMEM);
      int rc = api == 0 ? text_index_tokens(doc->str, doc->len, &out, &out_len)
                        : text_index_match_expr(doc->str, doc->len, &out);
      unsigned calls = amanat_fault_arm(0, 0);
      if (calls < k) {
        g_assert_cmpint(rc, ==, AMANAT_OK);
        g_assert_cmpuint(k, >, 3); /* UTF-16, two normaliser tries, a grown buffer */
        text_index_free(out, strlen(out));
        ran_clean = TRUE;
      } else {
        g_assert_cmpint(rc, ==, AMANAT_E_NOMEM);
        g_assert_null(out);
        g_assert_cmpuint(out_len, ==, 0);
      }
    }
  }
  g_string_free(doc, TRUE);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/text-index/arabic-harakat", test_arabic_harakat);
  g_test_add_func("/text-index/arabic-tatweel", test_arabic_tatweel);
  g_test_add_func("/text-index/arabic-letter-variants", test_arabic_letter_variants);
  g_test_add_func("/text-index/uyghur", test_uyghur);
  g_test_add_func("/text-index/persian-zwnj", test_persian_zwnj);
  g_test_add_func("/text-index/digits", test_digits);
  g_test_add_func("/text-index/cyrillic", test_cyrillic);
  g_test_add_func("/text-index/cjk-bigrams", test_cjk_bigrams);
  g_test_add_func("/text-index/tibetan", test_tibetan);
  g_test_add_func("/text-index/burmese", test_burmese);
  g_test_add_func("/text-index/thai", test_thai);
  g_test_add_func("/text-index/latin", test_latin);
  g_test_add_func("/text-index/fullwidth", test_fullwidth);
  g_test_add_func("/text-index/prefix", test_prefix);
  g_test_add_func("/text-index/punctuation", test_punctuation);
  g_test_add_func("/text-index/operator-words", test_operator_words);
  g_test_add_func("/text-index/invalid-utf8", test_invalid_utf8);
  g_test_add_func("/text-index/token-alphabet", test_token_alphabet);
  g_test_add_func("/text-index/large-input", test_large_input);
  g_test_add_func("/text-index/out-of-memory", test_out_of_memory);
  return g_test_run();
}
