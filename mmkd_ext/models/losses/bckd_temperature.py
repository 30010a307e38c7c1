"""BCKD adaptive temperature: tau starts at 1, grows by 1.05 while the teacher is too peaked."""
import torch
from mmengine.dist import all_reduce
from torch import nn


class BCKDTemperature(nn.Module):
    """The temperature rule of BCKD (Sec. IV-B/C, "tau starts at 1 and is
    multiplied by 1.05 whenever the value range exceeds 0.5").

    The "value range" is ``max - min`` of the teacher's temperature-scaled
    softmax input ``z_T / tau`` over the whole minibatch (max over ranks when
    distributed). :meth:`step` is called once per training forward, after the
    loss has used the current tau, so the first iteration uses ``tau = init``.
    tau never decreases. It is a registered buffer, so it is written to the
    checkpoint with the loss and ``resume`` restores it.

    Args:
        init (float): Initial temperature. Defaults to 1.0.
        growth (float): Factor applied when the range is exceeded; 1.0
            disables the rule (fixed temperature). Defaults to 1.05.
        max_range (float): Range threshold. Defaults to 0.5.
    """

    def __init__(self, init: float = 1.0, growth: float = 1.05,
                 max_range: float = 0.5) -> None:
        super().__init__()
        if init <= 0 or growth < 1 or max_range <= 0:
            raise ValueError('distill_losses: BCKD tau_init must be > 0, tau_growth >= 1 '
                             f'and tau_max_range > 0; got {init}, {growth}, {max_range}.')
        self.growth = growth
        self.max_range = max_range
        self.register_buffer('tau', torch.tensor(float(init), dtype=torch.float64))

    @property
    def value(self) -> float:
        """The current temperature as a Python float."""
        return float(self.tau)

    @torch.no_grad()
    def step(self, logits_T: torch.Tensor) -> None:
        """Grow tau once if ``range(logits_T / tau)`` exceeds ``max_range``.

        Shapes:
            logits_T: any shape; the range is taken over all elements.
        """
        scaled = logits_T.detach().double() / self.tau
        value_range = (scaled.max() - scaled.min()).reshape(1)
        all_reduce(value_range, op='max')
        if float(value_range) > self.max_range:
            self.tau.mul_(self.growth)
