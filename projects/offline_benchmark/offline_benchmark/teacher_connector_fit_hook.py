"""Fit a teacher-side connector on the frozen teacher before distillation starts.

Used by the ``heteroakd-prefit`` development config only (a rejected variant), so it lives
with the benchmark project, not in the package.
"""
import copy
import random
from typing import Dict, Optional

import numpy as np
import torch
from mmengine.hooks import Hook

from mmkd_ext.models.utils import labels_to_grid
from mmkd_ext.registry import HOOKS
from mmkd_ext.utils.gradient_scale import unwrap_algorithm

_META_KEY = 'teacher_connectors_fitted'


@HOOKS.register_module()
class TeacherConnectorFitHook(Hook):
    """Train one teacher-side connector on the frozen teacher, then freeze it.

    A learnable map on the teacher side that learns online is judged (e.g. by
    HeteroAKD's KMM) while it is still near its random start. Before the first
    training iteration this hook fits ``connector`` alone with the distillation
    loss ``loss_name`` (whose mapping feeds that connector's teacher-side output
    and the labels, e.g. HeteroAKD's ``loss_proj_T``): ``iters`` AdamW steps on
    training batches (from a loader of its own), teacher in eval mode under
    ``no_grad``. The connector is
    then frozen (no gradients, eval mode at every iteration, so its norm layers
    keep their statistics) and becomes a fixed teacher target.

    Quality is logged next to the teacher's: the mIoU of the connector's argmax
    (``train/<connector>_fit_mIoU``) and of the teacher's own logits
    (``train/teacher_fit_mIoU``, when the teacher records ``teacher_logits``),
    both on the fitting batches of the last fifth of the fit, labels on each
    map's grid by majority. The random states (python, numpy, torch) are
    restored after the fit, so the run's data order and augmentations stay
    those of its paired no-KD student. A resumed run does not fit again: the
    checkpoint records that the connector was fitted, and its weights come
    back with the model.

    Args:
        connector (str): Key of ``model.distiller.connectors`` to fit.
        loss_name (str): Key of ``model.distiller.distill_losses`` that
            supervises it.
        iters (int): Optimisation steps. Defaults to 300.
        lr (float): AdamW learning rate. Defaults to 1e-2.
        teacher_logits (str, optional): Teacher recorder of its logits, for the
            teacher's mIoU. Defaults to 'logits'.
    """

    priority = 'VERY_HIGH'

    def __init__(self, connector: str, loss_name: str, iters: int = 300, lr: float = 1e-2,
                 teacher_logits: Optional[str] = 'logits') -> None:
        if iters < 1:
            raise ValueError(f'TeacherConnectorFitHook.iters must be >= 1, got {iters}.')
        self.connector = connector
        self.loss_name = loss_name
        self.iters = iters
        self.lr = lr
        self.teacher_logits = teacher_logits
        self.fitted = False

    # ------------------------------------------------------------ checkpoints
    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        """A resumed run whose checkpoint was saved after the fit skips it."""
        if self.connector in checkpoint.get('meta', {}).get(_META_KEY, []):
            self.fitted = True

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        """Record in the checkpoint that the connector is fitted."""
        if self.fitted:
            fitted = checkpoint.setdefault('meta', {}).setdefault(_META_KEY, [])
            if self.connector not in fitted:
                fitted.append(self.connector)

    # ------------------------------------------------------------ training
    def before_train(self, runner) -> None:
        """Fit the connector (unless restored fitted), then freeze it."""
        algorithm = unwrap_algorithm(runner.model)
        distiller = algorithm.distiller
        module = self._check(distiller)
        if not self.fitted:
            states = random.getstate(), np.random.get_state(), torch.get_rng_state()
            try:
                scores = self._fit(runner, algorithm, module)
            finally:
                random.setstate(states[0])
                np.random.set_state(states[1])
                torch.set_rng_state(states[2])
            self.fitted = True
            runner.logger.info(
                f'TeacherConnectorFitHook: fitted {self.connector} in {self.iters} steps; '
                + ', '.join(f'{k} {v:.2f}' for k, v in scores.items()))
            for name, value in scores.items():
                runner.message_hub.update_scalar(f'train/{name}', value)
        module.requires_grad_(False)
        module.eval()

    def before_train_iter(self, runner, batch_idx: int, data_batch=None) -> None:
        """Keep the frozen connector in eval mode (the loop sets train mode)."""
        unwrap_algorithm(runner.model).distiller.connectors[self.connector].eval()

    def _check(self, distiller) -> torch.nn.Module:
        key = 'custom_hooks: TeacherConnectorFitHook'
        if self.connector not in distiller.connectors:
            raise ValueError(f'{key}.connector={self.connector!r}: not in '
                             f'model.distiller.connectors {sorted(distiller.connectors)}.')
        mapping = distiller.loss_forward_mappings.get(self.loss_name)
        if mapping is None:
            raise ValueError(f'{key}.loss_name={self.loss_name!r}: not in model.distiller.'
                             f'loss_forward_mappings {sorted(distiller.loss_forward_mappings)}.')
        feeds = [spec for spec in mapping.values() if spec.get('connector') == self.connector
                 and spec.get('from_student') is False]
        others = [spec for spec in mapping.values()
                  if 'from_data' not in spec and spec.get('connector') != self.connector]
        if not feeds or others:
            raise ValueError(f'{key}: every record input of {self.loss_name} must be the '
                             f"teacher's {self.connector!r} output (and labels), got {mapping}.")
        return distiller.connectors[self.connector]

    def _fit(self, runner, algorithm, module) -> Dict[str, float]:
        distiller = algorithm.distiller
        loss_fn = distiller.distill_losses[self.loss_name]
        mapping = distiller.loss_forward_mappings[self.loss_name]
        module.requires_grad_(True)
        module.train()
        optimizer = torch.optim.AdamW(module.parameters(), lr=self.lr, weight_decay=0.0)
        scored_from = self.iters - max(self.iters // 5, 1)
        counts: Dict[str, torch.Tensor] = {}
        # a loader of its own: the training loop's infinite sampler is not consumed
        loader = runner.build_dataloader(copy.deepcopy(runner.cfg.train_dataloader),
                                         seed=runner.seed)
        batches = iter(loader)
        for step in range(self.iters):
            try:
                batch = next(batches)
            except StopIteration:
                batches = iter(loader)
                batch = next(batches)
            data = algorithm.data_preprocessor(batch, True)
            with distiller.teacher_recorders, torch.no_grad():
                algorithm.forward_teacher(data['inputs'], data['data_samples'])
            distiller.set_data_samples(data['data_samples'])
            kwargs = {}
            for arg, spec in mapping.items():
                if 'from_data' in spec:
                    kwargs[arg] = distiller.get_label(**spec)
                else:
                    feature = distiller.teacher_recorders.get_recorder(
                        spec['recorder']).get_record_data(spec.get('record_idx', 0),
                                                          spec.get('data_idx'))
                    kwargs[arg] = module(feature)
            loss = loss_fn(**kwargs)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            if step >= scored_from:
                labels = distiller.get_label(from_data='gt_sem_seg')
                preds = next(v for a, v in kwargs.items() if 'from_data' not in mapping[a])
                _count(counts, f'{self.connector}_fit_mIoU', preds.detach(), labels)
                if self.teacher_logits in distiller.teacher_recorders.recorders:
                    logits = distiller.teacher_recorders.get_recorder(
                        self.teacher_logits).get_record_data()
                    _count(counts, 'teacher_fit_mIoU', logits, labels)
        optimizer.zero_grad(set_to_none=True)  # no stale gradient for the run's optimizer
        return {name: _miou(c) for name, c in counts.items()}


def _count(counts: Dict[str, torch.Tensor], name: str, logits: torch.Tensor,
           labels: torch.Tensor, ignore_index: int = 255) -> None:
    """Add the (class, class) confusion counts of ``argmax(logits)`` on its grid."""
    k = logits.shape[1]
    target = labels_to_grid(labels, logits.shape[-2:], 'majority', ignore_index)
    valid = target != ignore_index
    pairs = target[valid] * k + logits.argmax(1)[valid]
    confusion = torch.bincount(pairs, minlength=k * k).view(k, k).double().cpu()
    counts[name] = counts.get(name, 0) + confusion


def _miou(confusion: torch.Tensor) -> float:
    """Mean IoU (in %) over the classes present in labels or predictions."""
    inter = confusion.diag()
    union = confusion.sum(0) + confusion.sum(1) - inter
    present = union > 0
    return float(100 * (inter[present] / union[present]).mean())
