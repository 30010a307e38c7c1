"""Paired statistics and the results file: JSON, Markdown table and chart of the gains."""
import datetime
import json
import math
import os
import os.path as osp
import platform
import statistics
import subprocess
from typing import Dict, List, Optional, Sequence

from .protocol import Protocol
from .runs import ROOT

# two-sided 95 % Student-t quantiles by degrees of freedom
T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306,
       9: 2.262, 10: 2.228}


def paired_stats(deltas: List[float]) -> dict:
    """Mean paired difference and its two-sided 95 % Student-t interval."""
    n = len(deltas)
    mean = statistics.mean(deltas)
    if n < 2:
        return dict(mean=mean, ci95=None)
    half = T95.get(n - 1, 1.96) * statistics.stdev(deltas) / math.sqrt(n)
    return dict(mean=mean, ci95=[mean - half, mean + half])


def format_gain(paired: dict) -> str:
    """``+1.23 [+0.78, +1.68]`` (the interval only with two seeds or more)."""
    ci = paired['ci95']
    return f'{paired["mean"]:+.2f}' + (f' [{ci[0]:+.2f}, {ci[1]:+.2f}]' if ci else '')


def git_commit() -> str:
    try:
        return subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=ROOT,
                              capture_output=True, text=True).stdout.strip() or 'unknown'
    except OSError:
        return 'unknown'


def summarise(results: Dict[str, dict], protocol: Protocol, *, device: str, split: str,
              quick: bool, iters: Optional[int]) -> dict:
    """The results file's content: one row per benchmark row, its seeds side by side."""
    out_rows = []
    for name, entry in results.items():
        row, runs = entry['row'], entry['runs']
        item = dict(name=name, config=row['config'], teacher=row.get('teacher'),
                    baseline=row.get('baseline'), seeds=[r['seed'] for r in runs],
                    miou=[r['miou'] for r in runs],
                    per_class_iou={c: [r['per_class_iou'][c] for r in runs]
                                   for c in runs[0]['per_class_iou']},
                    miou_curve=[r['miou_curve'] for r in runs],
                    checkpoints=[r['checkpoint'] for r in runs],
                    wall_s=sum(r['wall_s'] for r in runs),
                    wall_s_per_seed=[r['wall_s'] for r in runs])
        base = {r['seed']: r['miou']
                for r in results.get(row.get('baseline'), {}).get('runs', [])}
        # a KD run keeps the student value it was paired with (cli.paired_with)
        baselines = [r.get('baseline_miou', base.get(r['seed'])) for r in runs]
        if any(b is not None for b in baselines):
            item['baseline_miou'] = baselines
            item['paired_delta'] = [r['miou'] - b for r, b in zip(runs, baselines)
                                    if b is not None]
            item['paired'] = paired_stats(item['paired_delta'])
        if row.get('teacher') and all('teacher_miou' in r for r in runs):
            item['teacher_miou'] = [r['teacher_miou'] for r in runs]
        out_rows.append(item)
    return dict(commit=git_commit(), date=datetime.date.today().isoformat(),
                machine=f'{platform.machine()}, {os.cpu_count()} CPU cores, {device}',
                protocol=dict(protocol.as_dict(), split=split, quick=quick, iters=iters),
                rows=out_rows)


def last_fifth_change(row: dict) -> Optional[float]:
    """The largest change of a seed's mIoU between its last two validations."""
    moves = [c[-1] - c[-2] for c in row['miou_curve'] if len(c) > 1]
    return max(moves, key=abs) if moves else None


