# Pixel-wise logit KD at temperature 4 (tau^2 keeps the gradient scale; weight 1) on the tiny
# CNN pair: the protocol-v2 candidate for the benchmark's KD sanity row, chosen on the tune split.
_base_ = ['../../../../configs/kd/kd_logits_deeplabv3-r18w32-tiny_pspnet-r18w16-tiny_1xb8-300_offline-street-128x256.py']
model = dict(distiller=dict(distill_losses=dict(loss_kd=dict(tau=4.0))))
