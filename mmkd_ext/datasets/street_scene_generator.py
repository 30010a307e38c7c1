"""Procedural, deterministic street scenes with aligned depth maps.

Every scene is rendered with a pinhole camera looking down a straight street
(the vanishing point lies on the horizon row) and a z-buffer, so labels, RGB
and depth are pixel-aligned by construction. World coordinates: ``X`` to the
right, ``Y`` up (metres above the ground) and ``Z`` forward (the depth).

Classes (index: name, content):

* 0 ``road``: asphalt with dashed centre / lane lines, edge lines and
  occasional zebra crossings (markings belong to the road).
* 1 ``sidewalk``: paved strips between the kerbs and the facades.
* 2 ``building``: facades along both sides (and sometimes across the far end
  of the street) with window grids and shop fronts.
* 3 ``pole``: thin vertical posts (1-4 px wide), some with a thin lamp arm.
* 4 ``vegetation``: hedges between buildings and trees (trunk + canopy) on
  the sidewalks.
* 5 ``sky``: gradient with clouds.
* 6 ``car``: cars (body, cabin, wheels, lights) driving on the lanes.
* 7 ``person``: pedestrians, a few pixels to a few tens of pixels tall.
* 8 ``obstacle``: a free-standing board (hoarding) standing on the sidewalk,
  parallel to the facade and clearly nearer to the camera than the facade.
* 9 ``poster``: a flat poster painted on a facade. Its colours, patterns and
  image-plane size/position are drawn from the same distributions as the
  ``obstacle`` boards, so RGB alone hardly separates the two classes, while
  the depth map does: a poster has exactly the depth of its facade, an
  obstacle is nearer than the facade behind it (median ~70 % of its depth).

No pixel is labelled 255 (ignore).

Depth is stored as uint16 in millimetres (``DEPTH_SCALE = 1000`` units per
metre) and saturates at ``MAX_DEPTH_M`` (65 m, the largest range uint16
millimetres can hold); the sky and anything farther read ``MAX_DEPTH_M``.
Non-sky depth carries mild multiplicative noise (0.5 % std).
"""
import colorsys
import json
import os
import os.path as osp
import shutil
from dataclasses import dataclass
from typing import List, Optional, Tuple

import cv2
import numpy as np

CLASSES = ('road', 'sidewalk', 'building', 'pole', 'vegetation', 'sky', 'car',
           'person', 'obstacle', 'poster')
PALETTE = [[128, 64, 128], [244, 35, 232], [70, 70, 70], [153, 153, 153],
           [107, 142, 35], [70, 130, 180], [0, 0, 142], [220, 20, 60],
           [255, 160, 0], [0, 210, 210]]
(ROAD, SIDEWALK, BUILDING, POLE, VEGETATION, SKY, CAR, PERSON, OBSTACLE,
 POSTER) = range(len(CLASSES))

DEPTH_SCALE = 1000
MAX_DEPTH_M = 65.0
GENERATOR_VERSION = 1

_SPLIT_IDS = dict(train=0, val=1)
_DEPTH_NOISE = 0.005
_NEVER = 1e6  # depth (m) standing for "the ray misses this plane"
# Per-class amplitude of the pixel texture noise (obstacle == poster).
_TEXTURE_NOISE = np.array(
    [0.07, 0.06, 0.05, 0.04, 0.16, 0.01, 0.03, 0.04, 0.05, 0.05], np.float32)
_FACADE_TONES = np.array(
    [[196, 176, 146], [158, 84, 62], [204, 202, 196], [122, 122, 128],
     [214, 192, 150], [150, 118, 98], [182, 152, 160], [138, 158, 170]],
    np.float32)
_CAR_TONES = np.array(
    [[230, 230, 232], [30, 30, 34], [160, 162, 168], [150, 24, 28],
     [30, 60, 130], [70, 72, 78], [200, 190, 170], [40, 90, 60]], np.float32)
_SKIN_TONES = np.array(
    [[230, 190, 160], [200, 150, 110], [150, 100, 70], [95, 65, 45]],
    np.float32)


@dataclass(frozen=True)
class _Camera:
    """Pinhole camera at height ``eye`` looking along +Z."""
    height: int
    width: int
    focal: float
    cx: float
    horizon: float
    eye: float

    def project(self, x: float, y: float, z: float) -> Tuple[float, float]:
        return (self.cx + self.focal * x / z,
                self.horizon + self.focal * (self.eye - y) / z)


@dataclass(frozen=True)
class _Window:
    """A rectangular pixel window with its pixel-centre offsets from the
    vanishing point (``u`` is 1 x w, ``v`` is h x 1)."""
    rows: slice
    cols: slice
    u: np.ndarray
    v: np.ndarray


@dataclass(frozen=True)
class _Light:
    """Directional sun (unit vector towards it) plus ambient light."""
    sun: np.ndarray
    ambient: float

    def shade(self, normal) -> float:
        return self.ambient + (1 - self.ambient) * max(
            0.0, float(np.dot(normal, self.sun)))


@dataclass(frozen=True)
class _FacadeRow:
    """Consecutive facade segments along one wall plane.

    Segment ``i`` covers ``[start[i], start[i + 1])`` along the wall;
    ``kind`` is BUILDING or VEGETATION.
    """
    start: np.ndarray
    kind: np.ndarray
    top: np.ndarray
    colour: np.ndarray
    glass: np.ndarray
    spacing: np.ndarray
    floor: np.ndarray
    ground: np.ndarray
    phase: np.ndarray


@dataclass(frozen=True)
class _Board:
    """Appearance shared by obstacle boards and posters."""
    base: np.ndarray
    accent: np.ndarray
    pattern: int
    stripes: int


