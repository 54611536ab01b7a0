/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-no-network.c: a whole amanat-cli session under `strace -f -e trace=network`: not one
 * network system call, not even an AF_UNIX socket (DESIGN.md: the app never opens a
 * socket). A control run first shows that the same trace does see a TCP connection.
 *
 * Given the desktop app and its widget-test program too, it traces those instead, under
 * the virtual display the 'ui' suite runs in: sockets only to the X server, D-Bus and the
 * accessibility bus. */
#include <glib.h>
#include <string.h>

#include "amanat.h"
#include "cli-run.h"

#define PW     "lantern orbit maple thimble"
#define PW2    "harbour quill juniper ember"
#define DURESS "seven quiet violins"

static const char *strace_path;
static const char *ui_test_path, *app_path; /* the GUI variant */

typedef struct {
  Fixture f;
  char *log;
  GPtrArray *calls; /* every network system call seen, "command: call" */
  unsigned commands;
} Session;

/* The network system calls in an strace log: lines "PID name(...". */
static void collect_calls(const char *log, const char *command, GPtrArray *calls) {
  g_autofree char *text = NULL;
  g_assert_true(g_file_get_contents(log, &text, NULL, NULL));
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  g_autoptr(GRegex) call = g_regex_new("^[0-9]+ +[a-z_0-9]+\\(", 0, 0, NULL);
  for (char **line = lines; *line != NULL; line++)
    if (g_regex_match(call, *line, 0, NULL))
      g_ptr_array_add(calls, g_strdup_printf("%s: %s", command, *line));
}

/* Runs PROGRAM ARGS... under strace, with `input` on standard input; adds what it saw. */
static CliResult *traced(Session *s, const char *input, const char *program,
                         const char *const *args) {
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  /* -qq -e signal=none: only system call lines, no attach, exit or signal notes. */
  const char *const strace_args[] = {"-f", "-qq",  "-e", "trace=network", "-e", "signal=none",
                                     "-o", s->log, "--", program};
  for (size_t i = 0; i < G_N_ELEMENTS(strace_args); i++)
    g_ptr_array_add(argv, (gpointer)strace_args[i]);
  for (const char *const *a = args; *a != NULL; a++)
    g_ptr_array_add(argv, (gpointer)*a);
  g_ptr_array_add(argv, NULL);
  /* LeakSanitizer cannot run under ptrace (the sanitizer build): leaks are other tests' job. */
  static const char *const env[] = {"ASAN_OPTIONS=detect_leaks=0:abort_on_error=1", NULL};
  CliResult *r =
      cli_run_full(&s->f, &(CliRunOptions){.input = input, .program = strace_path, .env = env},
                   (const char *const *)argv->pdata);
  g_autofree char *command = g_strjoinv(" ", (char **)args);
  collect_calls(s->log, command, s->calls);
  s->commands++;
  return r;
}

/* amanat-cli --vault VAULT ARGS..., which must succeed. */
static CliResult *step(Session *s, const char *vault, const char *input, const char *const *args) {
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  g_ptr_array_add(argv, (gpointer) "--vault");
  g_ptr_array_add(argv, (gpointer)vault);
  for (const char *const *a = args; *a != NULL; a++)
    g_ptr_array_add(argv, (gpointer)*a);
  g_ptr_array_add(argv, NULL);
  CliResult *r = traced(s, input, cli_path(), (const char *const *)argv->pdata);
  assert_status(r, 0);
  return r;
}

#define STEP(s, input, ...)                                                                        \
  step((s), (s)->f.vault, (input), (const char *const[]){__VA_ARGS__, NULL})
#define STEP_IN(s, vault, input, ...)                                                              \
  step((s), (vault), (input), (const char *const[]){__VA_ARGS__, NULL})

static void session_setup(Session *s, gconstpointer data) {
  fixture_setup(&s->f, data);
  s->log = g_build_filename(s->f.tmp, "strace.log", NULL);
  s->calls = g_ptr_array_new_with_free_func(g_free);
}

static void session_teardown(Session *s, gconstpointer data) {
  g_ptr_array_unref(s->calls);
  g_free(s->log);
  fixture_teardown(&s->f, data);
}

/* The trace is not blind: bash's /dev/tcp makes a TCP socket and connects it. */
static void test_control(Session *s, gconstpointer data) {
  g_autoptr(CliResult) r =
      traced(s, NULL, "/bin/bash",
             (const char *const[]){"-c", "exec 3<>/dev/tcp/127.0.0.1/9 || true", NULL});
  gboolean inet_socket = FALSE, inet_connect = FALSE;
  for (guint i = 0; i < s->calls->len; i++) {
    const char *call = g_ptr_array_index(s->calls, i);
    inet_socket |= strstr(call, "socket(AF_INET") != NULL;
    inet_connect |= strstr(call, "connect(") != NULL && strstr(call, "AF_INET") != NULL;
  }
  g_assert_true(inet_socket);
  g_assert_true(inet_connect);
}

static char *write_file(Session *s, const char *name, const char *text) {
  char *path = g_build_filename(s->f.tmp, name, NULL);
  g_assert_true(g_file_set_contents(path, text, -1, NULL));
  return path;
}

