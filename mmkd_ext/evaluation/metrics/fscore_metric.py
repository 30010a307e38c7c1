"""F-score and frequency-weighted metrics as reported by LIX (mFsc, fwFsc, fwIoU)."""
from collections import OrderedDict
from typing import Dict, List, Sequence

import numpy as np
import torch
from mmengine.logging import MMLogger, print_log
from mmseg.evaluation import IoUMetric

from ...registry import METRICS

FSCORE_METRICS = ('mFsc', 'fwFsc', 'mIoU', 'fwIoU')


@METRICS.register_module()
class FrequencyWeightedFscoreMetric(IoUMetric):
    """Mean and frequency-weighted F1-score and IoU (LIX, Sec. IV-A).

    Per class c, from the areas of :meth:`IoUMetric.intersect_and_union`
    summed over the whole split (ignore_index pixels excluded):
    ``Fsc_c = 2 I_c / (P_c + G_c)`` (= 2·precision·recall /
    (precision + recall)), ``IoU_c = I_c / (P_c + G_c - I_c)``, and the
    frequency ``f_c = G_c / sum_k G_k`` (ground-truth pixels). ``m*`` is the
    mean over classes with a defined score (NaN-mean, as mmseg's mIoU),
    ``fw*`` is ``sum_c f_c · score_c`` over classes present in the labels.
    Values are in percent, rounded to 2 decimals like :class:`IoUMetric`.

    Args:
        fscore_metrics (Sequence[str]): Any of 'mFsc', 'fwFsc', 'mIoU',
            'fwIoU'. Defaults to ('mFsc', 'fwFsc', 'fwIoU'), so that it can
            sit beside an ``IoUMetric`` (which reports mIoU) in one evaluator
            without a duplicate key.
        **kwargs: Arguments of :class:`IoUMetric` (``ignore_index``,
            ``prefix``, ...); its ``iou_metrics`` are not used.

    Shapes:
        pred_sem_seg, gt_sem_seg: (1, H, W) per data sample.
    """

    def __init__(self, fscore_metrics: Sequence[str] = ('mFsc', 'fwFsc', 'fwIoU'),
                 **kwargs) -> None:
        unknown = sorted(set(fscore_metrics) - set(FSCORE_METRICS))
        if unknown or not fscore_metrics:
            raise ValueError(f'FrequencyWeightedFscoreMetric.fscore_metrics {unknown or "[]"} '
                             f'invalid; choose from {FSCORE_METRICS}.')
        super().__init__(**kwargs)
        self.fscore_metrics = tuple(fscore_metrics)

    @staticmethod
    def areas_to_scores(area_intersect: torch.Tensor, area_union: torch.Tensor,
                        area_pred: torch.Tensor, area_label: torch.Tensor) -> Dict[str, float]:
        """Scores (fractions, not percent) from per-class areas.

        Args:
            area_intersect, area_union, area_pred, area_label (Tensor): (C,)
                pixel counts summed over the split.

        Returns:
            dict[str, float]: 'mFsc', 'fwFsc', 'mIoU', 'fwIoU'.
        """
        inter, union = area_intersect.double(), area_union.double()
        pred, label = area_pred.double(), area_label.double()
        fsc = 2 * inter / (pred + label)
        iou = inter / union
        freq = label / label.sum()
        present = label > 0
        return dict(
            mFsc=float(np.nanmean(fsc.numpy())),
            fwFsc=float((freq[present] * fsc[present]).sum()),
            mIoU=float(np.nanmean(iou.numpy())),
            fwIoU=float((freq[present] * iou[present]).sum()))

    def compute_metrics(self, results: List[tuple]) -> Dict[str, float]:
        """Sum the per-image areas and compute the selected scores.

        Args:
            results (list[tuple]): Per-image (intersect, union, pred, label)
                areas from :meth:`IoUMetric.process`.

        Returns:
            dict[str, float]: The selected metrics in percent.
        """
        if self.format_only:
            return OrderedDict()
        areas = [sum(r[i] for r in results).cpu() for i in range(4)]
        scores = self.areas_to_scores(*areas)
        metrics = OrderedDict(
            (k, round(scores[k] * 100, 2)) for k in self.fscore_metrics)
        print_log(f'F-score metrics: {dict(metrics)}', logger=MMLogger.get_current_instance())
        return metrics
