"""X-modality loading and synchronised geometric transforms."""
import cv2
import numpy as np
import pytest
from mmengine.registry import init_default_scope
from mmseg.registry import TRANSFORMS

from mmkd_ext.datasets import ConcatXModality, LoadXModalityFromFile, WithXModality


def _sample(tmp_path, h=8, w=12):
    rng = np.random.default_rng(0)
    img = rng.integers(0, 255, (h, w, 3), dtype=np.uint8)
    depth = (np.arange(h * w).reshape(h, w) * 100 + 500).astype(np.uint16)
    label = (np.arange(h * w).reshape(h, w) % 7).astype(np.uint8)
    cv2.imwrite(str(tmp_path / 'd.png'), depth)
    np.save(tmp_path / 'n.npy', rng.standard_normal((h, w, 3)).astype(np.float32))
    return dict(img=img, gt_seg_map=label, seg_fields=['gt_seg_map'],
                img_shape=(h, w), ori_shape=(h, w),
                depth_path=str(tmp_path / 'd.png'), normal_path=str(tmp_path / 'n.npy'))


def test_load_png_scale_and_npy(tmp_path):
    results = LoadXModalityFromFile(scale=1000.0)(_sample(tmp_path))
    assert results['x_img'].shape == (8, 12, 1) and results['x_img'].dtype == np.float32
    assert np.isclose(results['x_img'][0, 1, 0], 0.6)
    normals = LoadXModalityFromFile(key='normal_path', scale=2.0, shift=1.0)(_sample(tmp_path))
    raw = np.load(tmp_path / 'n.npy')
    assert np.allclose(normals['x_img'], raw / 2 + 1)
    with pytest.raises(KeyError, match='LoadXModalityFromFile.key'):
        LoadXModalityFromFile(key='disp_path')(_sample(tmp_path))


def test_geometry_applies_to_image_x_and_label_alike(tmp_path):
    init_default_scope('mmseg')
    results = LoadXModalityFromFile()(_sample(tmp_path))
    img0, x0, seg0 = results['img'].copy(), results['x_img'].copy(), results['gt_seg_map'].copy()
    wrapped = WithXModality(transforms=[
        dict(type='RandomCrop', crop_size=(5, 7)), dict(type='RandomFlip', prob=1.0)])
    out = wrapped(results)
    # find the crop offset from the (unique) depth values, then check all three agree
    x = out['x_img'][..., 0]
    assert out['img'].dtype == np.uint8 and out['img'].shape == (5, 7, 3)
    y0, x0_ = np.argwhere(x0[..., 0] == x[0, -1])[0]
    assert np.array_equal(x, x0[y0:y0 + 5, x0_:x0_ + 7, 0][:, ::-1])
    assert np.array_equal(out['img'], img0[y0:y0 + 5, x0_:x0_ + 7][:, ::-1])
    assert np.array_equal(out['gt_seg_map'], seg0[y0:y0 + 5, x0_:x0_ + 7][:, ::-1])


def test_resize_and_photometric_only_on_image(tmp_path):
    init_default_scope('mmseg')
    results = LoadXModalityFromFile()(_sample(tmp_path))
    results = WithXModality([dict(type='Resize', scale=(24, 16), keep_ratio=True)])(results)
    assert results['img'].shape == (16, 24, 3) and results['x_img'].shape == (16, 24, 1)
    assert results['gt_seg_map'].shape == (16, 24)
    x_before = results['x_img'].copy()
    results = TRANSFORMS.build(dict(type='PhotoMetricDistortion'))(results)
    assert np.array_equal(results['x_img'], x_before)
    packed = ConcatXModality()(results)
    assert packed['img'].shape == (16, 24, 4) and 'x_img' not in packed
    assert np.array_equal(packed['img'][..., 3:], x_before)


def test_wrapper_needs_x():
    with pytest.raises(KeyError, match='LoadXModalityFromFile'):
        WithXModality([])(dict(img=np.zeros((2, 2, 3), np.uint8)))
