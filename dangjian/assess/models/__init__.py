"""创先争优 models, one module per part; each module lists its models in `__all__`."""

from dangjian.assess.models.evaluations import *  # noqa: F403
from dangjian.assess.models.kpis import *  # noqa: F403
from dangjian.assess.models.rounds import *  # noqa: F403
from dangjian.assess.models.rulesets import *  # noqa: F403
from dangjian.assess.models.targets import *  # noqa: F403