@dataclass(frozen=True)
class _Street:
    road: Tuple[float, float]
    centre: float
    two_lanes: bool
    facade: Tuple[float, float]
    rows: Tuple[_FacadeRow, _FacadeRow]
    far_row: Optional[_FacadeRow]
    far_z: float
    zebra_z: Optional[float]


class _Canvas:
    """RGB, label and z-buffer being rendered."""

    def __init__(self, height: int, width: int) -> None:
        self.rgb = np.zeros((height, width, 3), np.float32)
        self.label = np.full((height, width), SKY, np.uint8)
        self.depth = np.full((height, width), np.inf, np.float32)

    def paint(self, win: _Window, mask: np.ndarray, depth, rgb, label) -> None:
        """Write the pixels of ``mask`` that pass the depth test."""
        zbuf = self.depth[win.rows, win.cols]
        depth = np.broadcast_to(depth, mask.shape)
        visible = mask & (depth < zbuf)
        zbuf[visible] = depth[visible]
        rgb = np.broadcast_to(rgb, mask.shape + (3, ))
        self.rgb[win.rows, win.cols][visible] = rgb[visible]
        self.label[win.rows,
                   win.cols][visible] = np.broadcast_to(label,
                                                        mask.shape)[visible]

    def decal(self, win: _Window, mask: np.ndarray, rgb, label: int) -> None:
        """Overwrite colour and label of ``mask`` without touching depth."""
        self.rgb[win.rows,
                 win.cols][mask] = np.broadcast_to(rgb,
                                                   mask.shape + (3, ))[mask]
        self.label[win.rows, win.cols][mask] = label


def _window(cam: _Camera, x0: float, x1: float, y0: float,
            y1: float) -> Optional[_Window]:
    """Pixel window covering image coordinates ``[x0, x1] x [y0, y1]``."""
    c0, c1 = max(int(np.floor(x0)), 0), min(int(np.ceil(x1)) + 1, cam.width)
    r0, r1 = max(int(np.floor(y0)), 0), min(int(np.ceil(y1)) + 1, cam.height)
    if c0 >= c1 or r0 >= r1:
        return None
    u = np.arange(c0, c1, dtype=np.float32)[None] + 0.5 - cam.cx
    v = np.arange(r0, r1, dtype=np.float32)[:, None] + 0.5 - cam.horizon
    return _Window(slice(r0, r1), slice(c0, c1), u, v)


def _box_window(cam: _Camera, corners) -> Optional[_Window]:
    """Window around the projections of world points (all with z > 0)."""
    xs, ys = zip(*(cam.project(*c) for c in corners))
    return _window(cam, min(xs), max(xs), min(ys), max(ys))


def _hsv(h: float, s: float, v: float) -> np.ndarray:
    return np.array(colorsys.hsv_to_rgb(h % 1.0, s, v), np.float32) * 255


def _hash(*keys: np.ndarray) -> np.ndarray:
    """Deterministic integer hash of integer arrays, mapped to [0, 1)."""
    h = np.zeros(np.broadcast(*keys).shape, np.int64)
    for key, prime in zip(keys, (73856093, 19349663, 83492791)):
        h = h ^ (np.asarray(key, np.int64) * prime)
    return (h % 1021) / 1021.0


def _smooth_noise(rng: np.random.Generator, height: int, width: int,
                  cells: Tuple[int, int]) -> np.ndarray:
    """Bilinearly upsampled Gaussian noise with ``cells`` grid cells."""
    grid = rng.standard_normal((cells[0] + 1, cells[1] + 1)).astype(np.float32)
    ys = np.linspace(0, cells[0], height, dtype=np.float32)
    xs = np.linspace(0, cells[1], width, dtype=np.float32)
    y0 = np.minimum(ys.astype(np.int64), cells[0] - 1)
    x0 = np.minimum(xs.astype(np.int64), cells[1] - 1)
    wy, wx = (ys - y0)[:, None], (xs - x0)[None]
    top = grid[y0][:, x0] * (1 - wx) + grid[y0][:, x0 + 1] * wx
    bottom = grid[y0 + 1][:, x0] * (1 - wx) + grid[y0 + 1][:, x0 + 1] * wx
    return top * (1 - wy) + bottom * wy


# --------------------------------------------------------------- sampling --
def _sample_camera(rng: np.random.Generator, height: int,
                   width: int) -> _Camera:
    return _Camera(
        height=height,
        width=width,
        focal=width * rng.uniform(0.45, 0.58),
        cx=width * rng.uniform(0.44, 0.56),
        horizon=height * rng.uniform(0.36, 0.47),
        eye=rng.uniform(1.3, 1.8))


def _sample_light(rng: np.random.Generator) -> _Light:
    elevation = rng.uniform(0.3, 1.0)
    azimuth = rng.uniform(-np.pi, np.pi)
    sun = np.array([
        np.cos(elevation) * np.sin(azimuth),
        np.sin(elevation),
        np.cos(elevation) * np.cos(azimuth)
    ])
    overcast = rng.random() < 0.25
    return _Light(
        sun,
        rng.uniform(0.75, 0.9) if overcast else rng.uniform(0.45, 0.65))


