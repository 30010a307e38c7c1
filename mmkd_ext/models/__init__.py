from .algorithms import *  # noqa: F401,F403
from .algorithms import __all__ as _algorithms
from .distillers import *  # noqa: F401,F403
from .distillers import __all__ as _distillers

__all__ = _algorithms + _distillers
