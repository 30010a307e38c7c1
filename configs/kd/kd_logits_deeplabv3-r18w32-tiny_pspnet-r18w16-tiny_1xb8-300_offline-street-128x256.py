# Stock pixel-wise logit KD (Hinton et al.; tau 1, weight 1, the teacher's logits resized to the
# student's grid, ignore_index masked) on the tiny CNN pair: the offline benchmark's sanity row.
_base_ = [
    '../cwd/cwd_logits_deeplabv3-r18w32-tiny_pspnet-r18w16-tiny_1xb8-300_offline-street-128x256.py',
    '../_base_/distillers/logit_baselines.py'
]
model = dict(distiller=_base_.kd_distiller)
