from .distill_weight_schedule_hook import DistillWeightScheduleHook

__all__ = ['DistillWeightScheduleHook']
