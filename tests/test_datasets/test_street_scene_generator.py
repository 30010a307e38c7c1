import json
import os
import os.path as osp

import cv2
import numpy as np
import pytest

from mmkd_ext.datasets.street_scene_generator import (CLASSES, DEPTH_SCALE,
                                                      MAX_DEPTH_M, PALETTE,
                                                      generate_dataset,
                                                      generate_scene, scene_rng)

ROAD, BUILDING, POLE, SKY, OBSTACLE, POSTER = (
    CLASSES.index(name)
    for name in ('road', 'building', 'pole', 'sky', 'obstacle', 'poster'))


@pytest.fixture(scope='module')
def scenes():
    return [generate_scene(np.random.default_rng([3, i])) for i in range(30)]


def _row_runs(mask: np.ndarray) -> np.ndarray:
    """Lengths of the horizontal runs of True pixels."""
    padded = np.pad(mask.astype(np.int8), ((0, 0), (1, 1)))
    diff = np.diff(padded, axis=1)
    starts, ends = np.nonzero(diff == 1), np.nonzero(diff == -1)
    return ends[1] - starts[1]


def _depth_ratios(label: np.ndarray, depth: np.ndarray, cls: int) -> list:
    """Depth of each blob of ``cls`` relative to the facade pixels right
    above / below it (a side wall has one depth per image column)."""
    num, blobs = cv2.connectedComponents((label == cls).astype(np.uint8))
    ratios = []
    for blob in range(1, num):
        inside = blobs == blob
        around = cv2.dilate(
            inside.astype(np.uint8), np.ones(
                (9, 1), np.uint8)).astype(bool) & (
                    label == BUILDING)
        cols = np.nonzero(inside.any(0) & around.any(0))[0]
        if len(cols) >= 3:
            ratios.append(
                np.median([
                    np.median(depth[inside[:, c], c]) /
                    np.median(depth[around[:, c], c]) for c in cols
                ]))
    return ratios


@pytest.mark.parametrize('size', [(64, 128), (128, 256), (96, 160)])
def test_shapes_and_dtypes(size):
    image, label, depth = generate_scene(np.random.default_rng(0), *size)
    assert image.shape == size + (3, ) and image.dtype == np.uint8
    assert label.shape == size and label.dtype == np.uint8
    assert depth.shape == size and depth.dtype == np.uint16


def test_deterministic_by_seed():
    first = generate_scene(np.random.default_rng(5), 64, 128)
    again = generate_scene(np.random.default_rng(5), 64, 128)
    other = generate_scene(np.random.default_rng(6), 64, 128)
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[0], other[0])
    assert not np.array_equal(first[1], other[1])


def test_labels_cover_all_classes(scenes):
    assert len(PALETTE) == len(CLASSES)
    seen = set()
    for _, label, _ in scenes:
        assert label.max() < len(CLASSES)
        seen.update(np.unique(label).tolist())
    assert seen == set(range(len(CLASSES)))


def test_obstacle_or_poster_in_most_scenes(scenes):
    with_board = [
        np.isin(label, (OBSTACLE, POSTER)).any() for _, label, _ in scenes
    ]
    assert np.mean(with_board) >= 0.8
    sizes = [(label == cls).sum() for _, label, _ in scenes
             for cls in (OBSTACLE, POSTER)]
    assert np.mean(sizes) > 150  # boards are not tiny


def test_poles_are_thin(scenes):
    runs = np.concatenate([_row_runs(label == POLE) for _, label, _ in scenes])
    assert len(runs) > 100
    # Vertical posts are at most 4 px wide; only the short rows of the
    # horizontal lamp arms are longer.
    assert np.median(runs) <= 4
    assert np.mean(runs <= 4) > 0.9


def test_depth_perspective(scenes):
    for _, label, depth in scenes:
        assert (depth[label == SKY] == MAX_DEPTH_M * DEPTH_SCALE).all()
        assert depth.min() > 0 and depth.max() <= MAX_DEPTH_M * DEPTH_SCALE
        rows = np.nonzero((label == ROAD).any(1))[0]
        near = depth[rows[-5:]][label[rows[-5:]] == ROAD]
        far = depth[rows[:5]][label[rows[:5]] == ROAD]
        assert np.median(near) < np.median(far)


