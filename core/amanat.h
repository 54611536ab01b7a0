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
  AMANAT_E_WRONG_PASSWORD = -1,   /* no keyslot opens with this password */
  AMANAT_E_NOT_A_VAULT = -2,      /* no header file, or not an Amanat header */
  AMANAT_E_EXISTS = -3,           /* init over a vault or a non-empty folder */
  AMANAT_E_VERSION = -4,          /* written by a newer Amanat */
  AMANAT_E_HEADER_TRUNCATED = -5, /* header shorter than its fixed size */
  AMANAT_E_HEADER_DAMAGED = -6,   /* plaintext prefix altered, or trailing data */
  AMANAT_E_KDF_LIMITS = -7,       /* KDF cost outside the accepted range */
  AMANAT_E_DAMAGED = -8,          /* a database or stored data fails authentication */
  AMANAT_E_BUSY = -9,             /* another process has the vault open */
  AMANAT_E_IO = -10,              /* any other input/output failure */
  AMANAT_E_NO_SPACE = -11,        /* the disk (or a quota) is full */
  AMANAT_E_READ_ONLY = -12,       /* no permission to write, or read-only file system */
  AMANAT_E_NOMEM = -13,           /* out of memory (or locked memory) */
  AMANAT_E_EMPTY_PASSWORD = -14,  /* an empty password was given */
  AMANAT_E_INVALID = -15,         /* invalid argument, e.g. a password not in UTF-8 */
  AMANAT_E_NO_FREE_SLOT = -16,    /* every keyslot is in use */
  AMANAT_E_CRYPTO = -17,          /* libsodium could not start */
  AMANAT_E_NOT_ALLOWED = -18,     /* this session's role may not do that */
  AMANAT_E_MISSING = -19,         /* a vault file is missing */
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
} amanat_verify_part;

typedef struct amanat_verify_report {
  amanat_verify_part part;
  int index;
} amanat_verify_report;

/* Checks every byte this session can authenticate: the header prefix and keyslot, and
 * each space database it holds a key for. AMANAT_E_DAMAGED with `report` filled in
 * when something fails. */
AMANAT_MUST_CHECK int amanat_vault_verify(amanat_vault *vault, amanat_verify_report *report);

/* Nanoseconds the last open spent in the KDF, and from the KDF's end to ready. */
void amanat_vault_open_timings(const amanat_vault *vault, uint64_t *kdf_ns, uint64_t *ready_ns);

/* ---- Process hardening ------------------------------------------------------------ */

/* No core dumps, no ptrace attach: call first thing in main(). */
AMANAT_MUST_CHECK int amanat_harden_process(void);

/* ---- Test hooks (fault injection, FORMAT.md test vectors) -------------------------- */

/* Makes the k-th core write, fsync, rename, mkdir or allocation from now fail with
 * `error_number` (k counts from 1; 0 turns injection off). Returns how many such calls
 * happened since the last arm, for a caller that loops over every k. */
unsigned amanat_fault_arm(unsigned k, int error_number);
