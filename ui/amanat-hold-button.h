/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-hold-button.h: a button that acts only after it has been held down for a while,
 * showing how long is left; letting go early cancels. For actions that can't be undone. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define AMANAT_TYPE_HOLD_BUTTON (amanat_hold_button_get_type())
G_DECLARE_FINAL_TYPE(AmanatHoldButton, amanat_hold_button, AMANAT, HOLD_BUTTON, GtkWidget)

GtkWidget *amanat_hold_button_new(const char *label);

void amanat_hold_button_set_label(AmanatHoldButton *self, const char *label);
/* How long to hold, in milliseconds (default 2000). */
void amanat_hold_button_set_duration(AmanatHoldButton *self, guint duration_ms);
guint amanat_hold_button_get_duration(AmanatHoldButton *self);

/* What a press (pointer, touch, Space or Enter) and its release do. */
void amanat_hold_button_begin_hold(AmanatHoldButton *self);
void amanat_hold_button_end_hold(AmanatHoldButton *self);

/* From 0 (not held) to 1 (confirmed). */
double amanat_hold_button_get_fraction(AmanatHoldButton *self);

G_END_DECLS
