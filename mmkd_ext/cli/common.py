"""Argument and config handling shared by the train and test entry points."""
import argparse
import difflib
import logging
import os
import os.path as osp
import sys

from mmengine.config import Config, DictAction
from mmengine.hub import get_config


def add_common_args(parser: argparse.ArgumentParser) -> None:
    """Add ``--work-dir``, ``--cfg-options``, ``--launcher`` and ``--local-rank``."""
    parser.add_argument('--work-dir', help='directory for logs and checkpoints')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override config entries, e.g. model.teacher_ckpt=path.pth '
        'train_cfg.max_iters=100')
    parser.add_argument(
        '--launcher',
        choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none',
        help='job launcher')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)


def load_config(args: argparse.Namespace) -> Config:
    """Read the config and apply the common command-line overrides."""
    if 'LOCAL_RANK' not in os.environ:
        os.environ['LOCAL_RANK'] = str(args.local_rank)
    if '::' in args.config:  # e.g. mmkd_ext::cwd/<config>.py, mmseg::...
        cfg = get_config(args.config)
    else:
        cfg = Config.fromfile(args.config)
    cfg.launcher = args.launcher
    if args.cfg_options is not None:
        check_override_keys(cfg, args.cfg_options)
        cfg.merge_from_dict(args.cfg_options)
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir', None) is None:
        name = osp.splitext(osp.basename(args.config.split('::')[-1]))[0]
        cfg.work_dir = osp.join('./work_dirs', name)
    return cfg


def check_override_keys(cfg: Config, options: dict) -> None:
    """Refuse a ``--cfg-options`` key that looks like a typo of an existing one.

    MMEngine adds unknown keys silently, so ``model.teacher_ckpnt=...`` would
    train with the config's own teacher. A new key is accepted unless its
    parent exists and holds a key of nearly the same name.

    Raises:
        ValueError: Naming the key and the existing one it resembles.
    """
    for key in options:
        *parents, leaf = key.split('.')
        node = cfg._cfg_dict
        for part in parents:
            if isinstance(node, (list, tuple)) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            elif isinstance(node, dict) and part in node:
                node = node[part]
            else:
                node = None
                break
        if not isinstance(node, dict) or leaf in node:
            continue
        close = difflib.get_close_matches(leaf, [str(k) for k in node], n=1, cutoff=0.8)
        if close:
            where = '.'.join(parents + close)
            raise ValueError(f'--cfg-options {key}: the config has no {leaf!r} there but has '
                             f'{where}; did you mean {where}=...?')


def close_process_group(launched: bool) -> None:
    """End a run's process group; a rank started by a launcher then leaves the process.

    Left to interpreter shutdown, gloo's and the store's worker threads can
    abort a rank (``terminate called without an active exception``, SIGABRT)
    after a finished run, so the launcher reports a failure. After the group is
    destroyed, a rank started by a launcher therefore flushes its streams and
    log handlers and exits with status 0 at once, skipping the C++ static
    destructors where the abort happens (the runner has already closed its
    visualizer backends and written its checkpoints in ``after_run``). A call
    from Python (``--launcher none``) only destroys the group and returns.

    Args:
        launched (bool): Whether this process is a rank started by a launcher
            (``--launcher`` other than ``none``).
    """
    import torch.distributed as dist
    if not (dist.is_available() and dist.is_initialized()):
        return
    dist.barrier()
    dist.destroy_process_group()
    if launched:
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
