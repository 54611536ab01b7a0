/* SPDX-License-Identifier: GPL-3.0-or-later */
/* renderer-sandbox.h: what the renderer gives up before it decodes untrusted bytes. */
#pragma once

/* First thing in main(): no core file (it would hold the document), no debugger from other
 * processes of the user, only descriptors 0, 1 and 2 open, and a write to a closed pipe
 * returns EPIPE rather than killing. Returns 0, or -1 with errno set. */
int renderer_sandbox_prepare(void);

/* Resource limits (address space, CPU time, no file growth, no new processes) and a seccomp
 * allow-list: from here on the process can read files and its pipes, write its standard
 * output and error, and compute; it cannot open a file for writing, change the file system,
 * use the network, start a program or a process, or map new executable memory. Call it after
 * everything that needs more is loaded, and before the first untrusted byte is parsed.
 * Returns 0, or -1 with errno set (the caller must then not go on). */
int renderer_sandbox_enter(void);
