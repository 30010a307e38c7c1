"""The detection rows (``benchmark.py --task detection``): BCKD's Table V pairs as tiny
detectors, each KD row paired per seed with its no-KD student.

Same cache, paired initial weights and statistics as the segmentation rows; the metric is
COCO bbox mAP (and segm mAP for Cascade Mask R-CNN) with per-class AP, in points.
"""
import argparse
import datetime
import json
import os
import os.path as osp
import platform
import statistics
import time
from typing import Dict, List, Optional, Sequence

from mmengine.config import Config, DictAction

from . import documents, runs
from .detection import (DET_V1, DetectionProtocol, apply_detection_protocol, metrics_of,
                        prepare_detection_data, read_detection_result)
from .report import format_gain, git_commit, paired_stats
from .rows import kd_row, select_rows

RESULTS = osp.join(runs.PROJECT, 'results', 'offline_benchmark_det')
SUFFIX = '1xb4-2000_offline-street-det-256x512.py'


def pair_rows(detector: str, label: str, variants: Sequence[str]) -> List[dict]:
    """Teacher, no-KD student and KD rows of one tiny detector pair.

    ``variants``: 'bckd' (the method), 'bckd-bd' / 'bckd-cd' (L_BD / L_CD only), 'pkd'
    (MMRazor's PKD on the FPN, the stock baseline) and 'bckd-pkd' (the two composed).
    """
    teacher, student = f'teacher {label}-R18w32', f'student {label}-R18w16'
    pair = f'{detector}-r18w32-tiny_{detector}-r18w16-tiny_{SUFFIX}'
    names = {'bckd': ('BCKD', 'bckd-det', 'configs/bckd/bckd_'),
             'bckd-bd': ('BCKD L_BD only', 'bckd-det-ablation', 'configs/bckd/bckd-bd_'),
             'bckd-cd': ('BCKD L_CD only', 'bckd-det-ablation', 'configs/bckd/bckd-cd_'),
             'pkd': ('PKD on FPN', 'bckd-det-baselines', 'configs/bckd/baselines/pkd_'),
             'bckd-pkd': ('BCKD+PKD', 'bckd-det-composed', 'configs/bckd/bckd-pkd_')}
    out = [dict(name=teacher, method='teacher', kind='teacher',
                config=f'configs/tiny/{detector}_r18-w32-tiny_{SUFFIX}'),
           dict(name=student, method='student', kind='student',
                config=f'configs/tiny/{detector}_r18-w16-tiny_{SUFFIX}')]
    for variant in variants:
        name, method, prefix = names[variant]
        out.append(kd_row(f'{name}: {label}', method, teacher, student, prefix + pair,
                          variant.split('-')[0]))
    return out


VARIANTS = ('bckd', 'bckd-bd', 'bckd-cd', 'pkd')
DET_ROWS = (pair_rows('gfl', 'GFL', VARIANTS + ('bckd-pkd',))
            + pair_rows('cascade-mask-rcnn', 'Cascade Mask R-CNN', VARIANTS)
            + pair_rows('retinanet', 'RetinaNet', ('bckd',)))
METRICS = ('bbox_map', 'segm_map')


def parse_args(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='The offline detection benchmark.')
    parser.add_argument('--task', choices=['detection'], default='detection')
    parser.add_argument('--methods', nargs='*', help='method tags (default: every row)')
    parser.add_argument('--rows', nargs='*', help='only rows whose names contain one of '
                        'these strings (with their teacher and baseline rows)')
    parser.add_argument('--seeds', type=int, nargs='+', help='training seeds')
    parser.add_argument('--iters', type=int, help='override every schedule (smoke runs)')
    parser.add_argument('--split', choices=['test', 'tune'], default='test')
    parser.add_argument('--device', choices=['cpu', 'cuda'], default='cpu')
    parser.add_argument('--data-root', default='data/offline_benchmark_det')
    parser.add_argument('--work-dir', default='work_dirs/offline_benchmark_det')
    parser.add_argument('--out', help='results prefix (default results/'
                        'offline_benchmark_det[_tune]; --iters runs go to the work dir)')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction, default={})
    parser.add_argument('--report', action='store_true', help='train nothing: rewrite the '
                        "method README's detection table from the results file")
    return parser.parse_args(argv)


def evaluate_on(run_dir: str, result: dict, root: str, part: str, split: str,
                device: str) -> dict:
    """``result`` with its final checkpoint evaluated on ``split`` (kept in the run folder)."""
    done = osp.join(run_dir, f'result_{split}.json')
    if not osp.exists(done):
        out = osp.join(run_dir, f'metrics_{split}.json')
        ann = osp.join(root, f'annotations/instances_{part}2017.json')
        runs.run_tool('test.py', [
            osp.join(run_dir, 'config.py'), result['checkpoint'], '--json-out', out,
            '--work-dir', osp.join(run_dir, f'test_{split}'), '--cfg-options',
            f'test_dataloader.dataset.data_root={root}', f'test_evaluator.ann_file={ann}'],
            osp.join(run_dir, f'test_{split}.log'), device, f'evaluation on {split}')
        with open(out) as f:
            runs.save_json(done, metrics_of(json.load(f)))
    with open(done) as f:
        evaluated = json.load(f)
    return dict(result, **evaluated, map_curve=[evaluated['bbox_map']])


