"""The built wheel ships every package of the source tree (advisor/ and technical/).

A folder of ``.py`` files that setuptools' discovery misses (for example one without an
``__init__.py``) is absent from a non-editable install, and its imports fail only there. This
builds the wheel from a copy of the packaging inputs, offline and without build isolation, and
compares its file list with the source tree.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("advisor", "technical")
# what setup.py and pyproject.toml read to build the wheel
BUILD_INPUTS = ("pyproject.toml", "setup.py", "README.md", "knowledge", "templates", *PACKAGES)


def source_modules() -> set[str]:
    """Every ``.py`` file under the package folders, as a wheel path (``technical/cli.py``)."""
    return {
        path.relative_to(ROOT).as_posix()
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "__pycache__" not in path.parts
    }


@pytest.fixture(scope="module")
def wheel_files(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    work = tmp_path_factory.mktemp("wheel")
    src = work / "src"
    src.mkdir()
    for name in BUILD_INPUTS:
        origin = ROOT / name
        if origin.is_dir():
            shutil.copytree(origin, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(origin, src / name)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--wheel-dir",
            str(work / "dist"),
            str(src),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (wheel,) = (work / "dist").glob("advisor-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_every_module_of_the_source_tree_is_in_the_wheel(wheel_files: set[str]) -> None:
    missing = sorted(source_modules() - wheel_files)
    assert not missing, f"left out of the wheel (a folder without __init__.py?): {missing}"


def test_every_package_folder_is_a_regular_package() -> None:
    folders = {
        path.parent
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "__pycache__" not in path.parts
    }
    lacking = sorted(str(f.relative_to(ROOT)) for f in folders if not (f / "__init__.py").is_file())
    assert not lacking, f"folders of modules without __init__.py: {lacking}"


def test_the_wheel_ships_the_knowledge_and_templates(wheel_files: set[str]) -> None:
    assert any(name.startswith("advisor/_knowledge/") for name in wheel_files)
    assert any(name.startswith("advisor/_templates/") for name in wheel_files)
