"""The detection protocol (``offline-street-det-v1``): BCKD's Table V pairs as tiny detectors
on the generator's scenes written as COCO instances, on the segmentation protocol's splits.

The splits are the segmentation protocol's scenes (same generator seeds, same scene
indices); only their annotation differs: the instances of ``DETECTION_CLASSES`` (connected
components of car / person / obstacle / poster) with boxes and polygon masks.
"""
import copy
import dataclasses
import glob
import json
import os.path as osp
from typing import Dict, Optional, Tuple

from mmengine.config import Config, ConfigDict

from .protocol import set_weights_and_device, walk


@dataclasses.dataclass(frozen=True)
class DetectionProtocol:
    """Data, schedule and evaluation of the detection rows."""
    name: str
    generator_seeds: Tuple[Tuple[str, int], ...] = (('train', 0), ('tune', 1), ('test', 2))
    num_train: int = 240            # student train split (the first scenes of the teachers')
    num_train_teacher: int = 1200   # teachers' split: 5x the data
    num_eval: int = 200             # images in each of the tune / test splits
    image_size: Tuple[int, int] = (128, 256)  # generated; the configs resize 2x
    batch_size: int = 4
    student_iters: int = 1500
    teacher_iters: int = 3000       # 2x the student schedule, on 5x the data
    eval_points: int = 2            # validations at 4/5 and at the end (convergence check)
    seeds: Tuple[int, ...] = (0, 1, 2)
    score_thr: Optional[float] = None  # detectors' test score threshold (None: mmdet's)

    def as_dict(self) -> dict:
        out = dataclasses.asdict(self)
        out['generator_seeds'] = dict(self.generator_seeds)
        return out


DET_V1 = DetectionProtocol(name='offline-street-det-v1')
ANN = dict(train='annotations/instances_train2017.json',
           val='annotations/instances_val2017.json')


def prepare_detection_data(protocol: DetectionProtocol, data_root: str
                           ) -> Dict[str, Tuple[str, str]]:
    """Generate (once) the four splits; returns ``{split: (root, 'train' or 'val')}``."""
    from mmkd_ext.datasets.layouts import generate_detection_dataset
    seeds = dict(protocol.generator_seeds)
    h, w = protocol.image_size
    splits = dict(train=(seeds['train'], protocol.num_train, 0, 'train'),
                  teacher=(seeds['train'], protocol.num_train_teacher, 0, 'train'),
                  tune=(seeds['tune'], 0, protocol.num_eval, 'val'),
                  test=(seeds['test'], 0, protocol.num_eval, 'val'))
    return {name: (generate_detection_dataset(osp.join(data_root, name), num_train, num_val,
                                              seed, h, w), part)
            for name, (seed, num_train, num_val, part) in splits.items()}


def point_at(loader: ConfigDict, evaluator: Optional[ConfigDict], root: str, part: str) -> None:
    """Make a dataloader (and its evaluator) read one generated split."""
    loader.dataset.update(data_root=root, ann_file=ANN[part],
                          data_prefix=dict(img=f'{part}2017/'))
    if evaluator is not None:
        evaluator.ann_file = osp.join(root, ANN[part])


def apply_detection_protocol(cfg: Config, protocol: DetectionProtocol, *, kind: str,
                             iters: int, seed: int, roots: Dict[str, Tuple[str, str]],
                             split: str, student_init: Optional[str],
                             teacher_ckpt: Optional[str], device: str) -> Config:
    """The row's config with the protocol applied (a new Config)."""
    cfg = copy.deepcopy(cfg)
    for helper in [k for k in cfg if k.startswith('_')]:  # a config file's own variables
        cfg.pop(helper)
    cfg.train_dataloader.batch_size = protocol.batch_size
    point_at(cfg.train_dataloader, None, *roots['teacher' if kind == 'teacher' else 'train'])
    for loader, evaluator in (('val_dataloader', 'val_evaluator'),
                              ('test_dataloader', 'test_evaluator')):
        point_at(cfg[loader], cfg[evaluator], *roots[split])
    interval = max(iters // 5, 1)
    cfg.train_cfg.update(max_iters=iters, val_interval=interval,
                         val_begin=max(iters - (protocol.eval_points - 1) * interval, 1))

    def shorten(node):  # the decay ends with the run; a warm-up fits inside a short run
        if node.get('by_epoch') is False and 'end' in node:
            node['end'] = iters if node.get('type') == 'PolyLR' else min(node['end'], iters)
            node['begin'] = min(node.get('begin', 0), node['end'] - 1)
    walk(cfg.param_scheduler, shorten)
    cfg.default_hooks.checkpoint.update(interval=iters, max_keep_ckpts=1)
    cfg.default_hooks.logger.interval = max(min(50, iters // 10), 1)
    cfg.randomness = dict(seed=seed)
    cfg.log_level = 'WARNING'
    if protocol.score_thr is not None:
        detector = cfg.model.architecture if kind == 'kd' else cfg.model

        def threshold(node):
            if 'score_thr' in node:
                node['score_thr'] = protocol.score_thr
        walk(detector.test_cfg, threshold)
    set_weights_and_device(cfg, kind=kind, student_init=student_init,
                           teacher_ckpt=teacher_ckpt, device=device)
    return cfg


def metrics_of(scalars: dict) -> dict:
    """bbox (and segm) mAP and per-class AP, in points, from one CocoMetric record."""
    out = dict(bbox_map=100 * scalars['coco/bbox_mAP'])
    if 'coco/segm_mAP' in scalars:
        out['segm_map'] = 100 * scalars['coco/segm_mAP']
    # classwise CocoMetric: 'coco/<class>_precision' (bbox), or '<class>_precision' under
    # the segm prefix when both are evaluated; keep the bbox ones
    out['per_class_ap'] = {k[5:-10]: 100 * v for k, v in scalars.items()
                           if k.startswith('coco/') and k.endswith('_precision')}
    return out


def read_detection_result(run_dir: str, iters: int) -> dict:
    """The last validation of a run (and the bbox mAP curve) from its scalars.json."""
    logs = sorted(glob.glob(osp.join(run_dir, '*', 'vis_data', 'scalars.json')))
    evals = [json.loads(line) for path in logs for line in open(path)
             if '"coco/bbox_mAP"' in line]
    if not evals:
        raise RuntimeError(f'{run_dir}: no validation result; see its train.log.')
    return dict(metrics_of(evals[-1]), map_curve=[100 * e['coco/bbox_mAP'] for e in evals],
                checkpoint=osp.join(run_dir, f'iter_{iters}.pth'))