def summarise(results: Dict[str, dict], args: argparse.Namespace,
              protocol: DetectionProtocol) -> dict:
    """One row per benchmark row: its runs, and for KD rows the paired differences."""
    rows = []
    for name, entry in results.items():
        row, seeds = entry['row'], sorted(entry['runs'].values(), key=lambda r: r['seed'])
        item = dict(name=name, config=row['config'], teacher=row.get('teacher'),
                    baseline=row.get('baseline'), runs=seeds)
        base = results.get(row.get('baseline'), {}).get('runs', {})
        for metric in METRICS:
            pairs = [(r[metric], base[str(r['seed'])][metric]) for r in seeds
                     if metric in r and str(r['seed']) in base]
            if row['kind'] == 'kd' and pairs:
                deltas = [a - b for a, b in pairs]
                item[f'{metric}_paired'] = dict(paired_stats(deltas), deltas=deltas)
        rows.append(item)
    return dict(commit=git_commit(), date=datetime.date.today().isoformat(),
                machine=f'{platform.machine()}, {os.cpu_count()} CPU cores, {args.device}',
                protocol=dict(protocol.as_dict(), split=args.split, iters=args.iters),
                rows=rows)


def markdown(table: dict) -> str:
    """The table of every row (bbox / segm mAP, paired gains, convergence) and per-class AP."""
    p = table['protocol']
    lines = [f'Protocol {p["name"]}, split `{p["split"]}`, {table["machine"]}, '
             f'{table["date"]}, commit {table["commit"]}.', '',
             '| run | seeds | bbox mAP mean ± std | per seed | paired Δ bbox (95 % CI) | '
             'segm mAP | paired Δ segm (95 % CI) | last-fifth change | wall |',
             '|---|---:|---:|---|---:|---:|---:|---:|---:|']
    for row in table['rows']:
        values = [r['bbox_map'] for r in row['runs']]
        spread = statistics.stdev(values) if len(values) > 1 else 0.0
        segm = [r['segm_map'] for r in row['runs'] if 'segm_map' in r]
        moves = [r['map_curve'][-1] - r['map_curve'][-2] for r in row['runs']
                 if len(r['map_curve']) > 1]
        move = max(moves, key=abs) if moves else None
        gain = {m: format_gain(row[f'{m}_paired']) if f'{m}_paired' in row else ''
                for m in METRICS}
        lines.append(
            f'| {row["name"]} | {len(values)} | {statistics.mean(values):.1f} ± {spread:.1f} '
            f'| {", ".join(f"{v:.1f}" for v in values)} | {gain["bbox_map"]} | '
            f'{f"{statistics.mean(segm):.1f}" if segm else ""} | {gain["segm_map"]} | '
            f'{"" if move is None else f"{move:+.1f}"} | '
            f'{sum(r["wall_s"] for r in row["runs"]) / 60:.0f} min |')
    classes = list(table['rows'][0]['runs'][0]['per_class_ap']) if table['rows'] else []
    lines += ['', 'Per-class bbox AP (mean over seeds):', '',
              '| run | ' + ' | '.join(classes) + ' |', '|---|' + '---:|' * len(classes)]
    for row in table['rows']:
        values = [statistics.mean(r['per_class_ap'][c] for r in row['runs']) for c in classes]
        lines.append(f'| {row["name"]} | ' + ' | '.join(f'{v:.1f}' for v in values) + ' |')
    return '\n'.join(lines) + '\n'


def readme_block(table: dict) -> str:
    """The method README's detection table: each KD row beside its teacher and student."""
    by_name = {row['name']: row for row in table['rows']}

    def mean(row: dict, metric: str) -> str:
        values = [r[metric] for r in row['runs'] if metric in r]
        return f'{statistics.mean(values):.1f}' if values else ''
    lines = ['| teacher → student (no KD), bbox mAP | run | seeds | bbox mAP | paired gain '
             '(95 % CI) | seeds > 0 | segm mAP | paired segm gain (95 % CI) |',
             '|---|---|---:|---:|---:|---:|---:|---:|']
    for row in table['rows']:
        paired = row.get('bbox_map_paired')
        if not paired or row['teacher'] not in by_name or row['baseline'] not in by_name:
            continue
        teacher, student = by_name[row['teacher']], by_name[row['baseline']]
        segm = row.get('segm_map_paired')
        lines.append(
            f'| {teacher["name"].split(" ", 1)[1]} ({mean(teacher, "bbox_map")}) → '
            f'{student["name"].split(" ", 1)[1]} ({mean(student, "bbox_map")}) | '
            f'{row["name"].split(":")[0]} | {len(row["runs"])} | {mean(row, "bbox_map")} | '
            f'{format_gain(paired)} | {sum(d > 0 for d in paired["deltas"])} of '
            f'{len(paired["deltas"])} | {mean(row, "segm_map")} | '
            f'{format_gain(segm) if segm else ""} |')
    return '\n'.join(lines) + '\n'


