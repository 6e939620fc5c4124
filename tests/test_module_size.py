"""No module of the package is over 450 lines (issue 10: rooms by concern, files a reader can hold)."""

from pathlib import Path

import analysis

LIMIT = 450


def test_no_module_of_the_package_is_over_450_lines():
    root = Path(analysis.__file__).parent
    sizes = {
        p.relative_to(root).as_posix(): len(p.read_text(encoding="utf-8").splitlines()) for p in root.rglob("*.py")
    }
    assert len(sizes) > 40  # the package itself was found, not an empty folder
    over = {name: n for name, n in sizes.items() if n > LIMIT}
    assert not over, f"modules over {LIMIT} lines: {over}"
