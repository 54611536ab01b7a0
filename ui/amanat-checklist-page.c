/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-checklist-page.c: the swap and hibernation checks read /proc and /sys on the main
 * thread (a few small files, no disk); the vault's part (ticks, duress, peers) comes from one
 * session job. The steps follow "Mitigating Cyber Threats with Limited Resources: Guidance for
 * Civil Society" (CISA, NCSC-UK and others, 2024), put as things one person can do today. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "amanat-checklist-page.h"
#include "amanat-settings-store.h"

typedef struct {
  const char *key;
  const char *title;
  const char *subtitle;
} Step;

static const Step steps[] = {
    {"passwords", N_("Use strong, different passwords"),
     N_("A long passphrase for Amanat that you use nowhere else, and a different password for "
        "every account. A password manager remembers them for you.")},
    {"mfa", N_("Turn on two-step sign-in"),
     N_("For email, messaging and social media, add a second step: a security key or an "
        "authenticator app, rather than codes sent by text message.")},
    {"trusted-apps", N_("Install apps only from trusted stores"),
     N_("Use your system's software centre or the official app store. Never install an app from "
        "a link or a file someone sent you.")},
    {"restart", N_("Restart your phone and computer often"),
     N_("Some spyware does not survive a restart. Restart every few days, and lock the screen "
        "whenever you step away.")},
    {"share-less", N_("Share less about yourself"),
     N_("Keep your address, family, daily routine and travel plans off public profiles and "
        "out of open groups.")},
    {"verify-contacts", N_("Check who you are talking to"),
     N_("Compare safety codes in person before trusting a colleague, and confirm unexpected "
        "requests through another channel.")},
    {"updates", N_("Keep your software up to date"),
     N_("Install system and app updates as soon as they come: most attacks use holes that are "
        "already fixed.")},
};

#define N_STEPS G_N_ELEMENTS(steps)

struct _AmanatChecklistPage {
  AdwPreferencesPage parent_instance;

  AmanatSession *session;
  guint busy;
  gboolean loading;
  AmanatCheckState states[4]; /* swap, hibernation, duress, peers */
  GtkCheckButton *step_checks[N_STEPS];

  /* Test hook. */
  char *proc_swaps;
  const AmanatSwapSystem *swap_system;
  char *power_state;
  char *power_disk;
  gboolean swap_overridden;

  AdwActionRow *swap_row;
  GtkImage *swap_icon;
  AdwActionRow *hibernation_row;
  GtkImage *hibernation_icon;
  AdwActionRow *duress_row;
  GtkImage *duress_icon;
  AdwActionRow *peers_row;
  GtkImage *peers_icon;
  AdwPreferencesGroup *steps_group;
  GtkLabel *progress_label;
};

G_DEFINE_FINAL_TYPE(AmanatChecklistPage, amanat_checklist_page, ADW_TYPE_PREFERENCES_PAGE)

enum { CHECK_SWAP, CHECK_HIBERNATION, CHECK_DURESS, CHECK_PEERS };
static const char *const check_names[] = {"swap", "hibernation", "duress", "peers"};

/* ---- Showing results --------------------------------------------------------------- */

