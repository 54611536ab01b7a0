/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-suspend-lock.h: locks every vault before the computer sleeps or hibernates. It holds
 * a logind "delay" inhibitor, so logind waits until the keys are wiped; where there is no
 * system bus or no logind, it quietly does nothing. */
#pragma once

#include <gio/gio.h>

#include "amanat-application.h"

G_BEGIN_DECLS

#define AMANAT_TYPE_SUSPEND_LOCK (amanat_suspend_lock_get_type())
G_DECLARE_FINAL_TYPE(AmanatSuspendLock, amanat_suspend_lock, AMANAT, SUSPEND_LOCK, GObject)

/* Watches logind on the system bus for `application` (held weakly). */
AmanatSuspendLock *amanat_suspend_lock_new(AmanatApplication *application);
/* The same on `bus` (tests use a fake logind on a private bus). */
AmanatSuspendLock *amanat_suspend_lock_new_for_bus(AmanatApplication *application,
                                                   GDBusConnection *bus);

/* Whether it holds a delay inhibitor now. */
gboolean amanat_suspend_lock_get_inhibiting(AmanatSuspendLock *self);
/* How many times logind announced a sleep so far. */
guint amanat_suspend_lock_get_sleeps(AmanatSuspendLock *self);

G_END_DECLS
