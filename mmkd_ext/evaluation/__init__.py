"""Evaluation metrics of mmkd_ext (registered in mmseg METRICS)."""
from .metrics import *  # noqa: F401,F403
from .metrics import __all__  # noqa: F401
