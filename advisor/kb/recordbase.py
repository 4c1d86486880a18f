"""The vocabulary and behaviour shared by the validation models and the runtime records.

The knowledge is validated by pydantic models (:mod:`advisor.kb.schema`) at the edge, then turned
into
plain frozen dataclasses (:mod:`advisor.kb.records`, generated from those models) that the engine,
the scoring and the report work with, so that a report from cached knowledge never imports
pydantic. This module holds what both sides need and what must not be written twice: the
constants of the condition and action language, and the few methods records carry. It imports
nothing heavy.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Self

from advisor.words.shape import Lang

if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Protocol

    class _Valued(Protocol):
        @property
        def value(self) -> str: ...


__all__ = [
    "ACTION_NAMES",
    "CRITERIA",
    "FACT_PATTERN",
    "GPAI_LEVELS",
    "ID_PATTERN",
    "KERNEL_PATTERN",
    "OPERATOR_ROLES",
    "OPS",
    "TIERS",
    "ActionBehaviour",
    "BilingualBehaviour",
    "CompareBehaviour",
    "NodeBehaviour",
    "Priority",
    "QuestionBehaviour",
    "Record",
    "Severity",
    "frozen",
    "kind_of",
    "market_of",
    "op_attr",
    "source_in",
    "source_label",
]

Priority = Literal["now", "next", "later"]
Severity = Literal["low", "medium", "high", "critical"]

ID_PATTERN = r"^[a-z][a-z0-9_]*/[a-z0-9][a-z0-9_.\-]*$"
KERNEL_PATTERN = r"^technical(\.[a-z_][a-z0-9_]*)+:[A-Za-z_][A-Za-z0-9_]*$"
FACT_PATTERN = r"^[a-z][a-z0-9_]*$"

#: Every comparison operator, in the order the docs list them.
OPS: tuple[str, ...] = (
    "eq",
    "ne",
    "in",
    "not_in",
    "contains",
    "contains_any",
    "contains_all",
    "gt",
    "gte",
    "lt",
    "lte",
    "exists",
)

#: The keys of a rule's action, in the order the docs list them.
ACTION_NAMES: tuple[str, ...] = (
    "derive",
    "raise_risk",
    "recommend",
    "advise_against",
    "adjust",
    "flag_direction",
    "apply_regulation",
    "require_obligation",
    "check_answers",
    "exempt_regulation",
)

#: The criteria a direction is scored on. The first three are the book's (ch5.1).
CRITERIA: tuple[str, ...] = (
    "market_need",
    "technical_feasibility",
    "commercial_potential",
    "founder_fit",
)

#: The parties of the AI value chain an obligation's ``binds`` names (EU AI Act Art. 3(3)-(7)),
#: in the order the report lists them; the values of the ``ai_act_roles`` question.
OPERATOR_ROLES: tuple[str, ...] = ("provider", "deployer", "importer", "distributor")


def market_of(jurisdiction: str | None) -> str:
    """The ``markets`` answer a law's jurisdiction belongs to (``us-ca`` -> ``us``).

    >>> market_of("us-nyc"), market_of("eu"), market_of(None)
    ('us', 'eu', '')
    """
    return (jurisdiction or "").split("-", 1)[0]


#: EU AI Act risk tiers, strictest first (DESIGN.md contract).
TIERS: tuple[str, ...] = ("prohibited", "high_risk", "limited_risk", "minimal_risk")
GPAI_LEVELS: tuple[str, ...] = ("gpai_systemic_risk", "gpai", "none")


def kind_of(node_id: str) -> str:
    """The kind part of an id: ``kind_of("risk/x") == "risk"``."""
    return node_id.split("/", 1)[0]


def op_attr(op: str) -> str:
    """The attribute holding an operator's value (``in`` is a Python keyword)."""
    return "in_" if op == "in" else op


def source_label(source: Any) -> str:
    """A short human label for a source: ``ch5.3`` or ``EU AI Act Art. 50(1)``."""
    if isinstance(source, str):
        return source
    title: str = source.title
    return f"{title} {source.article}" if source.article else title


