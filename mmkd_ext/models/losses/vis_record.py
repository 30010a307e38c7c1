"""Opt-in recording of a loss's own maps for ``DistillVisualizationHook``."""
from typing import Dict, Union

import torch

VisRecord = Union[torch.Tensor, float]


class VisRecordMixin:
    """Lets a distillation loss hand what it computes to the visualization hook.

    :class:`~mmkd_ext.engine.DistillVisualizationHook` sets
    ``vis_requested = True`` (and ``vis_samples``) before an iteration it
    draws, and takes the records with :meth:`pop_vis` after it. A loss calls
    :meth:`record_vis` under ``if self.vis_requested:``, so other iterations
    pay nothing and the loss value never depends on the recording.

    Items by shape (the hook draws them accordingly):

    - ``(B, H, W)``: one map per sample, drawn as a colour-mapped panel;
    - ``(B, K)``: one vector per sample (e.g. per class), drawn as bars;
    - 0-dim: one value for the batch (e.g. a stage's CKA), drawn with the
      values of the other losses in one bar chart and written as a scalar.

    Attributes:
        vis_requested (bool): Record on the next forward. Defaults to False.
        vis_samples (int): Leading samples kept of per-sample items.
            Defaults to 1.
        vis_maps (dict[str, Tensor | float]): The records of the last forward
            that recorded: detached float32 CPU tensors, floats for 0-dim.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.vis_requested = False
        self.vis_samples = 1
        self.vis_maps: Dict[str, VisRecord] = {}

    def record_vis(self, items: Dict[str, torch.Tensor]) -> None:
        """Keep detached CPU copies of ``items`` (first ``vis_samples`` samples).

        Args:
            items (dict[str, Tensor]): Name to a ``(B, H, W)``, ``(B, K)`` or
                0-dim tensor.
        """
        for name, value in items.items():
            value = value.detach().float()
            self.vis_maps[name] = (float(value) if value.dim() == 0 else
                                   value[:self.vis_samples].cpu())

    def pop_vis(self) -> Dict[str, VisRecord]:
        """Return the records and forget them.

        Returns:
            dict[str, Tensor | float]: What :meth:`record_vis` kept.
        """
        records, self.vis_maps = self.vis_maps, {}
        return records
