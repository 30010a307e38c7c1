"""Peak memory of live tensor storages, counted at the dispatcher (any device)."""
import weakref

import torch
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils._pytree import tree_flatten


class PeakTensorMemory(TorchDispatchMode):
    """Context manager: ``peak`` = most bytes of tensor storages alive at once.

    Counts every storage an operator creates inside the mode until it is freed,
    so it measures CPU code too, where no allocator statistics exist. Tensors
    created before the mode are not counted.
    """

    def __init__(self) -> None:
        super().__init__()
        self.live, self.current, self.peak = set(), 0, 0

    def _free(self, key, nbytes):
        self.live.discard(key)
        self.current -= nbytes

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        for t in tree_flatten(out)[0]:
            if isinstance(t, torch.Tensor):
                storage = t.untyped_storage()
                key = storage.data_ptr()
                if key not in self.live and storage.nbytes():
                    self.live.add(key)
                    self.current += storage.nbytes()
                    self.peak = max(self.peak, self.current)
                    weakref.finalize(storage, self._free, key, storage.nbytes())
        return out
