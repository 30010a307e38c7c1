"""Split each KD row's paired gain into the classes its no-KD student learns and the rest.

A mean IoU over K classes moves by 1/K of any single class: a method that only makes the
student start predicting one class it never predicted (IoU 0 -> 17) gains +1.7 mIoU at K = 10
with every other class unchanged. This tool reads a results file of
``benchmark.py`` and, for every row with a baseline (its no-KD
student) in the same file, writes per seed:

- the paired difference of the mean IoU over all classes,
- the paired difference of the mean IoU over the classes the student *learns* (its mean IoU
  over its seeds is at least ``--min-iou``),
- the mean IoU of the other classes, student -> row,

each as a mean with its 95 % Student-t interval. Seeds are paired by value. Class IoUs come
from the results file, so the all-class difference is against the baseline row as it is
stored there; where a KD run was paired with an earlier training of its student (the file
keeps that student's mIoU in ``baseline_miou``), the row is marked.

Example:
    python projects/offline_benchmark/class_gains.py \\
        projects/offline_benchmark/results/offline_benchmark.json --rows HeteroAKD CWD \\
        --out projects/offline_benchmark/results/offline_benchmark_class_gains.md
"""
import argparse
import json
import os.path as osp
import statistics
from typing import Dict, List, Optional, Sequence

from offline_benchmark.report import paired_stats


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('results', help='results JSON of benchmark.py')
    parser.add_argument('--rows', nargs='+', help='only rows whose names contain one of these')
    parser.add_argument('--min-iou', type=float, default=5.0,
                        help="a class is learned when the student's mean IoU is at least this")
    parser.add_argument('--out', help='Markdown file to write (default: print)')
    parser.add_argument('--force', action='store_true', help='overwrite --out')
    return parser.parse_args(argv)


def _class_mean(per_class: Dict[str, List[float]], classes: Sequence[str], i: int) -> float:
    return statistics.mean(per_class[c][i] for c in classes)


def class_gains(row: dict, baseline: dict, min_iou: float) -> dict:
    """Paired gains of ``row`` over ``baseline`` on learned and unlearned classes.

    Args:
        row (dict): a results row (``seeds``, ``per_class_iou``: {class: [IoU per seed]}).
        baseline (dict): its no-KD student's row, same format.
        min_iou (float): learned classes have a baseline mean IoU >= this.

    Returns:
        dict: ``learned`` / ``unlearned`` class lists, ``seeds`` (those of ``row`` the baseline
        also has), per-seed ``delta_all`` / ``delta_learned``, their ``paired_stats``
        (``all`` / ``learned``), and ``unlearned_iou``: {class: (baseline mean, row mean)}.

    Raises:
        ValueError: the two rows share no seed or their classes differ.
    """
    if set(row['per_class_iou']) != set(baseline['per_class_iou']):
        raise ValueError(f'{row["name"]}: its classes differ from those of its baseline '
                         f'{baseline["name"]}.')
    seeds = [s for s in row['seeds'] if s in baseline['seeds']]
    if not seeds:
        raise ValueError(f'{row["name"]}: no seed in common with its baseline '
                         f'{baseline["name"]} (seeds {row["seeds"]} vs {baseline["seeds"]}).')
    classes = list(baseline['per_class_iou'])
    learned = [c for c in classes
               if statistics.mean(baseline['per_class_iou'][c]) >= min_iou]
    unlearned = [c for c in classes if c not in learned]
    delta_all, delta_learned = [], []
    for seed in seeds:
        i, j = row['seeds'].index(seed), baseline['seeds'].index(seed)
        delta_all.append(_class_mean(row['per_class_iou'], classes, i)
                         - _class_mean(baseline['per_class_iou'], classes, j))
        delta_learned.append(_class_mean(row['per_class_iou'], learned, i)
                             - _class_mean(baseline['per_class_iou'], learned, j))
    columns = [row['seeds'].index(s) for s in seeds]
    unlearned_iou = {c: (statistics.mean(baseline['per_class_iou'][c]),
                         statistics.mean(row['per_class_iou'][c][i] for i in columns))
                     for c in unlearned}
    return dict(learned=learned, unlearned=unlearned, seeds=seeds, delta_all=delta_all,
                delta_learned=delta_learned, stats_all=paired_stats(delta_all),
                stats_learned=paired_stats(delta_learned), unlearned_iou=unlearned_iou)


def _interval(stats: dict) -> str:
    ci = stats['ci95']
    return f'{stats["mean"]:+.2f}' + (f' [{ci[0]:+.2f}, {ci[1]:+.2f}]' if ci else '')


def markdown(table: dict, names: Optional[Sequence[str]], min_iou: float) -> str:
    """The Markdown report of every KD row (``names``: substrings that select rows)."""
    rows = {r['name']: r for r in table['rows']}
    lines = [f'Protocol {table["protocol"]["name"]}, split `{table["protocol"]["split"]}`, '
             f'commit {table["commit"]}; a class is learned when the no-KD student\'s mean '
             f'IoU is at least {min_iou:g}. Δ: paired difference per seed; mean [95 % CI].', '',
             '| run | seeds | Δ all classes | Δ learned classes (per seed) | '
             'not learned: student → run IoU |', '|---|---:|---:|---|---|']
    marked = False
    for name, row in rows.items():
        baseline = rows.get(row.get('baseline'))
        if baseline is None or (names and not any(n in name for n in names)):
            continue
        gains = class_gains(row, baseline, min_iou)
        stored = row.get('baseline_miou') or []
        earlier = any(abs(b - baseline['miou'][baseline['seeds'].index(s)]) > 0.01
                      for s, b in zip(row['seeds'], stored) if s in baseline['seeds'])
        marked = marked or earlier
        per_seed = ', '.join(f'{d:+.2f}' for d in gains['delta_learned'])
        others = ', '.join(f'{c} {b:.1f} → {r:.1f}'
                           for c, (b, r) in gains['unlearned_iou'].items())
        lines.append(f'| {name}{" *" if earlier else ""} | {len(gains["seeds"])} | '
                     f'{_interval(gains["stats_all"])} | {_interval(gains["stats_learned"])} '
                     f'({per_seed}) | {others} |')
    if marked:
        lines += ['', '\\* paired in its benchmark run with an earlier training of its '
                  'student; here against the student row as stored.']
    return '\n'.join(lines) + '\n'


def main(argv: Optional[Sequence[str]] = None) -> str:
    args = parse_args(argv)
    with open(args.results) as f:
        table = json.load(f)
    text = markdown(table, args.rows, args.min_iou)
    if not args.out:
        print(text, end='')
    elif osp.exists(args.out) and not args.force:
        raise FileExistsError(f'--out {args.out} exists; pass --force to overwrite it or '
                              'choose another path.')
    else:
        with open(args.out, 'w') as f:
            f.write(text)
    return text


if __name__ == '__main__':
    main()
