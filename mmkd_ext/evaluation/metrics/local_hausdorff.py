"""BCKD's local Hausdorff distance (LHD) of predicted and ground-truth boundaries."""
from typing import Dict, List, Optional, Sequence

import torch
import torch.nn.functional as F
from mmengine.evaluator import BaseMetric

from ...registry import METRICS

LHD_MODES = ('paper', 'nearest')


def label_boundary(label: torch.Tensor, ignore_index: int = 255) -> torch.Tensor:
    """Pixels whose label differs from a 4-neighbour's (neither being ignore_index).

    Args:
        label (Tensor): Label map.
        ignore_index (int): Label that neither is a boundary nor makes one.

    Returns:
        Tensor: bool boundary mask.

    Shapes:
        label: (H, W); returns (H, W).
    """
    lab = label.long()
    valid = lab != ignore_index
    pad = F.pad(lab[None, None].float(), (1, 1, 1, 1), mode='replicate')[0, 0].long()
    h, w = lab.shape
    edge = torch.zeros_like(valid)
    for dy, dx in ((0, 1), (1, 0), (0, -1), (-1, 0)):
        nb = pad[1 + dy:1 + dy + h, 1 + dx:1 + dx + w]
        edge |= (nb != lab) & (nb != ignore_index)
    return edge & valid


def local_hausdorff(bd_pred: torch.Tensor, bd_gt: torch.Tensor, radius: float = 5.0,
                    mode: str = 'paper') -> Optional[float]:
    """LHD of BCKD Eq. (24)-(25) between two boundary masks of one image.

    For each predicted boundary pixel ``p``, ``N_r(p)`` holds the ground-truth
    boundary pixels within Euclidean distance ``radius``. ``mode='paper'``:
    ``LHD_r(p) = min(max_{q in N_r} d, median_{q in N_r} d)`` as Eq. (24)
    writes it (numpy's median: mean of the two middle values for an even
    count); ``mode='nearest'``: ``min_{q in N_r} d`` (a local directed
    Hausdorff term, 0 for identical boundaries). ``N_r(p)`` empty gives
    ``LHD_r(p) = radius``. Eq. (25): with ``mu``, ``sigma`` the mean and
    population standard deviation of ``LHD_r`` over the predicted points,
    ``LHD = 1/|B_p| sum_p LHD_r(p) * [LHD_r(p) <= mu + 2 sigma]``.

    Args:
        bd_pred (Tensor): Predicted boundary mask ``B_p``.
        bd_gt (Tensor): Ground-truth boundary mask ``B_g``.
        radius (float): ``r`` of ``N_r``, in pixels. Defaults to 5.0.
        mode (str): 'paper' or 'nearest'. Defaults to 'paper'.

    Returns:
        float | None: LHD in pixels; None when ``B_p`` is empty.

    Shapes:
        bd_pred, bd_gt: (H, W) bool.
    """
    points = bd_pred.nonzero()
    if len(points) == 0:
        return None
    r = int(radius)
    dy, dx = torch.meshgrid(torch.arange(-r, r + 1), torch.arange(-r, r + 1), indexing='ij')
    dist = (dy**2 + dx**2).double().sqrt().flatten()
    keep = dist <= radius
    dy, dx, dist = dy.flatten()[keep], dx.flatten()[keep], dist[keep]
    gt = F.pad(bd_gt.bool(), (r, r, r, r))                      # outside: no boundary
    present = gt[points[:, :1] + r + dy, points[:, 1:] + r + dx]  # (P, K)
    values = torch.where(present, dist, torch.inf).sort(dim=1).values
    count = present.sum(1)
    if mode == 'nearest':
        lhd = values[:, 0]
    else:
        lo = values.gather(1, ((count - 1).clamp(min=0) // 2)[:, None])[:, 0]
        hi = values.gather(1, (count // 2).clamp(max=values.shape[1] - 1)[:, None])[:, 0]
        median = torch.where(count % 2 == 1, lo, (lo + hi) / 2)
        largest = values.gather(1, (count - 1).clamp(min=0)[:, None])[:, 0]
        lhd = torch.minimum(largest, median)
    lhd = torch.where(count > 0, lhd, torch.full_like(lhd, float(radius)))
    bound = lhd.mean() + 2 * lhd.std(unbiased=False)
    return float((lhd * (lhd <= bound)).sum() / len(lhd))


@METRICS.register_module()
class LocalHausdorffMetric(BaseMetric):
    """Mean local Hausdorff distance of boundaries (BCKD Eq. (24)-(25)), ``LHD``.

    Boundaries are the label-change pixels (4-neighbourhood, ignore_index
    excluded) of ``pred_sem_seg`` and ``gt_sem_seg``; each image gets
    :func:`local_hausdorff`; the metric is the mean over images with a
    non-empty predicted boundary (lower is better, in pixels). It can sit
    beside mmseg's ``IoUMetric`` in one evaluator.

    Args:
        radius (float): Neighbourhood radius ``r`` in pixels. Defaults to 5.0.
        mode (str): 'paper' (Eq. (24) as written) or 'nearest'.
            Defaults to 'paper'.
        ignore_index (int): Ignored label. Defaults to 255.
        collect_device (str): Defaults to 'cpu'.
        prefix (str, optional): Metric name prefix. Defaults to None.

    Shapes:
        pred_sem_seg, gt_sem_seg: (1, H, W) per data sample.
    """

    default_prefix: Optional[str] = None

    def __init__(self, radius: float = 5.0, mode: str = 'paper', ignore_index: int = 255,
                 collect_device: str = 'cpu', prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        if mode not in LHD_MODES:
            raise ValueError(f'val_evaluator: LocalHausdorffMetric.mode={mode!r} is not one '
                             f'of {LHD_MODES}.')
        if radius < 1:
            raise ValueError(f'val_evaluator: LocalHausdorffMetric.radius must be >= 1, '
                             f'got {radius}.')
        self.radius, self.mode, self.ignore_index = radius, mode, ignore_index

    def process(self, data_batch: dict, data_samples: Sequence[dict]) -> None:
        """Compute the LHD of each image of the batch."""
        for sample in data_samples:
            pred = sample['pred_sem_seg']['data'].squeeze(0).cpu()
            gt = sample['gt_sem_seg']['data'].squeeze(0).cpu().to(pred)
            pred = torch.where(gt == self.ignore_index, gt, pred)   # score labelled pixels only
            value = local_hausdorff(label_boundary(pred, self.ignore_index),
                                    label_boundary(gt, self.ignore_index),
                                    self.radius, self.mode)
            if value is not None:
                self.results.append(value)

    def compute_metrics(self, results: List[float]) -> Dict[str, float]:
        """Mean LHD over the images (NaN if no image had a predicted boundary)."""
        return dict(LHD=round(sum(results) / len(results), 4) if results else float('nan'))