def markdown(table: dict, per_class: bool = True) -> str:
    """The full table (every row of the file), and per-class IoU below it."""
    lines = [f'Protocol {table["protocol"]["name"]}, split `{table["protocol"]["split"]}`, '
             f'{table["machine"]}, {table["date"]}, commit {table["commit"]}.', '',
             '| run | seeds | mIoU mean ± std | per seed | paired Δ (95 % CI) | '
             'last-fifth change | wall |', '|---|---:|---:|---|---:|---:|---:|']
    for row in table['rows']:
        miou = row['miou']
        spread = statistics.stdev(miou) if len(miou) > 1 else 0.0
        delta = format_gain(row['paired']) if row.get('paired') else ''
        move = last_fifth_change(row)
        lines.append(f'| {row["name"]} | {len(miou)} | {statistics.mean(miou):.2f} ± '
                     f'{spread:.2f} | {", ".join(f"{v:.2f}" for v in miou)} | {delta} | '
                     f'{"" if move is None else f"{move:+.2f}"} | '
                     f'{row["wall_s"] / 60:.0f} min |')
    lines += teacher_note(table)
    classes = list(table['rows'][0]['per_class_iou']) if table['rows'] and per_class else []
    if not classes:
        return '\n'.join(lines) + '\n'
    lines += ['', 'Per-class IoU (mean over seeds):', '',
              '| run | ' + ' | '.join(classes) + ' |', '|---|' + '---:|' * len(classes)]
    for row in table['rows']:
        values = [statistics.mean(row['per_class_iou'][c]) for c in classes]
        lines.append(f'| {row["name"]} | ' + ' | '.join(f'{v:.1f}' for v in values) + ' |')
    return '\n'.join(lines) + '\n'


def teacher_note(table: dict) -> List[str]:
    """Lines naming each teacher's trainings that KD runs used, where there are several.

    Teachers trained again on another machine differ slightly (CPU numerics), so KD runs
    may have used different trainings of one teacher; each KD run stays paired with the
    no-KD student run trained in the same invocation.
    """
    used: Dict[str, Dict[str, int]] = {}
    for row in table['rows']:
        for value in row.get('teacher_miou', []):
            counts = used.setdefault(row['teacher'], {})
            counts[f'{value:.2f}'] = counts.get(f'{value:.2f}', 0) + 1
    several = {name: counts for name, counts in used.items() if len(counts) > 1}
    if not several:
        return []
    trainings = '; '.join(
        f'{name}: ' + ', '.join(f'{miou} ({n} run{"s" * (n > 1)})'
                                for miou, n in counts.items())
        for name, counts in several.items())
    return ['', f'Teacher trainings used by the KD runs (mIoU, runs): {trainings}. Each KD '
            'run is paired with the no-KD student run trained in the same invocation.']


