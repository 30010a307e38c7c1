"""PerClassIoUMetric: mmseg's means plus every class's IoU, against a float64 reference."""
import math

import numpy as np
import pytest
from mmseg.registry import METRICS

import mmkd_ext  # noqa: F401
from test_fscore_metric import NUM_CLASSES, make_sample, random_maps


def reference_iou(preds, labels, ignore_index=255):
    inter, union = np.zeros(NUM_CLASSES), np.zeros(NUM_CLASSES)
    for p, g in zip(preds, labels):
        keep = g != ignore_index
        p, g = p[keep], g[keep]
        for c in range(NUM_CLASSES):
            inter[c] += np.sum((p == c) & (g == c))
            union[c] += np.sum((p == c) | (g == c))
    with np.errstate(invalid='ignore', divide='ignore'):
        return inter / union


def run(metric_type, preds, labels):
    metric = METRICS.build(dict(type=metric_type, iou_metrics=['mIoU']))
    metric.dataset_meta = dict(classes=[f'c{i}' for i in range(NUM_CLASSES)])
    for p, g in zip(preds, labels):
        metric.process({}, [make_sample(p, g)])
    return metric.evaluate(len(preds))


@pytest.mark.parametrize('seed', [0, 1])
def test_per_class_values_and_unchanged_means(seed):
    preds, labels = random_maps(seed)
    out = run('PerClassIoUMetric', preds, labels)
    ref = reference_iou(preds, labels)
    for c in range(NUM_CLASSES):
        assert out[f'IoU.c{c}'] == pytest.approx(round(ref[c] * 100, 2), abs=1e-9)
    plain = run('IoUMetric', preds, labels)
    assert {k: out[k] for k in plain} == plain  # the means are mmseg's own


def test_absent_class_is_nan():
    g = np.array([[0, 0, 1], [1, 255, 1]])
    out = run('PerClassIoUMetric', [g.copy()], [g])
    assert out['IoU.c0'] == 100.0 and out['IoU.c1'] == 100.0
    assert math.isnan(out['IoU.c2']) and math.isnan(out['IoU.c3'])


def test_needs_miou():
    with pytest.raises(ValueError, match='iou_metrics'):
        METRICS.build(dict(type='PerClassIoUMetric', iou_metrics=['mDice']))
