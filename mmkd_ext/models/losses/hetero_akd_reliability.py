"""HeteroAKD's label-guided reliability H of a logits map (lower = more reliable)."""
import torch
import torch.nn.functional as F

RELIABILITY_MODES = ('bce', 'ce')
CLASS_REDUCTIONS = ('mean', 'sum')  # of the K per-class 'bce' terms of a pixel


def check_class_reduction(reduction: str, key: str) -> None:
    """Raise a ValueError naming the config ``key`` unless ``reduction`` is known."""
    if reduction not in CLASS_REDUCTIONS:
        raise ValueError(f'{key}={reduction!r}; use one of {CLASS_REDUCTIONS}.')


def reduce_classes(h: torch.Tensor, reduction: str) -> torch.Tensor:
    """Per-class terms (B, K, H, W) scaled so their sum over K is a mean ('mean') or a sum."""
    return h / h.shape[1] if reduction == 'mean' else h


def label_reliability(logits: torch.Tensor, labels: torch.Tensor, mode: str,
                      ignore_index: int = 255) -> torch.Tensor:
    """Per-element cross-entropy of ``logits`` against the label map.

    HeteroAKD measures how reliable teacher, student and hybrid knowledge is
    by their loss against the ground truth (the "H" of KMM and KEM).

    - ``'bce'``: one-vs-rest binary CE per pixel and class,
      ``H[b,k,i] = -y log sigma(z) - (1 - y) log(1 - sigma(z))`` with
      ``y = [label_i == k]``.
    - ``'ce'``: softmax CE per pixel, ``H[b,0,i] = -log softmax(z)[label_i]``.

    Ignored pixels get H = 0 (callers mask them anyway).

    Args:
        logits (Tensor): Logits, any float dtype.
        labels (Tensor): Label map on the same grid; ``ignore_index`` allowed.
        mode (str): ``'bce'`` or ``'ce'``.
        ignore_index (int): Label to ignore. Defaults to 255.

    Returns:
        Tensor: H, in the dtype of ``logits``.

    Shapes:
        logits: (B, K, H, W); labels: (B, H, W);
        returns (B, K, H, W) for ``'bce'``, (B, 1, H, W) for ``'ce'``.
    """
    if logits.shape[-2:] != labels.shape[-2:]:
        raise ValueError(f'label_reliability: logits grid {tuple(logits.shape[-2:])} '
                         f'differs from labels grid {tuple(labels.shape[-2:])}.')
    valid = labels != ignore_index
    safe = torch.where(valid, labels, torch.zeros_like(labels)).long()
    if mode == 'ce':
        h = F.cross_entropy(logits, safe, reduction='none')
        return torch.where(valid, h, torch.zeros_like(h))[:, None]
    if mode == 'bce':
        onehot = F.one_hot(safe, logits.shape[1]).permute(0, 3, 1, 2).to(logits)
        h = F.binary_cross_entropy_with_logits(logits, onehot, reduction='none')
        return torch.where(valid[:, None], h, torch.zeros_like(h))
    raise ValueError(f'reliability={mode!r} is not supported; use one of '
                     f'{RELIABILITY_MODES}.')
