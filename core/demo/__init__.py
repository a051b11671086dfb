"""``linli demo``: a realistic synthetic program for any preset, so a first run shows real-looking data.

:func:`plan` grows the preset's organization tree for a number of
volunteers; :func:`program_text` writes the demo's program file at that
scale; :func:`fill` puts volunteers, teams, roles, projects and a year of
activities with their service (the last week's awaiting review, the rest
approved) into an empty database through the service layer. The same seed
gives the same data.
"""

from linli.core.demo.filler import DemoSummary, fill, plan
from linli.core.demo.site import holds_program, is_demo_file, program_text
from linli.core.demo.tree import DemoTree

__all__ = ["DemoSummary", "DemoTree", "fill", "holds_program", "is_demo_file", "plan", "program_text"]
