"""Build-time and per-step checks of a distillation algorithm's configuration."""
import math
from typing import Dict, Optional

import torch
from torch import nn


def _norm_of(preprocessor: Optional[nn.Module]) -> Optional[tuple]:
    """(mean, std, channel conversion) of an mmseg-style data preprocessor."""
    if preprocessor is None or not hasattr(preprocessor, 'channel_conversion'):
        return None
    mean = getattr(preprocessor, 'mean', None)
    std = getattr(preprocessor, 'std', None)
    return (None if mean is None else mean.flatten().tolist(),
            None if std is None else std.flatten().tolist(),
            bool(preprocessor.channel_conversion))


def check_preprocessors(algorithm: nn.Module) -> None:
    """Raise if the teacher was trained with another input normalisation.

    During distillation the teacher receives the batch the algorithm's (the
    student's) ``data_preprocessor`` made; validation runs the teacher with its
    own. A difference in mean / std / channel order therefore degrades the
    teacher only where it matters, silently. Only preprocessors of the same
    class are compared: an RGB-X algorithm's ``RGBXDataPreProcessor`` normalises
    image and X itself and hands the teacher the channels it was trained on.

    Raises:
        ValueError: The normalisations differ; names both.
    """
    t_pre = getattr(algorithm.teacher, 'data_preprocessor', None)
    s_pre = getattr(algorithm, 'data_preprocessor', None)
    teacher, student = _norm_of(t_pre), _norm_of(s_pre)
    if teacher is None or student is None or type(t_pre) is not type(s_pre):
        return
    (t_mean, t_std, t_conv), (s_mean, s_std, s_conv) = teacher, student
    if t_mean is None or s_mean is None:
        same = t_mean is s_mean
    else:
        same = len(t_mean) == len(s_mean) and all(
            math.isclose(a, b, rel_tol=1e-6)
            for a, b in zip(t_mean + t_std, s_mean + s_std))
    if not same or t_conv != s_conv:
        raise ValueError(
            f'model.teacher normalises its inputs with mean={t_mean}, std={t_std}, '
            f'channel conversion={t_conv}, but model.data_preprocessor (the student\'s) '
            f'uses mean={s_mean}, std={s_std}, channel conversion={s_conv}; during '
            'distillation the teacher would receive the student\'s normalisation. Give '
            'the student the teacher\'s data_preprocessor, or set '
            'model.check_preprocessor=False if the teacher was trained that way.')


def check_loss_arguments(losses: nn.ModuleDict) -> None:
    """Raise for a distill loss whose temperature or weight cannot work.

    Raises:
        ValueError: ``tau`` <= 0, or a ``loss_weight`` that is negative (it would
            train the student away from the teacher) or not finite, naming the key.
    """
    for name, loss in losses.items():
        tau = getattr(loss, 'tau', None)
        if isinstance(tau, (int, float)) and not tau > 0:
            raise ValueError(f'model.distiller.distill_losses.{name}.tau={tau}: the '
                             'temperature divides the logits and must be > 0 (e.g. 1).')
        weight = getattr(loss, 'loss_weight', None)
        if isinstance(weight, (int, float)) and not (math.isfinite(weight) and weight >= 0):
            raise ValueError(f'model.distiller.distill_losses.{name}.loss_weight={weight}'
                             ': a distillation weight must be finite and >= 0 (a negative '
                             'one trains the student away from the teacher); to switch the '
                             'loss off, remove it from distill_losses and '
                             'loss_forward_mappings.')


def check_losses_finite(losses: Dict[str, torch.Tensor], distill_losses: nn.ModuleDict) -> None:
    """Raise if any loss of this step is NaN/inf (one reduction per step).

    Raises:
        FloatingPointError: Names every non-finite key and, for a distill loss,
            its config key and hyper-parameters.
    """
    items = [(k, v) for k, v in losses.items() if 'loss' in k and torch.is_tensor(v)]
    if not items:
        return
    finite = torch.stack([torch.isfinite(v.detach()).all() for _, v in items])
    if bool(finite.all()):
        return
    bad = [k for (k, _), ok in zip(items, finite.tolist()) if not ok]
    hints = []
    for key in bad:
        name = key.split('.', 1)[1] if key.startswith('distill.') else None
        if name in distill_losses:
            loss = distill_losses[name]
            params = {a: getattr(loss, a) for a in ('tau', 'loss_weight') if hasattr(loss, a)}
            hints.append(f'model.distiller.distill_losses.{name} '
                         f'({type(loss).__name__}, {params})')
    where = f' Check {", ".join(hints)}.' if hints else ''
    raise FloatingPointError(
        f'non-finite loss at this step: {bad}; training stopped before the weights were '
        f'updated.{where} Under fp16 AMP an overflow can cause it (try bf16). '
        'model.check_loss_finite=False skips this check.')
