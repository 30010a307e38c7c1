"""The command line: train (or reuse) every selected run, then write the results.

For every selected row and seed the tool writes a resolved config (the row's config
with the protocol applied), trains it in a subprocess whose log goes to the run's
folder, and keeps the result in ``<work-dir>/<row>/seed<s>-<key>/result.json``. It
prints one line per run with an ETA and writes a Markdown table, a JSON file and a PNG
chart of the paired gains; a full CPU run of protocol v1 on ``test`` also rewrites the
generated tables of the READMEs and the metafiles' results (``documents.py``).
"""
import argparse
import json
import os.path as osp
import time
from typing import Dict, Optional, Sequence

from mmengine.config import Config, DictAction

from . import documents, report, runs
from .protocol import PROTOCOLS, V1, Protocol, apply_protocol, prepare_data
from .rows import ROWS, all_rows, select_rows

RESULTS = osp.join(runs.PROJECT, 'results', 'offline_benchmark')
MIGRATIONS = osp.join(runs.PROJECT, 'results', 'key_migrations.json')


def parse_args(argv: Optional[Sequence[str]], protocols: Dict[str, Protocol]
               ) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='The offline benchmark: teachers, no-KD '
                                     'students and KD rows on paired seeds.')
    parser.add_argument('--methods', nargs='*', help='method tags (default: every row); '
                        'teacher and baseline rows of the chosen ones come along')
    parser.add_argument('--rows', nargs='*', help='only the rows whose names contain one '
                        'of these strings (with their teacher and baseline rows)')
    parser.add_argument('--seeds', type=int, nargs='+',
                        help="training seeds (default: the protocol's `seeds`)")
    parser.add_argument('--quick', action='store_true',
                        help='one seed, the quick schedule: a demonstration')
    parser.add_argument('--iters', type=int, help='override every schedule (tests)')
    parser.add_argument('--split', choices=['test', 'tune'], default='test',
                        help='evaluation split (tune for development choices: the '
                        'test-split runs, each final checkpoint evaluated on tune)')
    parser.add_argument('--protocol', default=V1.name, choices=sorted(protocols),
                        help='a candidate protocol (results apart, judged on --split tune)')
    parser.add_argument('--device', choices=['cpu', 'cuda'], default='cpu')
    parser.add_argument('--data-root', default='data/offline_benchmark')
    parser.add_argument('--work-dir', default='work_dirs/offline_benchmark')
    parser.add_argument('--out', help='results prefix (default results/offline_benchmark'
                        '[_cuda][_tune], a candidate protocol\'s under results/candidates/; '
                        'quick and --iters runs go to the work dir)')
    parser.add_argument('--report', action='store_true', help='train nothing: rewrite the '
                        "READMEs' tables and the metafiles' results from the results file")
    parser.add_argument('--cfg-options', nargs='+', action=DictAction, default={},
                        help='extra key=value overrides for every run (tests)')
    parser.add_argument('--carry-over-code', metavar='EVIDENCE',
                        help='keep cached runs whose recorded mmkd_ext files changed, '
                        'recording the new files and EVIDENCE that the change leaves '
                        'training unchanged (a refactor); never for a change in behaviour')
    args = parser.parse_args(argv)
    if args.carry_over_code is not None and not args.carry_over_code.strip():
        parser.error('--carry-over-code needs the evidence that training is unchanged.')
    return args


def paired_with(results: Dict[str, dict], row: dict, seed: int) -> dict:
    """The teacher and no-KD student runs a KD run of ``seed`` is measured against.

    Trained in the same invocation (teachers and students run first), so a KD run keeps
    the student run it was paired with even when a later invocation, whose CPU numerics
    differ slightly, trains that student seed again.
    """
    if row['kind'] != 'kd':
        return {}
    base = {r['seed']: r['miou'] for r in results[row['baseline']]['runs']}
    teacher = results[row['teacher']]['runs'][0]['miou']
    return dict(baseline_miou=base[seed], teacher_miou=teacher)


