"""The benchmark protocol and how it turns a row's config into one run's config.

A ``Protocol`` is a frozen value handed to every step that needs it; nothing here
holds a protocol in a module global. ``V1`` is the protocol in force (README, "The
protocol"); ``CANDIDATES`` are the protocol-v2 candidates that were screened on the
``tune`` split (results apart, ``results/offline_benchmark_<name>[_tune].*``).
"""
import copy
import dataclasses
import os.path as osp
from typing import Dict, Optional, Tuple

from mmengine.config import Config, ConfigDict


@dataclasses.dataclass(frozen=True)
class Protocol:
    """Data, schedule and evaluation shared by every row of one benchmark table."""
    name: str
    generator_seeds: Tuple[Tuple[str, int], ...] = (('train', 0), ('tune', 1), ('test', 2))
    train_root: str = 'train'       # the student train split's folder under --data-root
    num_train: int = 240            # student train split: the first scenes of the teachers'
    num_train_teacher: int = 1200   # teachers' split: 5x the data, a stand-in for pretraining
    num_eval: int = 200             # images in each of the tune / test splits
    image_size: Tuple[int, int] = (128, 256)
    crop_size: Tuple[int, int] = (128, 256)
    batch_size: int = 4             # full 128x256 images: stride-16 maps stay 8x16
    student_iters: int = 2000
    teacher_iters: int = 6000       # 3x the student schedule, on 5x the data
    quick_iters: int = 300          # --quick (the quickstart): a demonstration, not a measurement
    quick_eval_images: int = 50     # --quick evaluates once, on the first images of the split
    eval_points: int = 2            # validations at the last two fifths (convergence check)
    seeds: Tuple[int, ...] = (0, 1, 2)  # paired training seeds (--seeds overrides)

    def as_dict(self) -> dict:
        """The protocol as written into a results file."""
        out = dataclasses.asdict(self)
        out['generator_seeds'] = dict(self.generator_seeds)
        return out


V1 = Protocol(name='offline-street-v1')
CANDIDATES = (
    # a data-limited student: 60 labelled scenes (the first 60 of the teacher's 1200)
    dataclasses.replace(V1, name='offline-street-v2-labels60', train_root='train60',
                        num_train=60),
    # 30 and 20 labelled scenes for the PSPNet-R18w24 student
    dataclasses.replace(V1, name='offline-street-v2-labels30', train_root='train30',
                        num_train=30),
    dataclasses.replace(V1, name='offline-street-v2-labels20', train_root='train20',
                        num_train=20),
    # the same data judged on five fresh seeds, fixed before any of them ran
    dataclasses.replace(V1, name='offline-street-v2-labels20-s5', train_root='train20',
                        num_train=20, seeds=(3, 4, 5, 6, 7)),
)
PROTOCOLS: Dict[str, Protocol] = {p.name: p for p in (V1, *CANDIDATES)}


def prepare_data(protocol: Protocol, data_root: str) -> Dict[str, str]:
    """Generate (once) the student-train, teacher-train, tune and test splits."""
    from mmkd_ext.datasets import generate_dataset
    seeds = dict(protocol.generator_seeds)
    h, w = protocol.image_size
    roots = dict(
        train=(seeds['train'], protocol.num_train, 0, protocol.train_root),
        teacher=(seeds['train'], protocol.num_train_teacher, 0, 'teacher'),
        tune=(seeds['tune'], 0, protocol.num_eval, 'tune'),
        test=(seeds['test'], 0, protocol.num_eval, 'test'))
    return {name: generate_dataset(osp.join(data_root, folder), num_train, num_val, seed,
                                   h, w)
            for name, (seed, num_train, num_val, folder) in roots.items()}


def walk(node, fn) -> None:
    """Call ``fn`` on every dict inside a config tree."""
    if isinstance(node, dict):
        fn(node)
        for value in node.values():
            walk(value, fn)
    elif isinstance(node, (list, tuple)):
        for value in node:
            walk(value, fn)


def apply_protocol(cfg: Config, protocol: Protocol, *, kind: str, iters: int, seed: int,
                   roots: Dict[str, str], split: str, student_init: Optional[str],
                   teacher_ckpt: Optional[str], device: str, quick: bool = False) -> Config:
    """The row's config with the protocol applied (a new Config)."""
    cfg = copy.deepcopy(cfg)
    crop = tuple(protocol.crop_size)

    def set_crop(node):
        if node.get('type') == 'RandomCrop':
            node['crop_size'] = crop
        if 'data_preprocessor' in node and isinstance(node['data_preprocessor'], dict) \
                and node['data_preprocessor'].get('size') is not None:
            node['data_preprocessor']['size'] = crop
    walk(cfg._cfg_dict, set_crop)
    if cfg.model.get('data_preprocessor', {}).get('size') is not None:
        cfg.model.data_preprocessor.size = crop
    train = cfg.train_dataloader
    train.batch_size = protocol.batch_size
    train.dataset.data_root = roots['teacher' if kind == 'teacher' else 'train']
    for name in ('val_dataloader', 'test_dataloader'):
        cfg[name].dataset.data_root = roots[split]
        if quick:
            cfg[name].dataset.indices = protocol.quick_eval_images
    metric = dict(type='PerClassIoUMetric', iou_metrics=['mIoU'])
    cfg.val_evaluator = cfg.test_evaluator = metric
    interval = max(iters // 5, 1)
    points = 1 if quick else protocol.eval_points
    cfg.train_cfg.update(max_iters=iters, val_interval=interval,
                         val_begin=max(iters - (points - 1) * interval, 1))
    for sched in cfg.param_scheduler:
        if sched.get('by_epoch', True) is False and sched.type == 'PolyLR':
            sched.end = iters
        elif sched.get('end', 0) > iters:  # warm-up schedulers longer than the run
            sched.end = iters
    cfg.default_hooks.checkpoint.update(interval=iters, max_keep_ckpts=1)
    cfg.default_hooks.logger.interval = max(min(50, iters // 10), 1)
    cfg.randomness = dict(seed=seed)
    cfg.log_level = 'WARNING'
    set_weights_and_device(cfg, kind=kind, student_init=student_init,
                           teacher_ckpt=teacher_ckpt, device=device)
    return cfg


def set_weights_and_device(cfg: Config, *, kind: str, student_init: Optional[str],
                           teacher_ckpt: Optional[str], device: str) -> None:
    """The paired student initialisation, the teacher checkpoint of a KD run, and gloo for
    CPU runs (in place)."""
    if kind == 'kd':
        cfg.model.teacher_ckpt = teacher_ckpt
        cfg.model.architecture.init_cfg = dict(type='Pretrained', checkpoint=student_init)
    elif kind == 'student':
        cfg.model.init_cfg = dict(type='Pretrained', checkpoint=student_init)
    if device == 'cpu':
        cfg.env_cfg = ConfigDict(cfg.get('env_cfg', {}), dist_cfg=dict(backend='gloo'))