def _sample_facade_row(rng: np.random.Generator, begin: float, end: float,
                       hedge_prob: float) -> _FacadeRow:
    """Buildings (and hedges with probability ``hedge_prob``) along a wall."""
    segs = []
    pos = begin
    while pos < end:
        hedge = rng.random() < hedge_prob
        tone = _FACADE_TONES[rng.integers(len(_FACADE_TONES))]
        segs.append(
            dict(
                start=pos,
                kind=VEGETATION if hedge else BUILDING,
                top=rng.uniform(2.0, 4.5) if hedge else rng.uniform(6, 24),
                colour=(_hsv(
                    rng.uniform(0.2, 0.33), rng.uniform(0.5, 0.8),
                    rng.uniform(0.3, 0.5)) if hedge else np.clip(
                        tone + rng.uniform(-18, 18, 3), 0, 255)),
                glass=rng.uniform(35, 80) * np.array([0.85, 0.95, 1.1]) *
                rng.uniform(0.9, 1.1, 3),
                spacing=rng.uniform(2.4, 4.2),
                floor=rng.uniform(2.9, 3.6),
                ground=rng.uniform(3.2, 4.6),
                phase=rng.uniform(0, 2 * np.pi)))
        pos += rng.uniform(4, 10) if hedge else rng.uniform(7, 26)
    fields = {
        key: np.array([seg[key] for seg in segs], np.float32)
        for key in segs[0]
    }
    fields['kind'] = fields['kind'].astype(np.uint8)
    return _FacadeRow(**fields)


def _sample_street(rng: np.random.Generator) -> _Street:
    half = rng.uniform(3.2, 6.0)
    centre = -rng.uniform(0.15, 0.6) * half
    road = (centre - half, centre + half)
    facade = (road[0] - rng.uniform(3.0, 5.0), road[1] + rng.uniform(3.0, 5.0))
    far_z = rng.uniform(35, 60) if rng.random() < 0.5 else 250.0
    far_row = None
    if far_z < 250.0:
        far_row = _sample_facade_row(rng, -120.0, 120.0, hedge_prob=0.1)
    return _Street(
        road=road,
        centre=centre,
        two_lanes=half > 5.0,
        facade=facade,
        rows=(_sample_facade_row(rng, 0.0, far_z, 0.15),
              _sample_facade_row(rng, 0.0, far_z, 0.15)),
        far_row=far_row,
        far_z=far_z,
        zebra_z=rng.uniform(8, 25) if rng.random() < 0.3 else None)


def _sample_board(rng: np.random.Generator) -> _Board:
    hue = rng.random()
    return _Board(
        base=_hsv(hue, rng.uniform(0.45, 0.9), rng.uniform(0.55, 0.95)),
        accent=_hsv(hue + rng.uniform(0.3, 0.7), rng.uniform(0.2, 0.9),
                    rng.uniform(0.3, 1.0)),
        pattern=int(rng.integers(4)),
        stripes=int(rng.integers(2, 5)))


def _sample_board_footprint(rng: np.random.Generator, cam: _Camera,
                            street: _Street,
                            side: int) -> Tuple[float, float, float, float]:
    """Lateral distance, near/far depth and height of a sidewalk board.

    The near edge is 14-38 px tall (at an image height of 128) and lies
    inside the image, which fixes its depth.
    """
    kerb, wall = abs(street.road[side]), abs(street.facade[side])
    room = cam.cx if side == 0 else cam.width - cam.cx
    while True:
        lateral = rng.uniform(kerb + 0.6, wall - 1.5)
        height = rng.uniform(1.0, 2.4)
        height_px = rng.uniform(14, 38) * cam.height / 128
        offset = height_px * lateral / height  # near edge to vanishing point
        if 0.25 * room < offset < 0.95 * room:
            break
    z_near = cam.focal * lateral / offset
    return lateral, z_near, z_near + rng.uniform(1.5, 4.0), height


def _segment_index(row: _FacadeRow, along: np.ndarray) -> np.ndarray:
    idx = np.searchsorted(row.start, along, side='right') - 1
    return np.clip(idx, 0, len(row.start) - 1)


def _sample_posters(rng: np.random.Generator, cam: _Camera, street: _Street,
                    count: int) -> list:
    """Posters occupy the image columns and pixel size of a virtual board,
    moved onto the facade (and slightly up the wall)."""
    posters = []
    for _ in range(3 * count):
        if len(posters) == count:
            break
        side = int(rng.integers(2))
        lateral, z0, z1, height = _sample_board_footprint(
            rng, cam, street, side)
        scale = abs(street.facade[side]) / lateral
        z0, z1, height = z0 * scale, z1 * scale, height * scale
        row = street.rows[side]
        idx = _segment_index(row, np.array([z0, z1]))
        if (row.kind[idx] != BUILDING).any() or idx[0] != idx[1]:
            continue
        bottom = rng.uniform(0.2, 1.5)
        if bottom + height > row.top[idx[0]] - 0.5:
            continue
        posters.append(
            (side, z0, z1, bottom, bottom + height, _sample_board(rng)))
    return posters


def _sample_obstacles(rng: np.random.Generator, cam: _Camera, street: _Street,
                      count: int) -> list:
    obstacles = []
    for _ in range(count):
        side = int(rng.integers(2))
        lateral, z0, z1, height = _sample_board_footprint(
            rng, cam, street, side)
        obstacles.append((side, lateral, z0, z1, height, _sample_board(rng)))
    return obstacles


def _lane_centres(street: _Street) -> List[float]:
    left, right = street.road
    if street.two_lanes:
        return [left + (street.centre - left) * f for f in (0.25, 0.75)] + [
            street.centre + (right - street.centre) * f for f in (0.25, 0.75)
        ]
    return [(left + street.centre) / 2, (street.centre + right) / 2]


