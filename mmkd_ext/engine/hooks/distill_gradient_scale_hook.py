"""Log how hard each distillation term pulls on the student, against the task loss."""
import logging
from typing import Dict, List, Optional

from mmengine.hooks import Hook
from mmengine.logging import print_log

from ...registry import HOOKS
from ...utils.gradient_scale import (ALL, TermScale, format_table,
                                     measure_gradient_scale,
                                     suggest_loss_weights, to_scalars,
                                     unwrap_algorithm)

DATA_BATCH = Optional[dict]


@HOOKS.register_module()
class DistillGradientScaleHook(Hook):
    """Per-term gradient norm, ratio to the task loss and cosine, at chosen iterations.

    Before a measured training iteration the hook runs one extra forward on that
    iteration's batch and one ``torch.autograd.grad`` per term (every
    ``distill.*`` loss, and the sum of the student's own losses), on the
    student's parameters: all of them and each top-level module
    (``backbone``, ``neck``, ``decode_head``, ...). It logs a table, writes
    ``gradscale/<term>/<group>/{norm,ratio,cos}`` to the visualizer's scalar
    backends, and warns once per term whose ratio on all parameters exceeds
    ``max_ratio``, naming the loss key and its ``loss_weight``. Nothing the
    training step uses is changed (no ``.grad``, buffers and RNG restored), so a
    run with the hook is bit-identical to one without it; iterations that are
    not measured cost one integer comparison. Every rank measures (so SyncBN and
    cross-rank buffers stay in step); rank 0 logs.

    Under fp16 AMP the extra backward is not loss-scaled, so gradients that
    underflow in fp16 are missed; ratios of well-scaled terms are unaffected.

    Args:
        start (int, optional): First measured iteration (0-based). None: the
            first iteration after the ``warmup_iters`` of a
            ``DistillWeightScheduleHook``, or 0 without one.
        interval (int): Measure every ``interval`` iterations from ``start``;
            0 measures only at ``start``. Defaults to 0.
        max_ratio (float): Warn when a term's gradient norm on all student
            parameters exceeds this multiple of the task loss's. Defaults to 10.
        calibrate_to (dict, optional): ``loss_key -> ratio``; after each
            measurement, log the ``loss_weight`` that would give each named term
            that ratio. Suggestions only: no weight is changed.
    """

    priority = 'LOW'  # after DistillWeightScheduleHook has set this step's weights

    def __init__(self,
                 start: Optional[int] = None,
                 interval: int = 0,
                 max_ratio: float = 10.0,
                 calibrate_to: Optional[Dict[str, float]] = None) -> None:
        if start is not None and start < 0:
            raise ValueError(f'custom_hooks: DistillGradientScaleHook.start={start}; '
                             'use an iteration >= 0 or None.')
        if interval < 0:
            raise ValueError(f'custom_hooks: DistillGradientScaleHook.interval='
                             f'{interval}; use 0 (once) or a positive period.')
        if max_ratio <= 0:
            raise ValueError(f'custom_hooks: DistillGradientScaleHook.max_ratio='
                             f'{max_ratio}; use a positive bound.')
        self.start = start
        self.interval = interval
        self.max_ratio = max_ratio
        self.calibrate_to = dict(calibrate_to or {})
        self.history: List[Dict] = []
        self._first: Optional[int] = start
        self._warned: set = set()

    def before_train(self, runner) -> None:
        """Resolve the first measured iteration and check ``calibrate_to`` keys."""
        algorithm = unwrap_algorithm(runner.model)
        names = list(algorithm.distiller.distill_losses)
        for key in self.calibrate_to:
            name = key.split('.', 1)[1] if key.startswith('distill.') else key
            if name not in names:
                raise KeyError(f'custom_hooks: DistillGradientScaleHook.calibrate_to has '
                               f'{key!r}, which is not a key of '
                               f'model.distiller.distill_losses {names}.')
        if self.start is None:
            warmups = [getattr(h, 'warmup_iters', 0) for h in runner.hooks
                       if type(h).__name__ == 'DistillWeightScheduleHook']
            self._first = max(warmups, default=0)

    def due(self, cur_iter: int) -> bool:
        """Whether iteration ``cur_iter`` (0-based) is measured."""
        first = self._first or 0
        if cur_iter < first:
            return False
        if self.interval == 0:
            return cur_iter == first
        return (cur_iter - first) % self.interval == 0

    def before_train_iter(self, runner, batch_idx: int, data_batch: DATA_BATCH = None) -> None:
        """Measure on this iteration's batch when it is due."""
        if data_batch is None or not self.due(runner.iter):
            return
        model = runner.model
        scales = measure_gradient_scale(
            model, data_batch, lambda: runner.optim_wrapper.optim_context(model))
        self._report(runner, scales)

    def _report(self, runner, scales: List[TermScale]) -> None:
        step = runner.iter
        record = dict(iter=step, terms=scales)
        print_log(f'Gradient scale on the student at iteration {step} (|g|: L2 norm of '
                  "the term's gradient; ratio: |g| / |g_task|; cos: cosine with the task "
                  f'gradient):\n{format_table(scales)}', logger='current')
        runner.visualizer.add_scalars(to_scalars(scales), step=step + 1)
        for scale in scales[1:]:
            ratio = scale.ratio[ALL]
            if ratio > self.max_ratio and scale.key not in self._warned:
                self._warned.add(scale.key)
                print_log(
                    f'{scale.key} (loss_weight={scale.loss_weight}) has {ratio:.3g}x '
                    f'the task-loss gradient on the student at iteration {step} '
                    f'(bound {self.max_ratio:g}): the student follows this term '
                    'alone. Lower its loss_weight (see calibrate_to) or normalise it.',
                    logger='current', level=logging.WARNING)
        if self.calibrate_to:
            record['suggested'] = suggest_loss_weights(scales, self.calibrate_to)
            lines = [f'  {key}: loss_weight {weight:.4g}' if weight is not None
                     else f'  {key}: no gradient or no loss_weight to scale'
                     for key, weight in record['suggested'].items()]
            print_log('calibrate_to: weights giving the requested ratio on all student '
                      f'parameters at iteration {step} (not applied):\n' + '\n'.join(lines),
                      logger='current')
        self.history.append(record)

