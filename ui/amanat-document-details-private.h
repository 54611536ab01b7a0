/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-document-details-private.h: what amanat-document-details.c shares with
 * amanat-document-details-actions.c. */
#pragma once

#include "amanat-document-details.h"
#include "amanat-document.h"

G_BEGIN_DECLS

typedef struct {
  char id[AMANAT_ID_LEN + 1];
  char *name;
} ContactName;

struct _AmanatDocumentDetails {
  AdwWindow parent_instance;

  AmanatSession *session;
  char *id;
  guint jobs;    /* reads and changes queued or running */
  gboolean gone; /* disposed: late job results are dropped */
  gboolean note_dirty;

  /* The last read. */
  AmanatDocument *document;
  char *notes;
  GStrv linked;        /* contact ids */
  GPtrArray *contacts; /* ContactName: every contact of the vault */

  AdwToastOverlay *toast_overlay;
  GtkStack *stack;
  AdwEntryRow *title_row;
  AdwActionRow *info_row;
  GtkListBox *tags_list;
  AdwEntryRow *tag_row;
  GtkTextView *note_view;
  GtkWidget *save_note_button; /* for tests: its action is what changes */
  GtkListBox *linked_list;
  GtkMenuButton *link_button;
  GtkPopover *link_popover;
  GtkListBox *contacts_list;
};

typedef enum {
  AMANAT_DETAILS_CHANGE_TITLE,
  AMANAT_DETAILS_CHANGE_ADD_TAG,
  AMANAT_DETAILS_CHANGE_REMOVE_TAG,
  AMANAT_DETAILS_CHANGE_NOTES,
  AMANAT_DETAILS_CHANGE_LINK,
  AMANAT_DETAILS_CHANGE_UNLINK,
} AmanatDetailsChange;

/* Runs one change as a session job, then reads the document again. */
void amanat_document_details_run_change(AmanatDocumentDetails *self, AmanatDetailsChange kind,
                                        const char *value);
/* Saves the note typed, when it changed. */
void amanat_document_details_save_note(AmanatDocumentDetails *self);
/* ::save-copy-requested (the note saved first), and ::delete-requested after closing. */
void amanat_document_details_request_save_copy(AmanatDocumentDetails *self);
void amanat_document_details_request_delete(AmanatDocumentDetails *self);

void amanat_document_details_class_install_actions(GtkWidgetClass *widget_class);
void amanat_document_details_update_actions(AmanatDocumentDetails *self);

G_END_DECLS
