"""What distillation changed: predictions of teacher, student and distilled student side by
side, and the per-class IoU change of the distilled student over its no-KD student.

Reads a results file of the offline benchmark (its rows name their checkpoints per seed)
and draws, for the first ``--images`` images of the evaluation split, image | ground truth |
teacher | no-KD student | each KD row, then a bar chart of the per-class IoU change (mean of
the paired per-seed differences).

Example:
    python tools/analysis_tools/kd_figure.py \\
        projects/offline_benchmark/results/offline_benchmark.json \\
        --rows "BCKD: DeepLabV3 -> PSPNet" "CWD: DeepLabV3 -> PSPNet" --out kd_figure.png
"""
import argparse
import glob
import os.path as osp
import statistics
from typing import Dict, List, Optional, Sequence

import numpy as np
from mmengine.config import Config

import mmkd_ext  # noqa: F401  (registers the mmkd_ext types)


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('results', help='results JSON of the offline benchmark')
    parser.add_argument('--rows', nargs='+', help='KD row names to show (default: every KD '
                        'row of the file with the first one\'s teacher and baseline)')
    parser.add_argument('--seed', type=int, default=0, help='seed whose models are drawn')
    parser.add_argument('--images', type=int, default=3)
    parser.add_argument('--out', required=True, help='PNG file to write')
    parser.add_argument('--device', default='cpu')
    return parser.parse_args(argv)


def load_segmentor(checkpoint: str, device: str):
    """The model a run trained (the student of a distillation run), in eval mode."""
    import torch
    from mmengine.registry import init_default_scope
    from mmengine.runner import load_state_dict
    from mmseg.registry import MODELS

    from mmkd_ext.cli.export_student import STUDENT_PREFIX
    cfg = Config.fromfile(osp.join(osp.dirname(checkpoint), 'config.py'))
    init_default_scope('mmseg')
    model_cfg = cfg.model.get('architecture', cfg.model)
    model_cfg.pop('init_cfg', None)   # the checkpoint holds the trained weights
    model = MODELS.build(model_cfg)
    state = torch.load(checkpoint, map_location='cpu', weights_only=False)['state_dict']
    if 'architecture' in cfg.model:
        state = {k[len(STUDENT_PREFIX):]: v for k, v in state.items()
                 if k.startswith(STUDENT_PREFIX)}
    load_state_dict(model, state, strict=True)
    model.cfg = cfg
    return model.to(device).eval()


def predict(model, images: List[np.ndarray]) -> List[np.ndarray]:
    """Class maps of ``images`` (BGR, as read by mmcv) at their own size."""
    from mmseg.apis import inference_model
    return [inference_model(model, img).pred_sem_seg.data[0].cpu().numpy() for img in images]


def colour(labels: np.ndarray, palette: Sequence[Sequence[int]]) -> np.ndarray:
    """RGB image of a class map; ignored pixels (255) black."""
    table = np.zeros((256, 3), np.uint8)
    table[:len(palette)] = np.asarray(palette, np.uint8)
    return table[labels]


def class_changes(row: dict, baseline: dict) -> Dict[str, float]:
    """Mean over paired seeds of the per-class IoU difference."""
    seeds = {s: i for i, s in enumerate(baseline['seeds'])}
    return {c: statistics.mean(v - baseline['per_class_iou'][c][seeds[s]]
                               for s, v in zip(row['seeds'], values) if s in seeds)
            for c, values in row['per_class_iou'].items()}


def draw(table: dict, names: Optional[Sequence[str]], seed: int, n_images: int, out: str,
         device: str = 'cpu') -> str:
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    import mmcv
    from mmkd_ext.datasets.offline_street import OfflineStreetDataset
    rows = {r['name']: r for r in table['rows']}
    if not names:
        kd = [r for r in table['rows'] if r.get('teacher') and r.get('baseline')]
        if not kd:
            raise ValueError('the results file has no KD row to draw.')
        names = [r['name'] for r in kd if (r['teacher'], r['baseline']) ==
                 (kd[0]['teacher'], kd[0]['baseline'])]
    for name in names:
        if name not in rows:
            raise ValueError(f'--rows {name!r}: not in {sorted(rows)}.')
        if not rows[name].get('baseline') or not rows[name].get('teacher'):
            raise ValueError(f'--rows {name!r} is not a KD row (no teacher / baseline).')
    first = rows[names[0]]
    shown = [first['teacher'], first['baseline'], *names]

    def checkpoint(name: str) -> str:
        row = rows[name]
        if 'checkpoints' not in row:
            raise ValueError(f'{name!r} in the results file has no checkpoints; run '
                             'projects/offline_benchmark/benchmark.py again (it writes them).')
        index = 0 if len(row['seeds']) == 1 else row['seeds'].index(seed)
        return row['checkpoints'][index]

    models = {name: load_segmentor(checkpoint(name), device) for name in shown}
    data_root = models[first['baseline']].cfg.test_dataloader.dataset.data_root
    paths = sorted(glob.glob(osp.join(data_root, 'img_dir', 'val', '*.png')))[:n_images]
    images = [mmcv.imread(p) for p in paths]
    truth = [mmcv.imread(p.replace('img_dir', 'ann_dir'), flag='unchanged') for p in paths]
    preds = {name: predict(model, images) for name, model in models.items()}
    palette = OfflineStreetDataset.METAINFO['palette']

    columns = ['image', 'ground truth', *shown]
    fig = plt.figure(figsize=(2.2 * len(columns), 1.3 * n_images + 3.2))
    grid = fig.add_gridspec(n_images + 2, len(columns), height_ratios=[1] * n_images + [0.3, 2])
    for i in range(n_images):
        panels = [images[i][..., ::-1], colour(truth[i], palette)]
        panels += [colour(preds[name][i], palette) for name in shown]
        for j, (title, panel) in enumerate(zip(columns, panels)):
            ax = fig.add_subplot(grid[i, j])
            ax.imshow(panel)
            ax.set_xticks([])
            ax.set_yticks([])
            if i == 0:
                ax.set_title(title if len(title) < 26 else title.split(':')[0], fontsize=7)
    ax = fig.add_subplot(grid[n_images + 1, :])
    classes = list(first['per_class_iou'])
    width = 0.8 / len(names)
    for k, name in enumerate(names):
        change = class_changes(rows[name], rows[rows[name]['baseline']])
        ax.bar(np.arange(len(classes)) + k * width, [change[c] for c in classes], width,
               label=name)
    ax.axhline(0, color='k', lw=0.8)
    ax.set_xticks(np.arange(len(classes)) + width * (len(names) - 1) / 2, classes, fontsize=7)
    ax.set_ylabel('IoU change over\nthe no-KD student', fontsize=8)
    ax.legend(fontsize=7)
    fig.suptitle(f'{table["protocol"]["name"]}, split {table["protocol"]["split"]}, seed {seed}'
                 f' (bars: mean over paired seeds)', fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


def main(argv: Optional[Sequence[str]] = None) -> str:
    import json
    args = parse_args(argv)
    with open(args.results) as f:
        table = json.load(f)
    out = draw(table, args.rows, args.seed, args.images, args.out, args.device)
    print(f'figure: {out}')
    return out


if __name__ == '__main__':
    main()
