"""How hard each distillation term pulls on the student, next to its task loss.

A loss value says nothing about how much a term moves the weights. For one batch
this module computes, for every ``distill.*`` loss of a distillation algorithm and
for the sum of the student's own (task) losses, the gradient on the student's
parameters: its norm (all parameters, and per top-level module such as
``backbone`` / ``neck`` / ``decode_head``), the ratio of each term's norm to the
task loss's norm, and the cosine between the two gradients. The measurement
leaves the model exactly as it found it: no ``.grad`` is written, buffers (BN
statistics, BCKD's tau) and the RNG streams are restored.
"""
import contextlib
import copy
import math
import random
from dataclasses import dataclass, field
from typing import Callable, ContextManager, Dict, Iterator, List, Optional

import numpy as np
import torch
from torch import nn

TASK = 'task'
ALL = 'all'


@dataclass
class TermScale:
    """Gradient scale of one loss term on one batch.

    Args:
        key (str): Loss key (``'distill.loss_cwd'``) or ``'task'``.
        value (float): Value of the term (after its ``loss_weight``).
        loss_weight (float, optional): The term's current ``loss_weight``;
            None for the task loss or a loss without the attribute.
        norm (dict): Parameter group -> L2 norm of the term's gradient.
        ratio (dict): Parameter group -> ``norm / task norm`` (task: 1).
        cosine (dict): Parameter group -> cosine with the task gradient.
    """
    key: str
    value: float
    loss_weight: Optional[float]
    norm: Dict[str, float] = field(default_factory=dict)
    ratio: Dict[str, float] = field(default_factory=dict)
    cosine: Dict[str, float] = field(default_factory=dict)


def unwrap_algorithm(model: nn.Module) -> nn.Module:
    """The distillation algorithm inside a DDP / MMEngine model wrapper."""
    from mmengine.model import is_model_wrapper
    model = model.module if is_model_wrapper(model) else model
    if not hasattr(model, 'distiller') or not hasattr(model, 'student'):
        raise TypeError('The gradient-scale measurement needs a distillation '
                        'algorithm (with .student and .distiller) as model, got '
                        f'{type(model).__name__}.')
    return model


def student_param_groups(algorithm: nn.Module) -> Dict[str, List[nn.Parameter]]:
    """Trainable student parameters: ``'all'`` and one group per top-level module.

    Args:
        algorithm (nn.Module): A distillation algorithm with ``.student``.

    Returns:
        dict: Group name -> parameters (``'all'`` first).
    """
    groups: Dict[str, List[nn.Parameter]] = {ALL: []}
    for name, param in algorithm.student.named_parameters():
        if param.requires_grad:
            groups[ALL].append(param)
            groups.setdefault(name.split('.', 1)[0], []).append(param)
    return groups


def loss_weight_of(algorithm: nn.Module, key: str) -> Optional[float]:
    """Current ``loss_weight`` of the distill loss behind ``key``, if any."""
    name = key.split('.', 1)[1] if key.startswith('distill.') else key
    losses = algorithm.distiller.distill_losses
    if name in losses and hasattr(losses[name], 'loss_weight'):
        return float(losses[name].loss_weight)
    return None


@contextlib.contextmanager
def preserved_state(model: nn.Module) -> Iterator[None]:
    """Restore every buffer of ``model`` and the RNG streams on exit."""
    buffers = [(b, b.detach().clone()) for b in model.buffers()]
    rng = (random.getstate(), np.random.get_state(), torch.get_rng_state(),
           torch.cuda.get_rng_state_all() if torch.cuda.is_initialized() else None)
    try:
        yield
    finally:
        with torch.no_grad():
            for buf, saved in buffers:
                buf.copy_(saved)
        random.setstate(rng[0])
        np.random.set_state(rng[1])
        torch.set_rng_state(rng[2])
        if rng[3] is not None:
            torch.cuda.set_rng_state_all(rng[3])


def _sum_term(value) -> torch.Tensor:
    if isinstance(value, torch.Tensor):
        return value.float().sum()
    return sum(v.float().sum() for v in value)


def split_losses(losses: Dict[str, object]) -> Dict[str, torch.Tensor]:
    """Task loss and distill terms from an algorithm's loss dict.

    Like MMEngine's ``parse_losses``, only keys containing ``'loss'`` count.

    Returns:
        dict: ``'task'`` (sum of the non-``distill.`` losses) first, then
        every ``distill.*`` loss key.
    """
    task, terms = [], {}
    for key, value in losses.items():
        if 'loss' not in key:
            continue
        if key.startswith('distill.'):
            terms[key] = _sum_term(value)
        else:
            task.append(_sum_term(value))
    if not task:
        raise ValueError('The algorithm returned no task loss (no loss key outside '
                         f'"distill."): {sorted(losses)}. Is calculate_student_loss off?')
    return {TASK: sum(task), **terms}


