/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-hold-button.c: press and hold; a bar fills; at the end ::confirmed is emitted.
 * The timing uses a plain timeout and the monotonic clock, not an animation: libadwaita's
 * animations jump to their end when the desktop turns animations off, which would make
 * the hold instant. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "amanat-hold-button.h"

#define TICK_MS 30

struct _AmanatHoldButton {
  GtkWidget parent_instance;

  GtkLabel *label;
  GtkProgressBar *bar;

  guint duration_ms;
  gint64 started_us; /* 0: not held */
  guint tick_source;
};

G_DEFINE_FINAL_TYPE(AmanatHoldButton, amanat_hold_button, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LABEL,
  PROP_DURATION,
  N_PROPS,
};

enum {
  SIGNAL_CONFIRMED,
  N_SIGNALS,
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void stop(AmanatHoldButton *self) {
  self->started_us = 0;
  g_clear_handle_id(&self->tick_source, g_source_remove);
  gtk_progress_bar_set_fraction(self->bar, 0.0);
  gtk_widget_unset_state_flags(GTK_WIDGET(self), GTK_STATE_FLAG_ACTIVE);
}

static gboolean on_tick_cb(gpointer user_data) {
  AmanatHoldButton *self = user_data;
  double fraction = amanat_hold_button_get_fraction(self);

  gtk_progress_bar_set_fraction(self->bar, fraction);
  if (fraction < 1.0)
    return G_SOURCE_CONTINUE;
  self->tick_source = 0;
  stop(self);
  g_signal_emit(self, signals[SIGNAL_CONFIRMED], 0);
  return G_SOURCE_REMOVE;
}

static void on_pressed_cb(GtkGestureClick *gesture, int n_press, double x, double y,
                          AmanatHoldButton *self) {
  gtk_gesture_set_state(GTK_GESTURE(gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  if (gtk_widget_get_focus_on_click(GTK_WIDGET(self)))
    gtk_widget_grab_focus(GTK_WIDGET(self));
  amanat_hold_button_begin_hold(self);
}

static void on_released_cb(GtkGestureClick *gesture, int n_press, double x, double y,
                           AmanatHoldButton *self) {
  amanat_hold_button_end_hold(self);
}

static void on_gesture_ended_cb(GtkGesture *gesture, GdkEventSequence *sequence,
                                AmanatHoldButton *self) {
  amanat_hold_button_end_hold(self);
}

static gboolean is_activate_key(guint keyval) {
  return keyval == GDK_KEY_space || keyval == GDK_KEY_KP_Space || keyval == GDK_KEY_Return ||
         keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter;
}

static gboolean on_key_pressed_cb(GtkEventControllerKey *controller, guint keyval, guint keycode,
                                  GdkModifierType state, AmanatHoldButton *self) {
  if (!is_activate_key(keyval))
    return GDK_EVENT_PROPAGATE;
  if (self->started_us == 0) /* key repeat while held: keep going */
    amanat_hold_button_begin_hold(self);
  return GDK_EVENT_STOP;
}

static void on_key_released_cb(GtkEventControllerKey *controller, guint keyval, guint keycode,
                               GdkModifierType state, AmanatHoldButton *self) {
  if (is_activate_key(keyval))
    amanat_hold_button_end_hold(self);
}

static void on_focus_leave_cb(GtkEventControllerFocus *controller, AmanatHoldButton *self) {
  amanat_hold_button_end_hold(self);
}

static void amanat_hold_button_get_property(GObject *object, guint prop_id, GValue *value,
                                            GParamSpec *pspec) {
  AmanatHoldButton *self = AMANAT_HOLD_BUTTON(object);

  switch (prop_id) {
  case PROP_LABEL:
    g_value_set_string(value, gtk_label_get_label(self->label));
    break;
  case PROP_DURATION:
    g_value_set_uint(value, self->duration_ms);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
  }
}

static void amanat_hold_button_set_property(GObject *object, guint prop_id, const GValue *value,
                                            GParamSpec *pspec) {
  AmanatHoldButton *self = AMANAT_HOLD_BUTTON(object);

  switch (prop_id) {
  case PROP_LABEL:
    amanat_hold_button_set_label(self, g_value_get_string(value));
    break;
  case PROP_DURATION:
    amanat_hold_button_set_duration(self, g_value_get_uint(value));
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
  }
}

static void amanat_hold_button_unmap(GtkWidget *widget) {
  stop(AMANAT_HOLD_BUTTON(widget));
  GTK_WIDGET_CLASS(amanat_hold_button_parent_class)->unmap(widget);
}

static void amanat_hold_button_dispose(GObject *object) {
  AmanatHoldButton *self = AMANAT_HOLD_BUTTON(object);

  g_clear_handle_id(&self->tick_source, g_source_remove);
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child(GTK_WIDGET(self))) != NULL)
    gtk_widget_unparent(child);

  G_OBJECT_CLASS(amanat_hold_button_parent_class)->dispose(object);
}

static void amanat_hold_button_class_init(AmanatHoldButtonClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  object_class->get_property = amanat_hold_button_get_property;
  object_class->set_property = amanat_hold_button_set_property;
  object_class->dispose = amanat_hold_button_dispose;
  widget_class->unmap = amanat_hold_button_unmap;

  properties[PROP_LABEL] =
      g_param_spec_string("label", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DURATION] =
      g_param_spec_uint("duration", NULL, NULL, 100, 60000, 2000,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties(object_class, N_PROPS, properties);

  /**
   * AmanatHoldButton::confirmed:
   *
   * Emitted once the button was held for its whole duration.
   */
  signals[SIGNAL_CONFIRMED] = g_signal_new("confirmed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name(widget_class, "button");
  gtk_widget_class_set_accessible_role(widget_class, GTK_ACCESSIBLE_ROLE_BUTTON);
  gtk_widget_class_set_layout_manager_type(widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void amanat_hold_button_init(AmanatHoldButton *self) {
  GtkWidget *widget = GTK_WIDGET(self);

  self->duration_ms = 2000;
  gtk_widget_set_focusable(widget, TRUE);
  gtk_widget_set_receives_default(widget, FALSE);
  gtk_widget_add_css_class(widget, "hold-button");
  gtk_orientable_set_orientation(GTK_ORIENTABLE(gtk_widget_get_layout_manager(widget)),
                                 GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing(GTK_BOX_LAYOUT(gtk_widget_get_layout_manager(widget)), 6);

  self->label = GTK_LABEL(gtk_label_new(NULL));
  gtk_label_set_wrap(self->label, TRUE);
  gtk_label_set_justify(self->label, GTK_JUSTIFY_CENTER);
  gtk_widget_set_parent(GTK_WIDGET(self->label), widget);

  self->bar = GTK_PROGRESS_BAR(gtk_progress_bar_new());
  gtk_widget_set_parent(GTK_WIDGET(self->bar), widget);
  gtk_accessible_update_property(GTK_ACCESSIBLE(self->bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                 _("Time held"), -1);

  gtk_accessible_update_property(GTK_ACCESSIBLE(self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                 _("Press and hold for two seconds. Letting go earlier cancels."),
                                 -1);

  GtkGesture *click = gtk_gesture_click_new();
  gtk_gesture_single_set_button(GTK_GESTURE_SINGLE(click), GDK_BUTTON_PRIMARY);
  g_signal_connect(click, "pressed", G_CALLBACK(on_pressed_cb), self);
  g_signal_connect(click, "released", G_CALLBACK(on_released_cb), self);
  g_signal_connect(click, "cancel", G_CALLBACK(on_gesture_ended_cb), self);
  g_signal_connect(click, "end", G_CALLBACK(on_gesture_ended_cb), self);
  gtk_widget_add_controller(widget, GTK_EVENT_CONTROLLER(click));

  GtkEventController *key = gtk_event_controller_key_new();
  g_signal_connect(key, "key-pressed", G_CALLBACK(on_key_pressed_cb), self);
  g_signal_connect(key, "key-released", G_CALLBACK(on_key_released_cb), self);
  gtk_widget_add_controller(widget, key);

  GtkEventController *focus = gtk_event_controller_focus_new();
  g_signal_connect(focus, "leave", G_CALLBACK(on_focus_leave_cb), self);
  gtk_widget_add_controller(widget, focus);
}

GtkWidget *amanat_hold_button_new(const char *label) {
  return g_object_new(AMANAT_TYPE_HOLD_BUTTON, "label", label, NULL);
}

void amanat_hold_button_set_label(AmanatHoldButton *self, const char *label) {
  g_return_if_fail(AMANAT_IS_HOLD_BUTTON(self));
  gtk_label_set_label(self->label, label != NULL ? label : "");
  gtk_accessible_update_property(GTK_ACCESSIBLE(self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                 label != NULL ? label : "", -1);
  g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_LABEL]);
}

void amanat_hold_button_set_duration(AmanatHoldButton *self, guint duration_ms) {
  g_return_if_fail(AMANAT_IS_HOLD_BUTTON(self));
  duration_ms = CLAMP(duration_ms, 100, 60000);
  if (self->duration_ms == duration_ms)
    return;
  self->duration_ms = duration_ms;
  g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_DURATION]);
}

guint amanat_hold_button_get_duration(AmanatHoldButton *self) {
  g_return_val_if_fail(AMANAT_IS_HOLD_BUTTON(self), 0);
  return self->duration_ms;
}

void amanat_hold_button_begin_hold(AmanatHoldButton *self) {
  g_return_if_fail(AMANAT_IS_HOLD_BUTTON(self));
  if (!gtk_widget_is_sensitive(GTK_WIDGET(self)) || self->started_us != 0)
    return;
  self->started_us = g_get_monotonic_time();
  gtk_widget_set_state_flags(GTK_WIDGET(self), GTK_STATE_FLAG_ACTIVE, FALSE);
  self->tick_source = g_timeout_add(TICK_MS, on_tick_cb, self);
}

void amanat_hold_button_end_hold(AmanatHoldButton *self) {
  g_return_if_fail(AMANAT_IS_HOLD_BUTTON(self));
  if (self->started_us != 0)
    stop(self);
}

double amanat_hold_button_get_fraction(AmanatHoldButton *self) {
  g_return_val_if_fail(AMANAT_IS_HOLD_BUTTON(self), 0.0);
  if (self->started_us == 0)
    return 0.0;
  double held_ms = (double)(g_get_monotonic_time() - self->started_us) / 1000.0;
  return CLAMP(held_ms / self->duration_ms, 0.0, 1.0);
}
