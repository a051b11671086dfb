"""The demo's volunteers, as the rows a registration desk or a spreadsheet import would give.

Tags are recognised by meaning, not by preset: a tag whose key or name says
party member (党员, ``party``) goes to 40% of volunteers, in-service party
member (在职, ``in_service``) to about 10% (working-age party members),
resident-like tags (居民) to most; any other tag to a few percent.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Mapping

from linli.core.config.program import Program, Term
from linli.core.demo.identity import IdRegistry, PhoneBook
from linli.core.demo.names import person_name
from linli.core.services.members import MemberRow

PARTY_SHARE = 0.40
IN_SERVICE_SHARE = 0.10
RESIDENT_SHARE = 0.70
WORKING_AGE_LIMIT = 60
WORKING_SHARE = 0.6  # of volunteers, given BIRTH_ERAS
ID_NUMBER_SHARE = 0.92  # the rest registered with a phone number only
FEMALE_SHARE = 0.56  # community volunteers are more often women, and often retired
REGISTRATION_YEARS = 6
# Birth years 1950–2005, weighted toward retirees, who do much of community service.
BIRTH_ERAS = ((1950, 1965, 0.4), (1966, 1985, 0.3), (1986, 2005, 0.3))
CHANNELS = (("door", 0.55), ("online", 0.35), ("import", 0.10))
SKILLS = tuple(
    "法律咨询 医疗护理 心理疏导 水电维修 家电维修 电脑维修 理发 文艺表演 书法 摄影 烹饪 驾驶 教育辅导 "
    "体育健身 手工编织 财务会计 外语翻译 应急救护 园艺 宣传写作".split()
)


def tag_roles(tags: Mapping[str, Term]) -> dict[str, str]:
    """Each tag key → ``party``, ``in_service``, ``resident`` or ``other``, read from its key and name."""
    roles = {}
    for key, term in tags.items():
        if "in_service" in key or "在职" in term.name:
            roles[key] = "in_service"
        elif "party" in key or "党员" in term.name:
            roles[key] = "party"
        elif "resident" in key or "居民" in term.name:
            roles[key] = "resident"
        else:
            roles[key] = "other"
    return roles


def member_rows(program: Program, quotas: dict[str, int], today: dt.date, rng: random.Random) -> list[MemberRow]:
    """One row per volunteer, *quotas[code]* of them living at each leaf node."""
    phones, ids = PhoneBook(rng), IdRegistry(rng, program.info.get("province"))
    roles = tag_roles(program.member_tags)
    other_shares = {key: rng.uniform(0.02, 0.08) for key, role in roles.items() if role == "other"}
    categories = [term.name for term in program.activity_categories.values()]
    rows = []
    for code, count in quotas.items():
        for _ in range(count):
            gender = "female" if rng.random() < FEMALE_SHARE else "male"
            birth = _birth_date(rng)
            working = today.year - birth.year < WORKING_AGE_LIMIT
            tags = list(_tags(rng, roles, other_shares, working))
            in_service = any(roles[tag] == "in_service" for tag in tags)
            rows.append(
                MemberRow(
                    name=person_name(rng, gender, birth.year),
                    phone=phones.new(),
                    home_node=code,
                    id_number=ids.new(birth, gender) if rng.random() < ID_NUMBER_SHARE else None,
                    gender=gender,
                    birth_date=birth,
                    tags=tags,
                    # An in-service party member reports an occupational skill (在职党员进社区报到).
                    skills=rng.sample(SKILLS, 1 if in_service else rng.choice((0, 0, 1, 1, 2))),
                    willingness=rng.sample(categories, min(len(categories), rng.randint(1, 3))),
                    channel=rng.choices([c for c, _ in CHANNELS], [w for _, w in CHANNELS])[0],
                    registered_on=today - dt.timedelta(days=int(REGISTRATION_YEARS * 365 * rng.random() ** 1.3)),
                )
            )
    return rows


def _tags(rng: random.Random, roles: dict[str, str], other_shares: dict[str, float], working: bool) -> Iterator[str]:
    party = rng.random() < PARTY_SHARE
    has_party_tag = "party" in roles.values()
    # In-service party members are working-age party members; without a party tag, any working-age volunteer.
    pool = WORKING_SHARE * (PARTY_SHARE if has_party_tag else 1)
    in_service = working and (party or not has_party_tag) and rng.random() < IN_SERVICE_SHARE / pool
    for key, role in roles.items():
        if role == "party" and party:
            yield key
        elif role == "in_service" and in_service:
            yield key
        elif role == "resident" and rng.random() < RESIDENT_SHARE:
            yield key
        elif role == "other" and rng.random() < other_shares[key]:
            yield key


def _birth_date(rng: random.Random) -> dt.date:
    start, end, _ = rng.choices(BIRTH_ERAS, [weight for *_, weight in BIRTH_ERAS])[0]
    first = dt.date(start, 1, 1)
    return first + dt.timedelta(days=rng.randrange((dt.date(end, 12, 31) - first).days + 1))
