# Stock pixel-wise logit KD to a PSPNet-R18 of the teacher's width (the data-bound student).
_base_ = [
    '../cwd/cwd_logits_deeplabv3-r18w32-tiny_pspnet-r18w32-tiny_1xb8-300_offline-street-128x256.py',
    '../../../../configs/_base_/distillers/logit_baselines.py'
]
model = dict(distiller=_base_.kd_distiller)