static void show_check(AmanatChecklistPage *self, guint check, AmanatCheckState state,
                       const char *text) {
  AdwActionRow *rows[] = {self->swap_row, self->hibernation_row, self->duress_row, self->peers_row};
  GtkImage *icons[] = {self->swap_icon, self->hibernation_icon, self->duress_icon,
                       self->peers_icon};
  self->states[check] = state;
  adw_action_row_set_subtitle(rows[check], text);
  GtkWidget *icon = GTK_WIDGET(icons[check]);
  gtk_widget_remove_css_class(icon, "success");
  gtk_widget_remove_css_class(icon, "warning");
  const char *icon_name = "dialog-question-symbolic";
  /* Translators: read by screen readers before a check's result. */
  const char *spoken = _("Unknown");
  if (state == AMANAT_CHECK_GOOD) {
    icon_name = "emblem-ok-symbolic";
    gtk_widget_add_css_class(icon, "success");
    /* Translators: read by screen readers before a check's result. */
    spoken = _("Good");
  } else if (state == AMANAT_CHECK_WARNING) {
    icon_name = "dialog-warning-symbolic";
    gtk_widget_add_css_class(icon, "warning");
    /* Translators: read by screen readers before a check's result. */
    spoken = _("Needs attention");
  }
  gtk_image_set_from_icon_name(icons[check], icon_name);
  gtk_accessible_update_property(GTK_ACCESSIBLE(icon), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
}

static void check_swap(AmanatChecklistPage *self) {
  AmanatSwapReport report;
  gboolean hibernation_unsafe = FALSE;
  if (self->swap_overridden) {
    amanat_swap_check(self->proc_swaps, self->swap_system, &report);
    hibernation_unsafe =
        amanat_swap_hibernation_unsafe(self->power_state, self->power_disk, &report);
  } else {
    amanat_swap_check_live(&report, &hibernation_unsafe);
  }

  if (report.unencrypted > 0)
    show_check(self, CHECK_SWAP, AMANAT_CHECK_WARNING,
               _("This computer swaps memory to a disk that is not encrypted: parts of open "
                 "documents could stay on it. Turn on disk encryption, or use encrypted swap or "
                 "zram."));
  else if (report.unknown > 0)
    show_check(self, CHECK_SWAP, AMANAT_CHECK_UNKNOWN,
               _("Amanat could not tell whether the swap space is encrypted. Ask someone you "
                 "trust to check it."));
  else if (report.total == 0)
    show_check(self, CHECK_SWAP, AMANAT_CHECK_GOOD,
               _("This computer uses no swap space: memory is never written to the disk."));
  else
    show_check(self, CHECK_SWAP, AMANAT_CHECK_GOOD,
               _("The swap space is encrypted or kept in memory."));

  if (hibernation_unsafe)
    show_check(self, CHECK_HIBERNATION, AMANAT_CHECK_WARNING,
               _("Hibernating would write the whole memory, open documents included, to a disk "
                 "that is not encrypted. Shut down instead of hibernating."));
  else
    show_check(self, CHECK_HIBERNATION, AMANAT_CHECK_GOOD,
               _("Hibernation can't write memory to an unencrypted disk."));
}

static void update_progress(AmanatChecklistPage *self) {
  guint done = amanat_checklist_page_get_done(self);
  g_autofree char *text =
      /* Translators: how many of the checklist's steps are ticked, e.g. "3 of 7 done". */
      g_strdup_printf(_("%u of %u done"), done, (guint)N_STEPS);
  gtk_label_set_text(self->progress_label, text);
}

/* ---- The vault's part -------------------------------------------------------------- */

typedef struct {
  AmanatChecklistPage *page; /* a reference, dropped with the snapshot */
  gboolean ticks[N_STEPS];
  int duress_rc; /* of amanat_vault_duress_count */
  unsigned duress_count;
  guint peers;
  guint verified;
} Snapshot;

static void snapshot_free(Snapshot *snapshot) {
  g_object_unref(snapshot->page);
  g_free(snapshot);
}

static int count_peer(const amanat_peer_info *peer, void *user_data) {
  Snapshot *snapshot = user_data;
  snapshot->peers++;
  if (peer->verified)
    snapshot->verified++;
  return 0;
}

static int snapshot_job(amanat_vault **vault, const char *dir, gpointer data,
                        GCancellable *cancellable) {
  Snapshot *snapshot = data;
  if (*vault == NULL)
    return AMANAT_E_NOT_ALLOWED;
  for (guint i = 0; i < N_STEPS; i++) {
    g_autofree char *name = g_strconcat(AMANAT_SETTING_CHECKLIST_PREFIX, steps[i].key, NULL);
    g_autofree char *value = NULL;
    snapshot->ticks[i] = amanat_settings_store_get(*vault, dir, name, &value) == AMANAT_OK &&
                         g_strcmp0(value, "1") == 0;
  }
  snapshot->duress_rc = amanat_vault_duress_count(*vault, &snapshot->duress_count);
  return amanat_peer_list(*vault, count_peer, snapshot);
}

static void snapshot_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  Snapshot *snapshot = user_data; /* freed by the session after this callback */
  AmanatChecklistPage *self = snapshot->page;
  int rc = amanat_session_run_finish(AMANAT_SESSION(source), result, NULL);
  self->busy--;
  if (rc < 0)
    return;

  self->loading = TRUE;
  for (guint i = 0; i < N_STEPS; i++)
    gtk_check_button_set_active(self->step_checks[i], snapshot->ticks[i]);
  self->loading = FALSE;
  update_progress(self);

  /* A duress session gets no count (AMANAT_E_NOT_ALLOWED): it must look like a vault
   * without duress passwords, never like a session that is not the owner's. */
  if (snapshot->duress_rc == AMANAT_OK && snapshot->duress_count > 0)
    show_check(self, CHECK_DURESS, AMANAT_CHECK_GOOD,
               _("A duress password is set: under pressure, it opens the decoy."));
  else if (snapshot->duress_rc == AMANAT_OK || snapshot->duress_rc == AMANAT_E_NOT_ALLOWED)
    show_check(self, CHECK_DURESS, AMANAT_CHECK_WARNING,
               _("No duress password. If you might be forced to unlock Amanat, add one in "
                 "Settings."));
  else
    show_check(self, CHECK_DURESS, AMANAT_CHECK_UNKNOWN,
               _("Amanat could not tell whether a duress password is set."));

  if (snapshot->peers == 0) {
    show_check(self, CHECK_PEERS, AMANAT_CHECK_GOOD, _("No colleagues added yet."));
  } else if (snapshot->verified == snapshot->peers) {
    show_check(self, CHECK_PEERS, AMANAT_CHECK_GOOD,
               _("Every colleague's safety code was compared in person."));
  } else {
    guint left = snapshot->peers - snapshot->verified;
    g_autofree char *text = g_strdup_printf(
        ngettext("%u colleague is not verified yet: compare safety codes in person.",
                 "%u colleagues are not verified yet: compare safety codes in person.", left),
        left);
    show_check(self, CHECK_PEERS, AMANAT_CHECK_WARNING, text);
  }
}

