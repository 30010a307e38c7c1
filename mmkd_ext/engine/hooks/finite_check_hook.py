"""Stop a run whose training loss or evaluation metric is not finite."""
import math
from typing import Dict, Optional

import torch
from mmengine.hooks import Hook

from ...registry import HOOKS

METRIC_HINT = ('the evaluated split has no pixel the metric can count (every label is '
               'ignore_index, or the label ids do not match the classes): check the '
               'labels of {key} and its reduce_zero_label / label_map.')


@HOOKS.register_module()
class FiniteCheckHook(Hook):
    """Stop training at the first non-finite loss, and any run at a NaN metric.

    ``tools/train.py`` and ``tools/test.py`` add this hook to every run.
    Distillation algorithms already stop before the update of a step with a
    non-finite loss (``model.check_loss_finite``); for plain segmentors this hook
    stops after that step, before a checkpoint can store the damage. A metric of
    NaN (e.g. mIoU over a split whose labels are all ``ignore_index``) ends the
    run with an error instead of a result; per-class values (``IoU.<class>``)
    may be NaN for a class the split lacks.

    The check reads the total loss the logger already reads each iteration.
    """

    priority = 'HIGH'

    def after_train_iter(self, runner, batch_idx: int, data_batch=None,
                         outputs: Optional[Dict[str, torch.Tensor]] = None) -> None:
        if not outputs or 'loss' not in outputs:
            return
        if bool(torch.isfinite(torch.as_tensor(outputs['loss'])).all()):
            return
        bad = sorted(k for k, v in outputs.items()
                     if not bool(torch.isfinite(torch.as_tensor(v)).all()))
        raise FloatingPointError(
            f'non-finite training loss at iteration {runner.iter + 1}: {bad}. Training '
            'stopped; no checkpoint was written after it. Common causes: NaN/inf in the '
            'inputs (e.g. depth maps), a learning rate too high for the model '
            '(optim_wrapper.optimizer.lr), fp16 without loss scaling.')

    def after_val_epoch(self, runner, metrics: Optional[Dict[str, float]] = None) -> None:
        _check_metrics(metrics, 'val_dataloader.dataset')

    def after_test_epoch(self, runner, metrics: Optional[Dict[str, float]] = None) -> None:
        _check_metrics(metrics, 'test_dataloader.dataset')


def _check_metrics(metrics: Optional[Dict[str, float]], key: str) -> None:
    """Raise if a summary metric is NaN (per-class values such as ``IoU.<class>`` are
    NaN for a class absent from the split, which is no error)."""
    bad = sorted(name for name, value in (metrics or {}).items()
                 if '.' not in name and isinstance(value, float) and math.isnan(value))
    if bad:
        raise ValueError(f'metrics {bad} are NaN: ' + METRIC_HINT.format(key=key))
