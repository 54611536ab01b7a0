/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat.h: the public API of the Amanat core, the one header ui/ and app/ include.
 *
 * Every fallible function returns AMANAT_OK (0) or a negative amanat_err code.
 * The core never prints and never translates: callers map codes to messages. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define AMANAT_MUST_CHECK __attribute__((warn_unused_result))

typedef enum amanat_err {
  AMANAT_OK = 0,
  AMANAT_E_WRONG_PASSWORD = -1,    /* no keyslot opens with this password */
  AMANAT_E_NOT_A_VAULT = -2,       /* no header file, or not an Amanat header */
  AMANAT_E_EXISTS = -3,            /* init over a vault or a non-empty folder */
  AMANAT_E_VERSION = -4,           /* written by a newer Amanat */
  AMANAT_E_HEADER_TRUNCATED = -5,  /* header shorter than its fixed size */
  AMANAT_E_HEADER_DAMAGED = -6,    /* plaintext prefix altered, or trailing data */
  AMANAT_E_KDF_LIMITS = -7,        /* KDF cost outside the accepted range */
  AMANAT_E_DAMAGED = -8,           /* a database or stored data fails authentication */
  AMANAT_E_BUSY = -9,              /* another process has the vault open */
  AMANAT_E_IO = -10,               /* any other input/output failure */
  AMANAT_E_NO_SPACE = -11,         /* the disk (or a quota) is full */
  AMANAT_E_READ_ONLY = -12,        /* no permission to write, or read-only file system */
  AMANAT_E_NOMEM = -13,            /* out of memory (or locked memory) */
  AMANAT_E_EMPTY_PASSWORD = -14,   /* an empty password was given */
  AMANAT_E_INVALID = -15,          /* invalid argument, e.g. a password not in UTF-8 */
  AMANAT_E_NO_FREE_SLOT = -16,     /* every keyslot is in use */
  AMANAT_E_CRYPTO = -17,           /* libsodium could not start */
  AMANAT_E_NOT_ALLOWED = -18,      /* this session's role may not do that */
  AMANAT_E_MISSING = -19,          /* a vault file is missing */
  AMANAT_E_NOT_FOUND = -20,        /* no item has that id */
  AMANAT_E_AMBIGUOUS = -21,        /* an id prefix matches more than one item */
  AMANAT_E_CHANGED = -22,          /* a file grew or shrank while it was imported */
  AMANAT_E_CANCELLED = -23,        /* the caller's progress callback asked to stop */
  AMANAT_E_UNREADABLE = -24,       /* a file to import could not be opened or read */
  AMANAT_E_WIPED = -25,            /* the vault was wiped (a half-removed one too) */
  AMANAT_E_PASSWORD_IN_USE = -26,  /* that password already opens this vault */
  AMANAT_E_BAD_CARD = -27,         /* an identity card that is malformed or forged */
  AMANAT_E_NOT_RECIPIENT = -28,    /* a bundle made for other vaults, not this space */
  AMANAT_E_UNKNOWN_SENDER = -29,   /* a bundle signed by someone who is not a peer */
  AMANAT_E_UNVERIFIED = -30,       /* a peer whose safety code was not compared yet */
  AMANAT_E_BUNDLE_GAP = -31,       /* a bundle that builds on an earlier one not imported */
  AMANAT_E_BAD_BUNDLE = -32,       /* a bundle that is truncated, altered or malformed */
  AMANAT_E_BAD_BACKUP = -33,       /* not a backup, or one truncated, altered or damaged */
  AMANAT_E_BAD_RECOVERY_KEY = -34, /* a recovery key file or card malformed or altered */
} amanat_err;

/* English text for logs of tests and developers; user-facing text is the caller's. */
const char *amanat_err_name(int err);

/* Call once before anything else: starts libsodium. */
AMANAT_MUST_CHECK int amanat_init(void);

/* ---- Key derivation cost ---------------------------------------------------------- */

