"""The fault tests' build: `python -m tests.fault_build POINT SIGNAL -- BUILD ARGS...` runs
`site-builder build` and sends this process SIGNAL (KILL, TERM or INT) at POINT, one of
`MOMENTS`, as a user or the system might at that moment. Only this driver knows the points:
it wraps the build's own steps from outside, and site_builder reads nothing of it.

`output-moved` is the moment just after `output/` is renamed, however the swap does it.
`--no-exchange` makes the swap take its fallback (two renames), as on a file system
without `renameat2`'s RENAME_EXCHANGE.
"""

from __future__ import annotations

import errno
import functools
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Each moment: the module and the function whose call it is, and before or after the call.
MOMENTS: dict[str, tuple[str, str, str]] = {
    "loaded": ("site_builder.build", "load", "after"),
    "checked": ("site_builder.build", "check", "after"),
    "folder-checked": ("site_builder.build", "check_output_folder", "after"),
    "pdfs-started": ("site_builder.build", "start_pdfs", "after"),
    "pages-written": ("site_builder.build", "render_pages", "after"),
    "pdf-stored": ("site_builder.render.pdf.batch", "_store", "after"),
    "materials-written": ("site_builder.build", "write_materials_page", "after"),
    "publishing": ("site_builder.build", "publish", "before"),
    "swapped": ("site_builder.render.output", "swap", "after"),
    "published": ("site_builder.build", "publish_site", "after"),
    "pruning": ("site_builder.cache.BuildCache", "prune", "before"),
    # The fallback's moment between its two renames (see --no-exchange); and, in any
    # version of the swap, the moment just after `output/` is renamed away.
    "between-renames": ("site_builder.render.output", "set_aside", "after"),
}


def at(moment: str, number: signal.Signals) -> None:
    """Wrap the moment's function so that this process gets `number` there."""
    module_name, name, when = MOMENTS[moment]
    owner: Any
    if module_name.endswith("BuildCache"):
        from site_builder.cache import BuildCache
        owner = BuildCache
    else:
        owner = __import__(module_name, fromlist=[name])
    original: Callable[..., Any] = getattr(owner, name)

    @functools.wraps(original)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if when == "before":
            os.kill(os.getpid(), number)
        result = original(*args, **kwargs)
        if when == "after":
            os.kill(os.getpid(), number)
        return result

    setattr(owner, name, wrapped)


def after_moving(target_name: str, number: signal.Signals) -> None:
    """Signal right after the previous output is renamed away (whatever does it)."""
    for name in ("rename", "replace"):
        original = getattr(os, name)

        def wrapped(source: Any, *args: Any, original: Any = original, **kwargs: Any) -> Any:
            result = original(source, *args, **kwargs)
            if Path(source).name == target_name:
                os.kill(os.getpid(), number)
            return result

        setattr(os, name, wrapped)


def without_exchange() -> None:
    from site_builder.render import output

    def unsupported(first: Path, second: Path) -> bool:
        raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))

    output.exchange = unsupported  # type: ignore[assignment]


def main(argv: list[str]) -> None:
    options, build_args = argv[:argv.index("--")], argv[argv.index("--") + 1:]
    if "--no-exchange" in options:
        options.remove("--no-exchange")
        without_exchange()
    moment, name = options
    if moment == "output-moved":
        after_moving("output", signal.Signals[f"SIG{name}"])
    else:
        at(moment, signal.Signals[f"SIG{name}"])
    from site_builder.cli import main as cli_main

    sys.argv = ["site-builder", "build", *build_args]
    cli_main()


if __name__ == "__main__":
    main(sys.argv[1:])
