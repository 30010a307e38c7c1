"""Evaluate a checkpoint with the MMEngine Runner and print the metric table."""
import argparse
import json
import os.path as osp
from typing import Dict, Optional, Sequence

import mmkd_ext  # noqa: F401  (patches the stack before anything is built)
from mmengine.dist import is_main_process
from mmengine.model import is_model_wrapper
from mmengine.runner import Runner

from ..compat import load_from_local
from .checkpoint_check import check_checkpoint_fits
from .common import add_common_args, close_process_group, load_config
from .preflight import check_checkpoint_file, check_label_meaning, check_labels


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Test with mmkd_ext')
    parser.add_argument('config', help='test config file path')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument('--out', help='directory to save predicted maps')
    parser.add_argument('--show-dir', help='directory to save painted images')
    parser.add_argument(
        '--json-out', help='also write the metrics to this JSON file')
    add_common_args(parser)
    return parser.parse_args(argv)


def format_metrics(metrics: Dict[str, float]) -> str:
    """Render ``{name: value}`` as a two-column text table."""
    width = max([len(k) for k in metrics] + [6])
    rows = [f'| {"metric".ljust(width)} | {"value":>8} |',
            f'|{"-" * (width + 2)}|{"-" * 10}|']
    rows += [f'| {k.ljust(width)} | {float(v):8.2f} |'
             for k, v in metrics.items()]
    return '\n'.join(rows)


def main(argv: Optional[Sequence[str]] = None) -> Dict[str, float]:
    args = parse_args(argv)
    try:
        cfg = load_config(args)
    except ValueError as e:
        raise SystemExit(f'error: {e}')
    cfg.load_from = args.checkpoint
    if 'teacher_ckpt' in cfg.model:
        # A distillation checkpoint holds the teacher too; only the student
        # is evaluated, so the teacher file is not needed.
        cfg.model.teacher_ckpt = None
    if args.show_dir:
        cfg.default_hooks.visualization.draw = True
        cfg.visualizer.save_dir = args.show_dir
    if args.out:
        cfg.test_evaluator['output_dir'] = args.out
        cfg.test_evaluator['keep_results'] = True
    try:
        check_checkpoint_file(args.checkpoint, 'CHECKPOINT')
        check_label_meaning(cfg)
        check_labels(cfg, keys=('test_dataloader', ))
    except ValueError as e:
        raise SystemExit(f'error: {e}')
    runner = Runner.from_cfg(cfg)
    model = runner.model.module if is_model_wrapper(runner.model) else runner.model
    ckpt = load_from_local(args.checkpoint, 'cpu')
    try:
        check_checkpoint_fits(model.state_dict(), ckpt.get('state_dict', ckpt),
                              args.config, args.checkpoint)
    except ValueError as e:
        raise SystemExit(str(e))
    del ckpt
    metrics = runner.test()
    if is_main_process():
        print(f'\nMetrics of {osp.basename(args.checkpoint)} with '
              f'{osp.basename(args.config)}:')
        print(format_metrics(metrics))
        if args.json_out:
            with open(args.json_out, 'w') as f:
                json.dump({k: float(v) for k, v in metrics.items()}, f, indent=2)
    close_process_group(launched=args.launcher != 'none')  # a launched rank exits here
    return metrics


def cli() -> None:
    """Console-script entry point: like ``main`` but exits with status 0."""
    main()


if __name__ == '__main__':
    cli()
