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
    if try_clone(source, target):
        return "cloned"
    shutil.copyfile(source, target)
    return "copied"


def try_clone(source: str | Path, target: str | Path) -> bool:
    """`target` made a clone of `source` where the file system clones; False where it cannot (`target` is then
    left empty). Any other error (a full disk, a file that cannot be read) is raised."""
    if fcntl is None or os.name != "posix":
        return False
    with open(source, "rb") as reading, open(target, "wb") as writing:
        try:
            fcntl.ioctl(writing.fileno(), FICLONE, reading.fileno())
            return True
        except OSError as error:
            if error.errno not in CANNOT_CLONE:
                raise
    return False
