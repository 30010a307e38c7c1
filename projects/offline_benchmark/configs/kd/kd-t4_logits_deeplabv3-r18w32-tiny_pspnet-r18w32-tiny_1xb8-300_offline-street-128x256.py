# Pixel-wise logit KD at temperature 4 (weight 1) to the PSPNet-R18 of the teacher's width
# (the data-bound student of the protocol candidates), chosen on the tune split.
_base_ = ['./kd_logits_deeplabv3-r18w32-tiny_pspnet-r18w32-tiny_1xb8-300_offline-street-128x256.py']
model = dict(distiller=dict(distill_losses=dict(loss_kd=dict(tau=4.0))))
