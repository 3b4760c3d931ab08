"""Honors and member service models, one module per part; each module lists its models in
`__all__`."""

from dangjian.honors.models.commitments import *  # noqa: F403
from dangjian.honors.models.exemplars import *  # noqa: F403
from dangjian.honors.models.posts import *  # noqa: F403
from dangjian.honors.models.service import *  # noqa: F403
from dangjian.honors.models.stars import *  # noqa: F403
