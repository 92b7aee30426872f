#!/usr/bin/env python3
# Copyright 2026 The rewardkit Authors.
# SPDX-License-Identifier: Apache-2.0
"""Packs a Lambda deployment zip: make_zip.py OUT.zip SOURCE=NAME ...

Entries get fixed timestamps, so the same inputs give the same zip, and
executables keep mode 0755 (Lambda runs `bootstrap` only when it is
executable)."""

import os
import stat
import sys
import zipfile


def main(argv):
    if len(argv) < 3 or any("=" not in a for a in argv[2:]):
        print(__doc__, file=sys.stderr)
        return 2
    out = argv[1]
    tmp = out + ".tmp"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for arg in argv[2:]:
            source, name = arg.rsplit("=", 1)
            executable = os.stat(source).st_mode & stat.S_IXUSR
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so that the mode below is read
            info.external_attr = ((0o100755 if executable else 0o100644) & 0xFFFF) << 16
            with open(source, "rb") as f:
                z.writestr(info, f.read())
    os.replace(tmp, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
