"""B4 — loading and validating program files: every preset, and a large synthetic one.

Each file goes through linli's real loader (YAML with line marks, ``extends``,
the assembled JSON Schema, the plugins' checks, the frozen Program). The
floor is ``yaml.safe_load`` of the same text in this process: what parsing
alone costs, with no marks, merging or validation. The validator is built
once per process; the first load pays for it and is shown as its own stage::

    python -m bench.config_load --scale small      # synthetic file: 100 org nodes, 20 rules
    python -m bench.config_load --scale hanyang    # synthetic file: 1,000 org nodes, 200 rules

Target: every file loads in ≤ 200 ms (the median of the repeats).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import yaml

from bench.harness import Run, options
from linli.core.config import LoadResult, ProgramLoader, list_presets, preset_source
from linli.core.plugins import make_plugin_host

TARGET_SECONDS = 0.2
REPEATS = 5
SIZES = {"small": (100, 20), "hanyang": (1000, 200)}  # org nodes, points rules
CATEGORIES = ("elder_care", "patrol", "reading", "environment", "medical")


def synthetic_program(nodes: int, rules: int) -> str:
    """A district with *nodes* org nodes inline (streets → communities) and *rules* points rules."""
    streets = max(1, nodes // 10)
    lines = [
        "linli: 1",
        "program: {name: 合成压力测试区, locale: zh-CN}",
        "member_tags: {party_member: {name: 党员}}",
        "activity_categories:",
        *(f"  {key}: {{name: 类别{key}}}" for key in CATEGORIES),
        "organization:",
        "  levels: [{key: district, name: 区}, {key: street, name: 街道}, {key: community, name: 社区}]",
        "  nodes:",
        "    - code: D",
        "      name: 合成区",
        "      level: district",
        "      children:",
    ]
    placed = 1
    for s in range(streets):
        lines += [f"        - code: S{s:03d}", f"          name: 第{s}街道", "          level: street", "          children:"]
        placed += 1
        for c in range(min(9, nodes - placed)):
            lines.append(f"            - {{code: S{s:03d}-C{c}, name: 第{s}街道第{c}社区, level: community, residents: {1000 + c}}}")
            placed += 1
        if lines[-1].endswith("children:"):
            lines[-1] = "          children: []"
    lines += ["incentives:", "  unit_name: 积分", "  rules:"]
    for r in range(rules):
        category = CATEGORIES[r % len(CATEGORIES)]
        lines += [
            f"    - id: r{r:03d}",
            f"      name: 第{r}条规则",
            "      kind: rate",
            f"      points: {1 + r % 10}",
            "      per: hour",
            f"      when: {{categories: [{category}], weekdays: [{1 + r % 7}]}}",
        ]
    return "\n".join(lines) + "\n"


def timings(action: Callable[[], object], repeats: int) -> list[float]:
    measured = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        measured.append(time.perf_counter() - start)
    return measured


def run(scale: str) -> Run:
    result = Run("B4 config load", scale, "none")
    with result.stage("plugin host + first validator") as stage:
        loader = ProgramLoader(make_plugin_host())
        first = loader.check_preset("baibuting")
        stage.notes["ok"] = first.ok
    result.facts["validator_reused"] = ProgramLoader(loader.host).validator is loader.validator
    texts = {name: preset_source(name).text for name in list_presets()}  # type: ignore[union-attr]
    nodes, rules = SIZES[scale]
    synthetic = synthetic_program(nodes, rules)
    failures: dict[str, list[str]] = {}
    slow: list[str] = []
    slow_cpu: list[str] = []  # on a shared machine the wall clock also counts other people's work
    for name, text in [*texts.items(), (f"synthetic {nodes} nodes {rules} rules", synthetic)]:
        def load(name: str = name, text: str = text) -> LoadResult:
            return loader.check_preset(name) if name in texts else loader.check_text(text, "synthetic.yaml")

        checked = load()
        if not checked.ok:
            failures[name] = [problem.render(checked.locale) for problem in checked.problems]
        with result.stage(name) as stage:
            measured = timings(load, REPEATS)
        stage.seconds = statistics.median(measured)  # one load (the median repeat), not the sum of the repeats
        stage.cpu_seconds /= REPEATS
        stage.notes["ok"] = checked.ok
        result.floor(name, statistics.median(timings(lambda text=text: yaml.safe_load(text), REPEATS)))
        if stage.seconds > TARGET_SECONDS:
            slow.append(name)
        if stage.cpu_seconds > TARGET_SECONDS:
            slow_cpu.append(name)
    result.facts["loaded"] = sum(1 for stage in result.stages[1:] if stage.notes["ok"])
    result.facts["failures"] = failures
    result.facts["over_target"] = slow
    result.facts["over_target_cpu"] = slow_cpu
    result.facts["target_met"] = not slow and not failures
    return result


def main(argv: list[str] | None = None) -> dict[str, object]:
    arguments = options(__doc__.splitlines()[0], argv)
    return run(arguments.scale).finish(json_only=arguments.json_only)


if __name__ == "__main__":
    main()
