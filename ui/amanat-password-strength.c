/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-password-strength.c: a simple guessability estimate, reading the password in place. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "amanat-password-strength.h"

/* Lower-case ASCII passwords and fragments that guessers try first. */
static const char *const common_words[] = {
    "password", "passwort", "motdepasse", "123456",   "654321",   "qwerty",   "azerty",
    "qwertz",   "asdfgh",   "zxcvbn",     "letmein",  "iloveyou", "admin",    "welcome",
    "monkey",   "dragon",   "football",   "baseball", "soccer",   "master",   "login",
    "abc123",   "sunshine", "princess",   "trustno1", "shadow",   "superman", "batman",
    "starwars", "whatever", "secret",     "amanat",   "changeme", "default",  "hello",
    "freedom",  "love",     "pass",       "test",     "user",     "root",
};

/* Rows of a US keyboard: neighbours on a row make a "keyboard run" such as "qwerty". */
static const char *const keyboard_rows[] = {
    "`1234567890-=",
    "qwertyuiop[]\\",
    "asdfghjkl;'",
    "zxcvbnm,./",
};

/* Length in bytes of the longest common word starting at p, or 0. */
static size_t common_word_at(const char *p, const char *end) {
  size_t best = 0;
  for (size_t i = 0; i < G_N_ELEMENTS(common_words); i++) {
    size_t n = strlen(common_words[i]);
    if (n > best && (size_t)(end - p) >= n && g_ascii_strncasecmp(p, common_words[i], n) == 0)
      best = n;
  }
  return best;
}

static gboolean keyboard_neighbours(gunichar a, gunichar b) {
  if (a > 0x7f || b > 0x7f)
    return FALSE;
  a = (gunichar)g_ascii_tolower((char)a);
  b = (gunichar)g_ascii_tolower((char)b);
  for (size_t i = 0; i < G_N_ELEMENTS(keyboard_rows); i++) {
    const char *pa = strchr(keyboard_rows[i], (int)a);
    const char *pb = strchr(keyboard_rows[i], (int)b);
    if (a != 0 && b != 0 && pa != NULL && pb != NULL && (pa - pb == 1 || pb - pa == 1))
      return TRUE;
  }
  return FALSE;
}

/* "ab", "ba", "12", "21": neighbours in the alphabet or among digits. */
static gboolean sequential(gunichar a, gunichar b) {
  if (!g_unichar_isalnum(a) || !g_unichar_isalnum(b))
    return FALSE;
  return a + 1 == b || b + 1 == a;
}

AmanatPasswordStrength amanat_password_strength(const char *utf8, size_t len) {
  if (len == 0 || len > G_MAXSSIZE || !g_utf8_validate_len(utf8, len, NULL))
    return AMANAT_PASSWORD_WEAK;

  const char *end = utf8 + len;
  gboolean lower = FALSE, upper = FALSE, digit = FALSE, symbol = FALSE, other = FALSE;
  size_t chars = 0, digits = 0;
  size_t quarters = 0;              /* guessing work, in quarters of an unpredictable character */
  const char *covered_until = utf8; /* end of the common word being read, if any */
  gunichar prev = 0;

  for (const char *p = utf8; p < end; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    chars++;

    if (c < 0x80 && g_ascii_islower((char)c))
      lower = TRUE;
    else if (c < 0x80 && g_ascii_isupper((char)c))
      upper = TRUE;
    else if (c < 0x80 && g_ascii_isdigit((char)c))
      digit = TRUE, digits++;
    else if (c < 0x80)
      symbol = TRUE;
    else
      other = TRUE;

    size_t word = p >= covered_until ? common_word_at(p, end) : 0;
    if (p < covered_until)
      quarters += 1;
    else if (word > 0)
      quarters += 4, covered_until = p + word;
    else if (chars > 1 && c == prev)
      quarters += 1;
    else if (chars > 1 && (sequential(prev, c) || keyboard_neighbours(prev, c)))
      quarters += 2;
    else
      quarters += 4;
    prev = c;
  }

  if (chars < 8)
    return AMANAT_PASSWORD_WEAK;
  if (digits == chars)
    return chars < 16 ? AMANAT_PASSWORD_WEAK : AMANAT_PASSWORD_FAIR;

  unsigned pool =
      (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (symbol ? 33 : 0) + (other ? 48 : 0);
  double bits = (double)quarters / 4.0 * log2((double)pool);

  if (bits < 40)
    return AMANAT_PASSWORD_WEAK;
  if (bits < 56)
    return AMANAT_PASSWORD_FAIR;
  if (bits < 72 || chars < 12)
    return AMANAT_PASSWORD_GOOD;
  return AMANAT_PASSWORD_STRONG;
}

const char *amanat_password_strength_advice(AmanatPasswordStrength strength) {
  switch (strength) {
  case AMANAT_PASSWORD_WEAK:
    return _("This password is easy to guess. Use four or more unrelated words, or a long "
             "sentence only you know.");
  case AMANAT_PASSWORD_FAIR:
    return _("This password could be guessed with enough effort. Add more unrelated words to "
             "make it longer.");
  case AMANAT_PASSWORD_GOOD:
    return _("This is a good password. A longer one, with more unrelated words, is stronger "
             "still.");
  case AMANAT_PASSWORD_STRONG:
    return _("This is a strong password. Keep it in mind: if it is forgotten, nobody can open "
             "the vault.");
  }
  g_return_val_if_reached(NULL);
}
