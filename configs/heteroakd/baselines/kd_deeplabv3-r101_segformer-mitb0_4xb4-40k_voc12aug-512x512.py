# Baseline for HeteroAKD: pixel-wise logit KD, same pair and schedule, no warm-up.
_base_ = [
    '../heteroakd_deeplabv3-r101_segformer-mitb0_4xb4-40k_voc12aug-512x512.py',
    '../../_base_/distillers/logit_baselines.py'
]
model = dict(distiller=_base_.kd_distiller)
custom_hooks = []
