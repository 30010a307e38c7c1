"""The benchmark project's class_gains.py on hand-written results tables."""
import json
import math
import os.path as osp

import pytest

from conftest import REPO, load_tool

tool = load_tool(osp.join(REPO, 'projects', 'offline_benchmark', 'class_gains.py'))
class_gains, main = tool.class_gains, tool.main


def _row(name, seeds, per_class, baseline=None, baseline_miou=None):
    miou = [sum(v[i] for v in per_class.values()) / len(per_class) for i in range(len(seeds))]
    row = dict(name=name, seeds=seeds, miou=miou, per_class_iou=per_class, baseline=baseline)
    if baseline_miou is not None:
        row['baseline_miou'] = baseline_miou
    return row


STUDENT = _row('student', [0, 1, 2], dict(road=[90.0, 92.0, 91.0], car=[60.0, 62.0, 58.0],
                                          person=[0.0, 0.0, 0.3]))


def test_unlocking_one_class_moves_all_classes_only():
    # the student never learns person; the run learns it at 30 IoU and changes nothing else
    run = _row('unlock', [0, 1, 2], dict(road=[90.0, 92.0, 91.0], car=[60.0, 62.0, 58.0],
                                         person=[30.0, 30.0, 30.3]), baseline='student')
    gains = class_gains(run, STUDENT, min_iou=5.0)
    assert gains['learned'] == ['road', 'car'] and gains['unlearned'] == ['person']
    assert gains['delta_all'] == pytest.approx([10.0, 10.0, 10.0])
    assert gains['delta_learned'] == pytest.approx([0.0, 0.0, 0.0])
    assert gains['unlearned_iou']['person'] == pytest.approx((0.1, 30.1))


def test_paired_by_seed_value_against_a_float_reference():
    # the run lists its seeds in another order and lacks seed 1
    run = _row('run', [2, 0], dict(road=[93.0, 91.5], car=[57.0, 63.0], person=[1.0, 0.0]),
               baseline='student')
    gains = class_gains(run, STUDENT, min_iou=5.0)
    assert gains['seeds'] == [2, 0]
    # seed 2: learned (93 + 57) / 2 - (91 + 58) / 2 = 0.5; seed 0: (91.5 + 63) / 2 - 75 = 2.25
    assert gains['delta_learned'] == pytest.approx([0.5, 2.25])
    # all classes, seed 2: (93 + 57 + 1) / 3 - (91 + 58 + 0.3) / 3
    assert gains['delta_all'][0] == pytest.approx((151.0 - 149.3) / 3)
    mean = (0.5 + 2.25) / 2
    half = 12.706 * math.sqrt(((0.5 - mean) ** 2 + (2.25 - mean) ** 2) / 1) / math.sqrt(2)
    assert gains['stats_learned']['mean'] == pytest.approx(mean)
    assert gains['stats_learned']['ci95'] == pytest.approx([mean - half, mean + half], rel=1e-3)


def test_threshold_decides_which_classes_are_learned():
    run = _row('run', [0, 1, 2], dict(STUDENT['per_class_iou']), baseline='student')
    assert class_gains(run, STUDENT, min_iou=61.0)['learned'] == ['road']
    assert class_gains(run, STUDENT, min_iou=0.0)['unlearned'] == []


def test_bad_pairs_are_refused():
    other = _row('run', [5], dict(road=[90.0], car=[60.0], person=[0.0]), baseline='student')
    with pytest.raises(ValueError, match='no seed in common'):
        class_gains(other, STUDENT, min_iou=5.0)
    fewer = _row('run', [0], dict(road=[90.0], car=[60.0]), baseline='student')
    with pytest.raises(ValueError, match='classes differ'):
        class_gains(fewer, STUDENT, min_iou=5.0)


def test_main_writes_the_report_and_never_overwrites(tmp_path):
    run = _row('KD: a -> b', [0, 1, 2], dict(road=[91.0, 92.0, 91.0], car=[60.0, 62.0, 58.0],
                                               person=[20.0, 20.0, 20.0]),
               baseline='student', baseline_miou=[50.5, 51.33, 49.77])
    table = dict(commit='abc', protocol=dict(name='p', split='test'), rows=[STUDENT, run])
    results = tmp_path / 'results.json'
    results.write_text(json.dumps(table))
    out = tmp_path / 'gains.md'
    text = main([str(results), '--out', str(out)])
    assert out.read_text() == text
    line = next(li for li in text.splitlines() if li.startswith('| KD: a -> b'))
    # seed 0 learned: +0.5, seeds 1, 2: 0; the stored student mIoU of seed 0 differs -> marked
    assert line.startswith('| KD: a -> b * | 3 |') and '(+0.50, +0.00, +0.00)' in line
    assert 'person 0.1 → 20.0' in line
    with pytest.raises(FileExistsError, match='--force'):
        main([str(results), '--out', str(out)])
    assert out.read_text() == text
    assert 'KD: a -> b' not in main([str(results), '--rows', 'CWD'])
