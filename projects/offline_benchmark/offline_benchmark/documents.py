"""The documents the results file writes: README tables and metafile ``Results``.

Every number a README or metafile states about the benchmark comes from here, read
off the results JSON; ``tests/test_projects/test_offline_benchmark.py`` checks that the
committed documents equal what this module writes from the committed JSON.

A generated block sits between ``<!-- benchmark:NAME:start -->`` and
``<!-- benchmark:NAME:end -->`` (NAME: ``headline`` in README.md, ``full`` in this
project's README, ``method-<family>`` in ``configs/<family>/README.md``).
"""
import os.path as osp
import statistics
from typing import Dict, List, Sequence

import yaml

from .report import format_gain, markdown
from .runs import ROOT

FAMILIES = {'kd': 'KD', 'cwd': 'CWD', 'transkd': 'TransKD', 'heteroakd': 'HeteroAKD',
            'lix': 'LIX', 'bckd': 'BCKD'}
DATASET = 'OfflineStreet (offline-street-v1, test)'


def _short(name: str) -> str:
    return name.split(' ', 1)[1] if ' ' in name else name


def _by_name(table: dict) -> Dict[str, dict]:
    return {row['name']: row for row in table['rows']}


def kd_table(table: dict, rows: Sequence[dict]) -> List[str]:
    """Markdown rows: pair (teacher and student mIoU), run, mIoU, paired gain, seeds > 0."""
    got = _by_name(table)
    lines = ['| teacher → student (no KD) | run | mIoU, mean of seeds | paired gain '
             '(95 % CI) | seeds > 0 |', '|---|---|---:|---:|---:|']
    for row in rows:
        measured = got.get(row['name'])
        if not measured or not measured.get('paired'):
            continue
        teacher, student = got[row['teacher']], got[row['baseline']]
        pair = (f'{_short(row["teacher"])} ({statistics.mean(teacher["miou"]):.2f}) → '
                f'{_short(row["baseline"])} ({statistics.mean(student["miou"]):.2f})')
        above = sum(d > 0 for d in measured['paired_delta'])
        lines.append(f'| {pair} | {row["name"].split(":")[0]} | '
                     f'{statistics.mean(measured["miou"]):.2f} | '
                     f'{format_gain(measured["paired"])} | '
                     f'{above} of {len(measured["paired_delta"])} |')
    return lines


def variants_on_test(table: dict, all_rows: Sequence[dict]) -> Dict[str, int]:
    """Per method family: how many of its KD rows were measured on this split."""
    family = {row['name']: row.get('family') for row in all_rows}
    counts: Dict[str, int] = {}
    for row in table['rows']:
        name = family.get(row['name'])
        if name and row.get('paired'):
            counts[name] = counts.get(name, 0) + 1
    return counts


def headline(table: dict, rows: Sequence[dict], all_rows: Sequence[dict]) -> str:
    """README.md's table: each method and the stock baselines on its pair."""
    lines = [f'Protocol {table["protocol"]["name"]}, split `{table["protocol"]["split"]}`, '
             f'3 paired seeds, {table["machine"]}, commit {table["commit"]}.', '']
    lines += kd_table(table, [r for r in rows if r.get('headline')])
    counts = variants_on_test(table, all_rows)
    lines += ['', 'KD rows measured on `test` per method (the headline rows, the papers\' '
              'ablations and every development variant): ' + ', '.join(
                  f'{label} {counts[key]}' for key, label in FAMILIES.items() if key in counts)
              + '.']
    return '\n'.join(lines) + '\n'


def method_block(table: dict, rows: Sequence[dict], family: str) -> str:
    """A method README's table: the method's rows and the stock baselines on its pairs."""
    own = [r for r in rows if r.get('family') == family]
    pairs = {(r['teacher'], r['baseline']) for r in own}
    baselines = [r for r in rows if r.get('family') in ('kd', 'cwd') and r not in own
                 and (r['teacher'], r['baseline']) in pairs]
    return '\n'.join(kd_table(table, own + baselines)) + '\n'


