"""组织生活 models, one module per part; each module lists its models in `__all__`."""

from dangjian.orglife.models.development import *  # noqa: F403
from dangjian.orglife.models.dues import *  # noqa: F403
from dangjian.orglife.models.meetings import *  # noqa: F403
from dangjian.orglife.models.reviews import *  # noqa: F403
from dangjian.orglife.models.transfers import *  # noqa: F403