README = osp.join(runs.ROOT, 'configs', 'bckd', 'README.md')


def write_readme(table: dict) -> bool:
    """Rewrite the README's generated detection block; True when it changed."""
    text = documents.replace_block(README, 'method-bckd-det', readme_block(table))
    with open(README) as f:
        if f.read() == text:
            return False
    with open(README, 'w') as f:
        f.write(text)
    return True


def load(prefix: str) -> Dict[str, dict]:
    """The rows of an existing results file, as ``{name: dict(row, runs={seed: run})}``."""
    if not osp.exists(prefix + '.json'):
        return {}
    with open(prefix + '.json') as f:
        table = json.load(f)
    by_name = {row['name']: row for row in DET_ROWS}
    return {row['name']: dict(row=by_name.get(row['name'], row),
                              runs={str(r['seed']): r for r in row['runs']})
            for row in table['rows']}


def write(results: Dict[str, dict], args: argparse.Namespace, protocol: DetectionProtocol,
          prefix: str) -> dict:
    """The results in row order, written to ``prefix``.json and .md."""
    order = [row['name'] for row in DET_ROWS]
    ordered = dict(sorted(results.items(), key=lambda item: order.index(item[0])
                          if item[0] in order else len(order)))
    table = summarise(ordered, args, protocol)
    os.makedirs(osp.dirname(prefix), exist_ok=True)
    runs.save_json(prefix + '.json', table)
    with open(prefix + '.md', 'w') as f:
        f.write(markdown(table))
    return table


def main(argv: Optional[Sequence[str]] = None,
         protocol: DetectionProtocol = DET_V1) -> dict:
    """Train (or reuse) every selected run and write the results after each."""
    args = parse_args(argv)
    if args.report:
        with open(RESULTS + '.json') as f:
            table = json.load(f)
        print(f'rewritten: {README}' if write_readme(table) else f'unchanged: {README}')
        return table
    seeds = args.seeds or list(protocol.seeds)
    selected = select_rows(DET_ROWS, args.methods, args.rows)
    roots = prepare_detection_data(protocol, args.data_root)
    smoke = bool(args.iters)
    prefix = args.out or (osp.join(args.work_dir, 'smoke') if smoke else
                          RESULTS + ('_tune' if args.split == 'tune' else ''))
    results = {} if smoke else load(prefix)
    jobs = [(row, seed) for row in selected
            for seed in ([0] if row['kind'] == 'teacher' else seeds)]
    checkpoints: Dict[str, str] = {}
    started = time.time()
    table: dict = {}
    for n, (row, seed) in enumerate(jobs, 1):
        iters = args.iters or (protocol.teacher_iters if row['kind'] == 'teacher'
                               else protocol.student_iters)
        student_init = None
        if row['kind'] != 'teacher':
            base = next(r for r in DET_ROWS if r['name'] == (row.get('baseline') or row['name']))
            student_init = runs.save_student_init(
                osp.join(runs.ROOT, base['config']), seed,
                osp.join(args.work_dir, 'init', f'{runs.slug(base["name"])}_seed{seed}.pth'))
        cfg = Config.fromfile(osp.join(runs.ROOT, row['config']))
        if args.cfg_options:
            cfg.merge_from_dict(args.cfg_options)
        cfg = apply_detection_protocol(
            cfg, protocol, kind=row['kind'], iters=iters, seed=seed, roots=roots,
            split='test', student_init=student_init,
            teacher_ckpt=checkpoints.get(row.get('teacher')), device=args.device)
        key = runs.run_key(cfg, args.device)
        run_dir = osp.join(args.work_dir, runs.slug(row['name']), f'seed{seed}-{key}')
        result = runs.train(cfg, run_dir, iters, args.device, reader=read_detection_result)
        if row['kind'] == 'teacher':
            checkpoints[row['name']] = result['checkpoint']
        if args.split != 'test':
            result = evaluate_on(run_dir, result, *roots[args.split], args.split,
                                 args.device)
        took = 'cached' if result['cached'] else f'{result["wall_s"]:.0f} s'
        result = {k: v for k, v in result.items() if k not in ('code', 'cached')}
        results.setdefault(row['name'], dict(row=row, runs={}))
        results[row['name']]['row'] = row
        results[row['name']]['runs'][str(seed)] = dict(result, seed=seed)
        print(f'[{n}/{len(jobs)}] {row["name"]} seed {seed}: bbox mAP '
              f'{result["bbox_map"]:.1f} ({took}); elapsed {time.time() - started:.0f} s',
              flush=True)
        table = write(results, args, protocol, prefix)
        if prefix == RESULTS:  # the CPU test-split table is the reported one
            write_readme(table)
    print(markdown(table))
    print(f'results: {prefix}.json, {prefix}.md')
    return table
