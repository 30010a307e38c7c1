from .distill_gradient_scale_hook import DistillGradientScaleHook
from .distill_visualization_hook import DistillVisualizationHook
from .distill_weight_schedule_hook import DistillWeightScheduleHook
from .finite_check_hook import FiniteCheckHook

__all__ = ['DistillGradientScaleHook', 'DistillVisualizationHook',
           'DistillWeightScheduleHook', 'FiniteCheckHook']
