from .cfg_path import merge_cfg_path
from .gradient_scale import (TermScale, format_table, measure_gradient_scale,
                             suggest_loss_weights)
from .peak_tensor_memory import PeakTensorMemory
from .setup_env import register_all_modules, register_config_package

__all__ = ['merge_cfg_path', 'PeakTensorMemory', 'register_all_modules',
           'register_config_package', 'TermScale', 'format_table',
           'measure_gradient_scale', 'suggest_loss_weights']
