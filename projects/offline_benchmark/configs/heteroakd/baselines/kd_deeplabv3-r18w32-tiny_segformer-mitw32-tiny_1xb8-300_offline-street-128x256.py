# Baseline for HeteroAKD on the data-bound MiT-w32 student: plain pixel-wise logit KD (tau 1,
# weight 1), same pair and schedule, no warm-up.
_base_ = [
    '../heteroakd_deeplabv3-r18w32-tiny_segformer-mitw32-tiny_1xb8-300_offline-street-128x256.py',
    '../../../../../configs/_base_/distillers/logit_baselines.py'
]
model = dict(distiller=_base_.kd_distiller)
custom_hooks = []