def _sample_cars(rng: np.random.Generator, street: _Street) -> list:
    cars, taken = [], []
    for _ in range(int(rng.integers(1, 7))):
        lane = float(rng.choice(_lane_centres(street)))
        z0 = rng.uniform(7, 45)
        if any(abs(lane - x) < 1 and abs(z0 - z) < 7 for x, z in taken):
            continue
        taken.append((lane, z0))
        cars.append(
            dict(
                x=lane + rng.uniform(-0.3, 0.3),
                z=z0,
                width=rng.uniform(1.65, 1.9),
                height=rng.uniform(1.35, 1.6),
                length=rng.uniform(3.9, 4.8),
                colour=np.clip(
                    _CAR_TONES[rng.integers(len(_CAR_TONES))] +
                    rng.uniform(-12, 12, 3), 0, 255),
                away=lane > street.centre))
    return cars


def _sample_persons(rng: np.random.Generator, street: _Street) -> list:
    persons = []
    for _ in range(int(rng.integers(1, 7))):
        side = int(rng.integers(2))
        on_road = rng.random() < 0.15
        lo, hi = sorted((street.road[side], street.facade[side]))
        x = rng.uniform(
            *street.road) if on_road else rng.uniform(lo + 0.3, hi - 0.3)
        persons.append(
            dict(
                x=x,
                z=rng.uniform(6, 45),
                height=rng.uniform(1.5, 1.9),
                skin=_SKIN_TONES[rng.integers(len(_SKIN_TONES))],
                hair=rng.uniform(20, 90) * np.ones(3, np.float32),
                shirt=_hsv(rng.random(), rng.uniform(0, 0.8),
                           rng.uniform(0.2, 0.95)),
                trousers=_hsv(rng.random(), rng.uniform(0, 0.5),
                              rng.uniform(0.1, 0.6))))
    return persons


def _sample_poles(rng: np.random.Generator, cam: _Camera,
                  street: _Street) -> list:
    poles = []
    for _ in range(int(rng.integers(1, 5))):
        side = int(rng.integers(2))
        sign = -1 if side == 0 else 1
        width = rng.uniform(0.1, 0.2)
        arm = rng.uniform(1.0, 2.0) if rng.random() < 0.5 else 0.0
        poles.append(
            dict(
                x=street.road[side] + sign * rng.uniform(0.3, 0.7),
                # At least this far the pole is at most 4 px wide.
                z=rng.uniform(max(4.0, cam.focal * width / 3.9), 60),
                width=width,
                height=rng.uniform(3.0, 8.0),
                arm=-sign * arm,  # lamp arm reaching over the road
                colour=rng.uniform(60, 150) * rng.uniform(0.95, 1.05, 3)))
    return poles


def _sample_trees(rng: np.random.Generator, street: _Street) -> list:
    trees = []
    for _ in range(int(rng.integers(0, 4))):
        side = int(rng.integers(2))
        sign = -1 if side == 0 else 1
        x = street.road[side] + sign * rng.uniform(0.8, 1.6)
        z = rng.uniform(6, 45)
        crown = rng.uniform(3.5, 5.5)
        blobs = [(x + rng.uniform(-1, 1), crown + rng.uniform(-0.6, 0.8),
                  z + rng.uniform(-0.5, 0.5), rng.uniform(1.1, 2.0))
                 for _ in range(int(rng.integers(2, 5)))]
        trees.append(
            dict(
                x=x,
                z=z,
                trunk=crown - 1.0,
                width=rng.uniform(0.22, 0.35),
                blobs=blobs,
                green=_hsv(
                    rng.uniform(0.2, 0.35), rng.uniform(0.45, 0.8),
                    rng.uniform(0.3, 0.55))))
    return trees


# -------------------------------------------------------------- rendering --
def _draw_sky(canvas: _Canvas, cam: _Camera, rng: np.random.Generator) -> None:
    clear = rng.random() < 0.65
    top = (np.array([70, 125, 205]) if clear else np.array(
        [150, 155, 165])) * rng.uniform(0.85, 1.15, 3)
    low = np.array([205, 215, 228]) * rng.uniform(0.9, 1.05, 3)
    t = np.clip(
        np.arange(cam.height, dtype=np.float32) / max(cam.horizon, 1), 0,
        1)[:, None, None]
    sky = top * (1 - t) + low * t
    cloud = _smooth_noise(rng, cam.height, cam.width, (3, 6)) + 0.5 * (
        _smooth_noise(rng, cam.height, cam.width, (6, 12)))
    cover = np.clip((cloud - rng.uniform(0.2, 1.2)) * 0.8, 0, 0.85)[..., None]
    canvas.rgb[:] = sky * (1 - cover) + 235 * cover


