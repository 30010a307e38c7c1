"""A frozen-teacher distillation whose teacher stops after its feature extractor."""
from typing import List, Optional

import torch
from mmengine.structures import BaseDataElement

from ...registry import MODELS
from .frozen_teacher_distill import FrozenTeacherDistill


@MODELS.register_module()
class FeatureTeacherDistill(FrozenTeacherDistill):
    """:class:`FrozenTeacherDistill` whose teacher runs only ``extract_feat``.

    For methods that read only backbone / neck records (BCKD on detectors):
    the teacher's heads are skipped. This saves their cost (all stages of a
    Cascade Mask R-CNN RoI head) and avoids mmdet 3.3's ``tensor`` mode of
    ``CascadeRoIHead``, which fails on horizontally flipped training images
    (``merge_aug_masks`` slices a tensor with a negative step).

    Args:
        **kwargs: Arguments of :class:`FrozenTeacherDistill`.
    """

    def forward_teacher(self, batch_inputs: torch.Tensor,
                        data_samples: Optional[List[BaseDataElement]]
                        ) -> torch.Tensor:
        """Run the teacher's ``extract_feat`` (backbone and neck).

        Returns:
            Tensor | tuple[Tensor]: the teacher's features.

        Shapes:
            batch_inputs: (B, 3, H, W).
        """
        return self.teacher.extract_feat(batch_inputs)

    def probe_student(self, inputs: torch.Tensor) -> None:
        """Run the student's ``extract_feat`` for the build-time shape check
        (detector heads need data samples in ``tensor`` mode)."""
        self.student.extract_feat(inputs)
