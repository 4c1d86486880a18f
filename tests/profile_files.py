"""The founder profiles the tests run on: every bundled example and every profile fixture."""

from __future__ import annotations

from pathlib import Path

from advisor.advice.session import Session
from advisor.answers.profile import Profile, build_profile, load_answers_file
from advisor.files.yamlio import load_yaml_file

ROOT = Path(__file__).resolve().parents[1]
#: ``examples/*.yaml|json`` (but the evidence file), then ``tests/profiles/*.yaml``
PROFILES = sorted(
    p
    for p in [*ROOT.glob("examples/*.yaml"), *ROOT.glob("examples/*.json")]
    if p.name != "evidence.json"
) + sorted(ROOT.glob("tests/profiles/*.yaml"))


def load_profile(session: Session, path: Path) -> Profile:
    """An example's answers, or a profile fixture's ``answers``, validated."""
    if path.parent.name == "profiles":
        return build_profile(session.kb, dict(load_yaml_file(path).data["answers"]))
    return load_answers_file(session.kb, path)