typedef enum amanat_kdf_profile {
  AMANAT_KDF_INTERACTIVE, /* 64 MiB, 2 passes: tests and low-memory machines */
  AMANAT_KDF_MODERATE,    /* 256 MiB, 3 passes: the default */
  AMANAT_KDF_SENSITIVE,   /* 1 GiB, 4 passes */
} amanat_kdf_profile;

typedef struct amanat_kdf_cost {
  uint32_t opslimit; /* Argon2id passes */
  uint64_t memlimit; /* bytes */
} amanat_kdf_cost;

amanat_kdf_cost amanat_kdf_cost_for(amanat_kdf_profile profile);
/* AMANAT_OK when the cost lies within what FORMAT.md accepts. */
AMANAT_MUST_CHECK int amanat_kdf_cost_check(amanat_kdf_cost cost);

/* ---- Vault ------------------------------------------------------------------------ */

typedef struct amanat_vault amanat_vault;

typedef enum amanat_space_choice {
  AMANAT_SPACE_DEFAULT, /* whatever space the password opens */
  AMANAT_SPACE_DECOY,   /* the decoy, reached with the real password */
} amanat_space_choice;

typedef struct amanat_vault_info {
  uint16_t format_version;
  amanat_kdf_cost kdf;
} amanat_vault_info;

/* Creates a vault in `dir` (a new or empty folder). The password is UTF-8 of
 * `password_len` bytes; it is normalised to NFC inside locked memory. Nothing is left
 * behind on failure. */
AMANAT_MUST_CHECK int amanat_vault_create(const char *dir, const char *password,
                                          size_t password_len, amanat_kdf_cost cost);

/* Reads the plaintext prefix only: no password, no writes. */
AMANAT_MUST_CHECK int amanat_vault_read_info(const char *dir, amanat_vault_info *info);

/* Unlocks: one Argon2id run, then every keyslot is tried. On success *out holds the
 * open vault and the header is locked against other processes until amanat_vault_lock. */
AMANAT_MUST_CHECK int amanat_vault_open(const char *dir, const char *password, size_t password_len,
                                        amanat_space_choice choice, amanat_vault **out);

/* Locks: closes the databases, wipes every key and frees the vault. Accepts NULL. */
void amanat_vault_lock(amanat_vault *vault);

/* Re-wraps this session's keyslot under a new password, in place (FORMAT.md §Changing
 * a password). The data is not re-encrypted. Needs an owner session. */
AMANAT_MUST_CHECK int amanat_vault_change_password(amanat_vault *vault, const char *new_password,
                                                   size_t new_password_len);

/* What amanat_vault_verify found to be damaged. */
typedef enum amanat_verify_part {
  AMANAT_PART_NONE,
  AMANAT_PART_HEADER,
  AMANAT_PART_DATABASE, /* `index` says which database file */
  AMANAT_PART_DOCUMENT, /* `document_id` names it (in the space in use) */
} amanat_verify_part;

typedef struct amanat_verify_report {
  amanat_verify_part part;
  int index;
  char document_id[13];
} amanat_verify_report;

/* Checks every byte this session can authenticate: the header prefix and keyslot, each
 * space database it holds a key for, and every chunk of every document in them. AMANAT_E_DAMAGED
 * with `report` filled in when something fails. */
AMANAT_MUST_CHECK int amanat_vault_verify(amanat_vault *vault, amanat_verify_report *report);

/* Nanoseconds the last open spent in the KDF, and from the KDF's end to ready. */
void amanat_vault_open_timings(const amanat_vault *vault, uint64_t *kdf_ns, uint64_t *ready_ns);

/* ---- Identities and peers (sync between colleagues) --------------------------------- */

/* A safety code: 30 digits in six groups of five, read aloud or compared on paper. */
#define AMANAT_SAFETY_CODE_LEN 35

typedef struct amanat_identity_info {
  char x25519_hex[65];  /* public key for encryption */
  char ed25519_hex[65]; /* public key for signatures */
  char safety_code[AMANAT_SAFETY_CODE_LEN + 1];
} amanat_identity_info;

