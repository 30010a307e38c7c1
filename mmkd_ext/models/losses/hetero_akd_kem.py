"""HeteroAKD's KEM: per-pixel weights from the student's gap to the hybrid knowledge."""
import torch

KEM_NORMS = ('spatial', 'class', 'none')


def knowledge_evaluation(rel_S: torch.Tensor, rel_hyb: torch.Tensor,
                         valid: torch.Tensor, norm: str = 'spatial',
                         tau: float = 1.0) -> torch.Tensor:
    """KEM: importance ``I = H_S + max(0, H_S - H_hyb)``, normalised, detached.

    Elements where the student is unreliable (large H_S), and more so where
    the hybrid knowledge is reliable and the student is not (large gap),
    get more distillation weight.

    Normalisation (``norm``), always with a softmax at temperature ``tau``
    and scaled so that the mean weight is 1 (the loss keeps the magnitude of
    an unweighted mean):

    - ``'spatial'``: softmax over the valid pixels of each image (and class
      channel), times the number of valid pixels; ignored pixels get 0.
    - ``'class'``: softmax over the class channels of each pixel, times K
      (needs per-class reliability, i.e. ``K > 1`` channels).
    - ``'none'``: weight 1 on every valid element (KEM off, for ablations).

    Args:
        rel_S (Tensor): Student reliability H_S.
        rel_hyb (Tensor): Hybrid reliability H_hyb (same shape).
        valid (Tensor): Bool mask of non-ignored pixels.
        norm (str): ``'spatial'``, ``'class'`` or ``'none'``.
        tau (float): Softmax temperature. Defaults to 1.0.

    Returns:
        Tensor: weights W, shape of ``rel_S``, 0 on ignored pixels, detached.

    Shapes:
        rel_S, rel_hyb: (B, C, H, W) with C = K (per class) or 1 (per pixel);
        valid: (B, 1, H, W).
    """
    valid = valid.expand_as(rel_S)
    importance = (rel_S + (rel_S - rel_hyb).clamp_min(0)).detach() / tau
    importance = torch.where(valid, importance, torch.zeros_like(importance))
    if norm == 'none':
        return valid.to(rel_S)
    if norm == 'class':
        w = torch.softmax(importance, dim=1) * rel_S.shape[1]
        return torch.where(valid, w, torch.zeros_like(w))
    if norm != 'spatial':
        raise ValueError(f'kem_norm={norm!r} is not supported; use one of '
                         f'{KEM_NORMS}.')
    flat = importance.flatten(2)
    mask = valid.flatten(2).to(flat)
    # importance >= 0 and ignored entries are 0, so the max over all entries
    # is the max over the valid ones (or 0): a finite, safe shift.
    e = torch.exp(flat - flat.amax(dim=2, keepdim=True)) * mask
    count = mask.sum(dim=2, keepdim=True)
    w = e / e.sum(dim=2, keepdim=True).clamp_min(torch.finfo(e.dtype).tiny) * count
    return w.reshape(rel_S.shape)
