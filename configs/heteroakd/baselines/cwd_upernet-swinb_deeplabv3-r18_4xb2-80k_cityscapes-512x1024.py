# Baseline for HeteroAKD: channel-wise distillation on the logits, same pair and schedule, no
# warm-up.
_base_ = [
    '../heteroakd_upernet-swinb_deeplabv3-r18_4xb2-80k_cityscapes-512x1024.py',
    '../../_base_/distillers/logit_baselines.py'
]
model = dict(distiller=_base_.cwd_distiller)
custom_hooks = []