/* This space's identity (made on first use; each space has its own). */
AMANAT_MUST_CHECK int amanat_identity_show(amanat_vault *vault, amanat_identity_info *info);
/* Writes this space's identity card to `path` (never replacing a file). */
AMANAT_MUST_CHECK int amanat_identity_export(amanat_vault *vault, const char *path);

typedef struct amanat_peer_info {
  const char *name;
  char safety_code[AMANAT_SAFETY_CODE_LEN + 1];
  int verified; /* the safety code was compared in person */
  const char *added;
} amanat_peer_info;

typedef int (*amanat_peer_visit)(const amanat_peer_info *peer, void *user_data);

/* Adds the colleague whose card is at `card_path` as `name`, not yet verified; gives the
 * card's safety code to compare before trusting it. AMANAT_E_BAD_CARD for a malformed or
 * forged card, AMANAT_E_EXISTS when the name or the identity is already a peer. */
AMANAT_MUST_CHECK int amanat_peer_add(amanat_vault *vault, const char *card_path, const char *name,
                                      char safety_code[AMANAT_SAFETY_CODE_LEN + 1]);
AMANAT_MUST_CHECK int amanat_peer_verify(amanat_vault *vault, const char *name);
AMANAT_MUST_CHECK int amanat_peer_list(amanat_vault *vault, amanat_peer_visit visit,
                                       void *user_data);
AMANAT_MUST_CHECK int amanat_peer_remove(amanat_vault *vault, const char *name);

/* ---- Duress and panic (FORMAT.md §Duress, SECURITY.md) ------------------------------ */

typedef enum amanat_duress_action {
  AMANAT_DURESS_WIPE,       /* open the decoy and make the real space unrecoverable */
  AMANAT_DURESS_DECOY_ONLY, /* open the decoy, destroy nothing */
} amanat_duress_action;

/* Adds a duress password (owner session): it opens the decoy, and with AMANAT_DURESS_WIPE
 * first destroys the real space's keyslots. Refused with AMANAT_E_PASSWORD_IN_USE when it
 * already opens this vault (the real password included); AMANAT_E_NO_FREE_SLOT when only
 * the spare is left. In a duress session it adds a password for the decoy's own decoy. */
AMANAT_MUST_CHECK int amanat_vault_duress_add(amanat_vault *vault, const char *password,
                                              size_t password_len, amanat_duress_action action);
/* Removes every duress password. */
AMANAT_MUST_CHECK int amanat_vault_duress_clear(amanat_vault *vault);

typedef struct amanat_wipe_timings {
  uint64_t unrecoverable_ns; /* until the overwritten header was synced */
  uint64_t removed_ns;       /* until every file was gone */
} amanat_wipe_timings;

/* Panic wipe, no password needed: overwrites every keyslot and the header, syncs (from
 * then on no password opens the vault, whatever its size), then removes every file. Runs
 * even while another process has the vault open. `timings` may be NULL. */
AMANAT_MUST_CHECK int amanat_vault_wipe(const char *dir, amanat_wipe_timings *timings);

/* Destroys the real space only (owner session): afterwards the real password opens what
 * was the decoy, as an ordinary vault, and the session continues in it. */
AMANAT_MUST_CHECK int amanat_vault_wipe_keep_decoy(amanat_vault *vault);

/* Wipe after `limit` wrong passwords in a row (0: off, the default). */
AMANAT_MUST_CHECK int amanat_vault_set_wipe_after(amanat_vault *vault, uint32_t limit);
AMANAT_MUST_CHECK int amanat_vault_get_wipe_after(amanat_vault *vault, uint32_t *limit);

/* Finishes work deferred past the unlock (removing a wiped space's data); the vault does
 * it when locked at the latest. The app calls it when idle after unlocking. */
AMANAT_MUST_CHECK int amanat_vault_housekeeping(amanat_vault *vault);

/* ---- Documents and notes ----------------------------------------------------------- */