def run(args: argparse.Namespace, protocol: Protocol, prefix: str, merge: bool) -> dict:
    """Train (or reuse) every selected run; rewrite the results after each."""
    rows = all_rows()
    selected = select_rows(rows, args.methods, args.rows)
    seeds = args.seeds[:1] if args.quick else args.seeds
    roots = prepare_data(protocol, args.data_root)
    if osp.exists(MIGRATIONS):
        with open(MIGRATIONS) as f:
            runs.migrate_cached_runs(args.work_dir, json.load(f))
    jobs = [(row, seed) for row in selected
            for seed in ([0] if row['kind'] == 'teacher' else seeds)]

    def iters_of(row: dict) -> int:
        if args.iters:
            return args.iters
        if args.quick:
            return protocol.quick_iters
        return protocol.teacher_iters if row['kind'] == 'teacher' else protocol.student_iters

    results: Dict[str, dict] = {}
    table = {}
    spent_s, spent_iters, started = 0.0, 0, time.time()
    for n, (row, seed) in enumerate(jobs, 1):
        iters = iters_of(row)
        student_init = teacher_ckpt = None
        if row['kind'] != 'teacher':
            base = next(r for r in rows if r['name'] == (row.get('baseline') or row['name']))
            student_init = runs.save_student_init(
                osp.join(runs.ROOT, base['config']), seed,
                osp.join(args.work_dir, 'init', f'{runs.slug(base["name"])}_seed{seed}.pth'))
        if row['kind'] == 'kd':
            teacher_ckpt = results[row['teacher']]['runs'][0]['checkpoint']
        cfg = Config.fromfile(osp.join(runs.ROOT, row['config']))
        if args.cfg_options:
            cfg.merge_from_dict(args.cfg_options)
        # training does not depend on the reported split: a tune-split row is the
        # test-split run (same key, same cache), its checkpoint evaluated on tune
        cfg = apply_protocol(cfg, protocol, kind=row['kind'], iters=iters, seed=seed,
                             roots=roots, split='test', student_init=student_init,
                             teacher_ckpt=teacher_ckpt, device=args.device, quick=args.quick)
        key = runs.run_key(cfg, args.device)
        run_dir = osp.join(args.work_dir, runs.slug(row['name']), f'seed{seed}-{key}')
        result = runs.train(cfg, run_dir, iters, args.device, args.carry_over_code)
        if args.split != 'test':
            result = runs.evaluate_on(run_dir, result, args.split, roots[args.split],
                                      args.device)
        entry = results.setdefault(row['name'], dict(row=row, runs=[]))
        entry['runs'].append(dict(result, seed=seed, **paired_with(results, row, seed)))
        if not result['cached']:
            spent_s, spent_iters = spent_s + result['wall_s'], spent_iters + iters
        left = sum(iters_of(r) for r, _ in jobs[n:])  # ETA: seconds per iteration so far
        eta = spent_s / spent_iters * left if spent_iters else 0.0
        took = 'cached' if result['cached'] else f'{result["wall_s"]:.0f} s'
        print(f'[{n}/{len(jobs)}] {row["name"]} seed {seed}: mIoU {result["miou"]:.2f} '
              f'({took}); elapsed {time.time() - started:.0f} s, ETA {eta / 60:.0f} min',
              flush=True)
        table = write(results, args, protocol, prefix, merge)
    return table


def write(results: Dict[str, dict], args: argparse.Namespace, protocol: Protocol,
          prefix: str, merge: bool) -> dict:
    """The results merged per row and seed with an existing file, written to ``prefix``."""
    if merge and osp.exists(prefix + '.json'):
        with open(prefix + '.json') as f:
            results = report.merge_results(results, json.load(f).get('rows', []), all_rows())
    table = report.summarise(results, protocol, device=args.device, split=args.split,
                             quick=args.quick, iters=args.iters)
    report.write(table, prefix)
    return table


def main(argv: Optional[Sequence[str]] = None,
         protocols: Dict[str, Protocol] = PROTOCOLS) -> dict:
    """Run the benchmark; ``protocols`` are the ones ``--protocol`` chooses from."""
    args = parse_args(argv, protocols)
    protocol = protocols[args.protocol]
    args.seeds = args.seeds or list(protocol.seeds)
    if args.report:
        with open(RESULTS + '.json') as f:
            table = json.load(f)
        for path in documents.write_documents(table, ROWS, all_rows()):
            print(f'rewritten: {path}')
        return table
    smoke = bool(args.quick or args.iters)
    suffix = ('_cuda' if args.device == 'cuda' else '') + (
        '_tune' if args.split == 'tune' else '')
    base = RESULTS if protocol.name == V1.name else osp.join(
        osp.dirname(RESULTS), 'candidates', f'offline_benchmark_{protocol.name}')
    prefix = args.out or (osp.join(args.work_dir, 'quick') if smoke else base + suffix)
    table = run(args, protocol, prefix, merge=not smoke)
    if not smoke and prefix == RESULTS:  # the CPU test-split table of v1 is the reported one
        documents.write_documents(table, ROWS, all_rows())
    print(report.markdown(table))
    print(f'results: {prefix}.json, {prefix}.md, {prefix}.png')
    if args.quick and osp.exists(RESULTS + '.json'):
        with open(RESULTS + '.json') as f:
            stored = json.load(f)
        print('\nThe quick numbers are a demonstration of the workflow; judge a method by the '
              'converged benchmark (right):\n')
        print(report.quick_beside_stored(table, stored))
    return table
