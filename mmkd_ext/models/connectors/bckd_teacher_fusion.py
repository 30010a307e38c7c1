"""BCKD teacher-side fusion without parameters: every stage normalised, resized and concatenated."""
from typing import Sequence

import torch
from mmrazor.models.architectures.connectors.base_connector import BaseConnector
from mmseg.models.utils import resize

from ...registry import MODELS


@MODELS.register_module()
class BCKDTeacherFusion(BaseConnector):
    """Teacher-side ``T^c`` of BCKD Sec. IV-A as a fixed, normalised transform.

    ``T^c = concat_i(n(resize(T_i)))``: each backbone stage is resized
    bilinearly to the grid of stage ``target_stage`` (the stride-8 stage),
    its channels are centred over the positions of each image, and it is
    divided by its root-mean-square pixel norm, so every stage weighs the
    same in the relations :class:`BCKDContextLoss` computes (cosine). There
    are no parameters: the paper's teacher-side 1x1 / 3x3 convs would get no
    gradient from a frozen teacher (trained with the student they can
    collapse to a constant map; frozen at random they only add noise), while
    this map is a function of the teacher's features alone, so the relations
    it yields are the teacher's.

    Args:
        target_stage (int): Stage whose grid is the output grid. Defaults to 1.
        eps (float): Floor of the stage norm. Defaults to 1e-6.
        init_cfg (dict, optional): Unused (no parameters). Defaults to None.

    Returns:
        Tensor: the fused map.

    Shapes:
        feature: tuple of (B, C_i, h_i, w_i); returns (B, sum_i C_i, h_t, w_t),
        ``(h_t, w_t)`` the grid of ``feature[target_stage]``.
    """

    def __init__(self, target_stage: int = 1, eps: float = 1e-6, init_cfg=None) -> None:
        super().__init__(init_cfg)
        self.target_stage = target_stage
        self.eps = eps

    def forward_train(self, feature: Sequence[torch.Tensor]) -> torch.Tensor:
        """Normalise, resize and concatenate the stage tuple of one backbone record."""
        if not 0 <= self.target_stage < len(feature):
            raise ValueError(f'connectors: BCKDTeacherFusion.target_stage={self.target_stage} '
                             f'is not an index of the {len(feature)} recorded stages.')
        size = feature[self.target_stage].shape[-2:]
        maps = []
        for x in feature:
            x = resize(x, size=size, mode='bilinear', align_corners=False)
            x = x - x.mean(dim=(2, 3), keepdim=True)
            rms = x.pow(2).sum(1).mean(dim=(1, 2)).sqrt().clamp_min(self.eps)
            maps.append(x / rms[:, None, None, None])
        return torch.cat(maps, dim=1)