/* Items are named by ids: 12 lowercase hex digits, shown to people and in JSON. Every
 * function that takes an id also takes any unique prefix of at least 4 digits. */
#define AMANAT_ID_LEN 12

typedef enum amanat_doc_kind {
  AMANAT_DOC_FILE = 0, /* imported from a file */
  AMANAT_DOC_NOTE = 1, /* written inside Amanat */
} amanat_doc_kind;

/* What a listing shows of a document. Pointers are borrowed: valid during the callback. */
typedef struct amanat_doc_info {
  char id[AMANAT_ID_LEN + 1];
  amanat_doc_kind kind;
  const char *title;
  const char *content_type;
  uint64_t size;     /* bytes of the original */
  const char *added; /* day added, "YYYY-MM-DD" (day precision, nothing finer) */
  const char *notes; /* free text, "" when none */
  const char *const *tags;
  size_t tag_count;
  const char *const *contacts; /* ids of linked contacts */
  size_t contact_count;
} amanat_doc_info;

/* Returns 0 to go on, anything else to stop the walk early (passed back as the result). */
typedef int (*amanat_doc_visit)(const amanat_doc_info *doc, void *user_data);

/* Progress of long work: `done` of `total` bytes (`total` is 0 when unknown, as for a
 * pipe). Return nonzero to cancel. */
typedef int (*amanat_progress)(uint64_t done, uint64_t total, void *user_data);

typedef struct amanat_import_options {
  const char *title; /* NULL: the file name (unless no_filename) */
  int no_filename;   /* keep no original name at all (`--no-filename`) */
  const char *const *tags;
  size_t tag_count;
  amanat_progress progress; /* may be NULL */
  void *progress_data;
} amanat_import_options;

/* Imports the file at `path` with constant memory: chunked, compressed when that helps,
 * padded, encrypted under a new random key. Nothing of the file's path, owner or times is
 * kept. A file that changes size while it is read gives AMANAT_E_CHANGED and nothing is
 * stored. `id_out` receives the new id. */
AMANAT_MUST_CHECK int amanat_doc_import_path(amanat_vault *vault, const char *path,
                                             const amanat_import_options *options,
                                             char id_out[AMANAT_ID_LEN + 1]);

/* The same from an open descriptor (standard input, a pipe): read to its end. */
AMANAT_MUST_CHECK int amanat_doc_import_fd(amanat_vault *vault, int fd, const char *file_name,
                                           const amanat_import_options *options,
                                           char id_out[AMANAT_ID_LEN + 1]);

/* A note: text written in Amanat, stored and searched like a document. */
AMANAT_MUST_CHECK int amanat_note_add(amanat_vault *vault, const char *title, const char *text,
                                      size_t text_len, char id_out[AMANAT_ID_LEN + 1]);

/* Replaces a note's text (a new key; the old text is shredded). The id stays. */
AMANAT_MUST_CHECK int amanat_note_set_text(amanat_vault *vault, const char *id, const char *text,
                                           size_t text_len);

/* Lists documents (newest first), optionally only those with `tag` (NULL: all), from
 * `offset`, at most `limit` (0: no limit). */
AMANAT_MUST_CHECK int amanat_doc_list(amanat_vault *vault, const char *tag, size_t offset,
                                      size_t limit, amanat_doc_visit visit, void *user_data);
AMANAT_MUST_CHECK int amanat_doc_count(amanat_vault *vault, const char *tag, uint64_t *count);
/* Documents of one kind only, newest first, like amanat_doc_list; and their count. */
AMANAT_MUST_CHECK int amanat_doc_list_kind(amanat_vault *vault, amanat_doc_kind kind, size_t offset,
                                           size_t limit, amanat_doc_visit visit, void *user_data);
AMANAT_MUST_CHECK int amanat_doc_count_kind(amanat_vault *vault, amanat_doc_kind kind,
                                            uint64_t *count);
AMANAT_MUST_CHECK int amanat_doc_show(amanat_vault *vault, const char *id, amanat_doc_visit visit,
                                      void *user_data);