static void test_cli_session(Session *s, gconstpointer data) {
  const char *pw = PW "\n", *pw2 = PW2 "\n";
  g_autofree char *init = g_strdup_printf("%s\n%s\n", PW, PW);
  g_autofree char *report = write_file(s, "report.txt", "Field report: the bridge was closed.\n");
  g_autofree char *card = g_build_filename(s->f.tmp, "colleague.card", NULL);
  g_autofree char *colleague = g_build_filename(s->f.tmp, "colleague", NULL);
  g_autofree char *out = g_build_filename(s->f.tmp, "report-copy.txt", NULL);

  g_autoptr(CliResult) made = STEP(s, init, "init", "--kdf", "interactive");
  g_autoptr(CliResult) info = STEP(s, NULL, "info", "--json");
  g_autoptr(CliResult) verify = STEP(s, pw, "verify");
  g_autoptr(CliResult) add = STEP(s, pw, "add", "--tag", "work", "--title", "Report", report);
  g_autofree char *id = g_strndup(add->out, AMANAT_ID_LEN);
  g_autoptr(CliResult) ls = STEP(s, pw, "ls", "--json");
  g_assert_nonnull(strstr(ls->out, id));
  g_autoptr(CliResult) show = STEP(s, pw, "show", id);
  g_autoptr(CliResult) get = STEP(s, pw, "get", id, "-o", out);
  g_autoptr(CliResult) tag = STEP(s, pw, "tag", id, "+travel");
  g_autofree char *note_input = g_strconcat(pw, "Meet at the station at nine.\n", NULL);
  g_autoptr(CliResult) note = STEP(s, note_input, "note", "add", "--title", "Plan", "--file", "-");
  g_autoptr(CliResult) contact = STEP(s, pw, "contact", "add", "--name", "Falcon", "--field",
                                      "City=Aden", "--sensitive", "Phone=555 0101");
  g_autofree char *contact_id = g_strndup(contact->out, AMANAT_ID_LEN);
  g_autoptr(CliResult) contacts = STEP(s, pw, "contact", "ls", "--json");
  g_autoptr(CliResult) shown = STEP(s, pw, "contact", "show", contact_id, "--reveal");
  g_autoptr(CliResult) edit = STEP(s, pw, "contact", "edit", contact_id, "--name", "Hawk");
  g_autoptr(CliResult) search = STEP(s, pw, "search", "bridge", "--json");
  g_assert_nonnull(strstr(search->out, id));

  /* A colleague's vault and card: identity, peers. */
  g_autoptr(CliResult) other = STEP_IN(s, colleague, init, "init", "--kdf", "interactive");
  g_autoptr(CliResult) exported = STEP_IN(s, colleague, pw, "identity", "export", "-o", card);
  g_autoptr(CliResult) identity = STEP(s, pw, "identity", "--json");
  g_autoptr(CliResult) peer = STEP(s, pw, "peer", "add", card, "--name", "Layla");
  g_autoptr(CliResult) verified = STEP(s, pw, "peer", "verify", "Layla");
  g_autoptr(CliResult) peers = STEP(s, pw, "peer", "ls", "--json");
  g_autoptr(CliResult) peer_rm = STEP(s, pw, "peer", "rm", "Layla");

  g_autoptr(CliResult) contact_rm = STEP(s, pw, "contact", "rm", contact_id);
  g_autoptr(CliResult) rm = STEP(s, pw, "rm", id);
  g_autoptr(CliResult) compact = STEP(s, pw, "compact");
  g_autofree char *passwd = g_strdup_printf("%s\n%s\n%s\n", PW, PW2, PW2);
  g_autoptr(CliResult) changed = STEP(s, passwd, "passwd");
  g_autoptr(CliResult) decoy = STEP(s, pw2, "--space", "decoy", "add", report);
  g_autofree char *duress = g_strdup_printf("%s\n%s\n%s\n", PW2, DURESS, DURESS);
  g_autoptr(CliResult) duress_set = STEP(s, duress, "duress", "set");
  g_autoptr(CliResult) duress_clear = STEP(s, pw2, "duress", "clear");
  g_autoptr(CliResult) after = STEP(s, pw2, "wipe-after", "5");
  g_autoptr(CliResult) wiped = STEP(s, NULL, "wipe", "--yes");
  g_assert_false(g_file_test(s->f.vault, G_FILE_TEST_EXISTS));

  /* A failing command too: a wrong password takes the same path to its error. */
  g_autoptr(CliResult) wrong = traced(s, "not the password\n", cli_path(),
                                      (const char *const[]){"--vault", colleague, "ls", NULL});
  g_assert_cmpint(wrong->status, ==, 3);

  g_test_message("%u commands traced", s->commands);
  for (guint i = 0; i < s->calls->len; i++)
    g_test_message("network system call: %s", (const char *)g_ptr_array_index(s->calls, i));
  g_assert_cmpuint(s->calls->len, ==, 0);
}

/* ---- The desktop app -------------------------------------------------------------- */