def _colour_accuracy(scenes: list, cls_a: int, cls_b: int) -> float:
    """Balanced accuracy of a colour-histogram classifier telling two classes
    apart, fitted on the first half of ``scenes`` and scored on the rest."""

    def colour_codes(part, cls):
        codes = [(image[label == cls] // 32).astype(np.int64)
                 for image, label, _ in part]
        codes = np.concatenate(codes)
        return codes[:, 0] * 64 + codes[:, 1] * 8 + codes[:, 2]

    half = len(scenes) // 2
    hist = {}
    for cls in (cls_a, cls_b):
        codes = colour_codes(scenes[:half], cls)
        hist[cls] = (np.bincount(codes, minlength=512) + 1) / len(codes)
    accuracy = []
    for cls, other in ((cls_a, cls_b), (cls_b, cls_a)):
        codes = colour_codes(scenes[half:], cls)
        accuracy.append(np.mean(hist[cls][codes] > hist[other][codes]))
    return float(np.mean(accuracy))


def test_rgb_confuses_obstacle_and_poster(scenes):
    pair = _colour_accuracy(scenes, OBSTACLE, POSTER)
    others = [
        _colour_accuracy(scenes, a, b) for a in range(len(CLASSES))
        for b in range(a + 1, len(CLASSES)) if {a, b} != {OBSTACLE, POSTER}
    ]
    # Pixel colours tell obstacles from posters at chance level, while most
    # other class pairs are told apart easily.
    assert pair < 0.65
    assert pair < np.median(others) - 0.15


def test_depth_separates_obstacle_from_poster(scenes):
    obstacle = sum((_depth_ratios(label, depth, OBSTACLE)
                    for _, label, depth in scenes), [])
    poster = sum((_depth_ratios(label, depth, POSTER)
                  for _, label, depth in scenes), [])
    assert len(obstacle) >= 10 and len(poster) >= 10
    # Posters are flush with their facade, obstacles stand well in front.
    np.testing.assert_allclose(poster, 1, atol=0.02)
    assert max(obstacle) < 0.92
    assert np.median(obstacle) < 0.8


def _read_split(root: str, split: str) -> dict:
    files = {}
    for sub in ('img_dir', 'ann_dir', 'depth_dir'):
        folder = osp.join(root, sub, split)
        for name in sorted(os.listdir(folder)):
            with open(osp.join(folder, name), 'rb') as f:
                files[(sub, name)] = f.read()
    return files


def test_generate_dataset_layout_and_content(tmp_path):
    root = generate_dataset(
        str(tmp_path), num_train=3, num_val=2, seed=1, height=32, width=64)
    assert root == str(tmp_path)
    for sub in ('img_dir', 'ann_dir', 'depth_dir'):
        assert sorted(os.listdir(tmp_path / sub / 'train')) == [
            '00000.png', '00001.png', '00002.png'
        ]
        assert len(os.listdir(tmp_path / sub / 'val')) == 2
    image, label, depth = generate_scene(scene_rng(1, 'val', 1), 32, 64)
    name = '00001.png'
    saved_bgr = cv2.imread(str(tmp_path / 'img_dir' / 'val' / name))
    np.testing.assert_array_equal(saved_bgr[..., ::-1], image)
    np.testing.assert_array_equal(
        cv2.imread(
            str(tmp_path / 'ann_dir' / 'val' / name), cv2.IMREAD_UNCHANGED),
        label)
    saved_depth = cv2.imread(
        str(tmp_path / 'depth_dir' / 'val' / name), cv2.IMREAD_UNCHANGED)
    assert saved_depth.dtype == np.uint16
    np.testing.assert_array_equal(saved_depth, depth)


def test_generate_dataset_reproducible_and_order_free(tmp_path):
    small = generate_dataset(
        str(tmp_path / 'a'),
        num_train=2,
        num_val=1,
        seed=4,
        height=32,
        width=64)
    large = generate_dataset(
        str(tmp_path / 'b'),
        num_train=4,
        num_val=1,
        seed=4,
        height=32,
        width=64)
    small_files, large_files = (_read_split(small, 'train'),
                                _read_split(large, 'train'))
    assert len(large_files) == 12
    assert all(large_files[key] == data for key, data in small_files.items())
    assert _read_split(small, 'val') == _read_split(large, 'val')
    other = generate_dataset(
        str(tmp_path / 'c'),
        num_train=2,
        num_val=1,
        seed=5,
        height=32,
        width=64)
    assert _read_split(other, 'train') != small_files


def test_generate_dataset_skips_or_regenerates(tmp_path):
    kwargs = dict(num_train=2, num_val=1, seed=0, height=32, width=64)
    generate_dataset(str(tmp_path), **kwargs)
    marker = json.loads((tmp_path / '.complete').read_text())
    assert marker['num_train'] == 2 and marker['seed'] == 0
    first = tmp_path / 'img_dir' / 'train' / '00000.png'
    first.unlink()
    generate_dataset(str(tmp_path), **kwargs)
    assert not first.exists()  # parameters match: nothing is rewritten

    kwargs['num_train'] = 1
    generate_dataset(str(tmp_path), **kwargs)
    assert os.listdir(tmp_path / 'img_dir' / 'train') == ['00000.png']
    assert os.listdir(tmp_path / 'depth_dir' / 'train') == ['00000.png']
    assert json.loads((tmp_path / '.complete').read_text())['num_train'] == 1
