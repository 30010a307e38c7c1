from .fscore_metric import FrequencyWeightedFscoreMetric
from .local_hausdorff import LocalHausdorffMetric

__all__ = ['FrequencyWeightedFscoreMetric', 'LocalHausdorffMetric']
