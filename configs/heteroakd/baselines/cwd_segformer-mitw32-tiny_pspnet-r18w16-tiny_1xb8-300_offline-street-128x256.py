# Baseline for HeteroAKD: channel-wise distillation on the logits (tau 1, weight 5), same pair and
# schedule, no warm-up.
_base_ = [
    '../heteroakd_segformer-mitw32-tiny_pspnet-r18w16-tiny_1xb8-300_offline-street-128x256.py',
    '../../_base_/distillers/logit_baselines.py'
]
model = dict(distiller=_base_.cwd_distiller)
custom_hooks = []
