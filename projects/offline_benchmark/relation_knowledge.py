"""What BCKD's context term hands a detector student: how well the pixel relations of each
model's fused FPN map tell "same object class" from "another class" pairs.

For each checkpoint, the FPN levels are fused parameter-free onto one level as BCKD's
teacher side does (``BCKDTeacherFusion``); the cosine between two cells is their relation
(L_CD's relation before its temperature). The score is the AUC of those relations for pairs
whose query cell lies on an object: positive when the key cell has the query's class
(car / person / obstacle / poster, or background), from the generator's label map of each
scene brought to the grid by majority. Teacher above student: the relations L_CD transfers
hold knowledge the student lacks.

Example:
    python projects/offline_benchmark/relation_knowledge.py \\
        --model teacher configs/tiny/gfl_r18-w32-tiny_*.py work_dirs/.../iter_3000.pth \\
        --model student configs/tiny/gfl_r18-w16-tiny_*.py work_dirs/.../iter_1500.pth \\
        --data-root data/offline_benchmark_det/tune --generator-seed 1 --out results/x.json
"""
import argparse
import json
import statistics
from typing import Dict, List, Optional, Sequence

import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmengine.runner import Runner

import mmkd_ext  # noqa: F401  (patches the stack)
from mmkd_ext.datasets.layouts import DETECTION_CLASSES
from mmkd_ext.datasets.street_scene_generator import CLASSES, generate_scene, scene_rng
from mmkd_ext.models.connectors import BCKDTeacherFusion
from mmkd_ext.models.utils import labels_to_grid


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--model', nargs=3, action='append', required=True,
                        metavar=('NAME', 'CONFIG', 'CHECKPOINT'),
                        help='a detector config and checkpoint (a distillation checkpoint: '
                        'its student)')
    parser.add_argument('--data-root', required=True, help='a generated eval split')
    parser.add_argument('--generator-seed', type=int, required=True,
                        help="the split's generator seed (labels are regenerated)")
    parser.add_argument('--images', type=int, default=32)
    parser.add_argument('--target-stage', type=int, default=1, help='fused FPN level index')
    parser.add_argument('--out', help='JSON results file')
    return parser.parse_args(argv)


def auc(scores: torch.Tensor, positive: torch.Tensor) -> float:
    """Probability that a positive pair outranks a negative one (ties count half): the
    Mann-Whitney U statistic over tie-averaged ranks."""
    values, inverse, counts = torch.unique(scores, return_inverse=True, return_counts=True)
    last = torch.cumsum(counts, 0).double()  # rank of the last of each tied value
    ranks = (last - (counts.double() - 1) / 2)[inverse]
    n_pos, n_neg = int(positive.sum()), int((~positive).sum())
    if not n_pos or not n_neg:
        return float('nan')
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def grid_labels(seed: int, image_id: int, shape: Sequence[int], size: Sequence[int]
                ) -> torch.Tensor:
    """The scene's object classes (1..4, 0 elsewhere) on the fused grid, by majority."""
    _, label, _ = generate_scene(scene_rng(seed, 'val', image_id - 1), *shape)
    table = torch.zeros(len(CLASSES), dtype=torch.long)
    for k, name in enumerate(DETECTION_CLASSES):
        table[CLASSES.index(name)] = k + 1
    labels = table[torch.from_numpy(label).long()]
    return labels_to_grid(labels[None], size)[0]


def relation_auc(cfg: Config, checkpoint: str, loader, seed: int, stage: int,
                 images: int) -> List[float]:
    """Per-image AUC of the fused-map cosine relations of one detector."""
    from mmdet.registry import MODELS
    model = MODELS.build(cfg.model)
    state = torch.load(checkpoint, map_location='cpu', weights_only=False)['state_dict']
    if any(k.startswith('architecture.') for k in state):
        state = {k[13:]: v for k, v in state.items() if k.startswith('architecture.')}
    model.load_state_dict(state)
    model.eval()
    fusion = BCKDTeacherFusion(target_stage=stage)
    scores = []
    with torch.no_grad():
        for batch in loader:
            data = model.data_preprocessor(batch, False)
            fused = fusion(model.extract_feat(data['inputs']))
            for feat, sample in zip(fused, data['data_samples']):
                size = feat.shape[-2:]
                h, w = sample.ori_shape
                labels = grid_labels(seed, sample.img_id, (h, w), size).flatten()
                x = torch.nn.functional.normalize(feat.flatten(1).T, dim=1)
                relation = x @ x.T
                query = labels > 0
                if not query.any():
                    continue
                same = labels[query][:, None] == labels[None]
                keep = ~torch.eye(len(labels), dtype=torch.bool)[query]
                value = auc(relation[query][keep], same[keep])
                if value == value:  # an image of one class only has no negative pair
                    scores.append(value)
                if len(scores) == images:
                    return scores
    return scores


def main(argv: Optional[Sequence[str]] = None) -> Dict:
    args = parse_args(argv)
    out = dict(data_root=args.data_root, generator_seed=args.generator_seed,
               target_stage=args.target_stage, models={})
    init_default_scope('mmdet')
    for name, config, checkpoint in args.model:
        cfg = Config.fromfile(config)
        loader_cfg = cfg.test_dataloader
        loader_cfg.update(batch_size=4, num_workers=0, persistent_workers=False)
        loader_cfg.dataset.update(data_root=args.data_root,
                                  ann_file='annotations/instances_val2017.json',
                                  data_prefix=dict(img='val2017/'))
        loader = Runner.build_dataloader(loader_cfg)
        values = relation_auc(cfg, checkpoint, loader, args.generator_seed,
                              args.target_stage, args.images)
        out['models'][name] = dict(config=config, checkpoint=checkpoint, images=len(values),
                                   auc=statistics.mean(values))
        print(f'{name}: relation AUC {out["models"][name]["auc"]:.3f} '
              f'({len(values)} images)', flush=True)
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(out, f, indent=1)
    return out


if __name__ == '__main__':
    main()
