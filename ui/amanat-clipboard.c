/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-clipboard.c: a copied secret must not outlive its use on the clipboard, where any
 * program can read it. One secret at a time, process-wide: the last copy is the one that
 * gets cleared. Clearing only takes the clipboard back when it still holds our content, so
 * whatever the person copied since is left alone. */
#include "config.h"

#include <string.h>

#include "amanat-clipboard.h"

static GdkClipboard *secret_clipboard;
static GdkContentProvider *secret_provider;
static guint clear_source;
static guint clear_delay_ms;

static void forget_secret(void) {
  g_clear_handle_id(&clear_source, g_source_remove);
  g_clear_object(&secret_provider);
  g_clear_object(&secret_clipboard);
}

static gboolean on_clear_timeout_cb(gpointer user_data) {
  clear_source = 0;
  amanat_clipboard_clear_secret();
  return G_SOURCE_REMOVE;
}

void amanat_clipboard_copy_secret(GtkWidget *widget, const char *text) {
  g_return_if_fail(GTK_IS_WIDGET(widget));
  g_return_if_fail(text != NULL);

  GdkClipboard *clipboard = gtk_widget_get_clipboard(widget);
  if (secret_clipboard != NULL && secret_clipboard != clipboard)
    amanat_clipboard_clear_secret(); /* another display: it gets no second chance */
  forget_secret();

  /* KDE's Klipper and several other clipboard managers skip content that carries this
   * hint, so the secret does not end up in their history. */
  static const char hint[] = "secret";
  g_autoptr(GBytes) hint_bytes = g_bytes_new_static(hint, strlen(hint));
  GdkContentProvider *parts[] = {
      gdk_content_provider_new_typed(G_TYPE_STRING, text),
      gdk_content_provider_new_for_bytes("x-kde-passwordManagerHint", hint_bytes),
  };
  secret_provider = gdk_content_provider_new_union(parts, G_N_ELEMENTS(parts));
  secret_clipboard = g_object_ref(clipboard);
  gdk_clipboard_set_content(clipboard, secret_provider);

  guint delay = clear_delay_ms != 0 ? clear_delay_ms : AMANAT_CLIPBOARD_CLEAR_SECONDS * 1000;
  clear_source = g_timeout_add(delay, on_clear_timeout_cb, NULL);
}

void amanat_clipboard_clear_secret(void) {
  if (secret_clipboard != NULL && secret_provider != NULL &&
      gdk_clipboard_get_content(secret_clipboard) == secret_provider)
    gdk_clipboard_set_content(secret_clipboard, NULL);
  forget_secret();
}

gboolean amanat_clipboard_has_secret(void) {
  return secret_provider != NULL;
}

void amanat_clipboard_set_clear_delay_ms(guint delay_ms) {
  clear_delay_ms = delay_ms;
}
