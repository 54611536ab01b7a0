/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-contacts-page.h: the contacts of the unlocked vault: a list filtered by name, and
 * one contact's page (sensitive fields hidden until revealed) or its editor beside it, or
 * instead of it on a narrow window. */
#pragma once

#include <adwaita.h>

#include "amanat-contact-editor.h"
#include "amanat-contact-view.h"
#include "amanat-session.h"

G_BEGIN_DECLS

#define AMANAT_TYPE_CONTACTS_PAGE (amanat_contacts_page_get_type())
G_DECLARE_FINAL_TYPE(AmanatContactsPage, amanat_contacts_page, AMANAT, CONTACTS_PAGE, GtkWidget)

/* Shows the contacts of `session`; the page reloads itself whenever the vault is unlocked
 * and empties itself when it locks. */
void amanat_contacts_page_set_session(AmanatContactsPage *self, AmanatSession *session);

/* The contacts the list shows (AmanatContact, filtered by the search). */
GListModel *amanat_contacts_page_get_model(AmanatContactsPage *self);
/* Reads the list again. */
void amanat_contacts_page_reload(AmanatContactsPage *self);

/* Reads contact `id` and shows its page (asynchronously, on the session's worker). */
void amanat_contacts_page_show_contact(AmanatContactsPage *self, const char *id);
/* Opens the editor for a new contact. */
void amanat_contacts_page_new_contact(AmanatContactsPage *self);
/* Opens the editor for the contact shown. */
void amanat_contacts_page_edit(AmanatContactsPage *self);
/* Saves the editor's content; FALSE when the form is not complete (it says why). */
gboolean amanat_contacts_page_save(AmanatContactsPage *self);
/* Deletes the contact shown once its undo toast goes away without Undo. */
void amanat_contacts_page_delete(AmanatContactsPage *self);
void amanat_contacts_page_undo_delete(AmanatContactsPage *self);
void amanat_contacts_page_commit_pending_delete(AmanatContactsPage *self);

void amanat_contacts_page_focus_search(AmanatContactsPage *self);
/* "none", "view" or "edit": what the detail side shows. */
const char *amanat_contacts_page_get_mode(AmanatContactsPage *self);

AmanatContactView *amanat_contacts_page_get_view(AmanatContactsPage *self);
AmanatContactEditor *amanat_contacts_page_get_editor(AmanatContactsPage *self);

/* Before the vault locks: commits a pending deletion, and empties the list, the contact's
 * page, the editor, the search and the toasts, and clears a copied secret. */
void amanat_contacts_page_prepare_lock(AmanatContactsPage *self);

G_END_DECLS
