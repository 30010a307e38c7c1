"""Side-by-side images of the distillation losses' own maps, every N iterations."""
import logging
import math
from typing import Dict, List, Optional, Sequence

import cv2
import numpy as np
import torch
from mmengine.dist import is_main_process
from mmengine.hooks import Hook
from mmengine.logging import print_log
from mmengine.model import is_model_wrapper
from mmengine.visualization.utils import convert_overlay_heatmap

from mmkd_ext.models.losses.vis_record import VisRecordMixin

from ...registry import HOOKS

DATA_BATCH = Optional[dict]
PANEL_HEIGHT = 128  # small maps are scaled up (nearest, integer factor) to at least this
STRIP = 16  # height of the title strip above a panel
BAR_ROW, BAR_WIDTH = 14, 120  # one bar: row height, length of the longest bar
GAP = 4
FONT, FONT_SCALE = cv2.FONT_HERSHEY_SIMPLEX, 0.4
BLACK, BAR_RGB = (0, 0, 0), (70, 110, 180)


@HOOKS.register_module()
class DistillVisualizationHook(Hook):
    """Draw what the distillation losses compute to the runner's visualizer.

    Before every ``interval``-th training iteration the hook asks each loss
    of ``model.distiller.distill_losses`` that supports it
    (:class:`~mmkd_ext.models.losses.vis_record.VisRecordMixin`) to record
    its maps; after the iteration it draws them with
    ``runner.visualizer.add_image`` (every visualizer backend: local files
    under ``<work_dir>/<timestamp>/vis_data/vis_image/``, TensorBoard, ...)
    at ``step = runner.iter + 1``:

    - ``distill.<loss name>``: one row per drawn sample; each ``(H, W)``
      record is a colour-mapped panel (JET, min-max normalised per map, the
      range in its title), each per-class vector a bar chart (labelled with
      the dataset's class names when it has one entry per class);
    - ``distill.values``: the 0-dim records of all losses (per-stage CKA,
      per-stage HCL, ...) in one bar chart, also written with
      ``add_scalars`` as ``distill_vis/<loss name>.<record>``.

    Only the drawn iterations record anything, and only on the main process.
    Enable it with one config line::

        default_hooks = dict(distill_vis=dict(type='mmrazor.DistillVisualizationHook'))

    Args:
        interval (int): Draw every this many training iterations.
            Defaults to 50.
        max_images (int): Samples of the batch drawn (rows of each image).
            Defaults to 1.
    """

    def __init__(self, interval: int = 50, max_images: int = 1) -> None:
        if interval < 1 or max_images < 1:
            raise ValueError('DistillVisualizationHook: interval and max_images must be '
                             f'>= 1, got {interval} and {max_images}.')
        self.interval = interval
        self.max_images = max_images
        self.losses: Dict[str, VisRecordMixin] = {}
        self.classes: Sequence[str] = ()

    def before_train(self, runner) -> None:
        """Find the losses that can record and the dataset's class names."""
        model = runner.model.module if is_model_wrapper(runner.model) else runner.model
        if not hasattr(model, 'distiller'):
            raise TypeError('DistillVisualizationHook needs a distillation algorithm as '
                            f'model, got {type(model).__name__}.')
        self.losses = {name: loss for name, loss in model.distiller.distill_losses.items()
                       if isinstance(loss, VisRecordMixin)}
        if not self.losses:
            print_log('DistillVisualizationHook: no loss of model.distiller.distill_losses '
                      'records maps; nothing will be drawn.', logger='current',
                      level=logging.WARNING)
        metainfo = getattr(runner.train_dataloader.dataset, 'metainfo', None) or {}
        self.classes = tuple(metainfo.get('classes') or ())

    def _due(self, runner) -> bool:
        return is_main_process() and self.every_n_train_iters(runner, self.interval)

    def before_train_iter(self, runner, batch_idx: int,
                          data_batch: DATA_BATCH = None) -> None:
        """Ask the losses to record during a drawn iteration."""
        if self._due(runner):
            for loss in self.losses.values():
                loss.vis_requested = True
                loss.vis_samples = self.max_images

    def after_train_iter(self, runner, batch_idx: int, data_batch: DATA_BATCH = None,
                         outputs: Optional[dict] = None) -> None:
        """Stop recording and draw what was recorded."""
        if not self._due(runner):
            return
        step = runner.iter + 1
        values = {}
        for name, loss in self.losses.items():
            loss.vis_requested = False
            records = loss.pop_vis()
            per_sample = {k: v for k, v in records.items() if isinstance(v, torch.Tensor)}
            values.update({f'{name}.{k}': v for k, v in records.items()
                           if not isinstance(v, torch.Tensor)})
            if per_sample:
                runner.visualizer.add_image(f'distill.{name}', self._figure(per_sample),
                                            step=step)
        if values:
            runner.visualizer.add_scalars(
                {f'distill_vis/{k.replace(" ", "_")}': v for k, v in values.items()},
                step=step)
            runner.visualizer.add_image(
                'distill.values', bar_panel('distill values', list(values),
                                            list(values.values())), step=step)

    def _figure(self, records: Dict[str, torch.Tensor]) -> np.ndarray:
        """One row per sample, one panel per record."""
        rows = []
        for i in range(min(len(v) for v in records.values())):
            panels = []
            for name, value in records.items():
                value = value[i].numpy()
                if value.ndim == 2:
                    panels.append(map_panel(name, value))
                else:
                    labels = (self.classes if len(value) == len(self.classes) else
                              [str(c) for c in range(len(value))])
                    panels.append(bar_panel(name, labels, value.tolist()))
            rows.append(stack(panels, axis=1))
        return stack(rows, axis=0)


