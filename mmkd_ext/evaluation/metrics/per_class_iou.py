"""mmseg's IoUMetric that also returns every class's IoU as a metric."""
from collections import OrderedDict
from typing import Dict, List

import numpy as np
import torch
from mmseg.evaluation import IoUMetric

from ...registry import METRICS


@METRICS.register_module()
class PerClassIoUMetric(IoUMetric):
    """``IoUMetric`` whose result also holds ``IoU.<class>`` for every class.

    mmseg's ``IoUMetric`` prints the per-class table but returns only the means,
    so the per-class IoU never reaches ``scalars.json``. This metric returns the
    same means plus ``IoU.<class name>`` (in percent, NaN for a class absent from
    both prediction and ground truth), from the same accumulated areas.

    Args:
        **kwargs: Arguments of mmseg's ``IoUMetric`` (``iou_metrics`` must
            include ``'mIoU'``).
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        if 'mIoU' not in self.metrics:
            raise ValueError('val_evaluator: PerClassIoUMetric needs "mIoU" in '
                             f'iou_metrics, got {self.metrics}.')

    def compute_metrics(self, results: List) -> Dict[str, float]:
        """Means as ``IoUMetric`` returns them, then ``IoU.<class>``."""
        metrics = super().compute_metrics(results)
        areas = tuple(zip(*results))
        total = [torch.stack(a).sum(0) for a in areas]  # intersect, union, pred, label
        iou = (total[0].double() / total[1].double()).cpu().numpy()
        names = self.dataset_meta['classes']
        per_class = OrderedDict((f'IoU.{name}', float(np.round(v * 100, 2)))
                                for name, v in zip(names, iou))
        metrics.update(per_class)
        return metrics
