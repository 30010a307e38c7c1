"""Iteration-based warm-up, decay and stop of distillation loss weights."""
from typing import Dict, Optional, Sequence

from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from ...registry import HOOKS

DATA_BATCH = Optional[dict]


@HOOKS.register_module()
class DistillWeightScheduleHook(Hook):
    """Schedule distillation loss weights by training iteration.

    MMRazor only has ``StopDistillHook``, which is epoch-based and never fires
    under MMSeg's ``IterBasedTrainLoop``. Before each training iteration
    ``i`` (0-based, ``runner.iter``) this hook sets, for every scheduled loss,
    ``loss_weight = base_weight * factor(i)`` where ``base_weight`` is the
    weight in the config and::

        factor(i) = 0                       if i < warmup_iters
                  = 0                       if stop_iter is not None and i >= stop_iter
                  = 1 + (end_factor - 1) * clip((i - decay_begin) / (decay_end - decay_begin), 0, 1)
                                            if decay == 'linear'
                  = 1                       otherwise

    ``decay='linear'`` with ``decay_begin=0``, ``decay_end=max_iters`` and
    ``end_factor=0`` is BCKD's ``r(t) = 1 - (t - 1) / t_max`` (with
    ``t = i + 1``). When the factor is 0 for every loss of the distiller,
    the algorithm's ``distillation_stopped`` flag is set, so the teacher pass
    is skipped too (``FrozenTeacherDistill``).

    The factor is a pure function of ``runner.iter``, which ``resume``
    restores, so a resumed run continues the schedule exactly.

    Args:
        warmup_iters (int): Distillation is off for iterations below this.
            Defaults to 0.
        decay (str, optional): None or ``'linear'``. Defaults to None.
        decay_begin (int, optional): First iteration of the decay. Defaults
            to ``warmup_iters``.
        decay_end (int, optional): Iteration where ``end_factor`` is reached.
            Defaults to ``runner.max_iters``.
        end_factor (float): Factor at ``decay_end``. Defaults to 0.
        stop_iter (int, optional): Distillation is off from this iteration
            on. Defaults to None (never).
        loss_names (Sequence[str], optional): Keys of
            ``model.distiller.distill_losses`` to schedule. Defaults to all.
    """

    priority = 'ABOVE_NORMAL'

    def __init__(self,
                 warmup_iters: int = 0,
                 decay: Optional[str] = None,
                 decay_begin: Optional[int] = None,
                 decay_end: Optional[int] = None,
                 end_factor: float = 0.0,
                 stop_iter: Optional[int] = None,
                 loss_names: Optional[Sequence[str]] = None) -> None:
        if decay not in (None, 'linear'):
            raise ValueError(f'custom_hooks: DistillWeightScheduleHook.decay='
                             f'{decay!r}; use None or "linear".')
        if warmup_iters < 0:
            raise ValueError('DistillWeightScheduleHook.warmup_iters must be '
                             f'>= 0, got {warmup_iters}.')
        self.warmup_iters = warmup_iters
        self.decay = decay
        self.decay_begin = warmup_iters if decay_begin is None else decay_begin
        self.decay_end = decay_end
        self.end_factor = end_factor
        self.stop_iter = stop_iter
        self.loss_names = None if loss_names is None else list(loss_names)
        self.base_weights: Dict[str, float] = {}

    def factor(self, cur_iter: int, max_iters: int) -> float:
        """Weight factor before iteration ``cur_iter`` (0-based)."""
        if cur_iter < self.warmup_iters:
            return 0.0
        if self.stop_iter is not None and cur_iter >= self.stop_iter:
            return 0.0
        if self.decay == 'linear':
            end = max_iters if self.decay_end is None else self.decay_end
            span = max(end - self.decay_begin, 1)
            progress = min(max((cur_iter - self.decay_begin) / span, 0.0), 1.0)
            return 1.0 + (self.end_factor - 1.0) * progress
        return 1.0

    def before_train(self, runner) -> None:
        """Record the configured weights of the scheduled losses."""
        losses = _algorithm(runner).distiller.distill_losses
        names = list(losses) if self.loss_names is None else self.loss_names
        for name in names:
            if name not in losses:
                raise KeyError(
                    f'custom_hooks: DistillWeightScheduleHook.loss_names has '
                    f'{name!r}, which is not a key of '
                    f'model.distiller.distill_losses {list(losses)}.')
            if not hasattr(losses[name], 'loss_weight'):
                raise AttributeError(
                    f'model.distiller.distill_losses.{name} '
                    f'({type(losses[name]).__name__}) has no loss_weight '
                    'attribute, so DistillWeightScheduleHook cannot scale it.')
            self.base_weights.setdefault(name, float(losses[name].loss_weight))
        self._check_reaches_distillation(runner.max_iters, names)
        self._apply(runner, runner.iter)

    def _check_reaches_distillation(self, max_iters: int, names) -> None:
        """Raise if the scheduled losses would stay at weight 0 for the whole run."""
        if self.warmup_iters >= max_iters:
            raise ValueError(
                f'custom_hooks: DistillWeightScheduleHook.warmup_iters={self.warmup_iters} '
                f'>= train_cfg.max_iters={max_iters}: the losses {names} would stay at '
                'weight 0 for the whole run. Lower warmup_iters or raise max_iters.')
        if self.stop_iter is not None and self.stop_iter <= self.warmup_iters:
            raise ValueError(
                f'custom_hooks: DistillWeightScheduleHook.stop_iter={self.stop_iter} <= '
                f'warmup_iters={self.warmup_iters}: the losses {names} would never be on. '
                'Set stop_iter after the warm-up, or None.')

    def before_train_iter(self,
                          runner,
                          batch_idx: int,
                          data_batch: DATA_BATCH = None) -> None:
        """Set the loss weights for this iteration."""
        self._apply(runner, runner.iter)

    def _apply(self, runner, cur_iter: int) -> None:
        algorithm = _algorithm(runner)
        losses = algorithm.distiller.distill_losses
        factor = self.factor(cur_iter, runner.max_iters)
        for name, base in self.base_weights.items():
            losses[name].loss_weight = base * factor
        if len(self.base_weights) == len(losses):
            algorithm.distillation_stopped = factor == 0.0
        runner.message_hub.update_scalar('train/distill_weight_factor', factor)


def _algorithm(runner):
    model = runner.model.module if is_model_wrapper(runner.model) else runner.model
    if not hasattr(model, 'distiller'):
        raise TypeError('DistillWeightScheduleHook needs a distillation '
                        f'algorithm as model, got {type(model).__name__}.')
    return model
