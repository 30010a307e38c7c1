"""mmkd_ext: knowledge-distillation methods for MMSegmentation on MMRazor."""
from . import compat
from .utils import register_config_package

compat.apply_all()
register_config_package()

from . import datasets, engine, evaluation, models, registry  # noqa: E402,F401
from .version import __version__  # noqa: E402

__all__ = ['__version__']
