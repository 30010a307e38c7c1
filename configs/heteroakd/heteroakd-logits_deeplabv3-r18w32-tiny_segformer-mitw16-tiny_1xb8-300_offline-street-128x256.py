# HeteroAKD, CNN teacher -> Transformer student (tiny pair), with a second HeteroAKD term on the
# final logits: both heads already predict the K classes, so their logits are an aligned logits
# space without projectors. That term takes the per-class-channel divergence (CWD's form, tau 1,
# weight 5 as the CWD baseline, so with KMM and KEM off it is exactly that baseline) with KMM's
# hybrid target and KEM's weights. A development candidate, judged on the benchmark's tune split.
_base_ = [
    './heteroakd_deeplabv3-r18w32-tiny_segformer-mitw16-tiny_1xb8-300_offline-street-128x256.py'
]
distiller = _base_.model.distiller
model = dict(distiller=dict(
    distill_losses=dict(loss_hetero_logits=dict(
        distiller.distill_losses.loss_hetero, divergence='channel', tau=1.0, loss_weight=5.0)),
    loss_forward_mappings=dict(loss_hetero_logits=distiller.loss_forward_mappings.loss_kd)))
custom_hooks = [dict(_base_.custom_hooks[0],
                     loss_names=['loss_hetero', 'loss_kd', 'loss_hetero_logits'])]