def titled(panel: np.ndarray, title: str) -> np.ndarray:
    """Put ``title`` in a white strip above ``panel`` (widened to fit it).

    Args:
        panel (np.ndarray): RGB uint8 image (H, W, 3).
        title (str): One line of text.

    Returns:
        np.ndarray: RGB uint8 image (STRIP + H, max(W, text width), 3).
    """
    (text_w, _), _ = cv2.getTextSize(title, FONT, FONT_SCALE, 1)
    out = np.full((panel.shape[0] + STRIP, max(panel.shape[1], text_w + GAP), 3), 255,
                  np.uint8)
    out[STRIP:, :panel.shape[1]] = panel
    cv2.putText(out, title, (2, STRIP - 4), FONT, FONT_SCALE, BLACK, 1, cv2.LINE_AA)
    return out


def map_panel(name: str, value: np.ndarray) -> np.ndarray:
    """A 2-D map as a JET heat map, min-max normalised, titled with its range.

    NaN is drawn as 0 (the title's range still shows it).

    Args:
        name (str): Title.
        value (np.ndarray): Map (H, W), float.

    Returns:
        np.ndarray: RGB uint8 image.
    """
    heat = convert_overlay_heatmap(np.nan_to_num(value).astype(np.float32))
    scale = max(1, math.ceil(PANEL_HEIGHT / value.shape[0]))
    heat = cv2.resize(heat, (value.shape[1] * scale, value.shape[0] * scale),
                      interpolation=cv2.INTER_NEAREST)
    return titled(heat, f'{name} [{value.min():.3g}, {value.max():.3g}]')


def bar_panel(name: str, labels: Sequence[str], values: Sequence[float]) -> np.ndarray:
    """Horizontal bars, one row per value: label, bar from 0, value.

    Args:
        name (str): Title.
        labels (Sequence[str]): One label per value.
        values (Sequence[float]): The values (any sign).

    Returns:
        np.ndarray: RGB uint8 image.
    """
    label_w = max(cv2.getTextSize(str(t), FONT, FONT_SCALE, 1)[0][0] for t in labels) + GAP
    finite = [v for v in values if math.isfinite(v)]
    low, high = min([0.0, *finite]), max([0.0, *finite])
    span = (high - low) or 1.0
    zero = label_w + round(-low / span * BAR_WIDTH)
    out = np.full((len(values) * BAR_ROW + GAP, label_w + BAR_WIDTH + 60, 3), 255, np.uint8)
    for row, (label, value) in enumerate(zip(labels, values)):
        top = row * BAR_ROW + GAP
        if math.isfinite(value):  # a NaN/inf value gets its number but no bar
            end = label_w + round((value - low) / span * BAR_WIDTH)
            cv2.rectangle(out, (min(zero, end), top), (max(zero, end), top + BAR_ROW - 4),
                          BAR_RGB, -1)
        baseline = top + BAR_ROW - 5
        cv2.putText(out, str(label), (2, baseline), FONT, FONT_SCALE, BLACK, 1, cv2.LINE_AA)
        cv2.putText(out, f'{value:.4g}', (label_w + BAR_WIDTH + GAP, baseline), FONT,
                    FONT_SCALE, BLACK, 1, cv2.LINE_AA)
    return titled(out, name)


def stack(images: List[np.ndarray], axis: int) -> np.ndarray:
    """Concatenate RGB images side by side (``axis=1``) or top to bottom (0).

    Smaller images are padded with white at the bottom or right, and a
    white gap separates neighbours.

    Args:
        images (list[np.ndarray]): RGB uint8 images.
        axis (int): 1 for a row, 0 for a column.

    Returns:
        np.ndarray: RGB uint8 image.
    """
    other = 1 - axis
    size = max(img.shape[other] for img in images)
    parts = []
    for img in images:
        pad = [(0, 0), (0, 0), (0, 0)]
        pad[other] = (0, size - img.shape[other])
        pad[axis] = (0, GAP)
        parts.append(np.pad(img, pad, constant_values=255))
    return np.concatenate(parts, axis=axis)