def measure_terms(terms: Dict[str, torch.Tensor],
                  groups: Dict[str, List[nn.Parameter]],
                  weights: Optional[Dict[str, Optional[float]]] = None
                  ) -> List[TermScale]:
    """Gradient norm, ratio to the task term and cosine, per parameter group.

    Args:
        terms (dict): ``'task'`` and the other scalar terms (one graph).
        groups (dict): Parameter group -> parameters.
        weights (dict, optional): Term key -> its ``loss_weight``.

    Returns:
        list[TermScale]: The task term first, then the others in order.
    """
    weights = weights or {}
    params = groups[ALL]
    member = {}
    for group, members in groups.items():
        ids = {id(q) for q in members}
        member[group] = [id(p) in ids for p in params]
    keys = list(terms)
    if keys[0] != TASK:
        raise ValueError(f'terms must start with {TASK!r}, got {keys}.')
    task_grads: List[Optional[torch.Tensor]] = []
    task_sq: List[float] = []
    scales = []
    for n, key in enumerate(keys):
        grads = _grads(terms[key], params, retain=n + 1 < len(keys))
        if n == 0:
            task_grads = grads
            task_sq = [0.0 if t is None else float(t.double().square().sum())
                       for t in task_grads]
        sq = [0.0 if g is None else float(g.double().square().sum()) for g in grads]
        dot = [0.0 if g is None or t is None else float((g.double() * t.double()).sum())
               for g, t in zip(grads, task_grads)]
        scale = TermScale(key, float(terms[key].detach()), weights.get(key))
        for group, mask in member.items():
            g_norm = math.sqrt(sum(v for v, m in zip(sq, mask) if m))
            t_norm = math.sqrt(sum(v for v, m in zip(task_sq, mask) if m))
            scale.norm[group] = g_norm
            scale.ratio[group] = g_norm / t_norm if t_norm > 0 else math.inf
            denom = g_norm * t_norm
            scale.cosine[group] = (sum(v for v, m in zip(dot, mask) if m) / denom
                                   if denom > 0 else 0.0)
        scales.append(scale)
    return scales


def _grads(term: torch.Tensor, params: List[nn.Parameter],
           retain: bool) -> List[Optional[torch.Tensor]]:
    """Gradient of ``term`` on each parameter (None where it does not reach)."""
    if not term.requires_grad:
        return [None] * len(params)
    return list(torch.autograd.grad(term, params, retain_graph=retain, allow_unused=True))


def measure_gradient_scale(
        model: nn.Module,
        data_batch: dict,
        autocast: Callable[[], ContextManager] = contextlib.nullcontext
) -> List[TermScale]:
    """Per-term gradient scale of a distillation algorithm on one batch.

    Runs one extra training-mode forward (inside ``autocast()``, e.g. the optim
    wrapper's ``optim_context``) and one backward per term with
    ``torch.autograd.grad``; the model's buffers, ``.grad`` fields and the RNG
    streams are as before.

    Args:
        model (nn.Module): The algorithm, or a wrapper around it.
        data_batch (dict): A batch as the dataloader yields it (not modified).
        autocast (callable): Returns the context the forward runs in.

    Returns:
        list[TermScale]: ``'task'`` first, then every ``distill.*`` term.
    """
    algorithm = unwrap_algorithm(model)
    groups = student_param_groups(algorithm)
    with preserved_state(algorithm):
        data = algorithm.data_preprocessor(copy.deepcopy(data_batch), True)
        with autocast():
            losses = algorithm(**data, mode='loss')
        terms = split_losses(losses)
        weights = {key: loss_weight_of(algorithm, key) for key in terms if key != TASK}
        return measure_terms(terms, groups, weights)


def suggest_loss_weights(scales: List[TermScale], targets: Dict[str, float],
                         group: str = ALL) -> Dict[str, Optional[float]]:
    """``loss_weight`` that gives each term the target gradient ratio.

    The gradient is linear in ``loss_weight``, so the weight that gives ratio
    ``r`` is ``loss_weight * r / measured_ratio`` (exact on the measured batch).

    Args:
        scales (list[TermScale]): A measurement.
        targets (dict): Loss key (``'loss_cwd'`` or ``'distill.loss_cwd'``) ->
            wanted ratio to the task gradient.
        group (str): Parameter group the ratio refers to. Defaults to ``'all'``.

    Returns:
        dict: ``'distill.<name>'`` -> suggested weight, or None where the term
        has no gradient or no ``loss_weight`` to scale.
    """
    by_key = {s.key: s for s in scales}
    suggestions: Dict[str, Optional[float]] = {}
    for name, target in targets.items():
        key = name if name.startswith('distill.') else f'distill.{name}'
        if key not in by_key:
            raise KeyError(f'calibrate_to has {name!r}, which is not a distill loss of '
                           f'this model; measured: {[s.key for s in scales[1:]]}.')
        scale = by_key[key]
        ratio = scale.ratio.get(group, 0.0)
        ok = scale.loss_weight is not None and 0 < ratio < math.inf
        suggestions[key] = scale.loss_weight * target / ratio if ok else None
    return suggestions


def format_table(scales: List[TermScale]) -> str:
    """A Markdown table: term, value, loss_weight, then norm / ratio / cos per group."""
    groups = list(scales[0].norm)
    head = ['term', 'value', 'loss_weight']
    for group in groups:
        head += [f'|g| {group}', f'ratio {group}', f'cos {group}']
    lines = ['| ' + ' | '.join(head) + ' |', '|' + '---|' * len(head)]
    for s in scales:
        weight = '-' if s.loss_weight is None else f'{s.loss_weight:.4g}'
        row = [s.key, f'{s.value:.4g}', weight]
        for group in groups:
            row += [f'{s.norm[group]:.3g}', f'{s.ratio[group]:.3g}',
                    f'{s.cosine[group]:.2f}']
        lines.append('| ' + ' | '.join(row) + ' |')
    return '\n'.join(lines)


def to_scalars(scales: List[TermScale], prefix: str = 'gradscale') -> Dict[str, float]:
    """Flat scalar dict for the visualizer (``gradscale/<term>/<group>/ratio``...)."""
    out = {}
    for s in scales:
        for group in s.norm:
            base = f'{prefix}/{s.key}/{group}'
            out[f'{base}/norm'] = s.norm[group]
            if s.key != TASK:
                out[f'{base}/ratio'] = s.ratio[group]
                out[f'{base}/cos'] = s.cosine[group]
    return out
