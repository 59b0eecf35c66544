"""Copying a warehouse file: a copy-on-write clone where the file system makes one, a whole copy where not.

A clone (Linux's FICLONE: XFS with reflink, btrfs, bcachefs; what `cp --reflink` does) shares the file's
blocks until either side writes, so it takes the same few milliseconds whatever the file's size; a copy
costs time in proportion to it (ext4 and tmpfs have no clones). Either way the target is a file of its own:
what is written to one afterwards never shows in the other.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

try:
    import fcntl
except ImportError:  # not a POSIX system: every copy is whole
    fcntl = None

FICLONE = 0x40049409  # _IOW(0x94, 9, int), from linux/fs.h
# What a file system says when it cannot clone (as against a disk that is full or a file that cannot be read).
CANNOT_CLONE = frozenset({errno.EOPNOTSUPP, errno.ENOTTY, errno.EINVAL, errno.EXDEV, errno.ENOSYS, errno.EBADF,
                          errno.EPERM})


def clone_or_copy(source: str | Path, target: str | Path) -> str:
    """`target` made a copy of `source` (replacing whatever it was): "cloned" where the file system shares the
    blocks, "copied" where it copied them."""
    if fcntl is not None and os.name == "posix":
        with open(source, "rb") as reading, open(target, "wb") as writing:
            try:
                fcntl.ioctl(writing.fileno(), FICLONE, reading.fileno())
                return "cloned"
            except OSError as error:
                if error.errno not in CANNOT_CLONE:
                    raise
    shutil.copyfile(source, target)
    return "copied"