typedef struct {
  char *name;
  gboolean done;
} Tick;

static void tick_free(Tick *tick) {
  g_free(tick->name);
  g_free(tick);
}

static int tick_job(amanat_vault **vault, const char *dir, gpointer data,
                    GCancellable *cancellable) {
  Tick *tick = data;
  if (*vault == NULL)
    return AMANAT_E_NOT_ALLOWED;
  return amanat_settings_store_set(*vault, dir, tick->name, tick->done ? "1" : "0");
}

static void tick_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  g_autoptr(AmanatChecklistPage) self = user_data;
  (void)amanat_session_run_finish(AMANAT_SESSION(source), result, NULL);
  self->busy--;
}

static void on_step_toggled_cb(GtkCheckButton *check, AmanatChecklistPage *self) {
  update_progress(self);
  if (self->loading || self->session == NULL)
    return;
  const Step *step = g_object_get_data(G_OBJECT(check), "step");
  Tick *tick = g_new0(Tick, 1);
  tick->name = g_strconcat(AMANAT_SETTING_CHECKLIST_PREFIX, step->key, NULL);
  tick->done = gtk_check_button_get_active(check);
  self->busy++;
  amanat_session_run(self->session, tick_job, tick, (GDestroyNotify)tick_free, NULL, tick_done_cb,
                     g_object_ref(self));
}

/* ---- GObject ----------------------------------------------------------------------- */

