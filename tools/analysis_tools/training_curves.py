"""Training curves of logged scalars (e.g. LIX's ``dwld_beta_mean`` or ``arfd_cka_s3``).

Reads the ``vis_data/scalars.json`` of one or more runs (one per seed: a benchmark row's run
directories) and writes a Markdown table of the chosen scalars at evenly spaced iterations:
the mean over runs, with the minimum and maximum over runs in brackets where there are
several. Each table cell averages the logged values in the window that ends at its iteration,
so a noisy per-iteration scalar reads as a curve.

Example:
    python tools/analysis_tools/training_curves.py \\
        work_dirs/offline_benchmark/lix--rgb-d-deeplabv3----pspnet/seed* \\
        --keys dwld_beta_mean dwld_beta_p05 dwld_beta_p95 arfd_cka_s3 arfd_cka_s4 \\
        --points 10 --out projects/offline_benchmark/results/lix_curves.md
"""
import argparse
import glob
import json
import os
import os.path as osp
from typing import Dict, List, Optional, Sequence


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('runs', nargs='+', help='run directories (each holds '
                        '<timestamp>/vis_data/scalars.json)')
    parser.add_argument('--keys', nargs='+', required=True, help='logged scalar names')
    parser.add_argument('--points', type=int, default=10, help='table rows (iterations)')
    parser.add_argument('--out', help='Markdown file to write (default: print)')
    parser.add_argument('--force', action='store_true', help='overwrite --out')
    return parser.parse_args(argv)


def read_scalars(run_dir: str, keys: Sequence[str]) -> Dict[str, Dict[int, float]]:
    """``{key: {iter: value}}`` of a run's training log (later logs win on resume).

    Raises:
        FileNotFoundError: the run has no scalars.json.
        KeyError: a key is never logged; the message lists the logged names.
    """
    logs = sorted(glob.glob(osp.join(run_dir, '*', 'vis_data', 'scalars.json')))
    if not logs:
        raise FileNotFoundError(f'{run_dir}: no <timestamp>/vis_data/scalars.json')
    curves: Dict[str, Dict[int, float]] = {key: {} for key in keys}
    logged = set()
    for path in logs:
        with open(path) as f:
            for line in f:
                entry = json.loads(line)
                logged.update(entry)
                for key in keys:
                    if key in entry and 'iter' in entry:
                        curves[key][int(entry['iter'])] = float(entry[key])
    missing = [key for key in keys if not curves[key]]
    if missing:
        raise KeyError(f'--keys {missing} are not logged in {run_dir}; logged: '
                       f'{sorted(logged)}')
    return curves


def windowed(curve: Dict[int, float], ends: Sequence[int]) -> List[float]:
    """Mean of the values logged in ``(previous end, end]`` for each end iteration."""
    means, start = [], -1
    for end in ends:
        window = [v for it, v in curve.items() if start < it <= end]
        means.append(sum(window) / len(window) if window else float('nan'))
        start = end
    return means


def curve_table(runs: Sequence[Dict[str, Dict[int, float]]], keys: Sequence[str],
                points: int) -> str:
    """Markdown table: one row per window end, one column per key."""
    last = min(max(run[key]) for run in runs for key in keys)
    ends = sorted({max(1, round(last * (i + 1) / points)) for i in range(points)})
    per_run = [{key: windowed(run[key], ends) for key in keys} for run in runs]
    lines = ['| iter | ' + ' | '.join(keys) + ' |', '|---:|' + '---:|' * len(keys)]
    for i, end in enumerate(ends):
        cells = []
        for key in keys:
            values = [run[key][i] for run in per_run]
            mean = sum(values) / len(values)
            cell = f'{mean:.3f}'
            if len(values) > 1:
                cell += f' [{min(values):.3f}, {max(values):.3f}]'
            cells.append(cell)
        lines.append(f'| {end} | ' + ' | '.join(cells) + ' |')
    return '\n'.join(lines) + '\n'


def main(argv: Optional[Sequence[str]] = None) -> None:
    args = parse_args(argv)
    if args.points < 1:
        raise SystemExit(f'--points must be >= 1, got {args.points}')
    if args.out and osp.exists(args.out) and not args.force:
        raise SystemExit(f'--out {args.out} exists; pass --force to overwrite it')
    runs = [read_scalars(run, args.keys) for run in args.runs]
    table = (f'Runs: {", ".join(osp.basename(osp.normpath(r)) for r in args.runs)}; '
             f'mean over runs [min, max] of each window.\n\n'
             + curve_table(runs, args.keys, args.points))
    if not args.out:
        print(table, end='')
        return
    os.makedirs(osp.dirname(osp.abspath(args.out)), exist_ok=True)
    with open(args.out, 'w') as f:
        f.write(table)
    print(f'wrote {args.out}')


if __name__ == '__main__':
    main()