/* Streams a document's content into `fd`, verifying every chunk. On AMANAT_E_DAMAGED some
 * bytes may already have been written: callers writing to a file use export_path. */
AMANAT_MUST_CHECK int amanat_doc_export_fd(amanat_vault *vault, const char *id, int fd,
                                           amanat_progress progress, void *progress_data);

/* Streams into a hidden temporary file in the folder of `path`, renamed to `path` only
 * after the last chunk verifies; nothing is left on failure. Never replaces a file:
 * AMANAT_E_EXISTS when `path` exists. */
AMANAT_MUST_CHECK int amanat_doc_export_path(amanat_vault *vault, const char *id, const char *path,
                                             amanat_progress progress, void *progress_data);

/* Whole content in memory (for the app's viewer); *out is sodium_malloc'd, free it with
 * amanat_free_secret. Refused with AMANAT_E_INVALID above `max_size`. */
AMANAT_MUST_CHECK int amanat_doc_read_all(amanat_vault *vault, const char *id, size_t max_size,
                                          uint8_t **out, size_t *out_len);
void amanat_free_secret(void *secret);

/* Deletes documents: their keys are destroyed at once (crypto-shredding). */
AMANAT_MUST_CHECK int amanat_doc_delete(amanat_vault *vault, const char *id);
AMANAT_MUST_CHECK int amanat_doc_set_title(amanat_vault *vault, const char *id, const char *title);
AMANAT_MUST_CHECK int amanat_doc_set_notes(amanat_vault *vault, const char *id, const char *notes);
AMANAT_MUST_CHECK int amanat_doc_tag(amanat_vault *vault, const char *id, const char *const *add,
                                     size_t add_count, const char *const *remove,
                                     size_t remove_count);
/* Resolves an id prefix to the full id. */
AMANAT_MUST_CHECK int amanat_doc_resolve(amanat_vault *vault, const char *id_prefix,
                                         char id_out[AMANAT_ID_LEN + 1]);

/* Groups changes (many imports above all) into one transaction: all of them are kept,
 * or none. Pack files are synced once, at the commit. Once a change inside the batch
 * fails, later changes fail with the same error, and commit undoes everything and
 * returns it. Locking the vault undoes a batch that was not committed. */
AMANAT_MUST_CHECK int amanat_vault_batch_begin(amanat_vault *vault);
AMANAT_MUST_CHECK int amanat_vault_batch_commit(amanat_vault *vault);
void amanat_vault_batch_abort(amanat_vault *vault);

/* Reclaims space of deleted documents by rewriting packs; crash-safe. Also runs by
 * itself after deletions when dead space passes a threshold. */
AMANAT_MUST_CHECK int amanat_vault_compact(amanat_vault *vault);

/* ---- Contacts --------------------------------------------------------------------- */

typedef struct amanat_contact_field {
  const char *label;
  const char *value;
  int sensitive; /* hidden until revealed */
} amanat_contact_field;

typedef struct amanat_contact_info {
  char id[AMANAT_ID_LEN + 1];
  const char *name;
  const char *notes;
  const char *added;
  const amanat_contact_field *fields;
  size_t field_count;
  const char *const *tags;
  size_t tag_count;
  const char *const *documents; /* ids of linked documents */
  size_t document_count;
} amanat_contact_info;

typedef int (*amanat_contact_visit)(const amanat_contact_info *contact, void *user_data);

AMANAT_MUST_CHECK int amanat_contact_add(amanat_vault *vault, const char *name,
                                         const amanat_contact_field *fields, size_t field_count,
                                         char id_out[AMANAT_ID_LEN + 1]);
/* Resolves a contact id prefix to the full id. */
AMANAT_MUST_CHECK int amanat_contact_resolve(amanat_vault *vault, const char *id_prefix,
                                             char id_out[AMANAT_ID_LEN + 1]);
AMANAT_MUST_CHECK int amanat_contact_list(amanat_vault *vault, amanat_contact_visit visit,
                                          void *user_data);
