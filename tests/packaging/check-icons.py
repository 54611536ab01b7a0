#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that every icon the UI names exists, and that Amanat's own icons are well formed.

Usage: check-icons.py SOURCE_ROOT [THEME_DIR]

An icon name in ui/*.ui or ui/*.c must be in the icon theme (Adwaita 43 on Debian 12) or in
icons/ (the app icon, or icons/actions/, bundled through icons/amanat-icons.gresource.xml).
Exit status 77 (skipped) when the theme is not installed.
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

SVG = '{http://www.w3.org/2000/svg}svg'


def names_in_ui(ui_dir):
    found = {}
    for name in sorted(os.listdir(ui_dir)):
        if not name.endswith(('.ui', '.c')):
            continue
        text = open(os.path.join(ui_dir, name), encoding='utf-8').read()
        icons = set(re.findall(r'name="icon[-_]name"[^>]*>\s*([^<\s]+)\s*<', text))
        icons |= set(re.findall(r'"([a-z0-9][a-z0-9.-]*-symbolic)"', text))
        icons |= set(re.findall(r'"(?:application-icon|icon-name)",\s*"([^"]+)"', text))
        for icon in icons:
            found.setdefault(icon, name)
    return found


def theme_names(theme_dir):
    names = set()
    for _, _, files in os.walk(theme_dir):
        for f in files:
            base = re.sub(r'\.(svg|png)$', '', f)
            names.add(re.sub(r'\.symbolic$', '', base))
    return names


def check_svg(path, errors, size=None):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        errors.append(f'{path}: {e}')
        return
    if root.tag != SVG:
        errors.append(f'{path}: not an SVG document')
    if size and root.get('viewBox') != f'0 0 {size} {size}':
        errors.append(f'{path}: viewBox is not 0 0 {size} {size}')


def main():
    src = sys.argv[1]
    theme_dir = sys.argv[2] if len(sys.argv) > 2 else '/usr/share/icons/Adwaita'
    if not os.path.isdir(theme_dir):
        print(f'# SKIP: no icon theme at {theme_dir}')
        return 77
    icons_dir = os.path.join(src, 'icons')
    actions_dir = os.path.join(icons_dir, 'actions')
    errors = []

    ours = {f[:-4] for f in os.listdir(icons_dir) if f.endswith('.svg')}
    actions = {f[:-4] for f in os.listdir(actions_dir) if f.endswith('.svg')}
    theme = theme_names(theme_dir)

    for icon, where in sorted(names_in_ui(os.path.join(src, 'ui')).items()):
        if icon not in theme and icon not in ours and icon not in actions:
            errors.append(f'ui/{where} uses icon "{icon}", which {theme_dir} lacks: '
                          'draw it in icons/actions/ (see icons/README.md)')

    check_svg(os.path.join(icons_dir, 'org.amanat.Amanat.svg'), errors, 128)
    check_svg(os.path.join(icons_dir, 'org.amanat.Amanat-symbolic.svg'), errors, 16)
    bundled = open(os.path.join(icons_dir, 'amanat-icons.gresource.xml'), encoding='utf-8').read()
    for icon in sorted(actions):
        check_svg(os.path.join(actions_dir, icon + '.svg'), errors, 16)
        if not icon.endswith(('-symbolic', '-symbolic-rtl')):
            errors.append(f'icons/actions/{icon}.svg: action icons are symbolic')
        if icon.endswith('-rtl') and icon[:-4] not in actions:
            errors.append(f'icons/actions/{icon}.svg has no left-to-right twin')
        if f'<file>actions/{icon}.svg</file>' not in bundled:
            errors.append(f'icons/actions/{icon}.svg is not in amanat-icons.gresource.xml')
        if icon in theme:
            print(f'# note: {theme_dir} has {icon} too; the theme\'s version wins')

    for error in errors:
        print(error, file=sys.stderr)
    if not errors:
        print(f'{len(actions)} action icons, every icon the UI names exists')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
