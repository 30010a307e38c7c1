# Pixel-wise logit KD at temperature 4 and weight 10 on the tiny CNN pair: a protocol-v2
# candidate for the benchmark's KD sanity row (the softened teacher distribution, pulled as hard
# as CWD's term), judged on the tune split.
_base_ = ['./kd-t4_logits_deeplabv3-r18w32-tiny_pspnet-r18w16-tiny_1xb8-300_offline-street-128x256.py']
model = dict(distiller=dict(distill_losses=dict(loss_kd=dict(loss_weight=10.0))))