def protocol_rules(table: dict, rows: Sequence[dict]) -> str:
    """The protocol's own rules, each checked on the table: teacher margin, convergence of
    the no-KD students, the sanity rows' intervals."""
    got = _by_name(table)
    mean = {name: statistics.mean(row['miou']) for name, row in got.items()}
    lines = ['| rule | measured | met |', '|---|---|---|']
    pairs = sorted({(r['teacher'], r['baseline']) for r in rows
                    if r.get('headline') and r['teacher'] in got and r['baseline'] in got})
    for teacher, student in pairs:
        margin = mean[teacher] - mean[student]
        lines.append(f'| teacher ≥ 10 mIoU above its no-KD student | {_short(teacher)} '
                     f'{mean[teacher]:.2f} − {_short(student)} {mean[student]:.2f} = '
                     f'{margin:+.2f} | {"yes" if margin >= 10 else "**no**"} |')
    for name in sorted({student for _, student in pairs}):
        moves = [c[-1] - c[-2] for c in got[name]['miou_curve'] if len(c) > 1]
        worst = max(moves, key=abs)
        lines.append(f'| no-KD student moves < 1 mIoU over the last fifth | {_short(name)}: '
                     + ', '.join(f'{m:+.2f}' for m in moves)
                     + f' (seeds) | {"yes" if abs(worst) < 1 else "**no**"} |')
    for name in ('KD: DeepLabV3 -> PSPNet', 'CWD: DeepLabV3 -> PSPNet'):
        paired = got[name]['paired']
        lines.append(f'| sanity row: paired 95 % interval above 0 | {name.split(":")[0]} '
                     f'{format_gain(paired)} | {"yes" if paired["ci95"][0] > 0 else "**no**"} |')
    return '\n'.join(lines) + '\n'


def replace_in_text(content: str, name: str, text: str, where: str = 'the text') -> str:
    """``content`` with block ``name`` replaced by ``text``."""
    start, end = f'<!-- benchmark:{name}:start -->', f'<!-- benchmark:{name}:end -->'
    if start not in content or end not in content:
        raise ValueError(f'{where} has no block {name!r} ({start} ... {end}).')
    head, rest = content.split(start, 1)
    return f'{head}{start}\n{text}{end}{rest.split(end, 1)[1]}'


def replace_block(path: str, name: str, text: str) -> str:
    """The text of the file ``path`` with block ``name`` replaced (nothing is written)."""
    with open(path) as f:
        return replace_in_text(f.read(), name, text, path)


def metafile_results(table: dict, rows: Sequence[dict], metafile: dict) -> dict:
    """``metafile`` with ``Results`` set from the table for measured reported rows, and
    removed from every other model."""
    measured = {row['config']: row for row in table['rows'] if row.get('paired')}
    reported = {row['config'] for row in rows}
    for model in metafile.get('Models', []):
        row = measured.get(model['Config'])
        model.pop('Results', None)
        if row and model['Config'] in reported:
            model['Results'] = [dict(
                Task='Semantic Segmentation', Dataset=DATASET,
                Metrics={'mIoU': round(statistics.mean(row['miou']), 2),
                         'mIoU gain over the no-KD student':
                         round(row['paired']['mean'], 2)})]
    return metafile


def documents(table: dict, rows: Sequence[dict], all_rows: Sequence[dict]) -> Dict[str, str]:
    """``{path relative to the repository: new text}`` of every generated document."""
    out = {'README.md': replace_block(osp.join(ROOT, 'README.md'), 'headline',
                                      headline(table, rows, all_rows)),
           'projects/offline_benchmark/README.md': replace_in_text(
               replace_block(osp.join(ROOT, 'projects/offline_benchmark/README.md'), 'full',
                             markdown(table, per_class=False)),
               'rules', protocol_rules(table, rows))}
    for family in FAMILIES:
        path = f'configs/{family}/README.md'
        out[path] = replace_block(osp.join(ROOT, path), f'method-{family}',
                                  method_block(table, rows, family))
        meta = f'configs/{family}/metafile.yml'
        with open(osp.join(ROOT, meta)) as f:
            data = metafile_results(table, rows, yaml.safe_load(f))
        out[meta] = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return out


def write_documents(table: dict, rows: Sequence[dict], all_rows: Sequence[dict]) -> List[str]:
    """Rewrite every generated document; returns the paths that changed."""
    changed = []
    for path, text in documents(table, rows, all_rows).items():
        with open(osp.join(ROOT, path)) as f:
            if f.read() == text:
                continue
        with open(osp.join(ROOT, path), 'w') as f:
            f.write(text)
        changed.append(path)
    return changed
