"""Single-teacher distillation with a frozen teacher run for features only."""
from typing import Any, Dict, List, Optional, Sequence, Union

import torch
from mmengine.logging import print_log
from mmengine.model import BaseModel
from mmengine.structures import BaseDataElement
from mmrazor.models.algorithms import SingleTeacherDistill
from mmrazor.models.utils import add_prefix

from ...registry import MODELS
from ...utils import merge_cfg_path
from ..distillers import LabelAwareDistiller
from .build_checks import check_loss_arguments, check_losses_finite, check_preprocessors
from .shape_probe import check_distill_shapes
from .teacher_checkpoint import load_teacher_checkpoint


@MODELS.register_module()
class FrozenTeacherDistill(SingleTeacherDistill):
    """``SingleTeacherDistill`` with a frozen, deterministic, cheap teacher.

    Differences from MMRazor's ``SingleTeacherDistill``:

    - the teacher runs in ``mode='tensor'`` (backbone + decode head, no loss,
      no upsampling to full size, no ground truth needed) under ``no_grad``;
    - the **whole** teacher is always in eval mode (BN, dropout, drop-path),
      so its targets are deterministic;
    - while distillation is off (``distillation_stopped``, set by
      ``DistillWeightScheduleHook``) the teacher does not run at all;
    - ``teacher_ckpt`` is loaded strictly, with an error that names the
      config key;
    - ``teacher`` and ``architecture`` may be ``dict(cfg_path=..., **overrides)``
      (e.g. ``decode_head=dict(num_classes=3)``), see
      :func:`mmkd_ext.utils.merge_cfg_path`;
    - a :class:`LabelAwareDistiller` receives the batch's data samples;
    - non-finite teacher outputs stop training with a message (a teacher that
      diverged, or fp16 overflow) instead of poisoning the student, and so does
      a non-finite student or distillation loss (naming its key);
    - a teacher whose ``data_preprocessor`` normalises differently from the
      student's, and a distill loss with ``tau <= 0`` or a non-finite weight,
      fail when the model is built;
    - when the model is built, a small random batch runs through teacher,
      student, connectors and losses, so a channel or stride mismatch fails
      then, naming the config key (:func:`check_distill_shapes`).

    Args:
        distiller (dict): Config of the distiller.
        teacher (dict | BaseModel): Config of the teacher, or the model.
        teacher_ckpt (str, optional): Plain checkpoint of the teacher. None
            only where the weights come from elsewhere (e.g. a full
            distillation checkpoint at test time); a warning is logged.
        check_teacher_finite (bool): Raise if the teacher's output holds
            NaN/inf (one reduction per step). Defaults to True.
        shape_probe_size (Sequence[int], optional): ``(H, W)`` of the
            build-time shape check; None skips it. Defaults to (64, 64).
        check_loss_finite (bool): Raise if a loss of the step is NaN/inf (one
            reduction per step). Defaults to True.
        check_preprocessor (bool): Raise at build time if the teacher's
            ``data_preprocessor`` normalises differently. Defaults to True.
        **kwargs: Other arguments of ``SingleTeacherDistill``;
            ``teacher_trainable=True`` is not supported here.
    """

    def __init__(self,
                 distiller: dict,
                 teacher: Union[BaseModel, Dict],
                 teacher_ckpt: Optional[str] = None,
                 check_teacher_finite: bool = True,
                 shape_probe_size: Optional[Sequence[int]] = (64, 64),
                 check_loss_finite: bool = True,
                 check_preprocessor: bool = True,
                 **kwargs) -> None:
        if kwargs.get('teacher_trainable', False):
            raise ValueError(
                'model.teacher_trainable=True is not supported by '
                'FrozenTeacherDistill; use type="SingleTeacherDistill".')
        if 'architecture' in kwargs:
            kwargs['architecture'] = merge_cfg_path(kwargs['architecture'])
        super().__init__(
            distiller, merge_cfg_path(teacher), teacher_ckpt=None, **kwargs)
        self.teacher_ckpt = teacher_ckpt
        self.check_teacher_finite = check_teacher_finite
        self.check_loss_finite = check_loss_finite
        check_loss_arguments(self.distiller.distill_losses)
        if check_preprocessor:
            check_preprocessors(self)
        if teacher_ckpt:
            load_teacher_checkpoint(self.teacher, teacher_ckpt)
            self.teacher._is_init = True
        else:
            print_log(
                'model.teacher_ckpt is None: the teacher keeps its initial '
                'weights unless a full distillation checkpoint is loaded.',
                logger='current', level=30)
        self.teacher.eval()
        if shape_probe_size:
            check_distill_shapes(self, shape_probe_size)

    def forward_teacher(self, batch_inputs: torch.Tensor,
                        data_samples: Optional[List[BaseDataElement]]) -> Any:
        """Run the teacher for its recorded features (no loss).

        Returns:
            Any: The teacher's ``tensor``-mode output (checked for NaN/inf).
        """
        return self.teacher(batch_inputs, data_samples, mode='tensor')

    def probe_teacher(self, inputs: torch.Tensor) -> None:
        """Run the teacher once for the build-time shape check.

        The shape probe (:func:`check_distill_shapes`) calls this and
        :meth:`probe_student` inside the recorders' contexts; an algorithm whose
        teacher or student runs differently (other inputs, ``extract_feat``)
        takes part in the check by overriding them.

        Args:
            inputs (Tensor): (2, C, H, W) random images, C the student's input channels.
        """
        self.forward_teacher(inputs, None)

    def probe_student(self, inputs: torch.Tensor) -> None:
        """Run the student once for the build-time shape check (see
        :meth:`probe_teacher`).

        Args:
            inputs (Tensor): (2, C, H, W) random images.
        """
        self.student(inputs, None, mode='tensor')

    def loss(
        self,
        batch_inputs: torch.Tensor,
        data_samples: Optional[List[BaseDataElement]] = None,
    ) -> Dict[str, torch.Tensor]:
        """Student losses plus, while distillation is on, distill losses."""
        distilling = not self.distillation_stopped
        losses = {}
        if distilling:
            self.distiller.set_deliveries_override(False)
            with self.distiller.teacher_recorders, self.distiller.deliveries:
                with torch.no_grad():
                    teacher_out = self.forward_teacher(batch_inputs, data_samples)
            if self.check_teacher_finite:
                _check_finite(teacher_out)
        self.distiller.set_deliveries_override(distilling)
        with self.distiller.student_recorders, self.distiller.deliveries:
            with torch.set_grad_enabled(self.student_trainable
                                        and torch.is_grad_enabled()):
                student_losses = self.student(
                    batch_inputs, data_samples, mode='loss')
        if self.calculate_student_loss:
            losses.update(add_prefix(student_losses, 'student'))
        if distilling:
            if isinstance(self.distiller, LabelAwareDistiller):
                self.distiller.set_data_samples(data_samples)
            losses.update(
                add_prefix(self.distiller.compute_distill_losses(), 'distill'))
        if self.check_loss_finite:
            check_losses_finite(losses, self.distiller.distill_losses)
        return losses

    def train(self, mode: bool = True) -> 'FrozenTeacherDistill':
        """Set train/eval mode; the teacher always stays in eval mode."""
        super().train(mode)
        self.teacher.eval()
        return self


def _check_finite(outputs: Any) -> None:
    """Raise if any tensor in ``outputs`` (nested lists/tuples) is not finite."""
    tensors = [t for t in _flatten(outputs) if torch.is_tensor(t)]
    if tensors and not torch.stack([torch.isfinite(t).all() for t in tensors]).all():
        raise FloatingPointError(
            'The teacher produced NaN/inf. Check model.teacher_ckpt (a '
            'diverged or wrong checkpoint), the input normalisation, and fp16 '
            'overflow under AMP; model.check_teacher_finite=False skips this '
            'check.')


def _flatten(outputs: Any) -> List[Any]:
    if isinstance(outputs, (list, tuple)):
        return [t for item in outputs for t in _flatten(item)]
    if isinstance(outputs, dict):
        return [t for item in outputs.values() for t in _flatten(item)]
    return [outputs]
