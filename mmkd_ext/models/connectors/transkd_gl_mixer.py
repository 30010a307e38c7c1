"""TransKD Global-Local Context Mixer (GL-Mixer) on one patch embedding."""
from typing import Sequence, Tuple

import torch
from mmrazor.models.architectures.connectors.base_connector import \
    BaseConnector
from torch import nn

from ...registry import MODELS

LOCAL_CONVS = ('2d', '1d')


@MODELS.register_module()
class TransKDGLMixerConnector(BaseConnector):
    """TransKD Eq. (5): ``g * MHA(E) + l * (E*W + a) ⊗ σ(E*V + b)``.

    The global branch is multi-head self-attention over the tokens; the
    local branch a gated convolution with kernel 3. ``g`` and ``l`` are
    learnable scalars initialised to ``mix_init`` (the official code leaves
    them uninitialised). ``local_conv='2d'``: 3x3 convs on the token grid
    (paper, Fig. 5); ``'1d'``: the official code's kernel-3 Conv1d over the
    raster-ordered token sequence (neighbours wrap around row ends).

    Args:
        channels (int): C of the embedding.
        num_heads (int): Attention heads. Default: 8.
        local_conv (str): ``'2d'`` or ``'1d'``. Default: ``'2d'``.
        mix_init (Sequence[float]): Initial (g, l). Default: (1.0, 1.0).
        init_cfg (dict, optional): Initialisation config.

    Shapes:
        feature: ``(tokens, (H, W))`` with tokens (B, H*W, C), the whole
        patch-embedding record (no data_idx). returns: (B, H*W, C).
    """

    def __init__(self, channels: int, num_heads: int = 8,
                 local_conv: str = '2d',
                 mix_init: Sequence[float] = (1.0, 1.0),
                 init_cfg=None) -> None:
        super().__init__(init_cfg)
        if local_conv not in LOCAL_CONVS:
            raise ValueError(f'GL-Mixer local_conv={local_conv!r}; use one '
                             f'of {LOCAL_CONVS}.')
        if channels % num_heads:
            raise ValueError(f'GL-Mixer channels={channels} is not divisible '
                             f'by num_heads={num_heads}.')
        self.local_conv = local_conv
        self.attn = nn.MultiheadAttention(channels, num_heads,
                                          batch_first=True)
        conv = nn.Conv2d if local_conv == '2d' else nn.Conv1d
        self.value_conv = conv(channels, channels, 3, padding=1)
        self.gate_conv = conv(channels, channels, 3, padding=1)
        self.global_weight = nn.Parameter(torch.tensor(float(mix_init[0])))
        self.local_weight = nn.Parameter(torch.tensor(float(mix_init[1])))

    def forward_train(self, feature: Tuple[torch.Tensor, Sequence[int]]
                      ) -> torch.Tensor:
        """Mix the global and local branch of the tokens."""
        tokens, (h, w) = feature
        b, n, c = tokens.shape
        if n != h * w:
            raise ValueError(f'GL-Mixer got {n} tokens for a {h}x{w} grid; '
                             'map the whole patch-embedding record.')
        glob = self.attn(tokens, tokens, tokens, need_weights=False)[0]
        x = tokens.transpose(1, 2)
        if self.local_conv == '2d':
            x = x.reshape(b, c, h, w)
        local = self.value_conv(x) * torch.sigmoid(self.gate_conv(x))
        local = local.flatten(2).transpose(1, 2)
        return self.global_weight * glob + self.local_weight * local
