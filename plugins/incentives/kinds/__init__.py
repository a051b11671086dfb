"""The built-in rule kinds, announced through ``linli_points_rule_kinds`` like any plugin's."""

from collections.abc import Mapping

from linli.core import PointsRuleKind

from linli.plugins.incentives.kinds.base import Rate, TrainingCredit
from linli.plugins.incentives.kinds.bonuses import FirstService, Milestone, Referral
from linli.plugins.incentives.kinds.caps import Cap
from linli.plugins.incentives.kinds.factors import CategoryFactors, Multiplier, ScoreFactors

BUILTIN_KINDS: Mapping[str, PointsRuleKind] = {
    "rate": Rate(),
    "training_credit": TrainingCredit(),
    "multiplier": Multiplier(),
    "category_factors": CategoryFactors(),
    "score_factors": ScoreFactors(),
    "cap": Cap(),
    "first_service": FirstService(),
    "milestone": Milestone(),
    "referral": Referral(),
}
