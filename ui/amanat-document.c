/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-document.c: an immutable copy of a document's listing, for list models. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "amanat-document.h"
#include "amanat-dates.h"

struct _AmanatDocument {
  GObject parent_instance;

  gboolean placeholder;
  char id[AMANAT_ID_LEN + 1];
  amanat_doc_kind kind;
  char *title;
  char *content_type;
  guint64 size;
  char *added;
  char **tags;
};

G_DEFINE_FINAL_TYPE(AmanatDocument, amanat_document, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_DISPLAY_TITLE,
  PROP_SIZE,
  PROP_ADDED,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static void amanat_document_get_property(GObject *object, guint prop_id, GValue *value,
                                         GParamSpec *pspec) {
  AmanatDocument *self = AMANAT_DOCUMENT(object);

  switch (prop_id) {
  case PROP_ID:
    g_value_set_string(value, self->id);
    break;
  case PROP_TITLE:
    g_value_set_string(value, self->title);
    break;
  case PROP_DISPLAY_TITLE:
    g_value_set_string(value, amanat_document_get_display_title(self));
    break;
  case PROP_SIZE:
    g_value_set_uint64(value, self->size);
    break;
  case PROP_ADDED:
    g_value_set_string(value, self->added);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
  }
}

static void amanat_document_finalize(GObject *object) {
  AmanatDocument *self = AMANAT_DOCUMENT(object);

  g_free(self->title);
  g_free(self->content_type);
  g_free(self->added);
  g_strfreev(self->tags);

  G_OBJECT_CLASS(amanat_document_parent_class)->finalize(object);
}

static void amanat_document_class_init(AmanatDocumentClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);

  object_class->get_property = amanat_document_get_property;
  object_class->finalize = amanat_document_finalize;

  properties[PROP_ID] =
      g_param_spec_string("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
      g_param_spec_string("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_TITLE] = g_param_spec_string("display-title", NULL, NULL, NULL,
                                                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIZE] = g_param_spec_uint64("size", NULL, NULL, 0, G_MAXUINT64, 0,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ADDED] =
      g_param_spec_string("added", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties(object_class, N_PROPS, properties);
}

static void amanat_document_init(AmanatDocument *self) {
  self->title = g_strdup("");
  self->content_type = g_strdup("");
  self->added = g_strdup("");
  self->tags = g_new0(char *, 1);
}

AmanatDocument *amanat_document_new_from_info(const amanat_doc_info *info) {
  g_return_val_if_fail(info != NULL, NULL);

  AmanatDocument *self = g_object_new(AMANAT_TYPE_DOCUMENT, NULL);
  g_strlcpy(self->id, info->id, sizeof self->id);
  self->kind = info->kind;
  g_free(self->title);
  self->title = g_strdup(info->title != NULL ? info->title : "");
  g_free(self->content_type);
  self->content_type = g_strdup(info->content_type != NULL ? info->content_type : "");
  self->size = info->size;
  g_free(self->added);
  self->added = g_strdup(info->added != NULL ? info->added : "");
  g_strfreev(self->tags);
  self->tags = g_new0(char *, info->tag_count + 1);
  for (size_t i = 0; i < info->tag_count; i++)
    self->tags[i] = g_strdup(info->tags[i]);
  return self;
}

AmanatDocument *amanat_document_new_placeholder(void) {
  AmanatDocument *self = g_object_new(AMANAT_TYPE_DOCUMENT, NULL);
  self->placeholder = TRUE;
  return self;
}

gboolean amanat_document_is_placeholder(AmanatDocument *self) {
  g_return_val_if_fail(AMANAT_IS_DOCUMENT(self), TRUE);
  return self->placeholder;
}

const char *amanat_document_get_id(AmanatDocument *self) {
  g_return_val_if_fail(AMANAT_IS_DOCUMENT(self), NULL);
  return self->id;
}

const char *amanat_document_get_title(AmanatDocument *self) {
  g_return_val_if_fail(AMANAT_IS_DOCUMENT(self), NULL);
  return self->title;
}

const char *amanat_document_get_display_title(AmanatDocument *self) {
  g_return_val_if_fail(AMANAT_IS_DOCUMENT(self), NULL);
  if (self->placeholder)
    return "…";
  if (self->title[0] == '\0')
    /* Translators: shown for a document that has no title. */
    return _("Untitled");
  return self->title;
}

amanat_doc_kind amanat_document_get_kind(AmanatDocument *self) {
  g_return_val_if_fail(AMANAT_IS_DOCUMENT(self), AMANAT_DOC_FILE);
  return self->kind;
}

const char *amanat_document_get_content_type(AmanatDocument *self) {
  g_return_val_if_fail(AMANAT_IS_DOCUMENT(self), NULL);
  return self->content_type;
}

guint64 amanat_document_get_size(AmanatDocument *self) {
  g_return_val_if_fail(AMANAT_IS_DOCUMENT(self), 0);
  return self->size;
}

const char *amanat_document_get_added(AmanatDocument *self) {
  g_return_val_if_fail(AMANAT_IS_DOCUMENT(self), NULL);
  return self->added;
}

const char *const *amanat_document_get_tags(AmanatDocument *self) {
  g_return_val_if_fail(AMANAT_IS_DOCUMENT(self), NULL);
  return (const char *const *)self->tags;
}

char *amanat_document_dup_type_description(AmanatDocument *self) {
  g_return_val_if_fail(AMANAT_IS_DOCUMENT(self), NULL);
  if (self->kind == AMANAT_DOC_NOTE)
    /* Translators: the type of an item written inside Amanat. */
    return g_strdup(_("Note"));
  if (self->content_type[0] == '\0' || g_content_type_is_unknown(self->content_type))
    /* Translators: the type of a document whose format Amanat does not know. */
    return g_strdup(_("Document"));
  /* shared-mime-info's own translated description: read from system files only. */
  g_autofree char *content_type = g_content_type_from_mime_type(self->content_type);
  return g_content_type_get_description(content_type != NULL ? content_type : self->content_type);
}

char *amanat_document_dup_added_description(AmanatDocument *self) {
  g_return_val_if_fail(AMANAT_IS_DOCUMENT(self), NULL);
  return amanat_format_iso_day(self->added);
}
