# Pixel-wise logit KD at weight 10 (tau 1), the pixel-wise weight of Structured KD (Liu et al.,
# CVPR 2019), on the tiny CNN pair: a protocol-v2 candidate for the benchmark's KD sanity row,
# judged on the tune split (tau 1 and tau 4 at weight 1 pull along the cross-entropy and gain 0).
_base_ = ['../../../../configs/kd/kd_logits_deeplabv3-r18w32-tiny_pspnet-r18w16-tiny_1xb8-300_offline-street-128x256.py']
model = dict(distiller=dict(distill_losses=dict(loss_kd=dict(loss_weight=10.0))))