def source_in(value: object, labels: Mapping[str, str]) -> str:
    """A source label (``EU AI Act Art. 5``) with the law's name in the report's language where
    the labels hold one (``source:EU AI Act``): the longest title the label starts with.

    >>> source_in("EU AI Act Art. 5", {"source:EU AI Act": "AI-Verordnung"})
    'AI-Verordnung Art. 5'
    """
    text = str(value)
    best = ""
    for key in labels:
        if key.startswith("source:"):
            title = key[7:]
            if len(title) > len(best) and (text == title or text.startswith(title + " ")):
                best = title
    if not best:
        return text
    name, rest = labels[f"source:{best}"], text[len(best) :].strip()
    # a full-width mark (《》, （）) needs no space before the article; a Latin name does
    sep = "" if not rest or ord(name[-1]) > 0x2E7F else " "
    return name + sep + rest


def frozen(value: Any) -> Any:
    """``value`` with every list turned into a tuple, at any depth (other values as they are).

    Generated records store their sequence fields through this, so a record cannot be changed
    through one of its lists and ``hash()`` works on it.

    Examples:
        >>> frozen([1, [2, 3], "x"])
        (1, (2, 3), 'x')
        >>> t = (1, 2)
        >>> frozen(t) is t
        True
    """
    if type(value) is list:
        return tuple(frozen(v) if type(v) is list else v for v in value)
    return value


class Record:
    """A frozen value with named fields: the base of every generated record.

    The generated classes list their fields in ``FIELDS`` and assign them in ``__init__``; the
    methods here work from ``FIELDS``, so creating the classes costs no code generation at import
    time (``dataclasses`` would compile an ``__init__``, ``__repr__`` and ``__eq__`` per class,
    about half a millisecond each). Records pickle as their ``__dict__``.
    """

    __slots__ = ()
    FIELDS: ClassVar[tuple[str, ...]] = ()

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen: cannot delete {name!r}")

    def __repr__(self) -> str:
        inner = ", ".join(f"{f}={getattr(self, f)!r}" for f in self.FIELDS)
        return f"{type(self).__name__}({inner})"

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in self.FIELDS)

    def __hash__(self) -> int:
        values = (getattr(self, f) for f in self.FIELDS)
        # dict fields (the report's JSON maps) hash by their items; every sequence is a tuple
        return hash(
            (
                type(self).__name__,
                *(frozenset(v.items()) if isinstance(v, dict) else v for v in values),
            )
        )

    def replace(self, **changes: Any) -> Self:
        """A copy with some fields changed."""
        unknown = set(changes) - set(self.FIELDS)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {', '.join(sorted(unknown))}")
        values = {f: getattr(self, f) for f in self.FIELDS}
        values.update(changes)
        return type(self)(**values)


# The behaviour below is inherited by the generated records (and only by them). The attributes
# named under TYPE_CHECKING are the records' fields, declared there for the type checker.


class BilingualBehaviour:
    __slots__ = ()
    if TYPE_CHECKING:
        en: str
        zh: str

    def get(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


class NodeBehaviour:
    __slots__ = ()
    KIND: ClassVar[str] = ""
    #: reference field -> (relation, the kinds it may point at)
    REFS: ClassVar[dict[str, tuple[str, frozenset[str]]]] = {}
    if TYPE_CHECKING:
        id: str

    @property
    def kind(self) -> str:
        return self.KIND

    @property
    def slug(self) -> str:
        return self.id.split("/", 1)[1]


class CompareBehaviour:
    __slots__ = ()
    NUMERIC: ClassVar[frozenset[str]] = frozenset({"gt", "gte", "lt", "lte"})
    LISTY: ClassVar[frozenset[str]] = frozenset({"in", "not_in", "contains_any", "contains_all"})

    @property
    def op(self) -> str:
        return next(op for op in OPS if getattr(self, op_attr(op)) is not None)

    @property
    def value(self) -> Any:
        return getattr(self, op_attr(self.op))


class ActionBehaviour:
    __slots__ = ()

    @property
    def kind(self) -> str:
        return next(k for k in ACTION_NAMES if getattr(self, k) is not None)

    @property
    def body(self) -> Any:
        return getattr(self, self.kind)


class QuestionBehaviour:
    __slots__ = ()
    if TYPE_CHECKING:
        choices: Sequence[_Valued]

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)
