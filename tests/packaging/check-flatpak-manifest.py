#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Flatpak manifest: it parses, every source is pinned, the sandbox stays tight.

Usage: check-flatpak-manifest.py MANIFEST.json

flatpak-builder's JSON reader accepts /* */ comments, which the manifest uses to say why each
permission is there; they are stripped here before json.loads, and every finish-arg must have
one just above it (or share it with the lines above that grant the same option).
"""
import json
import re
import sys

SHA256 = re.compile(r'^[0-9a-f]{64}$')
# A permission never allowed: the network, the whole home or host, any bus, every device.
FORBIDDEN = (
    '--share=network',
    '--filesystem=host',
    '--filesystem=home',
    '--filesystem=~',
    '--socket=session-bus',
    '--socket=system-bus',
    '--device=all',
    '--socket=ssh-auth',
    '--socket=gpg-agent',
    '--talk-name=org.freedesktop.Flatpak',
)


def strip_comments(text):
    """Returns (JSON text without comments, set of line numbers that end a comment)."""
    out, comment_ends, i, line = [], set(), 0, 1
    in_string = False
    while i < len(text):
        c = text[i]
        if in_string:
            out.append(c)
            if c == '\\':
                out.append(text[i + 1])
                i += 1
            elif c == '"':
                in_string = False
        elif text.startswith('/*', i):
            end = text.index('*/', i + 2) + 2
            chunk = text[i:end]
            line += chunk.count('\n')
            comment_ends.add(line)
            out.append('\n' * chunk.count('\n'))
            i = end
            continue
        else:
            if c == '"':
                in_string = True
            out.append(c)
        if c == '\n':
            line += 1
        i += 1
    return ''.join(out), comment_ends


def finish_arg_lines(text):
    """Line number of each string inside the finish-args array."""
    start = text.index('"finish-args"')
    end = text.index(']', start)
    first_line = text.count('\n', 0, start) + 1
    lines = {}
    for n, row in enumerate(text[start:end].split('\n')):
        for arg in re.findall(r'"(--[^"]+)"', row):
            lines[arg] = first_line + n
    return lines


def main():
    path = sys.argv[1]
    raw = open(path, encoding='utf-8').read()
    text, comment_ends = strip_comments(raw)
    manifest = json.loads(text)
    errors = []

    if manifest.get('app-id') != 'org.amanat.Amanat':
        errors.append('app-id is not org.amanat.Amanat')
    if manifest.get('runtime') != 'org.gnome.Platform' or manifest.get('sdk') != 'org.gnome.Sdk':
        errors.append('runtime and sdk must be GNOME')

    args = manifest.get('finish-args', [])
    arg_lines = finish_arg_lines(text)
    for arg in args:
        if any(arg == f or arg.startswith(f + ':') or arg.startswith(f + '/') for f in FORBIDDEN):
            errors.append(f'forbidden permission {arg}')
        line = arg_lines[arg]
        # Commented just above, or in a group of the same option whose first line is.
        option = arg.split('=')[0]
        by_line = {n: a for a, n in arg_lines.items()}
        while line - 1 not in comment_ends and by_line.get(line - 1, '').split('=')[0] == option:
            line -= 1
        if line - 1 not in comment_ends:
            errors.append(f'permission {arg} has no comment saying why')
    if '--unshare=network' not in args and any('network' in a for a in args):
        errors.append('network named in finish-args')

    for module in manifest.get('modules', []):
        if isinstance(module, str):
            errors.append(f'module file {module}: keep every module inline, so it is checked')
            continue
        name = module.get('name', '?')
        for arg in module.get('build-options', {}).get('build-args', []):
            if arg == '--share=network':
                errors.append(f'{name}: the build may not use the network')
        for source in module.get('sources', []):
            kind = source.get('type')
            if kind in ('archive', 'file'):
                url = source.get('url', '')
                if not url.startswith('https://'):
                    errors.append(f'{name}: source URL is not https: {url!r}')
                if not SHA256.match(source.get('sha256', '')):
                    errors.append(f'{name}: source without a sha256')
            elif kind == 'git':
                if not source.get('url', '').startswith('https://') or not (
                        source.get('tag') and re.match(r'^[0-9a-f]{40}$', source.get('commit', ''))):
                    errors.append(f'{name}: git source needs an https URL, a tag and its commit')
            elif kind == 'dir' and name == 'amanat':
                pass  # the project's own tree
            else:
                errors.append(f'{name}: source type {kind!r} is not pinned')

    for error in errors:
        print(f'{path}: {error}', file=sys.stderr)
    names = [m.get('name') for m in manifest.get('modules', []) if isinstance(m, dict)]
    for needed in ('sqlcipher', 'libsodium', 'zstd', 'amanat'):
        if needed not in names:
            print(f'{path}: no {needed} module', file=sys.stderr)
            errors.append(needed)
    if not errors:
        print(f'{path}: {len(names)} modules, {len(args)} permissions, all sources pinned')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