def _draw_ground(canvas: _Canvas, cam: _Camera, light: _Light, street: _Street,
                 rng: np.random.Generator) -> None:
    first = max(int(np.ceil(cam.horizon)), 0)
    win = _window(cam, 0, cam.width, first, cam.height)
    z = cam.focal * cam.eye / win.v
    x = win.u * z / cam.focal
    left, right = street.road
    road = (x > left) & (x < right)
    fade = np.clip(1.5 - z / 20, 0, 1)  # hide sub-pixel texture far away

    asphalt = rng.uniform(70, 110) * np.array([1.0, 1.0, 1.04])
    paint = np.zeros(x.shape, bool)
    lines = [street.centre]  # solid; lane lines are dashed
    if street.two_lanes:
        lines += [(left + street.centre) / 2, (street.centre + right) / 2]
    dashed = np.mod(z, 9.0) < 3.5
    for i, line in enumerate(lines):
        paint |= (np.abs(x - line) < 0.08) & (dashed | (i == 0))
    paint |= (np.abs(x - left - 0.3) < 0.08) | (np.abs(x - right + 0.3) < 0.08)
    if street.zebra_z is not None:
        paint |= (np.abs(z - street.zebra_z - 1.75) < 1.75) & (
            np.mod(x - street.centre, 1.0) < 0.5)
    width_px = 0.16 * cam.focal / z
    mark = (paint & road) * np.clip(width_px, 0, 1)
    road_rgb = asphalt * (1 - mark[..., None]) + 225 * mark[..., None]

    paver = rng.uniform(120, 175) * rng.uniform(0.93, 1.05, 3)
    joints = (np.mod(x, 0.6) < 0.05) | (np.mod(z, 0.6) < 0.05)
    kerb = (np.abs(x - left) < 0.25) | (np.abs(x - right) < 0.25)
    walk = 1 - 0.12 * joints * fade + 0.15 * kerb
    walk_rgb = paver * walk[..., None]

    rgb = np.where(road[..., None], road_rgb, walk_rgb) * light.shade(
        (0, 1, 0))
    canvas.paint(win, np.ones(x.shape, bool), z, rgb,
                 np.where(road, ROAD, SIDEWALK))


def _facade_rgb(row: _FacadeRow, idx: np.ndarray, along: np.ndarray,
                y: np.ndarray, px_per_m: np.ndarray) -> np.ndarray:
    """Facade colour: window grid, shop fronts, cornice and segment edges.

    Window detail fades to its average colour once it gets sub-pixel.
    """
    local = along - row.start[idx]
    base, glass = row.colour[idx], row.glass[idx]
    spacing, ground = row.spacing[idx], row.ground[idx]
    level = (y - ground) / row.floor[idx]
    column = np.mod(local, spacing) / spacing
    window = ((y > ground) & (y < row.top[idx] - 1.2) &
              (np.abs(column - 0.5) < 0.22) & (np.mod(level, 1) > 0.3) &
              (np.mod(level, 1) < 0.85))
    shop = (y > 0.3) & (y < ground - 0.6) & (np.mod(local, 5.0) > 0.5) & (
        np.mod(local, 5.0) < 4.4)
    tint = 0.65 + 0.7 * _hash(np.floor(local / spacing), np.floor(level),
                              idx)[..., None]
    trim = (y > row.top[idx] - 0.5) | (local < 0.3) | (
        np.abs(y - ground) < 0.15)
    textured = np.where((window | shop)[..., None], glass * tint,
                        np.where(trim[..., None], base * 0.75, base))
    average = base * 0.8 + glass * 0.2
    alpha = np.clip(px_per_m * spacing * 0.25 - 1, 0, 1)[..., None]
    return alpha * textured + (1 - alpha) * average


def _draw_wall(canvas: _Canvas, cam: _Camera, win: _Window, row: _FacadeRow,
               along: np.ndarray, depth: np.ndarray, y: np.ndarray,
               valid: np.ndarray, shade: float) -> None:
    """Paint the facade segments of ``row`` inside ``win``.

    ``along`` (position along the wall), ``depth``, ``y`` (height) and
    ``valid`` are per-pixel arrays broadcastable to the window.
    """
    idx = _segment_index(row, along)
    kind = row.kind[idx]
    hedge_top = row.top[idx] + 0.4 * np.sin(along * 2.3 + row.phase[idx])
    top = np.where(kind == VEGETATION, hedge_top, row.top[idx])
    mask = valid & (y >= 0) & (y <= top)
    px_per_m = cam.focal / depth
    rgb = np.where((kind == VEGETATION)[..., None], row.colour[idx],
                   _facade_rgb(row, idx, along, y, px_per_m))
    canvas.paint(win, mask, depth, rgb * shade, kind)


def _side_plane(cam: _Camera, win: _Window,
                x_plane: float) -> Tuple[np.ndarray, np.ndarray]:
    """Depth and height where the pixels of ``win`` hit the plane
    ``X = x_plane`` (depth is ``_NEVER`` for pixels on the other side)."""
    z = cam.focal * x_plane / win.u
    z = np.where(z > 0, z, _NEVER).astype(np.float32)
    return z, cam.eye - win.v * z / cam.focal


def _draw_walls(canvas: _Canvas, cam: _Camera, light: _Light,
                street: _Street) -> None:
    """Paint both side walls and, if any, the wall closing the street."""
    halves = (_window(cam, 0, cam.cx, 0, cam.height),
              _window(cam, cam.cx, cam.width, 0, cam.height))
    for side, win in enumerate(halves):
        z, y = _side_plane(cam, win, street.facade[side])
        valid = z < street.far_z
        _draw_wall(canvas, cam, win, street.rows[side], z, z, y, valid,
                   light.shade((1 - 2 * side, 0, 0)))
    if street.far_row is not None:
        row, far_z = street.far_row, street.far_z
        win = _window(cam, 0, cam.width,
                      cam.project(0, row.top.max(), far_z)[1],
                      cam.project(0, 0, far_z)[1])
        if win is not None:
            x = win.u * far_z / cam.focal
            y = cam.eye - win.v * far_z / cam.focal
            _draw_wall(canvas, cam, win, row, x,
                       np.full(x.shape, far_z, np.float32), y,
                       np.ones(x.shape, bool), light.shade((0, 0, -1)))


