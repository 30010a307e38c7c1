"""A ConfigurableDistiller that hands labels to losses and runs each connector once per step."""
import difflib
import inspect
from typing import Any, Dict, List, Optional, Sequence, Tuple

import torch
from mmrazor.models.distillers import ConfigurableDistiller
from mmrazor.models.task_modules import (ModuleInputsRecorder,
                                        ModuleOutputsRecorder,
                                        ParameterRecorder, RecorderManager)
from torch import nn

from ...registry import MODELS
from ..utils import check_label_resize, labels_to_grid

LABEL_SOURCES = ('gt_sem_seg', )


@MODELS.register_module()
class LabelAwareDistiller(ConfigurableDistiller):
    """ConfigurableDistiller with label hand-off and per-step connector cache.

    Besides recorder entries, a ``loss_forward_mappings`` entry may ask for
    the ground-truth label map of the batch::

        gt_labels=dict(from_data='gt_sem_seg')                 # input grid
        gt_labels=dict(from_data='gt_sem_seg', size=(32, 64))  # fixed grid
        gt_labels=dict(from_data='gt_sem_seg',                 # grid of a record
                       resize_as=dict(recorder='logits', from_student=True))

    The tensor handed to the loss is ``(B, H, W)`` int64. mmkd_ext's losses take
    labels at the input grid and bring them to their own grid themselves
    (their ``label_resize``), so the shipped configs ask for the input grid;
    ``size`` / ``resize_as`` (with ``mode``: 'majority', 'centre' or 'nearest',
    see :func:`mmkd_ext.models.utils.labels_to_grid`) serve losses that do
    not resize labels themselves. ``ignore_index`` pixels stay
    ``ignore_index`` in every mode.

    Every connector output is computed at most once per step and shared by
    all losses that ask for it (MMRazor recomputes it per mapping entry).
    Recorder sources are checked against the model when the recorders are
    set up; an unknown source raises an error naming the config key and the
    closest module names.

    Args:
        **kwargs: Arguments of :class:`ConfigurableDistiller`.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._connector_cache: Dict[Tuple, Any] = {}
        self._data_samples: Optional[Sequence] = None

    # ------------------------------------------------------------ recorders
    def prepare_from_student(self, model: nn.Module) -> None:
        """Check recorder sources, then initialise the student recorders."""
        _check_sources(self.student_recorders, model, 'student_recorders')
        super().prepare_from_student(model)

    def prepare_from_teacher(self, model: nn.Module) -> None:
        """Check recorder sources, then initialise the teacher recorders."""
        _check_sources(self.teacher_recorders, model, 'teacher_recorders')
        super().prepare_from_teacher(model)

    # ------------------------------------------------------------ records
    def set_data_samples(self, data_samples: Optional[Sequence]) -> None:
        """Give the distiller this step's data samples (for label entries)."""
        self._data_samples = data_samples

    def get_record(self,
                   recorder: str,
                   from_student: bool,
                   record_idx: int = 0,
                   data_idx: Optional[int] = None,
                   connector: Optional[str] = None,
                   connector_idx: Optional[int] = None) -> Any:
        """Like :meth:`ConfigurableDistiller.get_record`, with a cache of
        connector outputs that lives for one ``compute_distill_losses``."""
        if not connector:
            return super().get_record(recorder, from_student, record_idx,
                                      data_idx, None, connector_idx)
        key = (recorder, from_student, record_idx, data_idx, connector)
        if key not in self._connector_cache:
            self._connector_cache[key] = super().get_record(
                recorder, from_student, record_idx, data_idx, connector)
        output = self._connector_cache[key]
        return output if connector_idx is None else output[connector_idx]

    def get_label(self,
                  from_data: str,
                  size: Optional[Sequence[int]] = None,
                  resize_as: Optional[dict] = None,
                  mode: str = 'majority') -> torch.Tensor:
        """Stack this step's label maps, resized to the requested grid.

        Args:
            from_data (str): Field of the data samples; ``'gt_sem_seg'``.
            size (Sequence[int], optional): Target ``(H, W)``.
            resize_as (dict, optional): A record spec (as in
                ``loss_forward_mappings``) whose last two dims give the grid.
            mode (str): 'majority', 'centre' or 'nearest', see
                :func:`mmkd_ext.models.utils.labels_to_grid`. Defaults to
                'majority'.

        Returns:
            torch.Tensor: ``(B, H, W)`` int64 label map.
        """
        if self._data_samples is None:
            raise RuntimeError(
                'A loss asked for labels but the algorithm gave the distiller '
                'no data samples; use FrozenTeacherDistill (or call '
                'distiller.set_data_samples) before compute_distill_losses.')
        labels = torch.stack([
            getattr(sample, from_data).data.squeeze(0)
            for sample in self._data_samples
        ]).long()
        if resize_as is not None:
            size = self.get_record(**resize_as).shape[-2:]
        if size is not None:
            labels = labels_to_grid(labels, size, mode)
        return labels

    def compute_distill_losses(self) -> Dict[str, torch.Tensor]:
        """Compute every distillation loss of this step."""
        self._connector_cache.clear()
        losses = {}
        for loss_name, mappings in self.loss_forward_mappings.items():
            kwargs = {
                arg: self.get_label(**spec)
                if 'from_data' in spec else self.get_record(**spec)
                for arg, spec in mappings.items()
            }
            losses[loss_name] = self.distill_losses[loss_name](**kwargs)
        self._connector_cache.clear()
        return losses

    def _check_loss_forward_mappings(self, losses: nn.ModuleDict,
                                     loss_forward_mappings: Dict[str, Dict],
                                     student_recorders: RecorderManager,
                                     teacher_recorders: RecorderManager) -> None:
        """Check label entries here, record entries with MMRazor's checks."""
        record_mappings = {}
        for loss_name, mappings in loss_forward_mappings.items():
            record_mappings[loss_name] = {}
            for arg, spec in mappings.items():
                if 'from_data' not in spec:
                    record_mappings[loss_name][arg] = spec
                    continue
                key = f'model.distiller.loss_forward_mappings.{loss_name}.{arg}'
                if spec['from_data'] not in LABEL_SOURCES:
                    raise ValueError(
                        f'{key}.from_data={spec["from_data"]!r} is not '
                        f'supported; use one of {LABEL_SOURCES}.')
                check_label_resize(spec.get('mode', 'majority'), f'{key}.mode')
                unknown = set(spec) - {'from_data', 'size', 'resize_as', 'mode'}
                if unknown:
                    raise ValueError(f'{key} has unknown keys {sorted(unknown)}; '
                                     'allowed: from_data, size, resize_as, mode.')
                if loss_name in losses and arg not in _forward_args(
                        losses[loss_name]):
                    raise ValueError(
                        f'{key}: {type(losses[loss_name]).__name__}.forward '
                        f'has no argument {arg!r}.')
        super()._check_loss_forward_mappings(losses, record_mappings,
                                             student_recorders,
                                             teacher_recorders)


def _forward_args(loss: nn.Module) -> List[str]:
    return list(inspect.signature(loss.forward).parameters)


def _check_sources(manager: RecorderManager, model: nn.Module,
                   cfg_key: str) -> None:
    """Raise a clear error for a recorder whose source is not in ``model``."""
    for name, recorder in manager.recorders.items():
        if isinstance(recorder, (ModuleOutputsRecorder, ModuleInputsRecorder)):
            known = [n for n, _ in model.named_modules()]
        elif isinstance(recorder, ParameterRecorder):
            known = [n for n, _ in model.named_parameters()]
        else:
            continue
        if recorder.source in known:
            continue
        close = difflib.get_close_matches(recorder.source, known, n=5, cutoff=0.5)
        side = cfg_key.split('_')[0]
        raise ValueError(
            f'model.distiller.{cfg_key}.{name}.source={recorder.source!r} is '
            f'not a module of the {side} ({type(model).__name__}). Closest '
            f'names: {close or "none"}. Print [n for n, _ in '
            f'{side}.named_modules()] to see all names.')
