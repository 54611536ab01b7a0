/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-contact.h: an immutable copy of one contact, for the contact list and the
 * contact's page. */
#pragma once

#include <glib-object.h>

#include "amanat.h"

G_BEGIN_DECLS

#define AMANAT_TYPE_CONTACT (amanat_contact_get_type())
G_DECLARE_FINAL_TYPE(AmanatContact, amanat_contact, AMANAT, CONTACT, GObject)

/* Copies `info`. Field values are copied only `with_values` (the contact's page): the list
 * keeps names and labels, never values. Values are wiped when the object goes away. */
AmanatContact *amanat_contact_new_from_info(const amanat_contact_info *info, gboolean with_values);

const char *amanat_contact_get_id(AmanatContact *self);
const char *amanat_contact_get_name(AmanatContact *self);
const char *amanat_contact_get_notes(AmanatContact *self);
/* "YYYY-MM-DD". */
const char *amanat_contact_get_added(AmanatContact *self);
const char *const *amanat_contact_get_tags(AmanatContact *self);
/* Ids of the linked documents. */
const char *const *amanat_contact_get_documents(AmanatContact *self);

guint amanat_contact_get_n_fields(AmanatContact *self);
const char *amanat_contact_get_field_label(AmanatContact *self, guint index);
/* NULL when the values were not copied. */
const char *amanat_contact_get_field_value(AmanatContact *self, guint index);
gboolean amanat_contact_get_field_sensitive(AmanatContact *self, guint index);

G_END_DECLS
