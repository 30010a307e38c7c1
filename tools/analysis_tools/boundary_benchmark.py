"""BCKD's boundary metric (LHD, Eq. 24-25) for rows of the offline benchmark.

Reads the benchmark's results JSON, evaluates every checkpoint of the chosen rows
on the split it was measured on with :class:`LocalHausdorffMetric` (lower is
better), and writes ``<out>.json`` / ``<out>.md``: LHD per seed, mean, and the paired
difference to the row's no-KD student (same seeds). A checkpoint already measured
(same file, same size and modification time) is not evaluated again.

Usage::

    python tools/analysis_tools/boundary_benchmark.py [--results docs/results/offline_benchmark.json]
        [--rows BCKD PSPNet] [--out docs/results/offline_benchmark_lhd]
"""
import argparse
import json
import logging
import os
import os.path as osp
import statistics
import tempfile
from typing import Dict, Optional, Sequence

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
RESULTS = osp.join(ROOT, 'docs', 'results', 'offline_benchmark')


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--results', default=RESULTS + '.json')
    parser.add_argument('--rows', nargs='*', help='rows whose names contain one of these '
                        'strings (default: all); their baseline rows come along')
    parser.add_argument('--out', default=RESULTS + '_lhd')
    parser.add_argument('--radius', type=float, default=5.0, help='LHD radius r in pixels')
    return parser.parse_args(argv)


def evaluate(checkpoint: str, radius: float) -> float:
    """LHD of one benchmark checkpoint on the split its run was validated on."""
    import mmkd_ext  # noqa: F401  (patches the stack, registers the metric)
    from mmengine.config import Config
    from mmengine.runner import Runner
    cfg = Config.fromfile(osp.join(osp.dirname(checkpoint), 'config.py'))
    cfg.test_dataloader = cfg.val_dataloader
    cfg.test_evaluator = dict(type='LocalHausdorffMetric', radius=radius)
    cfg.test_cfg = dict(type='TestLoop')
    cfg.load_from = checkpoint
    cfg.log_level = 'WARNING'
    cfg.visualizer.name = f'lhd-{abs(hash(checkpoint))}'
    if 'teacher_ckpt' in cfg.model:
        cfg.model.teacher_ckpt = None  # only the student predicts; its weights come from load_from
    with tempfile.TemporaryDirectory() as work_dir:
        cfg.work_dir = work_dir
        runner = Runner.from_cfg(cfg)
        metrics = runner.test()
    logging.getLogger().handlers.clear()
    return float(metrics['LHD'])


def _save_cache(out: str, measured: Dict[str, dict]) -> None:
    table = {}
    if osp.exists(out + '.json'):
        with open(out + '.json') as f:
            table = json.load(f)
    table['checkpoints'] = list(measured.values())
    with open(out + '.json.tmp', 'w') as f:
        json.dump(table, f, indent=1)
    os.replace(out + '.json.tmp', out + '.json')


def stamp(path: str) -> str:
    info = os.stat(path)
    return f'{info.st_size}-{int(info.st_mtime)}'


def main(argv: Optional[Sequence[str]] = None) -> dict:
    args = parse_args(argv)
    with open(args.results) as f:
        rows = {r['name']: r for r in json.load(f)['rows']}
    chosen = [n for n in rows if not args.rows or any(part in n for part in args.rows)]
    for name in list(chosen):
        base = rows[name].get('baseline')
        if base and base in rows and base not in chosen:
            chosen.insert(0, base)
    old: Dict[str, dict] = {}
    if osp.exists(args.out + '.json'):
        with open(args.out + '.json') as f:
            old = {c['checkpoint']: c for c in json.load(f)['checkpoints']}
    table = []
    for name in chosen:
        row = rows[name]
        if 'checkpoints' not in row:
            raise KeyError(f'{args.results}: row {name!r} names no checkpoints (written by an '
                           'older accuracy_benchmark.py); run accuracy_benchmark.py again for '
                           'its method: finished runs are read back from the cache.')
        values = []
        for seed, ckpt in zip(row['seeds'], row['checkpoints']):
            path = ckpt if osp.isabs(ckpt) else osp.join(ROOT, ckpt)
            if not osp.exists(path):
                raise FileNotFoundError(f'{name} seed {seed}: checkpoint {ckpt} is missing; '
                                        'train it again with accuracy_benchmark.py.')
            cached = old.get(ckpt)
            if cached and cached['stamp'] == stamp(path) and cached['radius'] == args.radius:
                value = cached['lhd']
            else:
                value = evaluate(path, args.radius)
            print(f'{name} seed {seed}: LHD {value:.3f}', flush=True)
            old[ckpt] = dict(checkpoint=ckpt, stamp=stamp(path), radius=args.radius,
                             lhd=value)
            _save_cache(args.out, old)  # an interrupted call keeps what it measured
            values.append((seed, value))
        table.append(dict(name=name, baseline=row.get('baseline'), seeds=[s for s, _ in values],
                          lhd=[v for _, v in values]))
    by_name = {t['name']: t for t in table}
    for item in table:
        base = by_name.get(item['baseline'] or '')
        if base:
            ref = dict(zip(base['seeds'], base['lhd']))
            item['paired_delta'] = [v - ref[s] for s, v in zip(item['seeds'], item['lhd'])
                                    if s in ref]
    out = dict(results=osp.relpath(args.results, ROOT), radius=args.radius, rows=table,
               checkpoints=list(old.values()))
    with open(args.out + '.json', 'w') as f:
        json.dump(out, f, indent=1)
    lines = [f'LHD (BCKD Eq. 24-25, r = {args.radius:g} px; lower is better) of the rows of '
             f'`{out["results"]}`, on the split each was measured on.', '',
             '| run | seeds | LHD mean | per seed | paired Δ vs its student |',
             '|---|---:|---:|---|---:|']
    for item in table:
        delta = item.get('paired_delta')
        lines.append(f'| {item["name"]} | {len(item["lhd"])} | '
                     f'{statistics.mean(item["lhd"]):.3f} | '
                     f'{", ".join(f"{v:.3f}" for v in item["lhd"])} | '
                     f'{statistics.mean(delta):+.3f} |' if delta else
                     f'| {item["name"]} | {len(item["lhd"])} | '
                     f'{statistics.mean(item["lhd"]):.3f} | '
                     f'{", ".join(f"{v:.3f}" for v in item["lhd"])} | |')
    with open(args.out + '.md', 'w') as f:
        f.write('\n'.join(lines) + '\n')
    print('\n'.join(lines))
    return out


if __name__ == '__main__':
    main()
