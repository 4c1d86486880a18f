"""Every law names what it was checked against, and every obligation whom it binds (issue 15):
the schema requires both, and a missing or wrong value is reported at its file and line."""

from __future__ import annotations

from typing import Any

from advisor.kb.records import Obligation, Regulation


def test_every_ai_act_obligation_binds_a_party_the_act_names(session: Any) -> None:
    reg = session.kb.nodes["regulation/eu_ai_act"]
    assert isinstance(reg, Regulation)
    for oid in reg.imposes:
        o = session.kb.nodes[oid]
        assert isinstance(o, Obligation) and o.binds, oid
        assert set(o.binds) <= {"provider", "deployer", "importer", "distributor"}, oid


LAW = """\
nodes:
  - id: regulation/law
    title: {en: A law, zh: 一部法律}
    description: {en: It binds., zh: 它有约束力。}
    sources: [{title: The law, url: "https://example.org/law"}]
    jurisdiction: eu
    as_of: 2026-12-02
    %(verified)s
    imposes: [obligation/duty]
  - id: obligation/duty
    title: {en: A duty, zh: 一项义务}
    description: {en: Do it., zh: 去做。}
    sources: [{title: The law, article: Art. 1}]
    citation: Law Art. 1
    %(binds)s
"""


def _problems(build_file_tree: Any, kind: str | None, binds: str | None) -> list[str]:
    import pytest

    from advisor.errors import KnowledgeError
    from advisor.kb.load import load_knowledge

    verified = f'verified_against: [{{text: "OJ L 1", kind: {kind}}}]' if kind else "url: null"
    law = LAW % {"verified": verified, "binds": f"binds: {binds}" if binds else "applies_to: x"}
    root = build_file_tree({"law.yaml": law})
    try:
        load_knowledge([root], builtin=False)
    except KnowledgeError as exc:
        return [str(p) for p in exc.problems]
    pytest.fail("the knowledge loaded")


def test_binds_names_only_the_four_roles_and_says_where(build_file_tree: Any) -> None:
    [msg] = _problems(build_file_tree, "primary", "[provider, reseller]")
    assert "law.yaml:15:" in msg and "binds[1]" in msg and "'reseller'" in msg
    assert "allowed: provider, deployer, importer, distributor" in msg


def test_a_role_bound_twice_is_refused(build_file_tree: Any) -> None:
    [msg] = _problems(build_file_tree, "primary", "[provider, provider]")
    assert "binds lists a role twice" in msg


def test_verified_against_says_primary_or_secondary(build_file_tree: Any) -> None:
    [msg] = _problems(build_file_tree, "official", "[provider]")
    assert "law.yaml:8:" in msg and "verified_against[0].kind" in msg
    assert "allowed: primary, secondary" in msg


def test_a_law_without_verified_against_is_refused_at_its_line(build_file_tree: Any) -> None:
    [msg] = _problems(build_file_tree, None, "[provider]")
    assert "law.yaml:2:" in msg and "verified_against" in msg and "missing" in msg.lower()


def test_an_obligation_without_binds_is_refused_at_its_line(build_file_tree: Any) -> None:
    [msg] = _problems(build_file_tree, "primary", None)
    assert "law.yaml:10:" in msg and "binds" in msg and "missing" in msg.lower()