def _board_rgb(board: _Board, s: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Board colours at relative coordinates ``s`` (along), ``t`` (up)."""
    if board.pattern == 0:
        accent = np.mod(np.floor(t * board.stripes * 2), 2) == 1
    elif board.pattern == 1:
        accent = np.minimum(np.minimum(s, 1 - s), np.minimum(t, 1 - t)) < 0.12
    elif board.pattern == 2:
        accent = (np.abs(s - 0.5) < 0.3) & (np.abs(t - 0.6) < 0.15)
    else:
        accent = s + t > 1
    return np.where(accent[..., None], board.accent, board.base)


def _board_patch(cam: _Camera, x_plane: float, z0: float, z1: float, y0: float,
                 y1: float):
    """Pixels of the rectangle ``z0..z1 x y0..y1`` on plane ``X = x_plane``.

    Returns:
        tuple: window, mask, depth and the relative coordinates ``s``, ``t``,
        or None when the rectangle is outside the image.
    """
    win = _box_window(cam,
                      [(x_plane, y, z) for y in (y0, y1) for z in (z0, z1)])
    if win is None:
        return None
    z, y = _side_plane(cam, win, x_plane)
    mask = (z >= z0) & (z <= z1) & (y >= y0) & (y <= y1)
    return win, mask, z, (z - z0) / (z1 - z0), (y - y0) / (y1 - y0)


def _draw_posters(canvas: _Canvas, cam: _Camera, light: _Light,
                  street: _Street, posters: list) -> None:
    for side, z0, z1, y0, y1, board in posters:
        patch = _board_patch(cam, street.facade[side], z0, z1, y0, y1)
        if patch is None:
            continue
        win, mask, z, s, t = patch
        on_wall = (canvas.label[win.rows, win.cols] == BUILDING) & (
            np.abs(canvas.depth[win.rows, win.cols] - z) < 1e-3 * z)
        shade = light.shade((1 if side == 0 else -1, 0, 0))
        canvas.decal(win, mask & on_wall,
                     _board_rgb(board, s, t) * shade, POSTER)


def _draw_obstacles(canvas: _Canvas, cam: _Camera, light: _Light,
                    obstacles: list) -> None:
    for side, lateral, z0, z1, height, board in obstacles:
        sign = -1 if side == 0 else 1
        patch = _board_patch(cam, sign * lateral, z0, z1, 0.0, height)
        if patch is None:
            continue
        win, mask, z, s, t = patch
        canvas.paint(win, mask, z,
                     _board_rgb(board, s, t) * light.shade((-sign, 0, 0)),
                     OBSTACLE)


def _ray_box(cam: _Camera, win: _Window, box) -> Tuple[np.ndarray, ...]:
    """Intersect the pixel rays of ``win`` with an axis-aligned box.

    Args:
        box: ``(x0, x1, y0, y1, z0, z1)`` in world coordinates.

    Returns:
        tuple: hit mask, hit depth, hit axis (0: X, 1: Y, 2: Z face) and the
        hit point's X and Y.
    """
    x0, x1, y0, y1, z0, z1 = box
    dx = win.u / cam.focal + 1e-9
    dy = -win.v / cam.focal + 1e-9
    tx = np.stack(np.broadcast_arrays(x0 / dx, x1 / dx))
    ty = np.stack(
        np.broadcast_arrays((y0 - cam.eye) / dy, (y1 - cam.eye) / dy))
    near = np.stack(np.broadcast_arrays(tx.min(0), ty.min(0), np.float32(z0)))
    far = np.minimum(np.minimum(tx.max(0), ty.max(0)), z1)
    t = near.max(0)
    hit = (t <= far) & (t > 0.5)
    return hit, t, near.argmax(0), dx * t, cam.eye + dy * t


def _draw_car_part(canvas: _Canvas, cam: _Camera, light: _Light, box,
                   colour_fn) -> None:
    """Render a box of a car; ``colour_fn(axis, x, y, shade)`` colours it."""
    x0, x1, y0, y1, z0, z1 = box
    win = _box_window(cam, [(x, y, z) for x in (x0, x1) for y in (y0, y1)
                            for z in (z0, z1)])
    if win is None:
        return
    hit, t, axis, x, y = _ray_box(cam, win, box)
    shade = np.select([axis == 0, axis == 1], [
        np.where(win.u > 0, light.shade((-1, 0, 0)), light.shade((1, 0, 0))),
        light.shade((0, 1, 0))
    ], light.shade((0, 0, -1)))
    canvas.paint(win, hit, t, colour_fn(axis, x, y, shade[..., None]), CAR)


def _draw_car(canvas: _Canvas, cam: _Camera, light: _Light, car: dict) -> None:
    half, z0, length = car['width'] / 2, car['z'], car['length']
    x, body, sill = car['x'], car['colour'], 0.3
    belt = sill + 0.55 * (car['height'] - sill)
    lamp = np.array([200, 25, 20] if car['away'] else [235, 230, 200],
                    np.float32)
    glass = np.array([45, 55, 70], np.float32)

    def body_rgb(axis, px, py, shade):
        lights = (axis == 2) & (np.abs(px - x) > half - 0.35) & (
            py > belt - 0.25)
        plate = (axis == 2) & (np.abs(px - x) < 0.26) & (py < sill + 0.2)
        rgb = np.where(lights[..., None], lamp, body)
        return np.where(plate[..., None], 220, rgb) * shade

    def cabin_rgb(axis, px, py, shade):
        pane = (axis != 1) & (py < car['height'] - 0.08) & (
            (axis == 0) | (np.abs(px - x) < half - 0.2))
        return np.where(pane[..., None], glass, body) * shade

    def wheel_rgb(axis, px, py, shade):
        return np.full(px.shape + (3, ), 25, np.float32) * shade

    _draw_car_part(canvas, cam, light,
                   (x - half, x + half, sill, belt, z0, z0 + length), body_rgb)
    _draw_car_part(canvas, cam, light,
                   (x - half + 0.12, x + half - 0.12, belt, car['height'],
                    z0 + 0.25 * length, z0 + 0.8 * length), cabin_rgb)
    for wz in (z0 + 0.35, z0 + length - 1.05):
        for wx in (x - half, x + half - 0.25):
            _draw_car_part(canvas, cam, light,
                           (wx, wx + 0.25, 0.0, 0.66, wz, wz + 0.7), wheel_rgb)


def _draw_person(canvas: _Canvas, cam: _Camera, light: _Light,
                 person: dict) -> None:
    x, z, height = person['x'], person['z'], person['height']
    scale = height / 1.75
    win = _box_window(cam, [(x - 0.35 * scale, height, z),
                            (x + 0.35 * scale, 0.0, z)])
    if win is None:
        return
    lx = win.u * z / cam.focal - x
    y = cam.eye - win.v * z / cam.focal
    head_r = 0.12 * scale
    head = lx**2 + (y - height + head_r)**2 < head_r**2
    torso = (np.abs(lx) < 0.2 * scale) & (y > 0.5 * height) & (
        y < 0.83 * height)
    arms = (np.abs(lx) < 0.28 * scale) & (y > 0.46 * height) & (
        y < 0.8 * height)
    legs = (np.abs(np.abs(lx) - 0.09 * scale) < 0.075 * scale) & (y >= 0) & (
        y <= 0.5 * height)
    hair = head & (y > height - 0.08 * scale)
    rgb = np.select(
        [hair[..., None], head[..., None], (torso | arms)[..., None]],
        [person['hair'], person['skin'], person['shirt']], person['trousers'])
    canvas.paint(win, head | torso | arms | legs, z,
                 rgb * light.shade((0, 0, -1)), PERSON)


def _draw_pole(canvas: _Canvas, cam: _Camera, light: _Light,
               pole: dict) -> None:
    x, z, height = pole['x'], pole['z'], pole['height']
    half = max(0.5, 0.5 * cam.focal * pole['width'] / z)
    xc, top = cam.project(x, height, z)
    bottom = cam.project(x, 0.0, z)[1]
    win = _window(cam, xc - half, xc + half, top, bottom)
    colour = pole['colour'] * light.shade((0, 0, -1))
    if win is not None:
        uc, y0, y1 = xc - cam.cx, top - cam.horizon, bottom - cam.horizon
        mask = (np.abs(win.u - uc) < half) & (win.v >= y0) & (win.v <= y1)
        canvas.paint(win, mask, z, colour, POLE)
    if pole['arm']:
        x_end = cam.project(x + pole['arm'], height, z)[0]
        arm = _window(cam, min(xc, x_end), max(xc, x_end), top - 0.5,
                      top + 0.5)
        if arm is not None:
            mask = np.abs(arm.v - (top - cam.horizon)) <= 0.5
            mask = mask & (arm.u >= min(xc, x_end) - cam.cx) & (
                arm.u <= max(xc, x_end) - cam.cx)
            canvas.paint(arm, mask, z, colour, POLE)


def _draw_tree(canvas: _Canvas, cam: _Camera, light: _Light,
               tree: dict) -> None:
    x, z, width = tree['x'], tree['z'], tree['width']
    trunk = _box_window(cam, [(x - width / 2, tree['trunk'], z),
                              (x + width / 2, 0.0, z)])
    if trunk is not None:
        lx = trunk.u * z / cam.focal - x
        y = cam.eye - trunk.v * z / cam.focal
        mask = (np.abs(lx) <= max(width / 2,
                                  0.5 * z / cam.focal)) & (y >= 0) & (
                                      y <= tree['trunk'])
        canvas.paint(trunk, mask, z,
                     np.array([90, 65, 45]) * light.shade((0, 0, -1)),
                     VEGETATION)
    for bx, by, bz, radius in tree['blobs']:
        win = _box_window(cam, [(bx - radius, by + radius, bz),
                                (bx + radius, by - radius, bz)])
        if win is None:
            continue
        uc, vc = cam.project(bx, by, bz)
        r_px = cam.focal * radius / bz
        nx, ny = (win.u + cam.cx - uc) / r_px, (win.v + cam.horizon -
                                                vc) / r_px
        r2 = nx**2 + ny**2
        edge = 1 - 0.12 * (1 + np.sin(7 * np.arctan2(ny, nx) + bx))
        nz = np.sqrt(np.clip(1 - r2, 0, 1))
        lit = light.ambient + (1 - light.ambient) * np.clip(
            nx * light.sun[0] - ny * light.sun[1] - nz * light.sun[2], 0, 1)
        canvas.paint(win, r2 < edge**2, bz - radius * nz,
                     tree['green'] * lit[..., None], VEGETATION)


def _finish_image(canvas: _Canvas, rng: np.random.Generator) -> np.ndarray:
    """Texture noise, lighting gradient, colour jitter and sensor noise."""
    height, width = canvas.label.shape
    grain = rng.standard_normal((height, width)).astype(np.float32)
    blotch = _smooth_noise(rng, height, width, (8, 16))
    texture = 1 + _TEXTURE_NOISE[canvas.label] * (grain + 0.8 * blotch)
    ramp = np.linspace(-1, 1, width, dtype=np.float32)[None]
    lighting = 1 + rng.uniform(-0.15, 0.15) * ramp + 0.06 * _smooth_noise(
        rng, height, width, (2, 3))
    gain = rng.uniform(0.6, 1.3) * rng.uniform(0.92, 1.08, 3)
    rgb = canvas.rgb * (texture * lighting)[..., None] * gain
    rgb = 255 * (np.clip(rgb, 0, 255) / 255)**rng.uniform(0.85, 1.15)
    rgb += rng.normal(0, rng.uniform(1.5, 5.0), rgb.shape)
    return np.clip(np.rint(rgb), 0, 255).astype(np.uint8)


def _finish_depth(canvas: _Canvas, rng: np.random.Generator) -> np.ndarray:
    depth = np.minimum(canvas.depth, MAX_DEPTH_M)
    noise = 1 + _DEPTH_NOISE * rng.standard_normal(depth.shape)
    depth = np.where(canvas.label == SKY, MAX_DEPTH_M,
                     np.minimum(depth * noise, MAX_DEPTH_M))
    return np.rint(depth * DEPTH_SCALE).astype(np.uint16)


def _board_counts(rng: np.random.Generator) -> Tuple[int, int]:
    """Numbers of obstacles and posters; 95 % of scenes get at least one."""
    obstacles, posters = rng.integers(0, 4, size=2)
    if obstacles + posters == 0 and rng.random() < 0.95:
        obstacles, posters = 1 + rng.integers(0, 2, size=2)
    return int(obstacles), int(posters)


def generate_scene(
        rng: np.random.Generator,
        height: int = 128,
        width: int = 256) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Render one random street scene.

    Args:
        rng (np.random.Generator): Source of all randomness; the same
            generator state gives the same scene.
        height (int): Image height in pixels. Defaults to 128.
        width (int): Image width in pixels. Defaults to 256.

    Returns:
        tuple[np.ndarray, np.ndarray, np.ndarray]: The RGB image (uint8,
        H x W x 3), the label map (uint8, H x W, values index ``CLASSES``)
        and the depth map (uint16, H x W, millimetres, see ``DEPTH_SCALE``).
    """
    cam = _sample_camera(rng, height, width)
    light = _sample_light(rng)
    street = _sample_street(rng)
    num_obstacles, num_posters = _board_counts(rng)

    canvas = _Canvas(height, width)
    _draw_sky(canvas, cam, rng)
    _draw_ground(canvas, cam, light, street, rng)
    _draw_walls(canvas, cam, light, street)
    _draw_posters(canvas, cam, light, street,
                  _sample_posters(rng, cam, street, num_posters))
    _draw_obstacles(canvas, cam, light,
                    _sample_obstacles(rng, cam, street, num_obstacles))
    for car in _sample_cars(rng, street):
        _draw_car(canvas, cam, light, car)
    for person in _sample_persons(rng, street):
        _draw_person(canvas, cam, light, person)
    for pole in _sample_poles(rng, cam, street):
        _draw_pole(canvas, cam, light, pole)
    for tree in _sample_trees(rng, street):
        _draw_tree(canvas, cam, light, tree)
    return _finish_image(canvas, rng), canvas.label, _finish_depth(canvas, rng)


def scene_rng(seed: int, split: str, index: int) -> np.random.Generator:
    """Independent generator per image, so generation is order-free."""
    return np.random.default_rng([seed, _SPLIT_IDS[split], index])


def write_image(path: str, array: np.ndarray) -> None:
    """``cv2.imwrite`` (BGR or one channel, format from the suffix) that raises on failure."""
    if not cv2.imwrite(path, array):
        raise IOError(f'Failed to write {path}')


def _read_marker(path: str) -> Optional[dict]:
    """Parameters recorded by a finished generation, if readable."""
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def generate_dataset(out_dir: str,
                     num_train: int = 240,
                     num_val: int = 60,
                     seed: int = 0,
                     height: int = 128,
                     width: int = 256) -> str:
    """Write an mmseg-style folder of generated scenes.

    Layout: ``img_dir/{train,val}/XXXXX.png`` (RGB images),
    ``ann_dir/{train,val}/XXXXX.png`` (uint8 class indices) and
    ``depth_dir/{train,val}/XXXXX.png`` (uint16 depth, millimetres, i.e.
    ``DEPTH_SCALE = 1000`` units per metre). Scene ``i`` of a split depends
    only on ``(seed, split, i)``, so the same arguments give byte-identical
    files. Generation is skipped when ``out_dir/.complete`` records the same
    parameters; otherwise the three split folders are rewritten.

    Args:
        out_dir (str): Dataset root to write.
        num_train (int): Number of training scenes. Defaults to 240.
        num_val (int): Number of validation scenes. Defaults to 60.
        seed (int): Non-negative random seed. Defaults to 0.
        height (int): Image height in pixels. Defaults to 128.
        width (int): Image width in pixels. Defaults to 256.

    Returns:
        str: ``out_dir``.
    """
    params = dict(
        version=GENERATOR_VERSION,
        num_train=num_train,
        num_val=num_val,
        seed=seed,
        height=height,
        width=width)
    marker = osp.join(out_dir, '.complete')
    if _read_marker(marker) == params:
        return out_dir
    if osp.isfile(marker):
        os.remove(marker)
    for split, num in (('train', num_train), ('val', num_val)):
        folders = [
            osp.join(out_dir, sub, split)
            for sub in ('img_dir', 'ann_dir', 'depth_dir')
        ]
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
            os.makedirs(folder)
        for index in range(num):
            image, label, depth = generate_scene(
                scene_rng(seed, split, index), height, width)
            name = f'{index:05d}.png'
            write_image(osp.join(folders[0], name), image[..., ::-1])
            write_image(osp.join(folders[1], name), label)
            write_image(osp.join(folders[2], name), depth)
    with open(marker, 'w') as f:
        json.dump(params, f)
    return out_dir
