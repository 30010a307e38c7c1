"""Linear CKA between Gram matrices via the (biased) HSIC (LIX Eq. 15-16)."""
import torch


def hsic(gram_a: torch.Tensor, gram_b: torch.Tensor) -> torch.Tensor:
    """Biased HSIC of two Gram matrices: ``tr(K H L H) / (n - 1)^2``.

    ``H = I - 11^T / n`` centres the Gram matrices (Gretton et al., 2005;
    LIX Eq. 15 states the same three terms, see ``configs/lix/README.md``).

    Args:
        gram_a (Tensor): K. gram_b (Tensor): L.

    Returns:
        Tensor: HSIC per batch element.

    Shapes:
        gram_a, gram_b: (B, n, n) symmetric; returns (B,).
    """
    n = gram_a.shape[-1]
    if n < 2:
        raise ValueError(f'hsic needs at least 2 examples (rows), got {n}.')
    centred_a = gram_a - gram_a.mean(-1, keepdim=True) - gram_a.mean(-2, keepdim=True) \
        + gram_a.mean((-2, -1), keepdim=True)
    return (centred_a * gram_b).sum((-2, -1)) / (n - 1)**2


def gram_cka(feat_a: torch.Tensor, feat_b: torch.Tensor) -> torch.Tensor:
    """LIX Eq. (16): ``HSIC(T, S) / sqrt(HSIC(T, T) HSIC(S, S))``.

    The Gram matrices are ``F F^T`` over the rows of each feature matrix
    (LIX: the C channels of a recalibrated map, each a vector over H*W).
    Invariant to isotropic scaling of either input; 1 for identical inputs.

    Args:
        feat_a (Tensor): First features. feat_b (Tensor): Second features.

    Returns:
        Tensor: CKA per batch element, in [0, 1].

    Shapes:
        feat_a: (B, n, d_a); feat_b: (B, n, d_b); returns (B,).
    """
    gram_a = feat_a @ feat_a.transpose(-2, -1)
    gram_b = feat_b @ feat_b.transpose(-2, -1)
    cross = hsic(gram_a, gram_b)
    norm = (hsic(gram_a, gram_a) * hsic(gram_b, gram_b)).clamp(
        min=torch.finfo(cross.dtype).tiny).sqrt()
    return cross / norm


def feature_cka(feat_a: torch.Tensor, feat_b: torch.Tensor) -> torch.Tensor:
    """Linear CKA over the rows of two feature matrices, without the Gram matrices.

    Equal to :func:`gram_cka` (``||A_c^T B_c||_F^2 / (||A_c^T A_c||_F ||B_c^T B_c||_F)``
    with ``A_c``, ``B_c`` centred over the rows), at ``O(n d_a d_b)`` cost instead of
    ``O(n^2)`` memory: the form for many rows (pixels) and few columns (channels).

    Args:
        feat_a (Tensor): First features. feat_b (Tensor): Second features.

    Returns:
        Tensor: CKA per batch element, in [0, 1].

    Shapes:
        feat_a: (B, n, d_a); feat_b: (B, n, d_b); returns (B,).
    """
    if feat_a.shape[-2] < 2:
        raise ValueError(f'feature_cka needs at least 2 examples (rows), got '
                         f'{feat_a.shape[-2]}.')
    a = feat_a - feat_a.mean(-2, keepdim=True)
    b = feat_b - feat_b.mean(-2, keepdim=True)
    cross = (a.transpose(-2, -1) @ b).square().sum((-2, -1))
    norm_a = (a.transpose(-2, -1) @ a).square().sum((-2, -1))
    norm_b = (b.transpose(-2, -1) @ b).square().sum((-2, -1))
    return cross / (norm_a * norm_b).clamp(min=torch.finfo(cross.dtype).tiny).sqrt()
