from .algorithms import *  # noqa: F401,F403
from .algorithms import __all__ as _algorithms
from .connectors import *  # noqa: F401,F403
from .connectors import __all__ as _connectors
from .distillers import *  # noqa: F401,F403
from .distillers import __all__ as _distillers
from .losses import *  # noqa: F401,F403
from .losses import __all__ as _losses
from .recorders import *  # noqa: F401,F403
from .recorders import __all__ as _recorders
from .segmentors import *  # noqa: F401,F403
from .segmentors import __all__ as _segmentors

__all__ = _algorithms + _connectors + _distillers + _losses + _recorders + _segmentors
