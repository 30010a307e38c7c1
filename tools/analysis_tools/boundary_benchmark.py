"""BCKD's boundary metric (LHD, Eq. 24-25) for rows of the offline benchmark.

Reads the benchmark's results JSON, evaluates every checkpoint of the chosen rows
on the split it was measured on with :class:`LocalHausdorffMetric` (lower is
better), and writes ``<out>.json`` / ``<out>.md``: LHD per seed, mean, and the paired
difference to the row's no-KD student (same seeds). A checkpoint already measured
(same file, same size and modification time) is not evaluated again; one that is no
longer on disk (trained by an earlier invocation, e.g. on another machine) keeps the value
measured then. A KD run is paired with the student checkpoint trained beside it: the last one of its
seed trained before it, so a student trained again later does not re-pair earlier runs.

Usage::

    python tools/analysis_tools/boundary_benchmark.py \\
        [--results projects/offline_benchmark/results/offline_benchmark.json]
        [--rows BCKD PSPNet] [--out projects/offline_benchmark/results/offline_benchmark_lhd]
"""
import argparse
import json
import logging
import os
import os.path as osp
import statistics
import tempfile
from typing import Dict, Optional, Sequence, Tuple

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
RESULTS = osp.join(ROOT, 'projects', 'offline_benchmark', 'results', 'offline_benchmark')


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


def _save_cache(out: str, measured: Dict[Tuple[str, str], dict]) -> None:
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


def trained_at(entry: dict) -> int:
    """Modification time of the checkpoint a cache entry measured."""
    return int(entry['stamp'].rsplit('-', 1)[1])


def measure(name: str, seed: int, ckpt: str, radius: float,
            cache: Dict[Tuple[str, str], dict]) -> dict:
    """The cache entry of one checkpoint: read back, measured now, or measured earlier.

    Raises:
        FileNotFoundError: the checkpoint is neither here nor measured before.
    """
    path = ckpt if osp.isabs(ckpt) else osp.join(ROOT, ckpt)
    if osp.exists(path):
        key = (ckpt, stamp(path))
        entry = cache.get(key)
        if not entry or entry['radius'] != radius:
            entry = cache[key] = dict(checkpoint=ckpt, stamp=key[1], radius=radius,
                                      lhd=evaluate(path, radius))
        return entry
    earlier = [e for (c, _), e in cache.items() if c == ckpt and e['radius'] == radius]
    if not earlier:
        raise FileNotFoundError(f'{name} seed {seed}: checkpoint {ckpt} is missing and was '
                                'never measured; train it again with '
                                'projects/offline_benchmark/benchmark.py.')
    return max(earlier, key=trained_at)


def paired_baseline(entry: dict, base_ckpt: str, current: dict,
                    cache: Dict[Tuple[str, str], dict]) -> float:
    """LHD of the student checkpoint trained beside ``entry`` (its seed's last before it)."""
    before = [e for (c, _), e in cache.items() if c == base_ckpt
              and e['radius'] == entry['radius'] and trained_at(e) <= trained_at(entry)]
    return max(before, key=trained_at)['lhd'] if before else current['lhd']


def main(argv: Optional[Sequence[str]] = None) -> dict:
    args = parse_args(argv)
    with open(args.results) as f:
        rows = {r['name']: r for r in json.load(f)['rows']}
    chosen = [n for n in rows if not args.rows or any(part in n for part in args.rows)]
    for name in list(chosen):
        base = rows[name].get('baseline')
        if base and base in rows and base not in chosen:
            chosen.insert(0, base)
    cache: Dict[Tuple[str, str], dict] = {}
    if osp.exists(args.out + '.json'):
        with open(args.out + '.json') as f:
            cache = {(c['checkpoint'], c['stamp']): c for c in json.load(f)['checkpoints']}
    table, entries = [], {}
    for name in chosen:
        row = rows[name]
        if 'checkpoints' not in row:
            raise KeyError(f'{args.results}: row {name!r} names no checkpoints (written by an '
                           'older benchmark); run projects/offline_benchmark/benchmark.py again '
                           'for its method: finished runs are read back from the cache.')
        entries[name] = {}
        for seed, ckpt in zip(row['seeds'], row['checkpoints']):
            entry = entries[name][seed] = measure(name, seed, ckpt, args.radius, cache)
            print(f'{name} seed {seed}: LHD {entry["lhd"]:.3f}', flush=True)
            _save_cache(args.out, cache)  # an interrupted call keeps what it measured
        table.append(dict(name=name, baseline=row.get('baseline'), seeds=row['seeds'],
                          lhd=[entries[name][s]['lhd'] for s in row['seeds']]))
    for item in table:
        base = rows.get(item['baseline'] or '')
        if base and item['baseline'] in entries:
            base_ckpt = dict(zip(base['seeds'], base['checkpoints']))
            item['paired_delta'] = [
                entries[item['name']][s]['lhd'] - paired_baseline(
                    entries[item['name']][s], base_ckpt[s], entries[item['baseline']][s], cache)
                for s in item['seeds'] if s in entries[item['baseline']]]
    out = dict(results=osp.relpath(args.results, ROOT), radius=args.radius, rows=table,
               checkpoints=list(cache.values()))
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