/* Where a GUI process may connect: the X server, the session bus, the accessibility bus,
 * the system bus (logind: the keys are wiped before the machine sleeps). And glibc's user-database cache (nscd): Mesa's software renderer looks up the home
 * folder with getpwuid, which asks nscd first; a local service, not a network. */
static gboolean allowed_unix_path(const char *call) {
  static const char *const allowed[] = {".X11-unix/X", "/dbus-", "/at-spi/bus",
                                        "\"/var/run/dbus/system_bus_socket\"",
                                        "\"/var/run/nscd/socket\""};
  for (size_t i = 0; i < G_N_ELEMENTS(allowed); i++)
    if (strstr(call, allowed[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* A call breaks the rule when it names any address family but AF_UNIX, or connects or
 * binds an AF_UNIX socket anywhere else than above. (getsockname and the like may name
 * AF_UNIX sockets freely.) */
static gboolean gui_call_allowed(const char *call) {
  for (const char *p = strstr(call, "AF_"); p != NULL; p = strstr(p + 3, "AF_"))
    if (!g_str_has_prefix(p, "AF_UNIX") && !g_str_has_prefix(p, "AF_LOCAL"))
      return FALSE;
  gboolean addressing = strstr(call, " connect(") != NULL || strstr(call, " bind(") != NULL;
  if (addressing && strstr(call, "sa_family=AF_UNIX") != NULL)
    return allowed_unix_path(call);
  return TRUE;
}

static void check_gui_calls(Session *s) {
  guint refused = 0, sockets = 0;
  for (guint i = 0; i < s->calls->len; i++) {
    const char *call = g_ptr_array_index(s->calls, i);
    sockets += strstr(call, "socket(") != NULL;
    if (!gui_call_allowed(call)) {
      g_test_message("not allowed: %s", call);
      refused++;
    }
  }
  /* The trace saw the display's socket at least, so it was not blind. */
  g_assert_cmpuint(sockets, >, 0);
  g_assert_cmpuint(refused, ==, 0);
}

static gboolean have_display(void) {
  if (g_getenv("DISPLAY") != NULL && g_getenv("DBUS_SESSION_BUS_ADDRESS") != NULL)
    return TRUE;
  g_test_skip("needs a display and a session bus (run under xvfb-run and dbus-run-session)");
  return FALSE;
}

/* The rule is not blind either: it refuses bash's TCP connection, and an AF_UNIX
 * connection to a socket that is none of the allowed ones. */
static void test_gui_rule(Session *s, gconstpointer data) {
  g_autoptr(CliResult) r =
      traced(s, NULL, "/bin/bash",
             (const char *const[]){"-c", "exec 3<>/dev/tcp/127.0.0.1/9 || true", NULL});
  guint refused = 0;
  for (guint i = 0; i < s->calls->len; i++)
    refused += !gui_call_allowed(g_ptr_array_index(s->calls, i));
  g_assert_cmpuint(refused, >, 0);
  g_assert_false(gui_call_allowed(
      "x: 1 connect(3, {sa_family=AF_UNIX, sun_path=\"/run/cups/cups.sock\"}, 110) = 0"));
  g_assert_true(gui_call_allowed(
      "x: 1 connect(3, {sa_family=AF_UNIX, sun_path=@\"/tmp/.X11-unix/X99\"}, 21) = 0"));
}

/* The app's flows (setup, unlock, import, search, delete, duress, panic wipe), as the
 * widget tests drive them through the real window. */
static void test_gui_flows(Session *s, gconstpointer data) {
  if (!have_display())
    return;
  g_assert_true(g_file_test(ui_test_path, G_FILE_TEST_IS_EXECUTABLE));
  g_autoptr(CliResult) r = traced(s, NULL, ui_test_path, (const char *const[]){"--tap", NULL});
  assert_status(r, 0);
  check_gui_calls(s);
}

/* The app itself, from its main() until it is told to quit five seconds later. */
static void test_gui_app(Session *s, gconstpointer data) {
  if (!have_display())
    return;
  g_autoptr(CliResult) r =
      traced(s, NULL, "timeout", (const char *const[]){"-s", "TERM", "5", app_path, NULL});
  if (r->status != 124) /* timeout's status when it had to stop the app */
    g_test_message("stdout: %s\nstderr: %s", r->out, r->err);
  g_assert_cmpint(r->status, ==, 124);
  check_gui_calls(s);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  if (argc != 2 && argc != 4)
    g_error("usage: test-no-network [--tap] STRACE [UI-TEST-PROGRAM APP]");
  strace_path = argv[1];
#define ADD(path, func) g_test_add(path, Session, NULL, session_setup, func, session_teardown)
  if (argc == 4) {
    ui_test_path = argv[2];
    app_path = argv[3];
    ADD("/network/gui-rule-refuses-tcp", test_gui_rule);
    ADD("/network/gui-flows", test_gui_flows);
    ADD("/network/gui-app", test_gui_app);
  } else {
    ADD("/network/strace-sees-tcp", test_control);
    ADD("/network/cli-session", test_cli_session);
  }
#undef ADD
  return g_test_run();
}
