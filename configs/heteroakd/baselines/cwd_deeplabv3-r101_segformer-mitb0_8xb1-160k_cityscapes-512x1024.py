# Baseline for HeteroAKD: channel-wise distillation on the logits, same pair and schedule, no
# warm-up.
_base_ = [
    '../heteroakd_deeplabv3-r101_segformer-mitb0_8xb1-160k_cityscapes-512x1024.py',
    '../../_base_/distillers/logit_baselines.py'
]
model = dict(distiller=_base_.cwd_distiller)
custom_hooks = []
