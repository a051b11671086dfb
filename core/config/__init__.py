"""Program configuration: loading, merging, validating and the frozen Program."""

from linli.core.config.extends import list_presets, preset_source, preset_summary
from linli.core.config.loader import LoadResult, ProgramLoader
from linli.core.config.problems import ConfigProblem
from linli.core.config.program import Program

__all__ = ["ConfigProblem", "LoadResult", "Program", "ProgramLoader", "list_presets", "preset_source", "preset_summary"]