static void add_steps(AmanatChecklistPage *self) {
  for (guint i = 0; i < N_STEPS; i++) {
    GtkWidget *row = adw_action_row_new();
    adw_preferences_row_set_title(ADW_PREFERENCES_ROW(row), _(steps[i].title));
    adw_action_row_set_subtitle(ADW_ACTION_ROW(row), _(steps[i].subtitle));
    GtkWidget *check = gtk_check_button_new();
    gtk_widget_set_valign(check, GTK_ALIGN_CENTER);
    gtk_accessible_update_property(GTK_ACCESSIBLE(check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                   _(steps[i].title), -1);
    g_object_set_data(G_OBJECT(check), "step", (gpointer)&steps[i]);
    g_signal_connect(check, "toggled", G_CALLBACK(on_step_toggled_cb), self);
    adw_action_row_add_prefix(ADW_ACTION_ROW(row), check);
    adw_action_row_set_activatable_widget(ADW_ACTION_ROW(row), check);
    adw_preferences_group_add(self->steps_group, row);
    self->step_checks[i] = GTK_CHECK_BUTTON(check);
  }
}

static void amanat_checklist_page_dispose(GObject *object) {
  AmanatChecklistPage *self = AMANAT_CHECKLIST_PAGE(object);

  g_clear_object(&self->session);
  gtk_widget_dispose_template(GTK_WIDGET(self), AMANAT_TYPE_CHECKLIST_PAGE);

  G_OBJECT_CLASS(amanat_checklist_page_parent_class)->dispose(object);
}

static void amanat_checklist_page_finalize(GObject *object) {
  AmanatChecklistPage *self = AMANAT_CHECKLIST_PAGE(object);

  g_free(self->proc_swaps);
  g_free(self->power_state);
  g_free(self->power_disk);

  G_OBJECT_CLASS(amanat_checklist_page_parent_class)->finalize(object);
}

static void amanat_checklist_page_class_init(AmanatChecklistPageClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  object_class->dispose = amanat_checklist_page_dispose;
  object_class->finalize = amanat_checklist_page_finalize;

  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/org/amanat/Amanat/amanat-checklist-page.ui");
  gtk_widget_class_bind_template_child(widget_class, AmanatChecklistPage, swap_row);
  gtk_widget_class_bind_template_child(widget_class, AmanatChecklistPage, swap_icon);
  gtk_widget_class_bind_template_child(widget_class, AmanatChecklistPage, hibernation_row);
  gtk_widget_class_bind_template_child(widget_class, AmanatChecklistPage, hibernation_icon);
  gtk_widget_class_bind_template_child(widget_class, AmanatChecklistPage, duress_row);
  gtk_widget_class_bind_template_child(widget_class, AmanatChecklistPage, duress_icon);
  gtk_widget_class_bind_template_child(widget_class, AmanatChecklistPage, peers_row);
  gtk_widget_class_bind_template_child(widget_class, AmanatChecklistPage, peers_icon);
  gtk_widget_class_bind_template_child(widget_class, AmanatChecklistPage, steps_group);
  gtk_widget_class_bind_template_child(widget_class, AmanatChecklistPage, progress_label);
}

static void amanat_checklist_page_init(AmanatChecklistPage *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  add_steps(self);
  update_progress(self);
}

void amanat_checklist_page_set_session(AmanatChecklistPage *self, AmanatSession *session) {
  g_return_if_fail(AMANAT_IS_CHECKLIST_PAGE(self));
  g_set_object(&self->session, session);
  amanat_checklist_page_refresh(self);
}

void amanat_checklist_page_refresh(AmanatChecklistPage *self) {
  g_return_if_fail(AMANAT_IS_CHECKLIST_PAGE(self));
  check_swap(self);
  if (self->session == NULL)
    return;
  Snapshot *snapshot = g_new0(Snapshot, 1);
  snapshot->page = g_object_ref(self);
  self->busy++;
  amanat_session_run(self->session, snapshot_job, snapshot, (GDestroyNotify)snapshot_free, NULL,
                     snapshot_done_cb, snapshot);
}

gboolean amanat_checklist_page_get_busy(AmanatChecklistPage *self) {
  g_return_val_if_fail(AMANAT_IS_CHECKLIST_PAGE(self), FALSE);
  return self->busy > 0;
}

AmanatCheckState amanat_checklist_page_get_check(AmanatChecklistPage *self, const char *check) {
  g_return_val_if_fail(AMANAT_IS_CHECKLIST_PAGE(self), AMANAT_CHECK_UNKNOWN);
  for (guint i = 0; i < G_N_ELEMENTS(check_names); i++)
    if (g_strcmp0(check, check_names[i]) == 0)
      return self->states[i];
  g_return_val_if_reached(AMANAT_CHECK_UNKNOWN);
}

GtkCheckButton *amanat_checklist_page_get_step(AmanatChecklistPage *self, const char *step) {
  g_return_val_if_fail(AMANAT_IS_CHECKLIST_PAGE(self), NULL);
  for (guint i = 0; i < N_STEPS; i++)
    if (g_strcmp0(step, steps[i].key) == 0)
      return self->step_checks[i];
  g_return_val_if_reached(NULL);
}

guint amanat_checklist_page_get_done(AmanatChecklistPage *self) {
  g_return_val_if_fail(AMANAT_IS_CHECKLIST_PAGE(self), 0);
  guint done = 0;
  for (guint i = 0; i < N_STEPS; i++)
    if (self->step_checks[i] != NULL && gtk_check_button_get_active(self->step_checks[i]))
      done++;
  return done;
}

void amanat_checklist_page_set_swap_source(AmanatChecklistPage *self, const char *proc_swaps,
                                           const AmanatSwapSystem *system, const char *power_state,
                                           const char *power_disk) {
  g_return_if_fail(AMANAT_IS_CHECKLIST_PAGE(self));
  self->swap_overridden = system != NULL;
  self->swap_system = system;
  g_free(self->proc_swaps);
  self->proc_swaps = g_strdup(proc_swaps);
  g_free(self->power_state);
  self->power_state = g_strdup(power_state);
  g_free(self->power_disk);
  self->power_disk = g_strdup(power_disk);
  check_swap(self);
}
