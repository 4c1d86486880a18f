"""Only what pyproject.toml cannot say: ship the top-level knowledge/ and templates/ folders
inside the wheel as ``advisor/_knowledge`` and ``advisor/_templates`` (see advisor/files/resources.py)."""

from setuptools import find_packages, setup

setup(
    packages=[
        *find_packages(include=["advisor", "advisor.*", "technical", "technical.*"]),
        "advisor._knowledge",
        "advisor._templates",
    ],
    package_dir={"advisor._knowledge": "knowledge", "advisor._templates": "templates"},
    package_data={
        "advisor": ["py.typed"],
        "advisor._knowledge": ["*.yaml", "**/*.yaml"],
        "advisor._templates": ["*.j2", "**/*.j2", "**/*.css"],
    },
)
