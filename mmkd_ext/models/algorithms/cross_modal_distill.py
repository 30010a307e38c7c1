"""Cross-modal distillation: an RGB-X teacher, an RGB-only student (LIX)."""
from typing import Any, List, Optional

import torch
from mmengine.structures import BaseDataElement

from ...registry import MODELS
from .frozen_teacher_distill import FrozenTeacherDistill
from .shape_probe import input_channels


@MODELS.register_module()
class CrossModalDistill(FrozenTeacherDistill):
    """``FrozenTeacherDistill`` where the teacher sees image + X, the student
    the image only, from one batch (LIX Fig. 1).

    The batch (from :class:`RGBXDataPreProcessor`, each modality normalised
    with its own mean/std) holds the image in its first ``img_channels``
    channels and X after them. The teacher gets all channels; the student
    (in every mode: loss, predict, tensor) the image channels. A forward
    pre-hook on the student raises if it is ever called with more channels.

    Args:
        img_channels (int): Image channels at the front of the batch.
            Defaults to 3.
        **kwargs: Arguments of :class:`FrozenTeacherDistill`.
    """

    def __init__(self, img_channels: int = 3, **kwargs) -> None:
        self.img_channels = img_channels
        self._x_inputs: Optional[torch.Tensor] = None
        super().__init__(**kwargs)
        self.architecture.register_forward_pre_hook(self._check_student_input,
                                                    with_kwargs=True)

    def _check_student_input(self, module, args, kwargs) -> None:
        inputs = args[0] if args else kwargs.get('inputs')
        if torch.is_tensor(inputs) and inputs.dim() == 4 \
                and inputs.shape[1] != self.img_channels:
            raise ValueError(
                f'The RGB-only student received {inputs.shape[1]} input channels, '
                f'expected model.img_channels={self.img_channels}: X must go to the '
                'teacher only.')

    def _split(self, inputs: torch.Tensor) -> torch.Tensor:
        if inputs.shape[1] < self.img_channels:
            raise ValueError(f'CrossModalDistill got {inputs.shape[1]} channels, fewer '
                             f'than model.img_channels={self.img_channels}.')
        return inputs[:, :self.img_channels]

    def loss(self, batch_inputs: torch.Tensor,
             data_samples: Optional[List[BaseDataElement]] = None) -> dict:
        """Distillation losses; X is handed to the teacher only."""
        if batch_inputs.shape[1] <= self.img_channels:
            raise ValueError(
                f'CrossModalDistill.loss got {batch_inputs.shape[1]} channels; the '
                f'teacher needs image ({self.img_channels}) + X: use '
                'RGBXDataPreProcessor and LoadXModalityFromFile/ConcatXModality.')
        self._x_inputs = batch_inputs[:, self.img_channels:]
        try:
            return super().loss(self._split(batch_inputs), data_samples)
        finally:
            self._x_inputs = None

    def forward_teacher(self, batch_inputs: torch.Tensor,
                        data_samples: Optional[List[BaseDataElement]]) -> Any:
        """Run the fusion teacher on image + X."""
        return self.teacher(torch.cat([batch_inputs, self._x_inputs], 1),
                            data_samples, mode='tensor')

    def probe_teacher(self, inputs: torch.Tensor) -> None:
        """Run the fusion teacher on the probe image plus a random X."""
        x_backbone = getattr(self.teacher, 'x_backbone', None)
        if x_backbone is None:
            raise ValueError(f'model.teacher ({type(self.teacher).__name__}) has no '
                             'x_backbone: CrossModalDistill needs an RGB-X teacher '
                             '(RGBXFusionEncoderDecoder).')
        self._x_inputs = torch.randn(inputs.shape[0], input_channels(x_backbone),
                                     *inputs.shape[2:])
        try:
            self.forward_teacher(inputs, None)
        finally:
            self._x_inputs = None

    def _forward(self, inputs: torch.Tensor,
                 data_samples: Optional[List[BaseDataElement]] = None) -> Any:
        return self.architecture(self._split(inputs), data_samples, mode='tensor')

    def _predict(self, inputs: torch.Tensor,
                 data_samples: Optional[List[BaseDataElement]] = None) -> Any:
        return self.architecture(self._split(inputs), data_samples, mode='predict')
