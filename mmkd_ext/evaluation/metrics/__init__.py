from .fscore_metric import FrequencyWeightedFscoreMetric
from .local_hausdorff import LocalHausdorffMetric
from .per_class_iou import PerClassIoUMetric

__all__ = ['FrequencyWeightedFscoreMetric', 'LocalHausdorffMetric', 'PerClassIoUMetric']
