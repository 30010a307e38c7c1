"""Argument and config handling shared by the train and test entry points."""
import argparse
import os
import os.path as osp

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
        cfg.merge_from_dict(args.cfg_options)
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir', None) is None:
        name = osp.splitext(osp.basename(args.config.split('::')[-1]))[0]
        cfg.work_dir = osp.join('./work_dirs', name)
    return cfg


def close_process_group() -> None:
    """Destroy the default process group, if any, before the process exits.

    Left to interpreter shutdown, gloo's worker threads can abort a rank
    (``terminate called without an active exception``) after a finished run.
    """
    import torch.distributed as dist
    if dist.is_available() and dist.is_initialized():
        dist.barrier()
        dist.destroy_process_group()
