/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-dates.c: the day format and the month names are translations; only the digits come
 * from g_date_time_format (%d, %e, %m, %Y, %y). */
#include "config.h"

#include "amanat-dates.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

static const char *month_name(int month) {
  switch (month) {
  /* Translators: a month's short name, used where the day format has %b. */
  case 1:
    return C_("month", "Jan");
  case 2:
    return C_("month", "Feb");
  case 3:
    return C_("month", "Mar");
  case 4:
    return C_("month", "Apr");
  case 5:
    return C_("month", "May");
  case 6:
    return C_("month", "Jun");
  case 7:
    return C_("month", "Jul");
  case 8:
    return C_("month", "Aug");
  case 9:
    return C_("month", "Sep");
  case 10:
    return C_("month", "Oct");
  case 11:
    return C_("month", "Nov");
  default:
    return C_("month", "Dec");
  }
}

char *amanat_format_day(GDateTime *date) {
  g_return_val_if_fail(date != NULL, NULL);
  /* Translators: how a day is written, strftime() style: %e or %d the day, %b the month's
   * short name (translated above), %m its number, %Y the year. "%e %b %Y" gives "5 May
   * 2024"; write it as your language does, e.g. "%Y年%m月%d日" or "%d.%m.%Y". */
  /* xgettext:no-c-format */
  const char *format = _("%e %b %Y");
  /* %b is replaced here (with any % in the name doubled) before GLib sees the format. */
  g_autofree char *escaped = NULL;
  {
    g_auto(GStrv) pieces = g_strsplit(month_name(g_date_time_get_month(date)), "%", -1);
    escaped = g_strjoinv("%%", pieces);
  }
  GString *expanded = g_string_new(NULL);
  for (const char *p = format; *p != '\0'; p++) {
    if (p[0] == '%' && p[1] == 'b') {
      g_string_append(expanded, escaped);
      p++;
    } else if (p[0] == '%' && p[1] == 'e') {
      /* GLib pads %e with a figure space; a day starts a sentence or a label, unpadded. */
      g_string_append(expanded, "%-e");
      p++;
    } else if (p[0] == '%' && p[1] != '\0') {
      g_string_append_len(expanded, p, 2);
      p++;
    } else {
      g_string_append_c(expanded, *p);
    }
  }
  g_autofree char *final_format = g_string_free(expanded, FALSE);
  char *text = g_date_time_format(date, final_format);
  return text != NULL ? g_strstrip(text) : g_date_time_format(date, "%Y-%m-%d");
}

char *amanat_format_iso_day(const char *iso) {
  int year, month, day;
  if (iso == NULL || sscanf(iso, "%4d-%2d-%2d", &year, &month, &day) != 3 ||
      !g_date_valid_dmy((GDateDay)day, (GDateMonth)month, (GDateYear)year))
    return g_strdup(iso != NULL ? iso : "");
  g_autoptr(GDateTime) date = g_date_time_new_utc(year, month, day, 12, 0, 0);
  return date != NULL ? amanat_format_day(date) : g_strdup(iso);
}
