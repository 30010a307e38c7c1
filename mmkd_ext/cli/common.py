"""Argument and config handling shared by the train and test entry points."""
import argparse
import difflib
import logging
import os
import os.path as osp
import sys
from typing import Set, Tuple

from mmengine.config import Config, DictAction
from mmengine.hub import get_config
from mmengine.logging import print_log


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
    """Read the config, apply the common command-line overrides (and ``--amp``) and add
    the ``FiniteCheckHook`` every run gets."""
    if 'LOCAL_RANK' not in os.environ:
        os.environ['LOCAL_RANK'] = str(args.local_rank)
    if '::' in args.config:  # e.g. mmkd_ext::cwd/<config>.py, mmseg::...
        cfg = get_config(args.config)
    else:
        cfg = Config.fromfile(args.config)
    cfg.launcher = args.launcher
    if getattr(args, 'amp', False):  # before the overrides, so they may set its options
        use_amp(cfg)
    if args.cfg_options is not None:
        check_override_keys(cfg, args.cfg_options)
        cfg.merge_from_dict(args.cfg_options)
    hooks = cfg.get('custom_hooks') or []
    if not any(str(h.get('type', '')).endswith('FiniteCheckHook') for h in hooks):
        cfg.custom_hooks = [*hooks, dict(type='mmrazor.FiniteCheckHook')]
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir', None) is None:
        name = osp.splitext(osp.basename(args.config.split('::')[-1]))[0]
        cfg.work_dir = osp.join('./work_dirs', name)
    return cfg


def use_amp(cfg: Config) -> None:
    """Switch ``optim_wrapper`` to mixed precision (``--amp``)."""
    if cfg.optim_wrapper.type == 'AmpOptimWrapper':
        print_log('AMP is already enabled in the config.', logger='current',
                  level=logging.WARNING)
    elif cfg.optim_wrapper.type != 'OptimWrapper':
        raise ValueError('--amp needs optim_wrapper.type="OptimWrapper", '
                         f'got {cfg.optim_wrapper.type!r}.')
    else:
        cfg.optim_wrapper.type = 'AmpOptimWrapper'
        cfg.optim_wrapper.loss_scale = 'dynamic'


def accepted_arguments(type_name: str) -> Tuple[Set[str], bool]:
    """The keyword arguments the registered class ``type_name`` accepts (its
    ``__init__`` and, through ``**kwargs``, its bases'), and whether any other
    keyword is accepted too (empty and True when no registry knows the class)."""
    import inspect

    from mmengine import registry as engine
    from mmrazor import registry as razor
    from mmseg import registry as seg
    scope, _, name = type_name.rpartition('.')
    for module in (seg, razor, engine):
        for registry in vars(module).values():
            if not isinstance(registry, engine.Registry):
                continue
            cls = registry.get(name) if not scope else registry.get(type_name)
            if not inspect.isclass(cls):
                continue
            names: Set[str] = set()
            for owner in cls.__mro__:
                if owner is object or '__init__' not in vars(owner):
                    continue
                params = inspect.signature(owner.__init__).parameters.values()
                names |= {p.name for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD,
                                                               p.KEYWORD_ONLY)}
                if not any(p.kind is p.VAR_KEYWORD for p in params):
                    return names - {'self'}, False
            return names - {'self'}, True
    return set(), True


def check_override_keys(cfg: Config, options: dict) -> None:
    """Refuse a ``--cfg-options`` key that looks like a typo.

    MMEngine adds unknown keys silently, so ``model.teacher_ckpnt=...`` would
    train with the config's own teacher, and a hook option typo fails only when
    the hook first uses it. Where the key's parent builds a registered class
    (its ``type``, from the options or the config), a key that class accepts is
    valid, and one it does not accept is refused when the class takes no
    ``**kwargs`` or the key is close to one of its arguments. Elsewhere a new key
    is accepted unless its parent holds a key of nearly the same name.

    Raises:
        ValueError: Naming the key, what it resembles or what the class accepts.
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
        if not isinstance(node, dict) or leaf in node or leaf.startswith('_'):
            continue
        where = '.'.join(parents)
        type_name = options.get(f'{where}.type', node.get('type'))
        if isinstance(type_name, str):
            accepted, open_ended = accepted_arguments(type_name)
            if leaf in accepted:
                continue
            close = difflib.get_close_matches(leaf, sorted(accepted), n=1, cutoff=0.8)
            if close or (accepted and not open_ended):
                hint = (f'did you mean {where}.{close[0]}=...?' if close else
                        f'it accepts {sorted(accepted - {"type"})}.')
                raise ValueError(f'--cfg-options {key}: {type_name} (the type of '
                                 f'{where}) takes no {leaf!r}; {hint}')
            continue
        close = difflib.get_close_matches(leaf, [str(k) for k in node], n=1, cutoff=0.8)
        if close:
            at = '.'.join(parents + close)
            raise ValueError(f'--cfg-options {key}: the config has no {leaf!r} there but has '
                             f'{at}; did you mean {at}=...?')


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
