# Stock pixel-wise logit KD to a PSPNet-R18w24 (the data-bound student of candidate
# offline-street-v2-labels20; screened first on -labels30).
_base_ = [
    '../cwd/cwd_logits_deeplabv3-r18w32-tiny_pspnet-r18w24-tiny_1xb8-300_offline-street-128x256.py',
    '../../../../configs/_base_/distillers/logit_baselines.py'
]
model = dict(distiller=_base_.kd_distiller)
