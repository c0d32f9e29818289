"""The school roles the referral pathway relies on, against the working group.

Each step's "Who at the school" names one role or several ("School counselor or social
worker", "Teachers, counselors and the screening coordinator"): split at commas,
semicolons, slashes, "or" and "and". Roles are matched by their words, in any order and
any number, with the words every school role shares left out (``school``, ``district``,
``the``...): "counselors" and "School counselor" are one role. A working group member
holds a role when every word of the role is in the member's position or their roles and
responsibilities, and the member has a name. The district's steps and those of every
agreement that follows a pathway of its own are read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.computations import Context, Output, Values, register
from ..core.figures import listing
from .agreement_pathways import pathways_of
from .pathway import Step, read_steps

WORKING_GROUP = "working-group"
#: Where one role ends and another begins in "Who at the school".
_SPLIT = re.compile(r"\s*(?:[,;/&+]|\bor\b|\band\b)\s*", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")
#: Words that say nothing about which role: every school role could carry them.
_COMMON = frozenset({"the", "a", "an", "of", "at", "for", "in", "to", "each", "every", "our",
                     "its", "their", "school", "schools", "district", "staff", "member",
                     "members", "person", "someone", "who"})


def role_words(text: str) -> tuple[str, ...]:
    """A role's words as roles are matched: lower case, plurals and possessives as one
    word, common words left out, in a fixed order."""
    text = re.sub(r"\(s\)|['’]s\b", "", text.casefold())
    words = {word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss")
             else word for word in _WORD.findall(text)}
    return tuple(sorted(words - _COMMON))


def roles_in(owner: str) -> list[str]:
    """The roles one "Who at the school" names, as typed (spaces tidied)."""
    return [" ".join(part.split()) for part in _SPLIT.split(owner) if role_words(part)]


@dataclass
class Member:
    """A working group member, as roles are matched against them."""

    name: str
    position: str
    words: frozenset[str]

    @property
    def said(self) -> str:
        """The member as the result names them."""
        return f"{self.name} ({self.position})" if self.position else self.name


def members(values: Values) -> list[Member]:
    """The working group's members (rows with a name or a position)."""
    found = []
    for row in values.get("members") or []:
        if not isinstance(row, dict):
            continue
        name, position = (" ".join(str(row.get(key) or "").split()) for key in
                          ("name", "position"))
        if name or position:
            text = f"{position} {row.get('roles') or ''}"
            found.append(Member(name, position, frozenset(role_words(text))))
    return found


@dataclass
class Role:
    """A role the pathway relies on: how it is written, its words, and where it is named."""

    words: tuple[str, ...]
    spellings: list[str] = field(default_factory=list)  # as typed, once per step
    steps: dict[str, list[int]] = field(default_factory=dict)  # pathway -> step numbers

    @property
    def text(self) -> str:
        """The role as written most often (the first of equals), without a leading
        article, with a capital: "School counselor"."""
        spelling = max(self.spellings, key=self.spellings.count)
        spelling = re.sub(r"^(?:the|a|an)\s+", "", spelling, flags=re.IGNORECASE)
        return spelling[:1].upper() + spelling[1:]

    def holders(self, group: list[Member]) -> list[Member]:
        """The members whose position or roles hold every word of this role."""
        return [member for member in group if set(self.words) <= member.words]

    @property
    def where(self) -> str:
        """The steps that name it, by pathway."""
        said = []
        for pathway, numbers in self.steps.items():
            steps = f"step{'s' if len(numbers) != 1 else ''} {listing([str(n) for n in numbers])}"
            said.append(steps if not pathway else f"{steps} of the pathway {pathway} follows")
        return "; ".join(said)


def roles_of(pathways: list[tuple[str, list[Step]]]) -> list[Role]:
    """Every role the school-side owners name, in the order first named; ``pathways``
    holds ("" for the district's, or an agreement's name) and its steps."""
    found: dict[tuple[str, ...], Role] = {}
    for pathway, steps in pathways:
        for step in steps:
            for text in roles_in(step.school):
                role = found.setdefault(role_words(text), Role(role_words(text)))
                role.spellings.append(text)
                numbers = role.steps.setdefault(pathway, [])
                if step.number not in numbers:
                    numbers.append(step.number)
    return list(found.values())


@register
def pathway_roles(values: Values, context: Context) -> Output:
    """The roles the pathway's school-side owners name, and whether the working group has
    someone in each: a role nobody holds is flagged."""
    steps, _problems = read_steps(values)
    pathways = [("", steps)] + [(title, read_steps(path.values)[0])
                                for title, path in pathways_of(context) if path.own]
    roles = roles_of(pathways)
    if not roles:
        return Output("No step names who at the school does it yet.", "incomplete",
                      ["Name who at the school does each step: the roles are then matched "
                       "against the working group."])
    group = members(context.values(WORKING_GROUP))
    rows, nobody, unnamed = [], [], []
    for role in roles:
        holders = role.holders(group)
        named = [member.said for member in holders if member.name]
        if named:
            held = "; ".join(named)
        elif holders:
            held = f"Listed ({holders[0].position}), but no one named yet"
            unnamed.append(role.text)
        else:
            held = "No one in the working group"
            nobody.append(role.text)
        rows.append([role.text, role.where, held])
    count = len(roles)
    text = f"The pathway's steps at school rely on {count} role{'s' if count != 1 else ''}"
    messages = []
    if nobody:
        text += (f"; {len(nobody)} {'has' if len(nobody) == 1 else 'have'} no one in the "
                 f"working group: {listing(nobody)}.")
        messages.append("For each role no one holds, add a member who holds it to the "
                        "working group, or agree who speaks for it there.")
    else:
        text += ", and the working group has someone in each."
    if unnamed:
        messages.append(f"The working group lists a position for {listing(unnamed)}, but "
                        "no one is named in it yet.")
    links = [context.link(WORKING_GROUP)] if nobody or unnamed else []
    return Output(text, "incomplete" if nobody or unnamed else "ok", messages,
                  ["Role at the school", "Steps", "In the working group"], rows,
                  names=nobody + unnamed, links=links)

