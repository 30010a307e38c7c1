"""Teacher, student baseline and distillation configs on one schedule, several seeds.

Each distillation config is trained once per seed against a teacher trained
once (seed 0) from the config its ``model.teacher.cfg_path`` names (or the one
given as ``KD_CONFIG@TEACHER_CONFIG``); students train once per seed. Every run
uses the same ``--iters``; the table gives the final validation mIoU as
mean ± standard deviation over seeds, and every seed's value.

Example (offline data, 2 seeds):
    python tools/analysis_tools/accuracy_benchmark.py \
        --students configs/tiny/pspnet_r18-w16-tiny_1xb8-300_offline-street-128x256.py \
        --distill configs/cwd/cwd_logits_*_offline-street-128x256.py \
        --seeds 0 1 --iters 300
"""
import argparse
import glob
import json
import os.path as osp
import statistics
import subprocess
import sys
from typing import Dict, List, Optional, Sequence

from mmengine.config import Config

import mmkd_ext  # noqa: F401  (registers the mmkd_ext:: config prefix)

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--students', nargs='*', default=[], help='plain configs')
    parser.add_argument('--distill', nargs='*', default=[],
                        help='distillation configs, optionally KD@TEACHER')
    parser.add_argument('--seeds', type=int, nargs='+', default=[0, 1])
    parser.add_argument('--iters', type=int, default=300)
    parser.add_argument('--work-dir', default='work_dirs/accuracy_benchmark')
    parser.add_argument('--cfg-options', nargs='*', default=[],
                        help='extra overrides for every run (e.g. data_root)')
    return parser.parse_args(argv)


def teacher_config(kd_config: str) -> str:
    """The plain config of a distillation config's teacher."""
    cfg_path = Config.fromfile(kd_config).model.teacher.get('cfg_path', '')
    if not cfg_path.startswith('mmkd_ext::'):
        raise ValueError(f'{kd_config}: model.teacher has no mmkd_ext:: cfg_path; '
                         'name the teacher config as KD_CONFIG@TEACHER_CONFIG.')
    return osp.join(ROOT, 'configs', cfg_path.split('::', 1)[1])


def train(config: str, work_dir: str, seed: int, iters: int, extra: List[str]) -> float:
    """Train one run (skipped if its checkpoint exists); return its last mIoU."""
    ckpt = osp.join(work_dir, f'iter_{iters}.pth')
    if not osp.exists(ckpt):
        opts = [f'randomness.seed={seed}', f'train_cfg.max_iters={iters}',
                f'train_cfg.val_interval={iters}', f'param_scheduler.0.end={iters}',
                f'default_hooks.checkpoint.interval={iters}', *extra]
        subprocess.run([sys.executable, osp.join(ROOT, 'tools', 'train.py'), config,
                        '--work-dir', work_dir, '--cfg-options', *opts], check=True)
    return last_miou(work_dir)


def last_miou(work_dir: str) -> float:
    """Final validation mIoU from the newest run's scalars.json."""
    logs = sorted(glob.glob(osp.join(work_dir, '*', 'vis_data', 'scalars.json')))
    values = [json.loads(line)['mIoU'] for line in open(logs[-1])
              if '"mIoU"' in line]
    return values[-1]


def run(args: argparse.Namespace) -> Dict[str, List[float]]:
    results: Dict[str, List[float]] = {}
    teachers: Dict[str, str] = {}
    for spec in args.distill:
        kd, _, teacher = spec.partition('@')
        teacher = teacher or teacher_config(kd)
        if teacher not in teachers:
            wd = osp.join(args.work_dir, name_of(teacher), 'seed0')
            results[f'teacher {name_of(teacher)}'] = [
                train(teacher, wd, 0, args.iters, args.cfg_options)]
            teachers[teacher] = osp.join(wd, f'iter_{args.iters}.pth')
        for seed in args.seeds:
            wd = osp.join(args.work_dir, name_of(kd), f'seed{seed}')
            results.setdefault(name_of(kd), []).append(train(
                kd, wd, seed, args.iters,
                [*args.cfg_options, f'model.teacher_ckpt={teachers[teacher]}']))
    for student in args.students:
        for seed in args.seeds:
            wd = osp.join(args.work_dir, name_of(student), f'seed{seed}')
            results.setdefault(name_of(student), []).append(
                train(student, wd, seed, args.iters, args.cfg_options))
    return results


def name_of(config: str) -> str:
    return osp.splitext(osp.basename(config))[0]


def print_table(results: Dict[str, List[float]]) -> None:
    print('| run | mIoU mean ± std | seeds |\n|---|---:|---|')
    for name, values in results.items():
        spread = statistics.stdev(values) if len(values) > 1 else 0.0
        seeds = ', '.join(f'{v:.2f}' for v in values)
        print(f'| {name} | {statistics.mean(values):.2f} ± {spread:.2f} | {seeds} |')


def main(argv: Optional[Sequence[str]] = None) -> Dict[str, List[float]]:
    results = run(parse_args(argv))
    print_table(results)
    return results


if __name__ == '__main__':
    main()
