# Ablation of heteroakd-logits_* (HeteroAKD's term also on the final logits, per class channel):
# KMM on, KEM off (weight 1 on every valid pixel) in that logits term. A development screen, judged
# on the benchmark's tune split.
_base_ = [
    './heteroakd-logits_segformer-mitw32-tiny_pspnet-r18w16-tiny_1xb8-300_offline-street-128x256.py'
]
model = dict(distiller=dict(distill_losses=dict(loss_hetero_logits=dict(kem_norm='none'))))
