"""Recorder of a module's positional inputs together with its outputs."""
from typing import Any, Tuple

from mmrazor.models.task_modules import ModuleOutputsRecorder
from torch import nn

from ...registry import TASK_UTILS


@TASK_UTILS.register_module()
class ModuleInputsOutputsRecorder(ModuleOutputsRecorder):
    """Record ``(inputs, outputs)`` of a module in one record.

    A connector gets one record. TransKD's Embedding Assistant needs both what
    enters a patch embedding (the image, or the previous stage's map) and what
    leaves it (the student's tokens), so both are kept together.
    Config: ``dict(type='ModuleInputsOutputs', source='backbone.layers.1.0')``.

    Shapes (MiT / PVTv2 patch embedding of stage ``i``):
        record: ``((x,), (tokens, (H, W)))`` with ``x`` (B, C_in, H_in, W_in)
        and ``tokens`` (B, H*W, C).
    """

    def forward_hook(self, module: nn.Module, inputs: Tuple,
                     outputs: Any) -> None:
        """Append ``(inputs, outputs)`` while recording."""
        if self.recording:
            self.data_buffer.append((inputs, outputs))