AMANAT_MUST_CHECK int amanat_contact_show(amanat_vault *vault, const char *id,
                                          amanat_contact_visit visit, void *user_data);

/* Changes a contact: a new name (NULL keeps it); fields set (replacing a field with the
 * same label) and fields removed by label. */
AMANAT_MUST_CHECK int amanat_contact_edit(amanat_vault *vault, const char *id, const char *name,
                                          const amanat_contact_field *set, size_t set_count,
                                          const char *const *remove_labels, size_t remove_count);
AMANAT_MUST_CHECK int amanat_contact_set_notes(amanat_vault *vault, const char *id,
                                               const char *notes);
AMANAT_MUST_CHECK int amanat_contact_tag(amanat_vault *vault, const char *id,
                                         const char *const *add, size_t add_count,
                                         const char *const *remove, size_t remove_count);
AMANAT_MUST_CHECK int amanat_contact_delete(amanat_vault *vault, const char *id);

/* Links a document and a contact (or unlinks them). */
AMANAT_MUST_CHECK int amanat_link(amanat_vault *vault, const char *doc_id, const char *contact_id,
                                  int linked);

/* ---- Search ----------------------------------------------------------------------- */

typedef enum amanat_hit_kind {
  AMANAT_HIT_DOCUMENT,
  AMANAT_HIT_NOTE,
  AMANAT_HIT_CONTACT,
} amanat_hit_kind;

typedef struct amanat_search_hit {
  amanat_hit_kind kind;
  char id[AMANAT_ID_LEN + 1];
  const char *title; /* document or note title, or contact name */
} amanat_search_hit;

typedef int (*amanat_search_visit)(const amanat_search_hit *hit, void *user_data);

/* Full-text search over titles, tags, notes, contact names and fields, and the text of
 * plain-text documents. Every word of the query must match; the last may be a prefix.
 * AMANAT_E_INVALID for a query with no words. At most `limit` hits (0: all). */
AMANAT_MUST_CHECK int amanat_search(amanat_vault *vault, const char *query, size_t limit,
                                    amanat_search_visit visit, void *user_data);

/* ---- Sync bundles (FORMAT.md §Bundles) ---------------------------------------------- */

/* At most this many peers per bundle (the sender takes one more recipient slot). */
#define AMANAT_BUNDLE_MAX_PEERS 15

typedef struct amanat_export_options {
  const char *const *to; /* peer names */
  size_t to_count;
  int full;                /* everything, not only what these peers were not sent yet */
  const char *const *tags; /* only items with one of these tags (not counted as sent) */
  size_t tag_count;
  int omit_sensitive;   /* sensitive contact fields stay behind (their labels travel) */
  int allow_unverified; /* peers whose safety code was not compared */
  uint64_t part_size;   /* largest file to write; 0: what the file system allows */
  amanat_progress progress;
  void *progress_data;
} amanat_export_options;

typedef struct amanat_sync_counts {
  uint64_t documents, contacts, deletions;
} amanat_sync_counts;

typedef struct amanat_export_result {
  amanat_sync_counts sent;
  uint64_t bytes; /* of the bundle, all parts together */
  unsigned parts; /* files written: PATH, or PATH.001, PATH.002... */
} amanat_export_result;

/* Writes a bundle for the peers named in `options` (and this space) to `path`: encrypted,
 * signed, padded; synced, then read back and checked before success is returned, so the
 * drive may be removed. By default only what those peers were not sent yet. Never
 * replaces a file (AMANAT_E_EXISTS). On failure nothing that opens is left at `path`.
 * AMANAT_E_NOT_FOUND for an unknown peer name, AMANAT_E_UNVERIFIED for a peer not verified
 * (unless allowed). */
AMANAT_MUST_CHECK int amanat_bundle_export(amanat_vault *vault, const char *path,
                                           const amanat_export_options *options,
                                           amanat_export_result *result);

/* A random file name for a bundle, without an extension that tells what it is. */
void amanat_bundle_default_name(char name[17]);

