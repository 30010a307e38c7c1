"""BCKD adaptive temperature: tau starts at 1, grows by 1.05 while a bounded quantity is too spread."""
import torch
from mmengine.dist import all_reduce
from mmengine.logging import MessageHub
from torch import nn


class BCKDTemperature(nn.Module):
    """The temperature rule of BCKD (Sec. V-A, "tau is initialized to 1 and is
    multiplied by a scaling factor of 1.05 whenever the range of values
    (across all feature items in a given minibatch) exceeds 0.5").

    The loss that owns the rule passes the teacher-side quantity the range is
    taken of, already at the current tau (BCKD: the boundary map ``T^B / tau``,
    in [0, 1 / tau]; the relation probabilities ``softmax(R^T / tau)``, in
    [0, 1]). A 0.5 threshold only fits such bounded values: on unbounded
    logits the range stays above it and tau grows every step. :meth:`step` is
    called once per training forward, after the loss has used the current
    tau, so the first iteration uses ``tau = init``; tau never decreases and
    never exceeds ``max_tau``. It is a registered buffer, so it is written to
    the checkpoint with the loss and ``resume`` restores it; its value is
    logged as ``train/<log_name>``.

    Args:
        init (float): Initial temperature. Defaults to 1.0.
        growth (float): Factor applied when the range is exceeded; 1.0
            disables the rule (fixed temperature). Defaults to 1.05.
        max_range (float): Range threshold. Defaults to 0.5.
        max_tau (float): Cap on tau. Defaults to 10.0.
        log_name (str, optional): Scalar name of tau in the training log;
            None logs nothing. Defaults to None.
    """

    def __init__(self, init: float = 1.0, growth: float = 1.05, max_range: float = 0.5,
                 max_tau: float = 10.0, log_name: str = None) -> None:
        super().__init__()
        if init <= 0 or growth < 1 or max_range <= 0 or max_tau < init:
            raise ValueError('distill_losses: BCKD tau_init must be > 0, tau_growth >= 1, '
                             'tau_max_range > 0 and tau_max >= tau_init; got '
                             f'{init}, {growth}, {max_range}, {max_tau}.')
        self.growth = growth
        self.max_range = max_range
        self.max_tau = max_tau
        self.log_name = log_name
        self.register_buffer('tau', torch.tensor(float(init), dtype=torch.float64))

    @property
    def value(self) -> float:
        """The current temperature as a Python float."""
        return float(self.tau)

    @torch.no_grad()
    def step(self, values: torch.Tensor) -> None:
        """Grow tau once (up to ``max_tau``) if ``max - min`` of ``values`` exceeds
        ``max_range`` (max over ranks when distributed).

        Shapes:
            values: any shape; the range is taken over all elements.
        """
        values = values.detach().double()
        value_range = (values.max() - values.min()).reshape(1)
        all_reduce(value_range, op='max')
        if float(value_range) > self.max_range:
            self.tau.copy_(torch.clamp(self.tau * self.growth, max=self.max_tau))
        if self.log_name:
            MessageHub.get_current_instance().update_scalar(f'train/{self.log_name}',
                                                            self.value)
