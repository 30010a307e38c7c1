from .distill_visualization_hook import DistillVisualizationHook
from .distill_weight_schedule_hook import DistillWeightScheduleHook

__all__ = ['DistillVisualizationHook', 'DistillWeightScheduleHook']
