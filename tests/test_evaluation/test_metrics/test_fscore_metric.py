"""FrequencyWeightedFscoreMetric against a float64 reference written from the definitions."""
import numpy as np
import pytest
import torch
from mmengine.evaluator import Evaluator
from mmengine.structures import PixelData
from mmseg.registry import METRICS
from mmseg.structures import SegDataSample

import mmkd_ext  # noqa: F401

NUM_CLASSES = 4


def reference_scores(preds, labels, num_classes, ignore_index=255):
    """mFsc/fwFsc/mIoU/fwIoU from confusion counts over all images, float64."""
    tp = np.zeros(num_classes)
    fp = np.zeros(num_classes)
    fn = np.zeros(num_classes)
    for p, g in zip(preds, labels):
        keep = g != ignore_index
        p, g = p[keep], g[keep]
        for c in range(num_classes):
            tp[c] += np.sum((p == c) & (g == c))
            fp[c] += np.sum((p == c) & (g != c))
            fn[c] += np.sum((p != c) & (g == c))
    fsc, iou = [], []
    for c in range(num_classes):
        if tp[c] + fp[c] + fn[c] == 0:
            fsc.append(np.nan)
            iou.append(np.nan)
            continue
        precision = tp[c] / (tp[c] + fp[c]) if tp[c] + fp[c] else 0.0
        recall = tp[c] / (tp[c] + fn[c]) if tp[c] + fn[c] else 0.0
        fsc.append(2 * precision * recall / (precision + recall) if tp[c] else 0.0)
        iou.append(tp[c] / (tp[c] + fp[c] + fn[c]))
    fsc, iou = np.array(fsc), np.array(iou)
    gt = tp + fn
    freq = gt / gt.sum()
    ok = gt > 0
    return dict(mFsc=np.nanmean(fsc), fwFsc=np.sum(freq[ok] * fsc[ok]),
                mIoU=np.nanmean(iou), fwIoU=np.sum(freq[ok] * iou[ok]))


def make_sample(pred: np.ndarray, gt: np.ndarray) -> dict:
    sample = SegDataSample()
    sample.pred_sem_seg = PixelData(data=torch.from_numpy(pred)[None])
    sample.gt_sem_seg = PixelData(data=torch.from_numpy(gt)[None])
    return sample.to_dict()


def run_metric(preds, labels, **kwargs):
    metric = METRICS.build(dict(type='FrequencyWeightedFscoreMetric', **kwargs))
    metric.dataset_meta = dict(classes=[f'c{i}' for i in range(NUM_CLASSES)])
    for p, g in zip(preds, labels):
        metric.process({}, [make_sample(p, g)])
    return metric.evaluate(len(preds))


def random_maps(seed, n=3, shape=(7, 9), ignore_frac=0.2):
    rng = np.random.default_rng(seed)
    preds = [rng.integers(0, NUM_CLASSES, shape) for _ in range(n)]
    labels = []
    for _ in range(n):
        g = rng.integers(0, NUM_CLASSES - 1, shape)  # class 3 never in the labels
        g[rng.random(shape) < ignore_frac] = 255
        labels.append(g)
    return preds, labels


@pytest.mark.parametrize('seed', [0, 1, 2])
def test_matches_reference_with_ignore(seed):
    preds, labels = random_maps(seed)
    out = run_metric(preds, labels, fscore_metrics=('mFsc', 'fwFsc', 'mIoU', 'fwIoU'))
    ref = reference_scores(preds, labels, NUM_CLASSES)
    for key, value in ref.items():
        assert out[key] == pytest.approx(round(value * 100, 2), abs=1e-9), key


def test_ignored_pixels_do_not_count():
    preds, labels = random_maps(3)
    base = run_metric(preds, labels, fscore_metrics=('mFsc', 'fwFsc', 'mIoU', 'fwIoU'))
    # Changing the prediction only where the label is ignored changes nothing.
    preds2 = [np.where(g == 255, (p + 1) % NUM_CLASSES, p) for p, g in zip(preds, labels)]
    assert run_metric(preds2, labels,
                      fscore_metrics=('mFsc', 'fwFsc', 'mIoU', 'fwIoU')) == base


def test_limits_perfect_and_absent_class():
    g = np.array([[0, 0, 1], [2, 255, 1]])
    out = run_metric([g.copy()], [g], fscore_metrics=('mFsc', 'fwFsc', 'mIoU', 'fwIoU'))
    # Class 3 is in neither map: excluded from the means, weight 0 in fw*.
    assert out == dict(mFsc=100.0, fwFsc=100.0, mIoU=100.0, fwIoU=100.0)
    # A class predicted but absent from the labels scores 0 and lowers the mean only.
    p = g.copy()
    p[0, 0] = 3
    out = run_metric([p], [g], fscore_metrics=('mFsc', 'mIoU'))
    assert out['mIoU'] == pytest.approx(round(100 * (0.5 + 1 + 1 + 0) / 4, 2))


def test_frequency_weighting_differs_from_mean():
    # Big class perfect, small class wrong: fw* near 100, m* much lower.
    g = np.zeros((10, 10), dtype=np.int64)
    g[0, :2] = 1
    p = np.zeros_like(g)
    out = run_metric([p], [g], fscore_metrics=('mFsc', 'fwFsc', 'mIoU', 'fwIoU'))
    assert out['fwIoU'] == pytest.approx(round(100 * 0.98 * 0.98, 2))
    assert out['mIoU'] == pytest.approx(49.0)
    assert out['fwFsc'] > out['mFsc']


def test_default_keys_coexist_with_iou_metric():
    preds, labels = random_maps(4)
    evaluator = Evaluator([dict(type='mmseg.IoUMetric', iou_metrics=['mIoU']),
                           dict(type='mmseg.FrequencyWeightedFscoreMetric')])
    evaluator.dataset_meta = dict(classes=[f'c{i}' for i in range(NUM_CLASSES)])
    for p, g in zip(preds, labels):
        evaluator.process([make_sample(p, g)])
    out = evaluator.evaluate(len(preds))
    assert set(out) == {'aAcc', 'mIoU', 'mAcc', 'mFsc', 'fwFsc', 'fwIoU'}
    ref = reference_scores(preds, labels, NUM_CLASSES)
    assert out['mIoU'] == pytest.approx(round(ref['mIoU'] * 100, 2))


def test_bad_metric_name_names_key():
    with pytest.raises(ValueError, match='fscore_metrics'):
        METRICS.build(dict(type='FrequencyWeightedFscoreMetric', fscore_metrics=['mDice']))
