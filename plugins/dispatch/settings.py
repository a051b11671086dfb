"""The ``dispatch`` section read once into typed settings, with the defaults the schema documents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from linli.core import Program, Refused

DEFAULT_ACTIVITY_TITLE = "上门服务"


@dataclass(frozen=True)
class Channel:
    key: str
    name: str
    order_level: str
    mode: str


@dataclass(frozen=True)
class Urgency:
    key: str
    name: str
    accept_within: dt.timedelta


@dataclass(frozen=True)
class Escalation:
    after: dt.timedelta
    max_levels: int


@dataclass(frozen=True)
class Settings:
    categories: tuple[str, ...]
    channels: Mapping[str, Channel]
    urgencies: Mapping[str, Urgency]
    default_urgency: str
    escalation: Escalation | None
    activity_title: str
    max_minutes: int | None

    @classmethod
    def of(cls, program: Program) -> Settings:
        """The program's settings; refused when the program does not enable dispatch."""
        section = program.section("dispatch")
        if section is None:
            raise Refused("dispatch.not_enabled")
        return cls.parse(program, section)

    @classmethod
    def parse(cls, program: Program, section: Mapping[str, Any]) -> Settings:
        urgencies = {
            key: Urgency(key, value["name"], dt.timedelta(minutes=value["accept_within_minutes"])) for key, value in section["urgencies"].items()
        }
        escalation = section.get("escalation")
        activity = section.get("service_activity", {})
        return cls(
            categories=tuple(section.get("categories") or program.activity_categories),
            channels={key: Channel(key, value["name"], value["order_level"], value["mode"]) for key, value in section["channels"].items()},
            urgencies=urgencies,
            default_urgency=section.get("default_urgency") or next(iter(urgencies)),
            escalation=Escalation(dt.timedelta(minutes=escalation["escalate_after_minutes"]), escalation["max_levels"]) if escalation else None,
            activity_title=activity.get("title", DEFAULT_ACTIVITY_TITLE),
            max_minutes=activity.get("max_minutes"),
        )

    def channel(self, key: str) -> Channel:
        if key not in self.channels:
            raise Refused("dispatch.unknown_channel", channel=key, known="、".join(self.channels))
        return self.channels[key]

    def urgency(self, key: str | None) -> Urgency:
        key = key or self.default_urgency
        if key not in self.urgencies:
            raise Refused("dispatch.unknown_urgency", urgency=key, known="、".join(self.urgencies))
        return self.urgencies[key]

    def check_category(self, category: str) -> None:
        if category not in self.categories:
            raise Refused("dispatch.unknown_category", category=category, known="、".join(self.categories))
