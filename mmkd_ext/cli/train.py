"""Train a segmentor or a distillation algorithm with the MMEngine Runner."""
import argparse
import logging
from typing import Optional, Sequence

import mmkd_ext  # noqa: F401  (patches the stack before anything is built)
from mmengine.logging import print_log
from mmengine.runner import Runner

from .common import add_common_args, close_process_group, load_config
from .failure_hints import failure_hint
from .preflight import (check_checkpoint_file, check_label_meaning, check_labels,
                        check_launch, check_resume, check_work_dir)


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Train with mmkd_ext')
    parser.add_argument('config', help='train config file path')
    parser.add_argument(
        '--resume',
        action='store_true',
        help='resume from the latest checkpoint in the work dir')
    parser.add_argument(
        '--amp', action='store_true', help='mixed-precision training')
    parser.add_argument(
        '--overwrite', action='store_true',
        help='train into a work dir that holds checkpoints of another run, replacing them')
    add_common_args(parser)
    return parser.parse_args(argv)


def main(argv: Optional[Sequence[str]] = None) -> None:
    args = parse_args(argv)
    try:
        cfg = load_config(args)
    except ValueError as e:
        raise SystemExit(f'error: {e}')
    cfg.resume = args.resume
    preflight(cfg, overwrite=args.overwrite)
    try:
        Runner.from_cfg(cfg).train()
    except Exception as e:
        hint = failure_hint(e, cfg)
        if hint is None:
            raise
        raise RuntimeError(hint) from e  # the original traceback is printed above it
    close_process_group(launched=args.launcher != 'none')  # a launched rank exits here


def preflight(cfg, overwrite: bool = False) -> None:
    """Stop before training on a launch, work-dir, checkpoint or label mistake
    (see preflight.py)."""
    try:
        check_launch(cfg)
        check_work_dir(cfg, overwrite)
        check_checkpoint_file(cfg.get('load_from'), 'load_from')
        check_checkpoint_file(cfg.model.get('teacher_ckpt'), 'model.teacher_ckpt')
        if cfg.resume and check_resume(cfg) is None:
            print_log(f'--resume: no checkpoint in {cfg.work_dir}; training starts from '
                      'scratch.', logger='current', level=logging.WARNING)
        check_label_meaning(cfg)
        check_labels(cfg)
    except ValueError as e:
        raise SystemExit(f'error: {e}')


def cli() -> None:
    """Console-script entry point: like ``main`` but exits with status 0."""
    main()


if __name__ == '__main__':
    cli()
