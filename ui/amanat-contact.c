/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-contact.c: see amanat-contact.h. Field values may be a source's phone number or
 * address: they are overwritten before their memory is freed. */
#include "config.h"

#include <sodium.h>
#include <string.h>

#include "amanat-contact.h"

typedef struct {
  char *label;
  char *value; /* NULL unless copied */
  gboolean sensitive;
} Field;

struct _AmanatContact {
  GObject parent_instance;

  char id[AMANAT_ID_LEN + 1];
  char *name;
  char *notes;
  char *added;
  char **tags;
  char **documents;
  GArray *fields; /* Field */
};

G_DEFINE_FINAL_TYPE(AmanatContact, amanat_contact, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static void wipe_string(char *text) {
  if (text != NULL) {
    sodium_memzero(text, strlen(text));
    g_free(text);
  }
}

static void field_clear(gpointer data) {
  Field *field = data;
  g_free(field->label);
  wipe_string(field->value);
}

static char **copy_list(const char *const *items, size_t count) {
  char **copy = g_new0(char *, count + 1);
  for (size_t i = 0; i < count; i++)
    copy[i] = g_strdup(items[i]);
  return copy;
}

static void amanat_contact_get_property(GObject *object, guint prop_id, GValue *value,
                                        GParamSpec *pspec) {
  AmanatContact *self = AMANAT_CONTACT(object);

  switch (prop_id) {
  case PROP_NAME:
    g_value_set_string(value, self->name);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
  }
}

static void amanat_contact_finalize(GObject *object) {
  AmanatContact *self = AMANAT_CONTACT(object);

  g_free(self->name);
  wipe_string(self->notes);
  g_free(self->added);
  g_strfreev(self->tags);
  g_strfreev(self->documents);
  g_array_unref(self->fields);

  G_OBJECT_CLASS(amanat_contact_parent_class)->finalize(object);
}

static void amanat_contact_class_init(AmanatContactClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);

  object_class->get_property = amanat_contact_get_property;
  object_class->finalize = amanat_contact_finalize;

  properties[PROP_NAME] =
      g_param_spec_string("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties(object_class, N_PROPS, properties);
}

static void amanat_contact_init(AmanatContact *self) {
  self->fields = g_array_new(FALSE, TRUE, sizeof(Field));
  g_array_set_clear_func(self->fields, field_clear);
}

AmanatContact *amanat_contact_new_from_info(const amanat_contact_info *info, gboolean with_values) {
  g_return_val_if_fail(info != NULL, NULL);

  AmanatContact *self = g_object_new(AMANAT_TYPE_CONTACT, NULL);
  g_strlcpy(self->id, info->id, sizeof self->id);
  self->name = g_strdup(info->name != NULL ? info->name : "");
  self->notes = g_strdup(with_values && info->notes != NULL ? info->notes : "");
  self->added = g_strdup(info->added != NULL ? info->added : "");
  self->tags = copy_list(info->tags, info->tag_count);
  self->documents = copy_list(info->documents, info->document_count);
  for (size_t i = 0; i < info->field_count; i++) {
    Field field = {
        .label = g_strdup(info->fields[i].label),
        .value = with_values ? g_strdup(info->fields[i].value) : NULL,
        .sensitive = info->fields[i].sensitive != 0,
    };
    g_array_append_val(self->fields, field);
  }
  return self;
}

const char *amanat_contact_get_id(AmanatContact *self) {
  g_return_val_if_fail(AMANAT_IS_CONTACT(self), NULL);
  return self->id;
}

const char *amanat_contact_get_name(AmanatContact *self) {
  g_return_val_if_fail(AMANAT_IS_CONTACT(self), NULL);
  return self->name;
}

const char *amanat_contact_get_notes(AmanatContact *self) {
  g_return_val_if_fail(AMANAT_IS_CONTACT(self), NULL);
  return self->notes;
}

const char *amanat_contact_get_added(AmanatContact *self) {
  g_return_val_if_fail(AMANAT_IS_CONTACT(self), NULL);
  return self->added;
}

const char *const *amanat_contact_get_tags(AmanatContact *self) {
  g_return_val_if_fail(AMANAT_IS_CONTACT(self), NULL);
  return (const char *const *)self->tags;
}

const char *const *amanat_contact_get_documents(AmanatContact *self) {
  g_return_val_if_fail(AMANAT_IS_CONTACT(self), NULL);
  return (const char *const *)self->documents;
}

guint amanat_contact_get_n_fields(AmanatContact *self) {
  g_return_val_if_fail(AMANAT_IS_CONTACT(self), 0);
  return self->fields->len;
}

const char *amanat_contact_get_field_label(AmanatContact *self, guint index) {
  g_return_val_if_fail(AMANAT_IS_CONTACT(self), NULL);
  g_return_val_if_fail(index < self->fields->len, NULL);
  return g_array_index(self->fields, Field, index).label;
}

const char *amanat_contact_get_field_value(AmanatContact *self, guint index) {
  g_return_val_if_fail(AMANAT_IS_CONTACT(self), NULL);
  g_return_val_if_fail(index < self->fields->len, NULL);
  return g_array_index(self->fields, Field, index).value;
}

gboolean amanat_contact_get_field_sensitive(AmanatContact *self, guint index) {
  g_return_val_if_fail(AMANAT_IS_CONTACT(self), FALSE);
  g_return_val_if_fail(index < self->fields->len, FALSE);
  return g_array_index(self->fields, Field, index).sensitive;
}
