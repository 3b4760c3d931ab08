"""工作推进 models, one module per part; each module lists its models in `__all__`."""

from dangjian.work.models.plans import *  # noqa: F403
from dangjian.work.models.progress import *  # noqa: F403
from dangjian.work.models.projects import *  # noqa: F403
from dangjian.work.models.rectifications import *  # noqa: F403
from dangjian.work.models.visits import *  # noqa: F403
