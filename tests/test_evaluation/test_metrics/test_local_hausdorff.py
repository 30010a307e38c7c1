"""LHD (BCKD Eq. 24-25) against a brute-force float64 reference on tiny label maps."""
import numpy as np
import pytest
import torch
from mmengine.structures import PixelData
from mmseg.registry import METRICS
from mmseg.structures import SegDataSample

from mmkd_ext.evaluation.metrics.local_hausdorff import (LocalHausdorffMetric,
                                                         label_boundary, local_hausdorff)


def reference_boundary(label, ignore=255):
    h, w = label.shape
    out = np.zeros((h, w), bool)
    for y in range(h):
        for x in range(w):
            if label[y, x] == ignore:
                continue
            for dy, dx in ((0, 1), (1, 0), (0, -1), (-1, 0)):
                yy, xx = y + dy, x + dx
                if 0 <= yy < h and 0 <= xx < w and label[yy, xx] not in (ignore, label[y, x]):
                    out[y, x] = True
    return out


def reference_lhd(bd_p, bd_g, r, mode):
    """Eq. (24)-(25) with explicit point sets and loops."""
    P = np.argwhere(bd_p).astype(np.float64)
    G = np.argwhere(bd_g).astype(np.float64)
    if len(P) == 0:
        return None
    values = []
    for p in P:
        d = np.sqrt(((G - p) ** 2).sum(1)) if len(G) else np.zeros(0)
        d = d[d <= r]
        if len(d) == 0:
            values.append(float(r))
        elif mode == 'paper':
            values.append(min(d.max(), np.median(d)))
        else:
            values.append(d.min())
    v = np.array(values)
    return (v * (v <= v.mean() + 2 * v.std())).sum() / len(v)


def blocks(seed, size=(12, 14), classes=3):
    """A coarse random label map (blocks of 3x3 upsampled), a few ignore pixels."""
    g = np.random.default_rng(seed)
    lab = g.integers(0, classes, (size[0] // 3 + 1, size[1] // 3 + 1)).repeat(3, 0).repeat(3, 1)
    lab = lab[:size[0], :size[1]].copy()
    lab[g.random(size) < 0.05] = 255
    return lab


def test_boundary_matches_reference():
    for seed in range(3):
        lab = blocks(seed)
        assert np.array_equal(label_boundary(torch.from_numpy(lab)).numpy(),
                              reference_boundary(lab))


@pytest.mark.parametrize('mode', ['paper', 'nearest'])
@pytest.mark.parametrize('radius', [1.0, 2.5, 4.0])
def test_lhd_matches_reference(mode, radius):
    for seed in range(4):
        bd_p = reference_boundary(blocks(seed))
        bd_g = reference_boundary(blocks(seed + 10))
        got = local_hausdorff(torch.from_numpy(bd_p), torch.from_numpy(bd_g), radius, mode)
        assert got == pytest.approx(reference_lhd(bd_p, bd_g, radius, mode), rel=1e-12)


def test_lhd_limiting_cases():
    bd = torch.from_numpy(reference_boundary(blocks(1)))
    assert local_hausdorff(bd, bd, 3.0, 'nearest') == 0.0   # identical boundaries
    assert local_hausdorff(bd, torch.zeros_like(bd), 3.0) == pytest.approx(3.0)  # nothing near
    assert local_hausdorff(torch.zeros_like(bd), bd) is None
    # a boundary shifted by 2 pixels: every nearest distance is 2 (vertical line)
    a, b = torch.zeros(10, 10, dtype=torch.bool), torch.zeros(10, 10, dtype=torch.bool)
    a[:, 3], b[:, 5] = True, True
    assert local_hausdorff(a, b, 5.0, 'nearest') == pytest.approx(2.0)


def sample(pred, gt):
    s = SegDataSample()
    s.pred_sem_seg = PixelData(data=torch.as_tensor(pred)[None])
    s.gt_sem_seg = PixelData(data=torch.as_tensor(gt)[None])
    return s.to_dict()


def test_metric_over_images_and_ignore():
    metric = METRICS.build(dict(type='LocalHausdorffMetric', radius=3.0))
    assert isinstance(metric, LocalHausdorffMetric)
    preds, gts = [blocks(s) for s in (0, 1)], [blocks(s) for s in (5, 6)]
    metric.process({}, [sample(p, g) for p, g in zip(preds, gts)])
    expected = []
    for p, g in zip(preds, gts):
        p = np.where(g == 255, 255, p)
        expected.append(reference_lhd(reference_boundary(p), reference_boundary(g), 3.0, 'paper'))
    assert metric.compute_metrics(metric.results)['LHD'] == pytest.approx(
        np.mean(expected), abs=1e-4)
    # a prediction that is all one class has no boundary: the image is skipped
    empty = LocalHausdorffMetric()
    empty.process({}, [sample(np.zeros((6, 6), np.int64), blocks(0, (6, 6)))])
    assert empty.results == [] and np.isnan(empty.compute_metrics([])['LHD'])


def test_bad_arguments_name_the_key():
    with pytest.raises(ValueError, match='LocalHausdorffMetric.mode'):
        LocalHausdorffMetric(mode='mean')
    with pytest.raises(ValueError, match='LocalHausdorffMetric.radius'):
        LocalHausdorffMetric(radius=0.5)