typedef struct amanat_import_result {
  char peer[201];                               /* the sender's name here */
  char safety_code[AMANAT_SAFETY_CODE_LEN + 1]; /* the sender's, also for an unknown one */
  amanat_sync_counts added, updated, deleted;
  uint64_t conflicts; /* concurrent edits resolved (losing notes kept as copies) */
  uint64_t unchanged; /* items this space already had */
} amanat_import_result;

/* Reads the bundle at `path` (or its parts), checks all of it (recipient, signature of a
 * known peer, every record), then applies it in one transaction. Importing a bundle again,
 * or an older one, changes nothing it should not. AMANAT_E_NOT_RECIPIENT,
 * AMANAT_E_UNKNOWN_SENDER (safety_code filled in), AMANAT_E_UNVERIFIED (unless allowed),
 * AMANAT_E_BUNDLE_GAP, AMANAT_E_BAD_BUNDLE: in every case nothing changed. */
AMANAT_MUST_CHECK int amanat_bundle_import(amanat_vault *vault, const char *path,
                                           int allow_unverified, amanat_import_result *result);

/* Writes a canonical text dump of every synced item of the space in use (documents with
 * a hash of their content, notes, contacts, tags, links, deletions) to `fd`: two spaces
 * that converged give the same bytes. For tests and audits; it contains plaintext. */
AMANAT_MUST_CHECK int amanat_vault_dump(amanat_vault *vault, int fd);

/* ---- Backup, restore, recovery keys (FORMAT.md §Backups, §Recovery keys) ---------- */

/* A recovery key's safety code: 30 digits in six groups of five, to compare the public
 * card with the one the organisation published. */
#define AMANAT_RECOVERY_CODE_LEN 35

/* Makes an organisation recovery key: an X25519 key pair. The private part is sealed
 * with `passphrase` (Argon2id at `cost`, then XChaCha20-Poly1305) into `private_path`;
 * the public part is written as a card to `public_path`. Neither file may exist
 * (AMANAT_E_EXISTS); nothing is left behind on failure. `code` may be NULL. */
AMANAT_MUST_CHECK int amanat_recovery_key_new(const char *private_path, const char *public_path,
                                              const char *passphrase, size_t passphrase_len,
                                              amanat_kdf_cost cost,
                                              char code[AMANAT_RECOVERY_CODE_LEN + 1]);

/* The safety code of the recovery key whose public card is at `card_path`
 * (AMANAT_E_BAD_RECOVERY_KEY for a malformed card). */
AMANAT_MUST_CHECK int amanat_recovery_card_code(const char *card_path,
                                                char code[AMANAT_RECOVERY_CODE_LEN + 1]);

typedef struct amanat_backup_options {
  const char *passphrase; /* NULL: no passphrase (then recovery_card is needed) */
  size_t passphrase_len;
  amanat_kdf_cost cost;      /* Argon2id cost for the passphrase */
  const char *recovery_card; /* a recovery key's public card, or NULL */
  amanat_progress progress;  /* may be NULL */
  void *progress_data;
} amanat_backup_options;

/* Writes a backup of the whole vault to the new file `path`: both spaces' databases and
 * every pack they name, with the keys to open them, encrypted under a random file key
 * that the passphrase and/or the recovery key wrap. Written under a hidden temporary name,
 * synced, read back and decrypted in full, then renamed into place (never over a file:
 * AMANAT_E_EXISTS) and the folder synced; nothing is left on failure. A duress session
 * backs up the space it shows as the real one, with its own decoy (an empty one when there
 * is none on disk): the backup looks like any other. */
AMANAT_MUST_CHECK int amanat_backup_write(amanat_vault *vault, const char *path,
                                          const amanat_backup_options *options);

/* A backup whose file key is known: opened with the passphrase or the recovery key. */
typedef struct amanat_backup amanat_backup;

