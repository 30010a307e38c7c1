"""Gradient scale of every distillation term on the student, against its task loss.

Builds a distillation config's algorithm (random teacher, or ``--checkpoint``),
draws ``--iters`` real training batches, and prints for each term (the task
loss, then every ``distill.*`` loss) its value, its ``loss_weight``, the L2 norm
of its gradient on the student's parameters (all, and per top-level module),
the ratio of that norm to the task loss's and the cosine between the two
gradients: the mean over the batches. Nothing is trained. ``--calibrate-to``
prints the ``loss_weight`` that would give a term a chosen ratio; no config is
changed.

The task loss is the sum of every loss the student itself returns: the cross-entropy
(and auxiliary head) of a segmentor; a detector's classification, box and quality
losses (GFL: QFL + GIoU + DFL; RetinaNet: focal + L1; Cascade Mask R-CNN: the RPN's, the
three weighted box stages' and the mask loss).

Examples:
    python tools/analysis_tools/loss_scale_report.py CONFIG --random-teacher
    python tools/analysis_tools/loss_scale_report.py CONFIG --checkpoint teacher.pth \
        --iters 4 --calibrate-to loss_cwd=1 --json
"""
import argparse
import contextlib
import json
import os.path as osp
import statistics
import sys
import tempfile
from typing import Dict, List, Optional, Sequence

import torch
from mmengine.config import Config, DictAction
from mmengine.runner import Runner

import mmkd_ext  # noqa: F401  (patches the stack before anything is built)
from mmkd_ext.utils.gradient_scale import (TermScale, format_table,
                                           measure_gradient_scale,
                                           suggest_loss_weights)


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('config', help='distillation config file')
    teacher = parser.add_mutually_exclusive_group()
    teacher.add_argument('--checkpoint', help='teacher checkpoint (model.teacher_ckpt)')
    teacher.add_argument('--random-teacher', action='store_true',
                         help='seeded random teacher weights (model.teacher_ckpt=None)')
    parser.add_argument('--iters', type=int, default=2, help='batches to average over')
    parser.add_argument('--batch-size', type=int, help='override the train batch size')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--calibrate-to', nargs='+', action=DictAction, default={},
                        help='loss_key=ratio: print the loss_weight giving that ratio')
    parser.add_argument('--json', action='store_true', help='print one JSON object')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    return parser.parse_args(argv)


def build(args: argparse.Namespace, work_dir: str):
    """The Runner's model (on its device) and a training dataloader."""
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    if 'teacher' not in cfg.model:
        raise ValueError(f'{args.config}: model has no teacher; this tool measures '
                         'distillation configs.')
    if args.iters < 1:
        raise ValueError(f'--iters {args.iters}: use at least one batch.')
    if args.checkpoint:
        cfg.model.teacher_ckpt = args.checkpoint
    elif args.random_teacher:
        cfg.model.teacher_ckpt = None
    if args.batch_size:
        cfg.train_dataloader.batch_size = args.batch_size
    cfg.work_dir = work_dir
    cfg.log_level = 'WARNING'
    cfg.randomness = dict(seed=args.seed)
    cfg.visualizer.update(name=f'loss_scale_report_{work_dir}',  # not a reused instance
                          vis_backends=[dict(type='LocalVisBackend')])
    runner = Runner.from_cfg(cfg)
    loader = runner.build_dataloader(cfg.train_dataloader, seed=args.seed)
    # the weights of training's first step: Runner.train initialises the model (a detector's
    # classifier bias prior, the connectors' init); a loaded teacher is marked initialised
    # and keeps its checkpoint
    model = getattr(runner.model, 'module', runner.model)
    with contextlib.redirect_stdout(sys.stderr):
        model.init_weights()
    runner.model.train()
    return runner.model, loader


def mean_scales(runs: List[List[TermScale]]) -> List[TermScale]:
    """Mean of value, norm, ratio and cosine over batches, term by term."""
    out = []
    for terms in zip(*runs):
        first = terms[0]
        mean = TermScale(first.key, statistics.mean(t.value for t in terms),
                         first.loss_weight)
        for group in first.norm:
            mean.norm[group] = statistics.mean(t.norm[group] for t in terms)
            mean.ratio[group] = statistics.mean(t.ratio[group] for t in terms)
            mean.cosine[group] = statistics.mean(t.cosine[group] for t in terms)
        out.append(mean)
    return out


def main(argv: Optional[Sequence[str]] = None) -> Dict:
    args = parse_args(argv)
    # with --json, stdout holds only the JSON object (MMEngine logs to stdout)
    logs_to = sys.stderr if args.json else sys.stdout
    with tempfile.TemporaryDirectory() as work_dir, contextlib.redirect_stdout(logs_to):
        model, loader = build(args, work_dir)
        runs = []
        for batch, _ in zip(loader, range(args.iters)):
            runs.append(measure_gradient_scale(model, batch))
    scales = mean_scales(runs)
    result = dict(config=osp.relpath(args.config), batches=len(runs),
                  teacher='random' if args.random_teacher else (args.checkpoint or 'config'),
                  terms=[vars(s) for s in scales])
    if args.calibrate_to:
        targets = {k: float(v) for k, v in args.calibrate_to.items()}
        result['suggested_loss_weight'] = suggest_loss_weights(scales, targets)
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print(f'{result["config"]}: mean over {len(runs)} batch(es), teacher '
              f'{result["teacher"]}, device {next(model.parameters()).device}')
        print(format_table(scales))
        for key, weight in result.get('suggested_loss_weight', {}).items():
            text = 'no gradient or no loss_weight' if weight is None else f'{weight:.4g}'
            print(f'suggested loss_weight for {key}: {text}')
    return result


if __name__ == '__main__':
    torch.set_grad_enabled(True)
    main()
