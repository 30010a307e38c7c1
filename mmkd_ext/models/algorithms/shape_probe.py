"""Build-time check that records, connectors and losses fit together."""
from typing import Any, Dict, Sequence

import torch
from mmengine.structures import PixelData
from mmseg.structures import SegDataSample
from torch import nn

from ..distillers import LabelAwareDistiller

SKIP_HINT = 'model.shape_probe_size=None skips this build-time check.'


def input_channels(model: nn.Module) -> int:
    """Input channels of ``model``: those of its first convolution."""
    for module in model.modules():
        if isinstance(module, nn.modules.conv._ConvNd):
            return module.in_channels
    raise ValueError(f'{type(model).__name__} has no convolution; cannot infer its '
                     f'input channels. {SKIP_HINT}')


def check_distill_shapes(algorithm: nn.Module, size: Sequence[int]) -> None:
    """Run teacher and student once on a random ``(2, C, *size)`` batch and
    feed the records through every connector and distillation loss.

    A channel or stride mismatch between a record and a connector, or between
    the two inputs of a loss, then fails when the model is built, with an
    error naming the config key, instead of at the first training step. The
    models run in eval mode under ``no_grad``; the distiller's parameters and
    buffers (e.g. a temperature rule's state) are restored afterwards.
    Losses whose records the probe does not produce (e.g. a student head that
    ``probe_student`` skips) are not checked.

    Args:
        algorithm (nn.Module): A :class:`FrozenTeacherDistill` (or subclass),
            whose public ``probe_teacher`` and ``probe_student`` run the two models.
        size (Sequence[int]): ``(H, W)`` of the probe batch.
    """
    distiller = algorithm.distiller
    if not hasattr(distiller, 'loss_forward_mappings'):
        return
    state = {k: v.clone() for k, v in distiller.state_dict().items()}
    was_training = algorithm.training
    algorithm.eval()
    generator = torch.Generator().manual_seed(0)
    inputs = torch.randn(2, input_channels(algorithm.student), *size, generator=generator)
    try:
        with torch.no_grad():
            distiller.set_deliveries_override(False)
            with distiller.teacher_recorders, distiller.deliveries:
                algorithm.probe_teacher(inputs)
            with distiller.student_recorders, distiller.deliveries:
                algorithm.probe_student(inputs)
            if isinstance(distiller, LabelAwareDistiller):
                distiller.set_data_samples(_fake_samples(inputs))
            for loss_name, mappings in distiller.loss_forward_mappings.items():
                _check_loss(distiller, loss_name, mappings, tuple(size))
    finally:
        for manager in (distiller.student_recorders, distiller.teacher_recorders):
            for recorder in manager.recorders.values():
                recorder.reset_data_buffer()
        if isinstance(distiller, LabelAwareDistiller):
            distiller.set_data_samples(None)
        distiller.load_state_dict(state)
        algorithm.train(was_training)


def _check_loss(distiller: nn.Module, loss_name: str, mappings: Dict[str, dict],
                size: tuple) -> None:
    _check_distinct_inputs(loss_name, mappings)
    kwargs = {}
    for arg, spec in mappings.items():
        if 'from_data' in spec:
            kwargs[arg] = distiller.get_label(**spec)
            continue
        side = 'student' if spec['from_student'] else 'teacher'
        manager = getattr(distiller, f'{side}_recorders')
        if not manager.get_recorder(spec['recorder']).data_buffer:
            return
        if not spec.get('connector'):
            kwargs[arg] = distiller.get_record(**spec)
            continue
        raw = {k: v for k, v in spec.items() if k not in ('connector', 'connector_idx')}
        record = distiller.get_record(**raw)
        try:
            kwargs[arg] = distiller.get_record(**spec)
        except Exception as err:
            raise ValueError(
                f'Build-time shape check at input size {size}: '
                f'model.distiller.connectors.{spec["connector"]} fails on the '
                f'{side} record {spec["recorder"]!r} of shape {_shapes(record)} '
                f'(used by model.distiller.loss_forward_mappings.{loss_name}.{arg}): '
                f'{err}. Match the connector\'s in_channels (or stride) to that '
                f'record, or record another module. {SKIP_HINT}') from err
    try:
        value = distiller.distill_losses[loss_name](**kwargs)
    except Exception as err:
        shapes = ', '.join(f'{arg}={_shapes(value)}' for arg, value in kwargs.items())
        raise ValueError(
            f'Build-time shape check at input size {size}: '
            f'model.distiller.distill_losses.{loss_name} '
            f'({type(distiller.distill_losses[loss_name]).__name__}) fails on its '
            f'inputs {shapes}: {err}. Make the records agree in channels and '
            'stride (add or fix a connector in model.distiller.connectors, or '
            f'record other modules). {SKIP_HINT}') from err
    if torch.is_tensor(value) and value.numel() and not value.detach().abs().sum() > 0:
        raise ValueError(
            f'model.distiller.distill_losses.{loss_name} '
            f'({type(distiller.distill_losses[loss_name]).__name__}) is exactly 0 on the '
            f'build-time probe (random models, input size {size}), so it cannot teach '
            'anything: check its loss_weight and its mapping in '
            f'model.distiller.loss_forward_mappings.{loss_name}. {SKIP_HINT}')


def _check_distinct_inputs(loss_name: str, mappings: Dict[str, dict]) -> None:
    """Two inputs of one loss must not be the same record (a loss between a tensor
    and itself is 0 whatever the models do)."""
    seen: Dict[tuple, str] = {}
    for arg, spec in mappings.items():
        if 'from_data' in spec:
            continue
        ident = tuple(sorted((k, repr(v)) for k, v in spec.items()))
        if ident in seen:
            side = 'student' if spec.get('from_student') else 'teacher'
            raise ValueError(
                f'model.distiller.loss_forward_mappings.{loss_name}: {seen[ident]} and {arg} '
                f'are the same tensor (the {side} record {spec.get("recorder")!r}), so the '
                'loss compares it with itself; map one of them to the other model '
                '(from_student=True / False) or to another recorder.')
        seen[ident] = arg


def _fake_samples(inputs: torch.Tensor) -> list:
    """Data samples with an all-zero label map of the input size."""
    size = tuple(inputs.shape[-2:])
    samples = []
    for _ in range(inputs.shape[0]):
        sample = SegDataSample(metainfo=dict(img_shape=size, ori_shape=size, pad_shape=size))
        sample.gt_sem_seg = PixelData(data=torch.zeros(1, *size, dtype=torch.long))
        samples.append(sample)
    return samples


def _shapes(value: Any) -> Any:
    if torch.is_tensor(value):
        return tuple(value.shape)
    if isinstance(value, (list, tuple)):
        return [_shapes(v) for v in value]
    return type(value).__name__
