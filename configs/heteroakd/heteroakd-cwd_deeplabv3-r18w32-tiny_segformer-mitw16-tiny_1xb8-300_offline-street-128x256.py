# HeteroAKD, CNN teacher -> Transformer student (tiny pair), plus the CWD baseline's term on the
# final logits (tau 1, weight 5): the control for heteroakd-logits_*, which adds KMM and KEM to
# that term. A development candidate, judged on the benchmark's tune split.
_base_ = [
    './heteroakd_deeplabv3-r18w32-tiny_segformer-mitw16-tiny_1xb8-300_offline-street-128x256.py',
    '../_base_/distillers/logit_baselines.py'
]
model = dict(distiller=dict(
    distill_losses=dict(loss_cwd=_base_.cwd_distiller.distill_losses.loss_cwd),
    loss_forward_mappings=dict(loss_cwd=_base_.cwd_distiller.loss_forward_mappings.loss_cwd)))
custom_hooks = [dict(_base_.custom_hooks[0], loss_names=['loss_hetero', 'loss_kd', 'loss_cwd'])]