def bar_chart(table: dict, path: str) -> None:
    """PNG: paired gain of every KD row with its 95 % interval."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    rows = [r for r in table['rows'] if r.get('paired')]
    fig, ax = plt.subplots(figsize=(7, 0.45 * max(len(rows), 1) + 1.2))
    for i, row in enumerate(rows):
        p = row['paired']
        err = None if not p['ci95'] else [[p['mean'] - p['ci95'][0]], [p['ci95'][1] - p['mean']]]
        ax.barh(i, p['mean'], xerr=err, color='tab:green' if p['mean'] > 0 else 'tab:red',
                capsize=3)
        ax.scatter(row['paired_delta'], [i] * len(row['paired_delta']), color='k', s=8,
                   zorder=3)
    ax.set_yticks(range(len(rows)), [r['name'] for r in rows], fontsize=8)
    ax.axvline(0, color='k', lw=0.8)
    ax.set_xlabel('paired mIoU gain over the no-KD student (95 % CI; dots: seeds)')
    ax.invert_yaxis()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def runs_of(row: dict) -> List[dict]:
    """The per-seed runs of a results-file row (the inverse of ``summarise``).

    Rows written before ``wall_s_per_seed`` existed share their ``wall_s`` evenly.
    """
    n = len(row['seeds'])
    walls = row.get('wall_s_per_seed') or [row['wall_s'] / n] * n
    runs = [dict(seed=seed, miou=row['miou'][i], miou_curve=row['miou_curve'][i],
                 per_class_iou={c: v[i] for c, v in row['per_class_iou'].items()},
                 checkpoint=row['checkpoints'][i], wall_s=walls[i])
            for i, seed in enumerate(row['seeds'])]
    # the student value each seed was paired with; rows written before baseline_miou
    # existed hold it as miou - paired_delta (every seed was paired then)
    deltas = row.get('paired_delta') or []
    baselines = row.get('baseline_miou') or (
        [m - d for m, d in zip(row['miou'], deltas)] if len(deltas) == n else [])
    for run, baseline in zip(runs, baselines):
        if baseline is not None:
            run['baseline_miou'] = baseline
    for run, teacher in zip(runs, row.get('teacher_miou') or []):
        run['teacher_miou'] = teacher
    return runs


def merge_results(results: Dict[str, dict], old_rows: List[dict],
                  rows: Sequence[dict]) -> Dict[str, dict]:
    """``results`` plus every row and seed of ``old_rows`` they do not hold, in the order
    of ``rows``.

    The merge is per seed: a run of seed 0 alone replaces seed 0 of its row and keeps
    the row's other seeds, so the paired differences are taken over all of them.
    """
    merged = {name: dict(entry, runs=list(entry['runs'])) for name, entry in results.items()}
    by_name = {row['name']: row for row in rows}
    old_by_name = {old['name']: old for old in old_rows}
    for old in old_rows:
        row = by_name.get(old['name']) or {k: old.get(k) for k in
                                           ('name', 'config', 'teacher', 'baseline')}
        entry = merged.setdefault(old['name'], dict(row=row, runs=[]))
        have = {run['seed'] for run in entry['runs']}
        # rows written before teacher_miou existed used the teacher of the same file
        teacher = old_by_name.get(old.get('teacher') or '')
        for run in runs_of(old):
            if run['seed'] in have:
                continue
            if teacher and 'teacher_miou' not in run:
                run['teacher_miou'] = teacher['miou'][0]
            entry['runs'].append(run)
        entry['runs'].sort(key=lambda run: run['seed'])
    order = [row['name'] for row in rows]
    return dict(sorted(merged.items(), key=lambda item: order.index(item[0])
                       if item[0] in order else len(order)))


def write(table: dict, prefix: str) -> None:
    """``prefix``.json, .md and .png of a summarised table."""
    os.makedirs(osp.dirname(prefix) or '.', exist_ok=True)
    with open(prefix + '.json', 'w') as f:
        json.dump(table, f, indent=1)
    with open(prefix + '.md', 'w') as f:
        f.write(markdown(table))
    bar_chart(table, prefix + '.png')


def quick_beside_stored(quick: dict, stored: dict) -> str:
    """The quick run's gains next to the converged benchmark's for the same rows."""
    got = {row['name']: row for row in stored['rows']}
    lines = ['| run | quick: mIoU, gain (1 seed, '
             f'{quick["protocol"]["iters"] or quick["protocol"]["quick_iters"]} it, '
             f'{quick["protocol"]["quick_eval_images"]} test images) | benchmark: mIoU, '
             f'paired gain (95 % CI) ({len(stored["protocol"]["seeds"])} seeds, '
             f'{stored["protocol"]["student_iters"]} it, {stored["protocol"]["num_eval"]} '
             'test images) |', '|---|---:|---:|']
    for row in quick['rows']:
        ref = got.get(row['name'])
        mine = f'{statistics.mean(row["miou"]):.2f}' + (
            f', {row["paired"]["mean"]:+.2f}' if row.get('paired') else '')
        theirs = '' if not ref else f'{statistics.mean(ref["miou"]):.2f}' + (
            f', {format_gain(ref["paired"])}' if ref.get('paired') else '')
        lines.append(f'| {row["name"]} | {mine} | {theirs} |')
    return '\n'.join(lines) + '\n'