/* Opens the backup at `path` with its passphrase (one Argon2id run). Reads only the
 * header: AMANAT_E_WRONG_PASSWORD when the passphrase does not open it (a changed byte in
 * the header reads the same), AMANAT_E_BAD_BACKUP when it is not a backup, AMANAT_E_VERSION
 * when a newer Amanat wrote it. */
AMANAT_MUST_CHECK int amanat_backup_open(const char *path, const char *passphrase,
                                         size_t passphrase_len, amanat_backup **out);

/* The same with a recovery key: its private file and that file's passphrase
 * (AMANAT_E_WRONG_PASSWORD for a wrong passphrase, AMANAT_E_BAD_RECOVERY_KEY for a file
 * that is not a recovery key, AMANAT_E_WRONG_PASSWORD too when the backup is not
 * encrypted to this key). */
AMANAT_MUST_CHECK int amanat_backup_open_with_key(const char *path, const char *key_path,
                                                  const char *passphrase, size_t passphrase_len,
                                                  amanat_backup **out);

/* Reads and decrypts the whole backup, checking every byte and its structure; writes
 * nothing. AMANAT_E_BAD_BACKUP when anything fails. */
AMANAT_MUST_CHECK int amanat_backup_check(amanat_backup *backup, amanat_progress progress,
                                          void *progress_data);

/* Restores the backup as a new vault in `dir` (a new or empty folder), built in a hidden
 * folder beside it and published only once complete and checked: a new header (new salt,
 * 16 slots) whose one owner slot opens with `password` at `cost`, and both spaces exactly
 * as they were backed up. Duress passwords are not restored; the wipe-after limit is. Each
 * space's 'sync.origin' setting is removed. On any failure nothing is left at `dir`. */
AMANAT_MUST_CHECK int amanat_backup_restore(amanat_backup *backup, const char *dir,
                                            const char *password, size_t password_len,
                                            amanat_kdf_cost cost, amanat_progress progress,
                                            void *progress_data);

/* Wipes the file key and frees. Accepts NULL. */
void amanat_backup_close(amanat_backup *backup);

/* ---- In-vault settings ------------------------------------------------------------ */

/* Per space (the session's). *value is malloc'd, free with free(); AMANAT_E_NOT_FOUND when
 * unset. Only names starting with "ui." (AMANAT_E_INVALID otherwise). */
AMANAT_MUST_CHECK int amanat_setting_get(amanat_vault *vault, const char *name, char **value);
/* UTF-8 value (multiline allowed, max 64 KiB); name must start with "ui." (names the core
 * uses itself, like "sync.*" and the identity, are not reachable); AMANAT_E_INVALID
 * otherwise. Runs in one transaction. */
AMANAT_MUST_CHECK int amanat_setting_set(amanat_vault *vault, const char *name, const char *value);

/* One key derivation with the vault's salt and cost, compared in constant time with this
 * session's: AMANAT_OK when `password` is the one that opened this session, else
 * AMANAT_E_WRONG_PASSWORD (normalised like amanat_vault_open: AMANAT_E_EMPTY_PASSWORD and
 * AMANAT_E_INVALID too). Never writes, never triggers duress. */
AMANAT_MUST_CHECK int amanat_vault_check_password(amanat_vault *vault, const char *password,
                                                  size_t password_len);
/* Owner session only (AMANAT_E_NOT_ALLOWED otherwise): how many duress passwords exist. */
AMANAT_MUST_CHECK int amanat_vault_duress_count(amanat_vault *vault, unsigned *count);

/* ---- Process hardening ------------------------------------------------------------ */

/* No core dumps, no ptrace attach: call first thing in main(). */
AMANAT_MUST_CHECK int amanat_harden_process(void);

/* ---- Test hooks (fault injection, FORMAT.md test vectors) -------------------------- */

/* Makes the k-th core write, fsync, rename, mkdir or allocation from now fail with
 * `error_number` (k counts from 1; 0 turns injection off). Returns how many such calls
 * happened since the last arm, for a caller that loops over every k. */
unsigned amanat_fault_arm(unsigned k, int error_number);
