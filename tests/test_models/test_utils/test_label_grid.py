"""Labels on a coarser grid: each cell gets its majority (or centre) label, not its corner."""
import itertools

import pytest
import torch

from mmkd_ext.models.utils import labels_to_grid


def reference_majority(labels, h, w, ignore=255):
    """Pixel loops: cell (i, j) holds pixels y with floor(y h / H) = i (same for x)."""
    b, H, W = labels.shape
    out = torch.full((b, h, w), ignore, dtype=torch.long)
    for n, i, j in itertools.product(range(b), range(h), range(w)):
        ys = [y for y in range(H) if y * h // H == i]
        xs = [x for x in range(W) if x * w // W == j]
        values = [int(labels[n, y, x]) for y in ys for x in xs if labels[n, y, x] != ignore]
        if values:
            counts = {v: values.count(v) for v in values}
            out[n, i, j] = min(v for v in counts if counts[v] == max(counts.values()))
    return out


def test_known_map_majority_centre_and_the_old_corner():
    labels = torch.zeros(1, 4, 8, dtype=torch.long)
    labels[0, :, 2:] = 1
    labels[0, :3, 4:] = 2
    labels[0, 3, 6:] = 3
    # (h, w) = (2, 4): 2x2-pixel cells; the lower cells at columns 4-5 and 6-7 hold
    # {2, 2, 1, 1} and {2, 2, 3, 3}: ties go to the smaller id
    majority = labels_to_grid(labels, (2, 4))
    assert majority.tolist() == [[[0, 1, 2, 2], [0, 1, 1, 2]]]
    centre = labels_to_grid(labels, (2, 4), 'centre')       # pixel (1, 1) of each cell
    assert centre.tolist() == [[[0, 1, 2, 2], [0, 1, 1, 3]]]
    corner = labels_to_grid(labels, (2, 4), 'nearest')      # pixel (0, 0): half a cell off
    assert corner.tolist() == [[[0, 1, 2, 2], [0, 1, 2, 2]]]
    assert labels_to_grid(labels, (4, 8)) is not None and torch.equal(
        labels_to_grid(labels, (4, 8)), labels)


def test_majority_beats_the_corner_on_a_shifted_edge():
    """An edge one pixel into a stride-4 cell: the corner pixel reports the minority."""
    labels = torch.zeros(1, 4, 4, dtype=torch.long)
    labels[0, :, 1:] = 5
    assert labels_to_grid(labels, (1, 1)).item() == 5
    assert labels_to_grid(labels, (1, 1), 'nearest').item() == 0


@pytest.mark.parametrize('size', [(3, 5), (2, 2), (4, 3)])
def test_majority_matches_pixel_loops_with_ignore(size):
    g = torch.Generator().manual_seed(sum(size))
    labels = torch.randint(0, 4, (2, 9, 10), generator=g)
    labels[0, :5, :5] = 255                          # a cell of ignored pixels only
    labels[1, ::2] = 255
    assert torch.equal(labels_to_grid(labels, size), reference_majority(labels, *size))


def test_upsampling_repeats_labels_and_bad_mode_names_the_key():
    labels = torch.tensor([[[0, 1], [2, 255]]])
    up = labels_to_grid(labels, (4, 4))
    assert up.tolist() == [[[0, 0, 1, 1], [0, 0, 1, 1], [2, 2, 255, 255], [2, 2, 255, 255]]]
    with pytest.raises(ValueError, match="labels_to_grid mode='top-left'"):
        labels_to_grid(labels, (1, 1), 'top-left')
