"""Label maps on a coarser grid: the majority (or centre) label of each output cell."""
from typing import Sequence

import torch
import torch.nn.functional as F

LABEL_RESIZE_MODES = ('majority', 'centre', 'nearest')


def check_label_resize(mode: str, key: str) -> None:
    """Raise a ValueError naming the config ``key`` unless ``mode`` is known."""
    if mode not in LABEL_RESIZE_MODES:
        raise ValueError(f'{key}={mode!r}: choose one of {LABEL_RESIZE_MODES} (majority: '
                         'the label of most pixels of each cell).')


def _cell_index(n_in: int, n_out: int, device: torch.device) -> torch.Tensor:
    """Output cell of every input row (or column): ``floor(i * n_out / n_in)``."""
    return torch.div(torch.arange(n_in, device=device) * n_out, n_in, rounding_mode='floor')


def labels_to_grid(labels: torch.Tensor, size: Sequence[int], mode: str = 'majority',
                   ignore_index: int = 255) -> torch.Tensor:
    """Resize a label map to the grid of a feature or logit map.

    The maps that labels are compared with treat each value as the centre of
    its cell (bilinear resizing with ``align_corners=False``), so the label of
    a cell must describe the cell, not its top-left pixel:

    - ``'majority'``: the most frequent label among the cell's pixels that are
      not ``ignore_index`` (ties: the smallest id; a cell of ignored pixels
      only stays ``ignore_index``). Pixel ``(y, x)`` belongs to cell
      ``(floor(y h / H), floor(x w / W))``; upsampling repeats labels.
    - ``'centre'``: the label at the cell's centre pixel
      ``floor((i + 1/2) H / h)``.
    - ``'nearest'``: ``F.interpolate(mode='nearest')``, the top-left pixel of
      each cell (shifted by half a cell; kept for ablations).

    Args:
        labels (Tensor): Label ids.
        size (Sequence[int]): Output ``(h, w)``.
        mode (str): 'majority', 'centre' or 'nearest'. Defaults to 'majority'.
        ignore_index (int): The ignored label. Defaults to 255.

    Returns:
        Tensor: int64 labels on the ``(h, w)`` grid.

    Shapes:
        labels: (B, H, W); returns (B, h, w).
    """
    check_label_resize(mode, 'labels_to_grid mode')
    labels = labels.long()
    (H, W), (h, w) = labels.shape[-2:], tuple(size)
    if (H, W) == (h, w):
        return labels
    if mode == 'nearest':
        return F.interpolate(labels[:, None].float(), size=(h, w), mode='nearest')[:, 0].long()
    if mode == 'centre' or h > H or w > W:
        rows = torch.div((2 * torch.arange(h, device=labels.device) + 1) * H, 2 * h,
                         rounding_mode='floor')
        cols = torch.div((2 * torch.arange(w, device=labels.device) + 1) * W, 2 * w,
                         rounding_mode='floor')
        return labels[:, rows][:, :, cols]
    b = labels.shape[0]
    valid = labels != ignore_index
    ids = torch.where(valid, labels, torch.zeros_like(labels))
    k = int(ids.max()) + 1 if ids.numel() else 1
    cells = (_cell_index(H, h, labels.device)[:, None] * w
             + _cell_index(W, w, labels.device)[None, :])           # (H, W)
    flat = (torch.arange(b, device=labels.device)[:, None, None] * (h * w) + cells) * k + ids
    counts = torch.bincount(flat[valid], minlength=b * h * w * k).view(b, h, w, k)
    out = counts.argmax(-1)
    return torch.where(counts.sum(-1) > 0, out, torch.full_like(out, ignore_index))
