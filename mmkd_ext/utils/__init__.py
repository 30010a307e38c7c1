from .cfg_path import merge_cfg_path
from .peak_tensor_memory import PeakTensorMemory
from .setup_env import register_all_modules, register_config_package

__all__ = ['merge_cfg_path', 'PeakTensorMemory', 'register_all_modules',
           'register_config_package']
